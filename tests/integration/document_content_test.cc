// The document store over a real server on a free port, on SQLite and (when
// ROI_TEST_POSTGRES_URL is set) PostgreSQL: upload and download round trips with equal bytes and
// the right headers, dedupe, hostile uploads refused with nothing stored, the body limit, and
// another organization's download answered 404.
#include <gtest/gtest.h>

#include <climits>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/auth_service.h"
#include "app/document_store.h"
#include "app/user_service.h"
#include "contract/store_factories.h"
#include "crypto/content_cipher.h"
#include "crypto/sodium.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "http/api.h"
#include "http/server.h"
#include "integration/http_client.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/synthetic_files.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

constexpr const char* kPassword = "documents-password-long";

template <typename Factory>
class DocumentContentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::optional<std::string> skip = factory_.SkipReason()) GTEST_SKIP() << *skip;
    Result<std::unique_ptr<Store>> opened = factory_.Open();
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->Migrate());
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    documents_ = std::make_unique<DocumentStore>(*store_, *vault_, *cipher_, spooler_, pdf_, clock_,
                                                 audit_, DocumentStoreOptions{});
    users_ = std::make_unique<UserService>(*store_, hasher_, audit_);
    auth_ = std::make_unique<AuthService>(*store_, clock_, hasher_, tokens_, audit_);
    for (const char* slug : {"clinic-a", "clinic-b"}) {
      OrganizationId id;
      ASSERT_TRUE(store_->InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
        Result<Organization> org = tx.Organizations().Insert(
            Organization{.name = std::string("Clinic ") + slug, .slug = slug, .state = "CA"});
        if (!org) return Status(org.error());
        id = org->id;
        return OkStatus();
      }));
      ASSERT_TRUE(store_->InTransaction(id, TxMode::kWrite, [&](Transaction& tx) {
        Result<Patient> patient = tx.Patients().Insert(
            Patient{.mrn = "DC-0001", .given_name = "Testpatient", .family_name = "Alpha"});
        if (!patient) return Status(patient.error());
        (std::string(slug) == "clinic-a" ? patient_a_ : patient_b_) = patient->id;
        return OkStatus();
      }));
      ASSERT_TRUE(users_->AddUser(
          {.organization = slug,
           .email = "specialist@example.test",
           .display_name = "Sam Specialist",
           .role = Role::kRoiSpecialist},
          kPassword, AuditActor{.id = {}, .label = "test setup", .remote_address = ""}));
    }
    organization_a_ = *FindOrganizationId(*store_, "clinic-a");
    api_ = std::make_unique<Api>(ApiDependencies{
        .store = *store_, .auth = auth_.get(), .clock = &clock_, .documents = documents_.get()});
    Result<std::unique_ptr<Server>> started =
        Server::Start({.port = 0,
                       .threads = 2,
                       .max_body_bytes = 1 << 20,
                       .max_stream_body_bytes = 4 << 20,
                       .read_timeout_seconds = 2},
                      api_->Routes(), api_->Metrics(), nullptr);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(started).value();
    thread_ = std::thread([this] { server_->Run(); });
    headers_a_ = Login("clinic-a");
    headers_b_ = Login("clinic-b");
  }
  void TearDown() override {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }

  std::vector<std::string> Login(const std::string& slug) {
    ClientResponse login = Fetch(
        server_->Port(), "POST", "/api/v1/auth/login",
        json{{"organization", slug}, {"email", "specialist@example.test"}, {"password", kPassword}}
            .dump(),
        {"Content-Type: application/json"});
    EXPECT_EQ(login.status, 200) << login.body;
    std::string cookie = login.headers["set-cookie"];
    return {"Cookie: " + cookie.substr(0, cookie.find(';')),
            "X-CSRF-Token: " + json::parse(login.body)["csrf_token"].get<std::string>()};
  }

  ClientResponse UploadAs(const std::vector<std::string>& headers, PatientId patient,
                          const std::string& bytes, const std::string& content_type,
                          const std::string& query = "kind=progress_note") {
    std::vector<std::string> all = headers;
    all.push_back("Content-Type: " + content_type);
    return Fetch(
        server_->Port(), "POST",
        "/api/v1/patients/" + std::to_string(patient.value) + "/documents/content?" + query, bytes,
        all);
  }
  ClientResponse Upload(const std::string& bytes,
                        const std::string& content_type = "application/octet-stream") {
    return UploadAs(headers_a_, patient_a_, bytes, content_type);
  }
  ClientResponse Download(std::int64_t id, const std::vector<std::string>& headers) {
    return Fetch(server_->Port(), "GET", "/api/v1/documents/" + std::to_string(id) + "/content", "",
                 headers);
  }
  // Documents of patient A and content items of organization A.
  std::pair<std::size_t, std::size_t> Stored() {
    std::pair<std::size_t, std::size_t> counts;
    EXPECT_TRUE(store_->InTransaction(organization_a_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<Document>> documents = tx.Documents().ListForPatient(patient_a_);
      if (!documents) return Status(documents.error());
      Result<std::vector<ContentId>> contents =
          tx.Contents().ListBelowKeyVersion(INT_MAX, ContentId(), 1000);
      if (!contents) return Status(contents.error());
      counts = {documents->size(), contents->size()};
      return OkStatus();
    }));
    return counts;
  }

  Factory factory_;
  std::unique_ptr<Store> store_;
  roi::testing::FakeClock clock_;
  roi::testing::FakePasswordHasher hasher_;
  roi::testing::FakeTokenSource tokens_;
  roi::testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_;
  std::unique_ptr<DocumentStore> documents_;
  std::unique_ptr<UserService> users_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  OrganizationId organization_a_;
  PatientId patient_a_;
  PatientId patient_b_;
  std::vector<std::string> headers_a_;
  std::vector<std::string> headers_b_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(DocumentContentTest, Backends, contract::ImplementationNames);

