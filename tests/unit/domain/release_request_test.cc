#include "domain/release_request.h"

#include <gtest/gtest.h>

#include "domain/document.h"
#include "domain/field_text.h"
#include "domain/requester.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

RequestFacts FullFacts() {
  RequestFacts facts{.basis = "authorization", .purpose = "litigation", .format = "paper"};
  facts.medium = "mail";
  facts.written = facts.is_signed = facts.identity_verified = facts.abuse_concern = true;
  facts.scope = {.all_records = true,
                 .kinds = {"progress_note"},
                 .from = Day(2024, 1, 1),
                 .to = Day(2024, 6, 30),
                 .encounters = {"ENC-1", "ENC:2"}};
  AuthorizationElements a;
  a.is_signed = true;
  a.signed_on = Day(2025, 1, 1);
  a.signer = "personal_representative";
  a.revoked_on = Day(2025, 2, 1);
  a.covers = {"hiv", "mental_health"};
  a.expiration_event = "end of the case\nwith = signs \\ and lines";
  a.compound_includes_psychotherapy_notes = true;
  a.state_forms = {"NY-HIV"};
  facts.authorization = a;
  facts.legal = LegalFacts{.qualified_protective_order = true,
                           .scope = {.kinds = {"imaging"}, .to = Day(2024, 1, 1)}};
  return facts;
}

TEST(FieldTextTest, RoundTripsEscapesAndRejectsGarbage) {
  Fields fields = {{"a", "x=y"}, {"b", "line\nbreak\r\\"}, {"a", ""}};
  Result<Fields> back = DecodeFields(EncodeFields(fields));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, fields);
  EXPECT_EQ(FieldValue(*back, "a"), "x=y");
  EXPECT_EQ(FieldValue(*back, "missing"), "");
  EXPECT_FALSE(DecodeFields("no equals sign\n"));
  EXPECT_FALSE(DecodeFields("k=bad\\q\n"));
  EXPECT_FALSE(DecodeFields("k=trailing\\"));
  EXPECT_EQ(SplitList(JoinList({"a", "b"})), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(SplitList("").empty());
}

TEST(RequestFactsTest, EncodeDecodeRoundTripsEveryField) {
  RequestFacts facts = FullFacts();
  ASSERT_TRUE(ValidateRequestFacts(facts));
  Result<RequestFacts> back = DecodeRequestFacts(EncodeRequestFacts(facts));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, facts);
  RequestFacts bare{.basis = "access", .purpose = "personal"};
  Result<RequestFacts> bare_back = DecodeRequestFacts(EncodeRequestFacts(bare));
  ASSERT_TRUE(bare_back);
  EXPECT_EQ(*bare_back, bare);
  EXPECT_FALSE(bare_back->authorization.has_value());
  EXPECT_FALSE(DecodeRequestFacts("basis=access\nscope.from=2024-13-01\n"));
}

TEST(RequestFactsTest, ValidationNamesTheField) {
  auto message = [](const RequestFacts& facts) {
    Status status = ValidateRequestFacts(facts);
    return status ? std::string() : status.error().message;
  };
  RequestFacts facts = FullFacts();
  facts.basis.clear();
  EXPECT_EQ(message(facts), "basis is required");
  facts = FullFacts();
  facts.scope.to = Day(2023, 1, 1);
  EXPECT_EQ(message(facts), "scope.to is before scope.from");
  facts = FullFacts();
  facts.scope.encounters = {"bad encounter"};
  EXPECT_NE(message(facts).find("scope.encounters"), std::string::npos);
  facts = FullFacts();
  facts.authorization->covers = {"a,b"};
  EXPECT_NE(message(facts).find("authorization.covers"), std::string::npos);
  facts = FullFacts();
  facts.authorization->revoked_on = Day(2024, 12, 1);
  EXPECT_NE(message(facts).find("revoked_on"), std::string::npos);
}

TEST(ReleaseRequestTest, NumbersAndValidation) {
  EXPECT_EQ(FormatRequestNumber(2026, 123), "R-2026-000123");
  EXPECT_EQ(FormatRequestNumber(2026, 1234567), "R-2026-1234567");
  ReleaseRequest request{.number = "R-2026-000001",
                         .patient_id = PatientId(1),
                         .requester_id = RequesterId(2),
                         .requester_role = "patient",
                         .facts = {.basis = "access", .purpose = "personal"}};
  EXPECT_TRUE(ValidateReleaseRequest(request));
  request.state = RequestState::kOnHold;
  EXPECT_FALSE(ValidateReleaseRequest(request));
  request.held_from = RequestState::kVerifying;
  EXPECT_TRUE(ValidateReleaseRequest(request));
  request.patient_id = PatientId();
  EXPECT_EQ(ValidateReleaseRequest(request).error().message, "patient_id is required");
  EXPECT_TRUE(IsOpenState(RequestState::kOnHold));
  EXPECT_FALSE(IsOpenState(RequestState::kReleased));
  EXPECT_FALSE(IsOpenState(RequestState::kDenied));
}

TEST(ReleaseRequestTest, NamesParseBack) {
  for (Channel c : {Channel::kPortal, Channel::kMail, Channel::kFax, Channel::kEmail,
                    Channel::kWalkIn, Channel::kApi}) {
    EXPECT_EQ(*ParseChannel(ChannelName(c)), c);
  }
  EXPECT_EQ(ChannelName(Channel::kWalkIn), "walk_in");
  EXPECT_FALSE(ParseChannel("pigeon"));
  EXPECT_EQ(*ParsePriority("urgent"), Priority::kUrgent);
  EXPECT_EQ(*ParseDecisionOutcome(DecisionOutcomeName(DecisionOutcome::kPend)),
            DecisionOutcome::kPend);
}

TEST(RequesterTest, Validation) {
  Requester requester{.role = "provider", .name = "Example Clinic", .npi = "1234567890"};
  EXPECT_TRUE(ValidateRequester(requester));
  requester.npi = "12345";
  EXPECT_EQ(ValidateRequester(requester).error().message, "npi must be 10 digits");
  requester.npi.clear();
  requester.name.clear();
  EXPECT_EQ(ValidateRequester(requester).error().message, "name must be 1 to 200 bytes");
}

TEST(DocumentTest, Validation) {
  Document document{.patient_id = PatientId(1), .kind = "lab_result", .labels = {"hiv"}};
  EXPECT_TRUE(ValidateDocument(document));
  document.labels = {"hiv", "hiv"};
  EXPECT_EQ(ValidateDocument(document).error().message, "labels must not repeat");
  document.labels.clear();
  document.pages = -1;
  EXPECT_EQ(ValidateDocument(document).error().message, "pages must be 0 to 100000");
  document.pages = 1;
  document.encounter = "has space";
  EXPECT_FALSE(ValidateDocument(document));
  document.encounter.clear();
  document.patient_id = PatientId();
  EXPECT_EQ(ValidateDocument(document).error().message, "patient_id is required");
}

TEST(LetterTest, Validation) {
  Letter letter{.request_id = RequestId(1), .kind = "acknowledgment", .recipient = "Sample"};
  EXPECT_TRUE(ValidateLetter(letter));
  letter.body = {{"bad=key", "x"}};
  EXPECT_FALSE(ValidateLetter(letter));
}

}  // namespace
}  // namespace roi
