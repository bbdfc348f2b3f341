// PostgreSQL DenialReviewRepository: harm determinations and reviews of denials; every statement
// passes the bound organization as $1 and filters by it.  The one-in-force and one-open rules are
// checked before inserting (a unique violation would abort the whole transaction) and backed by
// partial unique indexes.
#include <optional>
#include <string>

#include "domain/field_text.h"
#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

std::optional<std::int64_t> OptionalUser(UserId id) {
  if (!id.IsSet()) return std::nullopt;
  return id.value;
}

UserId UserOrUnset(const pqxx::field& field) {
  return field.is_null() ? UserId() : UserId(field.as<std::int64_t>());
}

std::string JoinDocumentIds(const std::vector<DocumentId>& ids) {
  std::vector<std::string> items;
  for (DocumentId id : ids) items.push_back(std::to_string(id.value));
  return JoinList(items);
}

Result<std::vector<DocumentId>> SplitDocumentIds(std::string_view text) {
  std::vector<DocumentId> ids;
  for (const std::string& item : SplitList(text)) {
    if (item.empty() || item.size() > 18 || item.find_first_not_of("0123456789") != item.npos) {
      return InternalError("stored denial review has a bad document list");
    }
    ids.emplace_back(std::stoll(item));
  }
  return ids;
}

#define ROI_HARM_SELECT                                                          \
  "SELECT id, request_id, document_id, ground, reasons, made_by, made_micros,"   \
  " set_aside_by_review, withdrawn_by, withdrawn_micros, withdrawal_reason FROM" \
  " harm_determinations WHERE organization_id = $1"

Result<HarmDetermination> ReadHarm(const pqxx::row& row) {
  Result<HarmGround> ground = ParseHarmGround(row[3].as<std::string>());
  if (!ground) return InternalError("stored harm determination has a bad ground");
  return HarmDetermination{.id = row[0].as<std::int64_t>(),
                           .request_id = RequestId(row[1].as<std::int64_t>()),
                           .document_id = DocumentId(row[2].as<std::int64_t>()),
                           .ground = *ground,
                           .reasons = row[4].as<std::string>(),
                           .made_by = UserId(row[5].as<std::int64_t>()),
                           .made_micros = row[6].as<std::int64_t>(),
                           .set_aside_by_review = row[7].as<std::int64_t>(),
                           .withdrawn_by = UserOrUnset(row[8]),
                           .withdrawn_micros = row[9].as<std::int64_t>(),
                           .withdrawal_reason = row[10].as<std::string>()};
}

#define ROI_REVIEW_SELECT                                                                       \
  "SELECT id, request_id, to_char(requested_on, 'YYYY-MM-DD'), channel, note, recorded_by,"     \
  " recorded_micros, to_char(due_on, 'YYYY-MM-DD'), reviewer_id, assigned_by, assigned_micros," \
  " determination, overturned_documents, reasons, decided_by, decided_micros, version"          \
  " FROM denial_reviews WHERE organization_id = $1"

Result<DenialReview> ReadReview(const pqxx::row& row) {
  Result<Date> requested_on = Date::Parse(row[2].as<std::string>());
  Result<Channel> channel = ParseChannel(row[3].as<std::string>());
  Result<Date> due_on = Date::Parse(row[7].as<std::string>());
  Result<DenialDetermination> determination = ParseDenialDetermination(row[11].as<std::string>());
  Result<std::vector<DocumentId>> overturned = SplitDocumentIds(row[12].as<std::string>());
  if (!requested_on || !channel || !due_on || !determination || !overturned) {
    return InternalError("stored denial review has a bad column");
  }
  return DenialReview{.id = row[0].as<std::int64_t>(),
                      .request_id = RequestId(row[1].as<std::int64_t>()),
                      .requested_on = *requested_on,
                      .channel = *channel,
                      .note = row[4].as<std::string>(),
                      .recorded_by = UserId(row[5].as<std::int64_t>()),
                      .recorded_micros = row[6].as<std::int64_t>(),
                      .due_on = *due_on,
                      .reviewer = UserOrUnset(row[8]),
                      .assigned_by = UserOrUnset(row[9]),
                      .assigned_micros = row[10].as<std::int64_t>(),
                      .determination = *determination,
                      .overturned_documents = std::move(*overturned),
                      .reasons = row[13].as<std::string>(),
                      .decided_by = UserOrUnset(row[14]),
                      .decided_micros = row[15].as<std::int64_t>(),
                      .version = row[16].as<std::int64_t>()};
}