TYPED_TEST(DocumentContentTest, UploadThenDownloadReturnsTheSameBytes) {
  std::string pdf = roi::testing::SyntheticPdf(4);
  ClientResponse uploaded =
      this->UploadAs(this->headers_a_, this->patient_a_, pdf, "application/pdf",
                     "kind=progress_note&service_date=2024-05-06&labels=hiv");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  json body = json::parse(uploaded.body);
  EXPECT_EQ(body["file"]["media_type"], "application/pdf");
  EXPECT_EQ(body["file"]["pages"], 4);
  EXPECT_EQ(body["file"]["size"], pdf.size());
  EXPECT_EQ(body["document"]["pages"], 4);
  EXPECT_EQ(body["document"]["service_date"], "2024-05-06");
  EXPECT_EQ(body["document"]["labels"], json::array({"hiv"}));
  EXPECT_EQ(body["deduplicated"], false);
  std::int64_t id = body["document"]["id"];
  ClientResponse downloaded = this->Download(id, this->headers_a_);
  ASSERT_EQ(downloaded.status, 200) << downloaded.body;
  EXPECT_EQ(downloaded.body, pdf);
  EXPECT_EQ(downloaded.headers["content-type"], "application/pdf");
  EXPECT_EQ(downloaded.headers["content-disposition"],
            "attachment; filename=\"document-" + std::to_string(id) + ".pdf\"");
  EXPECT_EQ(downloaded.headers["x-content-type-options"], "nosniff");
  // Binary content survives too.
  std::string png = roi::testing::SyntheticPng();
  ClientResponse image = this->Upload(png, "image/png");
  ASSERT_EQ(image.status, 201) << image.body;
  ClientResponse image_back =
      this->Download(json::parse(image.body)["document"]["id"], this->headers_a_);
  EXPECT_EQ(image_back.body, png);
  EXPECT_EQ(image_back.headers["content-type"], "image/png");
}

TYPED_TEST(DocumentContentTest, SameBytesTwiceAreStoredOnce) {
  std::string text = "Synthetic note for Testpatient Alpha.\n";
  ClientResponse first = this->Upload(text, "text/plain; charset=utf-8");
  ClientResponse second = this->Upload(text);
  ASSERT_EQ(first.status, 201) << first.body;
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(json::parse(second.body)["deduplicated"], true);
  EXPECT_EQ(json::parse(first.body)["file"], json::parse(second.body)["file"]);
  EXPECT_EQ(this->Stored(), (std::pair<std::size_t, std::size_t>{2, 1}));
  for (const ClientResponse& r : {first, second}) {
    ClientResponse back = this->Download(json::parse(r.body)["document"]["id"], this->headers_a_);
    EXPECT_EQ(back.body, text);
  }
}

