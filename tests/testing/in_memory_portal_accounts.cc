#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Status InMemoryPortalAccounts::Insert(const PortalAccount& account) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (Status valid = ValidatePortalAccount(account); !valid) return valid;
  auto user = data_->users.find(account.user_id);
  if (user == data_->users.end() || user->second.organization_id != organization_) {
    return NotFoundError("user " + std::to_string(account.user_id.value) + " not found");
  }
  auto requester = data_->requesters.find(account.requester_id);
  if (requester == data_->requesters.end() || requester->second.organization_id != organization_) {
    return NotFoundError("requester " + std::to_string(account.requester_id.value) + " not found");
  }
  for (const auto& [key, stored] : data_->portal_accounts) {
    if (key.first != organization_) continue;
    if (stored.user_id == account.user_id) {
      return AlreadyExistsError("the user already has a portal account");
    }
    if (stored.requester_id == account.requester_id) {
      return AlreadyExistsError("the requester already belongs to a portal account");
    }
  }
  data_->portal_accounts[{organization_, account.user_id}] = account;
  return OkStatus();
}

Result<PortalAccount> InMemoryPortalAccounts::FindByUser(UserId user) {
  auto found = view_.portal_accounts.find({organization_, user});
  if (found == view_.portal_accounts.end()) {
    return NotFoundError("user " + std::to_string(user.value) + " has no portal account");
  }
  return found->second;
}

Result<std::vector<RequestId>> InMemoryPortalAccounts::RequestsOf(RequesterId requester) {
  std::vector<RequestId> out;
  for (const auto& [id, request] : view_.requests) {
    if (request.organization_id == organization_ && request.requester_id == requester) {
      out.push_back(id);
    }
  }
  return out;
}

}  // namespace roi::testing
