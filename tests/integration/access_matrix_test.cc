// Every endpoint × every role: each route of the real Api is called by a signed-in user of each of
// the eight roles, by nobody, and with a session but no CSRF token, and the dispatcher must allow
// exactly what the route's access rule and the permission matrix say.  New routes are covered as
// soon as they are registered: the test walks Api::Routes(), it does not list them.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/auth_service.h"
#include "app/delivery_service.h"
#include "app/permissions.h"
#include "app/stored_packets.h"
#include "app/user_service.h"
#include "crypto/content_cipher.h"
#include "crypto/otp.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"
#include "detect/hyperscan_detector.h"
#include "docstore/file_spool.h"
#include "docstore/pdf_page_counter.h"
#include "http/api.h"
#include "http/dispatch.h"
#include "policy/engine.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"
#include "render/qpdf_page_replacer.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi::http {
namespace {

// A content cipher under a new random master key, for the second factor's sealed secrets.
std::unique_ptr<crypto::SodiumContentCipher> NewSecretCipher() {
  EXPECT_TRUE(crypto::Initialize());
  Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
  EXPECT_TRUE(master);
  return std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                       std::vector<crypto::MasterKey>{});
}

constexpr const char* kPassword = "matrix-password-long-enough";

// The message the dispatcher gives when a role lacks a permission.
constexpr std::string_view kRoleRefusal = "role may not";

// No request of the matrix has a released packet.
struct Session {
  std::string cookie;
  std::string csrf;
};

class AccessMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Matrix", .slug = "matrix", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    }));
    for (Role role : kAllRoles) {
      std::string email = std::string(RoleName(role)) + "@matrix.example.test";
      ASSERT_TRUE(users_.AddUser({.organization = "matrix",
                                  .email = email,
                                  .display_name = std::string(RoleName(role)),
                                  .role = role},
                                 kPassword,
                                 {.id = {}, .label = "test setup", .remote_address = ""}));
      Result<LoginResult> login =
          auth_.Login({.organization = "matrix", .email = email, .password = kPassword});
      ASSERT_TRUE(login) << login.error().ToString();
      sessions_[role] = {std::string(kSessionCookie) + "=" + login->session_token,
                         login->csrf_token};
    }
    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    Result<std::unique_ptr<detect::HyperscanDetector>> detector =
        detect::LoadDetector(OPENROI_LEXICON_DIR);
    ASSERT_TRUE(detector) << detector.error().ToString();
    detector_ = std::move(*detector);
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    documents_ = std::make_unique<DocumentStore>(store_, *vault_, *cipher_, spooler_, pdf_pages_,
                                                 clock_, audit_);
    packets_ =
        std::make_unique<PacketService>(store_, *vault_, renderer_, assembler_, page_replacer_,
                                        packet_hasher_, nullptr, nullptr, clock_, audit_);
    deliveries_ =
        std::make_unique<DeliveryService>(store_, *vault_, released_packets_, hasher_, tokens_,
                                          otp_, clock_, audit_, DeliveryOptions{}, secrets_);
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .rules = rules_.get(),
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .web_root = ::testing::TempDir(),
                                                 .api_tokens = &api_tokens_,
                                                 .users = &users_,
                                                 .totp = &totp_,
                                                 .audit = &audit_,
                                                 .detector = detector_.get(),
                                                 .renderer = &renderer_,
                                                 .documents = documents_.get(),
                                                 .packets = packets_.get(),
                                                 .patient_access = &patient_access_,
                                                 .deliveries = deliveries_.get(),
                                                 .portal_password_hasher = &hasher_,
                                                 .audit_verifier = &audit_verifier_});
  }

  // A request for `spec` with every path parameter set to a made-up id and an empty JSON body.
  static HttpRequest RequestFor(const RouteSpec& spec) {
    HttpRequest request;
    request.method = spec.method;
    request.path = spec.pattern;
    for (std::size_t open = request.path.find('{'); open != std::string::npos;
         open = request.path.find('{')) {
      request.path.replace(open, request.path.find('}', open) - open + 1, "999999");
    }
    request.target = request.path;
    request.body = "{}";
    request.headers.emplace("content-type", "application/json");
    request.remote_address = "192.0.2.10";
    return request;
  }

  HttpResponse Call(HttpRequest request) {
    int route = -1;
    return Dispatch(api_->Routes(), request, route);
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  testing::FakeSignatureChecker audit_signatures_;
  AuditVerifier audit_verifier_{audit_hasher_, audit_signatures_, ""};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  ApiTokenService api_tokens_{store_, clock_, tokens_};
  crypto::OpenSslOtpPrimitives otp_;
  std::unique_ptr<crypto::SodiumContentCipher> secret_cipher_ = NewSecretCipher();
  ContentVault secret_vault_{*secret_cipher_, clock_};
  SecretBox secrets_{*secret_cipher_, secret_vault_};
  TotpService totp_{store_, clock_, otp_, "OpenROI Matrix", &secrets_, &audit_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_pages_;
  std::unique_ptr<DocumentStore> documents_;
  PatientAccess patient_access_{store_, clock_, audit_};
  StoredPackets released_packets_;
  std::unique_ptr<DeliveryService> deliveries_;
  std::map<Role, Session> sessions_;
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<detect::HyperscanDetector> detector_;
  render::CairoRenderer renderer_;
  render::QpdfAssembler assembler_;
  render::QpdfPageReplacer page_replacer_;
  crypto::SodiumPacketHasher packet_hasher_;
  std::unique_ptr<PacketService> packets_;
  std::unique_ptr<Api> api_;
};

TEST_F(AccessMatrixTest, EveryRouteDeclaresARuleTheDocumentShows) {
  const Router& router = api_->Routes();
  ASSERT_GT(router.RouteCount(), 8u);
  // The detection routes are registered, so the walk below covers them.
  bool detect = false;
  bool scan = false;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    detect = detect || router.Spec(i).pattern == "/api/v1/detect";
    scan = scan || router.Spec(i).pattern == "/api/v1/documents/{id}/scan";
  }
  EXPECT_TRUE(detect && scan);
  nlohmann::json doc = router.OpenApi("test");
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    ASSERT_TRUE(spec.access.has_value()) << spec.pattern;
    std::string method = spec.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const nlohmann::json& op = doc["paths"][spec.pattern][method];
    ASSERT_TRUE(op.contains("security")) << spec.method << " " << spec.pattern;
    EXPECT_EQ(op["security"].empty(), spec.access->kind == Access::Kind::kPublic) << spec.pattern;
  }
}

// Routes whose rule is pinned here, so a change of who may call them is a visible decision.
TEST_F(AccessMatrixTest, PinnedRules) {
  const Router& router = api_->Routes();
  const std::map<std::string, Permission> pinned = {
      {"GET /api/v1/requests/{id}/letters/{letter_id}.pdf", Permission::kManageRequests}};
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = pinned.find(spec.method + " " + spec.pattern);
    if (it == pinned.end()) continue;
    ++found;
    EXPECT_EQ(spec.access->kind, Access::Kind::kPermission) << spec.pattern;
    EXPECT_EQ(spec.access->permission, it->second) << spec.pattern;
  }
  EXPECT_EQ(found, pinned.size());
}

