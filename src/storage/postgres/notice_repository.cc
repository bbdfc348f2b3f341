// PostgreSQL NoticeRepository.  INSERT ... ON CONFLICT DO NOTHING on the (organization, request,
// kind, key) unique key: when two transactions raise the same notice at once, the second waits for
// the first and then inserts nothing, so the notice is stored once and neither fails.
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Result<RequestNotice> ReadNotice(const pqxx::row& row) {
  RequestNotice notice{.id = row[0].as<std::int64_t>(),
                       .request_id = RequestId(row[1].as<std::int64_t>()),
                       .kind = row[2].as<std::string>(),
                       .key = row[3].as<std::string>(),
                       .due_on = std::nullopt,
                       .message = row[5].as<std::string>(),
                       .raised_micros = row[6].as<std::int64_t>()};
  if (!row[4].is_null()) {
    Result<Date> due = Date::Parse(row[4].as<std::string>());
    if (!due) return InternalError("stored due_on of notice " + std::to_string(notice.id));
    notice.due_on = *due;
  }
  return notice;
}

}  // namespace

Result<bool> PgNoticeRepository::Raise(const RequestNotice& notice) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateRequestNotice(notice); !valid) return valid.error();
  return context_.Run("raise notice", [&]() -> Result<bool> {
    pqxx::result request = context_.Transaction().exec_params(
        "SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2", organization_.value,
        notice.request_id.value);
    if (request.empty()) {
      return NotFoundError("request " + std::to_string(notice.request_id.value) + " not found");
    }
    std::optional<std::string> due;
    if (notice.due_on) due = notice.due_on->ToString();
    pqxx::result inserted = context_.Transaction().exec_params(
        "INSERT INTO request_notices (organization_id, request_id, kind, notice_key, due_on,"
        " message, raised_micros) VALUES ($1, $2, $3, $4, $5::date, $6, $7)"
        " ON CONFLICT (organization_id, request_id, kind, notice_key) DO NOTHING RETURNING id",
        organization_.value, notice.request_id.value, notice.kind, notice.key, due, notice.message,
        notice.raised_micros);
    return !inserted.empty();
  });
}

Result<std::vector<RequestNotice>> PgNoticeRepository::ListForRequest(RequestId request) {
  return context_.Run("list notices", [&]() -> Result<std::vector<RequestNotice>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT id, request_id, kind, notice_key, to_char(due_on, 'YYYY-MM-DD'), message,"
        " raised_micros FROM request_notices WHERE organization_id = $1 AND request_id = $2"
        " ORDER BY id",
        organization_.value, request.value);
    std::vector<RequestNotice> out;
    for (const pqxx::row& row : rows) {
      Result<RequestNotice> notice = ReadNotice(row);
      if (!notice) return notice.error();
      out.push_back(std::move(*notice));
    }
    return out;
  });
}

}  // namespace roi::postgres
