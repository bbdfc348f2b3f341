#include "storage/sqlite/migrations.h"

#include <array>
#include <string>

namespace roi::sqlite {
namespace {

// Ids are SQLite rowids (unique across organizations); every organization-scoped table carries
// organization_id and is indexed by it first, mirroring the PostgreSQL (organization_id, id) keys.
constexpr std::array<Migration, 28> kMigrations = {{
    {1, "organizations, facilities, patients", R"sql(
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE facilities (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  npi TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id)
);
CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  mrn TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  family_name_fold TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  deceased_on TEXT,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, mrn)
);
CREATE INDEX patients_family_name_fold ON patients (organization_id, family_name_fold, id);
)sql"},
    {2, "users, sessions", R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  email TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until_micros INTEGER NOT NULL DEFAULT 0,
  release_authorized INTEGER NOT NULL DEFAULT 0,
  training_attested_on TEXT,
  training_expires_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, email)
);
CREATE TABLE sessions (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  token_hash TEXT NOT NULL PRIMARY KEY,
  user_id INTEGER NOT NULL,
  csrf_token TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  expires_micros INTEGER NOT NULL,
  last_seen_micros INTEGER NOT NULL,
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX sessions_user ON sessions (organization_id, user_id);
)sql"},
    {3, "audit trail", R"sql(
CREATE TABLE audit_events (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  sequence INTEGER NOT NULL,
  occurred_micros INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  actor_label TEXT NOT NULL,
  action TEXT NOT NULL,
  patient_id INTEGER NOT NULL,
  entity_kind TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (organization_id, sequence)
) WITHOUT ROWID;
CREATE INDEX audit_events_patient ON audit_events (organization_id, patient_id, sequence)
  WHERE patient_id <> 0;
CREATE INDEX audit_events_actor ON audit_events (organization_id, actor_id, sequence);
CREATE TABLE audit_chain_heads (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations(id),
  sequence INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE audit_seals (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  sequence INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  sealed_micros INTEGER NOT NULL,
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  PRIMARY KEY (organization_id, sequence)
);
)sql"},
    {4, "requesters, documents, requests, transitions, letters", R"sql(
CREATE TABLE requesters (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  role TEXT NOT NULL,
  name TEXT NOT NULL,
  organization TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  npi TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id)
);
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  service_date TEXT,
  encounter TEXT NOT NULL DEFAULT '',
  author TEXT NOT NULL DEFAULT '',
  pages INTEGER NOT NULL DEFAULT 0,
  labels TEXT NOT NULL DEFAULT '',
  part2 TEXT NOT NULL DEFAULT 'none',
  minor_consented INTEGER NOT NULL DEFAULT 0,
  content TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX documents_patient ON documents (organization_id, patient_id, id);
CREATE TABLE request_sequences (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (organization_id, year)
);
CREATE TABLE requests (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  number TEXT NOT NULL,
  patient_id INTEGER NOT NULL,
  requester_id INTEGER NOT NULL,
  requester_role TEXT NOT NULL,
  facility_id INTEGER,
  channel TEXT NOT NULL,
  priority TEXT NOT NULL,
  received_on TEXT NOT NULL,
  received_micros INTEGER NOT NULL,
  facts TEXT NOT NULL,
  state TEXT NOT NULL,
  held_from TEXT,
  assignee_id INTEGER,
  decision TEXT NOT NULL DEFAULT 'none',
  decision_json TEXT NOT NULL DEFAULT '',
  due_on TEXT,
  due_key TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, number),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, requester_id) REFERENCES requesters (organization_id, id)
);
CREATE INDEX requests_due ON requests (organization_id, due_key, id);
CREATE INDEX requests_state_due ON requests (organization_id, state, due_key, id);
CREATE INDEX requests_assignee_due ON requests (organization_id, assignee_id, due_key, id);
CREATE INDEX requests_patient ON requests (organization_id, patient_id, requester_id, received_on);
CREATE TABLE request_transitions (
  seq INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  actor_id INTEGER NOT NULL,
  at_micros INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  UNIQUE (organization_id, request_id, idempotency_key),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE TABLE request_letters (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  date TEXT NOT NULL,
  recipient TEXT NOT NULL,
  body TEXT NOT NULL,
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE INDEX request_letters_request ON request_letters (organization_id, request_id, id);
)sql"},
    // request_id has no foreign key: requests belong to the request workflow's own migration,
    // and a disclosure may be recorded outside any request (docs/disclosures.md).
    {5, "disclosure log, accounting suspensions, accountings provided", R"sql(
CREATE TABLE disclosures (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL,
  request_id INTEGER,
  disclosed_on TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  recipient_address TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  purpose TEXT NOT NULL,
  released_by INTEGER NOT NULL,
  means TEXT NOT NULL,
  fee_cents INTEGER NOT NULL DEFAULT 0,
  basis TEXT NOT NULL,
  accountable INTEGER NOT NULL,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, released_by) REFERENCES users (organization_id, id)
);
CREATE INDEX disclosures_patient_date ON disclosures (organization_id, patient_id, disclosed_on, id);
CREATE INDEX disclosures_org_date ON disclosures (organization_id, disclosed_on);
CREATE TABLE accounting_suspensions (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER,
  agency_kind TEXT NOT NULL,
  agency_name TEXT NOT NULL,
  official TEXT NOT NULL DEFAULT '',
  statement TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER NOT NULL,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, recorded_by) REFERENCES users (organization_id, id)
);
CREATE INDEX accounting_suspensions_ends ON accounting_suspensions (organization_id, ends_on);
CREATE TABLE accountings (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL,
  requested_on TEXT NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  line_count INTEGER NOT NULL,
  disclosure_count INTEGER NOT NULL,
  fee_may_apply INTEGER NOT NULL,
  fee_cents INTEGER NOT NULL DEFAULT 0,
  provided_by INTEGER NOT NULL,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, provided_by) REFERENCES users (organization_id, id)
);
CREATE INDEX accountings_patient ON accountings (organization_id, patient_id, requested_on);
)sql"},
    {6, "API tokens, second factors", R"sql(
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  user_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  secret_digest TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  expires_micros INTEGER NOT NULL,
  last_used_micros INTEGER NOT NULL DEFAULT 0,
  revoked_micros INTEGER NOT NULL DEFAULT 0,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, secret_digest),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX api_tokens_user ON api_tokens (organization_id, user_id);
