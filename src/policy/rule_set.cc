#include "policy/rule_set.h"

#include <algorithm>

namespace roi::policy {

const StatePack* RuleSet::State(std::string_view jurisdiction) const {
  for (const StatePack& state : states_) {
    if (state.jurisdiction == jurisdiction) return &state;
  }
  return nullptr;
}

std::vector<std::string> RuleSet::Jurisdictions() const {
  std::vector<std::string> out{"US"};
  for (const StatePack& state : states_) out.push_back(state.jurisdiction);
  std::sort(out.begin(), out.end());
  return out;
}

bool Applies(const Applicability& when, const RequestFacts& facts) {
  if (!when.enabled) return false;
  if (!when.bases.Empty() && !when.bases.Has(facts.basis)) return false;
  if (!when.entity_types.Empty() && !when.entity_types.Has(facts.entity)) return false;
  if (!when.roles.Empty() && !when.roles.Has(facts.role)) return false;
  if (when.not_roles.Has(facts.role)) return false;
  if (!when.formats.Empty() && !when.formats.Has(facts.format)) return false;
  if (!when.purposes.Empty() && !when.purposes.Has(facts.purpose)) return false;
  if (when.effective_from && facts.as_of < *when.effective_from) return false;
  if (when.effective_to && facts.as_of > *when.effective_to) return false;
  return true;
}

}  // namespace roi::policy
