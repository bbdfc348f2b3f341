// SQLite RetentionRepository: legal holds, the requests a retention purge may remove, and the
// purge itself (one request's ROI documentation, deleted inside the caller's transaction, plus its
// purge record).  Every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kHoldColumns =
    "SELECT id, patient_id, request_id, reason, placed_by, placed_micros, released_by,"
    " released_micros FROM legal_holds WHERE organization_id = ?1";

LegalHold ReadHold(const Statement& row) {
  return LegalHold{.id = row.Int64(0),
                   .patient_id = PatientId(row.IsNull(1) ? 0 : row.Int64(1)),
                   .request_id = RequestId(row.IsNull(2) ? 0 : row.Int64(2)),
                   .reason = row.Text(3),
                   .placed_by = UserId(row.Int64(4)),
                   .placed_micros = row.Int64(5),
                   .released_by = UserId(row.IsNull(6) ? 0 : row.Int64(6)),
                   .released_micros = row.Int64(7)};
}

Result<std::vector<LegalHold>> CollectHolds(Result<Statement> statement) {
  if (!statement) return statement.error();
  std::vector<LegalHold> out;
  for (;;) {
    Result<bool> row = statement->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(ReadHold(*statement));
  }
}

// The candidate columns of requests `r` (the last effective day: the latest of receipt, the last
// transition's UTC day, the last letter and the last disclosure of the request).
constexpr std::string_view kCandidateSelect =
    "SELECT id, number, patient_id, state, received_on, last_on, held FROM ("
    " SELECT r.id AS id, r.number AS number, r.patient_id AS patient_id, r.state AS state,"
    " r.received_on AS received_on, MAX(r.received_on,"
    "  COALESCE((SELECT date(MAX(t.at_micros) / 1000000, 'unixepoch') FROM request_transitions t"
    "   WHERE t.organization_id = r.organization_id AND t.request_id = r.id), r.received_on),"
    "  COALESCE((SELECT MAX(l.date) FROM request_letters l"
    "   WHERE l.organization_id = r.organization_id AND l.request_id = r.id), r.received_on),"
    "  COALESCE((SELECT MAX(d.disclosed_on) FROM disclosures d"
    "   WHERE d.organization_id = r.organization_id AND d.request_id = r.id), r.received_on))"
    "  AS last_on,"
    " (EXISTS (SELECT 1 FROM legal_holds h WHERE h.organization_id = r.organization_id"
    "   AND h.request_id = r.id AND h.released_micros = 0)"
    "  OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.organization_id = r.organization_id"
    "   AND h.patient_id = r.patient_id AND h.released_micros = 0)) AS held"
    " FROM requests r WHERE r.organization_id = ?1";

Result<RetentionCandidate> ReadCandidate(const Statement& row) {
  Result<RequestState> state = ParseRequestState(row.Text(3));
  Result<Date> received = Date::Parse(row.Text(4));
  Result<Date> last = Date::Parse(row.Text(5));
  if (!state || !received || !last) return InternalError("stored request has a bad column");
  return RetentionCandidate{.request_id = RequestId(row.Int64(0)),
                            .number = row.Text(1),
                            .patient_id = PatientId(row.Int64(2)),
                            .state = *state,
                            .received_on = *received,
                            .last_effective_on = *last,
                            .held = row.Int64(6) != 0};
}

Status Exists(Connection& connection, std::string_view sql, std::int64_t organization,
              std::int64_t id, std::string message) {
  Result<Statement> found = connection.Query(sql, {organization, id}, "find row");
  if (!found) return found.error();
  Result<bool> exists = found->Step();
  if (!exists) return exists.error();
  if (!*exists) return NotFoundError(std::move(message));
  return OkStatus();
}

}  // namespace

Result<LegalHold> SqliteRetentionRepository::PlaceHold(const LegalHold& hold) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateLegalHold(hold); !valid) return valid.error();
  if (hold.patient_id.IsSet()) {
    if (Status found =
            Exists(connection_, "SELECT 1 FROM patients WHERE organization_id = ?1 AND id = ?2",
                   organization_.value, hold.patient_id.value,
                   "patient " + std::to_string(hold.patient_id.value) + " not found");
        !found) {
      return found.error();
    }
  } else if (Status found = Exists(
                 connection_, "SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                 organization_.value, hold.request_id.value,
                 "request " + std::to_string(hold.request_id.value) + " not found");
             !found) {
    return found.error();
  }
  SqlParam patient = hold.patient_id.IsSet() ? SqlParam(hold.patient_id.value) : SqlParam(nullptr);
  SqlParam request = hold.request_id.IsSet() ? SqlParam(hold.request_id.value) : SqlParam(nullptr);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO legal_holds (organization_id, patient_id, request_id, reason, placed_by,"
      " placed_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {organization_.value, patient, request, std::string_view(hold.reason), hold.placed_by.value,
       hold.placed_micros},
      "insert legal hold");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  LegalHold stored = hold;
  stored.id = connection_.LastInsertId();
  stored.released_by = UserId();
  stored.released_micros = 0;
  return stored;
}

