// PostgreSQL RetentionRepository: legal holds, the requests a retention purge may remove, and the
// purge itself (one request's ROI documentation, deleted inside the caller's transaction, plus its
// purge record).  Every statement passes the bound organization as $1.
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr std::string_view kHoldColumns =
    "SELECT id, patient_id, request_id, reason, placed_by, placed_micros, released_by,"
    " released_micros FROM legal_holds WHERE organization_id = $1";

std::int64_t OrZero(const pqxx::field& field) {
  return field.is_null() ? 0 : field.as<std::int64_t>();
}

std::optional<std::int64_t> OptionalId(std::int64_t id) {
  return id == 0 ? std::nullopt : std::optional<std::int64_t>(id);
}

std::vector<LegalHold> ReadHolds(const pqxx::result& rows) {
  std::vector<LegalHold> out;
  for (const pqxx::row& row : rows) {
    out.push_back({.id = row[0].as<std::int64_t>(),
                   .patient_id = PatientId(OrZero(row[1])),
                   .request_id = RequestId(OrZero(row[2])),
                   .reason = row[3].as<std::string>(),
                   .placed_by = UserId(row[4].as<std::int64_t>()),
                   .placed_micros = row[5].as<std::int64_t>(),
                   .released_by = UserId(OrZero(row[6])),
                   .released_micros = row[7].as<std::int64_t>()});
  }
  return out;
}

// The candidate columns of requests `r` (the last effective day: the latest of receipt, the last
// transition's UTC day, the last letter and the last disclosure of the request).
constexpr std::string_view kCandidateSelect =
    "SELECT id, number, patient_id, state, to_char(received_on, 'YYYY-MM-DD'),"
    " to_char(last_on, 'YYYY-MM-DD'), held FROM ("
    " SELECT r.id, r.number, r.patient_id, r.state, r.received_on, GREATEST(r.received_on,"
    "  (SELECT DATE '1970-01-01' + (max(t.at_micros) / 86400000000)::integer"
    "   FROM request_transitions t"
    "   WHERE t.organization_id = r.organization_id AND t.request_id = r.id),"
    "  (SELECT max(l.date) FROM request_letters l"
    "   WHERE l.organization_id = r.organization_id AND l.request_id = r.id),"
    "  (SELECT max(d.disclosed_on) FROM disclosures d"
    "   WHERE d.organization_id = r.organization_id AND d.request_id = r.id)) AS last_on,"
    " (EXISTS (SELECT 1 FROM legal_holds h WHERE h.organization_id = r.organization_id"
    "   AND h.request_id = r.id AND h.released_micros = 0)"
    "  OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.organization_id = r.organization_id"
    "   AND h.patient_id = r.patient_id AND h.released_micros = 0)) AS held"
    " FROM requests r WHERE r.organization_id = $1";

Result<RetentionCandidate> ReadCandidate(const pqxx::row& row) {
  Result<RequestState> state = ParseRequestState(row[3].as<std::string>());
  Result<Date> received = Date::Parse(row[4].as<std::string>());
  Result<Date> last = Date::Parse(row[5].as<std::string>());
  if (!state || !received || !last) return InternalError("stored request has a bad column");
  return RetentionCandidate{.request_id = RequestId(row[0].as<std::int64_t>()),
                            .number = row[1].as<std::string>(),
                            .patient_id = PatientId(row[2].as<std::int64_t>()),
                            .state = *state,
                            .received_on = *received,
                            .last_effective_on = *last,
                            .held = row[6].as<bool>()};
}

}  // namespace

Result<LegalHold> PgRetentionRepository::PlaceHold(const LegalHold& hold) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateLegalHold(hold); !valid) return valid.error();
  Result<bool> known = context_.Run("find hold subject", [&]() -> Result<bool> {
    if (hold.patient_id.IsSet()) {
      return !context_.Transaction()
                  .exec_params("SELECT 1 FROM patients WHERE organization_id = $1 AND id = $2",
                               organization_.value, hold.patient_id.value)
                  .empty();
    }
    return !context_.Transaction()
                .exec_params("SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2",
                             organization_.value, hold.request_id.value)
                .empty();
  });
  if (!known) return known.error();
  if (!*known) {
    return hold.patient_id.IsSet()
               ? NotFoundError("patient " + std::to_string(hold.patient_id.value) + " not found")
               : NotFoundError("request " + std::to_string(hold.request_id.value) + " not found");
  }
  Result<std::int64_t> id = context_.Run("insert legal hold", [&]() -> Result<std::int64_t> {
    return context_.Transaction()
        .exec_params1(
            "INSERT INTO legal_holds (organization_id, patient_id, request_id, reason, placed_by,"
            " placed_micros) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            organization_.value, OptionalId(hold.patient_id.value),
            OptionalId(hold.request_id.value), hold.reason, hold.placed_by.value,
            hold.placed_micros)[0]
        .as<std::int64_t>();
  });
  if (!id) return id.error();
  LegalHold stored = hold;
  stored.id = *id;
  stored.released_by = UserId();
  stored.released_micros = 0;
  return stored;
}