CREATE TABLE user_second_factors (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  user_id INTEGER NOT NULL,
  totp_secret TEXT NOT NULL,
  confirmed INTEGER NOT NULL DEFAULT 0,
  last_step INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (organization_id, user_id),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
)sql"},
    {7, "data keys, encrypted content", R"sql(
CREATE TABLE data_keys (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  version INTEGER NOT NULL,
  wrapped_key BLOB NOT NULL,
  master_key_id TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('active', 'retired')),
  PRIMARY KEY (organization_id, version)
);
CREATE TABLE contents (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  media_type TEXT NOT NULL,
  data_key_version INTEGER NOT NULL,
  header BLOB NOT NULL,
  size INTEGER NOT NULL,
  digest TEXT NOT NULL,
  chunk_count INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  UNIQUE (organization_id, id),
  FOREIGN KEY (organization_id, data_key_version) REFERENCES data_keys (organization_id, version)
);
CREATE INDEX contents_data_key_version ON contents (organization_id, data_key_version, id);
CREATE TABLE content_chunks (
  organization_id INTEGER NOT NULL,
  content_id INTEGER NOT NULL,
  chunk_index INTEGER NOT NULL,
  ciphertext BLOB NOT NULL,
  PRIMARY KEY (organization_id, content_id, chunk_index),
  FOREIGN KEY (organization_id, content_id) REFERENCES contents (organization_id, id)
) WITHOUT ROWID;
)sql"},
    {8, "jobs", R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedupe_key TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL DEFAULT 0,
  run_at_micros INTEGER NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_expires_micros INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE (organization_id, id)
);
CREATE INDEX jobs_due ON jobs (state, priority DESC, run_at_micros, id)
  WHERE state IN ('pending', 'running');
