// Reports and retention over a real server on a free port, on SQLite and (when
// ROI_TEST_POSTGRES_URL is set) PostgreSQL: the JSON contract of the four reports, their CSV
// (RFC 4180, formula cells defused), windows and errors, who may see them and the audit event
// each leaves; legal holds placed and released over HTTP keeping a request past retention out of
// the preview; a dry run that changes nothing, and the purge that then removes the request.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/retention_service.h"
#include "integration/lifecycle_fixture.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

constexpr std::int64_t kDay = 86'400'000'000;

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }
std::int64_t Noon(Date day) { return day.DaysSinceEpoch() * kDay + kDay / 2; }

template <typename Factory>
class ReportsRetentionTest : public roi::testing::LifecycleFixture {
 protected:
  ReportsRetentionTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Report Clinic",
                          .slug = "reports",
                          .password = "reports-retention-password-long",
                          .users = {{.name = "specialist", .role = Role::kRoiSpecialist},
                                    {.name = "supervisor", .role = Role::kSupervisor},
                                    {.name = "privacy", .role = Role::kPrivacyOfficer}},
                          .trained = false}) {
    clock_.SetToday(Day(2026, 3, 1));
  }
  void SetUp() override {
    LifecycleFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(AddData());
  }

  // Requests worked on by hand: two completed in February, two open, one closed in 2018.
  Status AddData() {
    return store_->InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = "RR-0001",
                                       .given_name = "Testpatient",
                                       .family_name = "Alpha",
                                       .birth_date = *Date::FromYmd(1980, 1, 1)});
      if (!patient) return patient.error();
      Result<Patient> old_patient =
          tx.Patients().Insert(Patient{.mrn = "RR-0002",
                                       .given_name = "Testpatient",
                                       .family_name = "Beta",
                                       .birth_date = *Date::FromYmd(1970, 1, 1)});
      if (!old_patient) return old_patient.error();
      old_patient_ = old_patient->id;
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "attorney", .name = "Sample Law Office"});
      if (!requester) return requester.error();
      struct Row {
        const char* number;
        Date received;
        RequestState state;
        std::optional<Date> due;
        std::optional<Date> completed;
        const char* role;
        PatientId patient;
      };
      const std::vector<Row> rows = {
          {"R-2026-000001", Day(2026, 2, 1), RequestState::kReleased, Day(2026, 3, 3),
           Day(2026, 2, 11), "attorney", patient->id},
          {"R-2026-000002", Day(2026, 2, 1), RequestState::kDenied, Day(2026, 2, 15),
           Day(2026, 2, 21), "=cmd|' /C calc'!A0", patient->id},
          {"R-2026-000003", Day(2026, 1, 1), RequestState::kVerifying, Day(2026, 1, 31),
           std::nullopt, "attorney", patient->id},
          {"R-2026-000004", Day(2026, 2, 27), RequestState::kReceived, std::nullopt, std::nullopt,
           "patient", patient->id},
          {"R-2018-000001", Day(2018, 1, 2), RequestState::kClosed, std::nullopt, Day(2018, 1, 10),
           "attorney", old_patient->id},
      };
      for (const Row& row : rows) {
        Result<ReleaseRequest> stored = tx.Requests().Insert(
            ReleaseRequest{.number = row.number,
                           .patient_id = row.patient,
                           .requester_id = requester->id,
                           .requester_role = row.role,
                           .received_on = row.received,
                           .received_micros = Noon(row.received),
                           .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"},
                           .state = row.state,
                           .due_on = row.due});
        if (!stored) return stored.error();
        if (row.completed) {
          Status added = tx.Requests().AddTransition(RequestTransition{
              .request_id = stored->id,
              .event = WorkflowEvent{.action = RequestAction::kRelease,
                                     .from = RequestState::kReadyToRelease,
                                     .to = row.state,
                                     .actor = UserId(1),
                                     .at_micros = Noon(*row.completed),
                                     .idempotency_key = std::string("k-") + row.number},
              .note = ""});
          if (!added) return added;
        }
        if (std::string(row.number) == "R-2026-000001") {
          Result<Invoice> invoice =
              tx.Billing().InsertInvoice(Invoice{.request_id = stored->id,
                                                 .lines = {{"Copies", 1, 1500}},
                                                 .total_cents = 1500,
                                                 .max_cents = 5000,
                                                 .fee_basis = "STATE_SCHEDULE",
                                                 .issued_on = Day(2026, 2, 5),
                                                 .issued_by = UserId(1),
                                                 .created_micros = Noon(Day(2026, 2, 5))});
          if (!invoice) return invoice.error();
          Result<InvoiceCredit> paid =
              tx.Billing().AddCredit(InvoiceCredit{.invoice_id = invoice->id,
                                                   .kind = CreditKind::kPayment,
                                                   .method = PaymentMethod::kCash,
                                                   .amount_cents = 1000,
                                                   .recorded_by = UserId(1),
                                                   .received_on = Day(2026, 2, 6),
                                                   .created_micros = Noon(Day(2026, 2, 6))});
          if (!paid) return paid.error();
        }
        if (std::string(row.number) == "R-2018-000001") old_request_ = stored->id;
      }
      return OkStatus();
    });
  }

  ClientResponse Raw(const std::string& who, const std::string& method, const std::string& path,
                     const json& body = nullptr) {
    return RawAs(who, method, path, body);
  }
  std::pair<long, json> Call(const std::string& who, const std::string& method,
                             const std::string& path, const json& body = nullptr) {
    return CallAs(who, method, path, body);
  }

  std::vector<AuditEvent> AuditEvents() {
    std::vector<AuditEvent> events;
    EXPECT_TRUE(store_->InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> all = tx.Audit().Scan(0, 10000);
      if (!all) return Status(all.error());
      events = std::move(*all);
      return OkStatus();
    }));
    return events;
  }

  PatientId old_patient_;
  RequestId old_request_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(ReportsRetentionTest, Backends, contract::ImplementationNames);

