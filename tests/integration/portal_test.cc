// The requester/patient portal over the real Api (in memory): self-registration, submission with
// the authorization upload, the status a portal user sees, isolation between two portal users,
// bad input with per-field errors, no patient data of a non-matching patient, and card payments
// that never exceed the balance.  docs/portal.md.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "crypto/content_cipher.h"
#include "crypto/sodium.h"
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
};

class PortalTest : public ::testing::Test {
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
                                       .given_name = "Realgiven",
                                       .family_name = "Testpatient Realone",
                                       .birth_date = *Date::FromYmd(1970, 5, 6)});
      if (!patient) return Status(patient.error());
      real_patient_ = patient->id;
      return OkStatus();
    }));
    for (auto [name, role] : {std::pair{"specialist", Role::kRoiSpecialist},
                              std::pair{"supervisor", Role::kSupervisor}}) {
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
    api_ = std::make_unique<Api>(ApiDependencies{.store = store_,
                                                 .rules = rules_.get(),
                                                 .auth = &auth_,
                                                 .clock = &clock_,
                                                 .users = &users_,
                                                 .audit = &audit_,
                                                 .documents = documents_.get(),
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
    request.remote_address = "192.0.2.30";
    int route = -1;
    HttpResponse response = Dispatch(api_->Routes(), request, route);
    return {response.status, json::parse(response.body, nullptr, false), response.body};
  }

  // Registers `who` (kind patient) and signs them in.
  void Register(const std::string& who, const std::string& kind = "patient",
                const std::string& role = "") {
    json body = {{"organization", "portalclinic"},
                 {"email", who + "@example.test"},
                 {"password", kPassword},
                 {"name", "Testperson " + who},
                 {"kind", kind}};
    if (!role.empty()) body["requester_role"] = role;
    Answer registered = Call("", "POST", "/api/v1/portal/register", body.dump());
    ASSERT_EQ(registered.status, 201) << registered.raw;
    EXPECT_EQ(registered.body["role"], kind);
    sessions_[who] = SignIn(who + "@example.test");
  }

  json Submission(const std::string& given, const std::string& family, const std::string& birth,
                  const std::string& mrn = "") {
    json body = {{"patient_given_name", given},
                 {"patient_family_name", family},
                 {"patient_birth_date", birth}};
    if (!mrn.empty()) body["patient_mrn"] = mrn;
    return body;
  }

  std::int64_t Submit(const std::string& who) {
    Answer submitted = Call(who, "POST", "/api/v1/portal/requests",
                            Submission("Ann", "Testpatient " + who, "1990-01-02").dump());
    EXPECT_EQ(submitted.status, 201) << submitted.raw;
    return submitted.body.value("id", std::int64_t{0});
  }

  static std::string Path(std::int64_t id) {
    return "/api/v1/portal/requests/" + std::to_string(id);
  }

  // The request's patient as staff see it.
  std::int64_t PatientOf(std::int64_t id) {
    Answer request = Call("specialist", "GET", "/api/v1/requests/" + std::to_string(id));
    EXPECT_EQ(request.status, 200) << request.raw;
    return request.body["patient"]["id"].get<std::int64_t>();
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  docstore::FileSpooler spooler_;
  docstore::QpdfPageCounter pdf_pages_;
  std::unique_ptr<DocumentStore> documents_;
  std::unique_ptr<policy::RuleSet> rules_;
  std::unique_ptr<Api> api_;
  OrganizationId organization_;
  PatientId real_patient_;
  std::map<std::string, Session> sessions_;
};

TEST_F(PortalTest, APatientRegistersSubmitsUploadsAndSeesItReceived) {
  Register("ann");
  Answer submitted = Call("ann", "POST", "/api/v1/portal/requests",
                          Submission("Ann", "Testpatient Ann", "1990-01-02").dump());
  ASSERT_EQ(submitted.status, 201) << submitted.raw;
  std::int64_t id = submitted.body["id"];
  EXPECT_EQ(submitted.body["state"], "received");
  EXPECT_TRUE(submitted.body["due_on"].is_string()) << submitted.raw;
  ASSERT_EQ(submitted.body["letters"].size(), 1u) << submitted.raw;
  EXPECT_EQ(submitted.body["letters"][0]["kind"], "acknowledgment");
  EXPECT_FALSE(submitted.body["invoice"]["issued"]);

  Answer uploaded =
      Call("ann", "POST", Path(id) + "/authorization", testing::SyntheticPdf(1), "application/pdf");
  ASSERT_EQ(uploaded.status, 201) << uploaded.raw;
  EXPECT_EQ(uploaded.body["media_type"], "application/pdf");
  EXPECT_EQ(uploaded.body["pages"], 1);
  // Staff find the file among the patient's documents.
  Answer documents =
      Call("specialist", "GET", "/api/v1/patients/" + std::to_string(PatientOf(id)) + "/documents");
  ASSERT_EQ(documents.status, 200) << documents.raw;
  EXPECT_NE(documents.raw.find("\"kind\":\"authorization\""), std::string::npos) << documents.raw;

  Answer mine = Call("ann", "GET", "/api/v1/portal/requests");
  ASSERT_EQ(mine.status, 200) << mine.raw;
  ASSERT_EQ(mine.body["requests"].size(), 1u);
  EXPECT_EQ(mine.body["requests"][0]["number"], submitted.body["number"]);
  EXPECT_EQ(mine.body["requests"][0]["state"], "received");

  // Staff see it in the work queue like any other request, and move it on; the portal shows it.
  Answer queue = Call("specialist", "GET", "/api/v1/requests");
  ASSERT_EQ(queue.status, 200) << queue.raw;
  EXPECT_NE(queue.raw.find(submitted.body["number"].get<std::string>()), std::string::npos);
  Answer moved =
      Call("specialist", "POST", "/api/v1/requests/" + std::to_string(id) + "/transitions",
           json{{"action", "start_verification"}, {"idempotency_key", "portal-1"}}.dump());
  ASSERT_EQ(moved.status, 200) << moved.raw;
  Answer status = Call("ann", "GET", Path(id));
  ASSERT_EQ(status.status, 200) << status.raw;
  EXPECT_EQ(status.body["state"], "verifying");
  ASSERT_EQ(status.body["history"].size(), 1u);
  EXPECT_EQ(status.body["history"][0]["action"], "start_verification");
  Answer deliveries = Call("ann", "GET", Path(id) + "/deliveries");
  ASSERT_EQ(deliveries.status, 200) << deliveries.raw;
  EXPECT_TRUE(deliveries.body["deliveries"].empty());

  // Every portal read and write is in the audit trail, as the portal user.
  std::vector<AuditEvent> events;
  ASSERT_TRUE(store_.InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> found = tx.Audit().Scan(0, 1000);
    if (!found) return Status(found.error());
    events = *found;
    return OkStatus();
  }));
  std::map<std::string, int> details;
  for (const AuditEvent& event : events) ++details[event.detail];
  EXPECT_GE(details["portal registration as patient"], 1);
  EXPECT_GE(details["intake request"], 1);
  EXPECT_GE(details["portal read request"], 1);
  EXPECT_GE(details["portal list my requests"], 1);
}

