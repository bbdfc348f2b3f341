// The working state of one Decide() call, shared by the decision steps (decide_*.cc).  Internal
// to the policy layer.  Pure: holds references to the case, the rules and the decision being
// built; lives for one call.
#pragma once

#include <algorithm>
#include <vector>

#include "policy/case.h"
#include "policy/codes.h"
#include "policy/decision.h"
#include "policy/rule_set.h"

namespace roi::policy {

// Not thread-safe; one per Decide() call.  References must outlive it.
struct Context {
  Context(const Case& c_in, const RuleSet& rules_in, Decision& d_in)
      : c(c_in), rules(rules_in), fed(rules_in.Federal()), d(d_in) {}

  const Case& c;
  const RuleSet& rules;
  const FederalPack& fed;
  Decision& d;
  const StatePack* state = nullptr;  // The state overlay, if any.

  Basis basis = Basis::kAccess;  // The route actually taken (after re-routing).
  bool hipaa = true;             // False for a decedent dead longer than the PHI period.
  bool deceased = false;
  bool minor = false;                 // Unemancipated and under the age of majority on as_of.
  int age = 0;                        // Whole years on as_of.
  bool parent_of_minor = false;       // Requester or signer acts for a minor as parent/guardian/PR.
  bool consent_effective = false;     // An authorization is signed, unexpired and unrevoked.
  std::optional<Code> denial;         // Whole-request denial code, if any.
  std::vector<bool> releasable;       // Per document, before pend/deny are applied.
  std::vector<const RuleHit*> fired;  // The hits already in d.rules (by address).

  // Records that a rule decided something (once; in firing order).  Hits are compared by
  // address: every RuleHit lives in the RuleSet, one per rule.
  void Fire(Rule rule) { Fire(rules.Hit(rule)); }
  void Fire(const RuleHit& hit) {
    if (std::find(fired.begin(), fired.end(), &hit) != fired.end()) return;
    fired.push_back(&hit);
    d.rules.push_back(hit);
  }
  void Deficiency(Code code) { AddOnce(d.deficiencies, code); }
  void Notice(Code code) { AddOnce(d.notices, code); }
  void Deny(Rule rule, Code code) {
    Fire(rule);
    if (!denial) denial = code;
  }
  RequestFacts Facts() const {
    return RequestFacts{basis,     c.entity.type, c.requester.role, c.request.format,
                        c.purpose, c.as_of};
  }
  static void AddOnce(std::vector<Code>& codes, Code code) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  }
};

// True for bases where the requester acts as the individual (access, directive, accounting).
bool IsIndividualRoute(Basis basis);
// True for bases that rest on legal process (orders, subpoenas, administrative requests).
bool IsLegalProcess(Basis basis);
// True for bases where the minimum-necessary standard applies (45 CFR 164.502(b), 164.514(d)).
bool MinimumNecessaryApplies(Basis basis);

// The steps of Decide(), in order.  Each reads the case and adds to the decision.
void ResolveJurisdiction(Context& ctx);
void ClassifyParties(Context& ctx);     // decide_parties.cc
void CheckAuthorization(Context& ctx);  // decide_authorization.cc
void CheckLegalProcess(Context& ctx);   // decide_parties.cc
void DecideDocuments(Context& ctx);     // decide_documents.cc
void SetOutcome(Context& ctx);          // decide_outcome.cc
void ComputeDeadlines(Context& ctx);    // decide_deadlines.cc
void ComputeFee(Context& ctx);          // decide_fees.cc
void SetFlagsAndNotices(Context& ctx);  // decide_outcome.cc

// Per-document helpers of DecideDocuments (decide_special.cc).
// 42 CFR Part 2: adds withholding reasons; returns true when the document is a Part 2 record
// that, if released, goes under the patient's consent (so 42 CFR 2.32 notices travel with it).
bool CheckPart2(Context& ctx, const Document& doc, std::vector<Code>& reasons);
// The state categories that apply to this request (computed once per case).
std::vector<const CategoryRule*> ApplicableCategories(const Context& ctx);
// State special categories: adds reasons and deficiencies; returns the notices that travel with
// the document if it is released.
std::vector<Code> CheckCategories(Context& ctx, const std::vector<const CategoryRule*>& rules,
                                  const Document& doc, std::vector<Code>& reasons);

}  // namespace roi::policy