TEST_F(AccessMatrixTest, EveryRouteTimesEveryRole) {
  const Router& router = api_->Routes();
  int protected_routes = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    const Access& access = *spec.access;
    if (access.kind == Access::Kind::kPublic) continue;
    ++protected_routes;
    SCOPED_TRACE(spec.method + " " + spec.pattern);

    // Nobody signed in: 401, whatever the route.
    HttpResponse anonymous = Call(RequestFor(spec));
    EXPECT_EQ(anonymous.status, 401) << anonymous.body;

    for (Role role : kAllRoles) {
      SCOPED_TRACE(std::string(RoleName(role)));
      HttpRequest request = RequestFor(spec);
      request.headers.emplace("cookie", sessions_[role].cookie);
      request.headers.emplace("x-csrf-token", sessions_[role].csrf);
      HttpResponse response = Call(request);
      bool allowed = access.kind == Access::Kind::kSignedIn || Allows(role, access.permission);
      if (allowed) {
        EXPECT_NE(response.status, 401) << response.body;
        EXPECT_EQ(response.body.find(kRoleRefusal), std::string::npos) << response.body;
      } else {
        EXPECT_EQ(response.status, 403) << response.body;
        EXPECT_NE(response.body.find(PermissionName(access.permission)), std::string::npos)
            << response.body;
      }
      // A session used for logout would be gone for the next route: sign in again.
      if (spec.pattern == "/api/v1/auth/logout" && allowed) {
        std::string email = std::string(RoleName(role)) + "@matrix.example.test";
        Result<LoginResult> login =
            auth_.Login({.organization = "matrix", .email = email, .password = kPassword});
        ASSERT_TRUE(login);
        sessions_[role] = {std::string(kSessionCookie) + "=" + login->session_token,
                           login->csrf_token};
      }
    }
  }
  EXPECT_GT(protected_routes, 0);
}

TEST_F(AccessMatrixTest, ReviewAndBillingRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"GET", "/api/v1/requests/{id}/reviews"}, Permission::kReviewRecords},
      {{"POST", "/api/v1/requests/{id}/reviews/{rid}"}, Permission::kReviewRecords},
      {{"POST", "/api/v1/requests/{id}/reviews/{rid}/assignment"}, Permission::kManageRequests},
      {{"GET", "/api/v1/review-settings"}, Permission::kReviewRecords},
      {{"PUT", "/api/v1/review-settings"}, Permission::kManageUsers},
      {{"GET", "/api/v1/requests/{id}/invoice"}, Permission::kManageBilling},
      {{"POST", "/api/v1/requests/{id}/invoice"}, Permission::kManageBilling},
      {{"POST", "/api/v1/requests/{id}/invoice/payments"}, Permission::kManageBilling},
      {{"POST", "/api/v1/requests/{id}/invoice/waiver"}, Permission::kManageBilling}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
}

// Denial reviews: reviewers read them and record harm determinations and determinations (the
// service further requires a licensed professional, and the assigned reviewer); the desk records
// the individual's request for review and designates the reviewer.
TEST_F(AccessMatrixTest, DenialReviewRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"GET", "/api/v1/requests/{id}/denial-reviews"}, Permission::kReviewRecords},
      {{"POST", "/api/v1/requests/{id}/harm-determinations"}, Permission::kReviewRecords},
      {{"POST", "/api/v1/requests/{id}/harm-determinations/{hid}/withdraw"},
       Permission::kReviewRecords},
      {{"POST", "/api/v1/requests/{id}/denial-reviews"}, Permission::kManageRequests},
      {{"POST", "/api/v1/requests/{id}/denial-reviews/{rid}/assignment"},
       Permission::kManageRequests},
      {{"POST", "/api/v1/requests/{id}/denial-reviews/{rid}/determination"},
       Permission::kReviewRecords}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
}

// Redactions are for reviewers; the invoice and receipt PDFs for billing, like the invoice; the
// accounting PDF for whoever may read the accounting as JSON.
TEST_F(AccessMatrixTest, RedactionAndPrintedDocumentRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"POST", "/api/v1/requests/{id}/redactions"}, Permission::kReviewRecords},
      {{"GET", "/api/v1/requests/{id}/redactions"}, Permission::kReviewRecords},
      {{"DELETE", "/api/v1/requests/{id}/redactions/{n}"}, Permission::kReviewRecords},
      {{"GET", "/api/v1/requests/{id}/invoice.pdf"}, Permission::kManageBilling},
      {{"GET", "/api/v1/requests/{id}/payments/{n}/receipt.pdf"}, Permission::kManageBilling},
      {{"GET", "/api/v1/patients/{id}/accounting.pdf"}, Permission::kManageRequests},
      {{"GET", "/api/v1/patients/{id}/authorizations"}, Permission::kManageRequests}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
}