TEST_F(PortalTest, APortalUserSeesOnlyTheirOwnRequests) {
  Register("ann");
  Register("bob", "requester", "attorney");
  std::int64_t anns = Submit("ann");
  std::int64_t bobs = Submit("bob");
  for (const std::string& path :
       {Path(anns), Path(anns) + "/invoice", Path(anns) + "/deliveries"}) {
    Answer refused = Call("bob", "GET", path);
    EXPECT_EQ(refused.status, 404) << path << " " << refused.raw;
    EXPECT_EQ(refused.raw.find("Testpatient ann"), std::string::npos);
  }
  EXPECT_EQ(Call("bob", "POST", Path(anns) + "/invoice/payments",
                 json{{"amount_cents", 100}, {"reference", "ch_test_1"}}.dump())
                .status,
            404);
  EXPECT_EQ(Call("bob", "POST", Path(anns) + "/authorization", testing::SyntheticPdf(1),
                 "application/pdf")
                .status,
            404);
  Answer bobs_list = Call("bob", "GET", "/api/v1/portal/requests");
  ASSERT_EQ(bobs_list.status, 200);
  ASSERT_EQ(bobs_list.body["requests"].size(), 1u);
  EXPECT_EQ(bobs_list.body["requests"][0]["id"], bobs);
  EXPECT_EQ(Call("ann", "GET", Path(bobs)).status, 404);
  EXPECT_EQ(Call("ann", "GET", Path(999999)).status, 404);
  // Staff have no portal account and no portal permission.
  EXPECT_EQ(Call("specialist", "GET", "/api/v1/portal/requests").status, 403);
  // Portal users reach none of the desk's routes.
  EXPECT_EQ(Call("ann", "GET", "/api/v1/requests/" + std::to_string(anns)).status, 403);
  EXPECT_EQ(Call("ann", "GET", "/api/v1/requests").status, 403);
}

