// Contract of PacketRepository: packets are numbered per request, round-trip, are found by
// digest (unique per organization), and are never visible from another organization.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class PacketContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    for (OrganizationId org : {this->org_a_, this->org_b_}) {
      Result<RequestId> request = NewRequest(org);
      ASSERT_TRUE(request) << request.error().ToString();
      (org == this->org_a_ ? request_a_ : request_b_) = *request;
    }
  }
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }
  Result<RequestId> NewRequest(OrganizationId organization) {
    Result<Patient> patient =
        InsertPatient(this->Db(), organization, MakePatient("MRN-P", "Testpatient Alpha"));
    if (!patient) return patient.error();
    return Write(organization, [&](Transaction& tx) -> Result<RequestId> {
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "attorney",
                                           .name = "Sample Law Office",
                                           .organization = "Example Legal LLP",
                                           .email = "records@example.test"});
      if (!requester) return requester.error();
      Result<ReleaseRequest> request =
          tx.Requests().Insert(ReleaseRequest{.number = "R-2026-000001",
                                              .patient_id = patient->id,
                                              .requester_id = requester->id,
                                              .requester_role = "attorney",
                                              .received_on = *Date::FromYmd(2026, 1, 5),
                                              .received_micros = 1,
                                              .facts = {.basis = "access", .purpose = "personal"}});
      if (!request) return request.error();
      return request->id;
    });
  }
  Result<ContentId> NewContent(OrganizationId organization) {
    return Write(organization, [&](Transaction& tx) -> Result<ContentId> {
      if (Result<DataKeyRecord> key = tx.DataKeys().Find(1); !key) {
        Status inserted =
            tx.DataKeys().Insert({.version = 1, .wrapped_key = "wrapped", .master_key_id = "mk-1"});
        if (!inserted) return inserted.error();
      }
      return tx.Contents().Create({.media_type = "application/pdf", .data_key_version = 1});
    });
  }
  PacketRecord MakePacket(RequestId request, ContentId content, char digit) {
    return PacketRecord{.request_id = request,
                        .sequence = 99,  // Ignored.
                        .content_id = content,
                        .pages = 7,
                        .digest = std::string(64, digit),
                        .manifest = R"({"manifest":{"request_number":"R-2026-000001"}})",
                        .signature = std::string(128, 'c'),
                        .signing_key_id = std::string(64, 'd'),
                        .created_by = UserId(),
                        .created_micros = 1'700'000'000'000'000};
  }
  Result<PacketRecord> Insert(OrganizationId organization, const PacketRecord& packet) {
    return Write(organization, [&](Transaction& tx) { return tx.Packets().Insert(packet); });
  }
  RequestId request_a_;
  RequestId request_b_;
};
TYPED_TEST_SUITE(PacketContractTest, Implementations, ImplementationNames);

TYPED_TEST(PacketContractTest, PacketsAreNumberedPerRequestAndRoundTrip) {
  Result<ContentId> first_content = this->NewContent(this->org_a_);
  Result<ContentId> second_content = this->NewContent(this->org_a_);
  ASSERT_TRUE(first_content && second_content);
  Result<PacketRecord> first =
      this->Insert(this->org_a_, this->MakePacket(this->request_a_, *first_content, 'a'));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->sequence, 1);
  Result<PacketRecord> second =
      this->Insert(this->org_a_, this->MakePacket(this->request_a_, *second_content, 'b'));
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->sequence, 2);

  Result<PacketRecord> found = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.Packets().Find(this->request_a_, 1); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *first);
  Result<PacketRecord> by_digest = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Packets().FindByDigest(std::string(64, 'b'));
  });
  ASSERT_TRUE(by_digest) << by_digest.error().ToString();
  EXPECT_EQ(*by_digest, *second);
  Result<std::vector<PacketRecord>> all = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.Packets().List(this->request_a_); });
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], *first);
  EXPECT_EQ((*all)[1], *second);
}