// Reports are for supervisors, privacy officers and administrators; legal holds and the
// retention preview for privacy officers and administrators.
TEST_F(AccessMatrixTest, ReportAndRetentionRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"GET", "/api/v1/reports/turnaround"}, Permission::kViewReports},
      {{"GET", "/api/v1/reports/backlog"}, Permission::kViewReports},
      {{"GET", "/api/v1/reports/volume"}, Permission::kViewReports},
      {{"GET", "/api/v1/reports/fees"}, Permission::kViewReports},
      {{"POST", "/api/v1/patients/{id}/legal-holds"}, Permission::kManageRetention},
      {{"GET", "/api/v1/patients/{id}/legal-holds"}, Permission::kManageRetention},
      {{"DELETE", "/api/v1/patients/{id}/legal-holds/{hold_id}"}, Permission::kManageRetention},
      {{"POST", "/api/v1/requests/{id}/legal-holds"}, Permission::kManageRetention},
      {{"GET", "/api/v1/requests/{id}/legal-holds"}, Permission::kManageRetention},
      {{"DELETE", "/api/v1/requests/{id}/legal-holds/{hold_id}"}, Permission::kManageRetention},
      {{"GET", "/api/v1/retention/preview"}, Permission::kManageRetention}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
  for (Role role : kAllRoles) {
    EXPECT_EQ(Allows(role, Permission::kViewReports), role == Role::kSupervisor ||
                                                          role == Role::kPrivacyOfficer ||
                                                          role == Role::kAdministrator)
        << RoleName(role);
    EXPECT_EQ(Allows(role, Permission::kManageRetention),
              role == Role::kPrivacyOfficer || role == Role::kAdministrator)
        << RoleName(role);
  }
}

// The document store's and the patient routes use the patient-record permissions: staff who may
// add a patient's documents may upload content and register or correct patients, staff who may
// read patients may download content and search for patients.
TEST_F(AccessMatrixTest, DocumentContentRoutesUseThePatientRecordPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"POST", "/api/v1/patients/{id}/documents/content"}, Permission::kWritePatients},
      {{"GET", "/api/v1/documents/{id}/content"}, Permission::kReadPatients},
      {{"GET", "/api/v1/patients"}, Permission::kReadPatients},
      {{"GET", "/api/v1/patients/{id}"}, Permission::kReadPatients},
      {{"POST", "/api/v1/patients"}, Permission::kWritePatients},
      {{"PATCH", "/api/v1/patients/{id}"}, Permission::kWritePatients},
  };
  int found = 0;
  const Router& router = api_->Routes();
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto want = expected.find({spec.method, spec.pattern});
    if (want == expected.end()) continue;
    ++found;
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission) << spec.pattern;
    EXPECT_EQ(spec.access->permission, want->second) << spec.pattern;
  }
  EXPECT_EQ(found, 6);
  // Who that is, by role.
  for (Role role : {Role::kRoiSpecialist, Role::kSupervisor, Role::kAdministrator}) {
    EXPECT_TRUE(Allows(role, Permission::kWritePatients)) << RoleName(role);
  }
  for (Role role : {Role::kClinician, Role::kBilling, Role::kPrivacyOfficer, Role::kRequester,
                    Role::kPatient}) {
    EXPECT_FALSE(Allows(role, Permission::kWritePatients)) << RoleName(role);
  }
  EXPECT_FALSE(Allows(Role::kRequester, Permission::kReadPatients));
  EXPECT_FALSE(Allows(Role::kPatient, Permission::kReadPatients));
}

