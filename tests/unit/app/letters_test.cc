// The letters of the request lifecycle as data: each kind carries the fields its notice needs,
// taken from the request and the stored decision (deficiencies, withheld documents and reasons,
// review rights, complaint contacts, citations).
#include "app/letters.h"

#include <gtest/gtest.h>

#include <string>

namespace roi {
namespace {

using policy::Code;

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

std::string Field(const Letter& letter, std::string_view key) {
  return std::string(FieldValue(letter.body, key));
}

bool HasKey(const Letter& letter, std::string_view key) {
  for (const auto& [k, v] : letter.body) {
    if (k == key) return true;
  }
  return false;
}

class LettersTest : public ::testing::Test {
 protected:
  LettersTest() {
    request_.id = RequestId(7);
    request_.number = "R-2025-000007";
    request_.received_on = Day(2025, 1, 6);
    request_.due_on = Day(2025, 2, 5);
    request_.facts.basis = "access";
    request_.facts.purpose = "personal";
    documents_ = {
        Document{.id = DocumentId(11), .kind = "progress_note", .service_date = Day(2024, 5, 1)},
        Document{
            .id = DocumentId(12), .kind = "psychotherapy_note", .service_date = Day(2024, 6, 2)}};
  }
  LetterContext Context() const {
    return {.organization = organization_,
            .request = request_,
            .patient = patient_,
            .requester = requester_,
            .today = Day(2025, 1, 10)};
  }

