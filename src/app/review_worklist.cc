#include "app/review_worklist.h"

#include <string>

namespace roi {
namespace {

constexpr std::int64_t kDayMicros = 86'400'000'000;

}  // namespace

Result<ReviewWorkPage> ReviewWorklist::List(const Principal& caller, ReviewId after,
                                            int limit) const {
  if (!caller.May(Permission::kReviewRecords)) {
    return PermissionDeniedError("the " + std::string(RoleName(caller.user.role)) +
                                 " role may not review_records");
  }
  if (limit < 1 || limit > 200) return InvalidArgumentError("limit must be 1 to 200");
  OpenReviewQuery query{.user = caller.user.id, .pool_kinds = {}, .after = after, .limit = limit};
  for (ReviewKind kind : {ReviewKind::kClinician, ReviewKind::kSupervisor,
                          ReviewKind::kLicensedProfessional, ReviewKind::kQualityCheck}) {
    if (RoleMayComplete(kind, caller.user.role)) query.pool_kinds.push_back(kind);
  }
  const std::int64_t now = clock_.NowMicros();
  ReviewWorkPage page;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<std::vector<ReviewTask>> tasks = tx.Reviews().ListOpenFor(query);
    if (!tasks) return Status(tasks.error());
    for (ReviewTask& task : *tasks) {
      Result<ReleaseRequest> request = tx.Requests().Find(task.request_id);
      if (!request) return Status(request.error());
      std::int64_t age = now > task.created_micros ? (now - task.created_micros) / kDayMicros : 0;
      bool mine = task.assignee == caller.user.id;
      page.items.push_back({.task = std::move(task),
                            .request_number = request->number,
                            .request_state = request->state,
                            .due_on = request->due_on,
                            .age_days = static_cast<int>(age),
                            .assigned_to_caller = mine});
    }
    if (static_cast<int>(page.items.size()) == limit) page.next_after = page.items.back().task.id;
    return audit_.RecordNote(
        tx, ActorOf(caller),
        {.action = AuditAction::kRead,
         .patient = {},
         .entity_kind = "review_tasks",
         .entity_id = "",
         .detail = "review work list: " + std::to_string(page.items.size()) + " tasks"});
  });
  if (!done) return done.error();
  return page;
}

}  // namespace roi
