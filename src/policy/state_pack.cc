// Decoding of a state overlay (rules/us-xx.toml): deadlines, fee schedules and waivers, special
// categories, subpoena rules, and minors/representatives overrides.
#include <functional>
#include <string>

#include "policy/pack_decode.h"

namespace roi::policy {
namespace {

// Calls `decode` on each table of the array of tables `key` (e.g. [[deadlines]]).
void ForEach(ObjectReader& root, std::string_view key, Problems& problems,
             const std::function<void(ObjectReader&)>& decode) {
  const Value* array = root.Find(key);
  if (array == nullptr) return;
  if (array->kind != Value::Kind::kArray) return root.Fail(key, "expected an array of tables");
  for (std::size_t i = 0; i < array->items.size(); ++i) {
    ObjectReader entry(array->items[i], root.Where().Child(key).Index(i), problems);
    if (entry.IsObject()) decode(entry);
    entry.Finish();
  }
}

StateDeadline DecodeDeadline(ObjectReader& entry, const Switches& switches) {
  StateDeadline d;
  d.hit = DecodeHit(entry);
  d.when = DecodeApplicability(entry, switches);
  entry.Require("days");
  entry.Require("unit");
  d.days = static_cast<int>(entry.Int("days", 1, 365).value_or(1));
  d.unit = entry.Enum<DayUnit>("unit", kDayUnitNames).value_or(DayUnit::kCalendar);
  d.clock = entry.Enum<ClockStart>("clock", kClockStartNames).value_or(ClockStart::kReceived);
  d.written_only = entry.Bool("written_only").value_or(false);
  return d;
}

std::vector<PageTier> DecodeTiers(ObjectReader& entry, Problems& problems) {
  std::vector<PageTier> tiers;
  ForEach(entry, "tiers", problems, [&](ObjectReader& tier) {
    tier.Require("from_page");
    tier.Require("cents");
    tiers.push_back(PageTier{tier.Int("from_page", 1, 1000000).value_or(1),
                             tier.Int("cents", 0, 100000).value_or(0)});
    if (tiers.size() > 1 && tiers.back().from_page <= tiers[tiers.size() - 2].from_page) {
      tier.Fail("from_page", "tiers must ascend");
    }
  });
  return tiers;
}

std::vector<FlatTier> DecodeFlat(ObjectReader& entry, Problems& problems) {
  std::vector<FlatTier> flat;
  ForEach(entry, "flat", problems, [&](ObjectReader& tier) {
    tier.Require("cents");
    flat.push_back(FlatTier{tier.Int("max_pages", 1, 1000000).value_or(0),
                            tier.Int("cents", 0, 1000000).value_or(0)});
  });
  return flat;
}

FeeSchedule DecodeFee(ObjectReader& entry, const Switches& switches, Problems& problems) {
  FeeSchedule f;
  f.hit = DecodeHit(entry);
  f.when = DecodeApplicability(entry, switches);
  entry.Require("payers");
  f.payers = entry.EnumList<Payer>("payers", kPayerNames).value_or(EnumSet<Payer>{});
  f.base_cents = entry.Int("base_cents", 0, 1000000).value_or(0);
  f.base_pages = entry.Int("base_pages", 0, 1000000).value_or(0);
  f.tiers = DecodeTiers(entry, problems);
  f.flat = DecodeFlat(entry, problems);
  f.per_year_cents = entry.Int("per_year_cents", 0, 100000).value_or(0);
  f.clerical_cents_per_quarter_hour =
      entry.Int("clerical_cents_per_quarter_hour", 0, 100000).value_or(0);
  f.actual_labor = entry.Bool("actual_labor").value_or(false);
  f.postage = entry.Bool("postage").value_or(false);
  if (!f.tiers.empty() && !f.flat.empty()) entry.Fail("flat", "use tiers or flat, not both");
  return f;
}

std::optional<Code> CodeField(ObjectReader& entry, std::string_view key, bool (*is_kind)(Code),
                              std::string_view what) {
  std::optional<std::string> name = entry.String(key, 64);
  if (!name) return std::nullopt;
  std::optional<Code> code = CodeFromName(*name);
  if (!code || !is_kind(*code)) {
    entry.Fail(key, "not a " + std::string(what) + " code");
    return std::nullopt;
  }
  return code;
}

std::optional<std::pair<int, int>> DecodeAges(ObjectReader& entry, Problems& problems) {
  const Value* ages = entry.Find("parent_restricted_ages");
  if (ages == nullptr) return std::nullopt;
  if (ages->kind != Value::Kind::kArray || ages->items.size() != 2 ||
      ages->items[0].kind != Value::Kind::kInt || ages->items[1].kind != Value::Kind::kInt ||
      ages->items[0].integer < 0 || ages->items[1].integer < ages->items[0].integer ||
      ages->items[1].integer > 30) {
    entry.Fail("parent_restricted_ages", "expected [min_age, max_age]");
    return std::nullopt;
  }
  (void)problems;
  return std::pair<int, int>{static_cast<int>(ages->items[0].integer),
                             static_cast<int>(ages->items[1].integer)};
}

CategoryRule DecodeCategory(ObjectReader& entry, const Switches& switches, Problems& problems) {
  CategoryRule c;
  c.hit = DecodeHit(entry);
  c.when = DecodeApplicability(entry, switches);
  entry.Require("label");
  c.label = entry.Enum<Label>("label", kLabelNames).value_or(Label::kHiv);
  c.block = entry.Bool("block").value_or(false);
  c.requires_covers = entry.Enum<Cover>("requires_covers", kCoverNames);
  c.requires_form = entry.String("requires_form", 40).value_or("");
  c.requires_witness = entry.Bool("requires_witness").value_or(false);
  c.requires_expiration_date = entry.Bool("requires_expiration_date").value_or(false);
  c.deceased_requires_form = entry.String("deceased_requires_form", 40).value_or("");
  c.parent_restricted_ages = DecodeAges(entry, problems);
  c.reason = CodeField(entry, "reason", IsWithholdingReason, "withholding reason")
                 .value_or(Code::kAuthorizationDoesNotCover);
  c.notice = CodeField(entry, "notice", IsNotice, "notice");
  return c;
}

// [minors] or [representatives]: a rule + cite + one boolean that must be true.
std::optional<RuleHit> DecodeOverride(ObjectReader& root, std::string_view table,
                                      std::string_view flag, Problems& problems) {
  const Value* value = root.Find(table);
  if (value == nullptr) return std::nullopt;
  ObjectReader entry(*value, root.Where().Child(table), problems);
  RuleHit hit = DecodeHit(entry);
  entry.Require(flag);
  bool on = entry.Bool(flag).value_or(false);
  entry.Finish();
  if (!on) return std::nullopt;
  return hit;
}

}  // namespace

StatePack DecodeStatePack(const Value& root, const Location& where, const Switches& overrides,
                          Problems& problems) {
  StatePack pack;
  ObjectReader reader(root, where, problems);
  PackHeader header = DecodePackHeader(reader, problems);
  pack.jurisdiction = header.jurisdiction;
  pack.name = header.name;
  Switches switches = DecodeSwitches(reader, overrides, problems);
  ForEach(reader, "deadlines", problems,
          [&](ObjectReader& e) { pack.deadlines.push_back(DecodeDeadline(e, switches)); });
  ForEach(reader, "fees", problems,
          [&](ObjectReader& e) { pack.fees.push_back(DecodeFee(e, switches, problems)); });
  ForEach(reader, "fee_waivers", problems, [&](ObjectReader& e) {
    RuleHit hit = DecodeHit(e);
    pack.fee_waivers.push_back(FeeWaiver{std::move(hit), DecodeApplicability(e, switches)});
  });
  ForEach(reader, "categories", problems, [&](ObjectReader& e) {
    pack.categories.push_back(DecodeCategory(e, switches, problems));
    pack.category_labels.Insert(pack.categories.back().label);
  });
  ForEach(reader, "subpoenas", problems, [&](ObjectReader& e) {
    RuleHit hit = DecodeHit(e);
    Applicability when = DecodeApplicability(e, switches);
    e.Require("requires_notice_to_patient");
    pack.subpoenas.push_back(
        SubpoenaRule{std::move(hit), when, e.Bool("requires_notice_to_patient").value_or(false)});
  });
  pack.minors_prohibit_parent =
      DecodeOverride(reader, "minors", "prohibits_parent_access_to_minor_consented_care", problems);
  pack.heirs_of_decedent = DecodeOverride(reader, "representatives", "heirs_of_decedent", problems);
  reader.Finish();
  return pack;
}

}  // namespace roi::policy
