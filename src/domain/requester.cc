#include "domain/requester.h"

namespace roi {
namespace {

bool IsNpi(const std::string& npi) {
  if (npi.size() != 10) return false;
  for (char c : npi) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

Status ValidateRequester(const Requester& requester) {
  if (requester.role.empty() || requester.role.size() > 64) {
    return InvalidArgumentError("role must be 1 to 64 bytes");
  }
  if (requester.name.empty() || requester.name.size() > 200) {
    return InvalidArgumentError("name must be 1 to 200 bytes");
  }
  for (const auto& [field, value] :
       {std::pair{"organization", &requester.organization}, std::pair{"email", &requester.email},
        std::pair{"phone", &requester.phone}}) {
    if (value->size() > 200) return InvalidArgumentError(std::string(field) + " is over 200 bytes");
  }
  if (requester.address.size() > 500) return InvalidArgumentError("address is over 500 bytes");
  if (!requester.npi.empty() && !IsNpi(requester.npi)) {
    return InvalidArgumentError("npi must be 10 digits");
  }
  return OkStatus();
}

}  // namespace roi
