// Cross-organization isolation over HTTP, for every endpoint: two organizations, each with a user
// of every role and one record of every kind; every route of the real Api that takes an id is
// called by each of organization A's users with organization B's ids, and must answer 404 (or 403)
// without a byte of B's data in the body.  Routes without an id in the path are called too (with
// B's ids in the body or query where they take one), and must not leak.  The test walks
// Api::Routes(): a new route that is not in the table below fails it until it is covered.
//
// Also here, because they need the same two-organization setup: break-the-glass over HTTP, and the
// audit events the dispatcher records for refusals.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "app/auth_service.h"
#include "app/delivery_service.h"
#include "app/packet_service.h"
#include "app/patient_access.h"
#include "app/permissions.h"
#include "app/stored_packets.h"
#include "app/user_service.h"
#include "crypto/audit_crypto.h"
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
#include "testing/synthetic_files.h"

namespace roi::http {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "cross-org-password-long-enough";

// What organization B's records hold that must never appear in an answer to organization A.
constexpr const char* kBetaMrn = "MRN-BETA-7731";
constexpr const char* kBetaFamily = "Testpatient Betaonly";
constexpr const char* kBetaGiven = "Secretgiven";
constexpr const char* kBetaRequester = "Betaonly Law Office";
constexpr const char* kBetaDomain = "beta.example.test";
constexpr const char* kBetaNote = "Betaonly synthetic visit note";
constexpr const char* kBetaFacility = "Betaonly Riverside Clinic";

struct Session {
  std::string cookie;
  std::string csrf;
};

// How a route is called with organization B's ids.
struct Coverage {
  std::string body = "{}";  // JSON body; "%USER_A%" is replaced by an org-A user id, "%PDF%"
                            // marks a raw PDF upload.
  std::string query;        // Query string (without '?'); "%PATIENT%" is B's patient id.
};

std::unique_ptr<crypto::SodiumContentCipher> NewCipher() {
  EXPECT_TRUE(crypto::Initialize());
  Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
  EXPECT_TRUE(master);
  return std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                       std::vector<crypto::MasterKey>{});
}