TEST_F(PortalTest, BadInputGetsClearPerFieldErrors) {
  json good = {{"organization", "portalclinic"},
               {"email", "carl@example.test"},
               {"password", kPassword},
               {"name", "Testperson Carl"},
               {"kind", "patient"}};
  auto registering = [&](const std::string& field, const json& value) {
    json body = good;
    if (value.is_null()) {
      body.erase(field);
    } else {
      body[field] = value;
    }
    return Call("", "POST", "/api/v1/portal/register", body.dump());
  };
  Answer short_password = registering("password", "short");
  EXPECT_EQ(short_password.status, 400);
  EXPECT_EQ(short_password.body["error"]["details"][0]["path"], "password") << short_password.raw;
  EXPECT_EQ(registering("kind", "doctor").status, 400);
  EXPECT_EQ(registering("email", "not-an-email").status, 400);
  EXPECT_EQ(registering("name", nullptr).status, 400);
  EXPECT_EQ(registering("organization", "no-such-clinic").status, 404);
  json requester = good;
  requester["kind"] = "requester";
  EXPECT_EQ(Call("", "POST", "/api/v1/portal/register", requester.dump()).status, 400)
      << "a requester needs a role";
  EXPECT_EQ(Call("", "POST", "/api/v1/portal/register", "not json").status, 400);
  ASSERT_EQ(Call("", "POST", "/api/v1/portal/register", good.dump()).status, 201);
  Answer again = Call("", "POST", "/api/v1/portal/register", good.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.raw.find("already registered"), std::string::npos) << again.raw;

  sessions_["carl"] = SignIn("carl@example.test");
  Answer no_birth = Call(
      "carl", "POST", "/api/v1/portal/requests",
      json{{"patient_given_name", "Carl"}, {"patient_family_name", "Testpatient Carl"}}.dump());
  EXPECT_EQ(no_birth.status, 400);
  EXPECT_EQ(no_birth.body["error"]["details"][0]["path"], "patient_birth_date") << no_birth.raw;
  EXPECT_EQ(Call("carl", "POST", "/api/v1/portal/requests",
                 Submission("Carl", "Testpatient Carl", "02/03/1990").dump())
                .status,
            400);
  EXPECT_EQ(Call("carl", "POST", "/api/v1/portal/requests",
                 Submission("Carl", "Testpatient Carl", "2999-01-01").dump())
                .status,
            400);
  EXPECT_EQ(Call("carl", "POST", "/api/v1/portal/requests",
                 Submission("", "Testpatient Carl", "1990-01-01").dump())
                .status,
            400);
  // A hostile file: an executable, a file that lies about its type, an empty body.
  std::int64_t id = Submit("carl");
  Answer executable = Call("carl", "POST", Path(id) + "/authorization",
                           std::string("MZ\x90\x00\x03\x00\x00\x00", 8) + "This program",
                           "application/octet-stream");
  EXPECT_EQ(executable.status, 400) << executable.raw;
  EXPECT_EQ(
      Call("carl", "POST", Path(id) + "/authorization", testing::SyntheticPng(), "application/pdf")
          .status,
      400);
  EXPECT_EQ(Call("carl", "POST", Path(id) + "/authorization", "", "application/pdf").status, 400);
}

TEST_F(PortalTest, OnlyAnExactMatchUsesAnExistingPatientAndNothingOfThePatientIsShown) {
  Register("ann");
  // Right MRN, wrong birth date: a new pending-match patient; the answer shows nothing of the
  // patient on file.
  Answer near =
      Call("ann", "POST", "/api/v1/portal/requests",
           Submission("Realgiven", "Testpatient Realone", "1970-05-07", "PT-0001").dump());
  ASSERT_EQ(near.status, 201) << near.raw;
  EXPECT_EQ(near.raw.find("Realone"), std::string::npos);
  EXPECT_EQ(near.raw.find("Realgiven"), std::string::npos);
  EXPECT_EQ(near.raw.find("PT-0001"), std::string::npos);
  EXPECT_NE(PatientOf(near.body["id"]), real_patient_.value);
  // Every identifier agrees (names in any case): the patient on file; the answer looks the same.
  Answer exact =
      Call("ann", "POST", "/api/v1/portal/requests",
           Submission("realgiven", "TESTPATIENT REALONE", "1970-05-06", "PT-0001").dump());
  ASSERT_EQ(exact.status, 201) << exact.raw;
  EXPECT_EQ(exact.raw.find("Realone"), std::string::npos);
  EXPECT_EQ(PatientOf(exact.body["id"]), real_patient_.value);
  // Without an MRN, never a match.
  Answer unnamed = Call("ann", "POST", "/api/v1/portal/requests",
                        Submission("Realgiven", "Testpatient Realone", "1970-05-06").dump());
  ASSERT_EQ(unnamed.status, 201) << unnamed.raw;
  EXPECT_NE(PatientOf(unnamed.body["id"]), real_patient_.value);
}

