// ReportService and RetentionService on the in-memory store: the report arithmetic (quantiles,
// histogram and backlog bands, windows), who may call, the audit events; legal holds, the dry
// run, and the periodic purge job on the leased queue.
#include <gtest/gtest.h>

#include <vector>

#include "app/job_runner.h"
#include "app/report_service.h"
#include "app/retention_service.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }
constexpr std::int64_t kDay = 86'400'000'000;

TEST(ReportArithmeticTest, QuantilesInterpolateBetweenRanks) {
  const ReportWindow window{.from = Day(2026, 1, 1), .to = Day(2026, 1, 31)};
  std::vector<TurnaroundGroup> groups = {{.days = 40, .completed = 1, .with_due = 1, .on_time = 0},
                                         {.days = 2, .completed = 1, .with_due = 0, .on_time = 0},
                                         {.days = 10, .completed = 2, .with_due = 2, .on_time = 2}};
  TurnaroundReport report = SummarizeTurnaround(window, groups);
  EXPECT_EQ(report.completed, 4);
  // Days 2, 10, 10, 40: the median at rank 1.5, p90 at rank 2.7.
  EXPECT_DOUBLE_EQ(*report.median_days, 10.0);
  EXPECT_DOUBLE_EQ(*report.p90_days, 31.0);
  EXPECT_EQ(report.on_time, 2);
  EXPECT_DOUBLE_EQ(*report.on_time_rate, 2.0 / 3.0);
  std::vector<std::int64_t> counts;
  for (const DaysBucket& bucket : report.histogram) counts.push_back(bucket.count);
  EXPECT_EQ(counts, (std::vector<std::int64_t>{1, 2, 0, 0, 0, 1, 0}));
  EXPECT_EQ(report.histogram.back().days_min, 61);
  EXPECT_FALSE(report.histogram.back().days_max);

  TurnaroundReport one = SummarizeTurnaround(
      window, std::vector<TurnaroundGroup>{{.days = -1, .completed = 1, .with_due = 0}});
  EXPECT_DOUBLE_EQ(*one.median_days, 0.0);
  EXPECT_DOUBLE_EQ(*one.p90_days, 0.0);
  EXPECT_FALSE(one.on_time_rate);
  EXPECT_EQ(one.histogram.front().count, 1);

  TurnaroundReport none = SummarizeTurnaround(window, {});
  EXPECT_EQ(none.completed, 0);
  EXPECT_FALSE(none.median_days);
  EXPECT_FALSE(none.p90_days);
  EXPECT_FALSE(none.on_time_rate);
  EXPECT_EQ(none.histogram.size(), 7u);
}

TEST(ReportArithmeticTest, BacklogBandsIncludeTheirEdges) {
  const Date today = Day(2026, 3, 1);
  std::vector<BacklogGroup> groups = {{.received_on = today.AddDays(-7), .open = 1, .overdue = 0},
                                      {.received_on = today.AddDays(-8), .open = 2, .overdue = 1},
                                      {.received_on = today.AddDays(-60), .open = 3, .overdue = 3},
                                      {.received_on = today.AddDays(-61), .open = 4, .overdue = 4},
                                      {.received_on = today.AddDays(2), .open = 5, .overdue = 0}};
  BacklogReport report = SummarizeBacklog(today, groups);
  EXPECT_EQ(report.open, 15);
  EXPECT_EQ(report.overdue, 8);
  ASSERT_EQ(report.buckets.size(), 5u);
  EXPECT_EQ(report.buckets[0],
            (BacklogBucket{.label = "0-7", .min_days = 0, .max_days = 7, .count = 6}));
  EXPECT_EQ(report.buckets[1].count, 2);
  EXPECT_EQ(report.buckets[2].count, 0);
  EXPECT_EQ(report.buckets[3].count, 3);
  EXPECT_EQ(report.buckets[4],
            (BacklogBucket{.label = "61+", .min_days = 61, .max_days = std::nullopt, .count = 4}));
}

