// Reviews and billing over a real server on a free port, on SQLite and (when
// ROI_TEST_POSTGRES_URL is set) PostgreSQL: an attorney's request for a behavioural-health
// record whose psychotherapy notes are withheld after a clinician's and a supervisor's review; an
// court order held for payment and released once paid; a patient's own access request,
// invoiced but never held, released after a quality check by a second person.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "integration/lifecycle_fixture.h"

namespace roi::http {
namespace {

using nlohmann::json;
using roi::testing::ClientResponse;
using roi::testing::Fetch;

template <typename Factory>
class ReviewBillingTest : public roi::testing::LifecycleFixture {
 protected:
  ReviewBillingTest()
      : LifecycleFixture(roi::testing::StoreSource::Of<Factory>(),
                         {.organization_name = "Review Clinic",
                          .slug = "reviews",
                          .patient_mrn = "RB-0001",
                          .password = "review-billing-password-long",
                          .users = {{.name = "specialist", .role = Role::kRoiSpecialist},
                                    {.name = "clinician", .role = Role::kClinician},
                                    {.name = "supervisor", .role = Role::kSupervisor},
                                    {.name = "billing", .role = Role::kBilling},
                                    {.name = "administrator", .role = Role::kAdministrator}}}) {}

  // Sends a request as `who` and returns {status, parsed body}.
  std::pair<long, json> Call(const std::string& who, const std::string& method,
                             const std::string& path, const json& body = nullptr) {
    return CallAs(who, method, path, body);
  }
  std::pair<long, json> Act(std::int64_t id, const std::string& action, const std::string& key) {
    return Call("specialist", "POST", Path(id) + "/transitions",
                {{"action", action}, {"idempotency_key", key}});
  }
  static std::string Path(std::int64_t id) { return "/api/v1/requests/" + std::to_string(id); }

  std::int64_t AddRequester(const std::string& role, const std::string& name) {
    auto [status, body] =
        Call("specialist", "POST", "/api/v1/requesters", {{"role", role}, {"name", name}});
    EXPECT_EQ(status, 201) << body.dump();
    return body.value("id", std::int64_t{0});
  }
  std::int64_t AddDocument(const std::string& kind, const json& labels, int pages) {
    auto [status, body] = Call("specialist", "POST", "/api/v1/documents",
                               {{"patient_id", patient_.value},
                                {"kind", kind},
                                {"service_date", "2024-05-01"},
                                {"pages", pages},
                                {"labels", labels},
                                {"content", "Synthetic content."}});
    EXPECT_EQ(status, 201) << body.dump();
    return body.value("id", std::int64_t{0});
  }
  std::int64_t AttorneyRequest(std::int64_t attorney) {
    json authorization = {{"signed", true},
                          {"signed_on", "2025-01-02"},
                          {"expires_on", "2026-01-02"},
                          {"describes_information", true},
                          {"names_discloser", true},
                          {"names_recipient", true},
                          {"states_purpose", true},
                          {"revocation_statement", true},
                          {"conditioning_statement", true},
                          {"redisclosure_statement", true},
                          {"covers", {"all_records"}}};
    auto [status, created] = Call("specialist", "POST", "/api/v1/requests",
                                  {{"patient_id", patient_.value},
                                   {"requester_id", attorney},
                                   {"channel", "mail"},
                                   {"basis", "authorization"},
                                   {"purpose", "litigation"},
                                   {"format", "paper"},
                                   {"medium", "mail"},
                                   {"written", true},
                                   {"signed", true},
                                   {"scope", {{"all_records", true}}},
                                   {"authorization", authorization}});
    EXPECT_EQ(status, 201) << created.dump();
    return created.value("id", std::int64_t{0});
  }

