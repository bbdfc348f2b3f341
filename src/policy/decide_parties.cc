// Steps 1-2 and 4 of Decide(): the jurisdiction, the route the request takes, who the requester
// is (personal representatives, minors, decedents), identity, and the conditions of legal
// process (subpoena assurances, administrative-request representations).
#include "policy/decide_context.h"

namespace roi::policy {
namespace {

int AgeOn(Date birth, Date day) {
  int age = day.Year() - birth.Year();
  if (day.Month() < birth.Month() || (day.Month() == birth.Month() && day.Day() < birth.Day())) {
    --age;
  }
  return age;
}

// Re-routes a request whose form does not match its stated basis.
void Reroute(Context& ctx) {
  const Case& c = ctx.c;
  bool judge_signed = c.legal && c.legal->judge_signed;
  if (c.basis == Basis::kDirective && c.request.format == Format::kPaper) {
    ctx.Fire(Rule::kDirectiveEhrOnly);  // Ciox: only electronic EHR copies may be directed.
    ctx.basis = Basis::kAuthorization;
  } else if (c.basis == Basis::kCourtOrder && !judge_signed) {
    ctx.Fire(Rule::kCourtOrderNotSigned);
    ctx.basis = Basis::kSubpoena;
  } else if (c.basis == Basis::kSubpoena && judge_signed) {
    ctx.Fire(Rule::kSubpoenaSignedByJudge);
    ctx.basis = Basis::kCourtOrder;
  }
}

struct BasisRule {
  Basis basis;
  Rule rule;
  RoleSet roles;  // Empty: any requester.
};

const BasisRule* FindBasisRule(Basis basis) {
  static const BasisRule kTable[] = {
      {Basis::kAuthorization, Rule::kAuthRequired, {}},
      {Basis::kCourtOrder, Rule::kCourtOrder, {}},
      {Basis::kSubpoena, Rule::kSubpoenaAssurance, {}},
      {Basis::kGrandJurySubpoena,
       Rule::kLawEnforcementProcess,
       {Role::kLawEnforcement, Role::kCourt, Role::kGovernmentAgency}},
      {Basis::kAdministrativeRequest,
       Rule::kLawEnforcementAdministrativeRequest,
       {Role::kLawEnforcement, Role::kGovernmentAgency}},
      {Basis::kLawEnforcementInformal,
       Rule::kLawEnforcementIdentification,
       {Role::kLawEnforcement}},
      {Basis::kPublicHealth,
       Rule::kPublicHealth,
       {Role::kPublicHealthAuthority, Role::kGovernmentAgency}},
      {Basis::kWorkersComp,
       Rule::kWorkersCompensation,
       {Role::kWorkersCompCarrier, Role::kEmployer, Role::kGovernmentAgency}},
      {Basis::kTreatment, Rule::kTreatmentPaymentOperations, {Role::kProvider}},
      {Basis::kPayment,
       Rule::kTreatmentPaymentOperations,
       {Role::kProvider, Role::kHealthPlan, Role::kInsurer}},
      {Basis::kOperations,
       Rule::kTreatmentPaymentOperations,
       {Role::kProvider, Role::kHealthPlan, Role::kInsurer}},
      {Basis::kFamilyInvolvement, Rule::kFamilyInvolvement, {Role::kFamilyInvolvedInCare}},
  };
  for (const BasisRule& row : kTable) {
    if (row.basis == basis) return &row;
  }
  return nullptr;
}

// Third-party routes: is this requester one the route permits?
void CheckRequesterForBasis(Context& ctx) {
  const BasisRule* row = FindBasisRule(ctx.basis);
  if (row == nullptr) return;
  Role role = ctx.c.requester.role;
  bool allowed = row->roles.Empty() || row->roles.Has(role) ||
                 (ctx.basis == Basis::kOperations && ctx.c.requester.covered_entity);
  if (!allowed) return ctx.Deny(Rule::kNoLegalBasis, Code::kNoLegalBasis);
  ctx.Fire(row->rule);
}

void NotRepresentative(Context& ctx, Rule why) {
  ctx.Fire(why);
  ctx.Deny(Rule::kNotPersonalRepresentative, Code::kNotPersonalRepresentative);
}

// Access, directive, accounting: the requester must be the individual or stand in for them
// (45 CFR 164.502(g)).
void CheckRepresentative(Context& ctx) {
  const Requester& q = ctx.c.requester;
  switch (q.role) {
    case Role::kPatient:
      return;
    case Role::kParent:
    case Role::kGuardian:
    case Role::kPersonalRepresentative:
      if (ctx.deceased) return NotRepresentative(ctx, Rule::kPrDecedent);
      if (q.role == Role::kParent && !ctx.minor) return NotRepresentative(ctx, Rule::kPrMinor);
      ctx.parent_of_minor = ctx.minor;
      ctx.Fire(ctx.minor ? Rule::kPrMinor : Rule::kPrAdult);
      break;
    case Role::kExecutor:
      if (!ctx.deceased) return NotRepresentative(ctx, Rule::kPrDecedent);
      ctx.Fire(Rule::kPrDecedent);
      break;
    case Role::kHeir:
      if (!ctx.deceased || ctx.state == nullptr || !ctx.state->heirs_of_decedent) {
        return NotRepresentative(ctx, Rule::kPrDecedent);
      }
      ctx.Fire(*ctx.state->heirs_of_decedent);
      break;
    default:
      return ctx.Deny(Rule::kNotPersonalRepresentative, Code::kNotPersonalRepresentative);
  }
  if (q.abuse_concern) return NotRepresentative(ctx, Rule::kPrAbuseConcern);
  if (!q.authority_documented) {
    ctx.Fire(Rule::kIdentityVerification);
    ctx.Deficiency(Code::kAuthorityNotDocumented);
  }
}

void CheckIdentity(Context& ctx) {
  static constexpr BasisSet kVerify = {Basis::kAccess,
                                       Basis::kDirective,
                                       Basis::kAccounting,
                                       Basis::kAdministrativeRequest,
                                       Basis::kLawEnforcementInformal,
                                       Basis::kPublicHealth,
                                       Basis::kFamilyInvolvement};
  if (!kVerify.Has(ctx.basis) || ctx.c.requester.identity_verified) return;
  ctx.Fire(Rule::kIdentityVerification);
  ctx.Deficiency(Code::kIdentityNotVerified);
}

// 45 CFR 164.524(c)(3)(ii): written, signed, naming the recipient and where to send.
void CheckDirective(Context& ctx) {
  const Request& r = ctx.c.request;
  if (!r.written) ctx.Deficiency(Code::kDirectiveNotWritten);
  if (!r.is_signed) ctx.Deficiency(Code::kDirectiveNotSigned);
  if (!r.recipient_named || !r.destination_named) ctx.Deficiency(Code::kDirectiveNoRecipient);
  ctx.Fire(Rule::kDirectiveRequirements);
}

}  // namespace

bool IsIndividualRoute(Basis basis) {
  return basis == Basis::kAccess || basis == Basis::kDirective || basis == Basis::kAccounting;
}

bool IsLegalProcess(Basis basis) {
  return basis == Basis::kCourtOrder || basis == Basis::kSubpoena ||
         basis == Basis::kGrandJurySubpoena || basis == Basis::kAdministrativeRequest;
}

bool MinimumNecessaryApplies(Basis basis) {
  static constexpr BasisSet kApplies = {
      Basis::kSubpoena,     Basis::kAdministrativeRequest, Basis::kLawEnforcementInformal,
      Basis::kPublicHealth, Basis::kWorkersComp,           Basis::kPayment,
      Basis::kOperations,   Basis::kFamilyInvolvement};
  return kApplies.Has(basis);
}

void ResolveJurisdiction(Context& ctx) {
  if (ctx.c.jurisdiction == "US") return;
  ctx.state = ctx.rules.State(ctx.c.jurisdiction);
  if (ctx.state == nullptr) ctx.Fire(Rule::kJurisdictionFallback);
}

void ClassifyParties(Context& ctx) {
  const Case& c = ctx.c;
  ctx.basis = c.basis;
  ctx.age = AgeOn(c.patient.birth_date, c.as_of);
  ctx.minor = ctx.age < ctx.fed.age_of_majority && !c.patient.emancipated;
  ctx.deceased = c.patient.deceased_on && *c.patient.deceased_on <= c.as_of;
  if (ctx.deceased && c.as_of > c.patient.deceased_on->AddYears(ctx.fed.decedent_phi_years)) {
    ctx.hipaa = false;  // No longer PHI (45 CFR 160.103).
    ctx.Fire(Rule::kDecedent50Years);
    return;
  }
  Reroute(ctx);
  if (IsIndividualRoute(ctx.basis)) {
    CheckRepresentative(ctx);
  } else {
    CheckRequesterForBasis(ctx);
  }
  if (ctx.denial) return;
  CheckIdentity(ctx);
  if (ctx.basis == Basis::kDirective) CheckDirective(ctx);
}

void CheckLegalProcess(Context& ctx) {
  if (!ctx.hipaa || ctx.denial) return;
  static const Legal kNone{};
  const Legal& legal = ctx.c.legal ? *ctx.c.legal : kNone;
  if (ctx.basis == Basis::kAdministrativeRequest && !legal.representations_on_face) {
    ctx.Deficiency(Code::kAdminRequestNoRepresentations);
  }
  if (ctx.basis != Basis::kSubpoena) return;
  if (!legal.assurance_of_notice && !legal.qualified_protective_order) {
    ctx.Deficiency(Code::kSubpoenaNoAssurance);
  }
  if (ctx.state == nullptr) return;
  RequestFacts facts = ctx.Facts();
  for (const SubpoenaRule& rule : ctx.state->subpoenas) {
    if (!Applies(rule.when, facts) || !rule.requires_notice_to_patient) continue;
    ctx.Fire(rule.hit);
    if (!legal.proof_of_notice_to_patient) ctx.Deficiency(Code::kSubpoenaNoNoticeToPatient);
  }
}

}  // namespace roi::policy