TYPED_TEST(ReportsRetentionTest, ReportsAnswerTheDashboardContract) {
  auto [status, turnaround] = this->Call("supervisor", "GET", "/api/v1/reports/turnaround");
  ASSERT_EQ(status, 200) << turnaround.dump();
  // The default window: the last 30 days, today (2026-03-01) included.
  EXPECT_EQ(turnaround["from"], "2026-01-31");
  EXPECT_EQ(turnaround["to"], "2026-03-01");
  EXPECT_EQ(turnaround["completed"], 2);
  EXPECT_DOUBLE_EQ(turnaround["median_days"].template get<double>(), 15.0);
  EXPECT_DOUBLE_EQ(turnaround["p90_days"].template get<double>(), 19.0);
  EXPECT_EQ(turnaround["on_time"], 1);
  EXPECT_DOUBLE_EQ(turnaround["on_time_rate"].template get<double>(), 0.5);
  json histogram = turnaround["histogram"];
  ASSERT_EQ(histogram.size(), 7u);
  EXPECT_EQ(histogram[0], (json{{"days_min", 0}, {"days_max", 5}, {"count", 0}}));
  EXPECT_EQ(histogram[1], (json{{"days_min", 6}, {"days_max", 10}, {"count", 1}}));
  EXPECT_EQ(histogram[3], (json{{"days_min", 16}, {"days_max", 20}, {"count", 1}}));
  EXPECT_EQ(histogram[6], (json{{"days_min", 61}, {"days_max", nullptr}, {"count", 0}}));

  auto [empty_status, empty] =
      this->Call("supervisor", "GET", "/api/v1/reports/turnaround?from=2025-01-01&to=2025-01-31");
  ASSERT_EQ(empty_status, 200);
  EXPECT_EQ(empty["completed"], 0);
  EXPECT_TRUE(empty["median_days"].is_null());
  EXPECT_TRUE(empty["on_time_rate"].is_null());

  auto [backlog_status, backlog] = this->Call("privacy", "GET", "/api/v1/reports/backlog");
  ASSERT_EQ(backlog_status, 200) << backlog.dump();
  EXPECT_EQ(backlog,
            (json{{"as_of", "2026-03-01"},
                  {"open", 2},
                  {"overdue", 1},
                  {"buckets",
                   {{{"label", "0-7"}, {"min_days", 0}, {"max_days", 7}, {"count", 1}},
                    {{"label", "8-15"}, {"min_days", 8}, {"max_days", 15}, {"count", 0}},
                    {{"label", "16-30"}, {"min_days", 16}, {"max_days", 30}, {"count", 0}},
                    {{"label", "31-60"}, {"min_days", 31}, {"max_days", 60}, {"count", 1}},
                    {{"label", "61+"}, {"min_days", 61}, {"max_days", nullptr}, {"count", 0}}}}}));

  auto [volume_status, volume] =
      this->Call("supervisor", "GET", "/api/v1/reports/volume?from=2026-02-01&to=2026-02-28");
  ASSERT_EQ(volume_status, 200) << volume.dump();
  EXPECT_EQ(volume,
            (json{{"from", "2026-02-01"},
                  {"to", "2026-02-28"},
                  {"rows",
                   {{{"requester_role", "=cmd|' /C calc'!A0"}, {"outcome", "denied"}, {"count", 1}},
                    {{"requester_role", "attorney"}, {"outcome", "released"}, {"count", 1}},
                    {{"requester_role", "patient"}, {"outcome", "received"}, {"count", 1}}}}}));

  auto [fees_status, fees] =
      this->Call("supervisor", "GET", "/api/v1/reports/fees?from=2026-02-01");
  ASSERT_EQ(fees_status, 200) << fees.dump();
  EXPECT_EQ(fees, (json{{"from", "2026-02-01"},
                        {"to", "2026-03-01"},
                        {"invoiced_cents", 1500},
                        {"collected_cents", 1000},
                        {"waived_cents", 0},
                        {"outstanding_cents", 500}}));

  // Each report call left one audit event naming the report, with no patient.
  int reports = 0;
  for (const AuditEvent& event : this->AuditEvents()) {
    if (event.detail.rfind("report ", 0) != 0) continue;
    ++reports;
    EXPECT_FALSE(event.patient_id.IsSet());
    EXPECT_EQ(event.action, AuditAction::kRead);
  }
  EXPECT_EQ(reports, 5);
}