TYPED_TEST(DocumentContentTest, HostileUploadsAreRefusedAndNothingIsStored) {
  std::string pdf = roi::testing::SyntheticPdf(1);
  std::string png = roi::testing::SyntheticPng();
  std::string bad_crc = png;
  bad_crc[bad_crc.size() - 20] ^= 0x40;
  std::string jpeg = roi::testing::SyntheticJpeg();
  std::vector<std::pair<std::string, std::string>> hostile = {
      {pdf.substr(0, pdf.size() / 2), "application/pdf"},
      {"%PDF-1.4\nnot really\n%%EOF\n", "application/octet-stream"},
      {roi::testing::DeepPageTreePdf(200), "application/pdf"},
      {roi::testing::DeeplyNestedPdf(5000), "application/pdf"},
      {bad_crc, "image/png"},
      {png.substr(0, png.size() - 6), "image/png"},
      {jpeg.substr(0, jpeg.size() - 2), "image/jpeg"},
      {png, "application/pdf"},            // Declared type disagrees.
      {"plain words", "application/zip"},  // Unsupported declared type.
      {std::string("PK\x03\x04zzzz", 8), "application/octet-stream"},
      {"", "text/plain"},
  };
  for (const auto& [bytes, type] : hostile) {
    ClientResponse response = this->Upload(bytes, type);
    EXPECT_EQ(response.status, 400) << type << ": " << response.body;
    EXPECT_EQ(json::parse(response.body)["error"]["code"], "INVALID_ARGUMENT") << response.body;
  }
  EXPECT_EQ(this->Stored(), (std::pair<std::size_t, std::size_t>{0, 0}));
}

// The upload route streams its body: past the 1 MiB limit of buffered bodies, up to the 4 MiB
// stream limit (the document size limit in production).
TYPED_TEST(DocumentContentTest, UploadsStreamPastTheBufferedBodyLimit) {
  std::string text;
  while (text.size() < (3u << 20)) text += "Synthetic line " + std::to_string(text.size()) + "\n";
  ClientResponse uploaded = this->Upload(text, "text/plain");
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  json body = json::parse(uploaded.body);
  EXPECT_EQ(body["file"]["size"], text.size());
  ClientResponse back = this->Download(body["document"]["id"], this->headers_a_);
  ASSERT_EQ(back.status, 200);
  EXPECT_TRUE(back.body == text);
  // Buffered routes keep their limit.
  ClientResponse json_route = Fetch(this->server_->Port(), "POST", "/api/v1/documents",
                                    std::string((1 << 20) + 10, ' '), this->headers_a_);
  EXPECT_EQ(json_route.status, 413);
}

TYPED_TEST(DocumentContentTest, BodiesAboveTheStreamLimitGet413AndLeaveNothing) {
  ClientResponse response = this->Upload(std::string((4 << 20) + 10, 'a'), "text/plain");
  EXPECT_EQ(response.status, 413) << response.body;
  EXPECT_EQ(this->Stored(), (std::pair<std::size_t, std::size_t>{0, 0}));
  // The server is still there for the next request.
  EXPECT_EQ(this->Upload("a short note\n", "text/plain").status, 201);
}

TYPED_TEST(DocumentContentTest, ClientGoingAwayMidUploadLeavesNothing) {
  std::string raw = "POST /api/v1/patients/" + std::to_string(this->patient_a_.value) +
                    "/documents/content?kind=progress_note HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: text/plain\r\nContent-Length: 200000\r\n";
  for (const std::string& header : this->headers_a_) raw += header + "\r\n";
  raw += "\r\n" + std::string(50'000, 'x');
  // The server waits for the rest until its read timeout, then drops the upload.
  std::string answer = roi::testing::RawExchange(this->server_->Port(), raw, 4000);
  EXPECT_EQ(answer.find("201"), std::string::npos) << answer;
  EXPECT_EQ(this->Stored(), (std::pair<std::size_t, std::size_t>{0, 0}));
  EXPECT_EQ(this->Upload("after the timeout\n", "text/plain").status, 201);
}

TYPED_TEST(DocumentContentTest, AnotherOrganizationGets404) {
  ClientResponse uploaded = this->Upload(roi::testing::SyntheticCcda());
  ASSERT_EQ(uploaded.status, 201) << uploaded.body;
  EXPECT_EQ(json::parse(uploaded.body)["file"]["media_type"], "application/xml");
  std::int64_t id = json::parse(uploaded.body)["document"]["id"];
  ClientResponse theirs = this->Download(id, this->headers_b_);
  EXPECT_EQ(theirs.status, 404) << theirs.body;
  EXPECT_EQ(theirs.body.find("ClinicalDocument"), std::string::npos);
  // Nor may they upload to organization A's patient.
  ClientResponse cross = this->UploadAs(this->headers_b_, this->patient_a_, "a note", "text/plain");
  EXPECT_EQ(cross.status, 404) << cross.body;
  EXPECT_EQ(this->Download(999999, this->headers_a_).status, 404);
  EXPECT_EQ(this->Download(id, {}).status, 401);
}

TYPED_TEST(DocumentContentTest, MissingKindIsABadRequest) {
  ClientResponse response =
      this->UploadAs(this->headers_a_, this->patient_a_, "a note", "text/plain", "labels=hiv");
  EXPECT_EQ(response.status, 400) << response.body;
}

}  // namespace
}  // namespace roi::http