template <typename T, typename Read>
Result<std::vector<T>> ReadAll(const pqxx::result& rows, Read read) {
  std::vector<T> out;
  for (const pqxx::row& row : rows) {
    Result<T> item = read(row);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

}  // namespace

Result<HarmDetermination> PgDenialReviewRepository::AddHarmDetermination(
    const HarmDetermination& d) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateHarmDetermination(d); !valid) return valid.error();
  Result<std::string> problem = context_.Run("find harm targets", [&]() -> Result<std::string> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT EXISTS (SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2),"
        " EXISTS (SELECT 1 FROM documents WHERE organization_id = $1 AND id = $3),"
        " EXISTS (SELECT 1 FROM users WHERE organization_id = $1 AND id = $4),"
        " EXISTS (SELECT 1 FROM harm_determinations WHERE organization_id = $1"
        "   AND request_id = $2 AND document_id = $3 AND set_aside_by_review = 0"
        "   AND withdrawn_micros = 0)",
        organization_.value, d.request_id.value, d.document_id.value, d.made_by.value);
    if (!rows[0][0].as<bool>()) return "request " + std::to_string(d.request_id.value);
    if (!rows[0][1].as<bool>()) return "document " + std::to_string(d.document_id.value);
    if (!rows[0][2].as<bool>()) return "user " + std::to_string(d.made_by.value);
    if (rows[0][3].as<bool>()) return std::string("in force");
    return std::string();
  });
  if (!problem) return problem.error();
  if (*problem == "in force") {
    return AlreadyExistsError("document " + std::to_string(d.document_id.value) +
                              " already has a harm determination in force");
  }
  if (!problem->empty()) return NotFoundError(*problem + " not found");
  Result<std::int64_t> id =
      context_.Run("insert harm determination", [&]() -> Result<std::int64_t> {
        pqxx::result rows = context_.Transaction().exec_params(
            "INSERT INTO harm_determinations (organization_id, request_id, document_id, ground,"
            " reasons, made_by, made_micros, set_aside_by_review)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            organization_.value, d.request_id.value, d.document_id.value,
            std::string(HarmGroundName(d.ground)), d.reasons, d.made_by.value, d.made_micros,
            d.set_aside_by_review);
        return rows[0][0].as<std::int64_t>();
      });
  if (!id) return id.error();
  HarmDetermination stored = d;
  stored.id = *id;
  return stored;
}

Result<std::vector<HarmDetermination>> PgDenialReviewRepository::HarmDeterminations(
    RequestId request) {
  return context_.Run("list harm determinations", [&]() -> Result<std::vector<HarmDetermination>> {
    return ReadAll<HarmDetermination>(
        context_.Transaction().exec_params(ROI_HARM_SELECT " AND request_id = $2 ORDER BY id",
                                           organization_.value, request.value),
        ReadHarm);
  });
}

Result<int> PgDenialReviewRepository::SetAsideHarmDeterminations(
    RequestId request, std::span<const DocumentId> documents, std::int64_t review_id) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  int marked = 0;
  for (DocumentId document : documents) {
    Result<int> changed = context_.Run("set aside harm determination", [&]() -> Result<int> {
      pqxx::result rows = context_.Transaction().exec_params(
          "UPDATE harm_determinations SET set_aside_by_review = $4 WHERE organization_id = $1"
          " AND request_id = $2 AND document_id = $3 AND set_aside_by_review = 0"
          " AND withdrawn_micros = 0 RETURNING id",
          organization_.value, request.value, document.value, review_id);
      return static_cast<int>(rows.size());
    });
    if (!changed) return changed.error();
    marked += *changed;
  }
  return marked;
}

Result<DenialReview> PgDenialReviewRepository::InsertReview(const DenialReview& r) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateDenialReview(r); !valid) return valid.error();
  Result<std::string> problem = context_.Run("find review request", [&]() -> Result<std::string> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT EXISTS (SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2),"
        " EXISTS (SELECT 1 FROM denial_reviews WHERE organization_id = $1 AND request_id = $2"
        "   AND determination = 'none')",
        organization_.value, r.request_id.value);
    if (!rows[0][0].as<bool>()) return std::string("missing");
    if (rows[0][1].as<bool>()) return std::string("open");
    return std::string();
  });
  if (!problem) return problem.error();
  if (*problem == "missing") {
    return NotFoundError("request " + std::to_string(r.request_id.value) + " not found");
  }
  if (*problem == "open") {
    return AlreadyExistsError("request " + std::to_string(r.request_id.value) +
                              " already has an open denial review");
  }
  Result<std::int64_t> id = context_.Run("insert denial review", [&]() -> Result<std::int64_t> {
    pqxx::result rows = context_.Transaction().exec_params(
        "INSERT INTO denial_reviews (organization_id, request_id, requested_on, channel, note,"
        " recorded_by, recorded_micros, due_on, reviewer_id, assigned_by, assigned_micros,"
        " determination, overturned_documents, reasons, decided_by, decided_micros, version)"
        " VALUES ($1, $2, $3::date, $4, $5, $6, $7, $8::date, $9, $10, $11, $12, $13, $14, $15,"
        " $16, 1) RETURNING id",
        organization_.value, r.request_id.value, r.requested_on.ToString(),
        std::string(ChannelName(r.channel)), r.note, r.recorded_by.value, r.recorded_micros,
        r.due_on.ToString(), OptionalUser(r.reviewer), OptionalUser(r.assigned_by),
        r.assigned_micros, std::string(DenialDeterminationName(r.determination)),
        JoinDocumentIds(r.overturned_documents), r.reasons, OptionalUser(r.decided_by),
        r.decided_micros);
    return rows[0][0].as<std::int64_t>();
  });
  if (!id) return id.error();
  DenialReview stored = r;
  stored.id = *id;
  stored.version = 1;
  return stored;
}

