// Portal follow-ups over the real Api (in memory): staff re-match a request from a portal
// submission's pending-match patient to the right patient (the portal's authorization upload
// moves with it, the request is re-decided, the pending patient is merged, all audited, retries
// are harmless); a portal user downloads their own released packet with the access code under
// the link's rules; and the authorization upload is a document of kind "authorization" that the
// decision never releases as a record.  docs/portal.md, docs/lifecycle.md.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "crypto/content_cipher.h"
#include "crypto/otp.h"
#include "crypto/sodium.h"
#include "delivery_fixture.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "http/api.h"
#include "http/dispatch.h"
#include "policy/engine.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"
#include "testing/synthetic_files.h"

namespace roi::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "portal-test-password-long";

struct Session {
  std::string cookie;
  std::string csrf;
};

struct Answer {
  int status = 0;
  json body;
  std::string raw;
  std::map<std::string, std::string> headers;
};

class PortalFollowupsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Portal Clinic", .slug = "portalclinic", .state = "CA"});
      if (org) organization_ = org->id;
      return org ? OkStatus() : Status(org.error());
    }));
    ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = "PT-0001",
                                       .given_name = "Ann",
                                       .family_name = "Testpatient Ann",
                                       .birth_date = *Date::FromYmd(1990, 1, 2)});
      if (!patient) return Status(patient.error());
      real_patient_ = patient->id;
      Result<Document> note = tx.Documents().Insert(Document{.patient_id = real_patient_,
                                                             .kind = "progress_note",
                                                             .author = "Synthetic Clinician",
                                                             .pages = 2,
                                                             .content = "Synthetic visit note."});
      if (!note) return Status(note.error());
      real_note_ = note->id;
      return OkStatus();
    }));
    for (auto [name, role] :
         {std::pair{"specialist", Role::kRoiSpecialist}, std::pair{"billing", Role::kBilling}}) {
      ASSERT_TRUE(users_.AddUser({.organization = "portalclinic",
                                  .email = std::string(name) + "@portal.example.test",
                                  .display_name = std::string("Synthetic ") + name,
                                  .role = role},
                                 kPassword, {.id = {}, .label = "test setup"}));
      sessions_[name] = SignIn(std::string(name) + "@portal.example.test");
    }
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    documents_ = std::make_unique<DocumentStore>(store_, *vault_, *cipher_, spooler_, pdf_pages_,
                                                 clock_, audit_);
    links_ = std::make_unique<SecretBox>(*cipher_, *vault_);
    deliveries_ = std::make_unique<DeliveryService>(
        store_, *vault_, packets_, hasher_, tokens_, otp_, clock_, audit_,
        DeliveryOptions{.link_days = 14, .max_downloads = 3}, *links_);
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .rules = rules_.get(),
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .users = &users_,
                                                 .audit = &audit_,
                                                 .documents = documents_.get(),
                                                 .deliveries = deliveries_.get(),
                                                 .portal_password_hasher = &hasher_});
  }

  Session SignIn(const std::string& email) {
    Result<LoginResult> login =
        auth_.Login({.organization = "portalclinic", .email = email, .password = kPassword});
    EXPECT_TRUE(login) << login.error().ToString();
    if (!login) return {};
    return {std::string(kSessionCookie) + "=" + login->session_token, login->csrf_token};
  }

  Answer Call(const std::string& who, const std::string& method, const std::string& target,
              const std::string& body = "", const std::string& type = "application/json") {
    HttpRequest request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query)) << target;
    request.body = body;
    request.headers.emplace("content-type", type);
    if (!who.empty()) {
      request.headers.emplace("cookie", sessions_[who].cookie);
      request.headers.emplace("x-csrf-token", sessions_[who].csrf);
    }
    request.remote_address = "192.0.2.31";
    int route = -1;
    HttpResponse response = Dispatch(api_->Routes(), request, route);
    Answer answer{response.status, json::parse(response.body, nullptr, false), response.body, {}};
    for (const auto& [name, value] : response.headers) answer.headers[name] = value;
    return answer;
  }

  void Register(const std::string& who) {
    json body = {{"organization", "portalclinic"},
                 {"email", who + "@example.test"},
                 {"password", kPassword},
                 {"name", "Testperson " + who},
                 {"kind", "patient"}};
    Answer registered = Call("", "POST", "/api/v1/portal/register", body.dump());
    ASSERT_EQ(registered.status, 201) << registered.raw;
    sessions_[who] = SignIn(who + "@example.test");
  }

  // Submits a request for Ann; with `mrn` it matches the real patient exactly, without it the
  // request gets a pending-match patient.
  std::int64_t Submit(const std::string& who, const std::string& mrn = "") {
    json body = {{"patient_given_name", "Ann"},
                 {"patient_family_name", "Testpatient Ann"},
                 {"patient_birth_date", "1990-01-02"}};
    if (!mrn.empty()) body["patient_mrn"] = mrn;
    Answer submitted = Call(who, "POST", "/api/v1/portal/requests", body.dump());
    EXPECT_EQ(submitted.status, 201) << submitted.raw;
    return submitted.body.value("id", std::int64_t{0});
  }

  static std::string RequestPath(std::int64_t id) {
    return "/api/v1/requests/" + std::to_string(id);
  }
  static std::string PortalPath(std::int64_t id) {
    return "/api/v1/portal/requests/" + std::to_string(id);
  }

  Answer Rematch(std::int64_t request, std::int64_t patient,
                 const std::string& who = "specialist") {
    return Call(who, "POST", RequestPath(request) + "/patient-match",
                json{{"patient_id", patient}}.dump());
  }

  std::vector<AuditEvent> AuditEvents() {
    std::vector<AuditEvent> events;
    EXPECT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> found = tx.Audit().Scan(0, 10000);
      if (!found) return Status(found.error());
      events = *found;
      return OkStatus();
    }));
    return events;
  }

  // What the release step leaves behind for `request`: its disclosure entry and its packet.
  void MarkReleased(std::int64_t request) {
    ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kWrite, [&](Transaction& tx) {
      Result<ReleaseRequest> found = tx.Requests().Find(RequestId(request));
      if (!found) return Status(found.error());
      Result<User> releaser = tx.Users().FindByEmail("specialist@portal.example.test");
      if (!releaser) return Status(releaser.error());
      releaser_ = Principal{.user = *releaser, .organization = organization_};
      Result<DisclosureEntry> disclosure =
          tx.Disclosures().Insert(DisclosureEntry{.patient_id = found->patient_id,
                                                  .request_id = found->id,
                                                  .disclosed_on = clock_.Today(),
                                                  .recipient_name = "Testperson ann",
                                                  .description = "Records in scope",
                                                  .purpose = "personal",
                                                  .released_by = releaser->id,
                                                  .means = DisclosureMeans::kPortalDownload,
                                                  .basis = DisclosureBasis::kToIndividual});
      if (!disclosure) return Status(disclosure.error());
      Result<ContentRecord> stored = vault_->Put(tx, testing::kPacketBytes, "application/pdf");
      if (!stored) return Status(stored.error());
      packets_.Put(organization_, found->id,
                   PacketRef{.content = stored->id,
                             .digest = stored->digest,
                             .page_count = 1,
                             .file_name = found->number + "-packet.pdf"});
      return OkStatus();
    }));
  }

  IssuedDelivery IssueLink(std::int64_t request) {
    Result<IssuedDelivery> issued = deliveries_->Create(
        releaser_, RequestId(request),
        NewDelivery{.medium = DeliveryMedium::kDownloadLink, .recipient = "Testperson ann"});
    EXPECT_TRUE(issued) << issued.error().ToString();
    return issued ? *issued : IssuedDelivery{};
  }

  Answer PortalDownload(const std::string& who, std::int64_t request, DeliveryId delivery,
                        const std::string& code) {
    return Call(who, "POST",
                PortalPath(request) + "/deliveries/" + std::to_string(delivery.value) + "/download",
                json{{"access_code", code}}.dump());
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  crypto::OpenSslOtpPrimitives otp_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  std::unique_ptr<SecretBox> links_;
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_pages_;
  std::unique_ptr<DocumentStore> documents_;
  testing::VaultPacketSource packets_;
  std::unique_ptr<DeliveryService> deliveries_;
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<Api> api_;
  OrganizationId organization_;
  PatientId real_patient_;
  DocumentId real_note_;
  Principal releaser_;
  std::map<std::string, Session> sessions_;
};

