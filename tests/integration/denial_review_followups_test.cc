// Denial-review follow-ups over a real server on a free port, on SQLite and (when
// ROI_TEST_POSTGRES_URL is set) PostgreSQL: a harm determination withdrawn by its maker (or a
// supervisor, never anyone else) stays recorded, is audited, and the request is re-decided without
// it; once a review has decided, it can no longer be withdrawn.  The review's own deadline (30 days
// after the individual asked) gets reminders at the configured days before and an escalation once
// overdue from the deadline scan, once each, also when two servers scan one database at once.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "app/deadline_jobs.h"
#include "app/job_runner.h"
#include "integration/lifecycle_fixture.h"
#include "render/cairo_renderer.h"

namespace roi::http {
namespace {

using nlohmann::json;

template <typename Factory>
class DenialReviewFollowUpsTest : public roi::testing::LifecycleFixture {
 protected:
  DenialReviewFollowUpsTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Follow-up Clinic",
                          .slug = "followups",
                          .patient_mrn = "FU-0001",
                          .password = "denial-followups-password-long",
                          .users = {{.name = "specialist", .role = Role::kRoiSpecialist},
                                    {.name = "clinician", .role = Role::kClinician},
                                    {.name = "colleague", .role = Role::kClinician},
                                    {.name = "reviewer", .role = Role::kClinician},
                                    {.name = "supervisor", .role = Role::kSupervisor}}}) {}
  void Configure(ApiDependencies& dependencies) override { dependencies.renderer = &renderer_; }

  std::pair<long, json> Call(const std::string& who, const std::string& method,
                             const std::string& path, const json& body = nullptr) {
    return CallAs(who, method, path, body);
  }
  static std::string Path(std::int64_t id) { return "/api/v1/requests/" + std::to_string(id); }
  std::pair<long, json> Act(std::int64_t id, const std::string& action, const std::string& key) {
    return Call("specialist", "POST", Path(id) + "/transitions",
                {{"action", action}, {"idempotency_key", key}});
  }
  std::int64_t AddDocument() {
    auto [status, body] = Call("specialist", "POST", "/api/v1/documents",
                               {{"patient_id", patient_.value},
                                {"kind", "progress_note"},
                                {"service_date", "2024-05-01"},
                                {"pages", 2},
                                {"content", "Synthetic content."}});
    EXPECT_EQ(status, 201) << body.dump();
    return body.value("id", std::int64_t{0});
  }
  // The patient's own access request, verified.
  std::int64_t AccessRequest() {
    auto [added, requester] = Call("specialist", "POST", "/api/v1/requesters",
                                   {{"role", "patient"}, {"name", "Testpatient Alpha"}});
    EXPECT_EQ(added, 201) << requester.dump();
    auto [status, created] = Call("specialist", "POST", "/api/v1/requests",
                                  {{"patient_id", patient_.value},
                                   {"requester_id", requester.value("id", std::int64_t{0})},
                                   {"basis", "access"},
                                   {"purpose", "personal"},
                                   {"written", true},
                                   {"signed", true},
                                   {"identity_verified", true},
                                   {"scope", {{"all_records", true}}}});
    EXPECT_EQ(status, 201) << created.dump();
    std::int64_t id = created.value("id", std::int64_t{0});
    EXPECT_EQ(Act(id, "start_verification", "v-" + std::to_string(id)).first, 200);
    return id;
  }
  // The clinician's harm determination on `document`; returns its id.
  std::int64_t Harm(std::int64_t id, std::int64_t document) {
    auto [made, body] = Call("clinician", "POST", Path(id) + "/harm-determinations",
                             {{"document_ids", {document}},
                              {"ground", "endanger_life_or_safety"},
                              {"reasons", "Synthetic: access likely to endanger the patient."}});
    EXPECT_EQ(made, 201) << body.dump();
    return made == 201 ? body["harm_determinations"][0].value("id", std::int64_t{0}) : 0;
  }
  std::pair<long, json> Withdraw(const std::string& who, std::int64_t id, std::int64_t harm,
                                 const std::string& reason) {
    return Call(who, "POST",
                Path(id) + "/harm-determinations/" + std::to_string(harm) + "/withdraw",
                {{"reason", reason}});
  }
  // Denies the request on the harm determination and records the individual's request for
  // review today; returns the review's id.
  std::int64_t DenyAndAskForReview(std::int64_t id) {
    auto [denied, request] = Act(id, "deny", "d-" + std::to_string(id));
    EXPECT_EQ(denied, 200) << request.dump();
    auto [asked, review] =
        Call("specialist", "POST", Path(id) + "/denial-reviews", {{"channel", "mail"}});
    EXPECT_EQ(asked, 201) << review.dump();
    return review.value("id", std::int64_t{0});
  }
  std::vector<json> Notices(std::int64_t id) {
    auto [status, request] = Call("specialist", "GET", Path(id));
    EXPECT_EQ(status, 200) << request.dump();
    std::vector<json> out;
    for (const json& notice : request["notices"]) out.push_back(notice);
    return out;
  }
  // Runs `scans` deadline scans of the organization on two runners, each on its own Store over
  // the one database (as two servers would), at once.
  void ScanOnTwoServers(int scans) {
    for (int i = 0; i < scans; ++i) {
      ASSERT_TRUE(store_->InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
        Result<Job> job = tx.Jobs().Enqueue(Job{.kind = std::string(kDeadlineScanJob),
                                                .payload = "organization_name=Follow-up Clinic\n",
                                                .run_at_micros = clock_.NowMicros()});
        return job ? OkStatus() : Status(job.error());
      }));
    }
    Result<std::unique_ptr<Store>> second = source_.open();
    ASSERT_TRUE(second) << second.error().ToString();
    DeadlineJobs deadlines(clock_, audit_, {.reminder_days = {5, 1}, .pending_expiry_days = 60});
    JobRunner one(*store_, clock_, {.owner = "server-1", .batch = 1, .retry_base_micros = 0});
    JobRunner two(**second, clock_, {.owner = "server-2", .batch = 1, .retry_base_micros = 0});
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
    EXPECT_EQ(done.load(), scans);
    EXPECT_EQ(failed.load(), 0);
  }
  void AdvanceDays(int days) {
    clock_.AdvanceDays(days);
    LoginAll();
  }

  render::CairoRenderer renderer_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(DenialReviewFollowUpsTest, Backends, contract::ImplementationNames);