TYPED_TEST(ReportsRetentionTest, CsvIsQuotedAndDefusesFormulas) {
  ClientResponse volume = this->Raw(
      "supervisor", "GET", "/api/v1/reports/volume?from=2026-02-01&to=2026-02-28&format=csv");
  ASSERT_EQ(volume.status, 200) << volume.body;
  EXPECT_EQ(volume.headers["content-type"].rfind("text/csv", 0), 0u);
  EXPECT_EQ(volume.body,
            "requester_role,outcome,count\r\n"
            "'=cmd|' /C calc'!A0,denied,1\r\n"
            "attorney,released,1\r\n"
            "patient,received,1\r\n");
  ClientResponse fees = this->Raw("supervisor", "GET",
                                  "/api/v1/reports/fees?from=2026-02-01&to=2026-02-28&format=csv");
  ASSERT_EQ(fees.status, 200);
  EXPECT_EQ(fees.body,
            "from,to,invoiced_cents,collected_cents,waived_cents,outstanding_cents\r\n"
            "2026-02-01,2026-02-28,1500,1000,0,500\r\n");
  ClientResponse turnaround =
      this->Raw("supervisor", "GET", "/api/v1/reports/turnaround?format=csv");
  ASSERT_EQ(turnaround.status, 200);
  EXPECT_EQ(turnaround.body.rfind("metric,value\r\nfrom,2026-01-31\r\nto,2026-03-01\r\n"
                                  "completed,2\r\n",
                                  0),
            0u)
      << turnaround.body;
  EXPECT_NE(turnaround.body.find("days 61+,0\r\n"), std::string::npos);
  ClientResponse backlog = this->Raw("supervisor", "GET", "/api/v1/reports/backlog?format=csv");
  ASSERT_EQ(backlog.status, 200);
  EXPECT_NE(backlog.body.find("overdue,1\r\nage 0-7,1\r\n"), std::string::npos) << backlog.body;
}

