// Contract of DeliveryRepository: deliveries attach to a request's disclosure entry, are bound to
// the transaction's organization, round-trip every field, find links by token digest only, update
// under optimistic concurrency, and keep their events in order.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

using roi::testing::FakeClock;

template <typename Factory>
class DeliveryContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-D1"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    patient_ = patient->id;
    Status setup = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
      Result<User> user =
          tx.Users().Insert(User{.email = "releaser@example.test",
                                 .display_name = "Sample Releaser",
                                 .role = Role::kRoiSpecialist,
                                 .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
      if (!user) return Status(user.error());
      user_ = user->id;
      Result<Requester> requester = tx.Requesters().Insert(
          Requester{.role = "attorney", .name = "Sample Law Office", .email = "r@example.test"});
      if (!requester) return Status(requester.error());
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-000001",
                         .patient_id = patient_,
                         .requester_id = requester->id,
                         .requester_role = "attorney",
                         .received_on = *Date::FromYmd(2025, 1, 6),
                         .received_micros = FakeClock::kDefaultNowMicros,
                         .facts = {.basis = "authorization", .purpose = "litigation"}});
      if (!request) return Status(request.error());
      request_ = request->id;
      Result<DisclosureEntry> disclosure =
          tx.Disclosures().Insert(DisclosureEntry{.patient_id = patient_,
                                                  .request_id = request_,
                                                  .disclosed_on = *Date::FromYmd(2025, 2, 1),
                                                  .recipient_name = "Sample Law Office",
                                                  .description = "Records in scope",
                                                  .purpose = "litigation",
                                                  .released_by = user_,
                                                  .means = DisclosureMeans::kSecureEmail,
                                                  .basis = DisclosureBasis::kAuthorization});
      if (!disclosure) return Status(disclosure.error());
      disclosure_ = disclosure->id;
      return OkStatus();
    });
    ASSERT_TRUE(setup) << setup.error().ToString();
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  Delivery Mail() const {
    return Delivery{.request_id = request_,
                    .disclosure_id = disclosure_,
                    .patient_id = patient_,
                    .medium = DeliveryMedium::kMail,
                    .status = DeliveryStatus::kPending,
                    .recipient = "Sample Law Office",
                    .address = "1 Example Street, Example City",
                    .tracking_number = "TRK-0001",
                    .created_by = user_,
                    .created_micros = 1000,
                    .updated_micros = 1000};
  }

  PatientId patient_;
  UserId user_;
  RequestId request_;
  DisclosureId disclosure_;
};

TYPED_TEST_SUITE(DeliveryContractTest, Implementations, ImplementationNames);

TYPED_TEST(DeliveryContractTest, AnEmailLinkKeepsItsMessageIdAndSealedLinkThroughUpdates) {
  Delivery email = this->Mail();
  email.medium = DeliveryMedium::kEmailLink;
  email.address = "law@example.test";
  email.tracking_number.clear();
  email.code_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$Y29kZQ";
  email.expires_micros = 5'000'000;
  email.max_downloads = 3;
  Result<ContentId> content = this->Write([&](Transaction& tx) -> Result<ContentId> {
    if (Status key = tx.DataKeys().Insert(DataKeyRecord{.version = 1,
                                                        .wrapped_key = "wrapped",
                                                        .master_key_id = "master",
                                                        .created_micros = 1});
        !key) {
      return key.error();
    }
    return tx.Contents().Create(ContentRecord{.media_type = "application/pdf",
                                              .data_key_version = 1,
                                              .header = "h",
                                              .size = 0,
                                              .digest = std::string(64, 'b'),
                                              .chunk_count = 0,
                                              .created_micros = 1});
  });
  ASSERT_TRUE(content) << content.error().ToString();
  email.content_id = *content;
  Result<Delivery> stored =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(email); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->message_id.empty());
  EXPECT_TRUE(stored->sealed_link.empty());
  Delivery sending = *stored;
  sending.token_digest = std::string(64, 'd');
  sending.message_id = "delivery-1.abc123@example.test";
  sending.sealed_link = "enc1:1:header:ciphertext";
  sending.updated_micros = 2000;
  Result<Delivery> updated =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Update(sending); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  Result<Delivery> read =
      this->Read([&](Transaction& tx) { return tx.Deliveries().Find(stored->id); });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->message_id, "delivery-1.abc123@example.test");
  EXPECT_EQ(read->sealed_link, "enc1:1:header:ciphertext");
  EXPECT_EQ(*read, *updated);
  // Recorded as sent: the sealed link is cleared, the Message-ID stays.
  Delivery sent = *read;
  sent.status = DeliveryStatus::kSent;
  sent.sealed_link.clear();
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Deliveries().Update(sent); }));
  read = this->Read([&](Transaction& tx) { return tx.Deliveries().Find(stored->id); });
  ASSERT_TRUE(read);
  EXPECT_EQ(read->message_id, "delivery-1.abc123@example.test");
  EXPECT_TRUE(read->sealed_link.empty());
  // Only email links carry them.
  Delivery mail = this->Mail();
  mail.message_id = "m@example.test";
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(mail); })),
            ErrorCode::kInvalidArgument);
}

