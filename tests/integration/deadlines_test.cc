// Letters, extensions and the deadline scan over a real server on a free port, on SQLite and
// (when ROI_TEST_POSTGRES_URL is set) PostgreSQL, with a fake clock: an access request extended
// once within the first 30 days (new due date and an extension letter; a second extension is
// refused), reminders before the due date and an escalation after it (shown in the work queue),
// and a pending-information request that expires with an expiry letter.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/deadline_jobs.h"
#include "app/job_runner.h"
#include "integration/lifecycle_fixture.h"
#include "render/cairo_renderer.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

template <typename Factory>
class DeadlinesTest : public roi::testing::LifecycleFixture {
 protected:
  // Illinois: no state clock shorter than HIPAA's, so the one 30-day extension is available.
  DeadlinesTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Deadline Clinic",
                          .slug = "deadline",
                          .state = "IL",
                          .patient_mrn = "DL-0001",
                          .password = "deadlines-password-long",
                          .users = {{.name = "specialist", .display_name = "Sam Specialist"}}}) {}
  void Configure(ApiDependencies& dependencies) override {
    dependencies.complaint_contacts = {.privacy_officer = "Privacy Officer, 555-0100"};
    dependencies.renderer = &renderer_;
  }
  void SetUp() override {
    LifecycleFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    runner_ = std::make_unique<JobRunner>(*store_, clock_, JobRunnerOptions{.owner = "test"});
    deadlines_ = std::make_unique<DeadlineJobs>(
        clock_, audit_, DeadlineOptions{.reminder_days = {5, 1}, .pending_expiry_days = 60});
    deadlines_->Register(*runner_);
  }
  void AdvanceDays(int days) {
    clock_.AdvanceDays(days);
    Login("specialist");
  }

  std::pair<long, json> Call(const std::string& method, const std::string& path,
                             const json& body = nullptr) {
    return CallAs("specialist", method, path, body);
  }
  std::pair<long, json> Act(std::int64_t id, const std::string& action, const std::string& key,
                            const std::string& note = "synthetic") {
    return Call("POST", "/api/v1/requests/" + std::to_string(id) + "/transitions",
                {{"action", action}, {"idempotency_key", key}, {"note", note}});
  }
  json Get(std::int64_t id) {
    auto [status, body] = Call("GET", "/api/v1/requests/" + std::to_string(id));
    EXPECT_EQ(status, 200) << body.dump();
    return body;
  }
  std::int64_t AddRequester(const std::string& role, const std::string& name) {
    auto [status, body] = Call("POST", "/api/v1/requesters", {{"role", role}, {"name", name}});
    EXPECT_EQ(status, 201) << body.dump();
    return body.value("id", std::int64_t{0});
  }
  std::int64_t AccessRequest() {
    std::int64_t self = AddRequester("patient", "Testpatient Alpha");
    auto [status, created] = Call("POST", "/api/v1/requests",
                                  {{"patient_id", patient_.value},
                                   {"requester_id", self},
                                   {"basis", "access"},
                                   {"purpose", "personal"},
                                   {"written", true},
                                   {"signed", true},
                                   {"identity_verified", true},
                                   {"scope", {{"all_records", true}}}});
    EXPECT_EQ(status, 201) << created.dump();
    return created.value("id", std::int64_t{0});
  }
  // Schedules and runs the deadline scan now.
  void Scan() {
    Result<int> scheduled = DeadlineJobs::ScheduleScans(*store_, clock_);
    ASSERT_TRUE(scheduled) << scheduled.error().ToString();
    Result<JobRunReport> report = runner_->RunOnce();
    ASSERT_TRUE(report) << report.error().ToString();
    EXPECT_EQ(report->done, 1);
    EXPECT_EQ(report->failed + report->retried, 0);
  }
  static std::vector<json> OfKind(const json& items, const std::string& kind) {
    std::vector<json> out;
    for (const json& item : items) {
      if (item["kind"] == kind) out.push_back(item);
    }
    return out;
  }

  render::CairoRenderer renderer_;
  std::unique_ptr<JobRunner> runner_;
  std::unique_ptr<DeadlineJobs> deadlines_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(DeadlinesTest, Backends, contract::ImplementationNames);

