// The delivery.email job in three steps — prepare (write transaction), send (no transaction),
// record (write transaction) — on the in-memory store, whose write transactions run one at a
// time: another write commits while the mail server is slow; a mail server that is down leaves
// the delivery retryable with nothing recorded as sent; a send whose record was lost (a crash
// between send and record) is repeated with the same link and Message-ID; a permanent refusal is
// recorded as failed; a revocation during the send stands.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/job_runner.h"
#include "delivery_fixture.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

using testing::DeliveryWorld;
using testing::ReleasedRequest;

// A Mailer that keeps every message it is given and answers as told; with `hold` set, Send waits
// (outside any transaction, if the service is right) until Release() — a slow mail server.
class LatchMailer final : public Mailer {
 public:
  Status Send(const MailMessage& message) override {
    std::unique_lock<std::mutex> lock(mu_);
    attempts.push_back(message);
    entered_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !hold || released_; });
    return answer;
  }
  // Waits until a Send has started.  Returns false after 5 s.
  bool WaitEntered() {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(5), [&] { return entered_; });
  }
  void Release() {
    std::lock_guard<std::mutex> lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

  bool hold = false;
  Status answer = OkStatus();
  std::vector<MailMessage> attempts;

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  bool entered_ = false;
  bool released_ = false;
};

// The link in a notification's body.
std::string LinkIn(const MailMessage& message) {
  std::size_t at = message.body.find("https://roi.example.test/d/");
  if (at == std::string::npos) return {};
  return message.body.substr(at, message.body.find('\n', at) - at);
}

class DeliveryEmailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    a_ = world_.Release("alpha");
    Result<IssuedDelivery> issued = world_.service_->Create(a_.releaser, a_.request,
                                                            {.medium = DeliveryMedium::kEmailLink,
                                                             .recipient = "Sample Law Office",
                                                             .address = "law@example.test"});
    ASSERT_TRUE(issued) << issued.error().ToString();
    issued_ = std::move(*issued);
  }

  // The delivery's job, as the runner would claim it.
  Job EmailJob() const {
    return Job{.organization_id = a_.organization,
               .kind = std::string(kDeliveryEmailJob),
               .payload = "{\"delivery\":" + std::to_string(issued_.delivery.id.value) + "}"};
  }

  // Runs the handler directly; `complete_with` is what completing the job answers (Aborted: the
  // lease was lost, so the record's transaction rolls back — as if the process had stopped).
  Status RunHandler(Mailer& mailer, Status complete_with = OkStatus()) {
    completed_ = false;
    return world_.service_->SendEmail(EmailJob(), mailer, [&](Transaction&) -> Status {
      if (complete_with) completed_ = true;
      return complete_with;
    });
  }

  Delivery Stored() {
    Delivery out;
    EXPECT_TRUE(store_.InTransaction(a_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<Delivery> found = tx.Deliveries().Find(issued_.delivery.id);
      if (!found) return Status(found.error());
      out = *found;
      return OkStatus();
    }));
    return out;
  }

  std::vector<std::string> EventKinds() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_.InTransaction(a_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<DeliveryEvent>> events = tx.Deliveries().Events(issued_.delivery.id);
      if (!events) return Status(events.error());
      for (const DeliveryEvent& e : *events) out.push_back(e.kind);
      return OkStatus();
    }));
    return out;
  }

  std::size_t Disclosures() {
    std::size_t out = 0;
    EXPECT_TRUE(store_.InTransaction(a_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<DisclosureEntry>> entries = tx.Disclosures().ListForRequest(a_.request);
      if (!entries) return Status(entries.error());
      out = entries->size();
      return OkStatus();
    }));
    return out;
  }

  // Audit details of the delivery's system events.
  std::vector<std::string> AuditDetails() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_.InTransaction(a_.organization, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> events =
          tx.Audit().Query(AuditQuery{.action = AuditAction::kUpdate, .limit = 1000});
      if (!events) return Status(events.error());
      for (const AuditEvent& e : *events) {
        if (e.entity_kind == "delivery") out.push_back(e.detail);
      }
      return OkStatus();
    }));
    return out;
  }

  Result<DownloadedPacket> Download(const MailMessage& message) {
    return world_.service_->Download({.token = DeliveryWorld::TokenOf(LinkIn(message)),
                                      .access_code = issued_.access_code,
                                      .remote_address = "198.51.100.7"});
  }

  testing::InMemoryStore store_;
  DeliveryWorld world_{store_};
  ReleasedRequest a_;
  IssuedDelivery issued_;
  bool completed_ = false;
};

