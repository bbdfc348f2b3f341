// The organization's patients over a real server on a free port, on SQLite and (when
// ROI_TEST_POSTGRES_URL is set) PostgreSQL: registering a patient at intake (every field checked,
// the MRN unique, nothing stored on a refusal), searching by exact MRN or the start of a family
// name (narrowed by birth date; merged pending-match records left out), reading and correcting one
// from its version; each patient listed, read, registered or changed is in the audit trail, and a
// patient the access guard refuses is left out of a search and refused when read.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/patient_access.h"
#include "app/patient_match_store.h"
#include "integration/lifecycle_fixture.h"

namespace roi::http {
namespace {

using nlohmann::json;

// Refuses one patient to clinicians, as the assignment rule would.
class RefuseOnePatient final : public PatientAccessGuard {
 public:
  Status Check(Transaction&, UserId, Role role, PatientId patient) const override {
    if (role == Role::kClinician && patient == refused) return BreakGlassRequiredError(patient);
    return OkStatus();
  }
  PatientId refused;
};

template <typename Factory>
class PatientRoutesTest : public roi::testing::LifecycleFixture {
 protected:
  PatientRoutesTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Patient Registry Clinic",
                          .slug = "registry",
                          .patient_mrn = "REG-0001",
                          .password = "patient-routes-password-long",
                          .users = {{.name = "specialist", .role = Role::kRoiSpecialist},
                                    {.name = "clinician", .role = Role::kClinician},
                                    {.name = "billing", .role = Role::kBilling},
                                    {.name = "requester", .role = Role::kRequester}}}) {}
  void Configure(ApiDependencies&) override { audit_.GuardPatients(&guard_); }
  void TearDown() override {
    LifecycleFixture::TearDown();
    audit_.GuardPatients(nullptr);
  }

  json NewPatient(const std::string& mrn, const std::string& family,
                  const std::string& birth = "1990-04-05") {
    return {{"mrn", mrn},
            {"given_name", "Synthetic"},
            {"family_name", family},
            {"birth_date", birth},
            {"phone", "555-0100"},
            {"email", "synthetic.person@example.test"},
            {"address", "1 Example Street, Testville"}};
  }
  std::int64_t Register(const std::string& mrn, const std::string& family,
                        const std::string& birth = "1990-04-05") {
    auto [status, body] =
        CallAs("specialist", "POST", "/api/v1/patients", NewPatient(mrn, family, birth));
    EXPECT_EQ(status, 201) << body.dump();
    return body.value("id", std::int64_t{0});
  }
  std::vector<std::string> Mrns(const json& body) {
    std::vector<std::string> out;
    for (const json& item : body["items"]) out.push_back(item["mrn"].get<std::string>());
    return out;
  }
  std::int64_t PatientCount() {
    std::int64_t count = 0;
    EXPECT_TRUE(store_->InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::int64_t> counted = tx.Patients().Count();
      if (!counted) return Status(counted.error());
      count = *counted;
      return OkStatus();
    }));
    return count;
  }
  // The audit events naming `patient` with `detail`.
  std::vector<AuditEvent> Events(std::int64_t patient, const std::string& detail) {
    std::vector<AuditEvent> out;
    EXPECT_TRUE(store_->InTransaction(organization_, TxMode::kRead, [&](Transaction& tx) {
      Result<std::vector<AuditEvent>> events = tx.Audit().Scan(0, 10000);
      if (!events) return Status(events.error());
      for (const AuditEvent& event : *events) {
        if (event.patient_id.value == patient && event.detail == detail) out.push_back(event);
      }
      return OkStatus();
    }));
    return out;
  }
  static std::string FirstPath(const json& body) {
    const json& details = body["error"]["details"];
    return details.empty() ? "" : details[0]["path"].get<std::string>();
  }

  RefuseOnePatient guard_;
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(PatientRoutesTest, Backends, contract::ImplementationNames);