TEST(ReportArithmeticTest, WindowsDefaultToThirtyDaysAndAreBounded) {
  ReportWindow window = DefaultReportWindow(Day(2026, 3, 1));
  EXPECT_EQ(window.from, Day(2026, 1, 31));
  EXPECT_EQ(window.to, Day(2026, 3, 1));
  EXPECT_TRUE(ValidateReportWindow({.from = Day(2026, 3, 1), .to = Day(2026, 3, 1)}));
  Status reversed = ValidateReportWindow({.from = Day(2026, 3, 2), .to = Day(2026, 3, 1)});
  ASSERT_FALSE(reversed);
  EXPECT_NE(reversed.error().message.find("to"), std::string::npos);
  EXPECT_FALSE(ValidateReportWindow({.from = Day(2000, 1, 1), .to = Day(2026, 1, 1)}));
}

class ReportRetentionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clock_.SetToday(Day(2026, 3, 1));
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert({.name = "Org demo", .slug = "demo", .state = "CA"});
      if (!org) return Status(org.error());
      organization_ = org->id;
      return OkStatus();
    }));
    for (auto [principal, role, id] : {std::tuple{&supervisor_, Role::kSupervisor, 1},
                                       std::tuple{&privacy_, Role::kPrivacyOfficer, 2},
                                       std::tuple{&specialist_, Role::kRoiSpecialist, 3}}) {
      principal->organization = organization_;
      principal->user = {.id = UserId(id), .role = role};
    }
    ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-1",
                                                             .given_name = "Testpatient",
                                                             .family_name = "Alpha",
                                                             .birth_date = Day(1980, 1, 1)});
      if (!patient) return Status(patient.error());
      patient_ = patient->id;
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "attorney", .name = "Sample Law Office"});
      if (!requester) return Status(requester.error());
      Result<ReleaseRequest> old = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2018-000001",
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "attorney",
                         .received_on = Day(2018, 1, 2),
                         .received_micros = Day(2018, 1, 2).DaysSinceEpoch() * kDay,
                         .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"},
                         .state = RequestState::kClosed});
      if (!old) return Status(old.error());
      old_request_ = old->id;
      return tx.Requests().AddTransition(RequestTransition{
          .request_id = old->id,
          .event = WorkflowEvent{.action = RequestAction::kClose,
                                 .from = RequestState::kReleased,
                                 .to = RequestState::kClosed,
                                 .actor = UserId(1),
                                 .at_micros = Day(2018, 2, 1).DaysSinceEpoch() * kDay,
                                 .idempotency_key = "close"},
          .note = ""});
    }));
  }

  std::vector<AuditEvent> Events() {
    std::vector<AuditEvent> events;
    EXPECT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> all = tx.Audit().Scan(0, 1000);
      if (!all) return Status(all.error());
      events = *all;
      return OkStatus();
    }));
    return events;
  }
  bool OldRequestExists() {
    return static_cast<bool>(
        store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
          Result<ReleaseRequest> found = tx.Requests().Find(old_request_);
          return found ? OkStatus() : Status(found.error());
        }));
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  OrganizationId organization_;
  Principal supervisor_, privacy_, specialist_;
  PatientId patient_;
  RequestId old_request_;
};

TEST_F(ReportRetentionServiceTest, ReportsNeedViewReportsAndAreAudited) {
  ReportService reports(store_, clock_, audit_);
  Result<BacklogReport> denied = reports.Backlog(specialist_);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Events().empty());
  Result<FeeReport> fees = reports.Fees(supervisor_, DefaultReportWindow(clock_.Today()));
  ASSERT_TRUE(fees) << fees.error().ToString();
  Result<VolumeReport> bad =
      reports.Volume(supervisor_, {.from = Day(2026, 2, 2), .to = Day(2026, 2, 1)});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  std::vector<AuditEvent> events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].detail, "report fees");
  EXPECT_EQ(events[0].actor_id, supervisor_.user.id);
  EXPECT_FALSE(events[0].patient_id.IsSet());
}

