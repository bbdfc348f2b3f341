// SQLite DenialReviewRepository: harm determinations and reviews of denials; every statement
// filters by the bound organization.  Partial unique indexes keep one determination in force per
// (request, document) and one open review per request.
#include <string>

#include "domain/field_text.h"
#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

SqlParam OptionalUser(UserId id) {
  if (!id.IsSet()) return nullptr;
  return id.value;
}

UserId UserOrUnset(const Statement& row, int column) {
  return row.IsNull(column) ? UserId() : UserId(row.Int64(column));
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

constexpr std::string_view kHarmColumns =
    "id, request_id, document_id, ground, reasons, made_by, made_micros, set_aside_by_review,"
    " withdrawn_by, withdrawn_micros, withdrawal_reason";

Result<HarmDetermination> ReadHarm(const Statement& row) {
  Result<HarmGround> ground = ParseHarmGround(row.Text(3));
  if (!ground) {
    return InternalError("stored harm determination " + std::to_string(row.Int64(0)) +
                         " has a bad ground");
  }
  return HarmDetermination{.id = row.Int64(0),
                           .request_id = RequestId(row.Int64(1)),
                           .document_id = DocumentId(row.Int64(2)),
                           .ground = *ground,
                           .reasons = row.Text(4),
                           .made_by = UserId(row.Int64(5)),
                           .made_micros = row.Int64(6),
                           .set_aside_by_review = row.Int64(7),
                           .withdrawn_by = UserOrUnset(row, 8),
                           .withdrawn_micros = row.Int64(9),
                           .withdrawal_reason = row.Text(10)};
}

constexpr std::string_view kReviewColumns =
    "id, request_id, requested_on, channel, note, recorded_by, recorded_micros, due_on,"
    " reviewer_id, assigned_by, assigned_micros, determination, overturned_documents, reasons,"
    " decided_by, decided_micros, version";

Result<DenialReview> ReadReview(const Statement& row) {
  std::string bad = "stored denial review " + std::to_string(row.Int64(0)) + " has a bad ";
  Result<Date> requested_on = Date::Parse(row.Text(2));
  if (!requested_on) return InternalError(bad + "requested_on");
  Result<Channel> channel = ParseChannel(row.Text(3));
  if (!channel) return InternalError(bad + "channel");
  Result<Date> due_on = Date::Parse(row.Text(7));
  if (!due_on) return InternalError(bad + "due_on");
  Result<DenialDetermination> determination = ParseDenialDetermination(row.Text(11));
  if (!determination) return InternalError(bad + "determination");
  Result<std::vector<DocumentId>> overturned = SplitDocumentIds(row.Text(12));
  if (!overturned) return overturned.error();
  return DenialReview{.id = row.Int64(0),
                      .request_id = RequestId(row.Int64(1)),
                      .requested_on = *requested_on,
                      .channel = *channel,
                      .note = row.Text(4),
                      .recorded_by = UserId(row.Int64(5)),
                      .recorded_micros = row.Int64(6),
                      .due_on = *due_on,
                      .reviewer = UserOrUnset(row, 8),
                      .assigned_by = UserOrUnset(row, 9),
                      .assigned_micros = row.Int64(10),
                      .determination = *determination,
                      .overturned_documents = std::move(*overturned),
                      .reasons = row.Text(13),
                      .decided_by = UserOrUnset(row, 14),
                      .decided_micros = row.Int64(15),
                      .version = row.Int64(16)};
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

}  // namespace

Status SqliteDenialReviewRepository::RequireRow(std::string_view table, std::int64_t id) {
  Result<Statement> found = connection_.Query(
      "SELECT 1 FROM " + std::string(table) + " WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id}, "find row");
  if (!found) return found.error();
  Result<bool> exists = found->Step();
  if (!exists) return exists.error();
  if (!*exists) {
    return NotFoundError(std::string(table) + " row " + std::to_string(id) + " not found");
  }
  return OkStatus();
}

Result<HarmDetermination> SqliteDenialReviewRepository::AddHarmDetermination(
    const HarmDetermination& d) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateHarmDetermination(d); !valid) return valid.error();
  if (Status found = RequireRow("requests", d.request_id.value); !found) return found.error();
  if (Status found = RequireRow("documents", d.document_id.value); !found) return found.error();
  if (Status found = RequireRow("users", d.made_by.value); !found) return found.error();
  std::string ground(HarmGroundName(d.ground));
  Result<Statement> insert = connection_.Query(
      "INSERT INTO harm_determinations (organization_id, request_id, document_id, ground,"
      " reasons, made_by, made_micros, set_aside_by_review) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
      "?8)",
      {organization_.value, d.request_id.value, d.document_id.value, ground, d.reasons,
       d.made_by.value, d.made_micros, d.set_aside_by_review},
      "insert harm determination");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  HarmDetermination stored = d;
  stored.id = connection_.LastInsertId();
  return stored;
}

