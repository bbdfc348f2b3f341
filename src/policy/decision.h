// Decision: what the policy engine says about one case (openroi.decision/1, spec/decision.md):
// per-document actions, deficiencies, deadlines, fee, notices and the rules that fired.
// Pure value types; SerializeDecision() in decision_codec.h gives the contract bytes.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "policy/codes.h"

namespace roi::policy {

enum class Outcome : std::uint8_t { kRelease, kPartial, kDeny, kPend };
inline constexpr std::array<std::string_view, 4> kOutcomeNames = {"release", "partial", "deny",
                                                                  "pend"};

enum class Action : std::uint8_t { kRelease, kWithhold };
inline constexpr std::array<std::string_view, 2> kActionNames = {"release", "withhold"};

struct DocumentDecision {
  std::string id;
  Action action = Action::kRelease;
  std::vector<Code> reasons;  // Withholding reasons; empty when released.
  bool operator==(const DocumentDecision&) const = default;
};

struct Fee {
  std::int64_t max_cents = 0;
  Code basis = Code::kFeeNone;
  bool operator==(const Fee&) const = default;
};

// One rule that decided something, with its citation.
struct RuleHit {
  std::string code;
  std::string cite;
  bool operator==(const RuleHit&) const = default;
};

// Value type.  Invariants (checked by the property tests): `deficiencies` is non-empty exactly
// when `outcome` is kPend; `documents` matches the case's documents one for one; `outcome`
// agrees with the document actions.
struct Decision {
  Outcome outcome = Outcome::kRelease;
  std::vector<DocumentDecision> documents;
  std::vector<Code> deficiencies;
  std::optional<Date> due_on;
  std::optional<Date> latest_due_on;
  std::optional<bool> extension_valid;
  Fee fee;
  bool minimum_necessary = false;
  bool accountable = false;
  std::vector<Code> notices;
  std::optional<bool> denial_reviewable;
  std::vector<RuleHit> rules;

  bool operator==(const Decision&) const = default;
  // True when a rule with this code fired.
  bool HasRule(std::string_view code) const;
};

}  // namespace roi::policy
