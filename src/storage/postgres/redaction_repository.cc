// PostgreSQL RedactionRepository: the redactions of a request's documents; every statement
// filters by the bound organization.  A redaction is a span (span_begin, span_end) or a page.
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Result<Redaction> ReadRedaction(const pqxx::row& row) {
  Result<RedactionReason> reason = ParseRedactionReason(row[6].as<std::string>());
  if (!reason) {
    return InternalError("stored redaction " + std::to_string(row[0].as<std::int64_t>()) +
                         " has a bad reason");
  }
  Redaction redaction{.id = row[0].as<std::int64_t>(),
                      .request_id = RequestId(row[1].as<std::int64_t>()),
                      .document_id = DocumentId(row[2].as<std::int64_t>()),
                      .has_span = !row[3].is_null(),
                      .span = {},
                      .page = row[5].is_null() ? 0 : row[5].as<std::int64_t>(),
                      .reason = *reason,
                      .reason_text = row[7].as<std::string>(),
                      .marked_by = UserId(row[8].as<std::int64_t>()),
                      .marked_micros = row[9].as<std::int64_t>()};
  if (redaction.has_span) {
    redaction.span = {.begin = row[3].as<std::int64_t>(), .end = row[4].as<std::int64_t>()};
  }
  return redaction;
}

}  // namespace

Result<Redaction> PgRedactionRepository::Insert(const Redaction& redaction) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateRedaction(redaction); !valid) return valid.error();
  Result<std::string> missing =
      context_.Run("find redaction targets", [&]() -> Result<std::string> {
        pqxx::result rows = context_.Transaction().exec_params(
            "SELECT EXISTS (SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2),"
            " EXISTS (SELECT 1 FROM documents WHERE organization_id = $1 AND id = $3),"
            " EXISTS (SELECT 1 FROM users WHERE organization_id = $1 AND id = $4)",
            organization_.value, redaction.request_id.value, redaction.document_id.value,
            redaction.marked_by.value);
        if (!rows[0][0].as<bool>()) {
          return "request " + std::to_string(redaction.request_id.value);
        }
        if (!rows[0][1].as<bool>()) {
          return "document " + std::to_string(redaction.document_id.value);
        }
        if (!rows[0][2].as<bool>()) return "user " + std::to_string(redaction.marked_by.value);
        return std::string();
      });
  if (!missing) return missing.error();
  if (!missing->empty()) return NotFoundError(*missing + " not found");
  std::optional<std::int64_t> begin;
  std::optional<std::int64_t> end;
  std::optional<std::int64_t> page;
  if (redaction.has_span) {
    begin = redaction.span.begin;
    end = redaction.span.end;
  } else {
    page = redaction.page;
  }
  Result<std::int64_t> id = context_.Run("insert redaction", [&]() -> Result<std::int64_t> {
    pqxx::result rows = context_.Transaction().exec_params(
        "INSERT INTO redactions (organization_id, request_id, document_id, span_begin, span_end,"
        " page, reason, reason_text, marked_by, marked_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        organization_.value, redaction.request_id.value, redaction.document_id.value, begin, end,
        page, std::string(RedactionReasonName(redaction.reason)), redaction.reason_text,
        redaction.marked_by.value, redaction.marked_micros);
    return rows[0][0].as<std::int64_t>();
  });
  if (!id) return id.error();
  Redaction stored = redaction;
  stored.id = *id;
  return stored;
}

Result<std::vector<Redaction>> PgRedactionRepository::ListForRequest(RequestId request) {
  return context_.Run("list redactions", [&]() -> Result<std::vector<Redaction>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT id, request_id, document_id, span_begin, span_end, page, reason, reason_text,"
        " marked_by, marked_micros FROM redactions WHERE organization_id = $1 AND request_id = $2"
        " ORDER BY id",
        organization_.value, request.value);
    std::vector<Redaction> out;
    for (const pqxx::row& row : rows) {
      Result<Redaction> redaction = ReadRedaction(row);
      if (!redaction) return redaction.error();
      out.push_back(std::move(*redaction));
    }
    return out;
  });
}

Status PgRedactionRepository::Delete(RequestId request, std::int64_t id) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  Result<bool> removed = context_.Run("delete redaction", [&]() -> Result<bool> {
    pqxx::result rows = context_.Transaction().exec_params(
        "DELETE FROM redactions WHERE organization_id = $1 AND request_id = $2 AND id = $3"
        " RETURNING id",
        organization_.value, request.value, id);
    return !rows.empty();
  });
  if (!removed) return removed.error();
  if (!*removed) {
    return NotFoundError("redaction " + std::to_string(id) + " of request " +
                         std::to_string(request.value) + " not found");
  }
  return OkStatus();
}

}  // namespace roi::postgres