TEST_F(PortalFollowupsTest, StaffRematchAPendingPatientAndTheUploadMovesWithTheRequest) {
  Register("ann");
  std::int64_t id = Submit("ann");  // No MRN: a pending-match patient.
  Answer uploaded = Call("ann", "POST", PortalPath(id) + "/authorization", testing::SyntheticPdf(1),
                         "application/pdf");
  ASSERT_EQ(uploaded.status, 201) << uploaded.raw;
  std::int64_t upload = uploaded.body["document_id"];

  Answer before = Call("specialist", "GET", RequestPath(id));
  ASSERT_EQ(before.status, 200) << before.raw;
  EXPECT_TRUE(before.body["patient"]["pending_match"]) << before.raw;
  const std::int64_t pending = before.body["patient"]["id"];
  EXPECT_NE(pending, real_patient_.value);
  // The work queue flags it too.
  Answer queue = Call("specialist", "GET", "/api/v1/requests");
  ASSERT_EQ(queue.status, 200) << queue.raw;
  bool flagged = false;
  for (const json& item : queue.body["items"]) {
    if (item["id"] == id) flagged = item["patient"]["pending_match"].get<bool>();
  }
  EXPECT_TRUE(flagged) << queue.raw;

  Answer matched = Rematch(id, real_patient_.value);
  ASSERT_EQ(matched.status, 200) << matched.raw;
  EXPECT_EQ(matched.body["patient"]["id"], real_patient_.value);
  EXPECT_FALSE(matched.body["patient"]["pending_match"]);
  // Re-decided with the matched patient's records: the progress note is in the decision, the
  // authorization upload (outside the case) is not.
  bool has_note = false;
  bool has_upload = false;
  for (const json& document : matched.body["decision"]["documents"]) {
    if (document["id"] == std::to_string(real_note_.value)) has_note = true;
    if (document["id"] == std::to_string(upload)) has_upload = true;
  }
  EXPECT_TRUE(has_note) << matched.raw;
  EXPECT_FALSE(has_upload) << matched.raw;
  // The upload moved to the matched patient, as kind authorization.
  Answer documents = Call("specialist", "GET",
                          "/api/v1/patients/" + std::to_string(real_patient_.value) + "/documents");
  ASSERT_EQ(documents.status, 200) << documents.raw;
  bool moved = false;
  for (const json& document : documents.body["items"]) {
    if (document["id"] == upload) {
      moved = true;
      EXPECT_EQ(document["kind"], "authorization");
    }
  }
  EXPECT_TRUE(moved) << documents.raw;
  PatientId merged;
  Status read = store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<PatientId> into = tx.PatientMatches().MergedInto(PatientId(pending));
    if (!into) return into.error();
    merged = *into;
    return OkStatus();
  });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(merged, real_patient_);

  // A retry is harmless; another patient now is refused; the portal user still sees it.
  Answer again = Rematch(id, real_patient_.value);
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.body["version"], matched.body["version"]);
  EXPECT_EQ(Rematch(id, pending).status, 409);
  EXPECT_EQ(Call("ann", "GET", PortalPath(id)).status, 200);

  std::map<std::string, int> details;
  for (const AuditEvent& event : AuditEvents()) ++details[event.detail];
  EXPECT_EQ(details["patient re-matched from pending patient " + std::to_string(pending) +
                    "; 1 documents moved; re-decided"],
            1);
  EXPECT_EQ(details["pending match merged into patient " + std::to_string(real_patient_.value) +
                    "; request " + std::to_string(id)],
            1);
  EXPECT_EQ(details["re-match patient: already matched"], 1);
}

