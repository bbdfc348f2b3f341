// Contract of RequesterRepository, DocumentRepository and RequestRepository: bound to the
// transaction's organization, every field round-trips, versions guard updates, idempotency keys
// are unique per request, and the work queue filters and pages by keyset.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

Requester MakeRequester(const std::string& role = "attorney") {
  return Requester{.role = role,
                   .name = "Sample Law Office",
                   .organization = "Example Legal LLP",
                   .email = "records@example.test",
                   .phone = "555-0142",
                   .address = "2 Example Plaza",
                   .npi = ""};
}

RequestFacts MakeFacts() {
  RequestFacts facts{.basis = "authorization", .purpose = "litigation", .medium = "mail"};
  facts.written = true;
  facts.scope = {.all_records = false,
                 .kinds = {"progress_note", "lab_result"},
                 .from = Day(2024, 1, 1),
                 .to = Day(2024, 12, 31),
                 .encounters = {"ENC-1"}};
  AuthorizationElements authorization;
  authorization.is_signed = true;
  authorization.signed_on = Day(2025, 1, 2);
  authorization.expires_on = Day(2026, 1, 2);
  authorization.covers = {"all_records", "hiv"};
  authorization.expiration_event = "end of litigation;\nline two = yes";
  authorization.scanned_file = "placeholder://scan/1";
  facts.authorization = authorization;
  facts.legal = LegalFacts{.judge_signed = true, .scope = {.all_records = true}};
  return facts;
}

template <typename Factory>
class RequestContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-1", "Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    patient_ = *patient;
    Result<Patient> other = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-2", "Beta"));
    ASSERT_TRUE(other) << other.error().ToString();
    other_patient_ = *other;
    Result<Requester> requester =
        Write([](Transaction& tx) { return tx.Requesters().Insert(MakeRequester()); });
    ASSERT_TRUE(requester) << requester.error().ToString();
    requester_ = *requester;
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  ReleaseRequest MakeRequest(const std::string& number, const Patient& patient,
                             std::optional<Date> due) {
    return ReleaseRequest{.number = number,
                          .patient_id = patient.id,
                          .requester_id = requester_.id,
                          .requester_role = requester_.role,
                          .channel = Channel::kFax,
                          .priority = Priority::kUrgent,
                          .received_on = Day(2025, 1, 6),
                          .received_micros = 1736154000000000,
                          .facts = MakeFacts(),
                          .decision = DecisionOutcome::kPend,
                          .decision_json = R"({"schema":"openroi.decision/1"})",
                          .due_on = due};
  }
  Result<ReleaseRequest> Add(const ReleaseRequest& request) {
    return Write([&](Transaction& tx) { return tx.Requests().Insert(request); });
  }
  Result<std::vector<ReleaseRequest>> List(const RequestQuery& query) {
    return Read([&](Transaction& tx) { return tx.Requests().List(query); });
  }
  static std::vector<std::string> Numbers(const std::vector<ReleaseRequest>& requests) {
    std::vector<std::string> numbers;
    for (const ReleaseRequest& request : requests) numbers.push_back(request.number);
    return numbers;
  }

  Patient patient_;
  Patient other_patient_;
  Requester requester_;
};
TYPED_TEST_SUITE(RequestContractTest, Implementations, ImplementationNames);

TYPED_TEST(RequestContractTest, RequestersRoundTripAndStayInTheirOrganization) {
  Result<Requester> found =
      this->Read([&](Transaction& tx) { return tx.Requesters().Find(this->requester_.id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, this->requester_);
  EXPECT_EQ(found->organization_id, this->org_a_);
  EXPECT_EQ(found->version, 1);
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.Requesters().Find(this->requester_.id); },
                        this->org_b_)),
      ErrorCode::kNotFound);
  Requester bad = MakeRequester();
  bad.npi = "12";
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Requesters().Insert(bad); })),
            ErrorCode::kInvalidArgument);
}

