// SQLite PatientAccessRepository: the assignment query and the break-glass grants.  Every
// statement filters by the bound organization.
#include <limits>
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kGrantColumns =
    "SELECT id, organization_id, patient_id, user_id, reason, granted_micros, expires_micros"
    " FROM break_glass_grants WHERE organization_id = ?1";

BreakGlassGrant ReadGrant(const Statement& row) {
  return BreakGlassGrant{.id = BreakGlassId(row.Int64(0)),
                         .organization_id = OrganizationId(row.Int64(1)),
                         .patient_id = PatientId(row.Int64(2)),
                         .user_id = UserId(row.Int64(3)),
                         .reason = row.Text(4),
                         .granted_micros = row.Int64(5),
                         .expires_micros = row.Int64(6)};
}

// NotFound unless `table` has row `id` in `organization`.
Status RequireRow(Connection& connection, std::string_view table, std::string_view what,
                  OrganizationId organization, std::int64_t id) {
  Result<Statement> query = connection.Query(
      "SELECT 1 FROM " + std::string(table) + " WHERE organization_id = ?1 AND id = ?2",
      {organization.value, id}, "find break-glass " + std::string(what));
  if (!query) return query.error();
  Result<bool> found = query->Step();
  if (!found) return found.error();
  if (!*found) return NotFoundError(std::string(what) + " " + std::to_string(id) + " not found");
  return OkStatus();
}

}  // namespace

Result<bool> SqlitePatientAccessRepository::HasAssignment(PatientId patient, UserId user) {
  if (!user.IsSet()) return false;
  Result<Statement> query = connection_.Query(
      "SELECT 1 FROM requests r WHERE r.organization_id = ?1 AND r.patient_id = ?2"
      " AND r.state NOT IN ('released', 'denied', 'closed', 'cancelled')"
      " AND (r.assignee_id = ?3 OR EXISTS (SELECT 1 FROM review_tasks t"
      " WHERE t.organization_id = r.organization_id AND t.request_id = r.id"
      " AND ((t.assignee_id = ?3 AND t.status <> 'cancelled')"
      " OR (t.assignee_id IS NULL AND t.status = 'open')))) LIMIT 1",
      {organization_.value, patient.value, user.value}, "check patient assignment");
  if (!query) return query.error();
  return query->Step();
}

Result<BreakGlassGrant> SqlitePatientAccessRepository::InsertGrant(const BreakGlassGrant& grant) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateBreakGlassGrant(grant); !valid) return valid.error();
  if (Status found =
          RequireRow(connection_, "patients", "patient", organization_, grant.patient_id.value);
      !found) {
    return found.error();
  }
  if (Status found = RequireRow(connection_, "users", "user", organization_, grant.user_id.value);
      !found) {
    return found.error();
  }
  Result<Statement> insert = connection_.Query(
      "INSERT INTO break_glass_grants (organization_id, patient_id, user_id, reason,"
      " granted_micros, expires_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {organization_.value, grant.patient_id.value, grant.user_id.value, grant.reason,
       grant.granted_micros, grant.expires_micros},
      "insert break-glass grant");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  BreakGlassGrant stored = grant;
  stored.id = BreakGlassId(connection_.LastInsertId());
  stored.organization_id = organization_;
  return stored;
}

Result<std::optional<BreakGlassGrant>> SqlitePatientAccessRepository::LiveGrant(
    PatientId patient, UserId user, std::int64_t now_micros) {
  Result<Statement> query = connection_.Query(
      std::string(kGrantColumns) +
          " AND user_id = ?2 AND patient_id = ?3 AND granted_micros <= ?4 AND expires_micros > ?4"
          " ORDER BY expires_micros DESC, id DESC LIMIT 1",
      {organization_.value, user.value, patient.value, now_micros}, "find break-glass grant");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<BreakGlassGrant>();
  return std::optional<BreakGlassGrant>(ReadGrant(*query));
}

Result<std::vector<BreakGlassGrant>> SqlitePatientAccessRepository::ListGrants(
    const BreakGlassQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    return InvalidArgumentError("limit must be between 1 and 1000");
  }
  Result<Statement> select = connection_.Query(
      std::string(kGrantColumns) +
          " AND (?2 = 0 OR patient_id = ?2) AND (?3 = 0 OR user_id = ?3)"
          " AND granted_micros >= ?4 AND granted_micros < ?5 AND id > ?6 ORDER BY id LIMIT ?7",
      {organization_.value, query.patient.value, query.user.value,
       query.from_micros.value_or(std::numeric_limits<std::int64_t>::min()),
       query.to_micros.value_or(std::numeric_limits<std::int64_t>::max()), query.after_id.value,
       std::int64_t{query.limit}},
      "list break-glass grants");
  if (!select) return select.error();
  std::vector<BreakGlassGrant> out;
  for (;;) {
    Result<bool> row = select->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadGrant(*select));
  }
}

}  // namespace roi::sqlite