TYPED_TEST(PatientRoutesTest, RegisteredPatientIsStoredWithEveryFieldAndAudited) {
  auto [status, body] = this->CallAs("specialist", "POST", "/api/v1/patients",
                                     this->NewPatient("REG-0100", "Sample"));
  ASSERT_EQ(status, 201) << body.dump();
  EXPECT_EQ(body["mrn"], "REG-0100");
  EXPECT_EQ(body["family_name"], "Sample");
  EXPECT_EQ(body["birth_date"], "1990-04-05");
  EXPECT_TRUE(body["deceased_on"].is_null());
  EXPECT_EQ(body["address"], "1 Example Street, Testville");
  EXPECT_EQ(body["version"], 1);
  const std::int64_t id = body.value("id", std::int64_t{0});
  std::vector<AuditEvent> created = this->Events(id, "register patient");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].action, AuditAction::kCreate);
  EXPECT_EQ(created[0].actor_id.value, this->user_ids_["specialist"]);

  auto [read, got] = this->CallAs("specialist", "GET", "/api/v1/patients/" + std::to_string(id));
  ASSERT_EQ(read, 200) << got.dump();
  EXPECT_EQ(got, body);
  EXPECT_EQ(this->Events(id, "read patient").size(), 1u);
  EXPECT_EQ(this->CallAs("specialist", "GET", "/api/v1/patients/999999").first, 404);
  EXPECT_EQ(this->CallAs("specialist", "GET", "/api/v1/patients/abc").first, 404);
}

TYPED_TEST(PatientRoutesTest, BadRegistrationsAreRefusedNamingTheFieldAndStoreNothing) {
  std::int64_t before = this->PatientCount();
  struct Case {
    json body;
    long status;
    std::string path;
  };
  json missing = this->NewPatient("REG-0200", "Sample");
  missing.erase("birth_date");
  json bad_mrn = this->NewPatient("REG 0200", "Sample");
  json empty_name = this->NewPatient("REG-0200", "");
  json bad_date = this->NewPatient("REG-0200", "Sample", "1990-02-30");
  json future = this->NewPatient("REG-0200", "Sample", "2031-01-01");
  json death_before_birth = this->NewPatient("REG-0200", "Sample");
  death_before_birth["deceased_on"] = "1980-01-01";
  json newline = this->NewPatient("REG-0200", "Sample");
  newline["address"] = "1 Example Street\nTestville";
  json unknown = this->NewPatient("REG-0200", "Sample");
  unknown["ssn"] = "000-00-0000";
  json number_name = this->NewPatient("REG-0200", "Sample");
  number_name["given_name"] = 7;
  json bad_email = this->NewPatient("REG-0200", "Sample");
  bad_email["email"] = "not-an-address";
  json taken = this->NewPatient("REG-0001", "Sample");  // The fixture's patient.
  for (const Case& c : {Case{missing, 400, "birth_date"}, Case{bad_mrn, 400, "mrn"},
                        Case{empty_name, 400, "family_name"}, Case{bad_date, 400, "birth_date"},
                        Case{future, 400, "birth_date"},
                        Case{death_before_birth, 400, "deceased_on"}, Case{newline, 400, "address"},
                        Case{unknown, 400, "ssn"}, Case{number_name, 400, "given_name"},
                        Case{bad_email, 400, "email"}, Case{taken, 409, "mrn"}}) {
    auto [status, body] = this->CallAs("specialist", "POST", "/api/v1/patients", c.body);
    EXPECT_EQ(status, c.status) << c.body.dump() << " -> " << body.dump();
    EXPECT_EQ(this->FirstPath(body), c.path) << body.dump();
  }
  roi::testing::ClientResponse malformed =
      roi::testing::Fetch(this->server_->Port(), "POST", "/api/v1/patients",
                          "{\"mrn\": ", this->headers_["specialist"]);
  EXPECT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_EQ(this->PatientCount(), before);
}