TYPED_TEST(RequestContractTest, DocumentsRoundTripAndListByPatient) {
  Document document{.patient_id = this->patient_.id,
                    .kind = "psychotherapy_note",
                    .service_date = Day(2024, 3, 4),
                    .encounter = "ENC-1",
                    .author = "Dr. Example",
                    .pages = 12,
                    .labels = {"mental_health", "sud"},
                    .part2 = "own_program",
                    .minor_consented = true,
                    .content = "Synthetic note.\nSecond line."};
  Result<Document> stored =
      this->Write([&](Transaction& tx) { return tx.Documents().Insert(document); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  Result<Document> found =
      this->Read([&](Transaction& tx) { return tx.Documents().Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  Document plain{.patient_id = this->patient_.id, .kind = "lab_result"};
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Documents().Insert(plain); }));
  Result<std::vector<Document>> listed =
      this->Read([&](Transaction& tx) { return tx.Documents().ListForPatient(this->patient_.id); });
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0], *stored);
  EXPECT_FALSE((*listed)[1].service_date.has_value());
  // Another organization sees neither the document nor the patient.
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Documents().Find(stored->id); },
                              this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Documents().Insert(document); },
                               this->org_b_)),
            ErrorCode::kNotFound);
}

TYPED_TEST(RequestContractTest, RequestRoundTripsEveryFieldAndNumbersAreUnique) {
  Result<std::int64_t> first =
      this->Write([](Transaction& tx) { return tx.Requests().NextSequence(2025); });
  Result<std::int64_t> second =
      this->Write([](Transaction& tx) { return tx.Requests().NextSequence(2025); });
  Result<std::int64_t> other_year =
      this->Write([](Transaction& tx) { return tx.Requests().NextSequence(2026); });
  Result<std::int64_t> other_org =
      this->Write([](Transaction& tx) { return tx.Requests().NextSequence(2025); }, this->org_b_);
  ASSERT_TRUE(first && second && other_year && other_org);
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(*second, 2);
  EXPECT_EQ(*other_year, 1);
  EXPECT_EQ(*other_org, 1);

  Result<ReleaseRequest> stored =
      this->Add(this->MakeRequest("R-2025-000001", this->patient_, Day(2025, 2, 5)));
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->version, 1);
  Result<ReleaseRequest> found =
      this->Read([&](Transaction& tx) { return tx.Requests().Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(CodeOf(this->Add(this->MakeRequest("R-2025-000001", this->patient_, std::nullopt))),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Requests().Find(stored->id); },
                              this->org_b_)),
            ErrorCode::kNotFound);
  // A request of organization B cannot name organization A's patient.
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) {
                  return tx.Requests().Insert(
                      this->MakeRequest("R-2025-000009", this->patient_, std::nullopt));
                },
                this->org_b_)),
            ErrorCode::kNotFound);
}

TYPED_TEST(RequestContractTest, UpdateChecksTheVersion) {
  Result<ReleaseRequest> stored =
      this->Add(this->MakeRequest("R-2025-000001", this->patient_, std::nullopt));
  ASSERT_TRUE(stored) << stored.error().ToString();
  ReleaseRequest changed = *stored;
  changed.state = RequestState::kOnHold;
  changed.held_from = RequestState::kVerifying;
  changed.assignee = UserId(0);
  changed.facts.authorization.reset();
  changed.decision = DecisionOutcome::kRelease;
  changed.due_on = Day(2025, 3, 1);
  Result<ReleaseRequest> updated =
      this->Write([&](Transaction& tx) { return tx.Requests().Update(changed); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  Result<ReleaseRequest> found =
      this->Read([&](Transaction& tx) { return tx.Requests().Find(stored->id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *updated);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Requests().Update(changed); })),
            ErrorCode::kAborted);
}

