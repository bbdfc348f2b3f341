// Step 5 of Decide(): document by document, may it go?  Scope first, then the HIPAA rules of the
// route (access exclusions, authorization coverage, psychotherapy notes, minors, law
// enforcement, family involvement, minimum necessary), then Part 2, then the state categories.
#include "policy/decide_context.h"

namespace roi::policy {
namespace {

// Per-case facts the document loop needs, computed once.
struct Plan {
  const Scope* scope = nullptr;
  Rule scope_rule = Rule::kRequestScope;
  bool mn_filter = false;
  KindSet mn_kinds;
  std::vector<const CategoryRule*> categories;
  bool copy_of_consent = false;
};

bool InScope(const Scope& s, const Document& doc) {
  bool window = s.from || s.to;
  if (!s.all_records && s.kinds.Empty() && !window && s.encounters.empty()) return false;
  if (!s.all_records && !s.kinds.Empty() && !s.kinds.Has(doc.kind)) return false;
  if (window) {
    if (!doc.service_date) return false;
    if (s.from && *doc.service_date < *s.from) return false;
    if (s.to && *doc.service_date > *s.to) return false;
  }
  if (!s.encounters.empty()) {
    if (!doc.encounter) return false;
    bool found = false;
    for (const std::string& e : s.encounters) found = found || e == *doc.encounter;
    if (!found) return false;
  }
  return true;
}

// An authorization naming specific categories covers only documents in them.
bool Covered(CoverSet covers, const Document& doc) {
  if (covers.Empty() || covers.Has(Cover::kAllRecords)) return true;
  if (doc.kind == DocKind::kPsychotherapyNote && covers.Has(Cover::kPsychotherapyNotes))
    return true;
  if (doc.kind == DocKind::kSudCounselingNote && covers.Has(Cover::kSudCounselingNotes))
    return true;
  if ((doc.labels.Has(Label::kSud) || doc.part2 != Part2::kNone) &&
      covers.Has(Cover::kSudRecords)) {
    return true;
  }
  return (doc.labels.Has(Label::kHiv) && covers.Has(Cover::kHiv)) ||
         (doc.labels.Has(Label::kMentalHealth) && covers.Has(Cover::kMentalHealth)) ||
         (doc.labels.Has(Label::kReproductive) && covers.Has(Cover::kReproductive)) ||
         (doc.labels.Has(Label::kGenetic) && covers.Has(Cover::kGenetic));
}

void Withhold(Context& ctx, std::vector<Code>& reasons, Code code, Rule rule) {
  Context::AddOnce(reasons, code);
  ctx.Fire(rule);
}

// Care the minor consented to is not the parent's to see (164.502(g)(3)); state law that
// prohibits parental access controls, otherwise a licensed professional may decide.
void CheckMinor(Context& ctx, const Document& doc, std::vector<Code>& reasons) {
  if (!ctx.parent_of_minor || !doc.minor_consented) return;
  Withhold(ctx, reasons, Code::kMinorConsentedCare, Rule::kMinorConsentedCare);
  if (ctx.state != nullptr && ctx.state->minors_prohibit_parent) {
    ctx.Fire(*ctx.state->minors_prohibit_parent);
  } else {
    ctx.Fire(Rule::kMinorProfessionalDiscretion);
    ctx.Notice(Code::kNotifyProvider);
  }
}

// Access and directives: the exclusions and denial grounds of 164.524(a).
void CheckIndividual(Context& ctx, const Document& doc, std::vector<Code>& reasons) {
  const FederalPack& fed = ctx.fed;
  if (doc.kind == DocKind::kPsychotherapyNote) {
    Withhold(ctx, reasons, Code::kPsychotherapyNotes, Rule::kAccessExcludesPsychotherapyNotes);
  } else if (doc.kind == DocKind::kLitigationMaterial) {
    Withhold(ctx, reasons, Code::kLitigationMaterial, Rule::kAccessExcludesLitigation);
  } else if (doc.kind == DocKind::kSudCounselingNote &&
             fed.sud_counseling_notes_excluded_from_access) {
    Withhold(ctx, reasons, Code::kSudCounselingNotes, Rule::kAccessExcludesSudCounselingNotes);
  } else if (doc.kind == DocKind::kLabResult && ctx.c.as_of < fed.clia_exclusion_removed_on) {
    Withhold(ctx, reasons, Code::kCliaLabExclusion, Rule::kAccessCliaLabExclusion);
  }
  if (doc.harm_determination) {
    Withhold(ctx, reasons, Code::kHarmDetermination, Rule::kAccessDenialReviewable);
  }
  if (ctx.basis == Basis::kDirective && !doc.electronic) {
    Withhold(ctx, reasons, Code::kDirectiveEhrOnly, Rule::kDirectiveEhrOnly);
  }
  CheckMinor(ctx, doc, reasons);
}

void CheckAuthorized(Context& ctx, const Document& doc, std::vector<Code>& reasons) {
  const Authorization& a = *ctx.c.authorization;
  if (doc.kind == DocKind::kPsychotherapyNote && !a.covers.Has(Cover::kPsychotherapyNotes)) {
    Withhold(ctx, reasons, Code::kPsychotherapyNotes, Rule::kPsychotherapySeparateAuthorization);
  }
  if (doc.kind == DocKind::kSudCounselingNote && !a.covers.Has(Cover::kSudCounselingNotes)) {
    Withhold(ctx, reasons, Code::kSudCounselingNotes, Rule::kSudCounselingNotesSeparateConsent);
  }
  if (!Covered(a.covers, doc)) {
    Withhold(ctx, reasons, Code::kAuthorizationDoesNotCover, Rule::kAuthScope);
  }
  // A minor signs only for the care the minor consented to; the parent signs for the rest.
  bool minor_signed = a.signer != Signer::kPersonalRepresentative;
  if (ctx.minor && minor_signed && !doc.minor_consented) {
    Withhold(ctx, reasons, Code::kAuthorizationDoesNotCover, Rule::kMinorConsentedCare);
  }
  CheckMinor(ctx, doc, reasons);
}

// Routes without the individual's authorization: psychotherapy and SUD counseling notes need
// one, unless an order expressly names them (required by law, 164.508(a)(2)(ii)).
void CheckWithoutAuthorization(Context& ctx, const Document& doc, std::vector<Code>& reasons) {
  bool ordered = (ctx.basis == Basis::kCourtOrder || ctx.basis == Basis::kGrandJurySubpoena) &&
                 ctx.c.legal && ctx.c.legal->scope.kinds.Has(doc.kind);
  if (doc.kind == DocKind::kPsychotherapyNote) {
    if (ordered) {
      ctx.Fire(Rule::kPsychotherapyRequiredByLaw);
    } else {
      Withhold(ctx, reasons, Code::kPsychotherapyNotes, Rule::kPsychotherapySeparateAuthorization);
    }
  }
  if (doc.kind == DocKind::kSudCounselingNote && !(ordered && ctx.c.legal->part2_court_order)) {
    Withhold(ctx, reasons, Code::kSudCounselingNotes, Rule::kSudCounselingNotesSeparateConsent);
  }
}

void CheckRouteLimits(Context& ctx, const Plan& plan, const Document& doc,
                      std::vector<Code>& reasons) {
  if (ctx.basis == Basis::kLawEnforcementInformal) {
    if (ctx.fed.law_enforcement_excluded_kinds.Has(doc.kind)) {
      Withhold(ctx, reasons, Code::kLawEnforcementExcludedData, Rule::kLawEnforcementExcludedData);
    } else if (!ctx.fed.law_enforcement_permitted_kinds.Has(doc.kind)) {
      Withhold(ctx, reasons, Code::kMinimumNecessary, Rule::kLawEnforcementIdentification);
    }
  }
  if (ctx.basis == Basis::kFamilyInvolvement && !doc.relevant_to_involvement) {
    Withhold(ctx, reasons, Code::kNotRelevantToInvolvement, Rule::kFamilyInvolvement);
  }
  if (plan.mn_filter && !plan.mn_kinds.Has(doc.kind)) {
    Withhold(ctx, reasons, Code::kMinimumNecessary, Rule::kMinimumNecessaryWholeRecord);
  }
}

void CheckHipaa(Context& ctx, const Plan& plan, const Document& doc, std::vector<Code>& reasons) {
  if (ctx.basis == Basis::kAccess || ctx.basis == Basis::kDirective) {
    CheckIndividual(ctx, doc, reasons);
  } else if (ctx.basis == Basis::kAuthorization) {
    if (ctx.c.authorization) CheckAuthorized(ctx, doc, reasons);  // Else AUTH_MISSING pends.
  } else {
    CheckWithoutAuthorization(ctx, doc, reasons);
    CheckRouteLimits(ctx, plan, doc, reasons);
  }
}

// 164.514(d)(5): no whole record unless justified; reasonable reliance on a covered entity's
// or a public official's request (164.514(d)(3)(iii)).
void PlanMinimumNecessary(Context& ctx, Plan& plan) {
  if (!ctx.hipaa || !MinimumNecessaryApplies(ctx.basis) || !plan.scope->all_records) return;
  if (ctx.basis == Basis::kLawEnforcementInformal) return;  // (f)(2) lists its own data.
  static constexpr RoleSet kOfficials = {Role::kLawEnforcement, Role::kPublicHealthAuthority,
                                         Role::kGovernmentAgency, Role::kCourt};
  if (ctx.c.requester.covered_entity || kOfficials.Has(ctx.c.requester.role)) {
    ctx.Fire(Rule::kMinimumNecessaryReliance);
    return;
  }
  const std::optional<KindSet>& kinds =
      ctx.fed.whole_record_kinds[static_cast<std::size_t>(ctx.c.purpose)];
  plan.mn_filter = true;
  plan.mn_kinds = kinds ? *kinds : ctx.fed.whole_record_default_kinds;
}

Plan MakePlan(Context& ctx) {
  static const Scope kEmpty{};
  Plan plan;
  plan.scope = &ctx.c.request.scope;
  if (IsLegalProcess(ctx.basis)) {
    plan.scope = ctx.c.legal ? &ctx.c.legal->scope : &kEmpty;
    plan.scope_rule = ctx.basis == Basis::kCourtOrder ? Rule::kCourtOrder : Rule::kRequestScope;
  } else if (ctx.basis == Basis::kAuthorization) {
    plan.scope_rule = Rule::kAuthScope;
  }
  PlanMinimumNecessary(ctx, plan);
  plan.categories = ApplicableCategories(ctx);
  plan.copy_of_consent = ctx.c.as_of >= ctx.fed.part2_copy_of_consent_from;
  return plan;
}

void AttachPart2Notices(Context& ctx, const Plan& plan) {
  ctx.Fire(Rule::kPart2RedisclosureNotice);
  ctx.Notice(Code::kPart2Redisclosure);
  if (!plan.copy_of_consent) return;
  ctx.Fire(Rule::kPart2CopyOfConsent);
  ctx.Notice(Code::kCopyOfConsent);
}

void DecideOne(Context& ctx, const Plan& plan, const Document& doc, DocumentDecision& out) {
  std::vector<Code>& reasons = out.reasons;
  if (ctx.basis == Basis::kAccounting) {
    reasons.push_back(Code::kOutOfScope);  // An accounting reports disclosures, not records.
    return;
  }
  if (!InScope(*plan.scope, doc)) Withhold(ctx, reasons, Code::kOutOfScope, plan.scope_rule);
  bool in_scope = reasons.empty();
  if (ctx.hipaa) CheckHipaa(ctx, plan, doc, reasons);
  bool consented_part2 = CheckPart2(ctx, doc, reasons);
  std::vector<Code> notices;
  if (in_scope && !plan.categories.empty() && doc.labels.Intersects(ctx.state->category_labels)) {
    notices = CheckCategories(ctx, plan.categories, doc, reasons);
  }
  if (!reasons.empty()) return;
  if (consented_part2) AttachPart2Notices(ctx, plan);
  for (Code notice : notices) ctx.Notice(notice);
}

}  // namespace

void DecideDocuments(Context& ctx) {
  const std::vector<Document>& docs = ctx.c.documents;
  ctx.d.documents.resize(docs.size());
  ctx.releasable.assign(docs.size(), false);
  if (ctx.denial) {
    for (std::size_t i = 0; i < docs.size(); ++i) {
      ctx.d.documents[i] = DocumentDecision{docs[i].id, Action::kWithhold, {*ctx.denial}};
    }
    return;
  }
  Plan plan = MakePlan(ctx);
  for (std::size_t i = 0; i < docs.size(); ++i) {
    DocumentDecision& out = ctx.d.documents[i];
    out.id = docs[i].id;
    DecideOne(ctx, plan, docs[i], out);
    ctx.releasable[i] = out.reasons.empty();
    out.action = out.reasons.empty() ? Action::kRelease : Action::kWithhold;
  }
}

}  // namespace roi::policy
