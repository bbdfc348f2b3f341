// Steps 6 and 9 of Decide(): the outcome from the document actions, deficiencies and denials;
// then the minimum-necessary and accounting flags and the denial notices of an access request.
#include <algorithm>

#include "policy/decide_context.h"

namespace roi::policy {
namespace {

// Withholding that is not a denial of access: outside the request, or waiting on a cure.
bool IsDenialReason(Code code) { return code != Code::kOutOfScope && code != Code::kPending; }

bool AnyDenied(const Decision& d) {
  for (const DocumentDecision& doc : d.documents) {
    if (std::any_of(doc.reasons.begin(), doc.reasons.end(), IsDenialReason)) return true;
  }
  return false;
}

bool AnyReviewable(const Decision& d) {
  for (const DocumentDecision& doc : d.documents) {
    for (Code code : doc.reasons) {
      if (code == Code::kHarmDetermination) return true;
    }
  }
  return false;
}

// 164.524(d)(2): a written denial with its basis, review rights where they exist, and how to
// complain.
void SetDenialNotices(Context& ctx) {
  bool individual = ctx.basis == Basis::kAccess || ctx.basis == Basis::kDirective;
  if (!individual || !ctx.hipaa || ctx.d.outcome == Outcome::kPend) return;
  if (!ctx.denial && !AnyDenied(ctx.d)) return;
  bool reviewable = AnyReviewable(ctx.d);
  ctx.d.denial_reviewable = reviewable;
  ctx.Fire(reviewable ? Rule::kAccessDenialReviewable : Rule::kAccessDenialUnreviewable);
  ctx.Fire(Rule::kDenialNoticeContents);
  ctx.Notice(Code::kDenialNotice);
  ctx.Notice(Code::kComplaintRights);
  if (reviewable) ctx.Notice(Code::kReviewRights);
}

bool Accountable(Basis basis) {
  static constexpr BasisSet kAccountable = {Basis::kCourtOrder,
                                            Basis::kSubpoena,
                                            Basis::kGrandJurySubpoena,
                                            Basis::kAdministrativeRequest,
                                            Basis::kLawEnforcementInformal,
                                            Basis::kPublicHealth,
                                            Basis::kWorkersComp};
  return kAccountable.Has(basis);
}

}  // namespace

void SetOutcome(Context& ctx) {
  Decision& d = ctx.d;
  if (ctx.denial) {
    d.outcome = Outcome::kDeny;
    d.deficiencies.clear();
    return;
  }
  if (!d.deficiencies.empty()) {
    d.outcome = Outcome::kPend;
    for (std::size_t i = 0; i < d.documents.size(); ++i) {
      if (!ctx.releasable[i]) continue;
      d.documents[i].action = Action::kWithhold;
      d.documents[i].reasons = {Code::kPending};
    }
    return;
  }
  if (ctx.basis == Basis::kAccounting) {
    d.outcome = Outcome::kRelease;  // The accounting itself is given.
    return;
  }
  std::size_t released =
      static_cast<std::size_t>(std::count(ctx.releasable.begin(), ctx.releasable.end(), true));
  if (released == d.documents.size()) {
    d.outcome = Outcome::kRelease;
  } else {
    d.outcome = released == 0 ? Outcome::kDeny : Outcome::kPartial;
  }
}

void SetFlagsAndNotices(Context& ctx) {
  Decision& d = ctx.d;
  if (ctx.hipaa) {
    d.minimum_necessary = MinimumNecessaryApplies(ctx.basis);
    ctx.Fire(d.minimum_necessary ? Rule::kMinimumNecessaryApplies : Rule::kMinimumNecessaryExempt);
    d.accountable = Accountable(ctx.basis) && d.outcome != Outcome::kDeny;
    ctx.Fire(d.accountable ? Rule::kAccountable : Rule::kNotAccountable);
  }
  SetDenialNotices(ctx);
  std::sort(d.deficiencies.begin(), d.deficiencies.end());
  std::sort(d.notices.begin(), d.notices.end());
}

}  // namespace roi::policy