TYPED_TEST(DenialReviewFollowUpsTest, WithdrawnHarmDeterminationIsKeptAuditedAndReDecided) {
  std::int64_t note = this->AddDocument();
  std::int64_t id = this->AccessRequest();
  std::int64_t harm = this->Harm(id, note);
  ASSERT_GT(harm, 0);
  // Every transition re-decides: the determination withholds the only document, so retrieval is
  // refused.
  auto [refused, refused_body] = this->Act(id, "start_retrieval", "s");
  EXPECT_EQ(refused, 409) << refused_body.dump();

  // Only its maker or a supervisor withdraws it, with a reason.
  EXPECT_EQ(this->Withdraw("colleague", id, harm, "Synthetic.").first, 403);
  EXPECT_EQ(this->Withdraw("specialist", id, harm, "Synthetic.").first, 403);
  auto [no_reason, no_reason_body] = this->Withdraw("clinician", id, harm, "");
  EXPECT_EQ(no_reason, 400) << no_reason_body.dump();
  EXPECT_EQ(this->Withdraw("clinician", id, 999999, "Synthetic.").first, 404);
  auto [withdrawn, body] =
      this->Withdraw("clinician", id, harm, "Synthetic: made on the wrong document.");
  ASSERT_EQ(withdrawn, 200) << body.dump();
  EXPECT_EQ(body["withdrawn"], true);
  EXPECT_EQ(body["in_force"], false);
  EXPECT_EQ(body["withdrawn_by"], this->user_ids_["clinician"]);
  EXPECT_EQ(body["withdrawal_reason"], "Synthetic: made on the wrong document.");
  EXPECT_EQ(this->Withdraw("clinician", id, harm, "again").first, 409);

  // Recorded, not deleted; the stored decision no longer withholds the note.
  auto [read, view] = this->Call("clinician", "GET", this->Path(id) + "/denial-reviews");
  ASSERT_EQ(read, 200);
  ASSERT_EQ(view["harm_determinations"].size(), 1u);
  EXPECT_EQ(view["harm_determinations"][0]["withdrawn"], true);
  EXPECT_TRUE(view["reviewable_document_ids"].empty());
  auto [after_status, after] = this->Call("specialist", "GET", this->Path(id));
  ASSERT_EQ(after_status, 200);
  EXPECT_EQ(after["decision"]["outcome"], "release") << after["decision"].dump();
  auto [retrieving, retrieving_body] = this->Act(id, "start_retrieval", "s2");
  EXPECT_EQ(retrieving, 200) << retrieving_body.dump();

  // Audited: the withdrawal is an event of the request, by the clinician.
  bool audited = false;
  ASSERT_TRUE(this->store_->InTransaction(this->organization_, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> events = tx.Audit().Scan(0, 10000);
    if (!events) return Status(events.error());
    for (const AuditEvent& event : *events) {
      if (event.detail.find("withdraw harm determination") != std::string::npos &&
          event.actor_id == UserId(this->user_ids_["clinician"])) {
        audited = true;
      }
    }
    return OkStatus();
  }));
  EXPECT_TRUE(audited);

  // A new determination on the same document may be made again.
  EXPECT_GT(this->Harm(id, note), 0);
}