Result<DenialReview> PgDenialReviewRepository::FindReview(std::int64_t id) {
  Result<std::vector<DenialReview>> found =
      context_.Run("find denial review", [&]() -> Result<std::vector<DenialReview>> {
        return ReadAll<DenialReview>(context_.Transaction().exec_params(
                                         ROI_REVIEW_SELECT " AND id = $2", organization_.value, id),
                                     ReadReview);
      });
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("denial review " + std::to_string(id) + " not found");
  return std::move(found->front());
}

Result<std::vector<DenialReview>> PgDenialReviewRepository::ReviewsForRequest(RequestId request) {
  return context_.Run("list denial reviews", [&]() -> Result<std::vector<DenialReview>> {
    return ReadAll<DenialReview>(
        context_.Transaction().exec_params(ROI_REVIEW_SELECT " AND request_id = $2 ORDER BY id",
                                           organization_.value, request.value),
        ReadReview);
  });
}

Result<std::vector<DenialReview>> PgDenialReviewRepository::OpenReviews(int limit) {
  if (limit < 1 || limit > 10000) return InvalidArgumentError("limit must be 1..10000");
  return context_.Run("list open denial reviews", [&]() -> Result<std::vector<DenialReview>> {
    return ReadAll<DenialReview>(
        context_.Transaction().exec_params(
            ROI_REVIEW_SELECT " AND determination = 'none' ORDER BY due_on, id LIMIT $2",
            organization_.value, limit),
        ReadReview);
  });
}

Result<HarmDetermination> PgDenialReviewRepository::WithdrawHarmDetermination(
    const HarmDetermination& withdrawn) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateHarmDetermination(withdrawn); !valid) return valid.error();
  if (!withdrawn.Withdrawn()) return InvalidArgumentError("withdrawn_by is required");
  Result<bool> changed = context_.Run("withdraw harm determination", [&]() -> Result<bool> {
    pqxx::result rows = context_.Transaction().exec_params(
        "UPDATE harm_determinations SET withdrawn_by = $3, withdrawn_micros = $4,"
        " withdrawal_reason = $5 WHERE organization_id = $1 AND id = $2"
        " AND set_aside_by_review = 0 AND withdrawn_micros = 0 RETURNING id",
        organization_.value, withdrawn.id, withdrawn.withdrawn_by.value, withdrawn.withdrawn_micros,
        withdrawn.withdrawal_reason);
    return !rows.empty();
  });
  if (!changed) return changed.error();
  Result<std::vector<HarmDetermination>> found =
      context_.Run("find harm determination", [&]() -> Result<std::vector<HarmDetermination>> {
        return ReadAll<HarmDetermination>(
            context_.Transaction().exec_params(ROI_HARM_SELECT " AND id = $2", organization_.value,
                                               withdrawn.id),
            ReadHarm);
      });
  if (!found) return found.error();
  if (found->empty()) {
    return NotFoundError("harm determination " + std::to_string(withdrawn.id) + " not found");
  }
  if (!*changed) {
    return FailedPreconditionError("harm determination " + std::to_string(withdrawn.id) +
                                   " is not in force");
  }
  return std::move(found->front());
}

Result<DenialReview> PgDenialReviewRepository::UpdateReview(const DenialReview& r) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateDenialReview(r); !valid) return valid.error();
  Result<bool> updated = context_.Run("update denial review", [&]() -> Result<bool> {
    pqxx::result rows = context_.Transaction().exec_params(
        "UPDATE denial_reviews SET reviewer_id = $3, assigned_by = $4, assigned_micros = $5,"
        " determination = $6, overturned_documents = $7, reasons = $8, decided_by = $9,"
        " decided_micros = $10, version = version + 1"
        " WHERE organization_id = $1 AND id = $2 AND version = $11 RETURNING id",
        organization_.value, r.id, OptionalUser(r.reviewer), OptionalUser(r.assigned_by),
        r.assigned_micros, std::string(DenialDeterminationName(r.determination)),
        JoinDocumentIds(r.overturned_documents), r.reasons, OptionalUser(r.decided_by),
        r.decided_micros, r.version);
    return !rows.empty();
  });
  if (!updated) return updated.error();
  if (!*updated) {
    Result<DenialReview> current = FindReview(r.id);
    if (!current) return current.error();
    return AbortedError("denial review " + std::to_string(r.id) +
                        " was changed concurrently (stale version)");
  }
  return FindReview(r.id);
}

}  // namespace roi::postgres
