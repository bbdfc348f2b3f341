// Decide(): the steps in order (docs/policy.md describes each).
#include "policy/engine.h"

#include "policy/decide_context.h"

namespace roi::policy {

Decision Decide(const Case& c, const RuleSet& rules) {
  Decision d;
  Context ctx(c, rules, d);
  ResolveJurisdiction(ctx);
  ClassifyParties(ctx);
  CheckAuthorization(ctx);
  CheckLegalProcess(ctx);
  DecideDocuments(ctx);
  SetOutcome(ctx);
  ComputeDeadlines(ctx);
  ComputeFee(ctx);
  SetFlagsAndNotices(ctx);
  return d;
}

}  // namespace roi::policy
