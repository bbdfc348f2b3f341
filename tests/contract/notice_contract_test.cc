// Contract of NoticeRepository: notices are bound to the transaction's organization, round-trip,
// and are raised at most once per (request, kind, key); and the deadline scan run by two runners on
// two Stores over one database raises each reminder once and expires each stale request once.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/deadline_jobs.h"
#include "app/job_runner.h"
#include "contract/contract_fixture.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

using roi::testing::FakeClock;

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class NoticeContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-N1"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    patient_ = *patient;
    Result<Requester> requester = Write([](Transaction& tx) {
      return tx.Requesters().Insert(Requester{.role = "attorney",
                                              .name = "Sample Law Office",
                                              .organization = "Example Legal LLP",
                                              .email = "records@example.test"});
    });
    ASSERT_TRUE(requester) << requester.error().ToString();
    requester_ = *requester;
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  // A request received 2025-01-06 in `state`, with a history that leads there.
  Result<ReleaseRequest> AddRequest(int n, std::optional<Date> due, RequestState state,
                                    Priority priority = Priority::kRoutine) {
    return Write([&](Transaction& tx) -> Result<ReleaseRequest> {
      ReleaseRequest request{.number = "R-2025-" + std::to_string(100000 + n),
                             .patient_id = patient_.id,
                             .requester_id = requester_.id,
                             .requester_role = "attorney",
                             .priority = priority,
                             .received_on = Day(2025, 1, 6),
                             .received_micros = FakeClock::kDefaultNowMicros,
                             .facts = {.basis = "authorization", .purpose = "litigation"},
                             .decision = DecisionOutcome::kPend,
                             .due_on = due};
      Result<ReleaseRequest> stored = tx.Requests().Insert(request);
      if (!stored) return stored;
      RequestState from = RequestState::kReceived;
      int step = 0;
      auto add = [&](RequestAction action, RequestState to) -> Status {
        RequestTransition transition{.request_id = stored->id,
                                     .event = {.action = action,
                                               .from = from,
                                               .to = to,
                                               .actor = UserId(),
                                               .at_micros = FakeClock::kDefaultNowMicros,
                                               .idempotency_key = "k" + std::to_string(++step)}};
        from = to;
        return tx.Requests().AddTransition(transition);
      };
      if (state == RequestState::kReceived) return stored;
      if (Status s = add(RequestAction::kStartVerification, RequestState::kVerifying); !s) {
        return s.error();
      }
      if (state == RequestState::kPendingInformation) {
        if (Status s = add(RequestAction::kRequestInformation, state); !s) return s.error();
      }
      stored->state = state;
      return tx.Requests().Update(*stored);
    });
  }

  RequestNotice MakeNotice(RequestId request, std::string key = "5d@2025-02-05") {
    return RequestNotice{.request_id = request,
                         .kind = std::string(kReminderNotice),
                         .key = std::move(key),
                         .due_on = Day(2025, 2, 5),
                         .message = "due in 5 days",
                         .raised_micros = 42};
  }

  Patient patient_;
  Requester requester_;
};
TYPED_TEST_SUITE(NoticeContractTest, Implementations, ImplementationNames);

TYPED_TEST(NoticeContractTest, RaiseStoresOncePerRequestKindAndKey) {
  Result<ReleaseRequest> request = this->AddRequest(1, Day(2025, 2, 5), RequestState::kVerifying);
  ASSERT_TRUE(request) << request.error().ToString();
  RequestNotice notice = this->MakeNotice(request->id);
  Result<bool> first = this->Write([&](Transaction& tx) { return tx.Notices().Raise(notice); });
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(*first);
  Result<bool> again = this->Write([&](Transaction& tx) { return tx.Notices().Raise(notice); });
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(*again);
  RequestNotice escalation = notice;
  escalation.kind = std::string(kEscalationNotice);  // Same key, other kind: a new notice.
  escalation.due_on.reset();
  EXPECT_TRUE(*this->Write([&](Transaction& tx) { return tx.Notices().Raise(escalation); }));
  EXPECT_TRUE(*this->Write(
      [&](Transaction& tx) { return tx.Notices().Raise(this->MakeNotice(request->id, "1d")); }));

  Result<std::vector<RequestNotice>> listed =
      this->Read([&](Transaction& tx) { return tx.Notices().ListForRequest(request->id); });
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 3u);
  const RequestNotice& stored = (*listed)[0];
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.request_id, request->id);
  EXPECT_EQ(stored.kind, "reminder");
  EXPECT_EQ(stored.key, "5d@2025-02-05");
  EXPECT_EQ(stored.due_on, Day(2025, 2, 5));
  EXPECT_EQ(stored.message, "due in 5 days");
  EXPECT_EQ(stored.raised_micros, 42);
  EXPECT_EQ((*listed)[1].kind, "escalation");
  EXPECT_FALSE((*listed)[1].due_on.has_value());
  EXPECT_LT((*listed)[0].id, (*listed)[1].id);
}

