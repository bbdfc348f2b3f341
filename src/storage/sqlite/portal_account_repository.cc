// SQLite PortalAccountRepository.  The user and requester are checked in this organization first
// (NotFound); the primary key (organization, user) and the unique (organization, requester) make a
// second account AlreadyExists.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

// OK if `sql` (with ?1 = organization, ?2 = id) finds a row; NotFound naming `what` otherwise.
Status Exists(Connection& connection, const std::string& sql, OrganizationId organization,
              std::int64_t id, const std::string& what) {
  Result<Statement> query = connection.Query(sql, {organization.value, id}, "find " + what);
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(what + " " + std::to_string(id) + " not found");
  return OkStatus();
}

}  // namespace

Status SqlitePortalAccountRepository::Insert(const PortalAccount& account) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status valid = ValidatePortalAccount(account); !valid) return valid;
  if (Status user =
          Exists(connection_, "SELECT 1 FROM users WHERE organization_id = ?1 AND id = ?2",
                 organization_, account.user_id.value, "user");
      !user) {
    return user;
  }
  if (Status requester =
          Exists(connection_, "SELECT 1 FROM requesters WHERE organization_id = ?1 AND id = ?2",
                 organization_, account.requester_id.value, "requester");
      !requester) {
    return requester;
  }
  Result<Statement> taken = connection_.Query(
      "SELECT 1 FROM portal_accounts WHERE organization_id = ?1 AND"
      " (user_id = ?2 OR requester_id = ?3)",
      {organization_.value, account.user_id.value, account.requester_id.value},
      "find portal account");
  if (!taken) return taken.error();
  Result<bool> found = taken->Step();
  if (!found) return found.error();
  if (*found) return AlreadyExistsError("the user or the requester already has a portal account");
  Result<Statement> insert = connection_.Query(
      "INSERT INTO portal_accounts (organization_id, user_id, requester_id, created_micros)"
      " VALUES (?1, ?2, ?3, ?4)",
      {organization_.value, account.user_id.value, account.requester_id.value,
       account.created_micros},
      "add portal account");
  if (!insert) return insert.error();
  Status done = insert->Run();
  if (!done && done.error().code == ErrorCode::kAlreadyExists) {
    return AlreadyExistsError("the user or the requester already has a portal account");
  }
  return done;
}

Result<PortalAccount> SqlitePortalAccountRepository::FindByUser(UserId user) {
  Result<Statement> query = connection_.Query(
      "SELECT user_id, requester_id, created_micros FROM portal_accounts"
      " WHERE organization_id = ?1 AND user_id = ?2",
      {organization_.value, user.value}, "find portal account");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError("user " + std::to_string(user.value) + " has no portal account");
  return PortalAccount{.user_id = UserId(query->Int64(0)),
                       .requester_id = RequesterId(query->Int64(1)),
                       .created_micros = query->Int64(2)};
}

Result<std::vector<RequestId>> SqlitePortalAccountRepository::RequestsOf(RequesterId requester) {
  Result<Statement> query = connection_.Query(
      "SELECT id FROM requests WHERE organization_id = ?1 AND requester_id = ?2 ORDER BY id",
      {organization_.value, requester.value}, "list portal requests");
  if (!query) return query.error();
  std::vector<RequestId> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(RequestId(query->Int64(0)));
  }
}

}  // namespace roi::sqlite
