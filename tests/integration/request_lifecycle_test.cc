// The request lifecycle over a real server on a free port, on SQLite and (when
// ROI_TEST_POSTGRES_URL is set, see scripts/with-postgres.sh) PostgreSQL: intake, the stored
// decision, transitions to release; an attorney request that pends on an unsigned authorization
// and cannot reach ready_to_release until the authorization is fixed; the queue; errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/lifecycle_fixture.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

template <typename Factory>
class RequestLifecycleTest : public roi::testing::LifecycleFixture {
 protected:
  RequestLifecycleTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Lifecycle Clinic",
                          .slug = "lifecycle",
                          .patient_mrn = "LC-0001",
                          .password = "lifecycle-password-long",
                          .users = {{.name = "specialist", .display_name = "Sam Specialist"}}}) {}

  // Sends a request and returns {status, parsed body}.
  std::pair<long, json> Call(const std::string& method, const std::string& path,
                             const json& body = nullptr) {
    return CallAs("specialist", method, path, body);
  }
  std::pair<long, json> Act(std::int64_t id, const std::string& action, const std::string& key) {
    return Call("POST", "/api/v1/requests/" + std::to_string(id) + "/transitions",
                {{"action", action}, {"idempotency_key", key}, {"note", "synthetic"}});
  }
  std::int64_t AddRequester(const std::string& role, const std::string& name) {
    auto [status, body] = Call("POST", "/api/v1/requesters", {{"role", role}, {"name", name}});
    EXPECT_EQ(status, 201) << body.dump();
    return body.value("id", std::int64_t{0});
  }
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(RequestLifecycleTest, Backends, contract::ImplementationNames);

json Authorization(bool is_signed) {
  return {{"signed", is_signed},
          {"signed_on", "2025-01-02"},
          {"expires_on", "2026-01-02"},
          {"describes_information", true},
          {"names_discloser", true},
          {"names_recipient", true},
          {"states_purpose", true},
          {"revocation_statement", true},
          {"conditioning_statement", true},
          {"redisclosure_statement", true},
          {"covers", {"all_records"}},
          {"scanned_file", "placeholder://scan/1"}};
}

TYPED_TEST(RequestLifecycleTest, PatientAccessIsDecidedAndReleased) {
  std::int64_t self = this->AddRequester("patient", "Testpatient Alpha");
  auto [doc_status, doc] = this->Call("POST", "/api/v1/documents",
                                      {{"patient_id", this->patient_.value},
                                       {"kind", "progress_note"},
                                       {"service_date", "2024-05-01"},
                                       {"pages", 4},
                                       {"content", "Synthetic visit note."}});
  ASSERT_EQ(doc_status, 201) << doc.dump();
  auto [list_status, list] =
      this->Call("GET", "/api/v1/patients/" + std::to_string(this->patient_.value) + "/documents");
  ASSERT_EQ(list_status, 200) << list.dump();
  ASSERT_EQ(list["items"].size(), 1u);

  auto [status, created] = this->Call("POST", "/api/v1/requests",
                                      {{"patient_mrn", "LC-0001"},
                                       {"requester_id", self},
                                       {"channel", "portal"},
                                       {"basis", "access"},
                                       {"purpose", "personal"},
                                       {"written", true},
                                       {"signed", true},
                                       {"identity_verified", true},
                                       {"medium", "portal"},
                                       {"scope", {{"all_records", true}}}});
  ASSERT_EQ(status, 201) << created.dump();
  EXPECT_EQ(created["number"], "R-2025-000001");
  EXPECT_EQ(created["state"], "received");
  EXPECT_EQ(created["decision"]["schema"], "openroi.decision/1");
  EXPECT_EQ(created["decision"]["outcome"], "release");
  EXPECT_FALSE(created["decision"]["rules"].empty());
  EXPECT_EQ(created["letters"][0]["kind"], "acknowledgment");
  EXPECT_EQ(created["letters"][0]["body"]["request_number"], "R-2025-000001");
  std::int64_t id = created["id"];

  for (auto [action, key] :
       {std::pair{"start_verification", "p1"}, std::pair{"start_retrieval", "p2"},
        std::pair{"finish_retrieval", "p3"}, std::pair{"release", "p4"}}) {
    auto [code, body] = this->Act(id, action, key);
    ASSERT_EQ(code, 200) << action << ": " << body.dump();
  }
  auto [retry_status, retried] = this->Act(id, "release", "p4");
  ASSERT_EQ(retry_status, 200) << retried.dump();
  auto [get_status, fetched] = this->Call("GET", "/api/v1/requests/" + std::to_string(id));
  ASSERT_EQ(get_status, 200) << fetched.dump();
  EXPECT_EQ(fetched["state"], "released");
  EXPECT_EQ(fetched["history"].size(), 4u);
  EXPECT_EQ(fetched["history"][3]["note"], "synthetic");

  // A second request for the same pair is accepted with a warning.
  auto [dup_status, duplicate] = this->Call("POST", "/api/v1/requests",
                                            {{"patient_id", this->patient_.value},
                                             {"requester_id", self},
                                             {"basis", "access"},
                                             {"purpose", "personal"},
                                             {"scope", {{"all_records", true}}}});
  ASSERT_EQ(dup_status, 201) << duplicate.dump();
  ASSERT_EQ(duplicate["warnings"].size(), 1u);
}

