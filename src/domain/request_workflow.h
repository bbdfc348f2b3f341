// The request workflow: the states a release-of-information request moves through and the
// guarded transitions between them, as one table.  Pure: the caller passes the facts the guards
// need (the current policy outcome, whether an authorization is revoked, open reviews, balance)
// and the time; nothing here reads a clock or storage.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

enum class RequestState {
  kReceived,            // Logged; the legal clock runs.
  kVerifying,           // Identity, authority and authorization being checked.
  kPendingInformation,  // Waiting on the requester to cure deficiencies.
  kDenied,              // Denied in whole (letter sent).
  kRetrieving,          // Gathering the records in scope.
  kInReview,            // Clinician / supervisor / licensed-professional / quality review.
  kAwaitingPayment,     // Invoice out; release held where the law allows.
  kReadyToRelease,      // Everything done; a release-authorized user may release.
  kReleased,            // Delivered; disclosure logged.
  kClosed,              // Finished; nothing more happens.
  kCancelled,           // Withdrawn by the requester or expired.
  kOnHold,              // Paused (e.g. at the requester's ask); resumes where it was.
};

enum class RequestAction {
  kStartVerification,    // received -> verifying
  kRequestInformation,   // verifying -> pending_information   (decision is pend)
  kInformationReceived,  // pending_information -> verifying
  kDeny,                 // verifying | in_review -> denied   (decision is deny)
  kStartRetrieval,       // verifying -> retrieving           (decision releases something)
  kSendToReview,         // retrieving -> in_review
  kFinishRetrieval,      // retrieving -> awaiting_payment | ready_to_release (no review needed)
  kCompleteReview,       // in_review -> awaiting_payment | ready_to_release (no review open)
  kRecordPayment,        // awaiting_payment -> ready_to_release (nothing owed)
  kRelease,              // ready_to_release -> released      (re-decided: still releasable)
  kClose,                // released | denied -> closed
  kCancel,               // any open state -> cancelled
  kHold,                 // any active state -> on_hold
  kResume,               // on_hold -> the state it was held in
  kGrantExtension,       // same state; once, in the first 30 days, written notice
  kReopen,               // denied -> retrieving  (a denial review overturned it; releasable)
};

// The policy outcome currently stored with the request ("none" before the first decision).
enum class DecisionOutcome { kNone, kRelease, kPartial, kDeny, kPend };

std::string_view RequestStateName(RequestState state);     // "pending_information"
std::string_view RequestActionName(RequestAction action);  // "request_information"
// Parses the names above.  Returns InvalidArgument for an unknown name.
Result<RequestState> ParseRequestState(std::string_view name);
Result<RequestAction> ParseRequestAction(std::string_view name);

// Every state and action, for tables and exhaustive tests.
std::span<const RequestState> AllRequestStates();
std::span<const RequestAction> AllRequestActions();

// The facts the guards look at.  Value type; filled in by the application from stored data.
struct WorkflowFacts {
  DecisionOutcome decision = DecisionOutcome::kNone;
  bool authorization_revoked = false;
  int open_reviews = 0;              // Review tasks not yet completed.
  bool review_required = false;      // Policy or configuration asks for a review before release.
  std::int64_t balance_cents = 0;    // Invoiced minus paid minus waived.
  bool may_hold_for_payment = true;  // False where the law forbids holding release for the fee.
  int days_since_receipt = 0;        // For the extension window.
  bool extension_notice_written = false;
  // Denial review (domain/denial_review.h): a review the individual asked for is still open (a
  // denied request is not closed under it), and a review decided after the latest denial
  // overturned it (the request may be reopened).
  bool denial_review_open = false;
  bool denial_overturned = false;
};

// One recorded transition.  Value type.
struct WorkflowEvent {
  RequestAction action = RequestAction::kStartVerification;
  RequestState from = RequestState::kReceived;
  RequestState to = RequestState::kReceived;
  UserId actor;
  std::int64_t at_micros = 0;   // When, as given by the caller's clock.
  std::string idempotency_key;  // The caller's key; a retry with the same key is a no-op.
  bool operator==(const WorkflowEvent&) const = default;
};

// The workflow position of one request.  Value type; every method either succeeds or leaves the
// object unchanged.
class RequestWorkflow {
 public:
  RequestWorkflow() = default;  // A newly received request.

  RequestState State() const { return state_; }
  // The state a held request resumes to; nullopt unless State() is kOnHold.
  std::optional<RequestState> HeldFrom() const { return held_from_; }
  bool ExtensionGranted() const { return extension_granted_; }
  const std::vector<WorkflowEvent>& History() const { return history_; }
  bool IsTerminal() const;

  // Applies `action`.  A retry with an `idempotency_key` already in the history returns OK and
  // changes nothing.  Returns FailedPrecondition, with a message naming the state and the guard,
  // when the action is not allowed from this state or a guard fails; InvalidArgument for an empty
  // idempotency key.
  Status Apply(RequestAction action, const WorkflowFacts& facts, UserId actor,
               std::int64_t at_micros, std::string idempotency_key);

  // Where `action` would lead from the current state with these facts, without applying it.
  Result<RequestState> Target(RequestAction action, const WorkflowFacts& facts) const;

  // Rebuilds a workflow from stored history (the events must chain); InvalidArgument otherwise.
  static Result<RequestWorkflow> FromHistory(std::vector<WorkflowEvent> history);

  bool operator==(const RequestWorkflow&) const = default;

 private:
  Result<RequestState> TargetLate(RequestAction action, const WorkflowFacts& facts) const;
  void Record(const WorkflowEvent& event);

  RequestState state_ = RequestState::kReceived;
  std::optional<RequestState> held_from_;
  bool extension_granted_ = false;
  std::vector<WorkflowEvent> history_;
};

}  // namespace roi
