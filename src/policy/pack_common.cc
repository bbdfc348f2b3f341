// Decoding shared by every rule pack: the [pack] header, [switches], and the applicability keys
// of state entries.
#include <string>

#include "policy/pack_decode.h"

namespace roi::policy {
namespace {

bool IsUpperSnake(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  for (char ch : text) {
    if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  }
  return true;
}

bool IsJurisdiction(std::string_view text) {
  if (text == "US") return true;
  return text.size() == 5 && text.substr(0, 3) == "US-" && text[3] >= 'A' && text[3] <= 'Z' &&
         text[4] >= 'A' && text[4] <= 'Z';
}

}  // namespace

PackHeader DecodePackHeader(ObjectReader& root, Problems& problems) {
  PackHeader header;
  const Value* pack = root.Find("pack");
  if (pack == nullptr) {
    root.Fail("pack", "required");
    return header;
  }
  ObjectReader reader(*pack, root.Where().Child("pack"), problems);
  reader.Require("jurisdiction");
  reader.Require("name");
  header.jurisdiction = reader.String("jurisdiction", 8).value_or("");
  if (!header.jurisdiction.empty() && !IsJurisdiction(header.jurisdiction)) {
    reader.Fail("jurisdiction", "expected US or US-XX");
    header.jurisdiction.clear();
  }
  header.name = reader.String("name", 200).value_or("");
  reader.String("version", 40);
  reader.Finish();
  return header;
}

Switches DecodeSwitches(ObjectReader& root, const Switches& overrides, Problems& problems) {
  Switches switches;
  if (const Value* table = root.Find("switches")) {
    ObjectReader reader(*table, root.Where().Child("switches"), problems);
    if (reader.IsObject()) {
      for (const auto& [name, value] : table->members) {
        if (std::optional<bool> on = reader.Bool(name)) switches[name] = *on;
      }
    }
    reader.Finish();
  }
  for (const auto& [name, on] : overrides) {
    auto it = switches.find(name);
    if (it == switches.end()) {
      root.Fail("switches", "no switch named \"" + name + "\" to override");
      continue;
    }
    it->second = on;
  }
  return switches;
}

RuleHit DecodeHit(ObjectReader& entry) {
  entry.Require("rule");
  entry.Require("cite");
  std::string code = entry.String("rule", 64).value_or("");
  if (!code.empty() && !IsUpperSnake(code)) {
    entry.Fail("rule", "expected an UPPER_SNAKE code");
    code.clear();
  }
  return RuleHit{std::move(code), entry.String("cite", 300).value_or("")};
}

Applicability DecodeApplicability(ObjectReader& entry, const Switches& switches) {
  Applicability when;
  when.bases = entry.EnumList<Basis>("bases", kBasisNames).value_or(BasisSet{});
  when.entity_types =
      entry.EnumList<EntityType>("entity_types", kEntityTypeNames).value_or(EntitySet{});
  when.roles = entry.EnumList<Role>("roles", kRoleNames).value_or(RoleSet{});
  when.not_roles = entry.EnumList<Role>("not_roles", kRoleNames).value_or(RoleSet{});
  when.formats = entry.EnumList<Format>("formats", kFormatNames).value_or(FormatSet{});
  when.purposes = entry.EnumList<Purpose>("purposes", kPurposeNames).value_or(PurposeSet{});
  when.effective_from = entry.DateField("effective_from");
  when.effective_to = entry.DateField("effective_to");
  if (when.effective_from && when.effective_to && *when.effective_to < *when.effective_from) {
    entry.Fail("effective_to", "before effective_from");
  }
  if (std::optional<std::string> name = entry.String("switch", 64)) {
    auto it = switches.find(*name);
    if (it == switches.end()) {
      entry.Fail("switch", "no switch named \"" + *name + "\" in [switches]");
    } else {
      when.enabled = it->second;
    }
  }
  return when;
}

}  // namespace roi::policy