  // A court order signed by a judge, presented by an attorney (a fee under Cal. Evid. Code 1563).
  std::int64_t CourtOrderRequest(std::int64_t attorney) {
    auto [status, created] =
        Call("specialist", "POST", "/api/v1/requests",
             {{"patient_id", patient_.value},
              {"requester_id", attorney},
              {"channel", "mail"},
              {"basis", "court_order"},
              {"purpose", "litigation"},
              {"format", "paper"},
              {"medium", "mail"},
              {"written", true},
              {"signed", true},
              {"scope", {{"all_records", true}}},
              {"legal", {{"judge_signed", true}, {"scope", {{"all_records", true}}}}}});
    EXPECT_EQ(status, 201) << created.dump();
    EXPECT_EQ(created["decision"]["outcome"], "release") << created["decision"].dump();
    return created.value("id", std::int64_t{0});
  }
};

using Backends = ::testing::Types<contract::SqliteFactory, contract::PostgresFactory>;
TYPED_TEST_SUITE(ReviewBillingTest, Backends, contract::ImplementationNames);

TYPED_TEST(ReviewBillingTest, PsychotherapyNotesWithheldAfterClinicianAndSupervisorReview) {
  std::int64_t visit = this->AddDocument("progress_note", json::array({"mental_health"}), 4);
  std::int64_t therapy = this->AddDocument("psychotherapy_note", json::array(), 6);
  std::int64_t attorney = this->AddRequester("attorney", "Sample Law Office");
  std::int64_t id = this->AttorneyRequest(attorney);
  std::string reviews = this->Path(id) + "/reviews";

  // An attorney asked: the provider and the administrator are to be told.
  auto [listed_status, listed] = this->Call("specialist", "GET", reviews);
  ASSERT_EQ(listed_status, 200) << listed.dump();
  ASSERT_EQ(listed["notifications"].size(), 2u) << listed.dump();
  EXPECT_EQ(listed["notifications"][0]["recipient"], "provider");
  EXPECT_EQ(listed["notifications"][1]["recipient"], "administrator");
  EXPECT_EQ(listed["notifications"][0]["reason"], "ATTORNEY_REQUEST");
  EXPECT_TRUE(listed["items"].empty());
  EXPECT_EQ(listed["withheld_document_ids"], json::array({therapy})) << listed.dump();
  EXPECT_EQ(this->Call("billing", "GET", reviews).first, 403);

  ASSERT_EQ(this->Act(id, "start_verification", "b1").first, 200);
  ASSERT_EQ(this->Act(id, "start_retrieval", "b2").first, 200);
  auto [skip_status, skip] = this->Act(id, "finish_retrieval", "b3");
  EXPECT_EQ(skip_status, 409) << skip.dump();
  EXPECT_NE(skip.dump().find("a review is required first"), std::string::npos) << skip.dump();
  auto [sent_status, sent] = this->Act(id, "send_to_review", "b4");
  ASSERT_EQ(sent_status, 200) << sent.dump();
  EXPECT_EQ(sent["state"], "in_review");

  auto [tasks_status, tasks] = this->Call("clinician", "GET", reviews);
  ASSERT_EQ(tasks_status, 200) << tasks.dump();
  ASSERT_EQ(tasks["items"].size(), 2u) << tasks.dump();
  const json clinician_task = tasks["items"][0];
  const json supervisor_task = tasks["items"][1];
  EXPECT_EQ(clinician_task["kind"], "clinician");
  EXPECT_EQ(clinician_task["reason"], "PSYCHOTHERAPY_NOTES");
  EXPECT_EQ(clinician_task["status"], "open");
  EXPECT_EQ(supervisor_task["kind"], "supervisor");
  std::string clinician_path =
      reviews + "/" + std::to_string(clinician_task["id"].template get<int>());
  std::string supervisor_path =
      reviews + "/" + std::to_string(supervisor_task["id"].template get<int>());

  auto [early_status, early] = this->Act(id, "complete_review", "b5");
  EXPECT_EQ(early_status, 409) << early.dump();
  EXPECT_NE(early.dump().find("review tasks are still open"), std::string::npos);

  // The wrong person, then bad input, then the clinician's review after talking to the client.
  EXPECT_EQ(this->Call("supervisor", "POST", clinician_path, {{"outcome", "release"}}).first, 403);
  auto [no_docs, no_docs_body] =
      this->Call("clinician", "POST", clinician_path, {{"outcome", "withhold"}});
  EXPECT_EQ(no_docs, 400) << no_docs_body.dump();
  EXPECT_EQ(this->Call("clinician", "POST", clinician_path,
                       {{"outcome", "withhold"}, {"withheld_document_ids", {999999}}})
                .first,
            400);
  auto [done_status, done] =
      this->Call("clinician", "POST", clinician_path,
                 {{"outcome", "withhold"},
                  {"withheld_document_ids", {therapy}},
                  {"notes", "Discussed with the client; therapy notes stay with the practice."}});
  ASSERT_EQ(done_status, 200) << done.dump();
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["outcome"], "withhold");
  EXPECT_FALSE(done["completed_by"].is_null());
  EXPECT_EQ(this->Call("clinician", "POST", clinician_path, {{"outcome", "release"}}).first, 409);

