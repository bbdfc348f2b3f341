// Decoding of rules/federal.toml: HIPAA and Part 2 figures, switches and the citation of every
// federal rule the engine can fire.
#include <string>

#include "policy/pack_decode.h"

namespace roi::policy {
namespace {

constexpr std::int64_t kMaxDays = 3650;

int Days(ObjectReader& reader, std::string_view key, int fallback) {
  reader.Require(key);
  return static_cast<int>(reader.Int(key, 1, kMaxDays).value_or(fallback));
}

bool Switch(ObjectReader& root, const Switches& switches, const std::string& name) {
  auto it = switches.find(name);
  if (it != switches.end()) return it->second;
  root.Fail("switches", "missing switch \"" + name + "\"");
  return false;
}

void DecodeAccess(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("access");
  if (table == nullptr) return root.Fail("access", "required");
  ObjectReader reader(*table, root.Where().Child("access"), problems);
  pack.access_days = Days(reader, "days", pack.access_days);
  pack.access_extension_days = Days(reader, "extension_days", pack.access_extension_days);
  pack.proposal_days = Days(reader, "proposal_days", pack.proposal_days);
  pack.proposal_extension_days =
      Days(reader, "proposal_extension_days", pack.proposal_extension_days);
  reader.Require("flat_fee_max_cents");
  pack.flat_fee_max_cents = reader.Int("flat_fee_max_cents", 0, 100000).value_or(650);
  reader.Require("clia_exclusion_removed_on");
  pack.clia_exclusion_removed_on = reader.DateField("clia_exclusion_removed_on").value_or(Date());
  reader.Finish();
}

void DecodeAccounting(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("accounting");
  if (table == nullptr) return root.Fail("accounting", "required");
  ObjectReader reader(*table, root.Where().Child("accounting"), problems);
  pack.accounting_days = Days(reader, "days", pack.accounting_days);
  pack.accounting_extension_days = Days(reader, "extension_days", pack.accounting_extension_days);
  reader.Finish();
}

void DecodePeople(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("personal_representatives");
  if (table == nullptr) return root.Fail("personal_representatives", "required");
  ObjectReader reader(*table, root.Where().Child("personal_representatives"), problems);
  reader.Require("age_of_majority");
  reader.Require("decedent_phi_years");
  pack.age_of_majority = static_cast<int>(reader.Int("age_of_majority", 1, 30).value_or(18));
  pack.decedent_phi_years = static_cast<int>(reader.Int("decedent_phi_years", 1, 200).value_or(50));
  reader.Finish();
}

void DecodePart2(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("part2");
  if (table == nullptr) return root.Fail("part2", "required");
  ObjectReader reader(*table, root.Where().Child("part2"), problems);
  reader.Require("copy_of_consent_from");
  pack.part2_copy_of_consent_from = reader.DateField("copy_of_consent_from").value_or(Date());
  reader.Finish();
}

void DecodeLawEnforcement(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("law_enforcement");
  if (table == nullptr) return root.Fail("law_enforcement", "required");
  ObjectReader reader(*table, root.Where().Child("law_enforcement"), problems);
  reader.Require("excluded_kinds");
  reader.Require("permitted_kinds");
  pack.law_enforcement_excluded_kinds =
      reader.EnumList<DocKind>("excluded_kinds", kDocKindNames).value_or(KindSet{});
  pack.law_enforcement_permitted_kinds =
      reader.EnumList<DocKind>("permitted_kinds", kDocKindNames).value_or(KindSet{});
  reader.Finish();
}

// [minimum_necessary.whole_record_kinds]: purpose = [kinds]; "default" for other purposes.
void DecodeMinimumNecessary(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("minimum_necessary");
  if (table == nullptr) return root.Fail("minimum_necessary", "required");
  ObjectReader outer(*table, root.Where().Child("minimum_necessary"), problems);
  const Value* kinds = outer.Find("whole_record_kinds");
  if (kinds == nullptr) outer.Fail("whole_record_kinds", "required");
  outer.Finish();
  if (kinds == nullptr) return;
  ObjectReader reader(*kinds, outer.Where().Child("whole_record_kinds"), problems);
  reader.Require("default");
  pack.whole_record_default_kinds =
      reader.EnumList<DocKind>("default", kDocKindNames).value_or(KindSet{});
  for (std::size_t i = 0; i < kPurposeNames.size(); ++i) {
    pack.whole_record_kinds[i] = reader.EnumList<DocKind>(kPurposeNames[i], kDocKindNames);
  }
  reader.Finish();
}

void DecodeCitations(ObjectReader& root, FederalPack& pack, Problems& problems) {
  const Value* table = root.Find("rules");
  if (table == nullptr) return root.Fail("rules", "required");
  ObjectReader reader(*table, root.Where().Child("rules"), problems);
  if (!reader.IsObject()) return;
  for (const auto& [name, value] : table->members) {
    std::optional<Rule> rule = RuleFromName(name);
    std::optional<std::string> cite = reader.String(name, 300);
    if (!rule) {
      reader.Fail(name, "unknown rule");
    } else if (cite) {
      pack.hits[static_cast<std::size_t>(*rule)] = RuleHit{name, *cite};
    }
  }
  for (std::size_t i = 0; i < pack.hits.size(); ++i) {
    if (pack.hits[i].code.empty()) {
      reader.Fail("", "no citation for " + std::string(RuleName(static_cast<Rule>(i))));
    }
  }
}

}  // namespace

FederalPack DecodeFederalPack(const Value& root, const Location& where, const Switches& overrides,
                              Problems& problems) {
  FederalPack pack;
  ObjectReader reader(root, where, problems);
  DecodePackHeader(reader, problems);
  Switches switches = DecodeSwitches(reader, overrides, problems);
  pack.access_15_day_proposal = Switch(reader, switches, "access_15_day_proposal");
  pack.oral_revocation_holds = Switch(reader, switches, "oral_revocation_holds");
  pack.sud_counseling_notes_excluded_from_access =
      Switch(reader, switches, "sud_counseling_notes_excluded_from_access");
  pack.part2_deceased_consent_by_representative =
      Switch(reader, switches, "part2_deceased_consent_by_representative");
  DecodeAccess(reader, pack, problems);
  DecodeAccounting(reader, pack, problems);
  DecodePeople(reader, pack, problems);
  DecodePart2(reader, pack, problems);
  DecodeLawEnforcement(reader, pack, problems);
  DecodeMinimumNecessary(reader, pack, problems);
  DecodeCitations(reader, pack, problems);
  reader.Finish();
  return pack;
}

}  // namespace roi::policy
