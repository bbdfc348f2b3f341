#include "domain/fee_settings.h"

#include <string>

namespace roi {
namespace {

Status CheckAmount(std::int64_t cents, std::string_view field) {
  if (cents < 0) return InvalidArgumentError(std::string(field) + " must not be negative");
  if (cents > kMaxFeeSettingCents) {
    return InvalidArgumentError(std::string(field) + " must be at most " +
                                std::to_string(kMaxFeeSettingCents) + " cents");
  }
  return OkStatus();
}

}  // namespace

std::string_view PatientElectronicFeeName(PatientElectronicFee fee) {
  return fee == PatientElectronicFee::kActual ? "actual" : "flat";
}

Result<PatientElectronicFee> ParsePatientElectronicFee(std::string_view name) {
  if (name == "flat") return PatientElectronicFee::kFlat;
  if (name == "actual") return PatientElectronicFee::kActual;
  return InvalidArgumentError("patient_electronic must be \"flat\" or \"actual\", not \"" +
                              std::string(name) + "\"");
}

Status ValidateFeeSettings(const FeeSettings& s) {
  if (Status ok = CheckAmount(s.flat_cents, "flat_cents"); !ok) return ok;
  if (Status ok = CheckAmount(s.labor_rate_cents_per_hour, "labor_rate_cents_per_hour"); !ok) {
    return ok;
  }
  if (Status ok = CheckAmount(s.supplies_cents, "supplies_cents"); !ok) return ok;
  return CheckAmount(s.postage_cents, "postage_cents");
}

Status ValidateRequestCosts(const RequestCosts& c) {
  if (!c.request_id.IsSet()) return InvalidArgumentError("request_id must be set");
  if (c.labor_minutes < 0) return InvalidArgumentError("labor_minutes must not be negative");
  if (c.labor_minutes > kMaxLaborMinutes) {
    return InvalidArgumentError("labor_minutes must be at most " +
                                std::to_string(kMaxLaborMinutes));
  }
  if (c.supplies_cents) {
    if (Status ok = CheckAmount(*c.supplies_cents, "supplies_cents"); !ok) return ok;
  }
  if (c.postage_cents) {
    if (Status ok = CheckAmount(*c.postage_cents, "postage_cents"); !ok) return ok;
  }
  return OkStatus();
}

CaseCost CaseCostOf(const FeeSettings& settings, const std::optional<RequestCosts>& costs) {
  CaseCost cost{.labor_minutes = 0,
                .labor_rate_cents_per_hour = settings.labor_rate_cents_per_hour,
                .supplies_cents = settings.supplies_cents,
                .postage_cents = settings.postage_cents};
  if (costs) {
    cost.labor_minutes = costs->labor_minutes;
    if (costs->supplies_cents) cost.supplies_cents = *costs->supplies_cents;
    if (costs->postage_cents) cost.postage_cents = *costs->postage_cents;
  }
  return cost;
}

}  // namespace roi