CREATE UNIQUE INDEX jobs_dedupe ON jobs (organization_id, kind, dedupe_key)
  WHERE dedupe_key <> '' AND state IN ('pending', 'running');
)sql"},
    {9, "document files", R"sql(
CREATE TABLE document_files (
  organization_id INTEGER NOT NULL,
  content_id INTEGER NOT NULL,
  digest TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (organization_id, content_id),
  UNIQUE (organization_id, digest),
  FOREIGN KEY (organization_id, content_id) REFERENCES contents (organization_id, id)
) WITHOUT ROWID;
CREATE TABLE document_file_links (
  organization_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  content_id INTEGER NOT NULL,
  PRIMARY KEY (organization_id, document_id),
  FOREIGN KEY (organization_id, document_id) REFERENCES documents (organization_id, id),
  FOREIGN KEY (organization_id, content_id) REFERENCES document_files (organization_id, content_id)
) WITHOUT ROWID;
CREATE INDEX document_file_links_content ON document_file_links (organization_id, content_id);
)sql"},
    {10, "review tasks, request notifications, review settings, invoices and credits", R"sql(
CREATE TABLE review_tasks (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  assignee_id INTEGER,
  prepared_by INTEGER,
  outcome TEXT NOT NULL DEFAULT 'none',
  withheld_documents TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  completed_by INTEGER,
  created_micros INTEGER NOT NULL,
  completed_micros INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE INDEX review_tasks_request ON review_tasks (organization_id, request_id, id);
CREATE TABLE request_notifications (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  recipient TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  UNIQUE (organization_id, request_id, recipient, reason),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE TABLE review_settings (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations(id),
  quality_check INTEGER NOT NULL
);
CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  lines TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  max_cents INTEGER NOT NULL,
  fee_basis TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  issued_by INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  UNIQUE (organization_id, id),
  UNIQUE (organization_id, request_id),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE TABLE invoice_credits (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  invoice_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  amount_cents INTEGER NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER NOT NULL,
  received_on TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  FOREIGN KEY (organization_id, invoice_id) REFERENCES invoices (organization_id, id)
);
CREATE INDEX invoice_credits_invoice ON invoice_credits (organization_id, invoice_id, id);
)sql"},
    {11, "request notices (reminders, escalations, expiries)", R"sql(
CREATE TABLE request_notices (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  notice_key TEXT NOT NULL,
  due_on TEXT,
  message TEXT NOT NULL DEFAULT '',
  raised_micros INTEGER NOT NULL,
  UNIQUE (organization_id, request_id, kind, notice_key),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
)sql"},
    {12, "report indexes, legal holds, retention purge records", R"sql(
CREATE INDEX request_transitions_to_state ON request_transitions (organization_id, to_state, at_micros);
CREATE INDEX requests_received ON requests (organization_id, received_on, requester_role, state);
CREATE INDEX requests_state_received ON requests (organization_id, state, received_on, due_on);
CREATE INDEX invoices_issued ON invoices (organization_id, issued_on);
CREATE INDEX invoice_credits_received ON invoice_credits (organization_id, received_on, kind);
CREATE INDEX disclosures_request ON disclosures (organization_id, request_id)
  WHERE request_id IS NOT NULL;
CREATE TABLE legal_holds (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER,
  request_id INTEGER,
  reason TEXT NOT NULL,
  placed_by INTEGER NOT NULL,
  placed_micros INTEGER NOT NULL,
  released_by INTEGER,
  released_micros INTEGER NOT NULL DEFAULT 0,
  CHECK ((patient_id IS NULL) <> (request_id IS NULL)),
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE INDEX legal_holds_patient ON legal_holds (organization_id, patient_id, released_micros);
CREATE INDEX legal_holds_request ON legal_holds (organization_id, request_id, released_micros);
CREATE TABLE retention_purges (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  request_number TEXT NOT NULL,
  patient_id INTEGER NOT NULL,
  received_on TEXT NOT NULL,
  last_effective_on TEXT NOT NULL,
  purged_micros INTEGER NOT NULL,
  purged_by INTEGER,
  purged_via TEXT NOT NULL,
  retention_years INTEGER NOT NULL
);
CREATE INDEX retention_purges_org ON retention_purges (organization_id, id);
)sql"},
    {13, "release packets", R"sql(
CREATE TABLE packets (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  content_id INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  digest TEXT NOT NULL,
  manifest TEXT NOT NULL,
  signature TEXT NOT NULL,
  signing_key_id TEXT NOT NULL,
  created_by INTEGER,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (organization_id, request_id, sequence),
  UNIQUE (organization_id, digest),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id),
  FOREIGN KEY (organization_id, content_id) REFERENCES contents (organization_id, id)
) WITHOUT ROWID;
)sql"},
    {14, "deliveries of released packets and their events", R"sql(
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  disclosure_id INTEGER NOT NULL,
  patient_id INTEGER NOT NULL,
  medium TEXT NOT NULL,
  status TEXT NOT NULL,
  recipient TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  tracking_number TEXT NOT NULL DEFAULT '',
  content_id INTEGER,
  content_digest TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  page_count INTEGER NOT NULL DEFAULT 0,
  token_digest TEXT,
  code_hash TEXT NOT NULL DEFAULT '',
  expires_micros INTEGER NOT NULL DEFAULT 0,
  max_downloads INTEGER NOT NULL DEFAULT 0,
  downloads INTEGER NOT NULL DEFAULT 0,
  failed_codes INTEGER NOT NULL DEFAULT 0,
  revoked_micros INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  updated_micros INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (organization_id, id),
  UNIQUE (token_digest),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id),
  FOREIGN KEY (organization_id, disclosure_id) REFERENCES disclosures (organization_id, id)
);
CREATE INDEX deliveries_request ON deliveries (organization_id, request_id, id);
CREATE INDEX deliveries_disclosure ON deliveries (organization_id, disclosure_id);
CREATE TABLE delivery_events (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  delivery_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  tracking_number TEXT NOT NULL DEFAULT '',
  actor_id INTEGER,
  actor_label TEXT NOT NULL DEFAULT '',
  remote_address TEXT NOT NULL DEFAULT '',
  occurred_micros INTEGER NOT NULL,
  FOREIGN KEY (organization_id, delivery_id) REFERENCES deliveries (organization_id, id)
);
CREATE INDEX delivery_events_delivery ON delivery_events (organization_id, delivery_id, id);
)sql"},
    {15, "redactions of documents for requests", R"sql(
CREATE TABLE redactions (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  span_begin INTEGER,
  span_end INTEGER,
  page INTEGER,
  reason TEXT NOT NULL,
  reason_text TEXT NOT NULL DEFAULT '',
  marked_by INTEGER NOT NULL,
  marked_micros INTEGER NOT NULL,
  CHECK ((page IS NULL) = (span_begin IS NOT NULL AND span_end IS NOT NULL)),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id),
  FOREIGN KEY (organization_id, document_id) REFERENCES documents (organization_id, id)
);
CREATE INDEX redactions_request ON redactions (organization_id, request_id, id);
)sql"},
    {16, "break-the-glass grants", R"sql(
CREATE TABLE break_glass_grants (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  reason TEXT NOT NULL,
  granted_micros INTEGER NOT NULL,
  expires_micros INTEGER NOT NULL,
  FOREIGN KEY (organization_id, patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
CREATE INDEX break_glass_grants_user_patient
  ON break_glass_grants (organization_id, user_id, patient_id, expires_micros);
CREATE INDEX break_glass_grants_granted ON break_glass_grants (organization_id, granted_micros);
)sql"},
    {17, "saved views (a user's named filter sets of a workspace screen)", R"sql(
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  user_id INTEGER NOT NULL,
  screen TEXT NOT NULL,
  name TEXT NOT NULL,
  filters_json TEXT NOT NULL,
  updated_micros INTEGER NOT NULL,
  UNIQUE (organization_id, user_id, screen, name),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id)
);
)sql"},
    {18, "portal accounts (a requester or patient user's own requester record)", R"sql(
CREATE TABLE portal_accounts (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  user_id INTEGER NOT NULL,
  requester_id INTEGER NOT NULL,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (organization_id, user_id),
  UNIQUE (organization_id, requester_id),
  FOREIGN KEY (organization_id, user_id) REFERENCES users (organization_id, id),
  FOREIGN KEY (organization_id, requester_id) REFERENCES requesters (organization_id, id)
);
CREATE INDEX requests_requester ON requests (organization_id, requester_id, id);
)sql"},
    {19, "organization entity type, Part 2 flag, assignment-scoped roles", R"sql(
ALTER TABLE organizations ADD COLUMN entity_type TEXT NOT NULL DEFAULT 'other'
  CHECK (entity_type IN ('other', 'hospital', 'physician_practice', 'behavioral_health',
                         'health_plan'));
ALTER TABLE organizations ADD COLUMN part2_program INTEGER NOT NULL DEFAULT 0
  CHECK (part2_program IN (0, 1));
ALTER TABLE organizations ADD COLUMN assignment_scoped_roles TEXT;
)sql"},
    {20, "per-organization packet signing keys (secret sealed under the data key)", R"sql(
CREATE TABLE packet_signing_keys (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  version INTEGER NOT NULL CHECK (version >= 1),
  public_key TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  created_micros INTEGER NOT NULL,
  PRIMARY KEY (organization_id, version),
  UNIQUE (organization_id, public_key)
);
)sql"},
    {21, "harm determinations and reviews of denials", R"sql(
CREATE TABLE harm_determinations (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  ground TEXT NOT NULL,
  reasons TEXT NOT NULL,
  made_by INTEGER NOT NULL,
  made_micros INTEGER NOT NULL,
  set_aside_by_review INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id),
  FOREIGN KEY (organization_id, document_id) REFERENCES documents (organization_id, id),
  FOREIGN KEY (organization_id, made_by) REFERENCES users (organization_id, id)
);
CREATE INDEX harm_determinations_request ON harm_determinations (organization_id, request_id, id);
CREATE UNIQUE INDEX harm_determinations_in_force
  ON harm_determinations (organization_id, request_id, document_id) WHERE set_aside_by_review = 0;