TYPED_TEST(ReportsRetentionTest, BadWindowsAndCallersAreRefused) {
  auto [bad_from, bad_from_body] =
      this->Call("supervisor", "GET", "/api/v1/reports/turnaround?from=2026-02-30");
  EXPECT_EQ(bad_from, 400);
  EXPECT_NE(bad_from_body.dump().find("from"), std::string::npos) << bad_from_body.dump();
  auto [bad_to, bad_to_body] = this->Call("supervisor", "GET", "/api/v1/reports/fees?to=March");
  EXPECT_EQ(bad_to, 400);
  EXPECT_NE(bad_to_body.dump().find("to must be a date"), std::string::npos);
  auto [reversed, reversed_body] =
      this->Call("supervisor", "GET", "/api/v1/reports/volume?from=2026-03-01&to=2026-02-01");
  EXPECT_EQ(reversed, 400);
  EXPECT_NE(reversed_body.dump().find("to is before from"), std::string::npos);
  auto [too_long, too_long_body] =
      this->Call("supervisor", "GET", "/api/v1/reports/volume?from=2000-01-01&to=2026-01-01");
  EXPECT_EQ(too_long, 400);
  auto [format, format_body] =
      this->Call("supervisor", "GET", "/api/v1/reports/backlog?format=xlsx");
  EXPECT_EQ(format, 400);
  EXPECT_NE(format_body.dump().find("format"), std::string::npos);
  EXPECT_EQ(this->Call("specialist", "GET", "/api/v1/reports/backlog").first, 403);
  EXPECT_EQ(this->Call("supervisor", "GET", "/api/v1/retention/preview").first, 403);
  EXPECT_EQ(Fetch(this->server_->Port(), "GET", "/api/v1/reports/backlog", "", {}).status, 401);
}