TYPED_TEST(NoticeContractTest, BoundToTheOrganizationAndValidated) {
  Result<ReleaseRequest> request = this->AddRequest(2, Day(2025, 2, 5), RequestState::kVerifying);
  ASSERT_TRUE(request) << request.error().ToString();
  RequestNotice notice = this->MakeNotice(request->id);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Notices().Raise(notice); },
                               this->org_b_)),
            ErrorCode::kNotFound);
  RequestNotice bad = notice;
  bad.kind = "birthday";
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Notices().Raise(bad); })),
            ErrorCode::kInvalidArgument);
  bad = notice;
  bad.key.clear();
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Notices().Raise(bad); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Notices().Raise(notice); })),
            ErrorCode::kFailedPrecondition);
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Notices().Raise(notice); }));
  Result<std::vector<RequestNotice>> other = this->Read(
      [&](Transaction& tx) { return tx.Notices().ListForRequest(request->id); }, this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

// Two runners, each on its own Store over the same database (as two servers would be), work many
// deadline scans of one organization at once: every reminder is raised once, every stale request
// expires once (one cancel transition, one expiry letter).
TYPED_TEST(NoticeContractTest, TwoRunnersScanningAtOnceRaiseEachNoticeOnce) {
  constexpr int kDueSoon = 6;
  constexpr int kStale = 4;
  FakeClock clock;
  clock.SetToday(Day(2025, 3, 10));  // 63 days after the pending requests were sent back.
  std::vector<RequestId> due_soon;
  std::vector<RequestId> stale;
  for (int i = 0; i < kDueSoon; ++i) {
    Result<ReleaseRequest> r =
        this->AddRequest(10 + i, Day(2025, 3, 13), RequestState::kVerifying,
                         i % 2 == 0 ? Priority::kUrgent : Priority::kRoutine);
    ASSERT_TRUE(r) << r.error().ToString();
    due_soon.push_back(r->id);
  }
  for (int i = 0; i < kStale; ++i) {
    Result<ReleaseRequest> r =
        this->AddRequest(20 + i, std::nullopt, RequestState::kPendingInformation);
    ASSERT_TRUE(r) << r.error().ToString();
    stale.push_back(r->id);
  }
  // Many scans at once (no dedupe key), so both runners hold one at the same time.
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(this->Write([&](Transaction& tx) {
      return tx.Jobs().Enqueue(Job{.kind = std::string(kDeadlineScanJob),
                                   .payload = "organization_name=Org a\n",
                                   .run_at_micros = clock.NowMicros()});
    }));
  }
  Result<std::unique_ptr<Store>> second = this->factory_.Open();
  ASSERT_TRUE(second) << second.error().ToString();
  testing::FakeAuditHasher audit_hasher;
  AuditTrail audit(clock, audit_hasher);
  DeadlineJobs deadlines(clock, audit, {.reminder_days = {5, 1}, .pending_expiry_days = 60});
  JobRunner one(this->Db(), clock, {.owner = "server-1", .batch = 1, .retry_base_micros = 0});
  JobRunner two(**second, clock, {.owner = "server-2", .batch = 1, .retry_base_micros = 0});
  deadlines.Register(one);
  deadlines.Register(two);
  std::atomic<int> done{0};
  std::atomic<int> failed{0};
  auto work = [&](JobRunner& runner) {
    for (int idle = 0; idle < 3;) {
      Result<JobRunReport> report = runner.RunOnce();
      if (!report) continue;  // A busy database: try again.
      done += report->done;
      failed += report->failed;
      idle = report->claimed == 0 ? idle + 1 : 0;
    }
  };
  std::thread first_thread([&] { work(one); });
  std::thread second_thread([&] { work(two); });
  first_thread.join();
  second_thread.join();
  EXPECT_EQ(done.load(), 8);
  EXPECT_EQ(failed.load(), 0);

  for (RequestId id : due_soon) {
    Result<std::vector<RequestNotice>> notices =
        this->Read([&](Transaction& tx) { return tx.Notices().ListForRequest(id); });
    ASSERT_TRUE(notices) << notices.error().ToString();
    ASSERT_EQ(notices->size(), 1u) << "request " << id.value;
    EXPECT_EQ((*notices)[0].kind, "reminder");
    EXPECT_EQ((*notices)[0].key, "5d@2025-03-13");  // 3 days left: the 5-day reminder.
  }
  for (RequestId id : stale) {
    Result<std::vector<RequestNotice>> notices =
        this->Read([&](Transaction& tx) { return tx.Notices().ListForRequest(id); });
    ASSERT_TRUE(notices) << notices.error().ToString();
    ASSERT_EQ(notices->size(), 1u);
    EXPECT_EQ((*notices)[0].kind, "expiry");
    Result<ReleaseRequest> request =
        this->Read([&](Transaction& tx) { return tx.Requests().Find(id); });
    ASSERT_TRUE(request);
    EXPECT_EQ(request->state, RequestState::kCancelled);
    Result<std::vector<RequestTransition>> history =
        this->Read([&](Transaction& tx) { return tx.Requests().Transitions(id); });
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 3u);  // start_verification, request_information, cancel.
    EXPECT_EQ(history->back().event.action, RequestAction::kCancel);
    Result<std::vector<Letter>> letters =
        this->Read([&](Transaction& tx) { return tx.Requests().Letters(id); });
    ASSERT_TRUE(letters);
    ASSERT_EQ(letters->size(), 1u);
    EXPECT_EQ((*letters)[0].kind, "expiry");
  }
}

}  // namespace
}  // namespace roi::contract
