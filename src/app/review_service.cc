#include "app/review_service.h"

#include <algorithm>
#include <utility>

#include "app/audited_call.h"
#include "app/decision_terms.h"
#include "app/denial_review_service.h"

namespace roi {
namespace {

template <typename T>
struct Out {
  std::optional<T> value;
  Status Set(Result<T> result) {
    if (!result) return result.error();
    value = std::move(*result);
    return OkStatus();
  }
};

// Who sent the request to review most recently (the person who prepared the release).
Result<UserId> PreparedBy(Transaction& tx, RequestId request) {
  Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request);
  if (!history) return history.error();
  UserId who;
  for (const RequestTransition& done : *history) {
    if (done.event.to == RequestState::kInReview &&
        done.event.action == RequestAction::kSendToReview) {
      who = done.event.actor;
    }
  }
  return who;
}

Result<ReviewTask> ReviewOf(Transaction& tx, RequestId request, ReviewId review) {
  Result<ReviewTask> task = tx.Reviews().Find(review);
  if (!task) return task.error();
  if (task->request_id != request) {
    return NotFoundError("review " + std::to_string(review.value) + " not found");
  }
  return task;
}

}  // namespace

Result<std::vector<ReviewNeed>> NeededReviews(Transaction& tx, const ReleaseRequest& request) {
  Result<DecisionTerms> terms = ReadDecisionTerms(request.decision_json);
  if (!terms) return terms.error();
  Result<std::vector<Document>> documents = tx.Documents().ListForPatient(request.patient_id);
  if (!documents) return documents.error();
  Result<ReviewSettings> settings = tx.Reviews().Settings();
  if (!settings) return settings.error();
  std::vector<ReviewNeed> needs = RequiredReviews({.terms = &*terms,
                                                   .basis = request.facts.basis,
                                                   .requester_role = request.requester_role,
                                                   .abuse_concern = request.facts.abuse_concern,
                                                   .documents = *documents,
                                                   .settings = *settings});
  // A denial review already had a licensed professional weigh the reviewable withholdings.
  Result<bool> reviewed = DenialReviewDecided(tx, request.id);
  if (!reviewed) return reviewed.error();
  if (*reviewed) {
    std::erase_if(needs, [](const ReviewNeed& need) {
      return need.kind == ReviewKind::kLicensedProfessional;
    });
  }
  return needs;
}

Result<ReviewGuard> ReviewGuardFor(Transaction& tx, const ReleaseRequest& request) {
  Result<std::vector<ReviewNeed>> needed = NeededReviews(tx, request);
  if (!needed) return needed.error();
  Result<std::vector<ReviewTask>> tasks = tx.Reviews().ListForRequest(request.id);
  if (!tasks) return tasks.error();
  ReviewGuard guard{.review_required = !needed->empty()};
  for (const ReviewTask& task : *tasks) {
    if (task.status == ReviewStatus::kOpen) ++guard.open_reviews;
  }
  return guard;
}

Status OpenNeededReviews(Transaction& tx, const ReleaseRequest& request, std::int64_t now_micros) {
  if (request.state != RequestState::kInReview) return OkStatus();
  Result<std::vector<ReviewNeed>> needed = NeededReviews(tx, request);
  if (!needed) return needed.error();
  Result<std::vector<ReviewTask>> tasks = tx.Reviews().ListForRequest(request.id);
  if (!tasks) return tasks.error();
  Result<UserId> prepared_by = PreparedBy(tx, request.id);
  if (!prepared_by) return prepared_by.error();
  for (const ReviewNeed& need : *needed) {
    bool exists = std::any_of(tasks->begin(), tasks->end(),
                              [&](const ReviewTask& task) { return task.kind == need.kind; });
    if (exists) continue;
    ReviewTask task{.request_id = request.id,
                    .kind = need.kind,
                    .reason = need.reason,
                    .prepared_by = *prepared_by,
                    .created_micros = now_micros};
    if (Result<ReviewTask> stored = tx.Reviews().Insert(task); !stored) return stored.error();
  }
  return OkStatus();
}

Status CancelOpenReviews(Transaction& tx, const ReleaseRequest& request, UserId actor,
                         std::int64_t now_micros) {
  if (request.state != RequestState::kCancelled && request.state != RequestState::kDenied &&
      request.state != RequestState::kClosed) {
    return OkStatus();
  }
  Result<std::vector<ReviewTask>> tasks = tx.Reviews().ListForRequest(request.id);
  if (!tasks) return tasks.error();
  for (ReviewTask& task : *tasks) {
    if (task.status != ReviewStatus::kOpen) continue;
    task.status = ReviewStatus::kCancelled;
    task.completed_by = actor;
    task.completed_micros = now_micros;
    if (task.notes.empty()) {
      task.notes = "request " + std::string(RequestStateName(request.state));
    }
    if (Result<ReviewTask> stored = tx.Reviews().Update(task); !stored) return stored.error();
  }
  return OkStatus();
}

Status RecordOwedNotifications(Transaction& tx, const ReleaseRequest& request,
                               std::int64_t now_micros) {
  Result<DecisionTerms> terms = ReadDecisionTerms(request.decision_json);
  if (!terms) return terms.error();
  std::vector<RequestNotification> owed =
      OwedNotifications(*terms, request.facts.basis, request.requester_role);
  if (owed.empty()) return OkStatus();
  Result<std::vector<RequestNotification>> existing = tx.Reviews().Notifications(request.id);
  if (!existing) return existing.error();
  for (RequestNotification& notification : owed) {
    bool recorded = std::any_of(existing->begin(), existing->end(), [&](const auto& n) {
      return n.recipient == notification.recipient && n.reason == notification.reason;
    });
    if (recorded) continue;
    notification.request_id = request.id;
    notification.created_micros = now_micros;
    if (Result<RequestNotification> stored = tx.Reviews().AddNotification(notification); !stored) {
      return stored.error();
    }
  }
  return OkStatus();
}

