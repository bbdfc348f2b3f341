// DenialReviewService: the review of an access denial the individual asks for after the denial
// (45 CFR 164.524(a)(3), (a)(4), (d)(4); domain/denial_review.h).  A licensed professional records
// harm determinations on documents of a request (the reviewable ground the engine withholds for);
// once the request is denied on that ground the desk records the individual's request for review
// (date, channel; due kDenialReviewDueDays later), designates a licensed professional who did not
// take part in the denial, and that reviewer upholds or overturns the denial in whole or in part.
// The determination is carried out at once: a letter to the individual states the result, and an
// overturn sets the harm determinations of the overturned documents aside and reopens the request
// (workflow action `reopen`, re-decided: the engine then releases those documents).  Every call
// works inside one transaction bound to the caller's organization and is audited.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/letters.h"
#include "app/request_service.h"
#include "app/store.h"
#include "domain/denial_review.h"

namespace roi {

// What the workflow's guards need from the denial reviews of one request.
struct DenialReviewGuard {
  bool open = false;  // A review the individual asked for is still open.
  // A review decided after the latest denial overturned it, or a harm determination was withdrawn
  // after it: the request may be reopened.
  bool overturned = false;
};

// Run inside the caller's transaction (RequestService uses these when deciding and moving a
// request).  The documents of `request` with a harm determination in force (empty for an unset id).
Result<std::vector<DocumentId>> HarmDeterminedDocuments(Transaction& tx, RequestId request);
// The guard inputs of `request`.
Result<DenialReviewGuard> DenialReviewGuardFor(Transaction& tx, RequestId request);
// Whether `request` has a decided denial review (its reviewable withholdings were reviewed, so no
// second licensed-professional review task is opened for them).
Result<bool> DenialReviewDecided(Transaction& tx, RequestId request);

// Value type: the denial-review record of one request.
struct DenialReviewView {
  RequestId request_id;
  RequestState state = RequestState::kReceived;
  // A review may be asked for now: the request is denied, the stored decision says the denial is
  // reviewable, a harm determination is in force, and no review is open.
  bool review_available = false;
  std::string unavailable_reason;                // Why not, when review_available is false.
  std::vector<DocumentId> reviewable_documents;  // In-force harm determinations.
  std::vector<HarmDetermination> harm_determinations;
  std::vector<DenialReview> reviews;
  std::vector<UserId> participants;  // Who took part in the denial (may not review it).
  Date today;                        // For `overdue`: an open review past its due_on.
  // The documents of the request's patient, the ones a harm determination may name (their text
  // is left out: `content` is empty).
  std::vector<Document> documents;
};

// Value type: a licensed professional's harm determination on documents of a request.
struct HarmCommand {
  std::vector<DocumentId> document_ids;
  HarmGround ground = HarmGround::kEndangerLifeOrSafety;
  std::string reasons;
};

// Value type: the individual's request for review, as the desk records it.
struct ReviewRequestCommand {
  std::optional<Date> requested_on;  // Default today.
  Channel channel = Channel::kMail;
  std::string note;
};

// Value type: what deciding a review did.
struct DenialReviewResult {
  DenialReview review;
  std::int64_t letter_id = 0;  // The result letter to the individual.
  RequestState state = RequestState::kDenied;
  // When an overturn could not reopen the request at once (e.g. the re-decided request now pends
  // on a revoked authorization): why.  The `reopen` transition can be applied later.
  std::string reopen_error;
};

// Thread-safe.  `store`, `clock`, `audit` and `requests` must outlive it.
class DenialReviewService {
 public:
  DenialReviewService(Store& store, const Clock& clock, const AuditTrail& audit,
                      RequestService& requests, ComplaintContacts contacts = {})
      : store_(store),
        clock_(clock),
        audit_(audit),
        requests_(requests),
        contacts_(std::move(contacts)) {}

  // The request's harm determinations, denial reviews and whether a review is available.
  // Returns NotFound unless the request is in the caller's organization.
  Result<DenialReviewView> Get(const Principal& caller, RequestId request);

  // Records the caller's harm determination on each of `command.document_ids`; it takes effect at
  // the request's next re-decision (every transition re-decides).  Returns PermissionDenied unless
  // the caller is a licensed professional (a clinician); FailedPrecondition unless the request is
  // verifying, retrieving or in review, or for ground (iii) when the requester is not a personal
  // representative; InvalidArgument for no documents, a document that is not the patient's, or
  // bad reasons; AlreadyExists when a document has one in force; NotFound as Get.
  Result<std::vector<HarmDetermination>> RecordHarm(const Principal& caller, RequestId request,
                                                    const HarmCommand& command);

  // Withdraws harm determination `determination` of the request with `reason`, and re-decides the
  // request in the same transaction (the engine no longer withholds for it).  The withdrawal is
  // recorded on the determination, never deleted.  Returns PermissionDenied unless the caller
  // made it or is a supervisor; FailedPrecondition once a review of the request's denial has been
  // decided or when it is no longer in force; InvalidArgument for an empty or long reason;
  // NotFound for another request's determination and as Get.
  Result<HarmDetermination> WithdrawHarm(const Principal& caller, RequestId request,
                                         std::int64_t determination, const std::string& reason);

  // Records the individual's request for review.  Returns FailedPrecondition unless the request
  // is denied and the denial is reviewable (the stored decision's denial_reviewable and a harm
  // determination in force: no review is offered for the unreviewable grounds of 164.524(a)(2)),
  // AlreadyExists when a review is open, InvalidArgument for a date before the denial or in the
  // future or a long note, NotFound as Get.
  Result<DenialReview> RequestReview(const Principal& caller, RequestId request,
                                     const ReviewRequestCommand& command);

  // Designates `reviewer`.  Returns InvalidArgument if the reviewer is not an enabled user of the
  // organization, PermissionDenied if not a licensed professional, FailedPrecondition if they
  // took part in the denial or the review is decided, NotFound for another request's review.
  Result<DenialReview> AssignReviewer(const Principal& caller, RequestId request,
                                      std::int64_t review, UserId reviewer);

  // Records the assigned reviewer's determination and carries it out (letter; for an overturn,
  // the harm determinations set aside and the request reopened).  Returns PermissionDenied unless
  // the caller is the assigned reviewer, FailedPrecondition when decided already, unassigned, or
  // the reviewer took part in the denial, InvalidArgument as domain DecideDenialReview, NotFound
  // as AssignReviewer.
  Result<DenialReviewResult> Decide(const Principal& caller, RequestId request, std::int64_t review,
                                    const DenialReviewDecision& decision);

 private:
  Status InOrganization(const Principal& caller, TxMode mode, RequestId request,
                        std::string_view what, const std::function<Status(Transaction&)>& work);

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
  RequestService& requests_;
  const ComplaintContacts contacts_;
};

}  // namespace roi