// Every route, by "METHOD pattern".  Adding a route to the Api without adding it here fails
// EveryRouteIsCovered.
const std::map<std::string, Coverage>& Table() {
  static const std::map<std::string, Coverage> table = {
      // Routes with ids in the path.
      {"GET /api/v1/requesters/{id}", {}},
      {"GET /api/v1/patients/{id}/documents", {}},
      {"GET /api/v1/requests/{id}", {}},
      {"PATCH /api/v1/requests/{id}", {.body = R"({"version":1,"priority":"urgent"})"}},
      {"POST /api/v1/requests/{id}/transitions",
       {.body = R"({"action":"start_verification","idempotency_key":"x-org-1"})"}},
      {"POST /api/v1/requests/{id}/assignment",
       {.body = R"({"assignee_id":%USER_A%,"version":1})"}},
      {"GET /api/v1/patients/{id}/disclosures", {}},
      {"GET /api/v1/patients/{id}/accounting", {}},
      {"POST /api/v1/patients/{id}/accountings", {}},
      {"POST /api/v1/patients/{id}/documents/content",
       {.body = "%PDF%", .query = "kind=progress_note"}},
      {"GET /api/v1/documents/{id}/content", {}},
      {"POST /api/v1/documents/{id}/scan", {}},
      {"GET /api/v1/requests/{id}/reviews", {}},
      {"POST /api/v1/requests/{id}/reviews/{rid}",
       {.body = R"({"status":"completed","outcome":"release"})"}},
      {"POST /api/v1/requests/{id}/reviews/{rid}/assignment",
       {.body = R"({"assignee_id":%USER_A%})"}},
      {"GET /api/v1/requests/{id}/invoice", {}},
      {"POST /api/v1/requests/{id}/invoice",
       {.body = R"({"lines":[{"description":"copies","quantity":1,"unit_cents":100}]})"}},
      {"POST /api/v1/requests/{id}/invoice/payments",
       {.body = R"({"method":"cash","amount_cents":100})"}},
      {"POST /api/v1/requests/{id}/invoice/waiver", {.body = R"({"reason":"hardship"})"}},
      {"GET /api/v1/requests/{id}/letters/{letter_id}.pdf", {}},
      {"POST /api/v1/requests/{id}/redactions",
       {.body = R"({"document_id":1,"page":1,"reason":"third_party"})"}},
      {"GET /api/v1/requests/{id}/redactions", {}},
      {"DELETE /api/v1/requests/{id}/redactions/{n}", {}},
      {"GET /api/v1/requests/{id}/invoice.pdf", {}},
      {"GET /api/v1/requests/{id}/payments/{n}/receipt.pdf", {}},
      {"GET /api/v1/patients/{id}/accounting.pdf", {}},
      {"GET /api/v1/patients/{id}/authorizations", {}},
      {"GET /api/v1/patients/{id}", {}},
      {"PATCH /api/v1/patients/{id}", {.body = R"({"version":1,"phone":"555-0100"})"}},
      {"POST /api/v1/patients/{id}/legal-holds", {.body = R"({"reason":"litigation hold"})"}},
      {"GET /api/v1/patients/{id}/legal-holds", {}},
      {"DELETE /api/v1/patients/{id}/legal-holds/{hold_id}", {}},
      {"POST /api/v1/requests/{id}/legal-holds", {.body = R"({"reason":"litigation hold"})"}},
      {"GET /api/v1/requests/{id}/legal-holds", {}},
      {"DELETE /api/v1/requests/{id}/legal-holds/{hold_id}", {}},
      {"GET /api/v1/requests/{id}/denial-reviews", {}},
      {"POST /api/v1/requests/{id}/denial-reviews", {.body = R"({"channel":"mail"})"}},
      {"POST /api/v1/requests/{id}/harm-determinations",
       {.body = R"({"document_ids":[1],"ground":"endanger_life_or_safety","reasons":"x"})"}},
      {"POST /api/v1/requests/{id}/denial-reviews/{rid}/assignment",
       {.body = R"({"reviewer_id":%USER_A%})"}},
      {"POST /api/v1/requests/{id}/denial-reviews/{rid}/determination",
       {.body = R"({"determination":"uphold","reasons":"x"})"}},
      {"POST /api/v1/requests/{id}/harm-determinations/{hid}/withdraw",
       {.body = R"({"reason":"x"})"}},
      {"DELETE /api/v1/auth/tokens/{id}", {}},
      {"DELETE /api/v1/users/{id}/totp", {}},
      {"PATCH /api/v1/users/{id}", {.body = R"({"role":"clinician"})"}},
      {"POST /api/v1/users/{id}/disable", {}},
      {"POST /api/v1/users/{id}/password", {.body = R"({"password":"another-long-password-1"})"}},
      {"POST /api/v1/patients/{id}/break-glass",
       {.body = R"({"reason":"Emergency department admission"})"}},
      // Release packets and secure deliveries of B's request ({n}: the parent's id decides).
      {"POST /api/v1/requests/{id}/packet", {}},
      {"GET /api/v1/requests/{id}/packets", {}},
      {"GET /api/v1/requests/{id}/packets/{n}.pdf", {}},
      {"GET /api/v1/requests/{id}/packets/{n}.manifest.json", {}},
      {"POST /api/v1/requests/{id}/deliveries",
       {.body = R"({"medium":"mail","recipient":"Alpha Law","address":"1 Example Way"})"}},
      {"GET /api/v1/requests/{id}/deliveries", {}},
      {"POST /api/v1/requests/{id}/deliveries/{n}/revoke", {}},
      {"POST /api/v1/requests/{id}/deliveries/{n}/events",
       {.body = R"({"kind":"sent","tracking_number":"X1","detail":"posted"})"}},
      // Public: the token is the credential (covered by the delivery tests).
      {"GET /d/{token}", {}},
      {"POST /api/v1/downloads/{token}", {}},
      {"GET /verify", {}},
      {"POST /api/v1/verify", {}},
      // The organization's own settings and facilities: B's facility id is 404.
      {"PUT /api/v1/facilities/{id}", {.body = R"({"version":1,"name":"Taken over"})"}},
      {"GET /api/v1/organization", {}},
      {"PUT /api/v1/organization", {.body = R"({"version":1,"name":"Renamed alpha"})"}},
      {"GET /api/v1/facilities", {}},
      // Fee settings: the caller's organization's own; B's request costs are 404.
      {"GET /api/v1/organization/fees", {}},
      {"PUT /api/v1/organization/fees", {.body = R"({"version":0,"flat_cents":500})"}},
      {"GET /api/v1/requests/{id}/costs", {}},
      {"PUT /api/v1/requests/{id}/costs", {.body = R"({"version":0,"labor_minutes":10})"}},
      {"POST /api/v1/facilities", {.body = R"({"name":"Alpha annex"})"}},
      // Routes without ids in the path: B's ids where they take one, else plain.
      {"POST /api/v1/requests",
       {.body = R"({"patient_id":%PATIENT%,"requester_id":%REQUESTER%,"channel":"portal",)"
                R"("basis":"access","purpose":"personal"})"}},
      {"GET /api/v1/requests", {.query = "q=Betaonly"}},
      // A's search for B's patient by the start of the family name finds nobody.
      {"GET /api/v1/patients", {.query = "q=Testpatient%20Beta"}},
      {"POST /api/v1/patients",
       {.body = R"({"mrn":"MRN-ALPHA-NEW","given_name":"Alphanew","family_name":"Testpatient )"
                R"(Alphanew","birth_date":"1990-01-01"})"}},
      {"POST /api/v1/requesters", {.body = R"({"role":"attorney","name":"Alpha Law"})"}},
      {"POST /api/v1/documents",
       {.body = R"({"patient_id":%PATIENT%,"kind":"progress_note","pages":1})"}},
      {"POST /api/v1/disclosures",
       {.body = R"({"patient_id":%PATIENT%,"disclosed_on":"2025-01-06","recipient_name":"X",)"
                R"("description":"records","means":"mail","basis":"treatment"})"}},
      {"GET /api/v1/accounting-suspensions", {}},
      {"POST /api/v1/accounting-suspensions", {.body = R"({"patient_id":%PATIENT%})"}},
      {"GET /api/v1/reports/disclosures-by-basis", {}},
      {"GET /api/v1/reports/turnaround", {}},
      {"GET /api/v1/reports/volume", {}},
      {"GET /api/v1/reports/fees", {}},
      // The portal: a portal user's own requests only; B's request ids are 404.
      {"POST /api/v1/portal/register", {}},
      // B's patient's names (no digits, so no id of B's can appear in the body by chance); the
      // birth date is left unusable, so the call is refused whatever the role.
      {"POST /api/v1/portal/requests",
       {.body = R"({"patient_given_name":"Secretgiven","patient_family_name":)"
                R"("Testpatient Betaonly","patient_birth_date":"unknown"})"}},
      {"GET /api/v1/portal/requests", {}},
      {"GET /api/v1/portal/requests/{id}", {}},
      {"POST /api/v1/portal/requests/{id}/authorization", {.body = "%PDF%"}},
      {"GET /api/v1/portal/requests/{id}/invoice", {}},
      {"POST /api/v1/portal/requests/{id}/invoice/payments",
       {.body = R"({"amount_cents":100,"reference":"ch_test_1"})"}},
      {"GET /api/v1/portal/requests/{id}/deliveries", {}},
      {"POST /api/v1/portal/requests/{id}/deliveries/{delivery_id}/download",
       {.body = R"({"access_code":"12345678"})"}},
      // Re-matching B's request, or to B's patient: 404.
      {"POST /api/v1/requests/{id}/patient-match", {.body = R"({"patient_id":%PATIENT%})"}},
      {"GET /api/v1/reports/backlog", {}},
      {"GET /api/v1/retention/preview", {}},
      // A user's own saved views: B's are never listed; deleting by id is covered by
      // AccessMatrixTest.SavedViewsAreEachUsersOwn.
      {"GET /api/v1/saved-views", {.query = "screen=queue"}},
      {"POST /api/v1/saved-views", {.body = R"({"screen":"queue","name":"Mine","filters":{}})"}},
      {"DELETE /api/v1/saved-views/{id}", {}},
      {"GET /api/v1/audit", {.query = "patient=%PATIENT%"}},
      {"GET /api/v1/audit/export", {.query = "patient=%PATIENT%"}},
      {"GET /api/v1/audit/break-glass", {.query = "patient=%PATIENT%"}},
      {"GET /api/v1/review-settings", {}},
      {"PUT /api/v1/review-settings", {}},
      {"POST /api/v1/detect", {.body = R"({"text":"nothing here"})"}},
      {"POST /api/v1/decide", {}},
      {"GET /api/v1/users", {}},
      {"POST /api/v1/users", {}},
      {"GET /api/v1/auth/me", {}},
      {"POST /api/v1/auth/logout", {}},
      {"POST /api/v1/auth/login", {}},
      {"GET /api/v1/auth/tokens", {}},
      {"POST /api/v1/auth/tokens", {}},
      {"POST /api/v1/auth/totp", {}},
      {"POST /api/v1/auth/totp/confirm", {}},
      {"POST /api/v1/auth/totp/disable", {}},
      {"GET /healthz", {}},
      {"GET /readyz", {}},
      {"GET /metrics", {}},
      {"GET /api/v1/version", {}},
      {"GET /api/v1/openapi.json", {}},
      {"GET /", {}},
      {"GET /assets/{file}", {}},
      // The review work list, the rule packs and audit verification: no ids; each answers for
      // the caller's organization only.
      {"GET /api/v1/review-tasks", {}},
      {"GET /api/v1/rules", {}},
      {"POST /api/v1/audit/verify", {}},
  };
  return table;
}

class CrossOrganizationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    for (const char* slug : {"alpha", "beta"}) {
      ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
        Result<Organization> org = tx.Organizations().Insert(
            Organization{.name = std::string("Org ") + slug, .slug = slug, .state = "CA"});
        if (org) orgs_[slug] = org->id;
        return org ? OkStatus() : Status(org.error());
      }));
      for (Role role : kAllRoles) {
        std::string email = std::string(RoleName(role)) + "@" + slug + ".example.test";
        Result<User> user = users_.AddUser({.organization = slug,
                                            .email = email,
                                            .display_name = std::string(RoleName(role)),
                                            .role = role},
                                           kPassword, {.id = {}, .label = "setup"});
        ASSERT_TRUE(user) << user.error().ToString();
        user_ids_[slug][role] = user->id;
        Result<LoginResult> login =
            auth_.Login({.organization = slug, .email = email, .password = kPassword});
        ASSERT_TRUE(login) << login.error().ToString();
        sessions_[slug][role] = {std::string(kSessionCookie) + "=" + login->session_token,
                                 login->csrf_token};
      }
    }
    ASSERT_TRUE(AddPatient("alpha", "MRN-ALPHA-1", "Testpatient Alphaonly", "Alphagiven"));
    alpha_patient_ = last_patient_;
    ASSERT_TRUE(AddPatient("beta", kBetaMrn, kBetaFamily, kBetaGiven));
    beta_patient_ = last_patient_;

    Result<policy::RuleSet> rules = policy::LoadRuleSet(OPENROI_RULES_DIR);
    ASSERT_TRUE(rules) << rules.error().ToString();
    rules_ = std::make_unique<policy::RuleSet>(std::move(rules).value());
    Result<std::unique_ptr<detect::HyperscanDetector>> detector =
        detect::LoadDetector(OPENROI_LEXICON_DIR);
    ASSERT_TRUE(detector) << detector.error().ToString();
    detector_ = std::move(*detector);
    documents_ = std::make_unique<DocumentStore>(store_, vault_, *cipher_, spooler_, pdf_pages_,
                                                 clock_, audit_);
    // A packet signing key, so that building a packet reaches the request (and its 404).
    Result<crypto::Ed25519AuditSigner> signer =
        crypto::Ed25519AuditSigner::FromSeedHex(std::string(64, '9'));
    ASSERT_TRUE(signer) << signer.error().ToString();
    packet_signer_ = std::make_unique<crypto::Ed25519AuditSigner>(std::move(*signer));
    packets_ = std::make_unique<PacketService>(store_, vault_, renderer_, assembler_,
                                               page_replacer_, packet_hasher_, packet_signer_.get(),
                                               nullptr, clock_, audit_);
    deliveries_ =
        std::make_unique<DeliveryService>(store_, vault_, released_packets_, hasher_, tokens_, otp_,
                                          clock_, audit_, DeliveryOptions{}, secrets_);
    audit_.GuardPatients(&patient_access_);
    auth_.SetSecondFactor(&totp_);
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
    MakeBetaRecords();
    // Organization A's portal users have portal accounts, so B's ids reach the portal's own
    // ownership check (404), not only the "no portal account" refusal.
    for (Role role : {Role::kPatient, Role::kRequester}) {
      ASSERT_TRUE(store_.InTransaction(orgs_["alpha"], TxMode::kWrite, [&](Transaction& tx) {
        Result<Requester> requester = tx.Requesters().Insert(
            Requester{.role = role == Role::kPatient ? "patient" : "attorney",
                      .name = "Alpha portal " + std::string(RoleName(role))});
        if (!requester) return Status(requester.error());
        return tx.PortalAccounts().Insert(
            PortalAccount{.user_id = user_ids_["alpha"][role], .requester_id = requester->id});
      }));
    }
  }

  Status AddPatient(const char* slug, const std::string& mrn, const std::string& family,
                    const std::string& given) {
    return store_.InTransaction(orgs_[slug], TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<Patient> patient =
          tx.Patients().Insert(Patient{.mrn = mrn,
                                       .given_name = given,
                                       .family_name = family,
                                       .birth_date = *Date::FromYmd(1975, 3, 4)});
      if (!patient) return patient.error();
      last_patient_ = patient->id;
      return OkStatus();
    });
  }

  // One record of every kind in organization B, made through the API by B's supervisor.
  void MakeBetaRecords() {
    auto as_beta = [&](const std::string& method, const std::string& target,
                       const std::string& body) {
      HttpResponse response = Call("beta", Role::kSupervisor, method, target, body);
      EXPECT_LT(response.status, 300) << method << " " << target << ": " << response.body;
      return json::parse(response.body, nullptr, false);
    };
    json requester = as_beta("POST", "/api/v1/requesters",
                             json{{"role", "attorney"}, {"name", kBetaRequester}}.dump());
    beta_ids_["requesters"] = requester.value("id", std::int64_t{0});
    json document = as_beta("POST", "/api/v1/documents",
                            json{{"patient_id", beta_patient_.value},
                                 {"kind", "progress_note"},
                                 {"service_date", "2024-05-01"},
                                 {"pages", 1},
                                 {"content", kBetaNote}}
                                .dump());
    json upload = as_beta("POST",
                          "/api/v1/patients/" + std::to_string(beta_patient_.value) +
                              "/documents/content?kind=progress_note",
                          testing::SyntheticPdf(1));
    ASSERT_TRUE(upload.contains("document")) << upload.dump();
    beta_ids_["documents"] = upload["document"].value("id", std::int64_t{0});
    ASSERT_GT(document.value("id", std::int64_t{0}), 0) << document.dump();
    json request = as_beta("POST", "/api/v1/requests",
                           json{{"patient_id", beta_patient_.value},
                                {"requester_id", beta_ids_["requesters"]},
                                {"channel", "portal"},
                                {"basis", "access"},
                                {"purpose", "personal"},
                                {"written", true},
                                {"signed", true},
                                {"identity_verified", true},
                                {"medium", "portal"},
                                {"scope", {{"all_records", true}}}}
                               .dump());
    beta_ids_["requests"] = request.value("id", std::int64_t{0});
    beta_number_ = request.value("number", std::string());
    if (request.contains("letters") && !request["letters"].empty()) {
      beta_ids_["letter_id"] = request["letters"][0].value("id", std::int64_t{0});
    }
    json token =
        as_beta("POST", "/api/v1/auth/tokens",
                R"({"name":"beta export","scopes":["read_patients"],"expires_in_days":3})");
    beta_ids_["tokens"] = token.value("id", std::int64_t{0});
    beta_ids_["users"] = user_ids_["beta"][Role::kClinician].value;
    beta_ids_["patients"] = beta_patient_.value;
    // Sub-resources that B's request or patient need not have: the parent's id decides (404).
    beta_ids_["n"] = 1;
    json view = as_beta("POST", "/api/v1/saved-views",
                        R"({"screen":"queue","name":"Beta view","filters":{"overdue":true}})");
    beta_ids_["saved-views"] = view.value("id", std::int64_t{0});
    ASSERT_GT(beta_ids_["saved-views"], 0) << view.dump();
    beta_ids_["hold_id"] = 1;
    beta_ids_["hid"] = 1;  // A harm determination: the parent's id decides (404).
    beta_ids_["delivery_id"] = 1;
    HttpResponse facility = Call("beta", Role::kAdministrator, "POST", "/api/v1/facilities",
                                 json{{"name", kBetaFacility}, {"npi", "1234567893"}}.dump());
    ASSERT_EQ(facility.status, 201) << facility.body;
    beta_ids_["facilities"] = json::parse(facility.body).value("id", std::int64_t{0});
    // A review task of B's request, straight into storage (no route creates one by itself).
    ASSERT_TRUE(store_.InTransaction(orgs_["beta"], TxMode::kWrite, [&](Transaction& tx) {
      Result<ReviewTask> task =
          tx.Reviews().Insert(ReviewTask{.request_id = RequestId(beta_ids_["requests"]),
                                         .reason = "PSYCHOTHERAPY_NOTES",
                                         .prepared_by = user_ids_["beta"][Role::kSupervisor],
                                         .created_micros = clock_.NowMicros()});
      if (task) beta_ids_["rid"] = task->id.value;
      return task ? OkStatus() : Status(task.error());
    }));
    for (const char* kind :
         {"requesters", "documents", "requests", "letter_id", "tokens", "rid", "facilities"}) {
      ASSERT_GT(beta_ids_[kind], 0) << kind;
    }
  }

  HttpResponse Call(const char* slug, Role role, const std::string& method,
                    const std::string& target, const std::string& body) {
    HttpRequest request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(ParseTarget(target, request.path, request.query)) << target;
    request.body = body;
    request.headers.emplace("content-type",
                            body.starts_with("%PDF") ? "application/pdf" : "application/json");
    request.headers.emplace("cookie", sessions_[slug][role].cookie);
    request.headers.emplace("x-csrf-token", sessions_[slug][role].csrf);
    request.remote_address = "192.0.2.20";
    int route = -1;
    return Dispatch(api_->Routes(), request, route);
  }

  // `spec`'s path with every parameter replaced by organization B's id of that kind.
  std::string BetaPath(const RouteSpec& spec) {
    std::string path;
    std::string previous;
    for (std::size_t start = 1; start <= spec.pattern.size();) {
      std::size_t end = spec.pattern.find('/', start);
      if (end == std::string::npos) end = spec.pattern.size();
      std::string segment = spec.pattern.substr(start, end - start);
      if (segment.starts_with("{")) {
        std::string name = segment.substr(1, segment.find('}') - 1);
        std::string suffix = segment.substr(segment.find('}') + 1);
        std::string kind = name == "id" ? previous : name;
        EXPECT_TRUE(beta_ids_.contains(kind)) << spec.pattern << ": no id of kind " << kind;
        segment = std::to_string(beta_ids_[kind]) + suffix;
      }
      path += "/" + segment;
      previous = segment;
      start = end + 1;
    }
    return path;
  }

  std::string Fill(std::string text) {
    auto replace = [&](const std::string& from, const std::string& to) {
      for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from)) {
        text.replace(at, from.size(), to);
      }
    };
    replace("%PATIENT%", std::to_string(beta_patient_.value));
    replace("%REQUESTER%", std::to_string(beta_ids_["requesters"]));
    replace("%USER_A%", std::to_string(user_ids_["alpha"][Role::kClinician].value));
    return text;
  }

  // The first piece of organization B's data found in `body`, or "".
  std::string Leak(const std::string& body) {
    for (const std::string& secret :
         {std::string(kBetaMrn), std::string(kBetaFamily), std::string(kBetaGiven),
          std::string(kBetaRequester), std::string(kBetaDomain), std::string(kBetaNote),
          std::string(kBetaFacility), std::string("Org beta"), beta_number_}) {
      if (!secret.empty() && body.find(secret) != std::string::npos) return secret;
    }
    return "";
  }

  std::vector<AuditEvent> Events(const char* slug, const AuditQuery& query) {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_.InTransaction(orgs_[slug], TxMode::kRead, [&](Transaction& tx) -> Status {
      Result<std::vector<AuditEvent>> found = tx.Audit().Query(query);
      if (!found) return found.error();
      out = *found;
      return OkStatus();
    }));
    return out;
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
  ApiTokenService api_tokens_{store_, clock_, tokens_, &audit_};
  crypto::OpenSslOtpPrimitives otp_;
  std::unique_ptr<crypto::SodiumContentCipher> cipher_ = NewCipher();
  ContentVault vault_{*cipher_, clock_};
  SecretBox secrets_{*cipher_, vault_};
  TotpService totp_{store_, clock_, otp_, "OpenROI Cross", &secrets_, &audit_};
  PatientAccess patient_access_{store_, clock_, audit_};
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_pages_;
  std::unique_ptr<DocumentStore> documents_;
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<detect::HyperscanDetector> detector_;
  render::CairoRenderer renderer_;
  render::QpdfAssembler assembler_;
  render::QpdfPageReplacer page_replacer_;
  crypto::SodiumPacketHasher packet_hasher_;
  StoredPackets released_packets_;
  std::unique_ptr<crypto::Ed25519AuditSigner> packet_signer_;
  std::unique_ptr<PacketService> packets_;
  std::unique_ptr<DeliveryService> deliveries_;
  std::unique_ptr<Api> api_;
  std::map<std::string, OrganizationId> orgs_;
  std::map<std::string, std::map<Role, UserId>> user_ids_;
  std::map<std::string, std::map<Role, Session>> sessions_;
  PatientId alpha_patient_, beta_patient_, last_patient_;
  std::map<std::string, std::int64_t> beta_ids_;
  std::string beta_number_;
};