  auto [sup_status, sup] = this->Call("supervisor", "POST", supervisor_path,
                                      {{"outcome", "release"}, {"notes", "Red flag checked."}});
  ASSERT_EQ(sup_status, 200) << sup.dump();

  auto [after_status, after] = this->Call("specialist", "GET", reviews);
  ASSERT_EQ(after_status, 200);
  EXPECT_EQ(after["withheld_document_ids"], json::array({therapy}));
  EXPECT_EQ(after["items"][0]["withheld_document_ids"], json::array({therapy}));
  (void)visit;

  auto [ready_status, ready] = this->Act(id, "complete_review", "b6");
  ASSERT_EQ(ready_status, 200) << ready.dump();
  EXPECT_EQ(ready["state"], "ready_to_release");
  auto [released_status, released] = this->Act(id, "release", "b7");
  ASSERT_EQ(released_status, 200) << released.dump();
  EXPECT_EQ(released["state"], "released");
}

// A subpoena without satisfactory assurances pends, is fixed, passes the supervisor's review and
// is released; its release is logged as accountable, and the patient's accounting lists exactly
// it and not the release made under an authorization.
TYPED_TEST(ReviewBillingTest, SubpoenaPendsThenIsReleasedAndOnlyItIsAccounted) {
  this->AddDocument("progress_note", json::array(), 5);
  std::int64_t attorney = this->AddRequester("attorney", "Sample Law Office");
  auto [status, created] = this->Call("specialist", "POST", "/api/v1/requests",
                                      {{"patient_id", this->patient_.value},
                                       {"requester_id", attorney},
                                       {"channel", "mail"},
                                       {"basis", "subpoena"},
                                       {"purpose", "litigation"},
                                       {"medium", "mail"},
                                       {"written", true},
                                       {"signed", true},
                                       {"identity_verified", true},
                                       {"scope", {{"all_records", true}}},
                                       {"legal", {{"scope", {{"all_records", true}}}}}});
  ASSERT_EQ(status, 201) << created.dump();
  EXPECT_EQ(created["decision"]["outcome"], "pend");
  EXPECT_NE(created["decision"]["deficiencies"].dump().find("SUBPOENA_NO_ASSURANCE"),
            std::string::npos);
  std::int64_t id = created["id"];
  ASSERT_EQ(this->Act(id, "start_verification", "s1").first, 200);
  auto [pending_status, pending] = this->Act(id, "request_information", "s2");
  ASSERT_EQ(pending_status, 200) << pending.dump();
  EXPECT_EQ(pending["state"], "pending_information");
  EXPECT_EQ(pending["letters"].back()["kind"], "pending_information");
  EXPECT_NE(pending["letters"].back()["body"].dump().find("SUBPOENA_NO_ASSURANCE"),
            std::string::npos);

  auto [fixed_status, fixed] = this->Call(
      "specialist", "PATCH", this->Path(id),
      {{"version", pending["version"]},
       {"legal", {{"qualified_protective_order", true}, {"scope", {{"all_records", true}}}}}});
  ASSERT_EQ(fixed_status, 200) << fixed.dump();
  EXPECT_EQ(fixed["decision"]["outcome"], "release");
  EXPECT_TRUE(fixed["decision"]["accountable"].template get<bool>());
  ASSERT_EQ(this->Act(id, "information_received", "s3").first, 200);
  ASSERT_EQ(this->Act(id, "start_retrieval", "s4").first, 200);
  ASSERT_EQ(this->Act(id, "send_to_review", "s5").first, 200);
  auto [tasks_status, tasks] = this->Call("supervisor", "GET", this->Path(id) + "/reviews");
  ASSERT_EQ(tasks_status, 200) << tasks.dump();
  for (const json& task : tasks["items"]) {
    ASSERT_EQ(task["kind"], "supervisor") << tasks.dump();
    auto [done, body] =
        this->Call("supervisor", "POST",
                   this->Path(id) + "/reviews/" + std::to_string(task["id"].template get<int>()),
                   {{"outcome", "release"}, {"notes", "Protective order on file."}});
    ASSERT_EQ(done, 200) << body.dump();
  }
  auto [ready_status, ready] = this->Act(id, "complete_review", "s6");
  ASSERT_EQ(ready_status, 200) << ready.dump();
  ASSERT_EQ(ready["state"], "ready_to_release") << ready.dump();
  EXPECT_TRUE(ready["disclosures"].empty());
  auto [released_status, released] = this->Act(id, "release", "s7");
  ASSERT_EQ(released_status, 200) << released.dump();
  ASSERT_EQ(released["disclosures"].size(), 1u) << released.dump();
  const json subpoena_entry = released["disclosures"][0];
  EXPECT_EQ(subpoena_entry["basis"], "judicial_administrative");
  EXPECT_TRUE(subpoena_entry["accountable"].template get<bool>());
  EXPECT_EQ(subpoena_entry["means"], "mail");
  EXPECT_EQ(subpoena_entry["recipient_name"], "Sample Law Office");
  EXPECT_EQ(subpoena_entry["request_id"], id);

  // A release under an authorization is logged too, but is not accountable.
  std::int64_t authorized = this->AttorneyRequest(attorney);
  for (auto [action, key] :
       {std::pair{"start_verification", "u1"}, std::pair{"start_retrieval", "u2"},
        std::pair{"finish_retrieval", "u3"}, std::pair{"release", "u4"}}) {
    auto [code, body] = this->Act(authorized, action, key);
    ASSERT_EQ(code, 200) << action << ": " << body.dump();
  }
  std::string patient = "/api/v1/patients/" + std::to_string(this->patient_.value);
  auto [log_status, log] = this->Call("administrator", "GET", patient + "/disclosures");
  ASSERT_EQ(log_status, 200) << log.dump();
  ASSERT_EQ(log["items"].size(), 2u) << log.dump();
  EXPECT_FALSE(log["items"][1]["accountable"].template get<bool>());
  EXPECT_EQ(log["items"][1]["basis"], "authorization");
  auto [acc_status, accounting] = this->Call("specialist", "GET", patient + "/accounting");
  ASSERT_EQ(acc_status, 200) << accounting.dump();
  ASSERT_EQ(accounting["lines"].size(), 1u) << accounting.dump();
  EXPECT_EQ(accounting["lines"][0]["disclosure"]["id"], subpoena_entry["id"]);
}

TYPED_TEST(ReviewBillingTest, HeldForPaymentThenReleasedOncePaid) {
  this->AddDocument("progress_note", json::array(), 40);
  std::int64_t attorney = this->AddRequester("attorney", "Sample Law Office");
  std::int64_t id = this->CourtOrderRequest(attorney);
  std::string invoice = this->Path(id) + "/invoice";
  ASSERT_EQ(this->Act(id, "start_verification", "p1").first, 200);
  ASSERT_EQ(this->Act(id, "start_retrieval", "p2").first, 200);

  auto [fee_status, fee] = this->Call("billing", "GET", invoice);
  ASSERT_EQ(fee_status, 200) << fee.dump();
  EXPECT_TRUE(fee["invoice"].is_null());
  EXPECT_TRUE(fee["hold_for_payment"].template get<bool>()) << fee.dump();
  std::int64_t max = fee["max_cents"];
  ASSERT_GT(max, 0) << fee.dump();
  EXPECT_EQ(this->Call("specialist", "GET", invoice).first, 403);

  auto [over_status, over] = this->Call(
      "billing", "POST", invoice,
      {{"lines", {{{"description", "Copies"}, {"quantity", 1}, {"unit_cents", max + 1}}}}});
  EXPECT_EQ(over_status, 409) << over.dump();
  EXPECT_NE(over.dump().find("exceeds the lawful maximum"), std::string::npos) << over.dump();
  auto [bad_status, bad] =
      this->Call("billing", "POST", invoice, {{"lines", {{{"quantity", "two"}}}}});
  EXPECT_EQ(bad_status, 400) << bad.dump();
  EXPECT_NE(bad.dump().find("/lines/0/description"), std::string::npos) << bad.dump();

  auto [issued_status, issued] = this->Call("billing", "POST", invoice, json::object());
  ASSERT_EQ(issued_status, 201) << issued.dump();
  EXPECT_EQ(issued["invoice"]["total_cents"], max);
  EXPECT_EQ(issued["balance_cents"], max);
  EXPECT_EQ(this->Call("billing", "POST", invoice, json::object()).first, 409);
  auto [request_status, request] = this->Call("specialist", "GET", this->Path(id));
  ASSERT_EQ(request_status, 200);
  ASSERT_EQ(request["letters"].size(), 2u) << request.dump();
  EXPECT_EQ(request["letters"][1]["kind"], "advance_fee_notice");
  EXPECT_EQ(request["letters"][1]["body"]["release_waits_for_payment"], "yes");

  // Legal process is a red flag: a supervisor looks first.
  ASSERT_EQ(this->Act(id, "send_to_review", "p3a").first, 200);
  auto [tasks_status, tasks] = this->Call("supervisor", "GET", this->Path(id) + "/reviews");
  ASSERT_EQ(tasks_status, 200) << tasks.dump();
  ASSERT_EQ(tasks["items"].size(), 1u) << tasks.dump();
  EXPECT_EQ(tasks["items"][0]["reason"], "legal_process");
  ASSERT_EQ(this->Call("supervisor", "POST",
                       this->Path(id) + "/reviews/" +
                           std::to_string(tasks["items"][0]["id"].template get<int>()),
                       {{"outcome", "release"}})
                .first,
            200);
  auto [held_status, held] = this->Act(id, "complete_review", "p3");
  ASSERT_EQ(held_status, 200) << held.dump();
  EXPECT_EQ(held["state"], "awaiting_payment");
  EXPECT_EQ(this->Act(id, "record_payment", "p4").first, 409);
  EXPECT_EQ(this->Act(id, "release", "p5").first, 409);

  std::string payments = invoice + "/payments";
  auto [pan_status, pan] =
      this->Call("billing", "POST", payments,
                 {{"method", "card"}, {"amount_cents", 100}, {"reference", "4111 1111 1111 1111"}});
  EXPECT_EQ(pan_status, 400) << pan.dump();
  EXPECT_NE(pan.dump().find("card number"), std::string::npos);
  EXPECT_EQ(
      this->Call("billing", "POST", payments, {{"method", "check"}, {"amount_cents", 100}}).first,
      400);
  auto [card_status, card] =
      this->Call("billing", "POST", payments,
                 {{"method", "card"}, {"amount_cents", 100}, {"reference", "ch_synthetic_0001"}});
  ASSERT_EQ(card_status, 201) << card.dump();
  EXPECT_EQ(card["balance_cents"], max - 100);
  auto [over_pay, over_pay_body] =
      this->Call("billing", "POST", payments, {{"method", "cash"}, {"amount_cents", max}});
  EXPECT_EQ(over_pay, 409) << over_pay_body.dump();
  auto [check_status, check] =
      this->Call("billing", "POST", payments,
                 {{"method", "check"}, {"amount_cents", max - 100}, {"reference", "1042"}});
  ASSERT_EQ(check_status, 201) << check.dump();
  EXPECT_EQ(check["balance_cents"], 0);
  ASSERT_EQ(check["credits"].size(), 2u);
  EXPECT_EQ(check["credits"][1]["method"], "check");

  auto [paid_status, paid] = this->Act(id, "record_payment", "p6");
  ASSERT_EQ(paid_status, 200) << paid.dump();
  EXPECT_EQ(paid["state"], "ready_to_release");
  auto [released_status, released] = this->Act(id, "release", "p7");
  ASSERT_EQ(released_status, 200) << released.dump();
  EXPECT_EQ(released["state"], "released");
  // The log entry records the fee charged: the invoice, paid in full.
  ASSERT_EQ(released["disclosures"].size(), 1u) << released.dump();
  EXPECT_EQ(released["disclosures"][0]["fee"], Money::FromCents(max).ToPlainString());
  EXPECT_EQ(released["disclosures"][0]["basis"], "judicial_administrative");
}

TYPED_TEST(ReviewBillingTest, PatientAccessIsNeverHeldAndTheQualityCheckNeedsASecondPerson) {
  auto [put_status, put] =
      this->Call("administrator", "PUT", "/api/v1/review-settings", {{"quality_check", true}});
  ASSERT_EQ(put_status, 200) << put.dump();
  EXPECT_EQ(
      this->Call("specialist", "PUT", "/api/v1/review-settings", {{"quality_check", false}}).first,
      403);
  EXPECT_EQ(this->Call("administrator", "PUT", "/api/v1/review-settings", json::object()).first,
            400);
  this->AddDocument("progress_note", json::array(), 3);
  std::int64_t self = this->AddRequester("patient", "Testpatient Alpha");
  auto [status, created] = this->Call("specialist", "POST", "/api/v1/requests",
                                      {{"patient_id", this->patient_.value},
                                       {"requester_id", self},
                                       {"basis", "access"},
                                       {"purpose", "personal"},
                                       {"written", true},
                                       {"signed", true},
                                       {"identity_verified", true},
                                       {"medium", "portal"},
                                       {"scope", {{"all_records", true}}}});
  ASSERT_EQ(status, 201) << created.dump();
  std::int64_t id = created["id"];
  ASSERT_EQ(this->Act(id, "start_verification", "q1").first, 200);
  ASSERT_EQ(this->Act(id, "start_retrieval", "q2").first, 200);
  auto [issued_status, issued] =
      this->Call("supervisor", "POST", this->Path(id) + "/invoice", json::object());
  ASSERT_EQ(issued_status, 201) << issued.dump();
  EXPECT_FALSE(issued["hold_for_payment"].template get<bool>());
  EXPECT_EQ(issued["hold_reason"], "individual access is not held for payment");
  EXPECT_GT(issued["balance_cents"].template get<std::int64_t>(), 0);

  EXPECT_EQ(this->Act(id, "finish_retrieval", "q3").first, 409);  // The quality check first.
  ASSERT_EQ(this->Act(id, "send_to_review", "q4").first, 200);
  auto [tasks_status, tasks] = this->Call("specialist", "GET", this->Path(id) + "/reviews");
  ASSERT_EQ(tasks_status, 200);
  ASSERT_EQ(tasks["items"].size(), 1u) << tasks.dump();
  EXPECT_EQ(tasks["items"][0]["kind"], "quality_check");
  std::string check =
      this->Path(id) + "/reviews/" + std::to_string(tasks["items"][0]["id"].template get<int>());
  auto [same_status, same] = this->Call("specialist", "POST", check, {{"outcome", "release"}});
  EXPECT_EQ(same_status, 409) << same.dump();
  EXPECT_NE(same.dump().find("someone other than"), std::string::npos) << same.dump();
  auto [second_status, second] = this->Call("supervisor", "POST", check, {{"outcome", "release"}});
  ASSERT_EQ(second_status, 200) << second.dump();

  auto [ready_status, ready] = this->Act(id, "complete_review", "q5");
  ASSERT_EQ(ready_status, 200) << ready.dump();
  EXPECT_EQ(ready["state"], "ready_to_release");  // Owed, but access is not held for the fee.
  auto [released_status, released] = this->Act(id, "release", "q6");
  ASSERT_EQ(released_status, 200) << released.dump();

  // A waiver settles the rest; a second one finds nothing to waive.
  auto [waived_status, waived] = this->Call("billing", "POST", this->Path(id) + "/invoice/waiver",
                                            {{"reason", "Synthetic hardship waiver"}});
  ASSERT_EQ(waived_status, 201) << waived.dump();
  EXPECT_EQ(waived["balance_cents"], 0);
  EXPECT_EQ(waived["credits"][0]["kind"], "waiver");
  EXPECT_EQ(this->Call("billing", "POST", this->Path(id) + "/invoice/waiver", {{"reason", "again"}})
                .first,
            409);
  EXPECT_EQ(this->Call("billing", "POST", this->Path(id) + "/invoice/waiver", json::object()).first,
            400);
}

}  // namespace
}  // namespace roi::http
