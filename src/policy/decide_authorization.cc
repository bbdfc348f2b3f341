// Step 3 of Decide(): is the authorization (45 CFR 164.508) valid?  Missing core elements and
// statements, a missing signature or date, a compound or conditioned form, or an oral revocation
// are deficiencies to cure; an expired or revoked authorization denies the request.
#include "policy/decide_context.h"

namespace roi::policy {
namespace {

bool Expired(const Authorization& a, Date as_of) {
  return (a.expires_on && *a.expires_on < as_of) || a.expiration_event_occurred;
}

bool RevokedInWriting(const Authorization& a, Date as_of) {
  return a.revoked_on && *a.revoked_on <= as_of && a.revocation_written;
}

// Expiry and written revocation end the authorization: the whole request is denied.
bool CheckEnded(Context& ctx, const Authorization& a) {
  if (Expired(a, ctx.c.as_of)) {
    ctx.Deny(Rule::kAuthExpired, Code::kAuthExpired);
    return true;
  }
  if (RevokedInWriting(a, ctx.c.as_of)) {
    ctx.Deny(Rule::kAuthRevoked, Code::kAuthRevoked);
    return true;
  }
  return false;
}

void CheckSignature(Context& ctx, const Authorization& a) {
  std::size_t before = ctx.d.deficiencies.size();
  if (!a.is_signed) {
    ctx.Deficiency(Code::kAuthUnsigned);
  } else if (!a.signed_on) {
    ctx.Deficiency(Code::kAuthUndated);
  }
  if (a.signer == Signer::kPersonalRepresentative && !a.representative_authority_described) {
    ctx.Deficiency(Code::kAuthRepresentativeAuthorityMissing);
  }
  if (ctx.d.deficiencies.size() != before) ctx.Fire(Rule::kAuthSignature);
}

void CheckCoreElements(Context& ctx, const Authorization& a) {
  std::size_t before = ctx.d.deficiencies.size();
  if (!a.describes_information) ctx.Deficiency(Code::kAuthNoDescription);
  if (!a.names_discloser) ctx.Deficiency(Code::kAuthNoDiscloser);
  if (!a.names_recipient) ctx.Deficiency(Code::kAuthNoRecipient);
  if (!a.states_purpose) ctx.Deficiency(Code::kAuthNoPurpose);
  // "None" or an open end is allowed only for research (164.508(c)(1)(v)).
  if (!a.expires_on && !a.expiration_event && ctx.c.purpose != Purpose::kResearch) {
    ctx.Deficiency(Code::kAuthNoExpiration);
  }
  if (ctx.d.deficiencies.size() != before) ctx.Fire(Rule::kAuthCoreElements);
}

void CheckStatements(Context& ctx, const Authorization& a) {
  std::size_t before = ctx.d.deficiencies.size();
  if (!a.revocation_statement) ctx.Deficiency(Code::kAuthNoRevocationStatement);
  if (!a.conditioning_statement) ctx.Deficiency(Code::kAuthNoConditioningStatement);
  if (!a.redisclosure_statement) ctx.Deficiency(Code::kAuthNoRedisclosureStatement);
  if (ctx.d.deficiencies.size() != before) ctx.Fire(Rule::kAuthRequiredStatements);
}

// 164.508(b)(3): a psychotherapy-notes authorization combines only with another one; others
// may combine unless one conditions treatment, payment, enrollment or eligibility.
void CheckCompound(Context& ctx, const Authorization& a) {
  if (!a.compound.combined) return;
  std::size_t before = ctx.d.deficiencies.size();
  if (a.compound.includes_psychotherapy_notes) ctx.Deficiency(Code::kAuthCompoundPsychotherapy);
  if (a.compound.conditions_treatment) ctx.Deficiency(Code::kAuthCompoundConditioned);
  if (ctx.d.deficiencies.size() != before) ctx.Fire(Rule::kAuthCompound);
}

// 164.508(b)(4): conditioning treatment, payment, enrollment or eligibility on a stand-alone
// authorization is a defect (a combined one is (b)(3) above), except for research-related
// treatment and a health plan's pre-enrollment underwriting (never psychotherapy notes).
bool ConditioningPermitted(const Context& ctx, const Authorization& a) {
  if (ctx.c.purpose == Purpose::kResearch) return true;
  bool notes = a.compound.includes_psychotherapy_notes || a.covers.Has(Cover::kPsychotherapyNotes);
  return ctx.c.requester.role == Role::kHealthPlan && !notes;
}

void CheckConditioning(Context& ctx, const Authorization& a) {
  if (!a.compound.conditions_treatment || a.compound.combined) return;
  if (ConditioningPermitted(ctx, a)) {
    ctx.Fire(Rule::kAuthConditioningPermitted);
    return;
  }
  ctx.Fire(Rule::kAuthConditioning);
  ctx.Deficiency(Code::kAuthConditioned);
}

// An oral revocation does not end a HIPAA authorization; by policy (switch) the request is held
// until a written revocation is obtained.
void CheckOralRevocation(Context& ctx, const Authorization& a) {
  if (!a.revoked_on || *a.revoked_on > ctx.c.as_of || a.revocation_written) return;
  ctx.Fire(Rule::kRevocationMustBeWritten);
  if (ctx.fed.oral_revocation_holds) ctx.Deficiency(Code::kRevocationNotWritten);
}

}  // namespace

void CheckAuthorization(Context& ctx) {
  const Case& c = ctx.c;
  ctx.consent_effective = c.authorization && c.authorization->is_signed &&
                          !Expired(*c.authorization, c.as_of) &&
                          !RevokedInWriting(*c.authorization, c.as_of);
  if (ctx.basis != Basis::kAuthorization || !ctx.hipaa || ctx.denial) return;
  if (!c.authorization) {
    ctx.Fire(Rule::kAuthRequired);
    ctx.Deficiency(Code::kAuthMissing);
    return;
  }
  const Authorization& a = *c.authorization;
  if (CheckEnded(ctx, a)) return;
  std::size_t before = ctx.d.deficiencies.size();
  CheckSignature(ctx, a);
  CheckCoreElements(ctx, a);
  CheckStatements(ctx, a);
  CheckCompound(ctx, a);
  CheckConditioning(ctx, a);
  CheckOralRevocation(ctx, a);
  if (ctx.d.deficiencies.size() == before) ctx.Fire(Rule::kAuthValid);
  if (a.signer == Signer::kPersonalRepresentative && ctx.minor) ctx.parent_of_minor = true;
}

}  // namespace roi::policy