TEST_F(CrossOrganizationTest, EveryRouteIsCovered) {
  const Router& router = api_->Routes();
  std::set<std::string> seen;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    std::string key = spec.method + " " + spec.pattern;
    seen.insert(key);
    EXPECT_TRUE(Table().contains(key))
        << key << " is not covered by the cross-organization test: add it to Table()";
  }
  for (const auto& [key, coverage] : Table()) {
    EXPECT_TRUE(seen.contains(key)) << key << " is in Table() but not a route any more";
  }
}

TEST_F(CrossOrganizationTest, OrganizationBsIdsAreNotFoundForEveryRoleOfOrganizationA) {
  const Router& router = api_->Routes();
  int checked = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    if (spec.access->kind == Access::Kind::kPublic) continue;
    if (spec.pattern == "/api/v1/auth/logout") continue;  // Would end the session; no id.
    auto coverage = Table().find(spec.method + " " + spec.pattern);
    if (coverage == Table().end()) continue;  // EveryRouteIsCovered reports it.
    bool takes_id = spec.pattern.find('{') != std::string::npos;
    std::string target = takes_id ? BetaPath(spec) : spec.pattern;
    if (!coverage->second.query.empty()) target += "?" + Fill(coverage->second.query);
    std::string body =
        coverage->second.body == "%PDF%" ? testing::SyntheticPdf(1) : Fill(coverage->second.body);
    for (Role role : kAllRoles) {
      SCOPED_TRACE(spec.method + " " + target + " as " + std::string(RoleName(role)));
      HttpResponse response = Call("alpha", role, spec.method, target, body);
      ++checked;
      EXPECT_EQ(Leak(response.body), "") << response.body;
      if (takes_id) {
        EXPECT_TRUE(response.status == 404 || response.status == 403)
            << response.status << " " << response.body;
      } else if (body.find(std::to_string(beta_patient_.value)) != std::string::npos &&
                 spec.method != "GET") {
        // A write naming B's patient in its body must not succeed.
        EXPECT_GE(response.status, 400) << response.body;
      }
    }
  }
  EXPECT_GT(checked, 100);
  // Nothing of B changed: its request is still received and its user still a clinician.
  HttpResponse request = Call("beta", Role::kSupervisor, "GET",
                              "/api/v1/requests/" + std::to_string(beta_ids_["requests"]), "");
  ASSERT_EQ(request.status, 200) << request.body;
  EXPECT_EQ(json::parse(request.body)["state"], "received");
  EXPECT_EQ(json::parse(request.body)["version"], 1);
}