// Secure delivery: releasers create, revoke and track deliveries; request managers list them; the
// link's page and download are public (the token and access code are the credentials).
TEST_F(AccessMatrixTest, DeliveryRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, std::optional<Permission>> expected = {
      {{"POST", "/api/v1/requests/{id}/deliveries"}, Permission::kReleaseRecords},
      {{"GET", "/api/v1/requests/{id}/deliveries"}, Permission::kManageRequests},
      {{"POST", "/api/v1/requests/{id}/deliveries/{n}/revoke"}, Permission::kReleaseRecords},
      {{"POST", "/api/v1/requests/{id}/deliveries/{n}/events"}, Permission::kReleaseRecords},
      {{"GET", "/d/{token}"}, std::nullopt},
      {{"POST", "/api/v1/downloads/{token}"}, std::nullopt},
  };
  std::size_t found = 0;
  const Router& router = api_->Routes();
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto want = expected.find({spec.method, spec.pattern});
    if (want == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    if (!want->second) {
      EXPECT_EQ(spec.access->kind, Access::Kind::kPublic);
      continue;
    }
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, *want->second);
  }
  EXPECT_EQ(found, expected.size());
  // The public download refuses a made-up link without revealing anything.
  HttpRequest request;
  request.method = "POST";
  request.path = request.target = "/api/v1/downloads/1.made-up-token";
  request.body = R"({"access_code":"12345678"})";
  request.headers.emplace("content-type", "application/json");
  HttpResponse refused = Call(request);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("cannot be used"), std::string::npos) << refused.body;
}

// The review work list is for reviewers, audit verification for auditors; the rule packs are
// published law, readable by anyone signed in.
TEST_F(AccessMatrixTest, WorklistRuleAndAuditVerifyRoutesNeedTheirAccess) {
  const std::map<std::pair<std::string, std::string>, std::optional<Permission>> expected = {
      {{"GET", "/api/v1/review-tasks"}, Permission::kReviewRecords},
      {{"POST", "/api/v1/audit/verify"}, Permission::kReadAudit},
      {{"GET", "/api/v1/rules"}, std::nullopt},
  };
  std::size_t found = 0;
  const Router& router = api_->Routes();
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto want = expected.find({spec.method, spec.pattern});
    if (want == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    if (!want->second) {
      EXPECT_EQ(spec.access->kind, Access::Kind::kSignedIn);
      continue;
    }
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, *want->second);
  }
  EXPECT_EQ(found, expected.size());
}

TEST_F(AccessMatrixTest, UnsafeMethodsWithoutTheCsrfTokenAreRefusedBeforeTheHandler) {
  const Router& router = api_->Routes();
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    if (spec.access->kind == Access::Kind::kPublic || spec.method == "GET") continue;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    HttpRequest request = RequestFor(spec);
    request.headers.emplace("cookie", sessions_[Role::kAdministrator].cookie);
    HttpResponse response = Call(request);
    EXPECT_EQ(response.status, 403) << response.body;
    EXPECT_NE(response.body.find("X-CSRF-Token"), std::string::npos) << response.body;
    request.headers.emplace("x-csrf-token", "not-the-token");
    EXPECT_EQ(Call(request).status, 403);
  }
}