Result<LegalHold> SqliteRetentionRepository::FindHold(std::int64_t id) {
  static const std::string sql = std::string(kHoldColumns) + " AND id = ?2";
  Result<std::vector<LegalHold>> found =
      CollectHolds(connection_.Query(sql, {organization_.value, id}, "find legal hold"));
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("legal hold " + std::to_string(id) + " not found");
  return found->front();
}

Result<LegalHold> SqliteRetentionRepository::ReleaseHold(std::int64_t id, UserId by,
                                                         std::int64_t micros) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (!by.IsSet() || micros <= 0) {
    return InvalidArgumentError("a release needs the user and a positive time");
  }
  Result<LegalHold> hold = FindHold(id);
  if (!hold) return hold.error();
  if (!hold->Active()) {
    return FailedPreconditionError("legal hold " + std::to_string(id) + " was released already");
  }
  Result<Statement> update = connection_.Query(
      "UPDATE legal_holds SET released_by = ?3, released_micros = ?4"
      " WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id, by.value, micros}, "release legal hold");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  hold->released_by = by;
  hold->released_micros = micros;
  return *hold;
}

Result<std::vector<LegalHold>> SqliteRetentionRepository::HoldsOnPatient(PatientId patient) {
  static const std::string sql = std::string(kHoldColumns) + " AND patient_id = ?2 ORDER BY id";
  return CollectHolds(connection_.Query(sql, {organization_.value, patient.value}, "list holds"));
}

Result<std::vector<LegalHold>> SqliteRetentionRepository::HoldsOnRequest(RequestId request) {
  static const std::string sql = std::string(kHoldColumns) + " AND request_id = ?2 ORDER BY id";
  return CollectHolds(connection_.Query(sql, {organization_.value, request.value}, "list holds"));
}

Result<std::vector<RetentionCandidate>> SqliteRetentionRepository::Candidates(Date cutoff,
                                                                              RequestId after,
                                                                              int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  static const std::string sql =
      std::string(kCandidateSelect) +
      " AND r.state IN ('closed', 'cancelled', 'released') AND r.received_on < ?2"
      " AND r.id > ?3) WHERE last_on < ?2 ORDER BY id LIMIT ?4";
  std::string day = cutoff.ToString();
  Result<Statement> rows = connection_.Query(
      sql, {organization_.value, day, after.value, std::int64_t{limit}}, "retention candidates");
  if (!rows) return rows.error();
  std::vector<RetentionCandidate> out;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<RetentionCandidate> candidate = ReadCandidate(*rows);
    if (!candidate) return candidate.error();
    out.push_back(std::move(*candidate));
  }
}

Result<RetentionCandidate> SqliteRetentionRepository::Describe(RequestId request) {
  static const std::string sql = std::string(kCandidateSelect) + " AND r.id = ?2)";
  Result<Statement> rows =
      connection_.Query(sql, {organization_.value, request.value}, "describe request");
  if (!rows) return rows.error();
  Result<bool> row = rows->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError("request " + std::to_string(request.value) + " not found");
  return ReadCandidate(*rows);
}