TEST_F(CrossOrganizationTest, TheSameCallsWorkForOrganizationBItself) {
  // The control: the ids and bodies above are right, so A's 404s come from the organization
  // filter, not from a malformed call.
  HttpResponse search =
      Call("beta", Role::kSupervisor, "GET", "/api/v1/patients?q=Testpatient%20Beta", "");
  ASSERT_EQ(search.status, 200) << search.body;
  EXPECT_EQ(json::parse(search.body)["items"].size(), 1u) << search.body;
  EXPECT_NE(search.body.find(kBetaMrn), std::string::npos) << search.body;
  for (const std::string& target :
       {"/api/v1/requests/" + std::to_string(beta_ids_["requests"]),
        "/api/v1/requesters/" + std::to_string(beta_ids_["requesters"]),
        "/api/v1/patients/" + std::to_string(beta_patient_.value) + "/documents",
        "/api/v1/patients/" + std::to_string(beta_patient_.value) + "/authorizations",
        "/api/v1/patients/" + std::to_string(beta_patient_.value),
        "/api/v1/documents/" + std::to_string(beta_ids_["documents"]) + "/content",
        "/api/v1/requests/" + std::to_string(beta_ids_["requests"]) + "/reviews",
        "/api/v1/requests/" + std::to_string(beta_ids_["requests"]) + "/costs",
        "/api/v1/requests/" + std::to_string(beta_ids_["requests"]) + "/letters/" +
            std::to_string(beta_ids_["letter_id"]) + ".pdf"}) {
    HttpResponse response = Call("beta", Role::kSupervisor, "GET", target, "");
    EXPECT_EQ(response.status, 200) << target << ": " << response.body;
  }
}