// Release packets need the release permission; the verification page and its lookup are public
// (no sign-in, no patient data).
TEST_F(AccessMatrixTest, PacketRoutesNeedReleaseAndVerificationIsPublic) {
  const std::map<std::pair<std::string, std::string>, std::optional<Permission>> expected = {
      {{"POST", "/api/v1/requests/{id}/packet"}, Permission::kReleaseRecords},
      {{"GET", "/api/v1/requests/{id}/packets"}, Permission::kReleaseRecords},
      {{"GET", "/api/v1/requests/{id}/packets/{n}.pdf"}, Permission::kReleaseRecords},
      {{"GET", "/api/v1/requests/{id}/packets/{n}.manifest.json"}, Permission::kReleaseRecords},
      {{"GET", "/verify"}, std::nullopt},
      {{"POST", "/api/v1/verify"}, std::nullopt},
  };
  std::size_t found = 0;
  const Router& router = api_->Routes();
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto want = expected.find({spec.method, spec.pattern});
    if (want == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    if (!want->second) {
      EXPECT_EQ(spec.access->kind, Access::Kind::kPublic);
      continue;
    }
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, *want->second);
  }
  EXPECT_EQ(found, expected.size());
  // Public: answered without a session, and never with patient data.
  HttpRequest page;
  page.method = "GET";
  page.path = page.target = "/verify";
  page.remote_address = "192.0.2.10";
  HttpResponse shown = Call(page);
  EXPECT_EQ(shown.status, 200);
  EXPECT_NE(shown.body.find("<form"), std::string::npos);
  HttpRequest lookup;
  lookup.method = "POST";
  lookup.path = lookup.target = "/api/v1/verify";
  lookup.headers.emplace("content-type", "application/json");
  lookup.body = R"({"sha256":")" + std::string(64, 'a') + R"("})";
  lookup.remote_address = "192.0.2.11";
  HttpResponse answered = Call(lookup);
  EXPECT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(nlohmann::json::parse(answered.body)["issued"], false);
  lookup.body = R"({"sha256":"not-hex"})";
  EXPECT_EQ(Call(lookup).status, 400);
}