Result<PurgeRecord> SqliteRetentionRepository::Purge(const PurgeRecord& record) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidatePurgeRecord(record); !valid) return valid.error();
  Result<RetentionCandidate> described = Describe(record.request_id);
  if (!described) return described.error();
  if (!IsRetentionState(described->state)) {
    return FailedPreconditionError("request " + std::to_string(record.request_id.value) +
                                   " is not closed, cancelled or released");
  }
  if (described->held) {
    return FailedPreconditionError("request " + std::to_string(record.request_id.value) +
                                   " is under a legal hold");
  }
  // The vault content of the request's packets and deliveries, removed after the rows that
  // hold it (unless a document file or another request's packet or delivery holds it too).
  Result<Statement> held = connection_.Query(
      "SELECT content_id FROM packets WHERE organization_id = ?1 AND request_id = ?2 UNION"
      " SELECT content_id FROM deliveries WHERE organization_id = ?1 AND request_id = ?2"
      " AND content_id IS NOT NULL",
      {organization_.value, record.request_id.value}, "find purged content");
  if (!held) return held.error();
  std::vector<std::int64_t> contents;
  for (;;) {
    Result<bool> row = held->Step();
    if (!row) return row.error();
    if (!*row) break;
    contents.push_back(held->Int64(0));
  }
  // Children first (foreign keys), the request last.
  static constexpr std::string_view kDeletes[] = {
      "DELETE FROM delivery_events WHERE organization_id = ?1 AND delivery_id IN"
      " (SELECT id FROM deliveries WHERE organization_id = ?1 AND request_id = ?2)",
      "DELETE FROM deliveries WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM packets WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM redactions WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM harm_determinations WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM denial_reviews WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM request_costs WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM invoice_credits WHERE organization_id = ?1 AND invoice_id IN"
      " (SELECT id FROM invoices WHERE organization_id = ?1 AND request_id = ?2)",
      "DELETE FROM invoices WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM request_notifications WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM review_tasks WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM request_notices WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM request_letters WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM request_transitions WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM legal_holds WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM patient_rematches WHERE organization_id = ?1 AND request_id = ?2",
      "DELETE FROM requests WHERE organization_id = ?1 AND id = ?2",
  };
  for (std::string_view sql : kDeletes) {
    Result<Statement> statement =
        connection_.Query(sql, {organization_.value, record.request_id.value}, "purge request");
    if (!statement) return statement.error();
    if (Status done = statement->Run(); !done) return done.error();
  }
  static constexpr std::string_view kUnheld =
      " WHERE organization_id = ?1 AND {id} = ?2"
      " AND NOT EXISTS (SELECT 1 FROM document_files WHERE organization_id = ?1 AND content_id = "
      "?2)"
      " AND NOT EXISTS (SELECT 1 FROM packets WHERE organization_id = ?1 AND content_id = ?2)"
      " AND NOT EXISTS (SELECT 1 FROM deliveries WHERE organization_id = ?1 AND content_id = ?2)";
  for (std::int64_t content : contents) {
    for (auto [table, column] :
         {std::pair{"content_chunks", "content_id"}, std::pair{"contents", "id"}}) {
      std::string sql = "DELETE FROM " + std::string(table) + std::string(kUnheld);
      sql.replace(sql.find("{id}"), 4, column);
      Result<Statement> statement =
          connection_.Query(sql, {organization_.value, content}, "purge content");
      if (!statement) return statement.error();
      if (Status done = statement->Run(); !done) return done.error();
    }
  }
  std::string received = record.received_on.ToString();
  std::string last = record.last_effective_on.ToString();
  SqlParam by = record.purged_by.IsSet() ? SqlParam(record.purged_by.value) : SqlParam(nullptr);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO retention_purges (organization_id, request_id, request_number, patient_id,"
      " received_on, last_effective_on, purged_micros, purged_by, purged_via, retention_years)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {organization_.value, record.request_id.value, std::string_view(record.request_number),
       record.patient_id.value, received, last, record.purged_micros, by,
       std::string_view(record.purged_via), std::int64_t{record.retention_years}},
      "insert purge record");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  PurgeRecord stored = record;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<PurgeRecord>> SqliteRetentionRepository::PurgeRecords(std::int64_t after_id,
                                                                         int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  Result<Statement> rows = connection_.Query(
      "SELECT id, request_id, request_number, patient_id, received_on, last_effective_on,"
      " purged_micros, purged_by, purged_via, retention_years FROM retention_purges"
      " WHERE organization_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3",
      {organization_.value, after_id, std::int64_t{limit}}, "list purge records");
  if (!rows) return rows.error();
  std::vector<PurgeRecord> out;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<Date> received = Date::Parse(rows->Text(4));
    Result<Date> last = Date::Parse(rows->Text(5));
    if (!received || !last) return InternalError("stored purge record has a bad date");
    out.push_back({.id = rows->Int64(0),
                   .request_id = RequestId(rows->Int64(1)),
                   .request_number = rows->Text(2),
                   .patient_id = PatientId(rows->Int64(3)),
                   .received_on = *received,
                   .last_effective_on = *last,
                   .purged_micros = rows->Int64(6),
                   .purged_by = UserId(rows->IsNull(7) ? 0 : rows->Int64(7)),
                   .purged_via = rows->Text(8),
                   .retention_years = static_cast<int>(rows->Int64(9))});
  }
}

}  // namespace roi::sqlite
