// PostgreSQL PatientAccessRepository: the assignment query and the break-glass grants.  Every
// statement passes the bound organization as $1.
#include <limits>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

#define ROI_GRANT_SELECT                                                                    \
  "SELECT id, organization_id, patient_id, user_id, reason, granted_micros, expires_micros" \
  " FROM break_glass_grants WHERE organization_id = $1"

BreakGlassGrant ReadGrant(const pqxx::row& row) {
  return BreakGlassGrant{.id = BreakGlassId(row[0].as<std::int64_t>()),
                         .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                         .patient_id = PatientId(row[2].as<std::int64_t>()),
                         .user_id = UserId(row[3].as<std::int64_t>()),
                         .reason = row[4].as<std::string>(),
                         .granted_micros = row[5].as<std::int64_t>(),
                         .expires_micros = row[6].as<std::int64_t>()};
}

}  // namespace

Result<bool> PgPatientAccessRepository::HasAssignment(PatientId patient, UserId user) {
  if (!user.IsSet()) return false;
  return context_.Run("check patient assignment", [&]() -> Result<bool> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT 1 FROM requests r WHERE r.organization_id = $1 AND r.patient_id = $2"
        " AND r.state NOT IN ('released', 'denied', 'closed', 'cancelled')"
        " AND (r.assignee_id = $3 OR EXISTS (SELECT 1 FROM review_tasks t"
        " WHERE t.organization_id = r.organization_id AND t.request_id = r.id"
        " AND ((t.assignee_id = $3 AND t.status <> 'cancelled')"
        " OR (t.assignee_id IS NULL AND t.status = 'open')))) LIMIT 1",
        organization_.value, patient.value, user.value);
    return !rows.empty();
  });
}

Result<BreakGlassGrant> PgPatientAccessRepository::InsertGrant(const BreakGlassGrant& grant) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateBreakGlassGrant(grant); !valid) return valid.error();
  return context_.Run("insert break-glass grant", [&]() -> Result<BreakGlassGrant> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM patients WHERE organization_id = $1 AND id = $2",
                       organization_.value, grant.patient_id.value)
            .empty()) {
      return NotFoundError("patient " + std::to_string(grant.patient_id.value) + " not found");
    }
    if (tx.exec_params("SELECT 1 FROM users WHERE organization_id = $1 AND id = $2",
                       organization_.value, grant.user_id.value)
            .empty()) {
      return NotFoundError("user " + std::to_string(grant.user_id.value) + " not found");
    }
    pqxx::row inserted = tx.exec_params1(
        "INSERT INTO break_glass_grants (organization_id, patient_id, user_id, reason,"
        " granted_micros, expires_micros) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        organization_.value, grant.patient_id.value, grant.user_id.value, grant.reason,
        grant.granted_micros, grant.expires_micros);
    BreakGlassGrant stored = grant;
    stored.id = BreakGlassId(inserted[0].as<std::int64_t>());
    stored.organization_id = organization_;
    return stored;
  });
}

Result<std::optional<BreakGlassGrant>> PgPatientAccessRepository::LiveGrant(
    PatientId patient, UserId user, std::int64_t now_micros) {
  return context_.Run("find break-glass grant", [&]() -> Result<std::optional<BreakGlassGrant>> {
    pqxx::result rows = context_.Transaction().exec_params(
        ROI_GRANT_SELECT
        " AND user_id = $2 AND patient_id = $3 AND granted_micros <= $4 AND expires_micros > $4"
        " ORDER BY expires_micros DESC, id DESC LIMIT 1",
        organization_.value, user.value, patient.value, now_micros);
    if (rows.empty()) return std::optional<BreakGlassGrant>();
    return std::optional<BreakGlassGrant>(ReadGrant(rows[0]));
  });
}

Result<std::vector<BreakGlassGrant>> PgPatientAccessRepository::ListGrants(
    const BreakGlassQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    return InvalidArgumentError("limit must be between 1 and 1000");
  }
  return context_.Run("list break-glass grants", [&]() -> Result<std::vector<BreakGlassGrant>> {
    pqxx::result rows = context_.Transaction().exec_params(
        ROI_GRANT_SELECT
        " AND ($2 = 0 OR patient_id = $2) AND ($3 = 0 OR user_id = $3)"
        " AND granted_micros >= $4 AND granted_micros < $5 AND id > $6 ORDER BY id LIMIT $7",
        organization_.value, query.patient.value, query.user.value,
        query.from_micros.value_or(std::numeric_limits<std::int64_t>::min()),
        query.to_micros.value_or(std::numeric_limits<std::int64_t>::max()), query.after_id.value,
        query.limit);
    std::vector<BreakGlassGrant> out;
    for (const pqxx::row& row : rows) out.push_back(ReadGrant(row));
    return out;
  });
}

}  // namespace roi::postgres