Result<std::vector<HarmDetermination>> SqliteDenialReviewRepository::HarmDeterminations(
    RequestId request) {
  return Collect<HarmDetermination>(
      connection_.Query("SELECT " + std::string(kHarmColumns) +
                            " FROM harm_determinations WHERE organization_id = ?1"
                            " AND request_id = ?2 ORDER BY id",
                        {organization_.value, request.value}, "list harm determinations"),
      ReadHarm);
}

Result<int> SqliteDenialReviewRepository::SetAsideHarmDeterminations(
    RequestId request, std::span<const DocumentId> documents, std::int64_t review_id) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  int marked = 0;
  for (DocumentId document : documents) {
    Result<Statement> update = connection_.Query(
        "UPDATE harm_determinations SET set_aside_by_review = ?4 WHERE organization_id = ?1"
        " AND request_id = ?2 AND document_id = ?3 AND set_aside_by_review = 0"
        " AND withdrawn_micros = 0",
        {organization_.value, request.value, document.value, review_id},
        "set aside harm determination");
    if (!update) return update.error();
    if (Status done = update->Run(); !done) return done.error();
    marked += connection_.Changes();
  }
  return marked;
}

Result<HarmDetermination> SqliteDenialReviewRepository::WithdrawHarmDetermination(
    const HarmDetermination& withdrawn) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateHarmDetermination(withdrawn); !valid) return valid.error();
  if (!withdrawn.Withdrawn()) return InvalidArgumentError("withdrawn_by is required");
  Result<Statement> update = connection_.Query(
      "UPDATE harm_determinations SET withdrawn_by = ?3, withdrawn_micros = ?4,"
      " withdrawal_reason = ?5 WHERE organization_id = ?1 AND id = ?2"
      " AND set_aside_by_review = 0 AND withdrawn_micros = 0",
      {organization_.value, withdrawn.id, withdrawn.withdrawn_by.value, withdrawn.withdrawn_micros,
       withdrawn.withdrawal_reason},
      "withdraw harm determination");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  const bool changed = connection_.Changes() != 0;
  Result<std::vector<HarmDetermination>> found = Collect<HarmDetermination>(
      connection_.Query("SELECT " + std::string(kHarmColumns) +
                            " FROM harm_determinations WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, withdrawn.id}, "find harm determination"),
      ReadHarm);
  if (!found) return found.error();
  if (found->empty()) {
    return NotFoundError("harm determination " + std::to_string(withdrawn.id) + " not found");
  }
  if (!changed) {
    return FailedPreconditionError("harm determination " + std::to_string(withdrawn.id) +
                                   " is not in force");
  }
  return std::move(found->front());
}

