// The case bridge and the "authorization" document kind: accepted as a document's kind beside the
// policy contract's record kinds, never written into a request's case (so no decision releases
// it as a record), while every other document still is.
#include "app/request_case.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

TEST(AuthorizationKindTest, IsAcceptedAsADocumentKindOutsideTheCase) {
  EXPECT_TRUE(IsOutsideCaseKind(kAuthorizationDocumentKind));
  EXPECT_FALSE(IsOutsideCaseKind("correspondence"));
  EXPECT_FALSE(IsOutsideCaseKind("progress_note"));
  Document authorization{.patient_id = PatientId(1), .kind = "authorization"};
  EXPECT_TRUE(CheckDocumentVocabulary(authorization));
  // Its labels and Part 2 status are still checked.
  authorization.labels = {"not_a_label"};
  EXPECT_FALSE(CheckDocumentVocabulary(authorization));
  Document unknown{.patient_id = PatientId(1), .kind = "xray"};
  Status refused = CheckDocumentVocabulary(unknown);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "kind: unknown value");
  // A request's scope still takes only record kinds.
  RequestFacts facts{.basis = "access", .purpose = "personal"};
  facts.scope.kinds = {"authorization"};
  EXPECT_FALSE(CheckRequestVocabulary(facts));
}

TEST(AuthorizationKindTest, TheCaseLeavesAuthorizationsOut) {
  Organization organization{.name = "Example Clinic", .slug = "example", .state = "CA"};
  ReleaseRequest request{.requester_role = "patient",
                         .received_on = Day(2025, 1, 6),
                         .facts = {.basis = "access", .purpose = "personal"}};
  std::vector<Document> documents = {
      Document{.id = DocumentId(11), .patient_id = PatientId(1), .kind = "progress_note"},
      Document{.id = DocumentId(12), .patient_id = PatientId(1), .kind = "authorization"},
      Document{.id = DocumentId(13), .patient_id = PatientId(1), .kind = "correspondence"}};
  std::string json = BuildCaseJson(organization, Patient{.birth_date = Day(1970, 1, 2)}, request,
                                   documents, Day(2025, 1, 6));
  EXPECT_NE(json.find(R"("id":"11","kind":"progress_note")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("id":"13","kind":"correspondence")"), std::string::npos) << json;
  EXPECT_EQ(json.find(R"("id":"12")"), std::string::npos) << json;
  EXPECT_EQ(json.find("authorization\""), std::string::npos) << json;
}

}  // namespace
}  // namespace roi
