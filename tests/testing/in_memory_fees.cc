// The fake FeeSettingsRepository.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<FeeSettings> InMemoryFees::Get() {
  auto found = view_.fee_settings.find(organization_);
  if (found == view_.fee_settings.end()) return FeeSettings{};
  return found->second;
}

Result<FeeSettings> InMemoryFees::Put(const FeeSettings& settings) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateFeeSettings(settings); !valid) return valid.error();
  auto found = data_->fee_settings.find(organization_);
  std::int64_t stored = found == data_->fee_settings.end() ? 0 : found->second.version;
  if (stored != settings.version) {
    return AbortedError("the fee settings were changed concurrently (stale version)");
  }
  FeeSettings next = settings;
  next.version = stored + 1;
  data_->fee_settings[organization_] = next;
  return next;
}

Result<std::optional<RequestCosts>> InMemoryFees::FindCosts(RequestId request) {
  auto found = view_.request_costs.find({organization_, request});
  if (found == view_.request_costs.end()) return std::optional<RequestCosts>();
  return std::optional<RequestCosts>(found->second);
}

Result<RequestCosts> InMemoryFees::PutCosts(const RequestCosts& costs) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateRequestCosts(costs); !valid) return valid.error();
  auto request = view_.requests.find(costs.request_id);
  if (request == view_.requests.end() || request->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(costs.request_id.value) + " not found");
  }
  auto found = data_->request_costs.find({organization_, costs.request_id});
  std::int64_t stored = found == data_->request_costs.end() ? 0 : found->second.version;
  if (stored != costs.version) {
    return AbortedError("the costs of request " + std::to_string(costs.request_id.value) +
                        " were changed concurrently (stale version)");
  }
  RequestCosts next = costs;
  next.version = stored + 1;
  data_->request_costs[{organization_, costs.request_id}] = next;
  return next;
}

}  // namespace roi::testing