TEST_F(DeliveryEmailTest, AnotherWriteCommitsWhileTheNotificationIsBeingSent) {
  LatchMailer mailer;
  mailer.hold = true;
  JobRunner runner(store_, world_.clock_, {.owner = "slow-smtp"});
  world_.service_->RegisterJobs(runner, mailer);
  std::future<Result<JobRunReport>> running =
      std::async(std::launch::async, [&] { return runner.RunOnce(); });
  ASSERT_TRUE(mailer.WaitEntered());
  // The mail server is still answering.  A write transaction of the same organization (this
  // store runs one at a time) commits now, not after the send.
  std::future<Status> write = std::async(std::launch::async, [&] {
    return store_.InTransaction(a_.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Requester> requester = tx.Requesters().Insert(
          Requester{.role = "patient", .name = "Testpatient Beta", .email = "b@example.test"});
      return requester ? OkStatus() : Status(requester.error());
    });
  });
  ASSERT_EQ(write.wait_for(std::chrono::seconds(5)), std::future_status::ready)
      << "a write transaction waited for the mail server";
  EXPECT_TRUE(write.get());
  // While the message is in flight the delivery says so, and nothing says it was sent.
  Delivery sending = Stored();
  EXPECT_EQ(sending.status, DeliveryStatus::kPending);
  EXPECT_FALSE(sending.message_id.empty());
  EXPECT_FALSE(sending.sealed_link.empty());
  EXPECT_EQ(EventKinds(), (std::vector<std::string>{"created", "email_sending"}));
  mailer.Release();
  Result<JobRunReport> report = running.get();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->done, 1);
  Delivery sent = Stored();
  EXPECT_EQ(sent.status, DeliveryStatus::kSent);
  EXPECT_EQ(sent.message_id, sending.message_id);
  EXPECT_TRUE(sent.sealed_link.empty());  // The token now exists only in the email.
  ASSERT_EQ(mailer.attempts.size(), 1u);
  EXPECT_EQ(mailer.attempts[0].message_id, sent.message_id);
  EXPECT_EQ(EventKinds(), (std::vector<std::string>{"created", "email_sending", "email_sent"}));
  Result<DownloadedPacket> packet = Download(mailer.attempts[0]);
  ASSERT_TRUE(packet) << packet.error().ToString();
  EXPECT_EQ(packet->bytes, testing::kPacketBytes);
}

TEST_F(DeliveryEmailTest, AMailServerThatIsDownLeavesTheDeliveryRetryableAndNothingSent) {
  LatchMailer down;
  down.answer = UnavailableError("smtp: cannot connect");
  std::size_t disclosures = Disclosures();
  JobRunner runner(store_, world_.clock_, {.owner = "runner"});
  world_.service_->RegisterJobs(runner, down);
  Result<JobRunReport> first = runner.RunOnce();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->retried, 1);
  Delivery pending = Stored();
  EXPECT_EQ(pending.status, DeliveryStatus::kPending);
  EXPECT_EQ(EventKinds(), (std::vector<std::string>{"created", "email_sending"}));
  EXPECT_EQ(Disclosures(), disclosures);
  for (const std::string& detail : AuditDetails()) {
    EXPECT_EQ(detail.find("notification sent"), std::string::npos) << detail;
  }
  // The retry sends the same message: same Message-ID, same link.
  LatchMailer up;
  JobRunner later(store_, world_.clock_, {.owner = "runner"});
  world_.service_->RegisterJobs(later, up);
  world_.clock_.AdvanceMicros(3'600'000'000);
  Result<JobRunReport> second = later.RunOnce();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->done, 1);
  ASSERT_EQ(down.attempts.size(), 1u);
  ASSERT_EQ(up.attempts.size(), 1u);
  EXPECT_EQ(up.attempts[0].message_id, down.attempts[0].message_id);
  EXPECT_EQ(LinkIn(up.attempts[0]), LinkIn(down.attempts[0]));
  EXPECT_EQ(Stored().status, DeliveryStatus::kSent);
  EXPECT_EQ(EventKinds(),
            (std::vector<std::string>{"created", "email_sending", "email_sending", "email_sent"}));
  EXPECT_EQ(Disclosures(), disclosures);
  EXPECT_TRUE(Download(up.attempts[0]));
}