// Saved views are any signed-in user's own: the routes need no permission, and nobody reaches
// another user's views (listing shows only the caller's; deleting another's is 404).
TEST_F(AccessMatrixTest, SavedViewsAreEachUsersOwn) {
  const Router& router = api_->Routes();
  int found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    if (spec.pattern.rfind("/api/v1/saved-views", 0) != 0) continue;
    ++found;
    EXPECT_EQ(spec.access->kind, Access::Kind::kSignedIn) << spec.pattern;
  }
  EXPECT_EQ(found, 3);
  auto call = [&](Role role, std::string method, std::string target, std::string body) {
    HttpRequest request;
    request.method = std::move(method);
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query));
    request.body = std::move(body);
    request.headers.emplace("content-type", "application/json");
    request.headers.emplace("cookie", sessions_[role].cookie);
    request.headers.emplace("x-csrf-token", sessions_[role].csrf);
    request.remote_address = "192.0.2.10";
    return Call(request);
  };
  HttpResponse saved = call(Role::kRoiSpecialist, "POST", "/api/v1/saved-views",
                            R"({"screen":"queue","name":"Mine","filters":{"assignee":"me"}})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  nlohmann::json view = nlohmann::json::parse(saved.body);
  EXPECT_EQ(view["name"], "Mine");
  EXPECT_EQ(view["filters"]["assignee"], "me");
  std::string id = std::to_string(view["id"].get<std::int64_t>());
  // The same name replaces the filters and keeps the id.
  HttpResponse replaced = call(Role::kRoiSpecialist, "POST", "/api/v1/saved-views",
                               R"({"screen":"queue","name":"Mine","filters":{"overdue":true}})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(nlohmann::json::parse(replaced.body)["id"], view["id"]);
  HttpResponse mine = call(Role::kRoiSpecialist, "GET", "/api/v1/saved-views?screen=queue", "");
  ASSERT_EQ(mine.status, 200) << mine.body;
  nlohmann::json listed = nlohmann::json::parse(mine.body)["views"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["filters"], nlohmann::json({{"overdue", true}}));
  HttpResponse theirs = call(Role::kClinician, "GET", "/api/v1/saved-views?screen=queue", "");
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_TRUE(nlohmann::json::parse(theirs.body)["views"].empty());
  EXPECT_EQ(call(Role::kClinician, "DELETE", "/api/v1/saved-views/" + id, "").status, 404);
  // Bad input is a 400 naming the field.
  HttpResponse bad = call(Role::kRoiSpecialist, "POST", "/api/v1/saved-views",
                          R"({"screen":"queue","name":"Mine","filters":"assignee=me"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("filters"), std::string::npos) << bad.body;
  EXPECT_EQ(call(Role::kRoiSpecialist, "POST", "/api/v1/saved-views",
                 R"({"screen":"Queue!","name":"x","filters":{}})")
                .status,
            400);
  EXPECT_EQ(call(Role::kRoiSpecialist, "GET", "/api/v1/saved-views", "").status, 400);
  EXPECT_EQ(call(Role::kRoiSpecialist, "DELETE", "/api/v1/saved-views/" + id, "").status, 204);
  EXPECT_EQ(call(Role::kRoiSpecialist, "DELETE", "/api/v1/saved-views/" + id, "").status, 404);
}

// Organization settings and facilities are the administrator's (kManageUsers); a PUT with a stale
// version is 409, bad input 400 naming the field, and every change a permission-change event.
TEST_F(AccessMatrixTest, OrganizationAndFacilityRoutesAreTheAdministrators) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"GET", "/api/v1/organization"}, Permission::kManageUsers},
      {{"PUT", "/api/v1/organization"}, Permission::kManageUsers},
      {{"GET", "/api/v1/facilities"}, Permission::kManageUsers},
      {{"POST", "/api/v1/facilities"}, Permission::kManageUsers},
      {{"PUT", "/api/v1/facilities/{id}"}, Permission::kManageUsers}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
  for (Role role : kAllRoles) {
    EXPECT_EQ(Allows(role, Permission::kManageUsers), role == Role::kAdministrator)
        << RoleName(role);
  }
  auto call = [&](std::string method, std::string target, std::string body) {
    HttpRequest request;
    request.method = std::move(method);
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query));
    request.body = std::move(body);
    request.headers.emplace("content-type", "application/json");
    request.headers.emplace("cookie", sessions_[Role::kAdministrator].cookie);
    request.headers.emplace("x-csrf-token", sessions_[Role::kAdministrator].csrf);
    request.remote_address = "192.0.2.10";
    return Call(request);
  };
  HttpResponse read = call("GET", "/api/v1/organization", "");
  ASSERT_EQ(read.status, 200) << read.body;
  nlohmann::json settings = nlohmann::json::parse(read.body);
  EXPECT_EQ(settings["entity_type"], "other");
  EXPECT_TRUE(settings["assignment_scoped_roles"].is_null());
  EXPECT_EQ(settings["effective_assignment_scoped_roles"], nlohmann::json({"clinician"}));
  const std::int64_t version = settings["version"].get<std::int64_t>();
  HttpResponse changed =
      call("PUT", "/api/v1/organization",
           nlohmann::json({{"version", version},
                           {"entity_type", "hospital"},
                           {"part2_program", true},
                           {"assignment_scoped_roles", {"clinician", "billing"}}})
               .dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  nlohmann::json after = nlohmann::json::parse(changed.body);
  EXPECT_EQ(after["entity_type"], "hospital");
  EXPECT_EQ(after["part2_program"], true);
  EXPECT_EQ(after["effective_assignment_scoped_roles"], nlohmann::json({"clinician", "billing"}));
  HttpResponse stale = call("PUT", "/api/v1/organization",
                            nlohmann::json({{"version", version}, {"name", "Late"}}).dump());
  EXPECT_EQ(stale.status, 409) << stale.body;
  HttpResponse bad_type =
      call("PUT", "/api/v1/organization",
           nlohmann::json({{"version", version + 1}, {"entity_type", "spaceship"}}).dump());
  EXPECT_EQ(bad_type.status, 400);
  EXPECT_NE(bad_type.body.find("entity_type"), std::string::npos) << bad_type.body;
  EXPECT_EQ(
      call("PUT", "/api/v1/organization",
           nlohmann::json({{"version", version + 1}, {"assignment_scoped_roles", {"requester"}}})
               .dump())
          .status,
      400);
  EXPECT_EQ(call("PUT", "/api/v1/organization", R"({"name":"No version"})").status, 400);

  HttpResponse added =
      call("POST", "/api/v1/facilities", R"({"name":"Matrix Clinic","npi":"1234567893"})");
  ASSERT_EQ(added.status, 201) << added.body;
  nlohmann::json facility = nlohmann::json::parse(added.body);
  std::string id = std::to_string(facility["id"].get<std::int64_t>());
  HttpResponse bad_npi = call("POST", "/api/v1/facilities", R"({"name":"X","npi":"1234567890"})");
  EXPECT_EQ(bad_npi.status, 400);
  EXPECT_NE(bad_npi.body.find("npi"), std::string::npos) << bad_npi.body;
  HttpResponse renamed =
      call("PUT", "/api/v1/facilities/" + id, R"({"version":1,"name":"Matrix Campus"})");
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(nlohmann::json::parse(renamed.body)["version"], 2);
  EXPECT_EQ(call("PUT", "/api/v1/facilities/" + id, R"({"version":1,"name":"Late"})").status, 409);
  EXPECT_EQ(call("PUT", "/api/v1/facilities/999999", R"({"version":1,"name":"Nope"})").status, 404);
  HttpResponse listed = call("GET", "/api/v1/facilities", "");
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_NE(listed.body.find("Matrix Campus"), std::string::npos);
  // Each change is a permission-change event of the administrator.
  int changes = 0;
  Result<OrganizationId> matrix = FindOrganizationId(store_, "matrix");
  ASSERT_TRUE(matrix);
  ASSERT_TRUE(store_.InTransaction(*matrix, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<std::vector<AuditEvent>> events =
        tx.Audit().Query({.action = AuditAction::kPermissionChange});
    if (!events) return events.error();
    for (const AuditEvent& event : *events) {
      if (event.entity_kind == "organization" || event.entity_kind == "facility") ++changes;
    }
    return OkStatus();
  }));
  EXPECT_EQ(changes, 3);
}

