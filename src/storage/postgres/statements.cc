#include "storage/postgres/statements.h"

namespace roi::postgres {
namespace {

// Dates are read with to_char so that the server's DateStyle cannot change their format.
#define ROI_USER_SELECT                                                                       \
  "SELECT id, organization_id, email, display_name, role, password_hash, disabled,"           \
  " failed_logins, locked_until_micros, release_authorized,"                                  \
  " to_char(training_attested_on, 'YYYY-MM-DD'), to_char(training_expires_on, 'YYYY-MM-DD')," \
  " version FROM users WHERE organization_id = $1"

#define ROI_JOB_COLUMNS                                                                       \
  "id, organization_id, kind, payload, dedupe_key, priority, run_at_micros, state, attempts," \
  " lease_owner, lease_expires_micros, last_error"

#define ROI_PATIENT_SELECT                                                                 \
  "SELECT id, organization_id, mrn, given_name, family_name,"                              \
  " to_char(birth_date, 'YYYY-MM-DD'), to_char(deceased_on, 'YYYY-MM-DD'), phone, email, " \
  "address, version FROM patients WHERE organization_id = $1"

constexpr PreparedStatement kStatements[] = {
    {"organization_exists", "SELECT 1 FROM organizations WHERE id = $1"},
    {"organization_insert",
     "INSERT INTO organizations (name, slug, state) VALUES ($1, $2, $3)"
     " ON CONFLICT DO NOTHING RETURNING id"},
    {"organization_find", "SELECT id, name, slug, state, version FROM organizations WHERE id = $1"},
    {"organization_find_slug",
     "SELECT id, name, slug, state, version FROM organizations WHERE slug = $1"},
    {"organization_list", "SELECT id, name, slug, state, version FROM organizations ORDER BY id"},
    {"organization_update",
     "UPDATE organizations SET name = $2, slug = $3, state = $4, version = version + 1"
     " WHERE id = $1 AND version = $5"},
    {"facility_insert",
     "INSERT INTO facilities (organization_id, name, npi) VALUES ($1, $2, $3) RETURNING id"},
    {"facility_find",
     "SELECT id, organization_id, name, npi, version FROM facilities"
     " WHERE organization_id = $1 AND id = $2"},
    {"facility_list",
     "SELECT id, organization_id, name, npi, version FROM facilities"
     " WHERE organization_id = $1 ORDER BY id"},
    {"patient_insert",
     "INSERT INTO patients (organization_id, mrn, given_name, family_name, family_name_fold,"
     " birth_date, deceased_on, phone, email, address)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
     " ON CONFLICT DO NOTHING RETURNING id"},
    {"patient_find", ROI_PATIENT_SELECT " AND id = $2"},
    {"patient_find_mrn", ROI_PATIENT_SELECT " AND mrn = $2"},
    {"patient_count", "SELECT COUNT(*) FROM patients WHERE organization_id = $1"},
    {"patient_update",
     "UPDATE patients SET mrn = $3, given_name = $4, family_name = $5, family_name_fold = $6,"
     " birth_date = $7, deceased_on = $8, phone = $9, email = $10, address = $11,"
     " version = version + 1 WHERE organization_id = $1 AND id = $2 AND version = $12"},
    // One statement per combination of List filters, so each gets a plan that uses its index.
    {"patient_list", ROI_PATIENT_SELECT " AND id > $2 ORDER BY id LIMIT $3"},
    {"patient_list_name",
     ROI_PATIENT_SELECT " AND id > $2 AND family_name_fold LIKE $3 ORDER BY id LIMIT $4"},
    {"patient_list_mrn", ROI_PATIENT_SELECT " AND id > $2 AND mrn = $3 ORDER BY id LIMIT $4"},
    {"patient_list_name_mrn", ROI_PATIENT_SELECT
     " AND id > $2 AND family_name_fold LIKE $3 AND mrn = $4 ORDER BY id LIMIT $5"},
    {"user_insert",
     "INSERT INTO users (organization_id, email, display_name, role, password_hash, disabled,"
     " failed_logins, locked_until_micros, release_authorized, training_attested_on,"
     " training_expires_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
     " ON CONFLICT DO NOTHING RETURNING id"},
    {"user_find", ROI_USER_SELECT " AND id = $2"},
    {"user_find_email", ROI_USER_SELECT " AND email = $2"},
    {"user_list", ROI_USER_SELECT " ORDER BY id"},
    {"user_update",
     "UPDATE users SET email = $3, display_name = $4, role = $5, password_hash = $6,"
     " disabled = $7, failed_logins = $8, locked_until_micros = $9, release_authorized = $10,"
     " training_attested_on = $11, training_expires_on = $12, version = version + 1"
     " WHERE organization_id = $1 AND id = $2 AND version = $13"},
    {"session_insert",
     "INSERT INTO sessions (organization_id, token_hash, user_id, csrf_token, created_micros,"
     " expires_micros, last_seen_micros) VALUES ($1, $2, $3, $4, $5, $6, $7)"
     " ON CONFLICT DO NOTHING"},
    {"session_find",
     "SELECT token_hash, user_id, organization_id, csrf_token, created_micros, expires_micros,"
     " last_seen_micros FROM sessions WHERE organization_id = $1 AND token_hash = $2"},
    {"session_touch",
     "UPDATE sessions SET last_seen_micros = $3 WHERE organization_id = $1 AND token_hash = $2"},
    {"session_delete", "DELETE FROM sessions WHERE organization_id = $1 AND token_hash = $2"},
    {"session_delete_user", "DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2"},
    {"job_find_dedupe",
     "SELECT " ROI_JOB_COLUMNS " FROM jobs WHERE organization_id = $1 AND kind = $2"
     " AND dedupe_key = $3 AND state IN ('pending', 'running')"},
    // A concurrent enqueue of the same dedupe key loses the race on jobs_dedupe_idx and inserts
    // nothing; the repository then reads the winner.
    {"job_insert",
     "INSERT INTO jobs (organization_id, kind, payload, dedupe_key, priority, run_at_micros,"
     " state) VALUES ($1, $2, $3, $4, $5, $6, 'pending') ON CONFLICT DO NOTHING RETURNING id"},
    {"job_find", "SELECT " ROI_JOB_COLUMNS " FROM jobs WHERE organization_id = $1 AND id = $2"},
    {"job_cancel",
     "UPDATE jobs SET state = 'cancelled' WHERE organization_id = $1 AND kind = $2"
     " AND dedupe_key = $3 AND state = 'pending'"},
    {"job_complete",
     "UPDATE jobs SET state = 'done', lease_expires_micros = 0 WHERE organization_id = $1"
     " AND id = $2 AND state = 'running' AND lease_owner = $3 AND lease_expires_micros > $4"},
    // SKIP LOCKED: concurrent workers each take different rows instead of waiting on each other.
    {"job_claim",
     "UPDATE jobs SET state = 'running', lease_owner = $1, lease_expires_micros = $2 + $3,"
     " attempts = attempts + 1 WHERE (organization_id, id) IN (SELECT organization_id, id"
     " FROM jobs WHERE (state = 'pending' AND run_at_micros <= $2)"
     " OR (state = 'running' AND lease_expires_micros <= $2)"
     " ORDER BY priority DESC, run_at_micros, id LIMIT $4 FOR UPDATE SKIP LOCKED)"
     " RETURNING " ROI_JOB_COLUMNS},
    {"job_fail",
     "UPDATE jobs SET state = $3, run_at_micros = COALESCE($4, run_at_micros),"
     " lease_owner = '', lease_expires_micros = 0, last_error = $5"
     " WHERE id = $1 AND state = 'running' AND lease_owner = $2"},
    {"job_exists", "SELECT 1 FROM jobs WHERE id = $1"},
    {"schema_version", "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"},
    {"ping", "SELECT 1"},
};

#undef ROI_PATIENT_SELECT
#undef ROI_USER_SELECT
#undef ROI_JOB_COLUMNS

}  // namespace

std::span<const PreparedStatement> PreparedStatements() { return kStatements; }

}  // namespace roi::postgres