TEST_F(PortalFollowupsTest, RematchIsRefusedUnlessThePatientIsAPendingMatch) {
  Register("ann");
  std::int64_t exact = Submit("ann", "PT-0001");
  std::int64_t pending_request = Submit("ann");
  Answer exact_view = Call("specialist", "GET", RequestPath(exact));
  ASSERT_EQ(exact_view.status, 200);
  EXPECT_FALSE(exact_view.body["patient"]["pending_match"]);
  Answer refused = Rematch(exact, real_patient_.value);
  EXPECT_EQ(refused.status, 409) << refused.raw;
  EXPECT_NE(refused.raw.find("not a pending match"), std::string::npos) << refused.raw;

  // The target must be a matched patient of this organization.
  std::int64_t other_pending = Call("specialist", "GET", RequestPath(Submit("ann")))
                                   .body["patient"]["id"]
                                   .get<std::int64_t>();
  EXPECT_EQ(Rematch(pending_request, other_pending).status, 400);
  EXPECT_EQ(Rematch(pending_request, 987654).status, 404);
  EXPECT_EQ(Call("specialist", "POST", RequestPath(pending_request) + "/patient-match",
                 json{{"patient_id", "x"}}.dump())
                .status,
            400);
  EXPECT_EQ(Rematch(987654, real_patient_.value).status, 404);
  // Neither the portal user nor billing may re-match.
  EXPECT_EQ(Rematch(pending_request, real_patient_.value, "ann").status, 403);
  EXPECT_EQ(Rematch(pending_request, real_patient_.value, "billing").status, 403);

  // A finished request stays with its patient.
  Answer cancelled =
      Call("specialist", "POST", RequestPath(pending_request) + "/transitions",
           json{{"action", "cancel"}, {"idempotency_key", "c-1"}, {"note", "duplicate"}}.dump());
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw;
  EXPECT_EQ(Rematch(pending_request, real_patient_.value).status, 409);
}

