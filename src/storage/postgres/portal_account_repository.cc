// PostgreSQL PortalAccountRepository.  The user and requester are checked in this organization
// first (NotFound); the primary key (organization, user) and the unique (organization, requester)
// make a second account AlreadyExists, also when two registrations race.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {

Status PgPortalAccountRepository::Insert(const PortalAccount& account) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (Status valid = ValidatePortalAccount(account); !valid) return valid;
  Status done = context_.Run("add portal account", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM users WHERE organization_id = $1 AND id = $2",
                       organization_.value, account.user_id.value)
            .empty()) {
      return NotFoundError("user " + std::to_string(account.user_id.value) + " not found");
    }
    if (tx.exec_params("SELECT 1 FROM requesters WHERE organization_id = $1 AND id = $2",
                       organization_.value, account.requester_id.value)
            .empty()) {
      return NotFoundError("requester " + std::to_string(account.requester_id.value) +
                           " not found");
    }
    if (!tx.exec_params("SELECT 1 FROM portal_accounts WHERE organization_id = $1 AND"
                        " (user_id = $2 OR requester_id = $3)",
                        organization_.value, account.user_id.value, account.requester_id.value)
             .empty()) {
      return AlreadyExistsError("the user or the requester already has a portal account");
    }
    tx.exec_params(
        "INSERT INTO portal_accounts (organization_id, user_id, requester_id, created_micros)"
        " VALUES ($1, $2, $3, $4)",
        organization_.value, account.user_id.value, account.requester_id.value,
        account.created_micros);
    return OkStatus();
  });
  if (!done && done.error().code == ErrorCode::kAlreadyExists) {
    return AlreadyExistsError("the user or the requester already has a portal account");
  }
  return done;
}

Result<PortalAccount> PgPortalAccountRepository::FindByUser(UserId user) {
  return context_.Run("find portal account", [&]() -> Result<PortalAccount> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT user_id, requester_id, created_micros FROM portal_accounts"
        " WHERE organization_id = $1 AND user_id = $2",
        organization_.value, user.value);
    if (rows.empty()) {
      return NotFoundError("user " + std::to_string(user.value) + " has no portal account");
    }
    return PortalAccount{.user_id = UserId(rows[0][0].as<std::int64_t>()),
                         .requester_id = RequesterId(rows[0][1].as<std::int64_t>()),
                         .created_micros = rows[0][2].as<std::int64_t>()};
  });
}

Result<std::vector<RequestId>> PgPortalAccountRepository::RequestsOf(RequesterId requester) {
  return context_.Run("list portal requests", [&]() -> Result<std::vector<RequestId>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT id FROM requests WHERE organization_id = $1 AND requester_id = $2 ORDER BY id",
        organization_.value, requester.value);
    std::vector<RequestId> out;
    for (const pqxx::row& row : rows) out.push_back(RequestId(row[0].as<std::int64_t>()));
    return out;
  });
}

}  // namespace roi::postgres