TYPED_TEST(RequestContractTest, TransitionsAreUniquePerIdempotencyKey) {
  Result<ReleaseRequest> stored =
      this->Add(this->MakeRequest("R-2025-000001", this->patient_, std::nullopt));
  ASSERT_TRUE(stored);
  RequestTransition transition{.request_id = stored->id,
                               .event = {.action = RequestAction::kStartVerification,
                                         .from = RequestState::kReceived,
                                         .to = RequestState::kVerifying,
                                         .actor = UserId(7),
                                         .at_micros = 42,
                                         .idempotency_key = "key-1"},
                               .note = "Checked ID.\nOK"};
  auto add = [&](const RequestTransition& t, OrganizationId org = {}) {
    return this->Write(
        [&](Transaction& tx) -> Result<bool> {
          Status added = tx.Requests().AddTransition(t);
          if (!added) return added.error();
          return true;
        },
        org);
  };
  ASSERT_TRUE(add(transition));
  EXPECT_EQ(CodeOf(add(transition)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(add(transition, this->org_b_)), ErrorCode::kNotFound);
  RequestTransition next = transition;
  next.event = {.action = RequestAction::kHold,
                .from = RequestState::kVerifying,
                .to = RequestState::kOnHold,
                .actor = UserId(7),
                .at_micros = 43,
                .idempotency_key = "key-2"};
  next.note = "";
  ASSERT_TRUE(add(next));
  Result<std::vector<RequestTransition>> history =
      this->Read([&](Transaction& tx) { return tx.Requests().Transitions(stored->id); });
  ASSERT_TRUE(history) << history.error().ToString();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0], transition);
  EXPECT_EQ((*history)[1], next);
}

TYPED_TEST(RequestContractTest, LettersRoundTrip) {
  Result<ReleaseRequest> stored =
      this->Add(this->MakeRequest("R-2025-000001", this->patient_, std::nullopt));
  ASSERT_TRUE(stored);
  Letter letter{.request_id = stored->id,
                .kind = "acknowledgment",
                .date = Day(2025, 1, 6),
                .recipient = "Sample Law Office",
                .body = {{"request_number", "R-2025-000001"}, {"note", "a=b\\c\nd"}}};
  Result<Letter> added =
      this->Write([&](Transaction& tx) { return tx.Requests().AddLetter(letter); });
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_GT(added->id, 0);
  Result<std::vector<Letter>> letters =
      this->Read([&](Transaction& tx) { return tx.Requests().Letters(stored->id); });
  ASSERT_TRUE(letters);
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0], *added);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Requests().AddLetter(letter); },
                               this->org_b_)),
            ErrorCode::kNotFound);
}