TEST_F(CrossOrganizationTest, AClinicianBreaksTheGlassWithAReasonAndThePrivacyOfficeSeesIt) {
  std::string documents = "/api/v1/patients/" + std::to_string(alpha_patient_.value) + "/documents";
  HttpResponse refused = Call("alpha", Role::kClinician, "GET", documents, "");
  ASSERT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("break_glass_required"), std::string::npos) << refused.body;
  EXPECT_EQ(refused.body.find("Alphaonly"), std::string::npos);

  std::string glass = "/api/v1/patients/" + std::to_string(alpha_patient_.value) + "/break-glass";
  EXPECT_EQ(Call("alpha", Role::kClinician, "POST", glass, R"({"reason":"short"})").status, 400);
  EXPECT_EQ(Call("alpha", Role::kClinician, "POST", glass, R"({})").status, 400);
  EXPECT_EQ(Call("alpha", Role::kRoiSpecialist, "POST", glass,
                 R"({"reason":"Emergency department admission"})")
                .status,
            409);
  HttpResponse granted = Call("alpha", Role::kClinician, "POST", glass,
                              R"({"reason":"Emergency department admission"})");
  ASSERT_EQ(granted.status, 201) << granted.body;
  EXPECT_EQ(Call("alpha", Role::kClinician, "GET", documents, "").status, 200);

  HttpResponse listed =
      Call("alpha", Role::kPrivacyOfficer, "GET",
           "/api/v1/audit/break-glass?patient=" + std::to_string(alpha_patient_.value), "");
  ASSERT_EQ(listed.status, 200) << listed.body;
  json grants = json::parse(listed.body)["grants"];
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0]["reason"], "Emergency department admission");
  EXPECT_EQ(grants[0]["user_id"], user_ids_["alpha"][Role::kClinician].value);
  EXPECT_EQ(Call("alpha", Role::kClinician, "GET", "/api/v1/audit/break-glass", "").status, 403);
  std::vector<AuditEvent> flagged = Events("alpha", {.action = AuditAction::kBreakGlass});
  ASSERT_EQ(flagged.size(), 1u);
  EXPECT_EQ(flagged[0].patient_id, alpha_patient_);

  clock_.AdvanceMicros(61LL * 60 * 1'000'000);
  // The session idles out after 30 minutes: sign in again, and the grant has expired.
  Result<LoginResult> login = auth_.Login(
      {.organization = "alpha", .email = "clinician@alpha.example.test", .password = kPassword});
  ASSERT_TRUE(login);
  sessions_["alpha"][Role::kClinician] = {std::string(kSessionCookie) + "=" + login->session_token,
                                          login->csrf_token};
  EXPECT_EQ(Call("alpha", Role::kClinician, "GET", documents, "").status, 403);
}

