// POST /api/v1/detect and POST /api/v1/documents/{id}/scan through the dispatcher, with the
// repository's lexicons and an in-memory store.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/document_scan_service.h"
#include "detect/hyperscan_detector.h"
#include "http/api.h"
#include "http/dispatch.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

using nlohmann::json;

struct Fixture {
  testing::InMemoryStore store;
  testing::FakeClock clock;
  testing::FakeAuditHasher hasher;
  AuditTrail audit{clock, hasher};
  std::unique_ptr<detect::HyperscanDetector> detector;
  std::unique_ptr<DocumentScanService> scans;
  Router router;
  OrganizationId organization;
  DocumentId document;
};

// A router with the detection routes, one organization and one document labelled "hiv" whose
// text also mentions heroin.  The caller's role comes from the X-Test-Role header.
std::unique_ptr<Fixture> MakeFixture() {
  auto f = std::make_unique<Fixture>();
  EXPECT_TRUE(f->store.Migrate());
  Result<std::unique_ptr<detect::HyperscanDetector>> detector =
      detect::LoadDetector(OPENROI_LEXICON_DIR);
  EXPECT_TRUE(detector);
  f->detector = std::move(*detector);
  f->scans = std::make_unique<DocumentScanService>(f->store, *f->detector, f->audit);
  AddDetectRoutes(f->router, *f->scans);
  EXPECT_TRUE(f->store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
    Result<Organization> org =
        tx.Organizations().Insert({.name = "Detect Org", .slug = "detect", .state = "CA"});
    if (!org) return Status(org.error());
    f->organization = org->id;
    return OkStatus();
  }));
  EXPECT_TRUE(f->store.InTransaction(f->organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Patient> patient = tx.Patients().Insert({.mrn = "MRN-1",
                                                    .given_name = "Testpatient",
                                                    .family_name = "Alpha",
                                                    .birth_date = *Date::FromYmd(1980, 1, 1)});
    if (!patient) return Status(patient.error());
    Result<Document> document =
        tx.Documents().Insert({.patient_id = patient->id,
                               .kind = "progress_note",
                               .labels = {"hiv"},
                               .content = "HIV on Biktarvy. Past heroin use."});
    if (!document) return Status(document.error());
    f->document = document->id;
    return OkStatus();
  }));
  OrganizationId organization = f->organization;
  f->router.SetAuthenticator([organization](const HttpRequest& request) -> Result<Principal> {
    Result<Role> role = ParseRole(request.Header("x-test-role"));
    if (!role) return UnauthenticatedError("sign in first");
    Principal principal;
    principal.user.role = *role;
    principal.organization = organization;
    return principal;
  });
  return f;
}

HttpResponse Post(const Router& router, const std::string& path, const std::string& body,
                  const std::string& role = "roi_specialist") {
  HttpRequest request;
  request.method = "POST";
  request.path = request.target = path;
  request.body = body;
  request.headers.emplace("content-type", "application/json");
  request.headers.emplace("x-test-role", role);
  int route = -1;
  return Dispatch(router, request, route);
}

TEST(DetectRoutesTest, DetectAnswersLabelsAndSpans) {
  auto f = MakeFixture();
  HttpResponse response =
      Post(f->router, "/api/v1/detect", R"({"text": "HIV and heroin; SSN 123-45-6789."})");
  ASSERT_EQ(response.status, 200) << response.body;
  json body = json::parse(response.body);
  EXPECT_EQ(body["suggested_labels"], json({"hiv", "sud"}));
  ASSERT_EQ(body["spans"].size(), 3u);
  EXPECT_EQ(
      body["spans"][0],
      json({{"begin", 0}, {"end", 3}, {"category", "hiv"}, {"label", "hiv"}, {"term", "hiv"}}));
  EXPECT_EQ(body["spans"][2]["category"], "identifier");
  EXPECT_EQ(body["spans"][2]["begin"], 20);
  EXPECT_EQ(body["truncated"], false);
}

TEST(DetectRoutesTest, DetectRefusesABodyWithoutText) {
  auto f = MakeFixture();
  EXPECT_EQ(Post(f->router, "/api/v1/detect", R"({"text": 5})").status, 400);
  EXPECT_EQ(Post(f->router, "/api/v1/detect", "not json").status, 400);
  HttpResponse empty = Post(f->router, "/api/v1/detect", R"({"text": ""})");
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(json::parse(empty.body)["spans"], json::array());
}

TEST(DetectRoutesTest, ScanningADocumentNamesTheLabelsItLacks) {
  auto f = MakeFixture();
  std::string path = "/api/v1/documents/" + std::to_string(f->document.value) + "/scan";
  HttpResponse response = Post(f->router, path, "");
  ASSERT_EQ(response.status, 200) << response.body;
  json body = json::parse(response.body);
  EXPECT_EQ(body["document_id"], f->document.value);
  EXPECT_EQ(body["labels"], json({"hiv"}));
  EXPECT_EQ(body["suggested_labels"], json({"hiv", "sud"}));
  EXPECT_EQ(body["missing_labels"], json({"sud"}));
  EXPECT_EQ(Post(f->router, "/api/v1/documents/999/scan", "").status, 404);
  EXPECT_EQ(Post(f->router, "/api/v1/documents/abc/scan", "").status, 404);
}

TEST(DetectRoutesTest, RolesWithoutReviewRecordsAreRefused) {
  auto f = MakeFixture();
  HttpResponse response = Post(f->router, "/api/v1/detect", R"({"text": "HIV"})", "requester");
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("review_records"), std::string::npos);
}

}  // namespace
}  // namespace roi::http