TEST_F(ReportRetentionServiceTest, HoldsNeedManageRetentionAndKeepRequestsFromThePurge) {
  RetentionService retention(store_, clock_, audit_, RetentionSettings{});
  Result<LegalHold> refused = retention.PlacePatientHold(supervisor_, patient_, "Litigation");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPermissionDenied);
  Result<LegalHold> hold = retention.PlacePatientHold(privacy_, patient_, "Litigation");
  ASSERT_TRUE(hold) << hold.error().ToString();
  EXPECT_EQ(hold->placed_by, privacy_.user.id);
  EXPECT_EQ(hold->placed_micros, clock_.NowMicros());

  const AuditActor actor{.id = {}, .label = "command line", .remote_address = ""};
  Result<RetentionReport> held = retention.Purge(organization_, actor, "command line", false, 10);
  ASSERT_TRUE(held) << held.error().ToString();
  EXPECT_TRUE(held->eligible.empty());
  ASSERT_EQ(held->held.size(), 1u);
  EXPECT_TRUE(held->purged.empty());
  EXPECT_TRUE(OldRequestExists());
  EXPECT_EQ(held->cutoff, Day(2020, 3, 1));

  ASSERT_TRUE(retention.ReleasePatientHold(privacy_, patient_, hold->id));
  std::size_t before = Events().size();
  Result<RetentionReport> dry = retention.Purge(organization_, actor, "command line", true, 10);
  ASSERT_TRUE(dry);
  EXPECT_EQ(dry->eligible.size(), 1u);
  EXPECT_TRUE(OldRequestExists());
  EXPECT_EQ(Events().size(), before);

  Result<RetentionReport> done = retention.Purge(organization_, actor, "command line", false, 10);
  ASSERT_TRUE(done);
  ASSERT_EQ(done->purged.size(), 1u);
  EXPECT_EQ(done->purged[0].purged_via, "command line");
  EXPECT_EQ(done->purged[0].last_effective_on, Day(2018, 2, 1));
  EXPECT_FALSE(OldRequestExists());
  const AuditEvent last = Events().back();
  EXPECT_EQ(last.action, AuditAction::kDelete);
  EXPECT_EQ(last.patient_id, patient_);
  EXPECT_EQ(last.actor_label, "command line");
}

TEST_F(ReportRetentionServiceTest, ThePeriodicJobPurgesOnlyWhenEnabled) {
  RetentionService disabled(store_, clock_, audit_, RetentionSettings{});
  Result<int> none = disabled.SchedulePurges();
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);

  RetentionService enabled(store_, clock_, audit_,
                           RetentionSettings{.years = 6, .enabled = true, .job_batch = 10});
  Result<int> scheduled = enabled.SchedulePurges();
  ASSERT_TRUE(scheduled) << scheduled.error().ToString();
  EXPECT_EQ(*scheduled, 1);
  JobRunner runner(store_, clock_, {.owner = "test/1"});
  enabled.Register(runner);
  Result<JobRunReport> ran = runner.RunOnce();
  ASSERT_TRUE(ran) << ran.error().ToString();
  EXPECT_EQ(ran->done, 1);
  EXPECT_FALSE(OldRequestExists());
  const AuditEvent last = Events().back();
  EXPECT_EQ(last.action, AuditAction::kDelete);
  EXPECT_EQ(last.actor_label, "system");
  EXPECT_FALSE(last.actor_id.IsSet());
  EXPECT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<PurgeRecord>> records = tx.Retention().PurgeRecords(0, 10);
    if (!records) return Status(records.error());
    EXPECT_EQ(records->size(), 1u);
    if (!records->empty()) {
      EXPECT_EQ(records->front().purged_via, "job");
      EXPECT_FALSE(records->front().purged_by.IsSet());
    }
    return OkStatus();
  }));
}

}  // namespace
}  // namespace roi