TYPED_TEST(ReportsRetentionTest, LegalHoldsKeepRequestsAndTheDryRunChangesNothing) {
  const std::string patient_holds =
      "/api/v1/patients/" + std::to_string(this->old_patient_.value) + "/legal-holds";
  auto [placed_status, placed] = this->Call("privacy", "POST", patient_holds,
                                            {{"reason", "Litigation hold (synthetic case 7)"}});
  ASSERT_EQ(placed_status, 201) << placed.dump();
  EXPECT_EQ(placed["active"], true);
  EXPECT_EQ(placed["patient_id"], this->old_patient_.value);
  EXPECT_TRUE(placed["request_id"].is_null());
  EXPECT_EQ(this->Call("privacy", "POST", patient_holds, {{"reason", ""}}).first, 400);
  EXPECT_EQ(this->Call("supervisor", "POST", patient_holds, {{"reason", "x"}}).first, 403);
  EXPECT_EQ(
      this->Call("privacy", "POST", "/api/v1/patients/999999/legal-holds", {{"reason", "x"}}).first,
      404);

  auto [preview_status, preview] = this->Call("privacy", "GET", "/api/v1/retention/preview");
  ASSERT_EQ(preview_status, 200) << preview.dump();
  EXPECT_EQ(preview["retention_years"], 6);
  EXPECT_EQ(preview["cutoff"], "2020-03-01");
  EXPECT_EQ(preview["dry_run"], true);
  EXPECT_EQ(preview["eligible_count"], 0);
  ASSERT_EQ(preview["held_count"], 1);
  EXPECT_EQ(preview["held"][0]["number"], "R-2018-000001");
  EXPECT_EQ(preview["held"][0]["last_effective_on"], "2018-01-10");

  // A hold on the request itself, listed under the request.
  const std::string request_holds =
      "/api/v1/requests/" + std::to_string(this->old_request_.value) + "/legal-holds";
  auto [request_hold_status, request_hold] =
      this->Call("privacy", "POST", request_holds, {{"reason", "Subpoena pending"}});
  ASSERT_EQ(request_hold_status, 201) << request_hold.dump();
  auto [listed_status, listed] = this->Call("privacy", "GET", request_holds);
  ASSERT_EQ(listed_status, 200);
  ASSERT_EQ(listed["holds"].size(), 1u);
  EXPECT_EQ(listed["holds"][0]["reason"], "Subpoena pending");

  // Released holds stay listed, inactive; releasing twice is a conflict; a hold is released only
  // under the record it was placed on.
  const std::string patient_hold =
      patient_holds + "/" + std::to_string(placed["id"].template get<int>());
  EXPECT_EQ(this->Call("privacy", "DELETE",
                       request_holds + "/" + std::to_string(placed["id"].template get<int>()))
                .first,
            404);
  auto [released_status, released] = this->Call("privacy", "DELETE", patient_hold);
  ASSERT_EQ(released_status, 200) << released.dump();
  EXPECT_EQ(released["active"], false);
  EXPECT_FALSE(released["released_by"].is_null());
  EXPECT_EQ(this->Call("privacy", "DELETE", patient_hold).first, 409);
  auto [after_patient, after_patient_body] = this->Call("privacy", "GET", patient_holds);
  ASSERT_EQ(after_patient, 200);
  ASSERT_EQ(after_patient_body["holds"].size(), 1u);
  EXPECT_EQ(after_patient_body["holds"][0]["active"], false);
  // Still held through the request's own hold.
  EXPECT_EQ(this->Call("privacy", "GET", "/api/v1/retention/preview").second["held_count"], 1);
  ASSERT_EQ(this->Call("privacy", "DELETE",
                       request_holds + "/" + std::to_string(request_hold["id"].template get<int>()))
                .first,
            200);
  auto [free_status, free] = this->Call("privacy", "GET", "/api/v1/retention/preview");
  ASSERT_EQ(free_status, 200);
  ASSERT_EQ(free["eligible_count"], 1);
  EXPECT_EQ(free["eligible"][0]["number"], "R-2018-000001");
  EXPECT_EQ(free["purged_count"], 0);

  // The dry run (as `openroi retention purge --dry-run` runs it) changes nothing at all.
  RetentionService retention(*this->store_, this->clock_, this->audit_, RetentionSettings{});
  const AuditActor actor{.id = {}, .label = "command line", .remote_address = ""};
  const std::size_t events_before = this->AuditEvents().size();
  Result<RetentionReport> dry =
      retention.Purge(this->organization_, actor, "command line", /*dry_run=*/true, 100);
  ASSERT_TRUE(dry) << dry.error().ToString();
  EXPECT_EQ(dry->eligible.size(), 1u);
  EXPECT_TRUE(dry->purged.empty());
  EXPECT_EQ(this->AuditEvents().size(), events_before);
  EXPECT_TRUE(this->store_->InTransaction(
      this->organization_, TxMode::kRead, [&](Transaction& tx) -> Status {
        if (Result<ReleaseRequest> kept = tx.Requests().Find(this->old_request_); !kept) {
          return kept.error();
        }
        Result<std::vector<PurgeRecord>> records = tx.Retention().PurgeRecords(0, 10);
        if (!records) return records.error();
        EXPECT_TRUE(records->empty());
        return OkStatus();
      }));

  Result<RetentionReport> done =
      retention.Purge(this->organization_, actor, "command line", /*dry_run=*/false, 100);
  ASSERT_TRUE(done) << done.error().ToString();
  ASSERT_EQ(done->purged.size(), 1u);
  EXPECT_EQ(done->purged[0].request_number, "R-2018-000001");
  EXPECT_EQ(this->Call("supervisor", "GET",
                       "/api/v1/requests/" + std::to_string(this->old_request_.value))
                .first,
            404);
  bool audited = false;
  for (const AuditEvent& event : this->AuditEvents()) {
    if (event.action == AuditAction::kDelete && event.patient_id == this->old_patient_ &&
        event.detail == "retention purge after 6 years") {
      audited = true;
    }
  }
  EXPECT_TRUE(audited);
  EXPECT_EQ(this->Call("privacy", "GET", "/api/v1/retention/preview").second["eligible_count"], 0);
}

}  // namespace
}  // namespace roi::http
