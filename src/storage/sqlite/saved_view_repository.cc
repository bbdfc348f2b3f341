// SQLite SavedViewRepository.  Put is an upsert on the (organization, user, screen, name) unique
// key; write transactions are serialized (BEGIN IMMEDIATE), so two saves of one name store one row.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

SavedView ReadView(const Statement& row) {
  return SavedView{.id = row.Int64(0),
                   .user_id = UserId(row.Int64(1)),
                   .screen = row.Text(2),
                   .name = row.Text(3),
                   .filters_json = row.Text(4),
                   .updated_micros = row.Int64(5)};
}

constexpr std::string_view kColumns =
    "SELECT id, user_id, screen, name, filters_json, updated_micros FROM saved_views";

}  // namespace

Result<std::vector<SavedView>> SqliteSavedViewRepository::List(UserId user,
                                                               std::string_view screen) {
  Result<Statement> query = connection_.Query(
      std::string(kColumns) +
          " WHERE organization_id = ?1 AND user_id = ?2 AND screen = ?3 ORDER BY name",
      {organization_.value, user.value, screen}, "list saved views");
  if (!query) return query.error();
  std::vector<SavedView> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadView(*query));
  }
}

Result<SavedView> SqliteSavedViewRepository::Put(const SavedView& view) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateSavedView(view); !valid) return valid.error();
  Result<Statement> user =
      connection_.Query("SELECT 1 FROM users WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, view.user_id.value}, "find user");
  if (!user) return user.error();
  Result<bool> found = user->Step();
  if (!found) return found.error();
  if (!*found) return NotFoundError("user " + std::to_string(view.user_id.value) + " not found");
  Result<Statement> upsert = connection_.Query(
      "INSERT INTO saved_views (organization_id, user_id, screen, name, filters_json,"
      " updated_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT (organization_id, user_id, screen, name) DO UPDATE SET"
      " filters_json = excluded.filters_json, updated_micros = excluded.updated_micros",
      {organization_.value, view.user_id.value, view.screen, view.name, view.filters_json,
       view.updated_micros},
      "save view");
  if (!upsert) return upsert.error();
  if (Status done = upsert->Run(); !done) return done.error();
  Result<Statement> stored = connection_.Query(
      std::string(kColumns) +
          " WHERE organization_id = ?1 AND user_id = ?2 AND screen = ?3 AND name = ?4",
      {organization_.value, view.user_id.value, view.screen, view.name}, "read saved view");
  if (!stored) return stored.error();
  Result<bool> row = stored->Step();
  if (!row) return row.error();
  if (!*row) return InternalError("saved view vanished after its upsert");
  return ReadView(*stored);
}

Status SqliteSavedViewRepository::Delete(UserId user, std::int64_t id) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> remove = connection_.Query(
      "DELETE FROM saved_views WHERE organization_id = ?1 AND user_id = ?2 AND id = ?3",
      {organization_.value, user.value, id}, "delete saved view");
  if (!remove) return remove.error();
  if (Status done = remove->Run(); !done) return done;
  if (connection_.Changes() == 0) {
    return NotFoundError("saved view " + std::to_string(id) + " not found");
  }
  return OkStatus();
}

}  // namespace roi::sqlite