TYPED_TEST(DeliveryContractTest, RoundTripsAMailDeliveryAndAUsableLink) {
  Result<Delivery> mail =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(this->Mail()); });
  ASSERT_TRUE(mail) << mail.error().ToString();
  EXPECT_TRUE(mail->id.IsSet());
  EXPECT_EQ(mail->version, 1);
  Result<Delivery> read =
      this->Read([&](Transaction& tx) { return tx.Deliveries().Find(mail->id); });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, *mail);

  Delivery link = this->Mail();
  link.medium = DeliveryMedium::kDownloadLink;
  link.address = "";
  link.tracking_number = "";
  link.status = DeliveryStatus::kSent;
  link.token_digest = std::string(64, 'a');
  link.code_hash = "$argon2id$fake";
  link.expires_micros = 5000;
  link.max_downloads = 3;
  link.file_name = "R-2025-000001-packet.pdf";
  link.page_count = 12;
  link.content_digest = std::string(64, 'b');
  // Links need packet content: store some bytes' metadata.
  Result<ContentId> content = this->Write([&](Transaction& tx) -> Result<ContentId> {
    if (Status key = tx.DataKeys().Insert(DataKeyRecord{.version = 1,
                                                        .wrapped_key = "wrapped",
                                                        .master_key_id = "master",
                                                        .created_micros = 1});
        !key) {
      return key.error();
    }
    return tx.Contents().Create(ContentRecord{.media_type = "application/pdf",
                                              .data_key_version = 1,
                                              .header = "h",
                                              .size = 0,
                                              .digest = std::string(64, 'b'),
                                              .chunk_count = 0,
                                              .created_micros = 1});
  });
  ASSERT_TRUE(content) << content.error().ToString();
  link.content_id = *content;
  Result<Delivery> stored =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(link); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  Result<Delivery> by_token = this->Read(
      [&](Transaction& tx) { return tx.Deliveries().FindByTokenDigest(std::string(64, 'a')); });
  ASSERT_TRUE(by_token) << by_token.error().ToString();
  EXPECT_EQ(*by_token, *stored);
  // Another organization cannot find it by id or by token.
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Deliveries().Find(stored->id); },
                              this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Read(
          [&](Transaction& tx) { return tx.Deliveries().FindByTokenDigest(std::string(64, 'a')); },
          this->org_b_)),
      ErrorCode::kNotFound);
  // The same token digest twice is refused.
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(link); })),
            ErrorCode::kAlreadyExists);
  Result<std::vector<Delivery>> listed =
      this->Read([&](Transaction& tx) { return tx.Deliveries().ListForRequest(this->request_); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, mail->id);
  EXPECT_EQ((*listed)[1].id, stored->id);
}

TYPED_TEST(DeliveryContractTest, RefusesInvalidOrForeignDeliveries) {
  Delivery bad = this->Mail();
  bad.address = "";
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(bad); })),
            ErrorCode::kInvalidArgument);
  // Organization B does not see A's request or disclosure.
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(this->Mail()); },
                         this->org_b_)),
      ErrorCode::kNotFound);
  Delivery no_disclosure = this->Mail();
  no_disclosure.disclosure_id = DisclosureId(987654);
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(no_disclosure); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.Deliveries().Insert(this->Mail()); })),
      ErrorCode::kFailedPrecondition);
}

TYPED_TEST(DeliveryContractTest, UpdatesUnderOptimisticConcurrency) {
  Result<Delivery> mail =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(this->Mail()); });
  ASSERT_TRUE(mail) << mail.error().ToString();
  Delivery change = *mail;
  change.status = DeliveryStatus::kDelivered;
  change.tracking_number = "TRK-0002";
  change.updated_micros = 2000;
  change.recipient = "Ignored Change";  // Never changes.
  Result<Delivery> updated =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Update(change); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->status, DeliveryStatus::kDelivered);
  EXPECT_EQ(updated->tracking_number, "TRK-0002");
  EXPECT_EQ(updated->recipient, "Sample Law Office");
  Result<Delivery> read =
      this->Read([&](Transaction& tx) { return tx.Deliveries().Find(mail->id); });
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, *updated);
  // The stale version loses.
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Update(change); })),
            ErrorCode::kAborted);
  Delivery foreign = *updated;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().Update(foreign); },
                               this->org_b_)),
            ErrorCode::kNotFound);
}

TYPED_TEST(DeliveryContractTest, KeepsEventsInOrder) {
  Result<Delivery> mail =
      this->Write([&](Transaction& tx) { return tx.Deliveries().Insert(this->Mail()); });
  ASSERT_TRUE(mail) << mail.error().ToString();
  DeliveryEvent created{.delivery_id = mail->id,
                        .kind = "created",
                        .detail = "mail",
                        .actor = this->user_,
                        .actor_label = "Sample Releaser",
                        .remote_address = "192.0.2.1",
                        .occurred_micros = 1000};
  DeliveryEvent tracked{.delivery_id = mail->id,
                        .kind = "tracking",
                        .detail = "in transit",
                        .tracking_number = "TRK-0001",
                        .actor_label = "system",
                        .occurred_micros = 2000};
  Result<DeliveryEvent> first =
      this->Write([&](Transaction& tx) { return tx.Deliveries().AddEvent(created); });
  Result<DeliveryEvent> second =
      this->Write([&](Transaction& tx) { return tx.Deliveries().AddEvent(tracked); });
  ASSERT_TRUE(first && second);
  Result<std::vector<DeliveryEvent>> events =
      this->Read([&](Transaction& tx) { return tx.Deliveries().Events(mail->id); });
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0], *first);
  EXPECT_EQ((*events)[1], *second);
  DeliveryEvent unknown = tracked;
  unknown.kind = "teleported";
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().AddEvent(unknown); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Deliveries().AddEvent(tracked); },
                               this->org_b_)),
            ErrorCode::kNotFound);
  Result<std::vector<DeliveryEvent>> foreign =
      this->Read([&](Transaction& tx) { return tx.Deliveries().Events(mail->id); }, this->org_b_);
  ASSERT_TRUE(foreign);
  EXPECT_TRUE(foreign->empty());
}

}  // namespace
}  // namespace roi::contract