Status ReviewService::InOrganization(const Principal& caller, TxMode mode, RequestId request,
                                     std::string_view what,
                                     const std::function<Status(Transaction&)>& work) {
  return AuditedCall(store_, audit_, caller, mode, request, what, work);
}

Result<ReviewsView> ReviewService::List(const Principal& caller, RequestId request) {
  Out<ReviewsView> out;
  Status status =
      InOrganization(caller, TxMode::kRead, request, "list reviews", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        ReviewsView view{.request_id = request};
        Result<std::vector<ReviewTask>> tasks = tx.Reviews().ListForRequest(request);
        if (!tasks) return Status(tasks.error());
        view.tasks = std::move(*tasks);
        Result<std::vector<ReviewNeed>> needed = NeededReviews(tx, *found);
        if (!needed) return Status(needed.error());
        view.needed = std::move(*needed);
        Result<std::vector<RequestNotification>> notifications =
            tx.Reviews().Notifications(request);
        if (!notifications) return Status(notifications.error());
        view.notifications = std::move(*notifications);
        Result<DecisionTerms> terms = ReadDecisionTerms(found->decision_json);
        if (!terms) return Status(terms.error());
        auto hold = [&](DocumentId id) {
          if (std::find(view.withheld_documents.begin(), view.withheld_documents.end(), id) ==
              view.withheld_documents.end()) {
            view.withheld_documents.push_back(id);
          }
        };
        for (const DocumentTerms& line : terms->documents) {
          if (line.withheld) hold(line.id);
        }
        for (const ReviewTask& task : view.tasks) {
          if (task.status != ReviewStatus::kCompleted) continue;
          for (DocumentId id : task.withheld_documents) hold(id);
        }
        out.value = std::move(view);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<ReviewTask> ReviewService::Complete(const Principal& caller, RequestId request,
                                           ReviewId review, const ReviewCompletion& completion) {
  Out<ReviewTask> out;
  Status status =
      InOrganization(caller, TxMode::kWrite, request, "complete review", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        Result<ReviewTask> task = ReviewOf(tx, request, review);
        if (!task) return Status(task.error());
        if (found->state != RequestState::kInReview) {
          return Status(FailedPreconditionError(
              "reviews are completed while the request is in_review; it is " +
              std::string(RequestStateName(found->state))));
        }
        if (task->kind == ReviewKind::kQualityCheck &&
            completion.status == ReviewStatus::kCompleted) {
          Result<std::vector<ReviewTask>> all = tx.Reviews().ListForRequest(request);
          if (!all) return Status(all.error());
          for (const ReviewTask& other : *all) {
            if (other.id != task->id && other.status == ReviewStatus::kOpen) {
              return Status(FailedPreconditionError(
                  "the quality check comes after the other reviews; a " +
                  std::string(ReviewKindName(other.kind)) + " review is still open"));
            }
          }
        }
        Result<DecisionTerms> terms = ReadDecisionTerms(found->decision_json);
        if (!terms) return Status(terms.error());
        std::vector<DocumentId> known;
        for (const DocumentTerms& line : terms->documents) known.push_back(line.id);
        Result<ReviewTask> done = CompleteReview(*task, completion, caller.user.id,
                                                 caller.user.role, clock_.NowMicros(), known);
        if (!done) return Status(done.error());
        return out.Set(tx.Reviews().Update(*done));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<ReviewTask> ReviewService::Assign(const Principal& caller, RequestId request,
                                         ReviewId review, UserId assignee) {
  Out<ReviewTask> out;
  Status status =
      InOrganization(caller, TxMode::kWrite, request, "assign review", [&](Transaction& tx) {
        if (Result<ReleaseRequest> found = tx.Requests().Find(request); !found) {
          return Status(found.error());
        }
        Result<ReviewTask> task = ReviewOf(tx, request, review);
        if (!task) return Status(task.error());
        if (task->status != ReviewStatus::kOpen) {
          return Status(FailedPreconditionError("only an open review can be assigned"));
        }
        if (assignee.IsSet()) {
          Result<User> user = tx.Users().Find(assignee);
          if (!user) {
            if (user.error().code != ErrorCode::kNotFound) return Status(user.error());
            return Status(InvalidArgumentError("assignee_id is not a user of this organization"));
          }
          if (user->disabled) return Status(InvalidArgumentError("assignee_id is a disabled user"));
        }
        task->assignee = assignee;
        return out.Set(tx.Reviews().Update(*task));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<ReviewSettings> ReviewService::Settings(const Principal& caller) {
  Out<ReviewSettings> out;
  Status status = InOrganization(caller, TxMode::kRead, RequestId(), "read review settings",
                                 [&](Transaction& tx) { return out.Set(tx.Reviews().Settings()); });
  if (!status) return status.error();
  return *out.value;
}

Result<ReviewSettings> ReviewService::PutSettings(const Principal& caller,
                                                  const ReviewSettings& settings) {
  Status status =
      InOrganization(caller, TxMode::kWrite, RequestId(), "write review settings",
                     [&](Transaction& tx) { return tx.Reviews().PutSettings(settings); });
  if (!status) return status.error();
  return settings;
}

}  // namespace roi