  Organization organization_{.name = "Example Community Clinic", .slug = "example", .state = "TX"};
  Patient patient_{.mrn = "MRN-1", .given_name = "Testpatient", .family_name = "Alpha"};
  Requester requester_{.role = "attorney",
                       .name = "Sample Law Office",
                       .organization = "Example Legal LLP",
                       .address = "2 Example Plaza"};
  ReleaseRequest request_;
  std::vector<Document> documents_;
};

TEST_F(LettersTest, PendingInformationListsTheExactDeficienciesAndCitations) {
  policy::Decision decision{
      .outcome = policy::Outcome::kPend,
      .deficiencies = {Code::kAuthUnsigned, Code::kAuthNoExpiration},
      .due_on = Day(2025, 2, 5),
      .rules = {{"AUTH_CORE_ELEMENTS", "45 CFR 164.508(c)(1)"}, {"NO_CITE", ""}}};
  Letter letter = PendingInformationLetter(Context(), decision);
  EXPECT_EQ(letter.kind, "pending_information");
  EXPECT_EQ(letter.request_id, RequestId(7));
  EXPECT_EQ(letter.recipient, "Sample Law Office");
  EXPECT_EQ(letter.date, Day(2025, 1, 10));
  EXPECT_TRUE(ValidateLetter(letter));
  EXPECT_EQ(Field(letter, "request_number"), "R-2025-000007");
  EXPECT_EQ(Field(letter, "patient_name"), "Testpatient Alpha");
  EXPECT_EQ(Field(letter, "deficiency_count"), "2");
  EXPECT_EQ(Field(letter, "deficiency.1.code"), "AUTH_UNSIGNED");
  EXPECT_EQ(Field(letter, "deficiency.1.text"), "The authorization is not signed.");
  EXPECT_EQ(Field(letter, "deficiency.2.code"), "AUTH_NO_EXPIRATION");
  EXPECT_FALSE(HasKey(letter, "deficiency.3.code"));
  EXPECT_EQ(Field(letter, "citation.1"), "AUTH_CORE_ELEMENTS: 45 CFR 164.508(c)(1)");
  EXPECT_FALSE(HasKey(letter, "citation.2"));  // Rules without a citation are not cited.
  EXPECT_EQ(Field(letter, "due_on"), "2025-02-05");
  auto pairs = LetterDeficiencies(letter);
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[1].first, "AUTH_NO_EXPIRATION");
}

TEST_F(LettersTest, ExtensionGivesReasonAndBothDates) {
  ExtensionNotice extension{.notice_on = Day(2025, 1, 10),
                            .new_due_on = Day(2025, 3, 7),
                            .reason = "Records are in off-site storage."};
  policy::Decision decision{.rules = {{"ACCESS_EXTENSION_VALID", "45 CFR 164.524(b)(2)(iii)"}}};
  Letter letter = ExtensionLetter(Context(), extension, Day(2025, 2, 5), decision);
  EXPECT_EQ(letter.kind, "extension");
  EXPECT_EQ(Field(letter, "reason"), "Records are in off-site storage.");
  EXPECT_EQ(Field(letter, "original_due_on"), "2025-02-05");
  EXPECT_EQ(Field(letter, "new_due_on"), "2025-03-07");
  EXPECT_EQ(Field(letter, "citation.1"), "ACCESS_EXTENSION_VALID: 45 CFR 164.524(b)(2)(iii)");
}

TEST_F(LettersTest, DenialGivesBasisReviewRightsAndComplaintContacts) {
  policy::Decision decision{
      .outcome = policy::Outcome::kDeny,
      .documents = {{"11", policy::Action::kWithhold, {Code::kHarmDetermination}},
                    {"12",
                     policy::Action::kWithhold,
                     {Code::kHarmDetermination, Code::kPsychotherapyNotes}}},
      .denial_reviewable = true,
      .rules = {{"ACCESS_DENIAL_REVIEWABLE", "45 CFR 164.524(a)(3)"}}};
  ComplaintContacts contacts{.privacy_officer = "Privacy Officer, 555-0100, privacy@example.test"};
  Letter letter = DenialLetter(Context(), decision, contacts);
  EXPECT_EQ(letter.kind, "denial");
  EXPECT_EQ(Field(letter, "basis_count"), "2");  // Each reason once.
  EXPECT_EQ(Field(letter, "basis.1.code"), "HARM_DETERMINATION");
  EXPECT_EQ(Field(letter, "basis.2.code"), "PSYCHOTHERAPY_NOTES");
  EXPECT_EQ(Field(letter, "review.available"), "yes");
  EXPECT_NE(Field(letter, "review.how").find("licensed health care professional"),
            std::string::npos);
  EXPECT_EQ(Field(letter, "complaint.privacy_officer"),
            "Privacy Officer, 555-0100, privacy@example.test");
  EXPECT_NE(Field(letter, "complaint.hhs_ocr").find("Office for Civil Rights"), std::string::npos);
  EXPECT_EQ(Field(letter, "citation.1"), "ACCESS_DENIAL_REVIEWABLE: 45 CFR 164.524(a)(3)");

  decision.denial_reviewable = false;
  Letter unreviewable = DenialLetter(Context(), decision, {});
  EXPECT_EQ(Field(unreviewable, "review.available"), "no");
  EXPECT_EQ(Field(unreviewable, "complaint.privacy_officer"),
            "the Privacy Officer of Example Community Clinic");
}

TEST_F(LettersTest, PartialDenialNamesWithheldDocumentsAndWhy) {
  policy::Decision decision{
      .outcome = policy::Outcome::kPartial,
      .documents = {{"11", policy::Action::kRelease, {}},
                    {"12", policy::Action::kWithhold, {Code::kPsychotherapyNotes}},
                    {"99", policy::Action::kWithhold, {Code::kOutOfScope}}}};
  Letter letter = PartialDenialLetter(Context(), decision, documents_, {});
  EXPECT_EQ(letter.kind, "partial_denial");
  EXPECT_EQ(Field(letter, "withheld_count"), "2");
  EXPECT_EQ(Field(letter, "withheld.1.document"), "psychotherapy_note of 2024-06-02");
  EXPECT_EQ(Field(letter, "withheld.1.codes"), "PSYCHOTHERAPY_NOTES");
  EXPECT_EQ(Field(letter, "withheld.1.reasons"),
            "Psychotherapy notes need their own authorization.");
  EXPECT_EQ(Field(letter, "withheld.2.document"), "document 99");  // Unknown id: named by id.
  EXPECT_TRUE(HasKey(letter, "review.available"));
  EXPECT_TRUE(HasKey(letter, "complaint.hhs_ocr"));
  EXPECT_TRUE(ValidateLetter(letter));
}

TEST_F(LettersTest, ReleaseCoverListsEnclosuresFeeAndNotices) {
  policy::Decision decision{
      .outcome = policy::Outcome::kPartial,
      .documents = {{"11", policy::Action::kRelease, {}},
                    {"12", policy::Action::kWithhold, {Code::kPsychotherapyNotes}}},
      .fee = {.max_cents = 650, .basis = Code::kHipaaFlatElectronic},
      .notices = {Code::kPart2Redisclosure}};
  Letter letter = ReleaseCoverLetter(Context(), decision, documents_);
  EXPECT_EQ(letter.kind, "release_cover");
  EXPECT_EQ(Field(letter, "enclosed_count"), "1");
  EXPECT_EQ(Field(letter, "enclosed.1"), "progress_note of 2024-05-01");
  EXPECT_FALSE(HasKey(letter, "enclosed.2"));
  EXPECT_EQ(Field(letter, "fee_max"), "6.50");
  EXPECT_EQ(Field(letter, "fee_basis"), "HIPAA_FLAT_ELECTRONIC");
  EXPECT_EQ(Field(letter, "notice.1.code"), "PART2_REDISCLOSURE");
  EXPECT_TRUE(HasKey(letter, "partial"));
}

TEST_F(LettersTest, ExpiryRepeatsWhatWasMissing) {
  Letter letter = ExpiryLetter(Context(), Day(2024, 11, 1), 60,
                               {{"AUTH_UNSIGNED", "The authorization is not signed."}});
  EXPECT_EQ(letter.kind, "expiry");
  EXPECT_EQ(Field(letter, "pending_since"), "2024-11-01");
  EXPECT_EQ(Field(letter, "expiry_days"), "60");
  EXPECT_EQ(Field(letter, "deficiency.1.code"), "AUTH_UNSIGNED");
  EXPECT_EQ(Field(letter, "closed_on"), "2025-01-10");
}

TEST_F(LettersTest, AcknowledgmentKeepsItsFields) {
  Letter letter = AcknowledgmentLetter(Context());
  EXPECT_EQ(letter.kind, "acknowledgment");
  EXPECT_EQ(Field(letter, "request_number"), "R-2025-000007");
  EXPECT_EQ(Field(letter, "due_on"), "2025-02-05");
  EXPECT_EQ(Field(letter, "basis"), "access");
  EXPECT_EQ(Field(letter, "organization_name"), "Example Community Clinic");
  EXPECT_EQ(Field(letter, "requester_address"), "2 Example Plaza");
  EXPECT_EQ(Field(letter, "channel"), "portal");
}

TEST(DescribeCodeTest, FallsBackToTheContractName) {
  EXPECT_EQ(DescribeCode(Code::kAuthUnsigned), "The authorization is not signed.");
  EXPECT_EQ(DescribeCode(Code::kFeeNone), std::string(policy::CodeName(Code::kFeeNone)));
}

}  // namespace
}  // namespace roi
