#include "domain/request_workflow.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <utility>

namespace roi {
namespace {

using A = RequestAction;
using S = RequestState;

// Facts under which every guard passes: a releasable decision, nothing owed, nothing open.
WorkflowFacts Permissive() {
  return WorkflowFacts{.decision = DecisionOutcome::kRelease,
                       .days_since_receipt = 5,
                       .extension_notice_written = true};
}

// Drives a fresh workflow into `state` through allowed transitions.
RequestWorkflow At(S state) {
  RequestWorkflow w;
  WorkflowFacts f = Permissive();
  int n = 0;
  auto step = [&](A action, WorkflowFacts facts) {
    ++n;
    EXPECT_TRUE(w.Apply(action, facts, UserId{1}, n, "k" + std::to_string(n)))
        << RequestActionName(action);
  };
  WorkflowFacts pend = f;
  pend.decision = DecisionOutcome::kPend;
  WorkflowFacts deny = f;
  deny.decision = DecisionOutcome::kDeny;
  WorkflowFacts owed = f;
  owed.balance_cents = 1000;
  switch (state) {
    case S::kReceived:
      break;
    case S::kVerifying:
      step(A::kStartVerification, f);
      break;
    case S::kPendingInformation:
      step(A::kStartVerification, f);
      step(A::kRequestInformation, pend);
      break;
    case S::kDenied:
      step(A::kStartVerification, f);
      step(A::kDeny, deny);
      break;
    case S::kRetrieving:
      step(A::kStartVerification, f);
      step(A::kStartRetrieval, f);
      break;
    case S::kInReview:
      w = At(S::kRetrieving);
      n = 10;
      step(A::kSendToReview, f);
      break;
    case S::kAwaitingPayment:
      w = At(S::kRetrieving);
      n = 10;
      step(A::kFinishRetrieval, owed);
      break;
    case S::kReadyToRelease:
      w = At(S::kRetrieving);
      n = 10;
      step(A::kFinishRetrieval, f);
      break;
    case S::kReleased:
      w = At(S::kReadyToRelease);
      n = 20;
      step(A::kRelease, f);
      break;
    case S::kClosed:
      w = At(S::kReleased);
      n = 30;
      step(A::kClose, f);
      break;
    case S::kCancelled:
      step(A::kCancel, f);
      break;
    case S::kOnHold:
      w = At(S::kVerifying);
      n = 10;
      step(A::kHold, f);
      break;
  }
  EXPECT_EQ(w.State(), state);
  return w;
}

// The whole transition table under permissive facts: every (state, action) pair not listed here
// must be refused.
const std::map<std::pair<S, A>, S>& Table() {
  static const std::map<std::pair<S, A>, S> kTable = [] {
    std::map<std::pair<S, A>, S> t;
    t[{S::kReceived, A::kStartVerification}] = S::kVerifying;
    t[{S::kVerifying, A::kStartRetrieval}] = S::kRetrieving;
    t[{S::kPendingInformation, A::kInformationReceived}] = S::kVerifying;
    t[{S::kRetrieving, A::kSendToReview}] = S::kInReview;
    t[{S::kRetrieving, A::kFinishRetrieval}] = S::kReadyToRelease;
    t[{S::kInReview, A::kCompleteReview}] = S::kReadyToRelease;
    t[{S::kReadyToRelease, A::kRelease}] = S::kReleased;
    t[{S::kReleased, A::kClose}] = S::kClosed;
    t[{S::kDenied, A::kClose}] = S::kClosed;
    t[{S::kOnHold, A::kResume}] = S::kVerifying;  // Held from verifying in At().
    for (S s : {S::kReceived, S::kVerifying, S::kPendingInformation, S::kRetrieving, S::kInReview,
                S::kAwaitingPayment, S::kReadyToRelease}) {
      t[{s, A::kCancel}] = S::kCancelled;
      t[{s, A::kHold}] = S::kOnHold;
      t[{s, A::kGrantExtension}] = s;
    }
    t[{S::kOnHold, A::kCancel}] = S::kCancelled;
    t[{S::kOnHold, A::kGrantExtension}] = S::kOnHold;
    // Nothing owed, so a request awaiting payment may be marked paid.
    t[{S::kAwaitingPayment, A::kRecordPayment}] = S::kReadyToRelease;
    return t;
  }();
  return kTable;
}

TEST(RequestWorkflowTest, EveryStateActionPairFollowsTheTable) {
  int checked = 0;
  for (S state : AllRequestStates()) {
    for (A action : AllRequestActions()) {
      RequestWorkflow w = At(state);
      RequestWorkflow before = w;
      Status applied = w.Apply(action, Permissive(), UserId{2}, 99, "table");
      auto it = Table().find({state, action});
      std::string where =
          std::string(RequestStateName(state)) + " + " + std::string(RequestActionName(action));
      if (it == Table().end()) {
        ASSERT_FALSE(applied) << where;
        EXPECT_EQ(applied.error().code, ErrorCode::kFailedPrecondition) << where;
        EXPECT_EQ(w, before) << where << " changed the workflow on failure";
      } else {
        ASSERT_TRUE(applied) << where << ": " << applied.error().message;
        EXPECT_EQ(w.State(), it->second) << where;
        EXPECT_EQ(w.History().back().from, state);
        EXPECT_EQ(w.History().back().actor, UserId{2});
        EXPECT_EQ(w.History().back().at_micros, 99);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 12 * 16);
}

TEST(RequestWorkflowTest, PendingDecisionNeverReachesReadyToRelease) {
  WorkflowFacts pend = Permissive();
  pend.decision = DecisionOutcome::kPend;
  RequestWorkflow verifying = At(S::kVerifying);
  EXPECT_FALSE(verifying.Apply(A::kStartRetrieval, pend, UserId{1}, 1, "x"));
  RequestWorkflow retrieving = At(S::kRetrieving);
  EXPECT_FALSE(retrieving.Apply(A::kFinishRetrieval, pend, UserId{1}, 1, "x"));
  RequestWorkflow review = At(S::kInReview);
  EXPECT_FALSE(review.Apply(A::kCompleteReview, pend, UserId{1}, 1, "x"));
  RequestWorkflow ready = At(S::kReadyToRelease);
  Status released = ready.Apply(A::kRelease, pend, UserId{1}, 1, "x");
  ASSERT_FALSE(released);
  EXPECT_NE(released.error().message.find("pending information"), std::string::npos);
}

TEST(RequestWorkflowTest, RevokedAuthorizationBlocksRelease) {
  WorkflowFacts revoked = Permissive();
  revoked.authorization_revoked = true;
  RequestWorkflow ready = At(S::kReadyToRelease);
  Status released = ready.Apply(A::kRelease, revoked, UserId{1}, 1, "x");
  ASSERT_FALSE(released);
  EXPECT_NE(released.error().message.find("revoked"), std::string::npos);
  EXPECT_EQ(ready.State(), S::kReadyToRelease);
}

TEST(RequestWorkflowTest, GuardsOnDecisionOutcome) {
  RequestWorkflow w = At(S::kVerifying);
  EXPECT_FALSE(w.Apply(A::kRequestInformation, Permissive(), UserId{1}, 1, "a"));
  EXPECT_FALSE(w.Apply(A::kDeny, Permissive(), UserId{1}, 1, "b"));
  WorkflowFacts deny = Permissive();
  deny.decision = DecisionOutcome::kDeny;
  EXPECT_FALSE(w.Apply(A::kStartRetrieval, deny, UserId{1}, 1, "c"));
  EXPECT_TRUE(w.Apply(A::kDeny, deny, UserId{1}, 1, "d"));
  EXPECT_EQ(w.State(), S::kDenied);
  // A reviewer can also end in a denial.
  RequestWorkflow review = At(S::kInReview);
  EXPECT_TRUE(review.Apply(A::kDeny, deny, UserId{1}, 1, "e"));
}

TEST(RequestWorkflowTest, ReviewsMustCloseBeforeMovingOn) {
  WorkflowFacts open = Permissive();
  open.open_reviews = 1;
  RequestWorkflow review = At(S::kInReview);
  EXPECT_FALSE(review.Apply(A::kCompleteReview, open, UserId{1}, 1, "a"));
  WorkflowFacts required = Permissive();
  required.review_required = true;
  RequestWorkflow retrieving = At(S::kRetrieving);
  EXPECT_FALSE(retrieving.Apply(A::kFinishRetrieval, required, UserId{1}, 1, "b"));
  EXPECT_TRUE(retrieving.Apply(A::kSendToReview, required, UserId{1}, 1, "c"));
}

TEST(RequestWorkflowTest, FeesHoldReleaseOnlyWhereTheLawAllows) {
  WorkflowFacts owed = Permissive();
  owed.balance_cents = 2500;
  RequestWorkflow w = At(S::kRetrieving);
  ASSERT_TRUE(w.Apply(A::kFinishRetrieval, owed, UserId{1}, 1, "a"));
  EXPECT_EQ(w.State(), S::kAwaitingPayment);
  EXPECT_FALSE(w.Apply(A::kRecordPayment, owed, UserId{1}, 2, "b"));
  ASSERT_TRUE(w.Apply(A::kRecordPayment, Permissive(), UserId{1}, 3, "c"));
  EXPECT_EQ(w.State(), S::kReadyToRelease);

  // Where holding is forbidden, work goes straight to ready and release is not blocked by the fee.
  WorkflowFacts no_hold = owed;
  no_hold.may_hold_for_payment = false;
  RequestWorkflow patient = At(S::kRetrieving);
  ASSERT_TRUE(patient.Apply(A::kFinishRetrieval, no_hold, UserId{1}, 1, "a"));
  EXPECT_EQ(patient.State(), S::kReadyToRelease);
  EXPECT_TRUE(patient.Apply(A::kRelease, no_hold, UserId{1}, 2, "b"));
}

TEST(RequestWorkflowTest, ExtensionOnceWithinThirtyDaysInWriting) {
  WorkflowFacts late = Permissive();
  late.days_since_receipt = 31;
  RequestWorkflow w = At(S::kRetrieving);
  EXPECT_FALSE(w.Apply(A::kGrantExtension, late, UserId{1}, 1, "a"));
  WorkflowFacts oral = Permissive();
  oral.extension_notice_written = false;
  EXPECT_FALSE(w.Apply(A::kGrantExtension, oral, UserId{1}, 1, "b"));
  WorkflowFacts day30 = Permissive();
  day30.days_since_receipt = 30;
  ASSERT_TRUE(w.Apply(A::kGrantExtension, day30, UserId{1}, 1, "c"));
  EXPECT_TRUE(w.ExtensionGranted());
  EXPECT_EQ(w.State(), S::kRetrieving);
  Status second = w.Apply(A::kGrantExtension, Permissive(), UserId{1}, 2, "d");
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("already"), std::string::npos);
}

TEST(RequestWorkflowTest, HoldResumesWhereItWas) {
  RequestWorkflow w = At(S::kInReview);
  ASSERT_TRUE(w.Apply(A::kHold, Permissive(), UserId{1}, 1, "h"));
  EXPECT_EQ(w.HeldFrom(), S::kInReview);
  ASSERT_TRUE(w.Apply(A::kResume, Permissive(), UserId{1}, 2, "r"));
  EXPECT_EQ(w.State(), S::kInReview);
  EXPECT_FALSE(w.HeldFrom());
}

TEST(RequestWorkflowTest, RetriesWithTheSameKeyAreNoOps) {
  RequestWorkflow w;
  ASSERT_TRUE(w.Apply(A::kStartVerification, Permissive(), UserId{1}, 1, "intake-1"));
  ASSERT_TRUE(w.Apply(A::kStartVerification, Permissive(), UserId{1}, 2, "intake-1"));
  EXPECT_EQ(w.History().size(), 1u);
  EXPECT_EQ(w.State(), S::kVerifying);
  Status reused = w.Apply(A::kCancel, Permissive(), UserId{1}, 3, "intake-1");
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(w.Apply(A::kCancel, Permissive(), UserId{1}, 3, ""));
}

TEST(RequestWorkflowTest, TerminalStatesAcceptNothing) {
  for (S state : {S::kClosed, S::kCancelled}) {
    RequestWorkflow w = At(state);
    EXPECT_TRUE(w.IsTerminal());
    for (A action : AllRequestActions()) {
      EXPECT_FALSE(w.Apply(action, Permissive(), UserId{1}, 1, "z")) << RequestActionName(action);
    }
  }
}

TEST(RequestWorkflowTest, RebuildsFromHistoryAndRejectsBrokenChains) {
  RequestWorkflow w = At(S::kOnHold);
  Result<RequestWorkflow> rebuilt = RequestWorkflow::FromHistory(w.History());
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(*rebuilt, w);
  std::vector<WorkflowEvent> broken = w.History();
  broken.erase(broken.begin());
  EXPECT_FALSE(RequestWorkflow::FromHistory(broken));
}

TEST(RequestWorkflowTest, NamesRoundTrip) {
  std::set<std::string_view> names;
  for (S state : AllRequestStates()) {
    names.insert(RequestStateName(state));
    EXPECT_EQ(*ParseRequestState(RequestStateName(state)), state);
  }
  EXPECT_EQ(names.size(), AllRequestStates().size());
  for (A action : AllRequestActions()) {
    EXPECT_EQ(*ParseRequestAction(RequestActionName(action)), action);
  }
  EXPECT_FALSE(ParseRequestState("lost"));
  EXPECT_FALSE(ParseRequestAction("teleport"));
}

}  // namespace
}  // namespace roi
