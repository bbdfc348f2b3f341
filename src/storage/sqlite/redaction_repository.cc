// SQLite RedactionRepository: the redactions of a request's documents; every statement filters by
// the bound organization.  A redaction is a span (span_begin, span_end) or a page, never both.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

Result<Redaction> ReadRedaction(const Statement& row) {
  Result<RedactionReason> reason = ParseRedactionReason(row.Text(6));
  if (!reason)
    return InternalError("stored redaction " + std::to_string(row.Int64(0)) + " has a bad reason");
  Redaction redaction{.id = row.Int64(0),
                      .request_id = RequestId(row.Int64(1)),
                      .document_id = DocumentId(row.Int64(2)),
                      .has_span = !row.IsNull(3),
                      .span = {},
                      .page = row.IsNull(5) ? 0 : row.Int64(5),
                      .reason = *reason,
                      .reason_text = row.Text(7),
                      .marked_by = UserId(row.Int64(8)),
                      .marked_micros = row.Int64(9)};
  if (redaction.has_span) redaction.span = {.begin = row.Int64(3), .end = row.Int64(4)};
  return redaction;
}

}  // namespace

Status SqliteRedactionRepository::RequireRow(std::string_view sql, std::int64_t id,
                                             std::string_view what) {
  Result<Statement> found = connection_.Query(sql, {organization_.value, id}, "find row");
  if (!found) return found.error();
  Result<bool> exists = found->Step();
  if (!exists) return exists.error();
  if (!*exists) return NotFoundError(std::string(what) + " " + std::to_string(id) + " not found");
  return OkStatus();
}

Result<Redaction> SqliteRedactionRepository::Insert(const Redaction& redaction) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateRedaction(redaction); !valid) return valid.error();
  if (Status found = RequireRow("SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                                redaction.request_id.value, "request");
      !found) {
    return found.error();
  }
  if (Status found = RequireRow("SELECT 1 FROM documents WHERE organization_id = ?1 AND id = ?2",
                                redaction.document_id.value, "document");
      !found) {
    return found.error();
  }
  if (Status found = RequireRow("SELECT 1 FROM users WHERE organization_id = ?1 AND id = ?2",
                                redaction.marked_by.value, "user");
      !found) {
    return found.error();
  }
  SqlParam begin = nullptr;
  SqlParam end = nullptr;
  SqlParam page = nullptr;
  if (redaction.has_span) {
    begin = redaction.span.begin;
    end = redaction.span.end;
  } else {
    page = redaction.page;
  }
  std::string reason(RedactionReasonName(redaction.reason));
  Result<Statement> insert = connection_.Query(
      "INSERT INTO redactions (organization_id, request_id, document_id, span_begin, span_end,"
      " page, reason, reason_text, marked_by, marked_micros)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {organization_.value, redaction.request_id.value, redaction.document_id.value, begin, end,
       page, reason, redaction.reason_text, redaction.marked_by.value, redaction.marked_micros},
      "insert redaction");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Redaction stored = redaction;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<Redaction>> SqliteRedactionRepository::ListForRequest(RequestId request) {
  Result<Statement> query = connection_.Query(
      "SELECT id, request_id, document_id, span_begin, span_end, page, reason, reason_text,"
      " marked_by, marked_micros FROM redactions WHERE organization_id = ?1 AND request_id = ?2"
      " ORDER BY id",
      {organization_.value, request.value}, "list redactions");
  if (!query) return query.error();
  std::vector<Redaction> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<Redaction> redaction = ReadRedaction(*query);
    if (!redaction) return redaction.error();
    out.push_back(std::move(*redaction));
  }
}

Status SqliteRedactionRepository::Delete(RequestId request, std::int64_t id) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> remove = connection_.Query(
      "DELETE FROM redactions WHERE organization_id = ?1 AND request_id = ?2 AND id = ?3",
      {organization_.value, request.value, id}, "delete redaction");
  if (!remove) return remove.error();
  if (Status done = remove->Run(); !done) return done;
  if (connection_.Changes() == 0) {
    return NotFoundError("redaction " + std::to_string(id) + " of request " +
                         std::to_string(request.value) + " not found");
  }
  return OkStatus();
}

}  // namespace roi::sqlite