Result<LegalHold> PgRetentionRepository::FindHold(std::int64_t id) {
  Result<std::vector<LegalHold>> found =
      context_.Run("find legal hold", [&]() -> Result<std::vector<LegalHold>> {
        return ReadHolds(context_.Transaction().exec_params(
            std::string(kHoldColumns) + " AND id = $2", organization_.value, id));
      });
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("legal hold " + std::to_string(id) + " not found");
  return found->front();
}

Result<LegalHold> PgRetentionRepository::ReleaseHold(std::int64_t id, UserId by,
                                                     std::int64_t micros) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (!by.IsSet() || micros <= 0) {
    return InvalidArgumentError("a release needs the user and a positive time");
  }
  Result<LegalHold> hold = FindHold(id);
  if (!hold) return hold.error();
  if (!hold->Active()) {
    return FailedPreconditionError("legal hold " + std::to_string(id) + " was released already");
  }
  Result<bool> done = context_.Run("release legal hold", [&]() -> Result<bool> {
    context_.Transaction().exec_params(
        "UPDATE legal_holds SET released_by = $3, released_micros = $4"
        " WHERE organization_id = $1 AND id = $2",
        organization_.value, id, by.value, micros);
    return true;
  });
  if (!done) return done.error();
  hold->released_by = by;
  hold->released_micros = micros;
  return *hold;
}

Result<std::vector<LegalHold>> PgRetentionRepository::HoldsOnPatient(PatientId patient) {
  return context_.Run("list holds", [&]() -> Result<std::vector<LegalHold>> {
    return ReadHolds(context_.Transaction().exec_params(
        std::string(kHoldColumns) + " AND patient_id = $2 ORDER BY id", organization_.value,
        patient.value));
  });
}

Result<std::vector<LegalHold>> PgRetentionRepository::HoldsOnRequest(RequestId request) {
  return context_.Run("list holds", [&]() -> Result<std::vector<LegalHold>> {
    return ReadHolds(context_.Transaction().exec_params(
        std::string(kHoldColumns) + " AND request_id = $2 ORDER BY id", organization_.value,
        request.value));
  });
}

Result<std::vector<RetentionCandidate>> PgRetentionRepository::Candidates(Date cutoff,
                                                                          RequestId after,
                                                                          int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  static const std::string sql =
      std::string(kCandidateSelect) +
      " AND r.state IN ('closed', 'cancelled', 'released') AND r.received_on < $2::date"
      " AND r.id > $3) c WHERE last_on < $2::date ORDER BY id LIMIT $4";
  return context_.Run("retention candidates", [&]() -> Result<std::vector<RetentionCandidate>> {
    pqxx::result rows = context_.Transaction().exec_params(sql, organization_.value,
                                                           cutoff.ToString(), after.value, limit);
    std::vector<RetentionCandidate> out;
    for (const pqxx::row& row : rows) {
      Result<RetentionCandidate> candidate = ReadCandidate(row);
      if (!candidate) return candidate.error();
      out.push_back(std::move(*candidate));
    }
    return out;
  });
}

Result<RetentionCandidate> PgRetentionRepository::Describe(RequestId request) {
  static const std::string sql = std::string(kCandidateSelect) + " AND r.id = $2) c";
  Result<std::optional<RetentionCandidate>> found =
      context_.Run("describe request", [&]() -> Result<std::optional<RetentionCandidate>> {
        pqxx::result rows =
            context_.Transaction().exec_params(sql, organization_.value, request.value);
        if (rows.empty()) return std::optional<RetentionCandidate>();
        Result<RetentionCandidate> candidate = ReadCandidate(rows[0]);
        if (!candidate) return candidate.error();
        return std::optional<RetentionCandidate>(std::move(*candidate));
      });
  if (!found) return found.error();
  if (!*found) return NotFoundError("request " + std::to_string(request.value) + " not found");
  return std::move(**found);
}

