// Contract of the retention purge over everything that hangs off a request: a released request
// past retention with a packet (and its vault content), a delivery with its events, a redaction,
// a harm determination and a denial review.  The dry run changes nothing; the purge leaves no row
// of the request behind in any of those tables (nor its packet's content), keeps the disclosure
// log entry, and leaves another request's rows alone.  Run on the fake, SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/retention_service.h"
#include "contract/contract_fixture.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

constexpr std::int64_t kDay = 86'400'000'000;

// What the test stores for one request.
struct Linked {
  RequestId request;
  ContentId content;
  DeliveryId delivery;
};

template <typename Factory>
class RetentionPurgeContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-R1", "Testpatient Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    patient_ = patient->id;
    Status setup = Write([&](Transaction& tx) -> Status {
      Result<User> user =
          tx.Users().Insert(User{.email = "desk@example.test",
                                 .display_name = "Synthetic Desk",
                                 .role = Role::kClinician,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
      if (!user) return user.error();
      user_ = user->id;
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "patient", .name = "Testpatient Alpha"});
      if (!requester) return requester.error();
      requester_ = requester->id;
      Result<Document> document = tx.Documents().Insert(Document{
          .patient_id = patient_, .kind = "progress_note", .pages = 2, .content = "Text."});
      if (!document) return document.error();
      document_ = document->id;
      return tx.DataKeys().Insert(DataKeyRecord{
          .version = 1, .wrapped_key = "wrapped", .master_key_id = "master", .created_micros = 1});
    });
    ASSERT_TRUE(setup) << setup.error().ToString();
  }

  template <typename Fn>
  auto Write(Fn fn) {
    return InTx(this->Db(), this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn) {
    return InTx(this->Db(), this->org_a_, TxMode::kRead, fn);
  }

  // A request released on `released` with everything the purge must reach.
  Result<Linked> Released(const std::string& number, Date received, Date released, char digit) {
    return Write([&](Transaction& tx) -> Result<Linked> {
      Linked linked;
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = number,
                         .patient_id = patient_,
                         .requester_id = requester_,
                         .requester_role = "patient",
                         .received_on = received,
                         .received_micros = std::int64_t{received.DaysSinceEpoch()} * kDay,
                         .facts = RequestFacts{.basis = "access", .purpose = "personal"},
                         .state = RequestState::kReleased});
      if (!request) return request.error();
      linked.request = request->id;
      if (Status moved = tx.Requests().AddTransition(RequestTransition{
              .request_id = request->id,
              .event =
                  WorkflowEvent{.action = RequestAction::kRelease,
                                .from = RequestState::kReadyToRelease,
                                .to = RequestState::kReleased,
                                .actor = user_,
                                .at_micros = std::int64_t{released.DaysSinceEpoch()} * kDay + 1,
                                .idempotency_key = "release-" + number}});
          !moved) {
        return moved.error();
      }
      Result<DisclosureEntry> disclosure =
          tx.Disclosures().Insert(DisclosureEntry{.patient_id = patient_,
                                                  .request_id = request->id,
                                                  .disclosed_on = released,
                                                  .recipient_name = "Testpatient Alpha",
                                                  .description = "Records (synthetic)",
                                                  .purpose = "Personal",
                                                  .released_by = user_,
                                                  .means = DisclosureMeans::kMail,
                                                  .fee = Money::Zero(),
                                                  .basis = DisclosureBasis::kToIndividual});
      if (!disclosure) return disclosure.error();
      Result<ContentId> content =
          tx.Contents().Create(ContentRecord{.media_type = "application/pdf",
                                             .data_key_version = 1,
                                             .header = "h",
                                             .size = 1,
                                             .digest = std::string(64, digit),
                                             .chunk_count = 1,
                                             .created_micros = 1});
      if (!content) return content.error();
      linked.content = *content;
      if (Status chunk = tx.Contents().PutChunk(*content, 0, "c"); !chunk) return chunk.error();
      Result<PacketRecord> packet =
          tx.Packets().Insert(PacketRecord{.request_id = request->id,
                                           .content_id = *content,
                                           .pages = 1,
                                           .digest = std::string(64, digit),
                                           .manifest = "{}",
                                           .signature = std::string(128, 'c'),
                                           .signing_key_id = std::string(64, 'd'),
                                           .created_micros = 2});
      if (!packet) return packet.error();
      Result<Delivery> delivery =
          tx.Deliveries().Insert(Delivery{.request_id = request->id,
                                          .disclosure_id = disclosure->id,
                                          .patient_id = patient_,
                                          .medium = DeliveryMedium::kMail,
                                          .status = DeliveryStatus::kPending,
                                          .recipient = "Testpatient Alpha",
                                          .address = "1 Example Street",
                                          .content_id = *content,
                                          .created_by = user_,
                                          .created_micros = 3,
                                          .updated_micros = 3});
      if (!delivery) return delivery.error();
      linked.delivery = delivery->id;
      if (Result<DeliveryEvent> event =
              tx.Deliveries().AddEvent(DeliveryEvent{.delivery_id = delivery->id,
                                                     .kind = std::string(kDeliveryEventCreated),
                                                     .actor_label = "system",
                                                     .occurred_micros = 4});
          !event) {
        return event.error();
      }
      if (Result<Redaction> redaction =
              tx.Redactions().Insert(Redaction{.request_id = request->id,
                                               .document_id = document_,
                                               .page = 1,
                                               .reason = RedactionReason::kThirdParty,
                                               .marked_by = user_,
                                               .marked_micros = 5});
          !redaction) {
        return redaction.error();
      }
      if (Result<HarmDetermination> harm =
              tx.DenialReviews().AddHarmDetermination({.request_id = request->id,
                                                       .document_id = document_,
                                                       .reasons = "Synthetic.",
                                                       .made_by = user_,
                                                       .made_micros = 6});
          !harm) {
        return harm.error();
      }
      Result<DenialReview> review = RequestDenialReview(request->id, received, Channel::kMail, "",
                                                        received, released, user_, 7);
      if (!review) return review.error();
      if (Result<DenialReview> stored = tx.DenialReviews().InsertReview(*review); !stored) {
        return stored.error();
      }
      return linked;
    });
  }

  // How many rows of each kind `linked` still has.
  std::vector<std::size_t> Remaining(const Linked& linked) {
    std::vector<std::size_t> counts;
    Status read = Read([&](Transaction& tx) -> Status {
      auto count = [&counts](auto result) -> Status {
        if (!result) return result.error();
        counts.push_back(result->size());
        return OkStatus();
      };
      if (Status s = count(tx.Packets().List(linked.request)); !s) return s;
      if (Status s = count(tx.Deliveries().ListForRequest(linked.request)); !s) return s;
      if (Status s = count(tx.Deliveries().Events(linked.delivery)); !s) return s;
      if (Status s = count(tx.Redactions().ListForRequest(linked.request)); !s) return s;
      if (Status s = count(tx.DenialReviews().HarmDeterminations(linked.request)); !s) return s;
      if (Status s = count(tx.DenialReviews().ReviewsForRequest(linked.request)); !s) return s;
      counts.push_back(tx.Contents().Find(linked.content) ? 1 : 0);
      return OkStatus();
    });
    EXPECT_TRUE(read) << read.error().ToString();
    return counts;
  }

  PatientId patient_;
  UserId user_;
  RequesterId requester_;
  DocumentId document_;
  roi::testing::FakeClock clock_;  // 2025-01-06: six years back is 2019-01-06.
  roi::testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
};
TYPED_TEST_SUITE(RetentionPurgeContractTest, Implementations, ImplementationNames);

