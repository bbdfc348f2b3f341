// PostgreSQL ReviewRepository: review tasks, request notifications and review settings; every
// statement passes the bound organization as $1 and filters by it.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

std::optional<std::int64_t> OptionalId(std::int64_t id) {
  if (id == 0) return std::nullopt;
  return id;
}

std::int64_t IdOrZero(const pqxx::field& field) {
  return field.is_null() ? 0 : field.as<std::int64_t>();
}

std::string JoinIds(const std::vector<DocumentId>& ids) {
  std::vector<std::string> items;
  for (DocumentId id : ids) items.push_back(std::to_string(id.value));
  return JoinList(items);
}

Result<std::vector<DocumentId>> SplitIds(std::string_view text) {
  std::vector<DocumentId> ids;
  for (const std::string& item : SplitList(text)) {
    if (item.empty() || item.size() > 18 || item.find_first_not_of("0123456789") != item.npos) {
      return InternalError("stored review has a bad document list");
    }
    ids.emplace_back(std::stoll(item));
  }
  return ids;
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

#define ROI_TASK_SELECT                                                             \
  "SELECT id, request_id, kind, reason, status, assignee_id, prepared_by, outcome," \
  " withheld_documents, notes, completed_by, created_micros, completed_micros"      \
  " FROM review_tasks WHERE organization_id = $1"

Result<ReviewTask> ReadTask(const pqxx::row& row) {
  Result<ReviewKind> kind = ParseReviewKind(row[2].as<std::string>());
  Result<ReviewStatus> status = ParseReviewStatus(row[4].as<std::string>());
  Result<ReviewOutcome> outcome = ParseReviewOutcome(row[7].as<std::string>());
  Result<std::vector<DocumentId>> withheld = SplitIds(row[8].as<std::string>());
  if (!kind || !status || !outcome || !withheld) {
    return InternalError("stored review has a bad column");
  }
  return ReviewTask{.id = ReviewId(row[0].as<std::int64_t>()),
                    .request_id = RequestId(row[1].as<std::int64_t>()),
                    .kind = *kind,
                    .reason = row[3].as<std::string>(),
                    .status = *status,
                    .assignee = UserId(IdOrZero(row[5])),
                    .prepared_by = UserId(IdOrZero(row[6])),
                    .outcome = *outcome,
                    .withheld_documents = std::move(*withheld),
                    .notes = row[9].as<std::string>(),
                    .completed_by = UserId(IdOrZero(row[10])),
                    .created_micros = row[11].as<std::int64_t>(),
                    .completed_micros = row[12].as<std::int64_t>()};
}

Result<RequestNotification> ReadNotification(const pqxx::row& row) {
  return RequestNotification{.id = row[0].as<std::int64_t>(),
                             .request_id = RequestId(row[1].as<std::int64_t>()),
                             .recipient = row[2].as<std::string>(),
                             .reason = row[3].as<std::string>(),
                             .status = row[4].as<std::string>(),
                             .created_micros = row[5].as<std::int64_t>()};
}

}  // namespace

Status PgReviewRepository::RequireRequest(RequestId request) {
  Result<bool> exists = context_.Run("find request", [&]() -> Result<bool> {
    return !context_.Transaction()
                .exec_params("SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2",
                             organization_.value, request.value)
                .empty();
  });
  if (!exists) return exists.error();
  if (!*exists) return NotFoundError("request " + std::to_string(request.value) + " not found");
  return OkStatus();
}

Result<ReviewTask> PgReviewRepository::Insert(const ReviewTask& task) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateReviewTask(task); !valid) return valid.error();
  if (Status known = RequireRequest(task.request_id); !known) return known.error();
  return context_.Run("insert review", [&]() -> Result<ReviewTask> {
    pqxx::row inserted = context_.Transaction().exec_params1(
        "INSERT INTO review_tasks (organization_id, request_id, kind, reason, status,"
        " assignee_id, prepared_by, outcome, withheld_documents, notes, completed_by,"
        " created_micros, completed_micros)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        organization_.value, task.request_id.value, std::string(ReviewKindName(task.kind)),
        task.reason, std::string(ReviewStatusName(task.status)), OptionalId(task.assignee.value),
        OptionalId(task.prepared_by.value), std::string(ReviewOutcomeName(task.outcome)),
        JoinIds(task.withheld_documents), task.notes, OptionalId(task.completed_by.value),
        task.created_micros, task.completed_micros);
    ReviewTask stored = task;
    stored.id = ReviewId(inserted[0].as<std::int64_t>());
    return stored;
  });
}

Result<ReviewTask> PgReviewRepository::Find(ReviewId id) {
  Result<std::vector<ReviewTask>> rows =
      context_.Run("find review", [&]() -> Result<std::vector<ReviewTask>> {
        return ReadAll<ReviewTask>(
            context_.Transaction().exec_params(ROI_TASK_SELECT " AND id = $2", organization_.value,
                                               id.value),
            ReadTask);
      });
  if (!rows) return rows.error();
  if (rows->empty()) return NotFoundError("review " + std::to_string(id.value) + " not found");
  return std::move(rows->front());
}

