// JobWorker: schedules the deadline scan of every organization, runs it on its own threads, and
// stops cleanly (also when it was never started, and twice).
#include "app/job_worker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

using roi::testing::FakeClock;
using roi::testing::InMemoryStore;

TEST(JobWorkerTest, SchedulesAndRunsTheDeadlineScanThenStops) {
  InMemoryStore store;
  ASSERT_TRUE(store.Migrate());
  FakeClock clock;
  OrganizationId org;
  ASSERT_TRUE(store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) -> Status {
    Result<Organization> inserted = tx.Organizations().Insert(
        Organization{.name = "Worker Clinic", .slug = "worker", .state = "TX"});
    if (!inserted) return inserted.error();
    org = inserted->id;
    return OkStatus();
  }));
  RequestId request_id;
  ASSERT_TRUE(store.InTransaction(org, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<Patient> patient =
        tx.Patients().Insert(Patient{.mrn = "W-1",
                                     .given_name = "Testpatient",
                                     .family_name = "Alpha",
                                     .birth_date = *Date::FromYmd(1980, 1, 1)});
    if (!patient) return patient.error();
    Result<Requester> requester =
        tx.Requesters().Insert(Requester{.role = "patient", .name = "Testpatient Alpha"});
    if (!requester) return requester.error();
    Result<ReleaseRequest> request =
        tx.Requests().Insert(ReleaseRequest{.number = "R-2025-000001",
                                            .patient_id = patient->id,
                                            .requester_id = requester->id,
                                            .requester_role = "patient",
                                            .received_on = clock.Today().AddDays(-29),
                                            .facts = {.basis = "access", .purpose = "personal"},
                                            .due_on = clock.Today().AddDays(1)});
    if (!request) return request.error();
    request_id = request->id;
    return OkStatus();
  }));

  testing::FakeAuditHasher audit_hasher;
  AuditTrail audit(clock, audit_hasher);
  DeadlineJobs deadlines(clock, audit, {});
  JobWorker worker(store, clock, deadlines,
                   {.runners = 2,
                    .poll_interval = std::chrono::milliseconds(5),
                    .scan_interval = std::chrono::milliseconds(3'600'000),
                    .owner = "test"});
  worker.Start();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (worker.JobsDone() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  worker.Stop();
  worker.Stop();                    // Harmless.
  EXPECT_EQ(worker.JobsDone(), 1);  // One scan per organization per interval.
  std::vector<RequestNotice> notices;
  ASSERT_TRUE(store.InTransaction(org, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<std::vector<RequestNotice>> listed = tx.Notices().ListForRequest(request_id);
    if (!listed) return listed.error();
    notices = *listed;
    return OkStatus();
  }));
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, "reminder");
  EXPECT_EQ(notices[0].message, "due in 1 day");
}

TEST(JobWorkerTest, StopWithoutStartIsSafe) {
  InMemoryStore store;
  FakeClock clock;
  testing::FakeAuditHasher audit_hasher;
  AuditTrail audit(clock, audit_hasher);
  DeadlineJobs deadlines(clock, audit, {});
  JobWorker worker(store, clock, deadlines, {.owner = "idle"});
  worker.Stop();
  EXPECT_EQ(worker.JobsDone(), 0);
}

TEST(ParseReminderDaysTest, AcceptsSortedUniqueDaysAndRejectsJunk) {
  Result<std::vector<int>> days = ParseReminderDays("5,1,5,0");
  ASSERT_TRUE(days);
  EXPECT_EQ(*days, (std::vector<int>{0, 1, 5}));
  EXPECT_TRUE(ParseReminderDays("")->empty());
  EXPECT_FALSE(ParseReminderDays("five"));
  EXPECT_FALSE(ParseReminderDays("400"));
  EXPECT_FALSE(ParseReminderDays("-1"));
  EXPECT_FALSE(ParseReminderDays("1,2,3,4,5,6,7,8,9,10,11"));
}

}  // namespace
}  // namespace roi
