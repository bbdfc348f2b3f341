#include "app/portal_store.h"

namespace roi {

Status ValidatePortalAccount(const PortalAccount& account) {
  if (!account.user_id.IsSet()) return InvalidArgumentError("user_id must be set");
  if (!account.requester_id.IsSet()) return InvalidArgumentError("requester_id must be set");
  if (account.created_micros < 0)
    return InvalidArgumentError("created_micros must not be negative");
  return OkStatus();
}

}  // namespace roi