Result<std::vector<ReviewTask>> PgReviewRepository::ListForRequest(RequestId request) {
  return context_.Run("list reviews", [&]() -> Result<std::vector<ReviewTask>> {
    return ReadAll<ReviewTask>(
        context_.Transaction().exec_params(ROI_TASK_SELECT " AND request_id = $2 ORDER BY id",
                                           organization_.value, request.value),
        ReadTask);
  });
}

Result<ReviewTask> PgReviewRepository::Update(const ReviewTask& task) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateReviewTask(task); !valid) return valid.error();
  Result<ReviewTask> existing = Find(task.id);
  if (!existing) return existing.error();
  Status updated = context_.Run("update review", [&]() -> Status {
    context_.Transaction().exec_params0(
        "UPDATE review_tasks SET status = $3, assignee_id = $4, outcome = $5,"
        " withheld_documents = $6, notes = $7, completed_by = $8, completed_micros = $9"
        " WHERE organization_id = $1 AND id = $2",
        organization_.value, task.id.value, std::string(ReviewStatusName(task.status)),
        OptionalId(task.assignee.value), std::string(ReviewOutcomeName(task.outcome)),
        JoinIds(task.withheld_documents), task.notes, OptionalId(task.completed_by.value),
        task.completed_micros);
    return OkStatus();
  });
  if (!updated) return updated.error();
  ReviewTask stored = *existing;
  stored.status = task.status;
  stored.assignee = task.assignee;
  stored.outcome = task.outcome;
  stored.withheld_documents = task.withheld_documents;
  stored.notes = task.notes;
  stored.completed_by = task.completed_by;
  stored.completed_micros = task.completed_micros;
  return stored;
}

Result<RequestNotification> PgReviewRepository::AddNotification(
    const RequestNotification& notification) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateNotification(notification); !valid) return valid.error();
  if (Status known = RequireRequest(notification.request_id); !known) return known.error();
  Result<std::optional<std::int64_t>> inserted =
      context_.Run("insert notification", [&]() -> Result<std::optional<std::int64_t>> {
        pqxx::result rows = context_.Transaction().exec_params(
            "INSERT INTO request_notifications (organization_id, request_id, recipient, reason,"
            " status, created_micros) VALUES ($1, $2, $3, $4, $5, $6)"
            " ON CONFLICT DO NOTHING RETURNING id",
            organization_.value, notification.request_id.value, notification.recipient,
            notification.reason, notification.status, notification.created_micros);
        if (rows.empty()) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(rows[0][0].as<std::int64_t>());
      });
  if (!inserted) return inserted.error();
  if (!inserted->has_value()) {
    return AlreadyExistsError("the request already has this notification");
  }
  RequestNotification stored = notification;
  stored.id = **inserted;
  return stored;
}

Result<std::vector<RequestNotification>> PgReviewRepository::Notifications(RequestId request) {
  return context_.Run("list notifications", [&]() -> Result<std::vector<RequestNotification>> {
    return ReadAll<RequestNotification>(
        context_.Transaction().exec_params(
            "SELECT id, request_id, recipient, reason, status, created_micros"
            " FROM request_notifications WHERE organization_id = $1 AND request_id = $2"
            " ORDER BY id",
            organization_.value, request.value),
        ReadNotification);
  });
}

Result<ReviewSettings> PgReviewRepository::Settings() {
  return context_.Run("read review settings", [&]() -> Result<ReviewSettings> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT quality_check FROM review_settings WHERE organization_id = $1",
        organization_.value);
    if (rows.empty()) return ReviewSettings{};
    return ReviewSettings{.quality_check = rows[0][0].as<bool>()};
  });
}

Status PgReviewRepository::PutSettings(const ReviewSettings& settings) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("write review settings", [&]() -> Status {
    context_.Transaction().exec_params0(
        "INSERT INTO review_settings (organization_id, quality_check) VALUES ($1, $2)"
        " ON CONFLICT (organization_id) DO UPDATE SET quality_check = EXCLUDED.quality_check",
        organization_.value, settings.quality_check);
    return OkStatus();
  });
}

Result<std::vector<ReviewTask>> PgReviewRepository::ListOpenFor(const OpenReviewQuery& query) {
  if (Status valid = ValidateOpenReviewQuery(query); !valid) return valid.error();
  std::vector<std::string> kinds = PoolKindNames(query);
  return context_.Run("list open reviews", [&]() -> Result<std::vector<ReviewTask>> {
    return ReadAll<ReviewTask>(
        context_.Transaction().exec_params(
            ROI_TASK_SELECT
            " AND status = 'open' AND id > $2"
            " AND (assignee_id = $3 OR (assignee_id IS NULL AND kind IN ($4, $5, $6, $7)))"
            " AND NOT (kind = 'quality_check' AND prepared_by IS NOT NULL AND prepared_by = $3)"
            " ORDER BY id LIMIT $8",
            organization_.value, query.after.value, query.user.value, kinds[0], kinds[1], kinds[2],
            kinds[3], static_cast<std::int64_t>(query.limit)),
        ReadTask);
  });
}

}  // namespace roi::postgres
