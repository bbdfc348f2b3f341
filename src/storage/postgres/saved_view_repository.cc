// PostgreSQL SavedViewRepository.  Put is INSERT ... ON CONFLICT DO UPDATE on the (organization,
// user, screen, name) unique key: two saves of one name at once store one row, the later filters
// winning, and neither fails.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

SavedView ReadView(const pqxx::row& row) {
  return SavedView{.id = row[0].as<std::int64_t>(),
                   .user_id = UserId(row[1].as<std::int64_t>()),
                   .screen = row[2].as<std::string>(),
                   .name = row[3].as<std::string>(),
                   .filters_json = row[4].as<std::string>(),
                   .updated_micros = row[5].as<std::int64_t>()};
}

}  // namespace

Result<std::vector<SavedView>> PgSavedViewRepository::List(UserId user, std::string_view screen) {
  return context_.Run("list saved views", [&]() -> Result<std::vector<SavedView>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT id, user_id, screen, name, filters_json, updated_micros FROM saved_views"
        " WHERE organization_id = $1 AND user_id = $2 AND screen = $3 ORDER BY name COLLATE \"C\"",
        organization_.value, user.value, std::string(screen));
    std::vector<SavedView> out;
    for (const pqxx::row& row : rows) out.push_back(ReadView(row));
    return out;
  });
}

Result<SavedView> PgSavedViewRepository::Put(const SavedView& view) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateSavedView(view); !valid) return valid.error();
  return context_.Run("save view", [&]() -> Result<SavedView> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM users WHERE organization_id = $1 AND id = $2",
                       organization_.value, view.user_id.value)
            .empty()) {
      return NotFoundError("user " + std::to_string(view.user_id.value) + " not found");
    }
    pqxx::result rows = tx.exec_params(
        "INSERT INTO saved_views (organization_id, user_id, screen, name, filters_json,"
        " updated_micros) VALUES ($1, $2, $3, $4, $5, $6)"
        " ON CONFLICT (organization_id, user_id, screen, name) DO UPDATE SET"
        " filters_json = EXCLUDED.filters_json, updated_micros = EXCLUDED.updated_micros"
        " RETURNING id, user_id, screen, name, filters_json, updated_micros",
        organization_.value, view.user_id.value, view.screen, view.name, view.filters_json,
        view.updated_micros);
    return ReadView(rows[0]);
  });
}

Status PgSavedViewRepository::Delete(UserId user, std::int64_t id) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("delete saved view", [&]() -> Status {
    pqxx::result rows = context_.Transaction().exec_params(
        "DELETE FROM saved_views WHERE organization_id = $1 AND user_id = $2 AND id = $3"
        " RETURNING id",
        organization_.value, user.value, id);
    if (rows.empty()) return NotFoundError("saved view " + std::to_string(id) + " not found");
    return OkStatus();
  });
}

}  // namespace roi::postgres
