// RuleSet: the figures and switches of every loaded rule pack (rules/*.toml), precomputed for
// Decide().  The C++ in decide_*.cc holds the logic; a RuleSet holds deadlines, fee schedules,
// special categories, effective dates and citations.  Built only by LoadRuleSet() (engine.h).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/date.h"
#include "policy/case.h"
#include "policy/codes.h"
#include "policy/decision.h"

namespace roi::policy {

enum class DayUnit : std::uint8_t { kCalendar, kBusiness };
inline constexpr std::array<std::string_view, 2> kDayUnitNames = {"calendar", "business"};

// When a state clock starts: at receipt of the request, or once both request and payment are in.
enum class ClockStart : std::uint8_t { kReceived, kPayment };
inline constexpr std::array<std::string_view, 2> kClockStartNames = {"received", "payment"};

// Who pays: the individual (access by the patient or a personal representative) or anyone else.
enum class Payer : std::uint8_t { kIndividual, kThirdParty };
inline constexpr std::array<std::string_view, 2> kPayerNames = {"individual", "third_party"};

// The conditions under which a state-pack entry applies.  Empty sets match everything.
struct Applicability {
  BasisSet bases;
  EntitySet entity_types;
  RoleSet roles;
  RoleSet not_roles;
  FormatSet formats;
  PurposeSet purposes;
  std::optional<Date> effective_from;
  std::optional<Date> effective_to;  // Inclusive.
  bool enabled = true;               // False when the entry's switch is off.
};

struct StateDeadline {
  RuleHit hit;
  Applicability when;
  int days = 0;
  DayUnit unit = DayUnit::kCalendar;
  ClockStart clock = ClockStart::kReceived;
  bool written_only = false;  // The clock runs only for a written request.
};

struct PageTier {
  std::int64_t from_page = 1;
  std::int64_t cents = 0;  // Per page from `from_page` on.
};

struct FlatTier {
  std::int64_t max_pages = 0;  // 0: no upper bound.
  std::int64_t cents = 0;
};

// A state fee schedule or cap: base + per-page tiers (or flat tiers by page count) + per year of
// records + clerical time + postage.
struct FeeSchedule {
  RuleHit hit;
  Applicability when;
  EnumSet<Payer> payers;
  std::int64_t base_cents = 0;
  std::int64_t base_pages = 0;  // Pages included in the base charge.
  std::vector<PageTier> tiers;
  std::vector<FlatTier> flat;
  std::int64_t per_year_cents = 0;
  std::int64_t clerical_cents_per_quarter_hour = 0;
  bool actual_labor = false;  // Plus the actual labor cost ("reasonable clerical costs").
  bool postage = false;
};

// A state rule that makes copies free (e.g. for a public-benefits appeal).
struct FeeWaiver {
  RuleHit hit;
  Applicability when;
};

// A special category of records (HIV, mental health, ...) with what releasing it requires.
struct CategoryRule {
  RuleHit hit;
  Applicability when;
  Label label = Label::kHiv;
  bool block = false;                     // Never released on the bases in `when`.
  std::optional<Cover> requires_covers;   // The authorization must name this category.
  std::string requires_form;              // authorization.state_forms must hold this form.
  bool requires_witness = false;          // AUTH_NOT_WITNESSED unless witnessed.
  bool requires_expiration_date = false;  // No date: release only on the day received.
  std::string deceased_requires_form;     // THERAPIST_CONSENT_REQUIRED unless present.
  std::optional<std::pair<int, int>> parent_restricted_ages;  // Parents barred at these ages.
  Code reason = Code::kAuthorizationDoesNotCover;
  std::optional<Code> notice;  // Travels with a released document.
};

struct SubpoenaRule {
  RuleHit hit;
  Applicability when;
  bool requires_notice_to_patient = false;
};

// Value type.  One state's overlay.
struct StatePack {
  std::string jurisdiction;  // "US-CA"
  std::string name;
  std::vector<StateDeadline> deadlines;
  std::vector<FeeSchedule> fees;
  std::vector<FeeWaiver> fee_waivers;
  std::vector<CategoryRule> categories;
  std::vector<SubpoenaRule> subpoenas;
  std::optional<RuleHit>
      minors_prohibit_parent;                // State law bars parents from minor-consented care.
  std::optional<RuleHit> heirs_of_decedent;  // Heirs/distributees are qualified persons.
  LabelSet category_labels;                  // Union of categories[].label (precomputed).
};

// Value type.  The federal figures (rules/federal.toml).
struct FederalPack {
  int access_days = 30;
  int access_extension_days = 30;
  int proposal_days = 15;
  int proposal_extension_days = 15;
  bool access_15_day_proposal = false;  // Switch: 86 FR 6446 (not final).
  int accounting_days = 60;
  int accounting_extension_days = 30;
  std::int64_t flat_fee_max_cents = 650;
  int age_of_majority = 18;
  int decedent_phi_years = 50;
  Date clia_exclusion_removed_on;
  Date part2_copy_of_consent_from;
  bool oral_revocation_holds = true;
  bool sud_counseling_notes_excluded_from_access = true;
  bool part2_deceased_consent_by_representative = false;  // Switch: 42 CFR 2.15(b).
  KindSet law_enforcement_excluded_kinds;
  KindSet law_enforcement_permitted_kinds;
  std::array<std::optional<KindSet>, kPurposeNames.size()> whole_record_kinds;
  KindSet whole_record_default_kinds;
  std::array<RuleHit, static_cast<std::size_t>(Rule::kCount)> hits;
};

// Value type, immutable once built: safe to share read-only between threads.
class RuleSet {
 public:
  RuleSet(FederalPack federal, std::vector<StatePack> states)
      : federal_(std::move(federal)), states_(std::move(states)) {}

  const FederalPack& Federal() const { return federal_; }
  const RuleHit& Hit(Rule rule) const { return federal_.hits[static_cast<std::size_t>(rule)]; }
  // The overlay for `jurisdiction` ("US-CA"), or nullptr when there is none.
  const StatePack* State(std::string_view jurisdiction) const;
  // "US" and every loaded state, sorted.
  std::vector<std::string> Jurisdictions() const;

 private:
  FederalPack federal_;
  std::vector<StatePack> states_;
};

// True when `when` applies to a request with these facts.
struct RequestFacts {
  Basis basis;
  EntityType entity;
  Role role;
  Format format;
  Purpose purpose;
  Date as_of;
};
bool Applies(const Applicability& when, const RequestFacts& facts);

}  // namespace roi::policy