TYPED_TEST(DeadlinesTest, ExtensionMovesTheDueDateOnceWithAWrittenNotice) {
  std::int64_t id = this->AccessRequest();
  json created = this->Get(id);
  EXPECT_EQ(created["due_on"], "2025-02-05");
  ASSERT_EQ(this->Act(id, "start_verification", "e1").first, 200);
  this->AdvanceDays(10);
  auto [no_reason, no_reason_body] = this->Act(id, "grant_extension", "e2", "");
  EXPECT_EQ(no_reason, 400) << no_reason_body.dump();
  auto [status, extended] =
      this->Act(id, "grant_extension", "e3", "Records are held in off-site storage.");
  ASSERT_EQ(status, 200) << extended.dump();
  EXPECT_EQ(extended["due_on"], "2025-03-07");
  EXPECT_EQ(extended["state"], "verifying");
  EXPECT_EQ(extended["facts"]["extension"]["new_due_on"], "2025-03-07");
  std::vector<json> letters = DeadlinesTest<TypeParam>::OfKind(extended["letters"], "extension");
  ASSERT_EQ(letters.size(), 1u) << extended["letters"].dump();
  const json& body = letters[0]["body"];
  EXPECT_EQ(body["reason"], "Records are held in off-site storage.");
  EXPECT_EQ(body["original_due_on"], "2025-02-05");
  EXPECT_EQ(body["new_due_on"], "2025-03-07");
  EXPECT_EQ(body["notice_on"], "2025-01-16");
  EXPECT_NE(body.dump().find("164.524"), std::string::npos) << body.dump();

  // Once only; and a change of facts keeps the extension (and the new due date).
  auto [again, again_body] = this->Act(id, "grant_extension", "e4", "Another reason.");
  EXPECT_EQ(again, 409) << again_body.dump();
  auto [patched_status, patched] =
      this->Call("PATCH", "/api/v1/requests/" + std::to_string(id),
                 {{"version", extended["version"]}, {"medium", "portal"}});
  ASSERT_EQ(patched_status, 200) << patched.dump();
  EXPECT_EQ(patched["due_on"], "2025-03-07");

  // Past the first 30 days no extension is given.
  std::int64_t late = this->AccessRequest();
  this->AdvanceDays(31);
  auto [too_late, too_late_body] = this->Act(late, "grant_extension", "l1", "Late reason.");
  EXPECT_EQ(too_late, 409) << too_late_body.dump();
  EXPECT_TRUE(DeadlinesTest<TypeParam>::OfKind(this->Get(late)["letters"], "extension").empty());
}

TYPED_TEST(DeadlinesTest, RemindersBeforeTheDueDateAndEscalationAfter) {
  std::int64_t id = this->AccessRequest();  // Due 2025-02-05.
  ASSERT_EQ(this->Act(id, "start_verification", "r1").first, 200);
  this->AdvanceDays(20);  // 10 days left: nothing yet.
  this->Scan();
  EXPECT_TRUE(this->Get(id)["notices"].empty());
  this->AdvanceDays(7);  // 3 days left: the 5-day reminder.
  this->Scan();
  this->Scan();  // Again: nothing new.
  json request = this->Get(id);
  ASSERT_EQ(request["notices"].size(), 1u) << request["notices"].dump();
  EXPECT_EQ(request["notices"][0]["kind"], "reminder");
  EXPECT_EQ(request["notices"][0]["key"], "5d@2025-02-05");
  this->AdvanceDays(3);  // Due today: the 1-day reminder.
  this->Scan();
  this->AdvanceDays(1);  // Overdue: escalated.
  this->Scan();
  request = this->Get(id);
  ASSERT_EQ(request["notices"].size(), 3u) << request["notices"].dump();
  EXPECT_EQ(request["notices"][1]["key"], "1d@2025-02-05");
  EXPECT_EQ(request["notices"][2]["kind"], "escalation");
  auto [queue_status, queue] = this->Call("GET", "/api/v1/requests?overdue=true");
  ASSERT_EQ(queue_status, 200) << queue.dump();
  ASSERT_EQ(queue["items"].size(), 1u);
  EXPECT_EQ(queue["items"][0]["escalated"], true);
}

TYPED_TEST(DeadlinesTest, PendingInformationExpiresWithALetter) {
  std::int64_t attorney = this->AddRequester("attorney", "Sample Law Office");
  auto [status, created] = this->Call("POST", "/api/v1/requests",
                                      {{"patient_id", this->patient_.value},
                                       {"requester_id", attorney},
                                       {"basis", "authorization"},
                                       {"purpose", "litigation"},
                                       {"written", true},
                                       {"signed", true},
                                       {"scope", {{"all_records", true}}},
                                       {"authorization",
                                        {{"signed", false},
                                         {"expires_on", "2026-01-02"},
                                         {"describes_information", true},
                                         {"names_discloser", true},
                                         {"names_recipient", true},
                                         {"states_purpose", true},
                                         {"revocation_statement", true},
                                         {"conditioning_statement", true},
                                         {"redisclosure_statement", true},
                                         {"covers", {"all_records"}}}}});
  ASSERT_EQ(status, 201) << created.dump();
  std::int64_t id = created["id"];
  ASSERT_EQ(this->Act(id, "start_verification", "x1").first, 200);
  auto [pending_status, pending] = this->Act(id, "request_information", "x2");
  ASSERT_EQ(pending_status, 200) << pending.dump();
  std::vector<json> asked =
      DeadlinesTest<TypeParam>::OfKind(pending["letters"], "pending_information");
  ASSERT_EQ(asked.size(), 1u);
  std::string asked_body = asked[0]["body"].dump();
  EXPECT_NE(asked_body.find("AUTH_UNSIGNED"), std::string::npos) << asked_body;
  EXPECT_EQ(asked[0]["body"]["deficiency_count"],
            std::to_string(pending["decision"]["deficiencies"].size()));

  this->AdvanceDays(59);
  this->Scan();
  EXPECT_EQ(this->Get(id)["state"], "pending_information");
  this->AdvanceDays(1);
  this->Scan();
  this->Scan();
  json expired = this->Get(id);
  EXPECT_EQ(expired["state"], "cancelled");
  EXPECT_EQ(expired["history"].back()["action"], "cancel");
  EXPECT_EQ(expired["history"].back()["actor_id"], 0);
  std::vector<json> letters = DeadlinesTest<TypeParam>::OfKind(expired["letters"], "expiry");
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0]["body"]["deficiency.1.code"], asked[0]["body"]["deficiency.1.code"]);
  EXPECT_EQ(letters[0]["body"]["organization_name"], "Deadline Clinic");
  EXPECT_EQ(letters[0]["body"]["pending_since"], "2025-01-06");
  EXPECT_EQ(DeadlinesTest<TypeParam>::OfKind(expired["notices"], "expiry").size(), 1u);
}

