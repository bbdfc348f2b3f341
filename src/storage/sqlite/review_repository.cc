// SQLite ReviewRepository: review tasks, request notifications and review settings; every
// statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

SqlParam OptionalId(std::int64_t id) {
  if (id == 0) return nullptr;
  return id;
}

std::int64_t IdOrZero(const Statement& row, int column) {
  return row.IsNull(column) ? 0 : row.Int64(column);
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
Result<std::vector<T>> Collect(Result<Statement> statement, Read read) {
  if (!statement) return statement.error();
  std::vector<T> out;
  for (;;) {
    Result<bool> row = statement->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<T> item = read(*statement);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
}

constexpr std::string_view kTaskSelect =
    "SELECT id, request_id, kind, reason, status, assignee_id, prepared_by, outcome,"
    " withheld_documents, notes, completed_by, created_micros, completed_micros"
    " FROM review_tasks WHERE organization_id = ?1";

Result<ReviewTask> ReadTask(const Statement& row) {
  Result<ReviewKind> kind = ParseReviewKind(row.Text(2));
  Result<ReviewStatus> status = ParseReviewStatus(row.Text(4));
  Result<ReviewOutcome> outcome = ParseReviewOutcome(row.Text(7));
  Result<std::vector<DocumentId>> withheld = SplitIds(row.Text(8));
  if (!kind || !status || !outcome || !withheld) {
    return InternalError("stored review has a bad column");
  }
  return ReviewTask{.id = ReviewId(row.Int64(0)),
                    .request_id = RequestId(row.Int64(1)),
                    .kind = *kind,
                    .reason = row.Text(3),
                    .status = *status,
                    .assignee = UserId(IdOrZero(row, 5)),
                    .prepared_by = UserId(IdOrZero(row, 6)),
                    .outcome = *outcome,
                    .withheld_documents = std::move(*withheld),
                    .notes = row.Text(9),
                    .completed_by = UserId(IdOrZero(row, 10)),
                    .created_micros = row.Int64(11),
                    .completed_micros = row.Int64(12)};
}

Result<RequestNotification> ReadNotification(const Statement& row) {
  return RequestNotification{.id = row.Int64(0),
                             .request_id = RequestId(row.Int64(1)),
                             .recipient = row.Text(2),
                             .reason = row.Text(3),
                             .status = row.Text(4),
                             .created_micros = row.Int64(5)};
}

}  // namespace

Status SqliteReviewRepository::RequireRequest(RequestId request) {
  Result<Statement> found =
      connection_.Query("SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, request.value}, "find request");
  if (!found) return found.error();
  Result<bool> row = found->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError("request " + std::to_string(request.value) + " not found");
  return OkStatus();
}

Result<ReviewTask> SqliteReviewRepository::Insert(const ReviewTask& task) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateReviewTask(task); !valid) return valid.error();
  if (Status known = RequireRequest(task.request_id); !known) return known.error();
  std::string kind(ReviewKindName(task.kind));
  std::string status(ReviewStatusName(task.status));
  std::string outcome(ReviewOutcomeName(task.outcome));
  std::string withheld = JoinIds(task.withheld_documents);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO review_tasks (organization_id, request_id, kind, reason, status, assignee_id,"
      " prepared_by, outcome, withheld_documents, notes, completed_by, created_micros,"
      " completed_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
      {organization_.value, task.request_id.value, kind, task.reason, status,
       OptionalId(task.assignee.value), OptionalId(task.prepared_by.value), outcome, withheld,
       task.notes, OptionalId(task.completed_by.value), task.created_micros, task.completed_micros},
      "insert review");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  ReviewTask stored = task;
  stored.id = ReviewId(connection_.LastInsertId());
  return stored;
}

Result<ReviewTask> SqliteReviewRepository::Find(ReviewId id) {
  Result<std::vector<ReviewTask>> rows =
      Collect<ReviewTask>(connection_.Query(std::string(kTaskSelect) + " AND id = ?2",
                                            {organization_.value, id.value}, "find review"),
                          ReadTask);
  if (!rows) return rows.error();
  if (rows->empty()) return NotFoundError("review " + std::to_string(id.value) + " not found");
  return std::move(rows->front());
}