Result<DenialReview> SqliteDenialReviewRepository::InsertReview(const DenialReview& r) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateDenialReview(r); !valid) return valid.error();
  if (Status found = RequireRow("requests", r.request_id.value); !found) return found.error();
  std::string requested_on = r.requested_on.ToString();
  std::string due_on = r.due_on.ToString();
  std::string channel(ChannelName(r.channel));
  std::string determination(DenialDeterminationName(r.determination));
  std::string overturned = JoinDocumentIds(r.overturned_documents);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO denial_reviews (organization_id, request_id, requested_on, channel, note,"
      " recorded_by, recorded_micros, due_on, reviewer_id, assigned_by, assigned_micros,"
      " determination, overturned_documents, reasons, decided_by, decided_micros, version)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 1)",
      {organization_.value, r.request_id.value, requested_on, channel, r.note, r.recorded_by.value,
       r.recorded_micros, due_on, OptionalUser(r.reviewer), OptionalUser(r.assigned_by),
       r.assigned_micros, determination, overturned, r.reasons, OptionalUser(r.decided_by),
       r.decided_micros},
      "insert denial review");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  DenialReview stored = r;
  stored.id = connection_.LastInsertId();
  stored.version = 1;
  return stored;
}

Result<DenialReview> SqliteDenialReviewRepository::FindReview(std::int64_t id) {
  Result<std::vector<DenialReview>> found = Collect<DenialReview>(
      connection_.Query("SELECT " + std::string(kReviewColumns) +
                            " FROM denial_reviews WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, id}, "find denial review"),
      ReadReview);
  if (!found) return found.error();
  if (found->empty()) return NotFoundError("denial review " + std::to_string(id) + " not found");
  return std::move(found->front());
}

Result<std::vector<DenialReview>> SqliteDenialReviewRepository::ReviewsForRequest(
    RequestId request) {
  return Collect<DenialReview>(
      connection_.Query("SELECT " + std::string(kReviewColumns) +
                            " FROM denial_reviews WHERE organization_id = ?1 AND request_id = ?2"
                            " ORDER BY id",
                        {organization_.value, request.value}, "list denial reviews"),
      ReadReview);
}

Result<std::vector<DenialReview>> SqliteDenialReviewRepository::OpenReviews(int limit) {
  if (limit < 1 || limit > 10000) return InvalidArgumentError("limit must be 1..10000");
  return Collect<DenialReview>(
      connection_.Query("SELECT " + std::string(kReviewColumns) +
                            " FROM denial_reviews WHERE organization_id = ?1"
                            " AND determination = 'none' ORDER BY due_on, id LIMIT ?2",
                        {organization_.value, std::int64_t{limit}}, "list open denial reviews"),
      ReadReview);
}

Result<DenialReview> SqliteDenialReviewRepository::UpdateReview(const DenialReview& r) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateDenialReview(r); !valid) return valid.error();
  Result<DenialReview> current = FindReview(r.id);
  if (!current) return current.error();
  if (current->version != r.version) {
    return AbortedError("denial review " + std::to_string(r.id) +
                        " was changed concurrently (stale version)");
  }
  std::string determination(DenialDeterminationName(r.determination));
  std::string overturned = JoinDocumentIds(r.overturned_documents);
  Result<Statement> update = connection_.Query(
      "UPDATE denial_reviews SET reviewer_id = ?3, assigned_by = ?4, assigned_micros = ?5,"
      " determination = ?6, overturned_documents = ?7, reasons = ?8, decided_by = ?9,"
      " decided_micros = ?10, version = version + 1"
      " WHERE organization_id = ?1 AND id = ?2 AND version = ?11",
      {organization_.value, r.id, OptionalUser(r.reviewer), OptionalUser(r.assigned_by),
       r.assigned_micros, determination, overturned, r.reasons, OptionalUser(r.decided_by),
       r.decided_micros, r.version},
      "update denial review");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  if (connection_.Changes() == 0) {
    return AbortedError("denial review " + std::to_string(r.id) +
                        " was changed concurrently (stale version)");
  }
  return FindReview(r.id);
}

}  // namespace roi::sqlite
