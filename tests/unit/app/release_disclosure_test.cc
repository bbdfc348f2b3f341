#include "app/release_disclosure.h"

#include <gtest/gtest.h>

#include <string>

#include "policy/case.h"
#include "policy/decision.h"

namespace roi {
namespace {

TEST(ReleaseDisclosureTest, EveryRequestBasisMapsToADisclosureBasis) {
  for (std::string_view name : policy::kBasisNames) {
    Result<DisclosureBasis> basis = DisclosureBasisForRequest(name);
    EXPECT_TRUE(basis) << name;
  }
  EXPECT_EQ(*DisclosureBasisForRequest("access"), DisclosureBasis::kToIndividual);
  EXPECT_EQ(*DisclosureBasisForRequest("subpoena"), DisclosureBasis::kJudicialAdministrative);
  EXPECT_TRUE(IsAccountable(*DisclosureBasisForRequest("subpoena")));
  EXPECT_TRUE(IsAccountable(*DisclosureBasisForRequest("public_health")));
  EXPECT_FALSE(IsAccountable(*DisclosureBasisForRequest("authorization")));
  EXPECT_FALSE(IsAccountable(*DisclosureBasisForRequest("treatment")));
  EXPECT_EQ(DisclosureBasisForRequest("bribe").error().code, ErrorCode::kInvalidArgument);
}

TEST(ReleaseDisclosureTest, EveryMediumMapsToMeans) {
  for (std::string_view name : policy::kMediumNames) {
    EXPECT_TRUE(DisclosureMeansForMedium(name)) << name;
  }
  EXPECT_EQ(*DisclosureMeansForMedium(""), DisclosureMeans::kOther);
  EXPECT_EQ(*DisclosureMeansForMedium("fax"), DisclosureMeans::kFax);
  EXPECT_EQ(*DisclosureMeansForMedium("pickup"), DisclosureMeans::kInPerson);
  EXPECT_EQ(DisclosureMeansForMedium("pigeon").error().code, ErrorCode::kInvalidArgument);
}

class ReleaseEntryTest : public ::testing::Test {
 protected:
  ReleaseRequest request_{.id = RequestId(5),
                          .organization_id = OrganizationId(1),
                          .number = "R-2026-000005",
                          .patient_id = PatientId(3)};
  Requester requester_{
      .role = "attorney", .name = "Sample Law Office", .email = "law@example.test"};
  std::vector<Document> documents_{
      {.id = DocumentId(10), .kind = "progress_note", .service_date = *Date::FromYmd(2026, 2, 3)},
      {.id = DocumentId(11), .kind = "psychotherapy_note"},
      {.id = DocumentId(12), .kind = "lab_result"}};
  policy::Decision decision_{
      .outcome = policy::Outcome::kPartial,
      .documents = {{.id = "10"}, {.id = "11", .action = policy::Action::kWithhold}, {.id = "12"}}};

  Result<DisclosureEntry> Entry(std::int64_t fee = 0) {
    return ReleaseDisclosureEntry(ReleaseFacts{.request = request_,
                                               .requester = requester_,
                                               .decision = decision_,
                                               .documents = documents_,
                                               .released_by = UserId(4),
                                               .released_on = *Date::FromYmd(2026, 3, 1),
                                               .fee_cents = fee});
  }
};

TEST_F(ReleaseEntryTest, NamesTheReleasedDocumentsAndCountsTheWithheld) {
  request_.facts.basis = "subpoena";
  request_.facts.purpose = "litigation";
  request_.facts.medium = "secure_email";
  Result<DisclosureEntry> entry = Entry(1250);
  ASSERT_TRUE(entry) << entry.error().ToString();
  EXPECT_EQ(entry->description,
            "Request R-2026-000005, 2 documents released (1 withheld): progress note of "
            "2026-02-03; lab result");
  EXPECT_EQ(entry->description.find("psychotherapy"), std::string::npos);
  EXPECT_EQ(entry->recipient_name, "Sample Law Office");
  EXPECT_EQ(entry->recipient_address, "law@example.test");  // No postal address; e-mailed.
  EXPECT_EQ(entry->basis, DisclosureBasis::kJudicialAdministrative);
  EXPECT_EQ(entry->means, DisclosureMeans::kSecureEmail);
  EXPECT_EQ(entry->fee, Money::FromCents(1250));
  EXPECT_EQ(entry->request_id, RequestId(5));
  EXPECT_EQ(entry->released_by, UserId(4));
  EXPECT_TRUE(ValidateDisclosure(*entry));
}

TEST_F(ReleaseEntryTest, LongNamesAreCutOnACharacterBoundary) {
  request_.facts.basis = "authorization";
  request_.facts.purpose = "insurance";
  request_.facts.medium = "mail";
  requester_.address = "1 Example Way";
  requester_.name = std::string(199, 'a') + "\xC3\xA9";  // 201 bytes, ends in a two-byte letter.
  requester_.organization = std::string(96, 'b') + "\xC3\xA9";  // é straddles byte 300.
  Result<DisclosureEntry> entry = Entry();
  ASSERT_TRUE(entry) << entry.error().ToString();
  EXPECT_LE(entry->recipient_name.size(), kMaxRecipientName);
  EXPECT_NE(static_cast<unsigned char>(entry->recipient_name.back()), 0xC3);
  EXPECT_EQ(entry->recipient_address, "1 Example Way");
  EXPECT_TRUE(ValidateDisclosure(*entry));
}

TEST_F(ReleaseEntryTest, NothingReleasedOrAnUnknownBasisIsAnError) {
  request_.facts.basis = "access";
  EXPECT_TRUE(ReleasesAnyDocument(decision_));
  for (policy::DocumentDecision& d : decision_.documents) d.action = policy::Action::kWithhold;
  EXPECT_FALSE(ReleasesAnyDocument(decision_));
  EXPECT_EQ(Entry().error().code, ErrorCode::kInvalidArgument);
  request_.facts.basis = "unknown";
  EXPECT_EQ(Entry().error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi
