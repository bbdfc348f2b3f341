// PortalAccountRepository: the link from a portal user (role requester or patient) to the
// requester record that stands for that person, so the portal can show them only their own
// requests.  Part of the storage port (app/store.h); bound to one organization.
#pragma once

#include <cstdint>
#include <vector>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type: one portal account.  A user has at most one; a requester record belongs to at most
// one account.
struct PortalAccount {
  UserId user_id;
  RequesterId requester_id;
  std::int64_t created_micros = 0;

  bool operator==(const PortalAccount&) const = default;
};

// Returns InvalidArgument naming the first bad field: user or requester id unset, negative time.
Status ValidatePortalAccount(const PortalAccount& account);

// Interface; bound to the transaction's organization.
class PortalAccountRepository {
 public:
  virtual ~PortalAccountRepository() = default;
  // Stores the link.  Returns InvalidArgument if it does not validate, NotFound if the user or
  // the requester is not in this organization, AlreadyExists if the user already has an account
  // or the requester already belongs to one.
  virtual Status Insert(const PortalAccount& account) = 0;
  // Returns NotFound if the user has no portal account in this organization.
  virtual Result<PortalAccount> FindByUser(UserId user) = 0;
  // The ids of this organization's requests whose requester is `requester`, by id (empty for an
  // unknown requester).
  virtual Result<std::vector<RequestId>> RequestsOf(RequesterId requester) = 0;
};

}  // namespace roi