CREATE TABLE denial_reviews (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  requested_on TEXT NOT NULL,
  channel TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  recorded_by INTEGER NOT NULL,
  recorded_micros INTEGER NOT NULL,
  due_on TEXT NOT NULL,
  reviewer_id INTEGER,
  assigned_by INTEGER,
  assigned_micros INTEGER NOT NULL DEFAULT 0,
  determination TEXT NOT NULL DEFAULT 'none',
  overturned_documents TEXT NOT NULL DEFAULT '',
  reasons TEXT NOT NULL DEFAULT '',
  decided_by INTEGER,
  decided_micros INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
CREATE INDEX denial_reviews_request ON denial_reviews (organization_id, request_id, id);
CREATE UNIQUE INDEX denial_reviews_open
  ON denial_reviews (organization_id, request_id) WHERE determination = 'none';
)sql"},
    {22, "scale indexes: the open work queue, assignee by status, disclosure volume", R"sql(
-- Found by bench/scale at 1M requests / 10M disclosures (docs/benchmarks.md, "Scale").  The
-- overdue filter and the deadline scan read only open requests, which the whole-queue due index
-- holds after every finished one: these partial indexes hold the open ones alone.  The predicate
-- is the overdue filter's own text, so that the planner can match it.
CREATE INDEX requests_open_due ON requests (organization_id, due_key, id)
  WHERE state NOT IN ('released','denied','closed','cancelled');
CREATE INDEX requests_open_assignee_due ON requests (organization_id, assignee_id, due_key, id)
  WHERE state NOT IN ('released','denied','closed','cancelled');
-- "My requests in this status": without it the assignee index walks all of a user's requests.
CREATE INDEX requests_assignee_state_due
  ON requests (organization_id, assignee_id, state, due_key, id);
-- Disclosure volume by basis reads the basis from the index instead of every row in the window;
-- it replaces (organization_id, disclosed_on), its prefix.
CREATE INDEX disclosures_org_date_basis ON disclosures (organization_id, disclosed_on, basis);
DROP INDEX disclosures_org_date;
)sql"},
    {23, "fee settings and the actual costs of requests", R"sql(
CREATE TABLE fee_settings (
  organization_id INTEGER PRIMARY KEY REFERENCES organizations(id),
  patient_electronic TEXT NOT NULL CHECK (patient_electronic IN ('flat', 'actual')),
  flat_cents INTEGER NOT NULL CHECK (flat_cents >= 0),
  labor_rate_cents_per_hour INTEGER NOT NULL CHECK (labor_rate_cents_per_hour >= 0),
  supplies_cents INTEGER NOT NULL CHECK (supplies_cents >= 0),
  postage_cents INTEGER NOT NULL CHECK (postage_cents >= 0),
  version INTEGER NOT NULL CHECK (version >= 1)
);
CREATE TABLE request_costs (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  labor_minutes INTEGER NOT NULL CHECK (labor_minutes >= 0),
  supplies_cents INTEGER CHECK (supplies_cents >= 0),
  postage_cents INTEGER CHECK (postage_cents >= 0),
  recorded_by INTEGER,
  recorded_micros INTEGER NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  PRIMARY KEY (organization_id, request_id),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id)
);
)sql"},
    {24, "re-matched requests (pending-match patient to the matched patient)", R"sql(
CREATE TABLE patient_rematches (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  request_id INTEGER NOT NULL,
  from_patient_id INTEGER NOT NULL,
  to_patient_id INTEGER NOT NULL,
  matched_by INTEGER NOT NULL,
  matched_micros INTEGER NOT NULL,
  documents_moved INTEGER NOT NULL,
  pending_merged INTEGER NOT NULL CHECK (pending_merged IN (0, 1)),
  PRIMARY KEY (organization_id, request_id),
  FOREIGN KEY (organization_id, request_id) REFERENCES requests (organization_id, id),
  FOREIGN KEY (organization_id, from_patient_id) REFERENCES patients (organization_id, id),
  FOREIGN KEY (organization_id, to_patient_id) REFERENCES patients (organization_id, id)
);
CREATE INDEX patient_rematches_from ON patient_rematches (organization_id, from_patient_id);
)sql"},
    {25, "withdrawn harm determinations; the open denial reviews by due date", R"sql(
-- A withdrawn harm determination stays recorded (who, when, why) and is no longer in force, so a
-- new one may be made on the same document.
ALTER TABLE harm_determinations ADD COLUMN withdrawn_by INTEGER;
ALTER TABLE harm_determinations ADD COLUMN withdrawn_micros INTEGER NOT NULL DEFAULT 0;
ALTER TABLE harm_determinations ADD COLUMN withdrawal_reason TEXT NOT NULL DEFAULT '';
DROP INDEX harm_determinations_in_force;
CREATE UNIQUE INDEX harm_determinations_in_force
  ON harm_determinations (organization_id, request_id, document_id)
  WHERE set_aside_by_review = 0 AND withdrawn_micros = 0;
-- The deadline scan reads the open reviews by due date.
CREATE INDEX denial_reviews_open_due ON denial_reviews (organization_id, due_on, id)
  WHERE determination = 'none';
)sql"},
    {26, "scale: search by patient from one index, daily report rollups", R"sql(
-- Search (docs/benchmarks.md, "Scale"): the matched patients' requests are filtered, ordered and
-- cut to a page from this index alone (a covering index), then the page's rows are read.
CREATE INDEX requests_patient_queue
  ON requests (organization_id, patient_id, due_key, state, assignee_id, requester_role, facility_id);
-- A rare requester role ("researcher", 2% of requests) in due order: the due-date index walked
-- ~50 rows per match (17 ms at 1M requests); this one reads only that role's requests.
CREATE INDEX requests_role_due ON requests (organization_id, requester_role, due_key, id);
-- Daily rollups that the volume and turnaround reports read instead of every request or
-- completion in the window.  Triggers keep them in the same transaction as the change to the
-- rows they count (requests; completion transitions and their request's received/due dates),
-- so they are never stale.  Groups whose count fell to zero stay (the reports skip them).
CREATE TABLE report_volume_daily (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  received_on TEXT NOT NULL,
  requester_role TEXT NOT NULL,
  state TEXT NOT NULL,
  requests INTEGER NOT NULL,
  PRIMARY KEY (organization_id, received_on, requester_role, state)
) WITHOUT ROWID;
-- One row per completion day and turnaround: with_due = 1 when the request has a due date,
-- on_time = 1 when it was completed on or before it.
CREATE TABLE report_turnaround_daily (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  done_on TEXT NOT NULL,
  days INTEGER NOT NULL,
  with_due INTEGER NOT NULL,
  on_time INTEGER NOT NULL,
  completions INTEGER NOT NULL,
  PRIMARY KEY (organization_id, done_on, days, with_due, on_time)
) WITHOUT ROWID;
CREATE TRIGGER requests_volume_insert AFTER INSERT ON requests BEGIN
  INSERT INTO report_volume_daily VALUES
    (NEW.organization_id, NEW.received_on, NEW.requester_role, NEW.state, 1)
  ON CONFLICT DO UPDATE SET requests = requests + 1;
END;
CREATE TRIGGER requests_volume_delete AFTER DELETE ON requests BEGIN
  INSERT INTO report_volume_daily VALUES
    (OLD.organization_id, OLD.received_on, OLD.requester_role, OLD.state, -1)
  ON CONFLICT DO UPDATE SET requests = requests - 1;
END;
CREATE TRIGGER requests_volume_update
  AFTER UPDATE OF organization_id, received_on, requester_role, state ON requests
  WHEN OLD.organization_id <> NEW.organization_id OR OLD.received_on <> NEW.received_on
    OR OLD.requester_role <> NEW.requester_role OR OLD.state <> NEW.state
BEGIN
  INSERT INTO report_volume_daily VALUES
    (OLD.organization_id, OLD.received_on, OLD.requester_role, OLD.state, -1)
  ON CONFLICT DO UPDATE SET requests = requests - 1;
  INSERT INTO report_volume_daily VALUES
    (NEW.organization_id, NEW.received_on, NEW.requester_role, NEW.state, 1)
  ON CONFLICT DO UPDATE SET requests = requests + 1;
END;
CREATE TRIGGER request_transitions_turnaround_insert AFTER INSERT ON request_transitions
  WHEN NEW.to_state IN ('released', 'denied')
BEGIN
  INSERT INTO report_turnaround_daily
  SELECT NEW.organization_id, s.done_on,
         CAST(julianday(s.done_on) - julianday(r.received_on) AS INTEGER),
         r.due_on IS NOT NULL, r.due_on IS NOT NULL AND s.done_on <= r.due_on, 1
  FROM requests r, (SELECT date(NEW.at_micros / 1000000, 'unixepoch') AS done_on) s
  WHERE r.organization_id = NEW.organization_id AND r.id = NEW.request_id
  ON CONFLICT DO UPDATE SET completions = completions + 1;
END;
CREATE TRIGGER request_transitions_turnaround_delete AFTER DELETE ON request_transitions
  WHEN OLD.to_state IN ('released', 'denied')
BEGIN
  INSERT INTO report_turnaround_daily
  SELECT OLD.organization_id, s.done_on,
         CAST(julianday(s.done_on) - julianday(r.received_on) AS INTEGER),
         r.due_on IS NOT NULL, r.due_on IS NOT NULL AND s.done_on <= r.due_on, -1
  FROM requests r, (SELECT date(OLD.at_micros / 1000000, 'unixepoch') AS done_on) s
  WHERE r.organization_id = OLD.organization_id AND r.id = OLD.request_id
  ON CONFLICT DO UPDATE SET completions = completions - 1;
END;
-- Transitions are never rewritten; a changed received or due date moves the request's
-- completions to other groups.
CREATE TRIGGER requests_turnaround_update AFTER UPDATE OF received_on, due_on ON requests
  WHEN OLD.received_on <> NEW.received_on OR OLD.due_on IS NOT NEW.due_on
BEGIN
  INSERT INTO report_turnaround_daily
  SELECT OLD.organization_id, c.done_on,
         CAST(julianday(c.done_on) - julianday(v.received_on) AS INTEGER),
         v.due_on IS NOT NULL, v.due_on IS NOT NULL AND c.done_on <= v.due_on, sum(v.sign)
  FROM (SELECT date(t.at_micros / 1000000, 'unixepoch') AS done_on FROM request_transitions t
        WHERE t.organization_id = OLD.organization_id AND t.request_id = OLD.id
        AND t.to_state IN ('released', 'denied')) c,
       (SELECT OLD.received_on AS received_on, OLD.due_on AS due_on, -1 AS sign
        UNION ALL SELECT NEW.received_on, NEW.due_on, 1) v
  WHERE true GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT DO UPDATE SET completions = completions + excluded.completions;
END;
-- The fee totals read amounts from the indexes (covering indexes) instead of each invoice's and
-- credit's row; these replace migration 12's indexes on the same leading keys.
CREATE INDEX invoices_issued_total ON invoices (organization_id, issued_on, total_cents);
DROP INDEX invoices_issued;
CREATE INDEX invoice_credits_received_amount
  ON invoice_credits (organization_id, received_on, kind, amount_cents);
DROP INDEX invoice_credits_received;
CREATE INDEX invoice_credits_invoice_amount
  ON invoice_credits (organization_id, invoice_id, amount_cents);
-- The rows already stored.
INSERT INTO report_volume_daily
  SELECT organization_id, received_on, requester_role, state, COUNT(*) FROM requests
  WHERE true GROUP BY 1, 2, 3, 4;
INSERT INTO report_turnaround_daily
  SELECT organization_id, done_on, CAST(julianday(done_on) - julianday(received_on) AS INTEGER),
         due_on IS NOT NULL, due_on IS NOT NULL AND done_on <= due_on, COUNT(*)
  FROM (SELECT t.organization_id, date(t.at_micros / 1000000, 'unixepoch') AS done_on,
               r.received_on, r.due_on
        FROM request_transitions t JOIN requests r
        ON r.organization_id = t.organization_id AND r.id = t.request_id
        WHERE t.to_state IN ('released', 'denied'))
  WHERE true GROUP BY 1, 2, 3, 4, 5;
)sql"},
    {27, "email deliveries: Message-ID and the link sealed while a send is open", R"sql(
-- The delivery job prepares (write transaction), sends outside any transaction, then records:
-- message_id names the notification from its first send on; sealed_link holds the link token
-- sealed under the organization's data key only between the start of a send and its record, so
-- that a send interrupted by a crash is repeated with the same link and Message-ID.
ALTER TABLE deliveries ADD COLUMN message_id TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN sealed_link TEXT NOT NULL DEFAULT '';
)sql"},
    {29, "daily rollup of disclosures by basis", R"sql(
-- The disclosures-by-basis report reads this instead of every entry in its window (1.4M entries
-- for a year at 10M: 0.5 s; docs/benchmarks.md, "Scale").  Disclosure entries are only ever
-- inserted; the delete and update triggers keep the rollup right should that change.
CREATE TABLE report_disclosures_daily (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  disclosed_on TEXT NOT NULL,
  basis TEXT NOT NULL,
  disclosures INTEGER NOT NULL,
  PRIMARY KEY (organization_id, disclosed_on, basis)
) WITHOUT ROWID;
CREATE TRIGGER disclosures_daily_insert AFTER INSERT ON disclosures BEGIN
  INSERT INTO report_disclosures_daily VALUES (NEW.organization_id, NEW.disclosed_on, NEW.basis, 1)
  ON CONFLICT DO UPDATE SET disclosures = disclosures + 1;
END;
CREATE TRIGGER disclosures_daily_delete AFTER DELETE ON disclosures BEGIN
  INSERT INTO report_disclosures_daily VALUES (OLD.organization_id, OLD.disclosed_on, OLD.basis, -1)
  ON CONFLICT DO UPDATE SET disclosures = disclosures - 1;
END;
CREATE TRIGGER disclosures_daily_update AFTER UPDATE OF organization_id, disclosed_on, basis
  ON disclosures
  WHEN OLD.organization_id <> NEW.organization_id OR OLD.disclosed_on <> NEW.disclosed_on
    OR OLD.basis <> NEW.basis
BEGIN
  INSERT INTO report_disclosures_daily VALUES (OLD.organization_id, OLD.disclosed_on, OLD.basis, -1)
  ON CONFLICT DO UPDATE SET disclosures = disclosures - 1;
  INSERT INTO report_disclosures_daily VALUES (NEW.organization_id, NEW.disclosed_on, NEW.basis, 1)
  ON CONFLICT DO UPDATE SET disclosures = disclosures + 1;
END;
-- The entries already stored.
INSERT INTO report_disclosures_daily
  SELECT organization_id, disclosed_on, basis, COUNT(*) FROM disclosures WHERE true
  GROUP BY 1, 2, 3;
)sql"},
}};

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";

