// Fee settings: how an organization charges for copies (the `fee_policy` and default `cost` of
// the rules engine's case, spec/decision.md), and the actual costs staff record on one request
// (labor minutes, supplies, postage).  Pure values: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// How the organization charges an individual for an electronic copy of electronic records
// (`fee_policy.patient_electronic`): a flat fee, or its actual cost-based fee.
enum class PatientElectronicFee { kFlat, kActual };

// "flat" or "actual".
std::string_view PatientElectronicFeeName(PatientElectronicFee fee);
// Returns InvalidArgument for any other name.
Result<PatientElectronicFee> ParsePatientElectronicFee(std::string_view name);

// The engine's default flat fee, and the largest amount (in cents) any setting may hold.
inline constexpr std::int64_t kDefaultFlatFeeCents = 650;
inline constexpr std::int64_t kMaxFeeSettingCents = 10'000'000;  // $100,000.
// The most labor one request may record: 100 hours.
inline constexpr std::int64_t kMaxLaborMinutes = 6000;

// An organization's fee settings.  Value type.  `version` is the optimistic-concurrency counter
// kept by storage: 0 while nothing is stored (the defaults), 1 after the first save.
struct FeeSettings {
  PatientElectronicFee patient_electronic = PatientElectronicFee::kFlat;
  std::int64_t flat_cents = kDefaultFlatFeeCents;  // The flat fee under kFlat.
  std::int64_t labor_rate_cents_per_hour = 0;      // Copying labor, for cost-based fees.
  std::int64_t supplies_cents = 0;  // Default supplies (paper copies, portable media).
  std::int64_t postage_cents = 0;   // Default postage (mailed copies).
  std::int64_t version = 0;

  bool operator==(const FeeSettings&) const = default;
};

// Returns InvalidArgument naming the first bad field: an amount below 0 or above
// kMaxFeeSettingCents.  (Whether the flat fee is within the rules' maximum is the service's
// check: the maximum lives in the rule packs.)
Status ValidateFeeSettings(const FeeSettings& settings);

// The actual costs of one request, recorded by staff.  Value type.  Unset supplies or postage
// mean the organization's defaults.  `version` as FeeSettings (0: none recorded).
struct RequestCosts {
  RequestId request_id;
  std::int64_t labor_minutes = 0;
  std::optional<std::int64_t> supplies_cents;
  std::optional<std::int64_t> postage_cents;
  UserId recorded_by;  // Unset for costs entered from the command line.
  std::int64_t recorded_micros = 0;
  std::int64_t version = 0;

  bool operator==(const RequestCosts&) const = default;
};

// Returns InvalidArgument naming the first bad field: no request, labor minutes outside
// 0..kMaxLaborMinutes, an amount below 0 or above kMaxFeeSettingCents.
Status ValidateRequestCosts(const RequestCosts& costs);

// The `cost` of the engine's case: labor minutes and rate, supplies and postage, each the
// request's own value when recorded, else the organization's default.  Value type.
struct CaseCost {
  std::int64_t labor_minutes = 0;
  std::int64_t labor_rate_cents_per_hour = 0;
  std::int64_t supplies_cents = 0;
  std::int64_t postage_cents = 0;

  bool operator==(const CaseCost&) const = default;
};

// `settings` overlaid with `costs` (absent: no labor recorded).
CaseCost CaseCostOf(const FeeSettings& settings, const std::optional<RequestCosts>& costs);

}  // namespace roi
