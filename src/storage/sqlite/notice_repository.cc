// SQLite NoticeRepository.  INSERT OR IGNORE on the (organization, request, kind, key) unique key
// makes raising a notice twice a no-op; write transactions are serialized (BEGIN IMMEDIATE).
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

Result<RequestNotice> ReadNotice(const Statement& row) {
  RequestNotice notice{.id = row.Int64(0),
                       .request_id = RequestId(row.Int64(1)),
                       .kind = row.Text(2),
                       .key = row.Text(3),
                       .due_on = std::nullopt,
                       .message = row.Text(5),
                       .raised_micros = row.Int64(6)};
  if (!row.IsNull(4)) {
    Result<Date> due = Date::Parse(row.Text(4));
    if (!due) return InternalError("stored due_on of notice " + std::to_string(notice.id));
    notice.due_on = *due;
  }
  return notice;
}

}  // namespace

Result<bool> SqliteNoticeRepository::Raise(const RequestNotice& notice) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateRequestNotice(notice); !valid) return valid.error();
  Result<Statement> exists =
      connection_.Query("SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, notice.request_id.value}, "find request");
  if (!exists) return exists.error();
  Result<bool> found = exists->Step();
  if (!found) return found.error();
  if (!*found) {
    return NotFoundError("request " + std::to_string(notice.request_id.value) + " not found");
  }
  std::string due = notice.due_on ? notice.due_on->ToString() : std::string();
  SqlParam due_param = nullptr;
  if (notice.due_on) due_param = std::string_view(due);
  Result<Statement> insert = connection_.Query(
      "INSERT OR IGNORE INTO request_notices (organization_id, request_id, kind, notice_key,"
      " due_on, message, raised_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {organization_.value, notice.request_id.value, notice.kind, notice.key, due_param,
       notice.message, notice.raised_micros},
      "insert notice");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  return connection_.Changes() == 1;
}

Result<std::vector<RequestNotice>> SqliteNoticeRepository::ListForRequest(RequestId request) {
  Result<Statement> query = connection_.Query(
      "SELECT id, request_id, kind, notice_key, due_on, message, raised_micros"
      " FROM request_notices WHERE organization_id = ?1 AND request_id = ?2 ORDER BY id",
      {organization_.value, request.value}, "list notices");
  if (!query) return query.error();
  std::vector<RequestNotice> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<RequestNotice> notice = ReadNotice(*query);
    if (!notice) return notice.error();
    out.push_back(std::move(*notice));
  }
}

}  // namespace roi::sqlite