TYPED_TEST(PatientRoutesTest, SearchFindsByExactMrnOrFamilyNamePrefixAndAuditsEachOneListed) {
  std::int64_t sample = this->Register("REG-0300", "Sample", "1990-04-05");
  std::int64_t samson = this->Register("REG-0301", "Samson", "1975-11-30");
  this->Register("REG-0302", "Other", "1990-04-05");
  auto [by_mrn, mrn_body] = this->CallAs("specialist", "GET", "/api/v1/patients?q=REG-0301");
  ASSERT_EQ(by_mrn, 200) << mrn_body.dump();
  EXPECT_EQ(this->Mrns(mrn_body), std::vector<std::string>{"REG-0301"});
  EXPECT_EQ(this->Events(samson, "patient search").size(), 1u);

  auto [by_name, name_body] = this->CallAs("specialist", "GET", "/api/v1/patients?q=sAm");
  ASSERT_EQ(by_name, 200) << name_body.dump();
  EXPECT_EQ(this->Mrns(name_body), (std::vector<std::string>{"REG-0300", "REG-0301"}));
  EXPECT_EQ(name_body["items"][0]["given_name"], "Synthetic");
  EXPECT_EQ(this->Events(sample, "patient search").size(), 1u);
  EXPECT_EQ(this->Events(samson, "patient search").size(), 2u);

  auto [born, born_body] =
      this->CallAs("specialist", "GET", "/api/v1/patients?q=Sam&birth_date=1975-11-30");
  ASSERT_EQ(born, 200) << born_body.dump();
  EXPECT_EQ(this->Mrns(born_body), std::vector<std::string>{"REG-0301"});
  auto [one, one_body] = this->CallAs("specialist", "GET", "/api/v1/patients?q=Sam&limit=1");
  ASSERT_EQ(one, 200);
  EXPECT_EQ(this->Mrns(one_body), std::vector<std::string>{"REG-0300"});
  auto [none, none_body] = this->CallAs("specialist", "GET", "/api/v1/patients?q=Nobody");
  ASSERT_EQ(none, 200);
  EXPECT_TRUE(none_body["items"].empty());

  for (const char* bad : {"/api/v1/patients", "/api/v1/patients?q=S", "/api/v1/patients?q=%20S%20",
                          "/api/v1/patients?q=Sam&limit=0", "/api/v1/patients?q=Sam&limit=51",
                          "/api/v1/patients?q=Sam&limit=x",
                          "/api/v1/patients?q=Sam&birth_date=1990", "/api/v1/patients?q=Sa%0Am"}) {
    auto [status, body] = this->CallAs("specialist", "GET", bad);
    EXPECT_EQ(status, 400) << bad << " -> " << body.dump();
  }
}

TYPED_TEST(PatientRoutesTest, SearchLeavesOutMergedPendingMatches) {
  std::int64_t pending = this->Register("PENDING-0001", "Pendingperson");
  // A request filed under the pending record, re-matched to the fixture's patient: the pending
  // record is merged.
  ASSERT_TRUE(
      this->store_->InTransaction(this->organization_, TxMode::kWrite, [&](Transaction& tx) {
        Result<Requester> requester =
            tx.Requesters().Insert(Requester{.role = "patient", .name = "Synthetic Requester"});
        if (!requester) return Status(requester.error());
        Result<ReleaseRequest> request = tx.Requests().Insert(
            ReleaseRequest{.number = "R-2025-000777",
                           .patient_id = PatientId(pending),
                           .requester_id = requester->id,
                           .requester_role = "patient",
                           .received_on = *Date::FromYmd(2025, 1, 6),
                           .received_micros = this->clock_.NowMicros(),
                           .facts = RequestFacts{.basis = "access", .purpose = "personal"}});
        if (!request) return Status(request.error());
        if (Status moved = tx.PatientMatches().MoveRequest(request->id, this->patient_); !moved) {
          return moved;
        }
        return tx.PatientMatches().Record(
            PatientRematch{.request_id = request->id,
                           .from_patient_id = PatientId(pending),
                           .to_patient_id = this->patient_,
                           .matched_by = this->principals_["specialist"].user.id,
                           .matched_micros = this->clock_.NowMicros(),
                           .pending_merged = true});
      }));
  auto [status, body] = this->CallAs("specialist", "GET", "/api/v1/patients?q=Pendingp");
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_TRUE(body["items"].empty()) << body.dump();
  auto [by_mrn, mrn_body] = this->CallAs("specialist", "GET", "/api/v1/patients?q=PENDING-0001");
  ASSERT_EQ(by_mrn, 200);
  EXPECT_TRUE(mrn_body["items"].empty()) << mrn_body.dump();
}