TYPED_TEST(DeadlinesTest, ReleaseWritesTheCoverLetter) {
  std::int64_t id = this->AccessRequest();
  ASSERT_EQ(this->Act(id, "start_verification", "d1").first, 200);
  ASSERT_EQ(this->Act(id, "start_retrieval", "d2").first, 200);
  ASSERT_EQ(this->Act(id, "finish_retrieval", "d3").first, 200);
  auto [released_status, released] = this->Act(id, "release", "d4");
  ASSERT_EQ(released_status, 200) << released.dump();
  std::vector<json> cover = DeadlinesTest<TypeParam>::OfKind(released["letters"], "release_cover");
  ASSERT_EQ(cover.size(), 1u) << released["letters"].dump();
  EXPECT_EQ(cover[0]["body"]["request_number"], released["number"]);
  EXPECT_TRUE(cover[0]["body"].contains("fee_max"));
  EXPECT_TRUE(released["disclosures"].empty());  // Nothing enclosed: nothing disclosed.
}

TYPED_TEST(DeadlinesTest, DenialLetterGivesBasisAndComplaintContacts) {
  std::int64_t attorney = this->AddRequester("attorney", "Sample Law Office");
  auto [status, created] = this->Call("POST", "/api/v1/requests",
                                      {{"patient_id", this->patient_.value},
                                       {"requester_id", attorney},
                                       {"basis", "authorization"},
                                       {"purpose", "litigation"},
                                       {"written", true},
                                       {"signed", true},
                                       {"scope", {{"all_records", true}}},
                                       {"authorization",
                                        {{"signed", true},
                                         {"signed_on", "2024-12-01"},
                                         {"expires_on", "2026-01-02"},
                                         {"describes_information", true},
                                         {"names_discloser", true},
                                         {"names_recipient", true},
                                         {"states_purpose", true},
                                         {"revocation_statement", true},
                                         {"conditioning_statement", true},
                                         {"redisclosure_statement", true},
                                         {"covers", {"all_records"}},
                                         {"revoked_on", "2025-01-02"},
                                         {"revocation_written", true}}}});
  ASSERT_EQ(status, 201) << created.dump();
  ASSERT_EQ(created["decision"]["outcome"], "deny") << created["decision"].dump();
  std::int64_t id = created["id"];
  ASSERT_EQ(this->Act(id, "start_verification", "n1").first, 200);
  auto [denied_status, denied] = this->Act(id, "deny", "n2");
  ASSERT_EQ(denied_status, 200) << denied.dump();
  std::vector<json> letters = DeadlinesTest<TypeParam>::OfKind(denied["letters"], "denial");
  ASSERT_EQ(letters.size(), 1u) << denied["letters"].dump();
  const json& body = letters[0]["body"];
  EXPECT_NE(body.dump().find("AUTH_REVOKED"), std::string::npos) << body.dump();
  EXPECT_EQ(body["complaint.privacy_officer"], "Privacy Officer, 555-0100");
  EXPECT_NE(body["complaint.hhs_ocr"].get<std::string>().find("Office for Civil Rights"),
            std::string::npos);
  EXPECT_TRUE(body.contains("review.available"));
  EXPECT_TRUE(body.contains("citation.1")) << body.dump();

  // The same letter as PDF, the same bytes every time; letters of no request are 404.
  std::string path = "/api/v1/requests/" + std::to_string(id) + "/letters/" +
                     std::to_string(letters[0]["id"].get<std::int64_t>()) + ".pdf";
  ClientResponse pdf = Fetch(this->server_->Port(), "GET", path, "", this->headers_["specialist"]);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.headers["content-type"], "application/pdf");
  EXPECT_EQ(pdf.headers["cache-control"], "no-store");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  EXPECT_EQ(Fetch(this->server_->Port(), "GET", path, "", this->headers_["specialist"]).body,
            pdf.body);
  std::string missing = "/api/v1/requests/" + std::to_string(id) + "/letters/999999.pdf";
  EXPECT_EQ(Fetch(this->server_->Port(), "GET", missing, "", this->headers_["specialist"]).status,
            404);
  EXPECT_EQ(Fetch(this->server_->Port(), "GET", "/api/v1/requests/999999/letters/1.pdf", "",
                  this->headers_["specialist"])
                .status,
            404);
}

}  // namespace
}  // namespace roi::http