TYPED_TEST(RequestContractTest, QueueFiltersSortsAndPages) {
  // R1 due 02-05, R2 due 01-20, R3 no due date, R4 due 01-20 (other patient), R5 due 03-01.
  std::vector<ReleaseRequest> stored;
  std::vector<std::pair<std::string, std::optional<Date>>> rows = {
      {"R-2025-000001", Day(2025, 2, 5)},
      {"R-2025-000002", Day(2025, 1, 20)},
      {"R-2025-000003", std::nullopt},
      {"R-2025-000004", Day(2025, 1, 20)},
      {"R-2025-000005", Day(2025, 3, 1)}};
  for (const auto& [number, due] : rows) {
    const Patient& patient = number == "R-2025-000004" ? this->other_patient_ : this->patient_;
    Result<ReleaseRequest> added = this->Add(this->MakeRequest(number, patient, due));
    ASSERT_TRUE(added) << added.error().ToString();
    stored.push_back(*added);
  }
  ReleaseRequest released = stored[1];
  released.state = RequestState::kReleased;
  released.assignee = UserId(5);
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Requests().Update(released); }));

  Result<std::vector<ReleaseRequest>> all = this->List({});
  ASSERT_TRUE(all) << all.error().ToString();
  EXPECT_EQ(this->Numbers(*all),
            (std::vector<std::string>{"R-2025-000002", "R-2025-000004", "R-2025-000001",
                                      "R-2025-000005", "R-2025-000003"}));
  // Keyset paging by (due, id), two at a time, crossing the null due date.
  std::vector<std::string> paged;
  RequestQuery page{.limit = 2};
  for (int i = 0; i < 4; ++i) {
    Result<std::vector<ReleaseRequest>> got = this->List(page);
    ASSERT_TRUE(got) << got.error().ToString();
    if (got->empty()) break;
    for (const ReleaseRequest& r : *got) paged.push_back(r.number);
    page.after_id = got->back().id;
    page.after_due_on = got->back().due_on;
  }
  EXPECT_EQ(paged, this->Numbers(*all));
  // By receipt.
  Result<std::vector<ReleaseRequest>> received =
      this->List({.sort = RequestSort::kReceived, .after_id = stored[2].id});
  ASSERT_TRUE(received);
  EXPECT_EQ(this->Numbers(*received), (std::vector<std::string>{"R-2025-000004", "R-2025-000005"}));
  // Filters.
  Result<std::vector<ReleaseRequest>> by_state = this->List({.state = RequestState::kReleased});
  ASSERT_TRUE(by_state);
  EXPECT_EQ(this->Numbers(*by_state), (std::vector<std::string>{"R-2025-000002"}));
  Result<std::vector<ReleaseRequest>> overdue =
      this->List({.overdue = true, .today = Day(2025, 2, 10)});
  ASSERT_TRUE(overdue);
  EXPECT_EQ(this->Numbers(*overdue), (std::vector<std::string>{"R-2025-000004", "R-2025-000001"}));
  Result<std::vector<ReleaseRequest>> assigned = this->List({.assignee = UserId(5)});
  ASSERT_TRUE(assigned);
  EXPECT_EQ(this->Numbers(*assigned), (std::vector<std::string>{"R-2025-000002"}));
  Result<std::vector<ReleaseRequest>> role = this->List({.requester_role = "patient"});
  ASSERT_TRUE(role);
  EXPECT_TRUE(role->empty());
  Result<std::vector<ReleaseRequest>> by_number = this->List({.search = "r-2025-000005"});
  ASSERT_TRUE(by_number);
  EXPECT_EQ(this->Numbers(*by_number), (std::vector<std::string>{"R-2025-000005"}));
  Result<std::vector<ReleaseRequest>> by_name = this->List({.search = "bet"});
  ASSERT_TRUE(by_name);
  EXPECT_EQ(this->Numbers(*by_name), (std::vector<std::string>{"R-2025-000004"}));
  Result<std::vector<ReleaseRequest>> by_mrn = this->List({.search = "MRN-2"});
  ASSERT_TRUE(by_mrn);
  EXPECT_EQ(this->Numbers(*by_mrn), (std::vector<std::string>{"R-2025-000004"}));
  Result<std::vector<ReleaseRequest>> other_org =
      InTx(this->Db(), this->org_b_, TxMode::kRead,
           [](Transaction& tx) { return tx.Requests().List({}); });
  ASSERT_TRUE(other_org);
  EXPECT_TRUE(other_org->empty());
  EXPECT_EQ(CodeOf(this->List({.limit = 0})), ErrorCode::kInvalidArgument);
  // Recent requests of the same patient and requester.
  Result<std::vector<ReleaseRequest>> pair = this->Read([&](Transaction& tx) {
    return tx.Requests().ListForPair(this->other_patient_.id, this->requester_.id, Day(2025, 1, 1));
  });
  ASSERT_TRUE(pair);
  EXPECT_EQ(this->Numbers(*pair), (std::vector<std::string>{"R-2025-000004"}));
  Result<std::vector<ReleaseRequest>> none = this->Read([&](Transaction& tx) {
    return tx.Requests().ListForPair(this->other_patient_.id, this->requester_.id, Day(2025, 2, 1));
  });
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace roi::contract