TYPED_TEST(DenialReviewFollowUpsTest, SupervisorWithdrawsUntilAReviewHasDecided) {
  std::int64_t note = this->AddDocument();
  std::int64_t id = this->AccessRequest();
  std::int64_t first = this->Harm(id, note);
  std::int64_t review = this->DenyAndAskForReview(id);
  ASSERT_GT(review, 0);
  // While the review is open, a supervisor may withdraw it; the denial may then be reopened.
  auto [withdrawn, body] = this->Withdraw("supervisor", id, first, "Synthetic: not supported.");
  ASSERT_EQ(withdrawn, 200) << body.dump();
  EXPECT_EQ(body["withdrawn_by"], this->user_ids_["supervisor"]);
  auto [reopened, request] = this->Act(id, "reopen", "re");
  ASSERT_EQ(reopened, 200) << request.dump();
  EXPECT_EQ(request["state"], "retrieving");

  // A second request whose review is decided: its determination stands as reviewed.
  std::int64_t other = this->AccessRequest();
  std::int64_t harm = this->Harm(other, note);
  std::int64_t decided = this->DenyAndAskForReview(other);
  std::string path = this->Path(other) + "/denial-reviews/" + std::to_string(decided);
  ASSERT_EQ(this->Call("specialist", "POST", path + "/assignment",
                       {{"reviewer_id", this->user_ids_["reviewer"]}})
                .first,
            200);
  ASSERT_EQ(this->Call("reviewer", "POST", path + "/determination",
                       {{"determination", "uphold"}, {"reasons", "Synthetic: upheld."}})
                .first,
            200);
  auto [late, late_body] = this->Withdraw("clinician", other, harm, "Synthetic: too late.");
  EXPECT_EQ(late, 409) << late_body.dump();
  // Another request's determination is not found through this one.
  EXPECT_EQ(this->Withdraw("clinician", id, harm, "Synthetic.").first, 404);
}

TYPED_TEST(DenialReviewFollowUpsTest, ReviewDeadlineRemindsThenEscalatesOnceOnTwoServers) {
  std::int64_t note = this->AddDocument();
  std::int64_t id = this->AccessRequest();
  this->Harm(id, note);
  ASSERT_GT(this->DenyAndAskForReview(id), 0);
  const std::string due = this->clock_.Today().AddDays(30).ToString();
  auto review_notices = [&](const std::string& kind) {
    std::vector<std::string> keys;
    for (const json& notice : this->Notices(id)) {
      std::string key = notice.value("key", "");
      if (notice["kind"] == kind && key.starts_with("review-")) keys.push_back(key);
    }
    return keys;
  };
  // Nothing while the due date is far.
  this->ScanOnTwoServers(2);
  EXPECT_TRUE(review_notices("reminder").empty());

  // 3 days left: the 5-day reminder, once though six scans ran on two servers.
  this->AdvanceDays(27);
  this->ScanOnTwoServers(6);
  std::vector<std::string> reminders = review_notices("reminder");
  ASSERT_EQ(reminders.size(), 1u);
  EXPECT_TRUE(reminders[0].ends_with(":5d@" + due)) << reminders[0];

  // 1 day left: the 1-day reminder; then overdue: one escalation, shown in the work queue.
  this->AdvanceDays(2);
  this->ScanOnTwoServers(4);
  EXPECT_EQ(review_notices("reminder").size(), 2u);
  this->AdvanceDays(2);
  this->ScanOnTwoServers(6);
  std::vector<std::string> escalations = review_notices("escalation");
  ASSERT_EQ(escalations.size(), 1u);
  EXPECT_TRUE(escalations[0].ends_with(":overdue@" + due)) << escalations[0];
  EXPECT_EQ(review_notices("reminder").size(), 2u);
  auto [listed, queue] = this->Call("supervisor", "GET", "/api/v1/requests?status=denied&limit=50");
  ASSERT_EQ(listed, 200) << queue.dump();
  bool escalated = false;
  for (const json& item : queue["items"]) {
    if (item.value("id", std::int64_t{0}) == id) escalated = item.value("escalated", false);
  }
  EXPECT_TRUE(escalated) << queue.dump();

  // Later scans raise nothing more for the same due date.
  this->AdvanceDays(1);
  this->ScanOnTwoServers(2);
  EXPECT_EQ(review_notices("escalation").size(), 1u);
}

}  // namespace
}  // namespace roi::http
