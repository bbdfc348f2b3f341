// The policy engine's facade: load the rule packs once, then decide cases.  Decide() is pure (no
// I/O, no clock: the case carries as_of); only LoadRuleSet() reads files.  The contract is
// spec/decision.md (openroi.case/1 -> openroi.decision/1); docs/policy.md explains the steps.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "policy/case.h"
#include "policy/decision.h"
#include "policy/rule_set.h"

namespace roi::policy {

struct LoadOptions {
  // Switch overrides as {"US-CA.hiv_specific_authorization", true}; "US.<name>" for federal.
  // Default: none (every switch keeps the value written in its pack).
  std::vector<std::pair<std::string, bool>> switches = {};
};

// Loads and validates every *.toml rule pack in `rules_dir`: exactly one federal pack
// (jurisdiction "US") and any number of state packs, one per jurisdiction.  Returns NotFound if
// the directory is missing or unreadable; InvalidArgument naming file, line and key (one
// ErrorDetail per problem) for a broken pack, a duplicate jurisdiction, a missing federal pack,
// or an override naming no switch.
Result<RuleSet> LoadRuleSet(const std::string& rules_dir);
Result<RuleSet> LoadRuleSet(const std::string& rules_dir, const LoadOptions& options);

// Parses and validates an openroi.case/1 document.  Returns InvalidArgument with one ErrorDetail
// per problem (path = JSON pointer like "/documents/3/kind", message like `unknown value "xray"`),
// covering malformed JSON (path "", with line and column), unknown fields, wrong types, out-of-
// range numbers, bad dates and inconsistent dates.  Never throws; bounded stack on any input.
Result<Case> ParseCase(std::string_view json);

// Decides `c` under `rules`.  Pure and deterministic; safe to call concurrently with one shared
// RuleSet.  REQUIRES: `c` came from ParseCase() or satisfies the same validation.
Decision Decide(const Case& c, const RuleSet& rules);

// The openroi.decision/1 JSON of `d`: deterministic bytes, fields in the order of the spec, no
// insignificant whitespace, followed by no newline.
std::string SerializeDecision(const Decision& d);

// ParseCase + Decide + SerializeDecision.  Returns ParseCase's errors unchanged.
Result<std::string> DecideJson(std::string_view case_json, const RuleSet& rules);

}  // namespace roi::policy
