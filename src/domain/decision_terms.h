// DecisionTerms: the parts of a stored policy decision (openroi.decision/1, spec/decision.md) that
// the review and billing rules act on — per-document actions and reasons, the fee, the notices,
// whether a denial is reviewable and which rules fired.  Pure value type; app/decision_terms.h
// reads it from the stored decision JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "domain/request_workflow.h"

namespace roi {

// One document's line of the decision.
struct DocumentTerms {
  DocumentId id;
  bool withheld = false;
  std::vector<std::string> reasons;  // Withholding reason codes, e.g. "PSYCHOTHERAPY_NOTES".
  bool operator==(const DocumentTerms&) const = default;
};

struct DecisionTerms {
  DecisionOutcome outcome = DecisionOutcome::kNone;
  std::vector<DocumentTerms> documents;
  std::int64_t fee_max_cents = 0;
  std::string fee_basis = "NONE";    // "HIPAA_FLAT_ELECTRONIC", "STATE_SCHEDULE", ...
  std::vector<std::string> notices;  // "ADVANCE_FEE_NOTICE", "NOTIFY_PROVIDER", ...
  std::optional<bool> denial_reviewable;
  std::vector<std::string> rules;  // Codes of the rules that fired.

  bool HasNotice(std::string_view code) const;
  bool HasRule(std::string_view code) const;
  // True when some document is withheld for `reason`.
  bool Withholds(std::string_view reason) const;
  bool operator==(const DecisionTerms&) const = default;
};

}  // namespace roi
