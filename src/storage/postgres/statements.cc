#include "storage/postgres/statements.h"

namespace roi::postgres {
namespace {

// Dates are read with to_char so that the server's DateStyle cannot change their format.
#define ROI_USER_SELECT                                                                       \
  "SELECT id, organization_id, email, display_name, role, password_hash, disabled,"           \
  " failed_logins, locked_until_micros, release_authorized,"                                  \
  " to_char(training_attested_on, 'YYYY-MM-DD'), to_char(training_expires_on, 'YYYY-MM-DD')," \
  " version FROM users WHERE organization_id = $1"

#define ROI_AUDIT_SELECT                                                                          \
  "SELECT organization_id, sequence, occurred_micros, actor_id, actor_label, action, patient_id," \
  " entity_kind, entity_id, outcome, remote_address, detail, prev_hash, hash"                     \
  " FROM audit_events WHERE organization_id = $1"

#define ROI_JOB_COLUMNS                                                                       \
  "id, organization_id, kind, payload, dedupe_key, priority, run_at_micros, state, attempts," \
  " lease_owner, lease_expires_micros, last_error"

#define ROI_PATIENT_SELECT                                                                 \
  "SELECT id, organization_id, mrn, given_name, family_name,"                              \
  " to_char(birth_date, 'YYYY-MM-DD'), to_char(deceased_on, 'YYYY-MM-DD'), phone, email, " \
  "address, version FROM patients WHERE organization_id = $1"

// Leaves out pending-match patients a re-match merged (patient_rematches.pending_merged).
#define ROI_PATIENT_NOT_MERGED                                                      \
  " AND NOT EXISTS (SELECT 1 FROM patient_rematches m WHERE m.organization_id = $1" \
  " AND m.from_patient_id = patients.id AND m.pending_merged)"

#define ROI_DISCLOSURE_SELECT                                                                \
  "SELECT id, organization_id, patient_id, request_id, to_char(disclosed_on, 'YYYY-MM-DD')," \
  " recipient_name, recipient_address, description, purpose, released_by, means, fee_cents," \
  " basis FROM disclosures WHERE organization_id = $1"

#define ROI_SUSPENSION_SELECT                                                              \
  "SELECT id, organization_id, patient_id, agency_kind, agency_name, official, statement," \
  " to_char(starts_on, 'YYYY-MM-DD'), to_char(ends_on, 'YYYY-MM-DD'), reason, recorded_by" \
  " FROM accounting_suspensions WHERE organization_id = $1"

constexpr PreparedStatement kStatements[] = {
    {"organization_exists", "SELECT 1 FROM organizations WHERE id = $1"},
    {"organization_insert",
     "INSERT INTO organizations (name, slug, state, entity_type, part2_program,"
     " assignment_scoped_roles) VALUES ($1, $2, $3, $4, $5, $6)"
     " ON CONFLICT DO NOTHING RETURNING id"},
    {"organization_find",
     "SELECT id, name, slug, state, version, entity_type, part2_program, assignment_scoped_roles"
     " FROM organizations WHERE id = $1"},
    {"organization_find_slug",
     "SELECT id, name, slug, state, version, entity_type, part2_program, assignment_scoped_roles"
     " FROM organizations WHERE slug = $1"},
    {"organization_list",
     "SELECT id, name, slug, state, version, entity_type, part2_program, assignment_scoped_roles"
     " FROM organizations ORDER BY id"},
    {"organization_update",
     "UPDATE organizations SET name = $2, slug = $3, state = $4, version = version + 1,"
     " entity_type = $6, part2_program = $7, assignment_scoped_roles = $8"
     " WHERE id = $1 AND version = $5"},
    {"facility_insert",
     "INSERT INTO facilities (organization_id, name, npi) VALUES ($1, $2, $3) RETURNING id"},
    {"facility_find",
     "SELECT id, organization_id, name, npi, version FROM facilities"
     " WHERE organization_id = $1 AND id = $2"},
    {"facility_list",
     "SELECT id, organization_id, name, npi, version FROM facilities"
     " WHERE organization_id = $1 ORDER BY id"},
    {"facility_update",
     "UPDATE facilities SET name = $3, npi = $4, version = version + 1"
     " WHERE organization_id = $1 AND id = $2 AND version = $5"},
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
    // Pending-match patients merged by a re-match are left out (found by id or MRN still).
    {"patient_list",
     ROI_PATIENT_SELECT " AND id > $2" ROI_PATIENT_NOT_MERGED " ORDER BY id LIMIT $3"},
    {"patient_list_name", ROI_PATIENT_SELECT
     " AND id > $2 AND family_name_fold LIKE $3" ROI_PATIENT_NOT_MERGED " ORDER BY id LIMIT $4"},
    {"patient_list_mrn",
     ROI_PATIENT_SELECT " AND id > $2 AND mrn = $3" ROI_PATIENT_NOT_MERGED " ORDER BY id LIMIT $4"},
    {"patient_list_name_mrn", ROI_PATIENT_SELECT
     " AND id > $2 AND family_name_fold LIKE $3 AND mrn = $4" ROI_PATIENT_NOT_MERGED
     " ORDER BY id LIMIT $5"},
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
    {"disclosure_insert",
     "INSERT INTO disclosures (organization_id, patient_id, request_id, disclosed_on,"
     " recipient_name, recipient_address, description, purpose, released_by, means, fee_cents,"
     " basis, accountable) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
     " RETURNING id"},
    {"disclosure_find", ROI_DISCLOSURE_SELECT " AND id = $2"},
    // The partial index (organization_id, request_id) serves it.
    {"disclosure_list_request", ROI_DISCLOSURE_SELECT " AND request_id = $2 ORDER BY id"},
    // The index (organization_id, patient_id, disclosed_on, id) serves the range and the order.
    {"disclosure_list", ROI_DISCLOSURE_SELECT
     " AND patient_id = $2 AND disclosed_on >= $3::date AND disclosed_on <= $4::date"
     " AND (disclosed_on, id) > ($5::date, $6::bigint) ORDER BY disclosed_on, id LIMIT $7"},
    // The index (organization_id, disclosed_on) serves the range.
    {"disclosure_count_by_basis",
     "SELECT basis, SUM(disclosures)::bigint FROM report_disclosures_daily"
     " WHERE organization_id = $1 AND disclosed_on >= $2::date AND disclosed_on <= $3::date"
     " GROUP BY basis HAVING SUM(disclosures) > 0"},
    {"disclosure_patient_exists", "SELECT 1 FROM patients WHERE organization_id = $1 AND id = $2"},
    {"disclosure_user_exists", "SELECT 1 FROM users WHERE organization_id = $1 AND id = $2"},
    {"suspension_insert",
     "INSERT INTO accounting_suspensions (organization_id, patient_id, agency_kind, agency_name,"
     " official, statement, starts_on, ends_on, reason, recorded_by)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    {"suspension_list", ROI_SUSPENSION_SELECT " AND id > $2 ORDER BY id LIMIT $3"},
    {"suspension_list_in_force", ROI_SUSPENSION_SELECT
     " AND id > $2 AND starts_on <= $4::date AND ends_on >= $4::date ORDER BY id LIMIT $3"},
    {"accounting_insert",
     "INSERT INTO accountings (organization_id, patient_id, requested_on, window_from,"
     " window_to, line_count, disclosure_count, fee_may_apply, fee_cents, provided_by)"
     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id"},
    {"accounting_list",
     "SELECT id, organization_id, patient_id, to_char(requested_on, 'YYYY-MM-DD'),"
     " to_char(window_from, 'YYYY-MM-DD'), to_char(window_to, 'YYYY-MM-DD'), line_count,"
     " disclosure_count, fee_may_apply, fee_cents, provided_by FROM accountings"
     " WHERE organization_id = $1 AND patient_id = $2 AND requested_on >= $3::date"
     " AND requested_on <= $4::date ORDER BY requested_on, id"},
    {"audit_head", "SELECT sequence, hash FROM audit_chain_heads WHERE organization_id = $1"},
    {"audit_head_lock",
     "SELECT sequence, hash FROM audit_chain_heads WHERE organization_id = $1 FOR UPDATE"},
    {"audit_head_create",
     "INSERT INTO audit_chain_heads (organization_id, sequence, hash) VALUES ($1, 0, $2)"
     " ON CONFLICT DO NOTHING"},
    {"audit_head_move",
     "UPDATE audit_chain_heads SET sequence = $2, hash = $3 WHERE organization_id = $1"},
    {"audit_append",
     "INSERT INTO audit_events (organization_id, sequence, occurred_micros, actor_id, actor_label,"
     " action, patient_id, entity_kind, entity_id, outcome, remote_address, detail, prev_hash,"
     " hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"},
    {"audit_scan", ROI_AUDIT_SELECT " AND sequence > $2 ORDER BY sequence LIMIT $3"},
    {"audit_query", ROI_AUDIT_SELECT
     " AND sequence > $2 AND ($3 = 0 OR patient_id = $3) AND ($4 = 0 OR actor_id = $4)"
     " AND ($5 = '' OR action = $5) AND ($6 = '' OR outcome = $6)"
     " AND occurred_micros >= $7 AND occurred_micros < $8 ORDER BY sequence LIMIT $9"},
    {"audit_seal_insert",
     "INSERT INTO audit_seals (organization_id, sequence, head_hash, sealed_micros, public_key,"
     " signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"},
    {"audit_seals",
     "SELECT organization_id, sequence, head_hash, sealed_micros, public_key, signature"
     " FROM audit_seals WHERE organization_id = $1 ORDER BY sequence"},
    {"data_key_insert",
     "INSERT INTO data_keys (organization_id, version, wrapped_key, master_key_id,"
     " created_micros, state) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING"},
    {"data_key_find",
     "SELECT version, wrapped_key, master_key_id, created_micros, state FROM data_keys"
     " WHERE organization_id = $1 AND version = $2"},
    {"data_key_list",
     "SELECT version, wrapped_key, master_key_id, created_micros, state FROM data_keys"
     " WHERE organization_id = $1 ORDER BY version"},
    {"data_key_exists", "SELECT 1 FROM data_keys WHERE organization_id = $1 AND version = $2"},
    {"data_key_rewrap",
     "UPDATE data_keys SET wrapped_key = $3, master_key_id = $4"
     " WHERE organization_id = $1 AND version = $2"},
    {"data_key_set_state",
     "UPDATE data_keys SET state = $3 WHERE organization_id = $1 AND version = $2"},
    {"content_insert",
     "INSERT INTO contents (organization_id, media_type, data_key_version, header, size, digest,"
     " chunk_count, created_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"},
    {"content_exists", "SELECT 1 FROM contents WHERE organization_id = $1 AND id = $2"},
    {"content_find",
     "SELECT id, media_type, data_key_version, header, size, digest, chunk_count,"
     " created_micros FROM contents WHERE organization_id = $1 AND id = $2"},
    {"content_seal",
     "UPDATE contents SET data_key_version = $3, header = $4, size = $5, digest = $6,"
     " chunk_count = $7 WHERE organization_id = $1 AND id = $2"},
    {"content_list_below",
     "SELECT id FROM contents WHERE organization_id = $1 AND data_key_version < $2 AND id > $3"
     " ORDER BY id LIMIT $4"},
    {"content_chunk_put",
     "INSERT INTO content_chunks (organization_id, content_id, chunk_index, ciphertext)"
     " VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, content_id, chunk_index)"
     " DO UPDATE SET ciphertext = EXCLUDED.ciphertext"},
    {"content_chunk_get",
     "SELECT ciphertext FROM content_chunks"
     " WHERE organization_id = $1 AND content_id = $2 AND chunk_index = $3"},
    {"content_chunk_trim",
     "DELETE FROM content_chunks WHERE organization_id = $1 AND content_id = $2"
     " AND chunk_index >= $3"},
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

#undef ROI_SUSPENSION_SELECT
#undef ROI_DISCLOSURE_SELECT
#undef ROI_AUDIT_SELECT
#undef ROI_PATIENT_SELECT
#undef ROI_USER_SELECT
#undef ROI_JOB_COLUMNS

}  // namespace

std::span<const PreparedStatement> PreparedStatements() { return kStatements; }

}  // namespace roi::postgres