TYPED_TEST(RequestLifecycleTest, UnsignedAuthorizationPendsUntilFixed) {
  std::int64_t attorney = this->AddRequester("attorney", "Sample Law Office");
  auto [status, created] = this->Call("POST", "/api/v1/requests",
                                      {{"patient_id", this->patient_.value},
                                       {"requester_id", attorney},
                                       {"channel", "fax"},
                                       {"basis", "authorization"},
                                       {"purpose", "litigation"},
                                       {"written", true},
                                       {"signed", true},
                                       {"scope", {{"all_records", true}}},
                                       {"authorization", Authorization(false)}});
  ASSERT_EQ(status, 201) << created.dump();
  EXPECT_EQ(created["decision"]["outcome"], "pend");
  EXPECT_NE(created["decision"]["deficiencies"].dump().find("AUTH_UNSIGNED"), std::string::npos);
  std::int64_t id = created["id"];
  ASSERT_EQ(this->Act(id, "start_verification", "a1").first, 200);
  auto [refused, why] = this->Act(id, "start_retrieval", "a2");
  EXPECT_EQ(refused, 409) << why.dump();
  auto [pending_status, pending] = this->Act(id, "request_information", "a3");
  ASSERT_EQ(pending_status, 200) << pending.dump();

  std::string path = "/api/v1/requests/" + std::to_string(id);
  auto [stale, stale_body] =
      this->Call("PATCH", path, {{"version", 1}, {"authorization", Authorization(true)}});
  EXPECT_EQ(stale, 409) << stale_body.dump();
  auto [fixed_status, fixed] = this->Call(
      "PATCH", path, {{"version", pending["version"]}, {"authorization", Authorization(true)}});
  ASSERT_EQ(fixed_status, 200) << fixed.dump();
  EXPECT_EQ(fixed["decision"]["outcome"], "release");
  ASSERT_EQ(this->Act(id, "information_received", "a4").first, 200);
  ASSERT_EQ(this->Act(id, "start_retrieval", "a5").first, 200);
  auto [ready_status, ready] = this->Act(id, "finish_retrieval", "a6");
  ASSERT_EQ(ready_status, 200) << ready.dump();
  EXPECT_EQ(ready["state"], "ready_to_release");

  auto [queue_status, queue] = this->Call("GET", "/api/v1/requests?status=ready_to_release&q=alp");
  ASSERT_EQ(queue_status, 200) << queue.dump();
  ASSERT_EQ(queue["items"].size(), 1u);
  EXPECT_EQ(queue["items"][0]["id"], id);
  EXPECT_EQ(queue["items"][0]["patient"]["mrn"], "LC-0001");
  auto [assigned_status, assigned] =
      this->Call("POST", path + "/assignment",
                 {{"assignee_id", ready["history"][0]["actor_id"]}, {"version", ready["version"]}});
  ASSERT_EQ(assigned_status, 200) << assigned.dump();
  std::int64_t assignee_id = assigned["assignee_id"];
  auto [mine_status, mine] =
      this->Call("GET", "/api/v1/requests?assignee=" + std::to_string(assignee_id));
  ASSERT_EQ(mine_status, 200);
  EXPECT_EQ(mine["items"].size(), 1u);
}

TYPED_TEST(RequestLifecycleTest, ErrorsNameFieldsAndHideOtherOrganizations) {
  auto [bad_json, bad_json_body] = this->Call("POST", "/api/v1/requesters", "not json");
  EXPECT_EQ(bad_json, 400);
  ClientResponse garbage =
      Fetch(this->server_->Port(), "POST", "/api/v1/requests", "{", this->headers_["specialist"]);
  EXPECT_EQ(garbage.status, 400);
  auto [bad_field, detail] = this->Call(
      "POST", "/api/v1/requests",
      {{"requester_id", "seven"}, {"basis", "access"}, {"authorization", {{"signed_on", "x"}}}});
  EXPECT_EQ(bad_field, 400);
  std::string details = detail.dump();
  EXPECT_NE(details.find("/requester_id"), std::string::npos) << details;
  EXPECT_NE(details.find("/authorization/signed_on"), std::string::npos) << details;
  EXPECT_NE(details.find("/purpose"), std::string::npos) << details;
  EXPECT_EQ(this->Call("GET", "/api/v1/requests/999999").first, 404);
  EXPECT_EQ(this->Call("GET", "/api/v1/requests/abc").first, 404);
  EXPECT_EQ(this->Call("GET", "/api/v1/requesters/999999").first, 404);
  EXPECT_EQ(this->Call("GET", "/api/v1/requests?status=bogus").first, 400);
  EXPECT_EQ(this->Call("GET", "/api/v1/requests?cursor=zzz").first, 400);
  std::int64_t self = this->AddRequester("patient", "Testpatient Alpha");
  auto [created_status, created] = this->Call("POST", "/api/v1/requests",
                                              {{"patient_id", this->patient_.value},
                                               {"requester_id", self},
                                               {"basis", "access"},
                                               {"purpose", "personal"},
                                               {"scope", {{"all_records", true}}}});
  ASSERT_EQ(created_status, 201) << created.dump();
  auto [illegal, illegal_body] = this->Act(created["id"], "release", "z1");
  EXPECT_EQ(illegal, 409) << illegal_body.dump();
}

}  // namespace
}  // namespace roi::http
