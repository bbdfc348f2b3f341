// Decoders from a parsed rule pack (a Value tree) to FederalPack / StatePack.  Internal to the
// policy layer: LoadRuleSet() (engine.h) is the public entry point.  Every problem is collected
// with its file, line and key; nothing here reads files.
#pragma once

#include <map>
#include <string>

#include "policy/rule_set.h"
#include "policy/value.h"

namespace roi::policy {

// Switch values after overrides, by switch name, for one pack.
using Switches = std::map<std::string, bool, std::less<>>;

// Reads [switches] (name = bool) and applies `overrides` (same names).  Unknown override names
// are reported as problems.
Switches DecodeSwitches(ObjectReader& pack, const Switches& overrides, Problems& problems);

// Reads the keys every state entry may carry: rule, cite, switch, effective_from,
// effective_to, bases, entity_types, roles, not_roles, formats, purposes.
Applicability DecodeApplicability(ObjectReader& entry, const Switches& switches);
RuleHit DecodeHit(ObjectReader& entry);

struct PackHeader {
  std::string jurisdiction;  // "US", "US-CA", ...; empty after a problem.
  std::string name;
};
// Reads the [pack] table of `root`.
PackHeader DecodePackHeader(ObjectReader& root, Problems& problems);

FederalPack DecodeFederalPack(const Value& root, const Location& where, const Switches& overrides,
                              Problems& problems);
StatePack DecodeStatePack(const Value& root, const Location& where, const Switches& overrides,
                          Problems& problems);

}  // namespace roi::policy