TYPED_TEST(RetentionPurgeContractTest, DryRunChangesNothingAndThePurgeLeavesNoOrphans) {
  Result<Linked> old = this->Released("R-2018-000001", Day(2018, 1, 2), Day(2018, 2, 1), 'a');
  ASSERT_TRUE(old) << old.error().ToString();
  Result<Linked> recent = this->Released("R-2024-000001", Day(2024, 6, 3), Day(2024, 7, 1), 'b');
  ASSERT_TRUE(recent) << recent.error().ToString();
  const std::vector<std::size_t> all = {1, 1, 1, 1, 1, 1, 1};
  ASSERT_EQ(this->Remaining(*old), all);

  RetentionService retention(this->Db(), this->clock_, this->audit_, RetentionSettings{});
  AuditActor actor{.id = {}, .label = "command line", .remote_address = ""};
  Result<RetentionReport> dry =
      retention.Purge(this->org_a_, actor, "command line", /*dry_run=*/true, 100);
  ASSERT_TRUE(dry) << dry.error().ToString();
  ASSERT_EQ(dry->eligible.size(), 1u);
  EXPECT_EQ(dry->eligible[0].request_id, old->request);
  EXPECT_TRUE(dry->purged.empty());
  EXPECT_EQ(this->Remaining(*old), all);

  Result<RetentionReport> real =
      retention.Purge(this->org_a_, actor, "command line", /*dry_run=*/false, 100);
  ASSERT_TRUE(real) << real.error().ToString();
  ASSERT_EQ(real->purged.size(), 1u);
  EXPECT_EQ(this->Remaining(*old), std::vector<std::size_t>(7, 0));
  EXPECT_EQ(this->Remaining(*recent), all);
  // The disclosure log keeps both entries (45 CFR 164.528).
  Result<std::vector<DisclosureEntry>> log = this->Read([&](Transaction& tx) {
    return tx.Disclosures().List(DisclosureQuery{.patient = this->patient_});
  });
  ASSERT_TRUE(log) << log.error().ToString();
  EXPECT_EQ(log->size(), 2u);
}

}  // namespace
}  // namespace roi::contract
