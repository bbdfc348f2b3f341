// ReviewService: the review tasks of requests (domain/review.h).  Which reviews a request needs
// follows from its stored decision, its facts, the patient's documents and the organization's
// review settings; the tasks are opened when the request enters review (and again if the
// decision asks for more while it is there), completed by a user whose role fits the kind, and
// counted into the workflow's guards.  Also records the notifications owed to the provider and
// the administrator.  Every call works inside one transaction bound to the caller's
// organization.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"
#include "domain/review.h"

namespace roi {

// What the workflow's guards need from the reviews of one request.
struct ReviewGuard {
  int open_reviews = 0;
  bool review_required = false;  // The request needs at least one review before release.
};

// The reviews of a request, with what they need.  Value type.
struct ReviewsView {
  RequestId request_id;
  std::vector<ReviewTask> tasks;
  std::vector<ReviewNeed> needed;  // What the stored decision and settings ask for now.
  std::vector<RequestNotification> notifications;
  // Documents held back: by the decision, and by completed reviews with a withhold outcome.
  std::vector<DocumentId> withheld_documents;
};

// Runs inside the caller's transaction (RequestService uses these around transitions).
// The reviews `request` needs now.
Result<std::vector<ReviewNeed>> NeededReviews(Transaction& tx, const ReleaseRequest& request);
// The guard inputs of `request`.
Result<ReviewGuard> ReviewGuardFor(Transaction& tx, const ReleaseRequest& request);
// When `request` is in review, opens a task for every needed kind that has none yet (open,
// completed or cancelled); the quality check remembers who sent the request to review.
Status OpenNeededReviews(Transaction& tx, const ReleaseRequest& request, std::int64_t now_micros);
// When `request` is cancelled, denied or closed, cancels its open tasks as done by `actor`.
Status CancelOpenReviews(Transaction& tx, const ReleaseRequest& request, UserId actor,
                         std::int64_t now_micros);
// Records each notification the request calls for (domain OwedNotifications) once.
Status RecordOwedNotifications(Transaction& tx, const ReleaseRequest& request,
                               std::int64_t now_micros);

// What a caller asks when completing or cancelling a review.
struct ReviewCommand {
  ReviewCompletion completion;
};

// Thread-safe.  `store`, `clock` and `audit` must outlive it.  Every call, reads included, is
// recorded in the audit trail with the request's patient (app/audited_call.h).
class ReviewService {
 public:
  ReviewService(Store& store, const Clock& clock, const AuditTrail& audit)
      : store_(store), clock_(clock), audit_(audit) {}

  // The request's reviews.  Returns NotFound unless the request is in the caller's organization.
  Result<ReviewsView> List(const Principal& caller, RequestId request);

  // Completes or cancels review `review` of `request`.  Returns NotFound as List (or when the
  // review is not the request's); PermissionDenied when the caller's role may not complete this
  // kind, or cancels without being a supervisor or privacy officer; FailedPrecondition when the
  // review is not open, when the request is not in review, when the quality check is done by the
  // person who prepared the release, or before the other reviews are done; InvalidArgument as
  // domain CompleteReview.
  Result<ReviewTask> Complete(const Principal& caller, RequestId request, ReviewId review,
                              const ReviewCompletion& completion);

  // Assigns an open review (UserId() unassigns).  Returns InvalidArgument if the assignee is not
  // an enabled user of the organization, FailedPrecondition if the review is not open, NotFound
  // as Complete.
  Result<ReviewTask> Assign(const Principal& caller, RequestId request, ReviewId review,
                            UserId assignee);

  Result<ReviewSettings> Settings(const Principal& caller);
  Result<ReviewSettings> PutSettings(const Principal& caller, const ReviewSettings& settings);

 private:
  // Every call runs its work through here: one transaction of the caller's organization that
  // also records the call in the audit trail (`what` names the operation; `request` may be unset).
  Status InOrganization(const Principal& caller, TxMode mode, RequestId request,
                        std::string_view what, const std::function<Status(Transaction&)>& work);

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

}  // namespace roi