TEST_F(PortalTest, PaysTheInvoiceByCardButNeverOverTheBalance) {
  Register("ann");
  std::int64_t id = Submit("ann");
  Answer none = Call("ann", "GET", Path(id) + "/invoice");
  ASSERT_EQ(none.status, 200) << none.raw;
  EXPECT_FALSE(none.body["issued"]);
  EXPECT_EQ(Call("ann", "POST", Path(id) + "/invoice/payments",
                 json{{"amount_cents", 100}, {"reference", "ch_test_1"}}.dump())
                .status,
            404)
      << "no invoice yet";
  // The desk verifies the person and finds three pages of records: the decision allows a fee.
  std::string desk = "/api/v1/requests/" + std::to_string(id);
  Answer document = Call("specialist", "POST", "/api/v1/documents",
                         json{{"patient_id", PatientOf(id)},
                              {"kind", "progress_note"},
                              {"service_date", "2024-05-01"},
                              {"pages", 3},
                              {"content", "Synthetic content."}}
                             .dump());
  ASSERT_EQ(document.status, 201) << document.raw;
  Answer verified =
      Call("specialist", "PATCH", desk,
           json{{"version", 1}, {"identity_verified", true}, {"signed", true}}.dump());
  ASSERT_EQ(verified.status, 200) << verified.raw;
  for (const char* action : {"start_verification", "start_retrieval"}) {
    ASSERT_EQ(Call("specialist", "POST", desk + "/transitions",
                   json{{"action", action}, {"idempotency_key", action}}.dump())
                  .status,
              200);
  }
  Answer issued = Call("supervisor", "POST", desk + "/invoice", "{}");
  ASSERT_EQ(issued.status, 201) << issued.raw;
  std::int64_t total = issued.body["invoice"]["total_cents"];
  ASSERT_GT(total, 1);

  Answer invoice = Call("ann", "GET", Path(id) + "/invoice");
  ASSERT_EQ(invoice.status, 200) << invoice.raw;
  EXPECT_TRUE(invoice.body["issued"]);
  EXPECT_EQ(invoice.body["balance_cents"], total);

  Answer over = Call("ann", "POST", Path(id) + "/invoice/payments",
                     json{{"amount_cents", total + 1}, {"reference", "ch_test_over"}}.dump());
  EXPECT_EQ(over.status, 409) << over.raw;
  Answer card_number = Call("ann", "POST", Path(id) + "/invoice/payments",
                            json{{"amount_cents", 1}, {"reference", "4111111111111111"}}.dump());
  EXPECT_EQ(card_number.status, 400) << card_number.raw;
  EXPECT_EQ(Call("ann", "POST", Path(id) + "/invoice/payments",
                 json{{"amount_cents", "ten"}, {"reference", "ch_test_2"}}.dump())
                .status,
            400);
  Answer part = Call("ann", "POST", Path(id) + "/invoice/payments",
                     json{{"amount_cents", 1}, {"reference", "ch_test_part"}}.dump());
  ASSERT_EQ(part.status, 201) << part.raw;
  EXPECT_EQ(part.body["balance_cents"], total - 1);
  EXPECT_EQ(part.body["paid_cents"], 1);
  Answer rest = Call("ann", "POST", Path(id) + "/invoice/payments",
                     json{{"amount_cents", total - 1}, {"reference", "ch_test_rest"}}.dump());
  ASSERT_EQ(rest.status, 201) << rest.raw;
  EXPECT_EQ(rest.body["balance_cents"], 0);
  // Billing staff see a card payment with its reference.
  Answer billing = Call("supervisor", "GET", desk + "/invoice");
  ASSERT_EQ(billing.status, 200) << billing.raw;
  EXPECT_NE(billing.raw.find("ch_test_rest"), std::string::npos) << billing.raw;
  EXPECT_NE(billing.raw.find("card"), std::string::npos) << billing.raw;
}

TEST_F(PortalTest, RegistrationIsRateLimitedLikeSignIn) {
  int limited = 0;
  for (int i = 0; i < 12; ++i) {
    json body = {{"organization", "portalclinic"},
                 {"email", "flood" + std::to_string(i) + "@example.test"},
                 {"password", kPassword},
                 {"name", "Testperson Flood"},
                 {"kind", "patient"}};
    if (Call("", "POST", "/api/v1/portal/register", body.dump()).status == 429) ++limited;
  }
  EXPECT_GE(limited, 2);
}

}  // namespace
}  // namespace roi::http