TEST_F(PortalFollowupsTest, APortalUserDownloadsTheirReleasedPacketUnderTheLinksRules) {
  Register("ann");
  Register("bob");
  std::int64_t id = Submit("ann", "PT-0001");
  MarkReleased(id);
  IssuedDelivery link = IssueLink(id);
  ASSERT_FALSE(link.access_code.empty());

  Answer got = PortalDownload("ann", id, link.delivery.id, link.access_code);
  ASSERT_EQ(got.status, 200) << got.raw;
  EXPECT_EQ(got.raw.rfind("%PDF", 0), 0u);
  EXPECT_EQ(got.headers["X-Downloads-Left"], "2");
  EXPECT_NE(got.headers["Content-Disposition"].find("packet.pdf"), std::string::npos);
  EXPECT_EQ(got.headers["Cache-Control"], "no-store");
  Answer shown = Call("ann", "GET", PortalPath(id) + "/deliveries");
  ASSERT_EQ(shown.status, 200) << shown.raw;
  EXPECT_EQ(shown.body["deliveries"][0]["downloads_left"], 2);

  // Someone else's request, or a delivery of another request: as if it did not exist.
  EXPECT_EQ(PortalDownload("bob", id, link.delivery.id, link.access_code).status, 404);
  std::int64_t bobs = Submit("bob");
  EXPECT_EQ(PortalDownload("bob", bobs, link.delivery.id, link.access_code).status, 404);
  // Staff have no portal download.
  EXPECT_EQ(PortalDownload("specialist", id, link.delivery.id, link.access_code).status, 403);
  // No code: 400.
  EXPECT_EQ(PortalDownload("ann", id, link.delivery.id, "").status, 400);

  // Wrong codes count and lock the link, for the portal as for the link.
  for (int i = 1; i <= 4; ++i) {
    Answer wrong = PortalDownload("ann", id, link.delivery.id, "00000000");
    EXPECT_EQ(wrong.status, 403) << wrong.raw;
    EXPECT_NE(wrong.raw.find("not right"), std::string::npos) << wrong.raw;
  }
  Answer locked = PortalDownload("ann", id, link.delivery.id, "00000000");
  EXPECT_EQ(locked.status, 403);
  EXPECT_NE(locked.raw.find("cannot be used"), std::string::npos) << locked.raw;
  EXPECT_EQ(PortalDownload("ann", id, link.delivery.id, link.access_code).status, 403);
  Answer public_link =
      Call("", "POST", "/api/v1/downloads/" + testing::DeliveryWorld::TokenOf(link.link),
           json{{"access_code", link.access_code}}.dump());
  EXPECT_EQ(public_link.status, 403) << public_link.raw;

  // Every attempt is audited as the portal user, like a link download.
  int successes = 0;
  int denials = 0;
  for (const AuditEvent& event : AuditEvents()) {
    if (event.action != AuditAction::kDownload || event.entity_kind != "delivery") continue;
    if (event.actor_label != "Testperson ann") continue;
    if (event.outcome == AuditOutcome::kSuccess) ++successes;
    if (event.outcome == AuditOutcome::kDenied) ++denials;
  }
  EXPECT_EQ(successes, 1);
  EXPECT_GE(denials, 6);
}

TEST_F(PortalFollowupsTest, ThePortalDownloadKeepsTheLimitExpiryAndRevocation) {
  Register("ann");
  std::int64_t id = Submit("ann", "PT-0001");
  MarkReleased(id);
  IssuedDelivery first = IssueLink(id);
  for (int left = 2; left >= 0; --left) {
    Answer got = PortalDownload("ann", id, first.delivery.id, first.access_code);
    ASSERT_EQ(got.status, 200) << got.raw;
    EXPECT_EQ(got.headers["X-Downloads-Left"], std::to_string(left));
  }
  EXPECT_EQ(PortalDownload("ann", id, first.delivery.id, first.access_code).status, 403);

  IssuedDelivery second = IssueLink(id);
  Result<DeliveryRecord> revoked =
      deliveries_->Revoke(releaser_, RequestId(id), second.delivery.id);
  ASSERT_TRUE(revoked) << revoked.error().ToString();
  EXPECT_EQ(PortalDownload("ann", id, second.delivery.id, second.access_code).status, 403);

  IssuedDelivery third = IssueLink(id);
  clock_.AdvanceMicros(15LL * 86'400'000'000);
  sessions_["ann"] = SignIn("ann@example.test");  // The session expired too.
  Answer expired = PortalDownload("ann", id, third.delivery.id, third.access_code);
  EXPECT_EQ(expired.status, 403);
  EXPECT_NE(expired.raw.find("cannot be used"), std::string::npos) << expired.raw;
}

}  // namespace
}  // namespace roi::http
