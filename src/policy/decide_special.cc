// Per-document rules for special records: 42 CFR Part 2 (provenance, consent, court orders,
// proceedings against the patient) and the state packs' special categories (HIV, mental health).
#include <optional>

#include "policy/decide_context.h"

namespace roi::policy {
namespace {

void Withhold(Context& ctx, std::vector<Code>& reasons, Code code, Rule rule) {
  Context::AddOnce(reasons, code);
  ctx.Fire(rule);
}

Part2 Provenance(Context& ctx, const Document& doc) {
  if (doc.part2 != Part2::kNone) return doc.part2;
  // An SUD record held by a Part 2 program is presumed to be the program's own (42 CFR 2.12(a)).
  if (ctx.c.entity.part2_program && doc.labels.Has(Label::kSud)) {
    ctx.Fire(Rule::kPart2ProgramRecord);
    return Part2::kOwnProgram;
  }
  return Part2::kNone;
}

bool ProceedingsConsent(const Context& ctx) {
  return ctx.consent_effective && ctx.c.authorization->proceedings_consent;
}

bool Part2Consent(const Context& ctx) {
  return ctx.consent_effective && ctx.c.authorization->part2_consent;
}

// Records (or testimony) may not be used against the patient without specific consent or a
// Part 2 court order (42 CFR 2.12(d), 2.31(d), 2.65).
bool AgainstPatientBlocked(const Context& ctx) {
  const Legal* legal = ctx.c.legal ? &*ctx.c.legal : nullptr;
  if (legal == nullptr || !legal->against_patient) return false;
  return !ProceedingsConsent(ctx) && !legal->part2_court_order;
}

// Legal process: a subpoena alone never permits disclosure; an order under subpart E (with a
// subpoena to compel) or the patient's consent does (42 CFR 2.61).
bool CheckLegalPart2(Context& ctx, std::vector<Code>& reasons) {
  bool order = ctx.c.legal && ctx.c.legal->part2_court_order;
  if (order) {
    ctx.Fire(ctx.basis == Basis::kSubpoena ? Rule::kPart2OrderWithSubpoena
                                           : Rule::kPart2CourtOrderRequired);
    return false;
  }
  if (Part2Consent(ctx)) return true;
  Withhold(ctx, reasons, Code::kPart2CourtOrderRequired, Rule::kPart2CourtOrderRequired);
  return false;
}

// The consent that would release this record was given by someone who may not give it: for
// care a minor consented to, only the minor (42 CFR 2.14(b)), even towards the parent; for a
// decedent, the personal representative (2.15(b), switch).  A Part 2 order needs no consent.
std::optional<Rule> WrongConsenter(const Context& ctx, const Document& doc) {
  if (ctx.c.legal && ctx.c.legal->part2_court_order) return std::nullopt;
  bool consent_route = !IsIndividualRoute(ctx.basis) && ctx.c.authorization;
  bool by_representative =
      consent_route && ctx.c.authorization->signer == Signer::kPersonalRepresentative;
  if (ctx.minor && doc.minor_consented && (ctx.parent_of_minor || by_representative)) {
    return Rule::kPart2MinorConsent;
  }
  if (ctx.fed.part2_deceased_consent_by_representative && ctx.deceased && consent_route &&
      !by_representative) {
    return Rule::kPart2DeceasedConsent;
  }
  return std::nullopt;
}

}  // namespace

bool CheckPart2(Context& ctx, const Document& doc, std::vector<Code>& reasons) {
  Part2 provenance = Provenance(ctx, doc);
  if (provenance == Part2::kNone || ctx.basis == Basis::kAccounting) return false;
  if (AgainstPatientBlocked(ctx)) {
    Withhold(ctx, reasons, Code::kPart2ProceedingAgainstPatient,
             Rule::kPart2ProceedingAgainstPatient);
    return false;
  }
  if (std::optional<Rule> rule = WrongConsenter(ctx, doc)) {
    Withhold(ctx, reasons, Code::kPart2ConsentRequired, *rule);
    return false;
  }
  if (provenance == Part2::kReceivedTpoConsent) {
    ctx.Fire(Rule::kPart2TpoRedisclosure);  // HIPAA governs redisclosure (42 CFR 2.33(b)).
    return false;
  }
  if (ctx.basis == Basis::kAccess) {
    ctx.Fire(Rule::kPart2PatientAccess);
    return false;
  }
  if (IsLegalProcess(ctx.basis) || ctx.basis == Basis::kLawEnforcementInformal) {
    return CheckLegalPart2(ctx, reasons);
  }
  if (!Part2Consent(ctx)) {
    Withhold(ctx, reasons, Code::kPart2ConsentRequired, Rule::kPart2ConsentRequired);
    return false;
  }
  return true;
}

std::vector<const CategoryRule*> ApplicableCategories(const Context& ctx) {
  std::vector<const CategoryRule*> out;
  if (ctx.state == nullptr) return out;
  RequestFacts facts = ctx.Facts();
  for (const CategoryRule& rule : ctx.state->categories) {
    if (Applies(rule.when, facts)) out.push_back(&rule);
  }
  return out;
}

namespace {

bool HasForm(const Context& ctx, const std::string& form) {
  if (!ctx.c.authorization) return false;
  for (const std::string& f : ctx.c.authorization->state_forms) {
    if (f == form) return true;
  }
  return false;
}

bool ParentBarred(const Context& ctx, const CategoryRule& rule) {
  if (!rule.parent_restricted_ages || !ctx.parent_of_minor) return false;
  return ctx.age >= rule.parent_restricted_ages->first &&
         ctx.age <= rule.parent_restricted_ages->second;
}

// The withholding effects of one category rule on one document.
bool Withholds(const Context& ctx, const CategoryRule& rule) {
  const Authorization* a = ctx.c.authorization ? &*ctx.c.authorization : nullptr;
  if (rule.block || ParentBarred(ctx, rule)) return true;
  if (rule.requires_covers && (a == nullptr || !a->covers.Has(*rule.requires_covers))) return true;
  if (!rule.requires_form.empty() && !HasForm(ctx, rule.requires_form)) return true;
  // No calendar expiration date: release only on the day the consent is received.
  return rule.requires_expiration_date && a != nullptr && !a->expires_on &&
         ctx.c.as_of != ctx.c.received_on;
}

// The deficiencies one category rule raises for the request.
bool RaiseDeficiencies(Context& ctx, const CategoryRule& rule) {
  const Authorization* a = ctx.c.authorization ? &*ctx.c.authorization : nullptr;
  bool raised = false;
  if (rule.requires_witness && a != nullptr && !a->witnessed) {
    ctx.Deficiency(Code::kAuthNotWitnessed);
    raised = true;
  }
  if (!rule.deceased_requires_form.empty() && ctx.deceased &&
      !HasForm(ctx, rule.deceased_requires_form)) {
    ctx.Deficiency(Code::kTherapistConsentRequired);
    raised = true;
  }
  return raised;
}

}  // namespace

std::vector<Code> CheckCategories(Context& ctx, const std::vector<const CategoryRule*>& rules,
                                  const Document& doc, std::vector<Code>& reasons) {
  std::vector<Code> notices;
  for (const CategoryRule* rule : rules) {
    if (!doc.labels.Has(rule->label)) continue;
    bool fired = RaiseDeficiencies(ctx, *rule);
    if (Withholds(ctx, *rule)) {
      Context::AddOnce(reasons, rule->reason);
      fired = true;
    }
    if (rule->notice) {
      notices.push_back(*rule->notice);
      fired = fired || reasons.empty();
    }
    if (fired) ctx.Fire(rule->hit);
  }
  return notices;
}

}  // namespace roi::policy
