// Review of a denial asked for after the denial (45 CFR 164.524(a)(4), (d)(4)) over a real server
// on a free port, on SQLite and (when ROI_TEST_POSTGRES_URL is set) PostgreSQL: a patient's access
// request denied on a licensed professional's harm determination; the patient asks for a review;
// a user who took part in the denial is refused as reviewer; another clinician overturns it, the
// request reopens and the record is released with its disclosure-log entry.  A second denial is
// upheld and its result letter renders as PDF.  A denial on an unreviewable ground offers none.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/lifecycle_fixture.h"
#include "render/cairo_renderer.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

template <typename Factory>
class DenialReviewTest : public roi::testing::LifecycleFixture {
 protected:
  DenialReviewTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Denial Review Clinic",
                          .slug = "denials",
                          .patient_mrn = "DR-0001",
                          .password = "denial-review-password-long",
                          .users = {{.name = "specialist", .role = Role::kRoiSpecialist},
                                    {.name = "clinician", .role = Role::kClinician},
                                    {.name = "reviewer", .role = Role::kClinician}}}) {}
  void Configure(ApiDependencies& dependencies) override { dependencies.renderer = &renderer_; }

  std::pair<long, json> Call(const std::string& who, const std::string& method,
                             const std::string& path, const json& body = nullptr) {
    return CallAs(who, method, path, body);
  }
  std::pair<long, json> Act(std::int64_t id, const std::string& action, const std::string& key) {
    return Call("specialist", "POST", Path(id) + "/transitions",
                {{"action", action}, {"idempotency_key", key}});
  }
  static std::string Path(std::int64_t id) { return "/api/v1/requests/" + std::to_string(id); }

  std::int64_t AddDocument(const std::string& kind) {
    auto [status, body] = Call("specialist", "POST", "/api/v1/documents",
                               {{"patient_id", patient_.value},
                                {"kind", kind},
                                {"service_date", "2024-05-01"},
                                {"pages", 3},
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
  // A clinician's harm determination on `document`, then the denial.
  void DenyOnHarm(std::int64_t id, std::int64_t document) {
    auto [made, body] = Call("clinician", "POST", Path(id) + "/harm-determinations",
                             {{"document_ids", {document}},
                              {"ground", "endanger_life_or_safety"},
                              {"reasons", "Synthetic: access likely to endanger the patient."}});
    ASSERT_EQ(made, 201) << body.dump();
    auto [denied, request] = Act(id, "deny", "d-" + std::to_string(id));
    ASSERT_EQ(denied, 200) << request.dump();
    ASSERT_EQ(request["state"], "denied");
    EXPECT_EQ(request["decision"]["denial_reviewable"], true) << request["decision"].dump();
    EXPECT_EQ(request["letters"].back()["body"]["review.available"], "yes");
  }
  // Asks for the review and assigns `reviewer`; returns the review's path.
  std::string RequestAndAssign(std::int64_t id, const std::string& reviewer) {
    auto [asked, review] = Call("specialist", "POST", Path(id) + "/denial-reviews",
                                {{"channel", "mail"}, {"note", "Letter from the patient."}});
    EXPECT_EQ(asked, 201) << review.dump();
    std::string path =
        Path(id) + "/denial-reviews/" + std::to_string(review.value("id", std::int64_t{0}));
    auto [assigned, body] =
        Call("specialist", "POST", path + "/assignment", {{"reviewer_id", user_ids_[reviewer]}});
    EXPECT_EQ(assigned, 200) << body.dump();
    return path;
  }

  render::CairoRenderer renderer_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(DenialReviewTest, Backends, contract::ImplementationNames);

TYPED_TEST(DenialReviewTest, OverturnedByAnotherProfessionalAndReleased) {
  std::int64_t note = this->AddDocument("progress_note");
  std::int64_t id = this->AccessRequest();
  std::string reviews = this->Path(id) + "/denial-reviews";
  // No review before a denial.
  auto [early, early_body] = this->Call("specialist", "POST", reviews, {{"channel", "mail"}});
  EXPECT_EQ(early, 409) << early_body.dump();
  // Only a licensed professional records a harm determination.
  EXPECT_EQ(
      this->Call(
              "specialist", "POST", this->Path(id) + "/harm-determinations",
              {{"document_ids", {note}}, {"ground", "endanger_life_or_safety"}, {"reasons", "x"}})
          .first,
      403);
  this->DenyOnHarm(id, note);

  auto [asked, review] = this->Call("specialist", "POST", reviews,
                                    {{"requested_on", this->clock_.Today().ToString()},
                                     {"channel", "portal"},
                                     {"note", "Asked through the portal."}});
  ASSERT_EQ(asked, 201) << review.dump();
  EXPECT_EQ(review["status"], "open");
  EXPECT_EQ(review["due_on"], this->clock_.Today().AddDays(30).ToString());
  EXPECT_EQ(this->Call("specialist", "POST", reviews, {{"channel", "mail"}}).first, 409);
  std::string path = reviews + "/" + std::to_string(review["id"].template get<std::int64_t>());

  // The request stays denied and cannot be closed while the review is open.
  auto [closing, closing_body] = this->Act(id, "close", "c-early");
  EXPECT_EQ(closing, 409) << closing_body.dump();

  // Those who took part in the denial may not review it; nor may a non-professional.
  auto [view_status, view] = this->Call("clinician", "GET", reviews);
  ASSERT_EQ(view_status, 200) << view.dump();
  EXPECT_EQ(view["reviewable_document_ids"], json::array({note}));
  EXPECT_EQ(view["participants"].size(), 2u) << view.dump();
  auto [maker, maker_body] = this->Call("specialist", "POST", path + "/assignment",
                                        {{"reviewer_id", this->user_ids_["clinician"]}});
  EXPECT_EQ(maker, 409) << maker_body.dump();
  EXPECT_NE(maker_body.dump().find("took part in the original denial"), std::string::npos);
  EXPECT_EQ(this->Call("specialist", "POST", path + "/assignment",
                       {{"reviewer_id", this->user_ids_["specialist"]}})
                .first,
            403);
  auto [assigned, assigned_body] = this->Call("specialist", "POST", path + "/assignment",
                                              {{"reviewer_id", this->user_ids_["reviewer"]}});
  ASSERT_EQ(assigned, 200) << assigned_body.dump();

  // Only the assigned reviewer decides.
  EXPECT_EQ(this->Call("clinician", "POST", path + "/determination",
                       {{"determination", "overturn"}, {"reasons", "x"}})
                .first,
            409);
  auto [decided, result] =
      this->Call("reviewer", "POST", path + "/determination",
                 {{"determination", "overturn"},
                  {"reasons", "Synthetic: on review, access is not likely to endanger anyone."}});
  ASSERT_EQ(decided, 200) << result.dump();
  EXPECT_EQ(result["review"]["determination"], "overturned");
  EXPECT_EQ(result["state"], "retrieving") << result.dump();
  EXPECT_EQ(result["reopen_error"], "");

  auto [got, request] = this->Call("specialist", "GET", this->Path(id));
  ASSERT_EQ(got, 200);
  EXPECT_EQ(request["decision"]["outcome"], "release") << request["decision"].dump();
  EXPECT_EQ(request["letters"].back()["kind"], "denial_review");
  EXPECT_EQ(request["letters"].back()["body"]["determination"], "overturned");
  ASSERT_EQ(this->Act(id, "finish_retrieval", "f").first, 200);
  auto [released, done] = this->Act(id, "release", "r");
  ASSERT_EQ(released, 200) << done.dump();
  EXPECT_EQ(done["state"], "released");
  ASSERT_EQ(done["disclosures"].size(), 1u) << done.dump();
  EXPECT_EQ(done["disclosures"][0]["request_id"], id);
  auto [after_status, after] = this->Call("clinician", "GET", reviews);
  ASSERT_EQ(after_status, 200);
  EXPECT_EQ(after["harm_determinations"][0]["in_force"], false) << after.dump();
  EXPECT_TRUE(after["reviewable_document_ids"].empty());
}

TYPED_TEST(DenialReviewTest, TheViewListsThePatientsDocumentsWithoutTheirText) {
  std::int64_t note = this->AddDocument("progress_note");
  std::int64_t id = this->AccessRequest();
  // A clinician, who may not read the request, learns which documents a determination may name.
  auto [status, view] = this->Call("clinician", "GET", this->Path(id) + "/denial-reviews");
  ASSERT_EQ(status, 200) << view.dump();
  ASSERT_TRUE(view["documents"].is_array()) << view.dump();
  const json* found = nullptr;
  for (const json& d : view["documents"]) {
    if (d["id"] == note) found = &d;
  }
  ASSERT_NE(found, nullptr) << view.dump();
  EXPECT_EQ((*found)["kind"], "progress_note");
  EXPECT_EQ((*found)["service_date"], "2024-05-01");
  EXPECT_EQ((*found)["pages"], 3);
  EXPECT_FALSE(found->contains("content"));
  EXPECT_EQ(view.dump().find("Synthetic content."), std::string::npos);
  // The view's documents are the ones a determination may name.
  auto [made, body] = this->Call("clinician", "POST", this->Path(id) + "/harm-determinations",
                                 {{"document_ids", {note}},
                                  {"ground", "harm_to_referenced_person"},
                                  {"reasons", "Synthetic: names a third person at risk."}});
  ASSERT_EQ(made, 201) << body.dump();
  EXPECT_EQ(body["harm_determinations"][0]["cite"], "45 CFR 164.524(a)(3)(ii)");
}

TYPED_TEST(DenialReviewTest, UpheldWithAResultLetter) {
  std::int64_t note = this->AddDocument("progress_note");
  std::int64_t id = this->AccessRequest();
  this->DenyOnHarm(id, note);
  std::string path = this->RequestAndAssign(id, "reviewer");
  auto [decided, result] =
      this->Call("reviewer", "POST", path + "/determination",
                 {{"determination", "uphold"}, {"reasons", "Synthetic: the risk remains."}});
  ASSERT_EQ(decided, 200) << result.dump();
  EXPECT_EQ(result["review"]["determination"], "upheld");
  EXPECT_EQ(result["state"], "denied");
  EXPECT_EQ(this->Call("reviewer", "POST", path + "/determination",
                       {{"determination", "overturn"}, {"reasons", "again"}})
                .first,
            409);

  auto [got, request] = this->Call("specialist", "GET", this->Path(id));
  ASSERT_EQ(got, 200);
  EXPECT_EQ(request["decision"]["outcome"], "deny");
  const json letter = request["letters"].back();
  EXPECT_EQ(letter["kind"], "denial_review");
  EXPECT_EQ(letter["body"]["determination"], "upheld");
  EXPECT_EQ(letter["body"]["reasons"], "Synthetic: the risk remains.");
  ClientResponse pdf = Fetch(this->server_->Port(), "GET",
                             this->Path(id) + "/letters/" +
                                 std::to_string(letter["id"].template get<std::int64_t>()) + ".pdf",
                             "", this->headers_["specialist"]);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  // A reopen is refused after an uphold; closing is allowed once the review is decided.
  EXPECT_EQ(this->Act(id, "reopen", "o").first, 409);
  auto [closed, closed_body] = this->Act(id, "close", "c");
  ASSERT_EQ(closed, 200) << closed_body.dump();
}

TYPED_TEST(DenialReviewTest, NoReviewForAnUnreviewableGround) {
  this->AddDocument("psychotherapy_note");
  std::int64_t id = this->AccessRequest();
  auto [denied, request] = this->Act(id, "deny", "d");
  ASSERT_EQ(denied, 200) << request.dump();
  EXPECT_EQ(request["decision"]["denial_reviewable"], false) << request["decision"].dump();
  std::string reviews = this->Path(id) + "/denial-reviews";
  auto [view_status, view] = this->Call("clinician", "GET", reviews);
  ASSERT_EQ(view_status, 200);
  EXPECT_FALSE(view["review_available"].template get<bool>());
  EXPECT_NE(view["unavailable_reason"].template get<std::string>().find("not reviewable"),
            std::string::npos);
  auto [asked, body] = this->Call("specialist", "POST", reviews, {{"channel", "mail"}});
  EXPECT_EQ(asked, 409) << body.dump();
  EXPECT_NE(body.dump().find("164.524(a)(2)"), std::string::npos) << body.dump();
}

}  // namespace
}  // namespace roi::http