Result<std::vector<ReviewTask>> SqliteReviewRepository::ListForRequest(RequestId request) {
  return Collect<ReviewTask>(
      connection_.Query(std::string(kTaskSelect) + " AND request_id = ?2 ORDER BY id",
                        {organization_.value, request.value}, "list reviews"),
      ReadTask);
}

Result<ReviewTask> SqliteReviewRepository::Update(const ReviewTask& task) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateReviewTask(task); !valid) return valid.error();
  Result<ReviewTask> existing = Find(task.id);
  if (!existing) return existing.error();
  std::string status(ReviewStatusName(task.status));
  std::string outcome(ReviewOutcomeName(task.outcome));
  std::string withheld = JoinIds(task.withheld_documents);
  Result<Statement> update = connection_.Query(
      "UPDATE review_tasks SET status = ?3, assignee_id = ?4, outcome = ?5,"
      " withheld_documents = ?6, notes = ?7, completed_by = ?8, completed_micros = ?9"
      " WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, task.id.value, status, OptionalId(task.assignee.value), outcome,
       withheld, task.notes, OptionalId(task.completed_by.value), task.completed_micros},
      "update review");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
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

Result<RequestNotification> SqliteReviewRepository::AddNotification(
    const RequestNotification& notification) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateNotification(notification); !valid) return valid.error();
  if (Status known = RequireRequest(notification.request_id); !known) return known.error();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO request_notifications (organization_id, request_id, recipient, reason, status,"
      " created_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {organization_.value, notification.request_id.value, notification.recipient,
       notification.reason, notification.status, notification.created_micros},
      "insert notification");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  RequestNotification stored = notification;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<RequestNotification>> SqliteReviewRepository::Notifications(RequestId request) {
  return Collect<RequestNotification>(
      connection_.Query("SELECT id, request_id, recipient, reason, status, created_micros"
                        " FROM request_notifications WHERE organization_id = ?1 AND"
                        " request_id = ?2 ORDER BY id",
                        {organization_.value, request.value}, "list notifications"),
      ReadNotification);
}

Result<ReviewSettings> SqliteReviewRepository::Settings() {
  Result<Statement> found =
      connection_.Query("SELECT quality_check FROM review_settings WHERE organization_id = ?1",
                        {organization_.value}, "read review settings");
  if (!found) return found.error();
  Result<bool> row = found->Step();
  if (!row) return row.error();
  if (!*row) return ReviewSettings{};
  return ReviewSettings{.quality_check = found->Int64(0) != 0};
}

Status SqliteReviewRepository::PutSettings(const ReviewSettings& settings) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> put = connection_.Query(
      "INSERT INTO review_settings (organization_id, quality_check) VALUES (?1, ?2)"
      " ON CONFLICT (organization_id) DO UPDATE SET quality_check = excluded.quality_check",
      {organization_.value, std::int64_t{settings.quality_check ? 1 : 0}}, "write review settings");
  if (!put) return put.error();
  return put->Run();
}

Result<std::vector<ReviewTask>> SqliteReviewRepository::ListOpenFor(const OpenReviewQuery& query) {
  if (Status valid = ValidateOpenReviewQuery(query); !valid) return valid.error();
  std::vector<std::string> kinds = PoolKindNames(query);
  return Collect<ReviewTask>(
      connection_.Query(std::string(kTaskSelect) +
                            " AND status = 'open' AND id > ?2"
                            " AND (assignee_id = ?3 OR (assignee_id IS NULL"
                            " AND kind IN (?4, ?5, ?6, ?7)))"
                            " AND NOT (kind = 'quality_check' AND prepared_by IS NOT NULL"
                            " AND prepared_by = ?3)"
                            " ORDER BY id LIMIT ?8",
                        {organization_.value, query.after.value, query.user.value, kinds[0],
                         kinds[1], kinds[2], kinds[3], static_cast<std::int64_t>(query.limit)},
                        "list open reviews"),
      ReadTask);
}

}  // namespace roi::sqlite