TEST_F(CrossOrganizationTest, RefusalsOfSignedInCallersAreAuditedWithoutPhi) {
  HttpResponse refused = Call("alpha", Role::kClinician, "GET", "/api/v1/requests", "");
  ASSERT_EQ(refused.status, 403);
  std::string documents = "/api/v1/patients/" + std::to_string(alpha_patient_.value) + "/documents";
  ASSERT_EQ(Call("alpha", Role::kClinician, "GET", documents, "").status, 403);
  std::vector<AuditEvent> denied = Events(
      "alpha", {.actor = user_ids_["alpha"][Role::kClinician], .outcome = AuditOutcome::kDenied});
  ASSERT_EQ(denied.size(), 2u);
  EXPECT_EQ(denied[0].action, AuditAction::kRead);
  EXPECT_EQ(denied[0].entity_kind, "route");
  EXPECT_EQ(denied[0].entity_id, "GET /api/v1/requests");
  EXPECT_EQ(denied[0].detail, "role lacks permission manage_requests");
  EXPECT_EQ(denied[1].entity_id, "GET /api/v1/patients/{id}/documents");
  EXPECT_EQ(denied[1].detail, "break_glass_required");
  for (const AuditEvent& event : denied) {
    EXPECT_EQ(event.detail.find("Alphaonly"), std::string::npos);
    EXPECT_EQ(event.remote_address, "192.0.2.20");
  }
  // Unauthenticated calls are not recorded one by one.
  std::size_t before = Events("alpha", {.limit = 1000}).size();
  HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.target = anonymous.path = "/api/v1/requests";
  int route = -1;
  EXPECT_EQ(Dispatch(api_->Routes(), anonymous, route).status, 401);
  EXPECT_EQ(Events("alpha", {.limit = 1000}).size(), before);
}

TEST_F(CrossOrganizationTest, TokenChangesArePermissionChanges) {
  HttpResponse created = Call("alpha", Role::kSupervisor, "POST", "/api/v1/auth/tokens",
                              R"({"name":"nightly","scopes":["read_audit"],"expires_in_days":3})");
  ASSERT_EQ(created.status, 201) << created.body;
  std::int64_t id = json::parse(created.body)["id"];
  ASSERT_EQ(
      Call("alpha", Role::kSupervisor, "DELETE", "/api/v1/auth/tokens/" + std::to_string(id), "")
          .status,
      204);
  std::vector<AuditEvent> changes = Events("alpha", {.action = AuditAction::kPermissionChange});
  std::vector<std::string> details;
  for (const AuditEvent& event : changes) {
    if (event.entity_kind == "api_token") details.push_back(event.detail);
  }
  EXPECT_EQ(details, (std::vector<std::string>{"API token created, scopes read_audit",
                                               "API token revoked"}));
}

