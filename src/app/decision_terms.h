// Reads DecisionTerms (domain/decision_terms.h) from a request's stored decision JSON
// (openroi.decision/1), using the policy layer's JSON reader, so the review and billing rules
// act on exactly what was decided and stored.
#pragma once

#include <string_view>

#include "base/result.h"
#include "domain/decision_terms.h"

namespace roi {

// Returns the terms; an empty text (a request never decided) gives outcome kNone and no fee.
// Returns Internal when the stored text is not a decision (the message names the field, never
// a value).
Result<DecisionTerms> ReadDecisionTerms(std::string_view decision_json);

}  // namespace roi