TYPED_TEST(PatientRoutesTest, CorrectionsApplyFromTheVersionAndNameTheFieldsChanged) {
  std::int64_t id = this->Register("REG-0400", "Sample");
  std::string path = "/api/v1/patients/" + std::to_string(id);
  auto [status, body] = this->CallAs("specialist", "PATCH", path,
                                     {{"version", 1},
                                      {"phone", "555-0199"},
                                      {"deceased_on", "2024-12-01"},
                                      {"email", "synthetic.person@example.test"}});
  ASSERT_EQ(status, 200) << body.dump();
  EXPECT_EQ(body["phone"], "555-0199");
  EXPECT_EQ(body["deceased_on"], "2024-12-01");
  EXPECT_EQ(body["version"], 2);
  std::vector<AuditEvent> changed = this->Events(id, "change deceased_on, phone");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].action, AuditAction::kUpdate);

  // From an old version: refused, nothing changed.
  auto [stale, stale_body] =
      this->CallAs("specialist", "PATCH", path, {{"version", 1}, {"phone", "555-0111"}});
  EXPECT_EQ(stale, 409) << stale_body.dump();
  // The same change again is no change (a retry).
  auto [again, again_body] =
      this->CallAs("specialist", "PATCH", path, {{"version", 2}, {"phone", "555-0199"}});
  EXPECT_EQ(again, 200);
  EXPECT_EQ(again_body["version"], 2);
  // null clears the date of death.
  auto [cleared, cleared_body] =
      this->CallAs("specialist", "PATCH", path, {{"version", 2}, {"deceased_on", nullptr}});
  ASSERT_EQ(cleared, 200) << cleared_body.dump();
  EXPECT_TRUE(cleared_body["deceased_on"].is_null());
  EXPECT_EQ(cleared_body["version"], 3);

  struct Case {
    json body;
    std::string path;
  };
  for (const Case& c : {Case{{{"phone", "555-0100"}}, "version"},
                        Case{{{"version", 3}, {"mrn", "REG-0999"}}, "mrn"},
                        Case{{{"version", 3}, {"family_name", ""}}, "family_name"},
                        Case{{{"version", 3}, {"deceased_on", "1980-01-01"}}, "deceased_on"},
                        Case{{{"version", 3}, {"nickname", "x"}}, "nickname"}}) {
    auto [refused, refused_body] = this->CallAs("specialist", "PATCH", path, c.body);
    EXPECT_EQ(refused, 400) << c.body.dump() << " -> " << refused_body.dump();
    EXPECT_EQ(this->FirstPath(refused_body), c.path) << refused_body.dump();
  }
  auto [final_read, final_body] = this->CallAs("specialist", "GET", path);
  ASSERT_EQ(final_read, 200);
  EXPECT_EQ(final_body["version"], 3);
  EXPECT_EQ(final_body["phone"], "555-0199");
  EXPECT_EQ(final_body["mrn"], "REG-0400");
}

TYPED_TEST(PatientRoutesTest, RolesAndTheAccessGuardDecideWhoSeesWhichPatient) {
  std::int64_t open = this->Register("REG-0500", "Guarded");
  std::int64_t closed = this->Register("REG-0501", "Guardedtoo");
  this->guard_.refused = PatientId(closed);
  // Clinicians may read patients (those the guard lets them), not register them.
  auto [listed, listed_body] = this->CallAs("clinician", "GET", "/api/v1/patients?q=Guard");
  ASSERT_EQ(listed, 200) << listed_body.dump();
  EXPECT_EQ(this->Mrns(listed_body), std::vector<std::string>{"REG-0500"});
  EXPECT_TRUE(this->Events(closed, "patient search").empty());
  EXPECT_EQ(this->CallAs("clinician", "GET", "/api/v1/patients/" + std::to_string(open)).first,
            200);
  auto [refused, refused_body] =
      this->CallAs("clinician", "GET", "/api/v1/patients/" + std::to_string(closed));
  EXPECT_EQ(refused, 403);
  EXPECT_EQ(this->FirstPath(refused_body), "break_glass");
  EXPECT_EQ(this->CallAs("clinician", "POST", "/api/v1/patients", this->NewPatient("REG-0502", "X"))
                .first,
            403);
  // Billing may look a patient up; a requester may not.
  EXPECT_EQ(this->CallAs("billing", "GET", "/api/v1/patients?q=Guard").first, 200);
  EXPECT_EQ(this->CallAs("billing", "PATCH", "/api/v1/patients/" + std::to_string(open),
                         {{"version", 1}, {"phone", "555-0142"}})
                .first,
            403);
  EXPECT_EQ(this->CallAs("requester", "GET", "/api/v1/patients?q=Guard").first, 403);
}

}  // namespace
}  // namespace roi::http