// Organization B's real packet and deliveries (not only ids that do not exist in A): every packet
// and delivery route called by A's users with B's request id and the packet's sequence or the
// delivery's id answers 404 or 403, without the packet's bytes, digest or the delivery's
// recipient, address or tracking number, and changes nothing of B's.
TEST_F(CrossOrganizationTest, OrganizationBsRealPacketsAndDeliveriesAreNotFoundForOrganizationA) {
  const RequestId request(beta_ids_["requests"]);
  const UserId releaser = user_ids_["beta"][Role::kSupervisor];
  const std::string pdf = testing::SyntheticPdf(1);
  constexpr const char* kTracking = "BETA-TRACK-4471";
  constexpr const char* kBetaStreet = "77 Betaonly Street, Example City";
  std::string packet_digest;
  DeliveryId mail_id, link_id;
  ASSERT_TRUE(store_.InTransaction(orgs_["beta"], TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<DisclosureEntry> disclosure =
        tx.Disclosures().Insert(DisclosureEntry{.patient_id = beta_patient_,
                                                .request_id = request,
                                                .disclosed_on = *Date::FromYmd(2025, 2, 1),
                                                .recipient_name = kBetaRequester,
                                                .description = "Records in scope",
                                                .purpose = "personal",
                                                .released_by = releaser,
                                                .means = DisclosureMeans::kMail,
                                                .basis = DisclosureBasis::kTreatment});
    if (!disclosure) return disclosure.error();
    Result<ContentRecord> content = vault_.Put(tx, pdf, "application/pdf");
    if (!content) return content.error();
    packet_digest = content->digest;
    Result<PacketRecord> packet = tx.Packets().Insert(PacketRecord{
        .request_id = request,
        .content_id = content->id,
        .pages = 1,
        .digest = content->digest,
        .manifest =
            std::string(R"({"organization":"Org beta","recipient":")") + kBetaRequester + "\"}",
        .signature = std::string(128, 'a'),
        .signing_key_id = std::string(64, 'b'),
        .created_by = releaser,
        .created_micros = clock_.NowMicros()});
    if (!packet) return packet.error();
    beta_ids_["packet_sequence"] = packet->sequence;
    Delivery mail{.request_id = request,
                  .disclosure_id = disclosure->id,
                  .patient_id = beta_patient_,
                  .medium = DeliveryMedium::kMail,
                  .status = DeliveryStatus::kSent,
                  .recipient = kBetaRequester,
                  .address = kBetaStreet,
                  .tracking_number = kTracking,
                  .created_by = releaser,
                  .created_micros = clock_.NowMicros(),
                  .updated_micros = clock_.NowMicros()};
    Result<Delivery> stored_mail = tx.Deliveries().Insert(mail);
    if (!stored_mail) return stored_mail.error();
    mail_id = stored_mail->id;
    Delivery link = mail;
    link.medium = DeliveryMedium::kDownloadLink;
    link.address.clear();
    link.tracking_number.clear();
    link.content_id = content->id;
    link.content_digest = content->digest;
    link.file_name = beta_number_ + "-packet.pdf";
    link.page_count = 1;
    link.token_digest = std::string(64, 'c');
    link.code_hash = "fake$code";
    link.expires_micros = clock_.NowMicros() + 86'400'000'000;
    link.max_downloads = 3;
    Result<Delivery> stored_link = tx.Deliveries().Insert(link);
    if (!stored_link) return stored_link.error();
    link_id = stored_link->id;
    return OkStatus();
  }));
  const std::string base = "/api/v1/requests/" + std::to_string(request.value);
  const std::string sequence = std::to_string(beta_ids_["packet_sequence"]);
  // The control: B's own supervisor reaches them with these ids.
  HttpResponse own =
      Call("beta", Role::kSupervisor, "GET", base + "/packets/" + sequence + ".pdf", "");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.body, pdf);
  own = Call("beta", Role::kSupervisor, "GET", base + "/deliveries", "");
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_NE(own.body.find(kTracking), std::string::npos) << own.body;

  auto leak = [&](const std::string& body) {
    std::string found = Leak(body);
    if (!found.empty()) return found;
    for (const std::string& secret :
         {packet_digest, std::string(kTracking), std::string(kBetaStreet), std::string("%PDF")}) {
      if (body.find(secret) != std::string::npos) return secret;
    }
    return std::string();
  };
  const Router& router = api_->Routes();
  int checked = 0;
  for (std::size_t i = 0; i < router.RouteCount(); ++i) {
    const RouteSpec& spec = router.Spec(i);
    if (spec.access->kind == Access::Kind::kPublic) continue;
    bool packets = spec.pattern.find("/packet") != std::string::npos;
    bool deliveries = spec.pattern.find("/deliveries") != std::string::npos;
    if ((!packets && !deliveries) || spec.pattern.find("{id}") == std::string::npos) continue;
    auto coverage = Table().find(spec.method + " " + spec.pattern);
    ASSERT_NE(coverage, Table().end()) << spec.pattern;
    std::vector<std::string> ns = {sequence};
    if (deliveries) ns = {std::to_string(mail_id.value), std::to_string(link_id.value)};
    for (const std::string& n : ns) {
      std::string target = spec.pattern;
      target.replace(target.find("{id}"), 4, std::to_string(request.value));
      if (std::size_t at = target.find("{n}"); at != std::string::npos) target.replace(at, 3, n);
      for (Role role : kAllRoles) {
        SCOPED_TRACE(spec.method + " " + target + " as " + std::string(RoleName(role)));
        HttpResponse response =
            Call("alpha", role, spec.method, target, Fill(coverage->second.body));
        ++checked;
        EXPECT_TRUE(response.status == 404 || response.status == 403)
            << response.status << " " << response.body;
        EXPECT_EQ(leak(response.body), "") << response.body;
      }
    }
  }
  EXPECT_GE(checked, 9 * static_cast<int>(kAllRoles.size()));
  // Nothing of B's changed: one packet, both deliveries as they were, no new delivery events.
  ASSERT_TRUE(store_.InTransaction(orgs_["beta"], TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<std::vector<PacketRecord>> packets = tx.Packets().List(request);
    if (!packets) return packets.error();
    EXPECT_EQ(packets->size(), 1u);
    Result<std::vector<Delivery>> listed = tx.Deliveries().ListForRequest(request);
    if (!listed) return listed.error();
    EXPECT_EQ(listed->size(), 2u);
    for (const Delivery& delivery : *listed) {
      EXPECT_EQ(delivery.version, 1);
      EXPECT_NE(delivery.status, DeliveryStatus::kRevoked);
      Result<std::vector<DeliveryEvent>> events = tx.Deliveries().Events(delivery.id);
      if (!events) return events.error();
      EXPECT_TRUE(events->empty());
    }
    return OkStatus();
  }));
}

}  // namespace
}  // namespace roi::http
