// Contract of JobRepository and JobQueue: scheduling bound to an organization, claims under
// leases across organizations, completion only by the lease holder, and two stores on one database
// never holding the same job at once.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "app/job_runner.h"
#include "contract/contract_fixture.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

constexpr std::int64_t kLease = 60'000'000;

Job MakeJob(std::string kind, std::int64_t run_at, int priority = 0, std::string dedupe = "") {
  return Job{.kind = std::move(kind),
             .payload = R"({"request":1})",
             .dedupe_key = std::move(dedupe),
             .priority = priority,
             .run_at_micros = run_at};
}

template <typename Factory>
class JobContractTest : public MigratedStoreTest<Factory> {
 protected:
  Result<Job> Enqueue(OrganizationId organization, const Job& job) {
    return InTx(this->Db(), organization, TxMode::kWrite,
                [&](Transaction& tx) { return tx.Jobs().Enqueue(job); });
  }
  Result<Job> Find(OrganizationId organization, JobId id) {
    return InTx(this->Db(), organization, TxMode::kRead,
                [&](Transaction& tx) { return tx.Jobs().Find(id); });
  }
  Result<std::vector<Job>> Claim(Store& store, std::string owner, std::int64_t now, int limit) {
    return InSystemTx(store, TxMode::kWrite, [&](SystemTransaction& tx) {
      return tx.Jobs().Claim(owner, now, kLease, limit);
    });
  }
  Status Complete(OrganizationId organization, JobId id, std::string owner, std::int64_t now) {
    return this->Db().InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) {
      return tx.Jobs().Complete(id, owner, now);
    });
  }
};
TYPED_TEST_SUITE(JobContractTest, Implementations, ImplementationNames);

TYPED_TEST(JobContractTest, EnqueueStoresAPendingJobOfTheTransactionsOrganization) {
  Job job = MakeJob("request.reminder", 500, 3);
  job.organization_id = this->org_b_;  // Ignored.
  job.state = JobState::kDone;         // Ignored.
  job.attempts = 9;                    // Ignored.
  Result<Job> stored = this->Enqueue(this->org_a_, job);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  Result<Job> found = this->Find(this->org_a_, stored->id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->organization_id, this->org_a_);
  EXPECT_EQ(found->kind, "request.reminder");
  EXPECT_EQ(found->payload, R"({"request":1})");
  EXPECT_EQ(found->priority, 3);
  EXPECT_EQ(found->run_at_micros, 500);
  EXPECT_EQ(found->state, JobState::kPending);
  EXPECT_EQ(found->attempts, 0);
  EXPECT_EQ(CodeOf(this->Find(this->org_b_, stored->id)), ErrorCode::kNotFound);
}

TYPED_TEST(JobContractTest, RejectsInvalidJobsAndReadOnlyWrites) {
  EXPECT_EQ(CodeOf(this->Enqueue(this->org_a_, MakeJob("Bad Kind", 1))),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Enqueue(this->org_a_, MakeJob("ok", 1, 10))), ErrorCode::kInvalidArgument);
  Result<Job> read_only = InTx(this->Db(), this->org_a_, TxMode::kRead,
                               [](Transaction& tx) { return tx.Jobs().Enqueue(MakeJob("ok", 1)); });
  EXPECT_EQ(CodeOf(read_only), ErrorCode::kFailedPrecondition);
}

TYPED_TEST(JobContractTest, ADedupeKeyKeepsOneLiveJobPerOrganization) {
  Result<Job> first = this->Enqueue(this->org_a_, MakeJob("request.reminder", 10, 0, "R-1:7d"));
  ASSERT_TRUE(first);
  Result<Job> again = this->Enqueue(this->org_a_, MakeJob("request.reminder", 99, 0, "R-1:7d"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->run_at_micros, 10);
  // Another organization, or another kind, is another job.
  Result<Job> other_org = this->Enqueue(this->org_b_, MakeJob("request.reminder", 10, 0, "R-1:7d"));
  ASSERT_TRUE(other_org);
  EXPECT_NE(other_org->id, first->id);
  Result<Job> other_kind =
      this->Enqueue(this->org_a_, MakeJob("request.escalate", 10, 0, "R-1:7d"));
  ASSERT_TRUE(other_kind);
  EXPECT_NE(other_kind->id, first->id);
  // Once cancelled, the key is free again.
  Result<std::int64_t> cancelled =
      InTx(this->Db(), this->org_a_, TxMode::kWrite,
           [](Transaction& tx) { return tx.Jobs().CancelPending("request.reminder", "R-1:7d"); });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(*cancelled, 1);
  EXPECT_EQ(this->Find(this->org_a_, first->id)->state, JobState::kCancelled);
  Result<Job> fresh = this->Enqueue(this->org_a_, MakeJob("request.reminder", 20, 0, "R-1:7d"));
  ASSERT_TRUE(fresh);
  EXPECT_NE(fresh->id, first->id);
}

TYPED_TEST(JobContractTest, ClaimTakesDueJobsOfEveryOrganizationByPriorityThenTime) {
  Result<Job> late = this->Enqueue(this->org_a_, MakeJob("k", 300));
  Result<Job> early = this->Enqueue(this->org_b_, MakeJob("k", 100));
  Result<Job> urgent = this->Enqueue(this->org_a_, MakeJob("k", 200, 9));
  Result<Job> future = this->Enqueue(this->org_b_, MakeJob("k", 5000));
  ASSERT_TRUE(late && early && urgent && future);
  Result<std::vector<Job>> claimed = this->Claim(this->Db(), "worker-1", 1000, 10);
  ASSERT_TRUE(claimed) << claimed.error().ToString();
  ASSERT_EQ(claimed->size(), 3u);
  EXPECT_EQ((*claimed)[0].id, urgent->id);
  EXPECT_EQ((*claimed)[1].id, early->id);
  EXPECT_EQ((*claimed)[2].id, late->id);
  for (const Job& job : *claimed) {
    EXPECT_EQ(job.state, JobState::kRunning);
    EXPECT_EQ(job.lease_owner, "worker-1");
    EXPECT_EQ(job.lease_expires_micros, 1000 + kLease);
    EXPECT_EQ(job.attempts, 1);
  }
  // Live leases are not claimed again.
  Result<std::vector<Job>> second = this->Claim(this->Db(), "worker-2", 2000, 10);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(CodeOf(this->Claim(this->Db(), "worker-2", 2000, 0)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Claim(this->Db(), "", 2000, 1)), ErrorCode::kInvalidArgument);
}

TYPED_TEST(JobContractTest, OnlyTheLeaseHolderCompletesAndAnExpiredLeaseIsTakenOver) {
  Result<Job> job = this->Enqueue(this->org_a_, MakeJob("k", 0));
  ASSERT_TRUE(job);
  ASSERT_EQ(this->Claim(this->Db(), "worker-1", 10, 5)->size(), 1u);
  EXPECT_EQ(this->Complete(this->org_a_, job->id, "worker-2", 20).error().code,
            ErrorCode::kAborted);
  EXPECT_EQ(this->Complete(this->org_b_, job->id, "worker-1", 20).error().code,
            ErrorCode::kNotFound);
  // worker-1 stalls past its lease; worker-2 takes the job over.
  Result<std::vector<Job>> taken = this->Claim(this->Db(), "worker-2", 10 + kLease, 5);
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->size(), 1u);
  EXPECT_EQ((*taken)[0].attempts, 2);
  EXPECT_EQ(this->Complete(this->org_a_, job->id, "worker-1", 10 + kLease + 1).error().code,
            ErrorCode::kAborted);
  EXPECT_TRUE(this->Complete(this->org_a_, job->id, "worker-2", 10 + kLease + 1));
  EXPECT_EQ(this->Find(this->org_a_, job->id)->state, JobState::kDone);
  EXPECT_TRUE(this->Claim(this->Db(), "worker-3", 10 * kLease, 5)->empty());
}

