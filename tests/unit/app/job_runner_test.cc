#include "app/job_runner.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

class JobRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [this](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      if (!org) return Status(org.error());
      org_ = org->id;
      return OkStatus();
    }));
  }

  JobId Enqueue(std::string kind, std::int64_t run_at) {
    JobId id;
    EXPECT_TRUE(store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Job> job = tx.Jobs().Enqueue(Job{.kind = std::move(kind), .run_at_micros = run_at});
      if (!job) return job.error();
      id = job->id;
      return OkStatus();
    }));
    return id;
  }

  Job Find(JobId id) {
    Job found;
    EXPECT_TRUE(store_.InTransaction(org_, TxMode::kRead, [&](Transaction& tx) -> Status {
      Result<Job> job = tx.Jobs().Find(id);
      if (!job) return job.error();
      found = *job;
      return OkStatus();
    }));
    return found;
  }

  std::int64_t PatientCount() {
    std::int64_t count = -1;
    EXPECT_TRUE(store_.InTransaction(org_, TxMode::kRead, [&](Transaction& tx) -> Status {
      Result<std::int64_t> n = tx.Patients().Count();
      if (!n) return n.error();
      count = *n;
      return OkStatus();
    }));
    return count;
  }

  static Status AddPatient(Transaction& tx, const std::string& mrn) {
    Result<Patient> patient =
        tx.Patients().Insert(Patient{.mrn = mrn,
                                     .given_name = "Sample",
                                     .family_name = "Testperson",
                                     .birth_date = *Date::FromYmd(1990, 1, 1)});
    return patient ? OkStatus() : Status(patient.error());
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  OrganizationId org_;
  JobRunner runner_{store_, clock_,
                    JobRunnerOptions{.owner = "test",
                                     .lease_micros = 60 * kSecond,
                                     .max_attempts = 3,
                                     .retry_base_micros = 10 * kSecond}};
};

TEST_F(JobRunnerTest, RunsDueJobsAndCommitsTheirWritesWithTheCompletion) {
  ASSERT_TRUE(runner_.Register("add", [](Transaction& tx, const Job& job) {
    return AddPatient(tx, "MRN-" + std::to_string(job.id.value));
  }));
  EXPECT_FALSE(runner_.Register("add", [](Transaction&, const Job&) { return OkStatus(); }));
  JobId due = Enqueue("add", clock_.NowMicros());
  JobId later = Enqueue("add", clock_.NowMicros() + 3600 * kSecond);
  Result<JobRunReport> report = runner_.RunOnce();
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->claimed, 1);
  EXPECT_EQ(report->done, 1);
  EXPECT_EQ(Find(due).state, JobState::kDone);
  EXPECT_EQ(Find(later).state, JobState::kPending);
  EXPECT_EQ(PatientCount(), 1);
}

TEST_F(JobRunnerTest, TransientErrorsRetryWithBackoffThenFail) {
  int calls = 0;
  runner_.Register("flaky", [&](Transaction& tx, const Job&) -> Status {
    ++calls;
    if (Status added = AddPatient(tx, "MRN-" + std::to_string(calls)); !added) return added;
    return UnavailableError("the mail relay is down");
  });
  JobId id = Enqueue("flaky", clock_.NowMicros());
  Result<JobRunReport> first = runner_.RunOnce();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->retried, 1);
  Job job = Find(id);
  EXPECT_EQ(job.state, JobState::kPending);
  EXPECT_EQ(job.run_at_micros, clock_.NowMicros() + 10 * kSecond);
  EXPECT_EQ(job.last_error, "UNAVAILABLE: the mail relay is down");
  EXPECT_EQ(PatientCount(), 0);  // The failed attempt's writes rolled back.

  EXPECT_EQ(runner_.RunOnce()->claimed, 0);  // Not due yet.
  clock_.AdvanceMicros(10 * kSecond);
  EXPECT_EQ(runner_.RunOnce()->retried, 1);
  EXPECT_EQ(Find(id).run_at_micros, clock_.NowMicros() + 20 * kSecond);
  clock_.AdvanceMicros(20 * kSecond);
  EXPECT_EQ(runner_.RunOnce()->failed, 1);  // Third attempt of three.
  EXPECT_EQ(Find(id).state, JobState::kFailed);
  EXPECT_EQ(calls, 3);
}

TEST_F(JobRunnerTest, PermanentErrorsAndUnknownKindsFailAtOnce) {
  runner_.Register("broken", [](Transaction&, const Job&) -> Status {
    return InvalidArgumentError("payload names no request");
  });
  JobId broken = Enqueue("broken", 0);
  JobId unknown = Enqueue("nobody.handles.this", 0);
  Result<JobRunReport> report = runner_.RunOnce();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->failed, 2);
  EXPECT_EQ(Find(broken).state, JobState::kFailed);
  EXPECT_EQ(Find(broken).last_error, "INVALID_ARGUMENT: payload names no request");
  EXPECT_EQ(Find(unknown).state, JobState::kFailed);
  EXPECT_NE(Find(unknown).last_error.find("no handler"), std::string::npos);
}

TEST_F(JobRunnerTest, ARunnerWhoseLeaseRanOutRollsItsWorkBack) {
  runner_.Register("slow", [&](Transaction& tx, const Job&) -> Status {
    clock_.AdvanceMicros(61 * kSecond);  // Stalls past its 60 s lease.
    return AddPatient(tx, "MRN-STALLED");
  });
  JobId id = Enqueue("slow", 0);
  Result<JobRunReport> report = runner_.RunOnce();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->done, 0);
  EXPECT_EQ(report->retried, 1);
  EXPECT_EQ(PatientCount(), 0);
  EXPECT_NE(Find(id).last_error.find("no longer leased"), std::string::npos);

  // Another runner picks the job up when it is due again and finishes it.
  JobRunner other(store_, clock_, JobRunnerOptions{.owner = "other", .lease_micros = 60 * kSecond});
  other.Register("slow", [](Transaction& tx, const Job&) { return AddPatient(tx, "MRN-OTHER"); });
  clock_.AdvanceMicros(10 * kSecond);
  EXPECT_EQ(other.RunOnce()->done, 1);
  EXPECT_EQ(Find(id).state, JobState::kDone);
  EXPECT_EQ(Find(id).attempts, 2);
  EXPECT_EQ(PatientCount(), 1);
}

}  // namespace
}  // namespace roi