Result<int> MaxVersion(Connection& connection) {
  Result<Statement> query = connection.Query(
      "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, "read schema version");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return InternalError("read schema version: no row");
  return static_cast<int>(query->Int64(0));
}

void RollBack(Connection& connection) {
  if (connection.InTransaction()) (void)connection.Exec("ROLLBACK", "roll back migration");
}

// The first migration above `current`.  Versions are applied in order; searching (rather than
// indexing by version) keeps this right while numbers assigned to work in progress leave gaps.
// REQUIRES: current < LatestSchemaVersion().
const Migration& NextAfter(int current) {
  for (const Migration& migration : kMigrations) {
    if (migration.version > current) return migration;
  }
  return kMigrations.back();
}

// Applies the next pending migration in one transaction, appending its version to `applied`.
// Returns the version now current (unchanged when nothing was pending).
Result<int> ApplyNext(Connection& connection, std::vector<int>& applied) {
  if (Status begun = connection.Exec("BEGIN IMMEDIATE", "begin migration"); !begun) {
    return begun.error();
  }
  Status created = connection.Exec(kCreateMigrationsTable, "create schema_migrations");
  Result<int> current = created ? MaxVersion(connection) : Result<int>(created.error());
  if (!current) {
    RollBack(connection);
    return current.error();
  }
  if (*current >= LatestSchemaVersion()) {
    RollBack(connection);
    return *current;
  }
  const Migration& next = NextAfter(*current);
  Status done = connection.Exec(next.sql, "apply migration");
  if (done) {
    Result<Statement> insert = connection.Query(
        "INSERT INTO schema_migrations (version, applied_at)"
        " VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        {std::int64_t{next.version}}, "record migration");
    done = insert ? insert->Run() : Status(insert.error());
  }
  if (done) done = connection.Exec("COMMIT", "commit migration");
  if (!done) {
    RollBack(connection);
    return done.error();
  }
  applied.push_back(next.version);
  return next.version;
}

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

Result<int> ReadSchemaVersion(Connection& connection) {
  Result<Statement> exists = connection.Query(
      "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", {},
      "read schema version");
  if (!exists) return exists.error();
  Result<bool> row = exists->Step();
  if (!row) return row.error();
  if (!*row || exists->Int64(0) == 0) return 0;
  return MaxVersion(connection);
}

Result<MigrationReport> RunMigrations(ConnectionPool& pool) {
  Result<ConnectionPool::Lease> lease = pool.Acquire();
  if (!lease) return lease.error();
  Connection& connection = **lease;
  Result<int> found = ReadSchemaVersion(connection);
  if (!found) return found.error();
  MigrationReport report{.from_version = *found, .to_version = *found, .applied = {}};
  // Each round applies one migration or returns, so this ends after at most N+1 rounds.
  for (;;) {
    Result<int> now = ApplyNext(connection, report.applied);
    if (!now) return now.error();
    report.to_version = *now;
    if (*now > LatestSchemaVersion()) {
      return FailedPreconditionError("database schema version " + std::to_string(*now) +
                                     " is newer than this program's " +
                                     std::to_string(LatestSchemaVersion()));
    }
    if (*now == LatestSchemaVersion()) return report;
  }
}

}  // namespace roi::sqlite
