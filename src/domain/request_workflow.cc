#include "domain/request_workflow.h"

#include <array>
#include <utility>

namespace roi {
namespace {

constexpr std::array<RequestState, 12> kStates = {
    RequestState::kReceived,           RequestState::kVerifying,
    RequestState::kPendingInformation, RequestState::kDenied,
    RequestState::kRetrieving,         RequestState::kInReview,
    RequestState::kAwaitingPayment,    RequestState::kReadyToRelease,
    RequestState::kReleased,           RequestState::kClosed,
    RequestState::kCancelled,          RequestState::kOnHold};

constexpr std::array<std::string_view, 12> kStateNames = {
    "received",   "verifying", "pending_information", "denied",
    "retrieving", "in_review", "awaiting_payment",    "ready_to_release",
    "released",   "closed",    "cancelled",           "on_hold"};

constexpr std::array<RequestAction, 16> kActions = {RequestAction::kStartVerification,
                                                    RequestAction::kRequestInformation,
                                                    RequestAction::kInformationReceived,
                                                    RequestAction::kDeny,
                                                    RequestAction::kStartRetrieval,
                                                    RequestAction::kSendToReview,
                                                    RequestAction::kFinishRetrieval,
                                                    RequestAction::kCompleteReview,
                                                    RequestAction::kRecordPayment,
                                                    RequestAction::kRelease,
                                                    RequestAction::kClose,
                                                    RequestAction::kCancel,
                                                    RequestAction::kHold,
                                                    RequestAction::kResume,
                                                    RequestAction::kGrantExtension,
                                                    RequestAction::kReopen};

constexpr std::array<std::string_view, 16> kActionNames = {"start_verification",
                                                           "request_information",
                                                           "information_received",
                                                           "deny",
                                                           "start_retrieval",
                                                           "send_to_review",
                                                           "finish_retrieval",
                                                           "complete_review",
                                                           "record_payment",
                                                           "release",
                                                           "close",
                                                           "cancel",
                                                           "hold",
                                                           "resume",
                                                           "grant_extension",
                                                           "reopen"};

// Active: work is under way and the legal clock matters.
bool IsActive(RequestState state) {
  switch (state) {
    case RequestState::kReceived:
    case RequestState::kVerifying:
    case RequestState::kPendingInformation:
    case RequestState::kRetrieving:
    case RequestState::kInReview:
    case RequestState::kAwaitingPayment:
    case RequestState::kReadyToRelease:
      return true;
    default:
      return false;
  }
}

bool Releasable(DecisionOutcome decision) {
  return decision == DecisionOutcome::kRelease || decision == DecisionOutcome::kPartial;
}

Error Refuse(RequestAction action, RequestState state, std::string_view why) {
  std::string message = "cannot ";
  message += RequestActionName(action);
  message += " a request that is ";
  message += RequestStateName(state);
  if (!why.empty()) {
    message += ": ";
    message += why;
  }
  return FailedPreconditionError(std::move(message));
}

// Where finished work leads: to payment when a fee is owed and the law lets release wait for it.
RequestState AfterWork(const WorkflowFacts& facts) {
  if (facts.balance_cents > 0 && facts.may_hold_for_payment) return RequestState::kAwaitingPayment;
  return RequestState::kReadyToRelease;
}

// Guards shared by every step that moves records toward release.
std::string_view ReleaseBlocker(const WorkflowFacts& facts) {
  if (facts.authorization_revoked) return "the authorization has been revoked";
  if (facts.decision == DecisionOutcome::kPend) return "the decision is pending information";
  if (!Releasable(facts.decision)) return "the decision does not allow a release";
  return "";
}

}  // namespace

std::string_view RequestStateName(RequestState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::string_view RequestActionName(RequestAction action) {
  return kActionNames[static_cast<std::size_t>(action)];
}

Result<RequestState> ParseRequestState(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return kStates[i];
  }
  return InvalidArgumentError("unknown request state");
}

Result<RequestAction> ParseRequestAction(std::string_view name) {
  for (std::size_t i = 0; i < kActionNames.size(); ++i) {
    if (kActionNames[i] == name) return kActions[i];
  }
  return InvalidArgumentError("unknown request action");
}

std::span<const RequestState> AllRequestStates() { return kStates; }
std::span<const RequestAction> AllRequestActions() { return kActions; }

bool RequestWorkflow::IsTerminal() const {
  return state_ == RequestState::kClosed || state_ == RequestState::kCancelled;
}

Result<RequestState> RequestWorkflow::Target(RequestAction action,
                                             const WorkflowFacts& facts) const {
  using S = RequestState;
  using A = RequestAction;
  const S s = state_;
  auto from = [&](std::initializer_list<S> allowed) {
    for (S a : allowed) {
      if (a == s) return true;
    }
    return false;
  };
  switch (action) {
    case A::kStartVerification:
      if (!from({S::kReceived})) return Refuse(action, s, "");
      return S::kVerifying;
    case A::kRequestInformation:
      if (!from({S::kVerifying})) return Refuse(action, s, "");
      if (facts.decision != DecisionOutcome::kPend) {
        return Refuse(action, s, "the decision lists no deficiencies");
      }
      return S::kPendingInformation;
    case A::kInformationReceived:
      if (!from({S::kPendingInformation})) return Refuse(action, s, "");
      return S::kVerifying;
    case A::kDeny:
      if (!from({S::kVerifying, S::kInReview})) return Refuse(action, s, "");
      if (facts.decision != DecisionOutcome::kDeny) {
        return Refuse(action, s, "the decision is not a denial");
      }
      return S::kDenied;
    case A::kStartRetrieval:
      if (!from({S::kVerifying})) return Refuse(action, s, "");
      if (std::string_view why = ReleaseBlocker(facts); !why.empty()) return Refuse(action, s, why);
      return S::kRetrieving;
    case A::kSendToReview:
      if (!from({S::kRetrieving})) return Refuse(action, s, "");
      return S::kInReview;
    case A::kFinishRetrieval:
      if (!from({S::kRetrieving})) return Refuse(action, s, "");
      if (facts.review_required) return Refuse(action, s, "a review is required first");
      if (std::string_view why = ReleaseBlocker(facts); !why.empty()) return Refuse(action, s, why);
      return AfterWork(facts);
    case A::kCompleteReview:
      if (!from({S::kInReview})) return Refuse(action, s, "");
      if (facts.open_reviews > 0) return Refuse(action, s, "review tasks are still open");
      if (std::string_view why = ReleaseBlocker(facts); !why.empty()) return Refuse(action, s, why);
      return AfterWork(facts);
    default:
      break;
  }
  return TargetLate(action, facts);
}

Result<RequestState> RequestWorkflow::TargetLate(RequestAction action,
                                                 const WorkflowFacts& facts) const {
  using S = RequestState;
  using A = RequestAction;
  const S s = state_;
  switch (action) {
    case A::kRecordPayment:
      if (s != S::kAwaitingPayment) return Refuse(action, s, "");
      if (facts.balance_cents > 0) return Refuse(action, s, "a balance is still owed");
      return S::kReadyToRelease;
    case A::kRelease:
      if (s != S::kReadyToRelease) return Refuse(action, s, "");
      if (std::string_view why = ReleaseBlocker(facts); !why.empty()) return Refuse(action, s, why);
      if (facts.open_reviews > 0) return Refuse(action, s, "review tasks are still open");
      if (facts.balance_cents > 0 && facts.may_hold_for_payment) {
        return Refuse(action, s, "a balance is still owed");
      }
      return S::kReleased;
    case A::kClose:
      if (s != S::kReleased && s != S::kDenied) return Refuse(action, s, "");
      if (s == S::kDenied && facts.denial_review_open) {
        return Refuse(action, s, "a review of the denial is still open");
      }
      return S::kClosed;
    case A::kReopen:
      if (s != S::kDenied) return Refuse(action, s, "");
      if (!facts.denial_overturned) {
        return Refuse(action, s, "no denial review has overturned the denial");
      }
      if (std::string_view why = ReleaseBlocker(facts); !why.empty()) return Refuse(action, s, why);
      return S::kRetrieving;
    case A::kCancel:
      if (!IsActive(s) && s != S::kOnHold) return Refuse(action, s, "");
      return S::kCancelled;
    case A::kHold:
      if (!IsActive(s)) return Refuse(action, s, "");
      return S::kOnHold;
    case A::kResume:
      if (s != S::kOnHold || !held_from_) return Refuse(action, s, "");
      return *held_from_;
    case A::kGrantExtension:
      if (!IsActive(s) && s != S::kOnHold) return Refuse(action, s, "");
      if (extension_granted_) return Refuse(action, s, "an extension was already granted");
      if (facts.days_since_receipt > 30) {
        return Refuse(action, s, "an extension must be given within the first 30 days");
      }
      if (!facts.extension_notice_written) {
        return Refuse(action, s, "an extension needs a written notice of reasons and date");
      }
      return s;
    default:
      return Refuse(action, s, "");
  }
}

Status RequestWorkflow::Apply(RequestAction action, const WorkflowFacts& facts, UserId actor,
                              std::int64_t at_micros, std::string idempotency_key) {
  if (idempotency_key.empty()) return InvalidArgumentError("an idempotency key is required");
  for (const WorkflowEvent& event : history_) {
    if (event.idempotency_key != idempotency_key) continue;
    if (event.action == action) return OkStatus();  // A retry: already done.
    return InvalidArgumentError("idempotency key was used for a different action");
  }
  Result<RequestState> target = Target(action, facts);
  if (!target) return target.error();
  WorkflowEvent event{action, state_, *target, actor, at_micros, std::move(idempotency_key)};
  Record(event);
  history_.push_back(std::move(event));
  return OkStatus();
}

void RequestWorkflow::Record(const WorkflowEvent& event) {
  if (event.action == RequestAction::kHold) held_from_ = event.from;
  if (event.action == RequestAction::kResume) held_from_.reset();
  if (event.action == RequestAction::kGrantExtension) extension_granted_ = true;
  state_ = event.to;
}

Result<RequestWorkflow> RequestWorkflow::FromHistory(std::vector<WorkflowEvent> history) {
  RequestWorkflow workflow;
  for (const WorkflowEvent& event : history) {
    bool chains = event.from == workflow.state_;
    if (event.action == RequestAction::kResume) {
      chains = chains && workflow.held_from_ && event.to == *workflow.held_from_;
    }
    if (!chains || event.idempotency_key.empty()) {
      return InvalidArgumentError("stored workflow history does not chain");
    }
    workflow.Record(event);
  }
  workflow.history_ = std::move(history);
  return workflow;
}

}  // namespace roi