TYPED_TEST(JobContractTest, FailRetriesLaterOrGivesUp) {
  Result<Job> job = this->Enqueue(this->org_a_, MakeJob("k", 0));
  ASSERT_TRUE(job);
  ASSERT_EQ(this->Claim(this->Db(), "w", 10, 5)->size(), 1u);
  auto fail = [&](std::string owner, std::optional<std::int64_t> retry) {
    return this->Db().InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      return tx.Jobs().Fail(job->id, owner, "UNAVAILABLE: database busy", retry);
    });
  };
  EXPECT_EQ(fail("intruder", 500).error().code, ErrorCode::kAborted);
  ASSERT_TRUE(fail("w", 500));
  Result<Job> pending = this->Find(this->org_a_, job->id);
  EXPECT_EQ(pending->state, JobState::kPending);
  EXPECT_EQ(pending->run_at_micros, 500);
  EXPECT_EQ(pending->last_error, "UNAVAILABLE: database busy");
  EXPECT_TRUE(this->Claim(this->Db(), "w", 499, 5)->empty());
  ASSERT_EQ(this->Claim(this->Db(), "w", 500, 5)->size(), 1u);
  ASSERT_TRUE(fail("w", std::nullopt));
  EXPECT_EQ(this->Find(this->org_a_, job->id)->state, JobState::kFailed);
  EXPECT_TRUE(this->Claim(this->Db(), "w", 10 * kLease, 5)->empty());
}

// Two runners, each on its own Store over the same database (as two servers would be), work one
// queue at once: every job's handler commits exactly once.
TYPED_TEST(JobContractTest, TwoRunnersOnOneDatabaseNeverRunAJobTwice) {
  constexpr int kJobs = 120;
  for (int i = 0; i < kJobs; ++i) {
    OrganizationId org = i % 2 == 0 ? this->org_a_ : this->org_b_;
    ASSERT_TRUE(this->Enqueue(org, MakeJob("count", i, i % 3)));
  }
  Result<std::unique_ptr<Store>> second = this->factory_.Open();
  ASSERT_TRUE(second) << second.error().ToString();
  testing::FakeClock clock;
  std::mutex mu;
  std::map<JobId, int> runs;  // Guarded by mu.
  auto make_runner = [&](Store& store, std::string owner) {
    auto runner = std::make_unique<JobRunner>(
        store, clock, JobRunnerOptions{.owner = std::move(owner), .batch = 7});
    runner->Register("count", [&](Transaction&, const Job& job) {
      std::lock_guard<std::mutex> lock(mu);
      ++runs[job.id];
      return OkStatus();
    });
    return runner;
  };
  std::unique_ptr<JobRunner> one = make_runner(this->Db(), "server-1");
  std::unique_ptr<JobRunner> two = make_runner(**second, "server-2");
  std::atomic<int> done{0};
  auto work = [&](JobRunner& runner) {
    for (int idle = 0; idle < 3;) {
      Result<JobRunReport> report = runner.RunOnce();
      if (!report) continue;  // A busy database: try again.
      done += report->done;
      idle = report->claimed == 0 ? idle + 1 : 0;
    }
  };
  std::thread first_thread([&] { work(*one); });
  std::thread second_thread([&] { work(*two); });
  first_thread.join();
  second_thread.join();
  EXPECT_EQ(done.load(), kJobs);
  ASSERT_EQ(runs.size(), static_cast<std::size_t>(kJobs));
  for (const auto& [id, count] : runs) EXPECT_EQ(count, 1) << "job " << id.value;
}

}  // namespace
}  // namespace roi::contract