TEST_F(DeliveryEmailTest, ASendWhoseRecordWasLostIsRepeatedAsTheSameMessage) {
  LatchMailer mailer;
  // The message goes out, then the record's transaction rolls back (the lease was lost, as when
  // the process stops between sending and recording): nothing says it was sent.
  Status lost = RunHandler(mailer, AbortedError("lease lost"));
  EXPECT_EQ(lost.error().code, ErrorCode::kAborted);
  EXPECT_FALSE(completed_);
  Delivery after_crash = Stored();
  EXPECT_EQ(after_crash.status, DeliveryStatus::kPending);
  EXPECT_FALSE(after_crash.sealed_link.empty());
  EXPECT_EQ(EventKinds(), (std::vector<std::string>{"created", "email_sending"}));
  // The job runs again: at least once, with the same Message-ID and link, recorded once.
  ASSERT_TRUE(RunHandler(mailer));
  EXPECT_TRUE(completed_);
  ASSERT_EQ(mailer.attempts.size(), 2u);
  EXPECT_EQ(mailer.attempts[1].message_id, mailer.attempts[0].message_id);
  EXPECT_EQ(mailer.attempts[1].body, mailer.attempts[0].body);
  Delivery sent = Stored();
  EXPECT_EQ(sent.status, DeliveryStatus::kSent);
  EXPECT_TRUE(sent.sealed_link.empty());
  EXPECT_EQ(EventKinds(),
            (std::vector<std::string>{"created", "email_sending", "email_sending", "email_sent"}));
  EXPECT_TRUE(Download(mailer.attempts[0]));
  // Once recorded, running the job again sends nothing.
  ASSERT_TRUE(RunHandler(mailer));
  EXPECT_TRUE(completed_);
  EXPECT_EQ(mailer.attempts.size(), 2u);
}

TEST_F(DeliveryEmailTest, APermanentRefusalIsRecordedAsFailedAndTheLinkGoesNowhere) {
  LatchMailer mailer;
  mailer.answer = InvalidArgumentError("smtp: 550 no such mailbox");
  ASSERT_TRUE(RunHandler(mailer));
  EXPECT_TRUE(completed_);
  Delivery failed = Stored();
  EXPECT_EQ(failed.status, DeliveryStatus::kFailed);
  EXPECT_TRUE(failed.token_digest.empty());
  EXPECT_TRUE(failed.sealed_link.empty());
  EXPECT_EQ(EventKinds(), (std::vector<std::string>{"created", "email_sending", "email_failed"}));
  ASSERT_EQ(mailer.attempts.size(), 1u);
  EXPECT_FALSE(Download(mailer.attempts[0]));
}

TEST_F(DeliveryEmailTest, ARevocationWhileTheMessageIsOnItsWayStands) {
  LatchMailer mailer;
  mailer.hold = true;
  std::future<Status> running = std::async(std::launch::async, [&] { return RunHandler(mailer); });
  ASSERT_TRUE(mailer.WaitEntered());
  ASSERT_TRUE(world_.service_->Revoke(a_.releaser, a_.request, issued_.delivery.id));
  mailer.Release();
  ASSERT_TRUE(running.get());
  Delivery revoked = Stored();
  EXPECT_EQ(revoked.status, DeliveryStatus::kRevoked);
  EXPECT_TRUE(revoked.sealed_link.empty());
  EXPECT_EQ(EventKinds(),
            (std::vector<std::string>{"created", "email_sending", "revoked", "email_sent"}));
  EXPECT_FALSE(Download(mailer.attempts[0]));
}

TEST(StagedJobTest, AHandlerThatDoesNotCompleteItsJobIsRetried) {
  testing::InMemoryStore store;
  ASSERT_TRUE(store.Migrate());
  testing::FakeClock clock;
  OrganizationId organization;
  ASSERT_TRUE(store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) -> Status {
    Result<Organization> org = tx.Organizations().Insert(
        Organization{.name = "Org staged", .slug = "staged", .state = "CA"});
    if (!org) return org.error();
    organization = org->id;
    return OkStatus();
  }));
  ASSERT_TRUE(store.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<Job> job = tx.Jobs().Enqueue(Job{.kind = "test.staged", .payload = "{}"});
    return job ? OkStatus() : Status(job.error());
  }));
  JobRunner runner(store, clock, {.owner = "staged"});
  int calls = 0;
  ASSERT_TRUE(runner.RegisterStaged("test.staged", [&](const Job&, const JobCompletion& complete) {
    if (++calls == 1) return OkStatus();  // Forgot to complete: not done.
    return store.InTransaction(organization, TxMode::kWrite, complete);
  }));
  EXPECT_FALSE(runner.Register("test.staged", [](Transaction&, const Job&) { return OkStatus(); }));
  Result<JobRunReport> first = runner.RunOnce();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->retried, 1);
  clock.AdvanceMicros(3'600'000'000);
  Result<JobRunReport> second = runner.RunOnce();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->done, 1);
}

}  // namespace
}  // namespace roi