// Re-matching a pending-match patient is a desk edit of the request (as PATCH); the portal
// download without the link is the portal's download permission.
TEST_F(AccessMatrixTest, PatientMatchAndPortalDownloadRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"POST", "/api/v1/requests/{id}/patient-match"}, Permission::kManageRequests},
      {{"POST", "/api/v1/portal/requests/{id}/deliveries/{delivery_id}/download"},
       Permission::kPortalDownload}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
}

// Fee settings: staff read them (kReadPatients), the administrator changes them (kManageUsers,
// as PUT /api/v1/organization); a request's costs are read as the request and changed as its
// facts (kManageRequests).
TEST_F(AccessMatrixTest, FeeRoutesNeedTheirPermissions) {
  const std::map<std::pair<std::string, std::string>, Permission> expected = {
      {{"GET", "/api/v1/organization/fees"}, Permission::kReadPatients},
      {{"PUT", "/api/v1/organization/fees"}, Permission::kManageUsers},
      {{"GET", "/api/v1/requests/{id}/costs"}, Permission::kReadPatients},
      {{"PUT", "/api/v1/requests/{id}/costs"}, Permission::kManageRequests}};
  const Router& router = api_->Routes();
  std::size_t found = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    auto it = expected.find({spec.method, spec.pattern});
    if (it == expected.end()) continue;
    ++found;
    SCOPED_TRACE(spec.method + " " + spec.pattern);
    ASSERT_EQ(spec.access->kind, Access::Kind::kPermission);
    EXPECT_EQ(spec.access->permission, it->second);
  }
  EXPECT_EQ(found, expected.size());
}

}  // namespace
}  // namespace roi::http