TYPED_TEST(PacketContractTest, CreatorRoundTrips) {
  Result<ContentId> content = this->NewContent(this->org_a_);
  ASSERT_TRUE(content);
  Result<User> user = this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.Users().Insert(User{.email = "clerk@example.test",
                                  .display_name = "Testclerk Beta",
                                  .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
  });
  ASSERT_TRUE(user) << user.error().ToString();
  PacketRecord packet = this->MakePacket(this->request_a_, *content, 'e');
  packet.created_by = user->id;
  Result<PacketRecord> stored = this->Insert(this->org_a_, packet);
  ASSERT_TRUE(stored) << stored.error().ToString();
  Result<PacketRecord> found = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.Packets().Find(this->request_a_, 1); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->created_by, user->id);
}

TYPED_TEST(PacketContractTest, DigestIsUniqueInAnOrganizationAndInsertsAreChecked) {
  Result<ContentId> content = this->NewContent(this->org_a_);
  ASSERT_TRUE(content);
  ASSERT_TRUE(this->Insert(this->org_a_, this->MakePacket(this->request_a_, *content, 'a')));
  EXPECT_EQ(CodeOf(this->Insert(this->org_a_, this->MakePacket(this->request_a_, *content, 'a'))),
            ErrorCode::kAlreadyExists);
  PacketRecord bad = this->MakePacket(this->request_a_, *content, 'f');
  bad.digest = "ABC";
  EXPECT_EQ(CodeOf(this->Insert(this->org_a_, bad)), ErrorCode::kInvalidArgument);
  bad = this->MakePacket(this->request_a_, *content, 'f');
  bad.manifest.clear();
  EXPECT_EQ(CodeOf(this->Insert(this->org_a_, bad)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Insert(this->org_a_, this->MakePacket(RequestId(987654), *content, 'f'))),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Insert(this->org_a_,
                                this->MakePacket(this->request_a_, ContentId(987654), 'f'))),
            ErrorCode::kNotFound);
  Result<PacketRecord> in_read = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Packets().Insert(this->MakePacket(this->request_a_, *content, 'f'));
  });
  EXPECT_EQ(CodeOf(in_read), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(
      CodeOf(this->Read(this->org_a_,
                        [&](Transaction& tx) { return tx.Packets().Find(this->request_a_, 7); })),
      ErrorCode::kNotFound);
}

TYPED_TEST(PacketContractTest, OtherOrganizationsCannotSeeOrUseThem) {
  Result<ContentId> content_a = this->NewContent(this->org_a_);
  Result<ContentId> content_b = this->NewContent(this->org_b_);
  ASSERT_TRUE(content_a && content_b);
  ASSERT_TRUE(this->Insert(this->org_a_, this->MakePacket(this->request_a_, *content_a, 'a')));
  // The same digest may exist in another organization.
  ASSERT_TRUE(this->Insert(this->org_b_, this->MakePacket(this->request_b_, *content_b, 'a')));
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_,
                        [&](Transaction& tx) { return tx.Packets().Find(this->request_a_, 1); })),
      ErrorCode::kNotFound);
  Result<std::vector<PacketRecord>> listed = this->Read(
      this->org_b_, [&](Transaction& tx) { return tx.Packets().List(this->request_a_); });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
  Result<PacketRecord> b_digest = this->Read(this->org_b_, [&](Transaction& tx) {
    return tx.Packets().FindByDigest(std::string(64, 'a'));
  });
  ASSERT_TRUE(b_digest);
  EXPECT_EQ(b_digest->request_id, this->request_b_);
  // Org B cannot store a packet for org A's request or content.
  ASSERT_NE(this->request_a_, this->request_b_);
  ASSERT_NE(*content_a, *content_b);
  EXPECT_EQ(CodeOf(this->Insert(this->org_b_, this->MakePacket(this->request_a_, *content_b, 'f'))),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Insert(this->org_b_, this->MakePacket(this->request_b_, *content_a, 'f'))),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace roi::contract