Result<PurgeRecord> PgRetentionRepository::Purge(const PurgeRecord& record) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
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
  // Children first (foreign keys), the request last.  The vault content of the request's packets
  // and deliveries goes after the rows that hold it (see kContentDeletes).
  static constexpr std::string_view kDeletes[] = {
      "DELETE FROM delivery_events WHERE organization_id = $1 AND delivery_id IN"
      " (SELECT id FROM deliveries WHERE organization_id = $1 AND request_id = $2)",
      "DELETE FROM deliveries WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM packets WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM redactions WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM harm_determinations WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM denial_reviews WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM request_costs WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM invoice_credits WHERE organization_id = $1 AND invoice_id IN"
      " (SELECT id FROM invoices WHERE organization_id = $1 AND request_id = $2)",
      "DELETE FROM invoices WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM request_notifications WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM review_tasks WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM request_notices WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM request_letters WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM request_transitions WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM legal_holds WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM patient_rematches WHERE organization_id = $1 AND request_id = $2",
      "DELETE FROM requests WHERE organization_id = $1 AND id = $2",
  };
  // Content no document file and no other packet or delivery holds.
  static constexpr std::string_view kContentDeletes[] = {
      "DELETE FROM content_chunks WHERE organization_id = $1 AND content_id = $2",
      "DELETE FROM contents WHERE organization_id = $1 AND id = $2",
  };
  Result<std::int64_t> id = context_.Run("purge request", [&]() -> Result<std::int64_t> {
    pqxx::result held = context_.Transaction().exec_params(
        "SELECT content_id FROM packets WHERE organization_id = $1 AND request_id = $2 UNION"
        " SELECT content_id FROM deliveries WHERE organization_id = $1 AND request_id = $2"
        " AND content_id IS NOT NULL",
        organization_.value, record.request_id.value);
    for (std::string_view sql : kDeletes) {
      context_.Transaction().exec_params(std::string(sql), organization_.value,
                                         record.request_id.value);
    }
    for (const pqxx::row& row : held) {
      std::int64_t content = row[0].as<std::int64_t>();
      bool still_held =
          context_.Transaction()
              .exec_params1(
                  "SELECT EXISTS (SELECT 1 FROM document_files WHERE organization_id = $1"
                  " AND content_id = $2) OR EXISTS (SELECT 1 FROM packets WHERE"
                  " organization_id = $1 AND content_id = $2) OR EXISTS (SELECT 1 FROM"
                  " deliveries WHERE organization_id = $1 AND content_id = $2)",
                  organization_.value, content)[0]
              .as<bool>();
      if (still_held) continue;
      for (std::string_view sql : kContentDeletes) {
        context_.Transaction().exec_params(std::string(sql), organization_.value, content);
      }
    }
    return context_.Transaction()
        .exec_params1(
            "INSERT INTO retention_purges (organization_id, request_id, request_number,"
            " patient_id, received_on, last_effective_on, purged_micros, purged_by, purged_via,"
            " retention_years) VALUES ($1, $2, $3, $4, $5::date, $6::date, $7, $8, $9, $10)"
            " RETURNING id",
            organization_.value, record.request_id.value, record.request_number,
            record.patient_id.value, record.received_on.ToString(),
            record.last_effective_on.ToString(), record.purged_micros,
            OptionalId(record.purged_by.value), record.purged_via, record.retention_years)[0]
        .as<std::int64_t>();
  });
  if (!id) return id.error();
  PurgeRecord stored = record;
  stored.id = *id;
  return stored;
}

Result<std::vector<PurgeRecord>> PgRetentionRepository::PurgeRecords(std::int64_t after_id,
                                                                     int limit) {
  if (limit < 1 || limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  return context_.Run("list purge records", [&]() -> Result<std::vector<PurgeRecord>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT id, request_id, request_number, patient_id, to_char(received_on, 'YYYY-MM-DD'),"
        " to_char(last_effective_on, 'YYYY-MM-DD'), purged_micros, purged_by, purged_via,"
        " retention_years FROM retention_purges WHERE organization_id = $1 AND id > $2"
        " ORDER BY id LIMIT $3",
        organization_.value, after_id, limit);
    std::vector<PurgeRecord> out;
    for (const pqxx::row& row : rows) {
      Result<Date> received = Date::Parse(row[4].as<std::string>());
      Result<Date> last = Date::Parse(row[5].as<std::string>());
      if (!received || !last) return InternalError("stored purge record has a bad date");
      out.push_back({.id = row[0].as<std::int64_t>(),
                     .request_id = RequestId(row[1].as<std::int64_t>()),
                     .request_number = row[2].as<std::string>(),
                     .patient_id = PatientId(row[3].as<std::int64_t>()),
                     .received_on = *received,
                     .last_effective_on = *last,
                     .purged_micros = row[6].as<std::int64_t>(),
                     .purged_by = UserId(OrZero(row[7])),
                     .purged_via = row[8].as<std::string>(),
                     .retention_years = row[9].as<int>()});
    }
    return out;
  });
}

}  // namespace roi::postgres
