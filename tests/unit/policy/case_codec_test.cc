// ParseCase and SerializeDecision: the contract's shapes, defaults and problem lists.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "policy/engine.h"
#include "test_cases.h"

namespace roi::policy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::RepoRules;

constexpr const char* kSpecExample =
    R"({"schema":"openroi.case/1","jurisdiction":"US-FL","entity":{"type":"physician_practice"},
 "received_on":"2026-03-02","as_of":"2026-03-02","patient":{"birth_date":"1980-01-01"},
 "requester":{"role":"patient","identity_verified":true},"basis":"access","purpose":"personal",
 "request":{"written":true,"signed":true,"format":"electronic","medium":"secure_email",
            "scope":{"all_records":true}},
 "documents":[{"id":"d1","kind":"progress_note","pages":180}]})";

// The problems of an invalid case as "path: message" lines.
std::vector<std::string> Problems(std::string_view json) {
  Result<Case> c = ParseCase(json);
  EXPECT_FALSE(c);
  std::vector<std::string> out;
  if (c) return out;
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  for (const ErrorDetail& d : c.error().details) out.push_back(d.path + ": " + d.message);
  return out;
}

// A minimal valid case with `extra` spliced in before the closing brace.
std::string MinimalWith(const std::string& extra) {
  return R"({"schema":"openroi.case/1","jurisdiction":"US","received_on":"2026-03-02",)"
         R"("as_of":"2026-03-02","patient":{"birth_date":"1980-01-01"},)"
         R"("requester":{"role":"patient"},"basis":"access")" +
         extra + "}";
}

TEST(CaseCodecTest, SpecExampleDecidesAsTheSpecShows) {
  Result<std::string> json = DecideJson(kSpecExample, RepoRules());
  ASSERT_TRUE(json) << json.error().ToString();
  std::string expected_prefix =
      R"({"schema":"openroi.decision/1","outcome":"release",)"
      R"("documents":[{"id":"d1","action":"release","reasons":[]}],"deficiencies":[],)"
      R"("due_on":"2026-04-01","latest_due_on":"2026-05-01","extension_valid":null,)"
      R"("fee":{"max_cents":650,"basis":"HIPAA_FLAT_ELECTRONIC"},"minimum_necessary":false,)"
      R"("accountable":false,"notices":["ADVANCE_FEE_NOTICE"],"denial_reviewable":null,)"
      R"("rules":[)";
  EXPECT_EQ(json->substr(0, expected_prefix.size()), expected_prefix);
  EXPECT_THAT(*json, HasSubstr(R"x({"code":"ACCESS_30_DAYS","cite":"45 CFR 164.524(b)(2)"})x"));
}

TEST(CaseCodecTest, AppliesDefaults) {
  Result<Case> c = ParseCase(MinimalWith(""));
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->entity.type, EntityType::kOther);
  EXPECT_EQ(c->purpose, Purpose::kOther);
  EXPECT_EQ(c->request.format, Format::kElectronic);
  EXPECT_EQ(c->fee_policy.patient_electronic, PatientFee::kFlat);
  EXPECT_EQ(c->fee_policy.flat_cents, 650);
  EXPECT_FALSE(c->authorization.has_value());
  EXPECT_TRUE(c->documents.empty());
}

TEST(CaseCodecTest, NullOptionalFieldsTakeDefaults) {
  Result<Case> c = ParseCase(MinimalWith(R"(,"authorization":null,"purpose":null,"cost":null)"));
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_FALSE(c->authorization.has_value());
}

TEST(CaseCodecTest, DocumentDefaultsToElectronic) {
  Result<Case> c = ParseCase(MinimalWith(R"(,"documents":[{"id":"a","kind":"billing"}])"));
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->documents[0].electronic);
  EXPECT_EQ(c->documents[0].part2, Part2::kNone);
}

TEST(CaseCodecTest, ListsEveryProblemWithItsPointer) {
  std::string json = MinimalWith(
      R"(,"documents":[{"id":"a","kind":"progress_note"},{"id":"b","kind":"progress_note"},)"
      R"({"id":"c","kind":"progress_note"},{"id":"d","kind":"xray","pages":-1}],)"
      R"("fee_policy":{"flat_cents":"5"},"colour":"red")");
  EXPECT_THAT(Problems(json),
              ElementsAre("/fee_policy/flat_cents: expected an integer",
                          "/documents/3/kind: unknown value \"xray\"",
                          "/documents/3/pages: must be an integer from 0 to 1000000",
                          "/colour: unknown field"));
}

TEST(CaseCodecTest, RequiredFieldsAreNamed) {
  EXPECT_THAT(Problems("{}"),
              ElementsAre("/schema: required", "/jurisdiction: required", "/received_on: required",
                          "/as_of: required", "/basis: required", "/patient: required",
                          "/requester: required"));
}

struct BadField {
  const char* extra;
  const char* problem;
};

TEST(CaseCodecTest, RejectsBadValuesTableDriven) {
  const BadField cases[] = {
      {R"(,"payment_received_on":"2026-02-30")",
       "/payment_received_on: expected a date as YYYY-MM-DD"},
      {R"(,"purpose":"gossip")", "/purpose: unknown value \"gossip\""},
      {R"(,"request":{"scope":{"kinds":["xray"]}})",
       "/request/scope/kinds/0: unknown value \"xray\""},
      {R"(,"request":{"scope":{"from":"2026-02-01","to":"2026-01-01"}})",
       "/request/scope/to: before from"},
      {R"(,"request":{"signed":"yes"})", "/request/signed: expected a boolean"},
      {R"(,"authorization":{"covers":["everything"]})",
       "/authorization/covers/0: unknown value \"everything\""},
      {R"(,"authorization":{"compound":{"mixed":true}})",
       "/authorization/compound/mixed: unknown field"},
      {R"(,"legal":[])", "/legal: expected an object"},
      {R"(,"extension":{"prior_extensions":1.5})",
       "/extension/prior_extensions: expected an integer"},
      {R"(,"cost":{"labor_minutes":99999999999999999999})",
       "/cost/labor_minutes: must be an integer from 0 to 1000000"},
      {R"(,"prior_accountings_12m":-1)",
       "/prior_accountings_12m: must be an integer from 0 to 1000"},
      {R"(,"documents":{})", "/documents: expected an array"},
      {R"(,"documents":[{"kind":"billing"}])", "/documents/0/id: required"},
      {R"(,"documents":[{"id":"a","kind":"billing"},{"id":"a","kind":"billing"}])",
       "/documents/1/id: duplicate id"},
      {R"(,"documents":[{"id":"a","kind":"billing","labels":["hiv",7]}])",
       "/documents/0/labels/1: expected a string"},
      {R"(,"documents":[{"id":"a/b~","kind":"billing","x":1}])", "/documents/0/x: unknown field"},
      {R"(,"entity":{"type":"spa"})", "/entity/type: unknown value \"spa\""},
      {R"(,"fee_policy":{"patient_electronic":"free"})",
       "/fee_policy/patient_electronic: unknown value \"free\""},
  };
  for (const BadField& bad : cases) {
    std::vector<std::string> problems = Problems(MinimalWith(bad.extra));
    EXPECT_THAT(problems, ElementsAre(bad.problem)) << bad.extra;
  }
}

TEST(CaseCodecTest, EscapesPointerTokens) {
  EXPECT_THAT(Problems(MinimalWith(R"(,"a/b~c":1)")), ElementsAre("/a~1b~0c: unknown field"));
}

TEST(CaseCodecTest, RejectsWrongSchemaAndJurisdiction) {
  std::string json = MinimalWith("");
  json.replace(json.find("openroi.case/1"), 14, "openroi.case/2");
  json.replace(json.find("\"US\""), 4, "\"France\"");
  EXPECT_THAT(Problems(json), ElementsAre("/schema: expected \"openroi.case/1\"",
                                          "/jurisdiction: unknown value \"France\""));
}

TEST(CaseCodecTest, RejectsInconsistentDates) {
  std::string json = MinimalWith("");
  json.replace(json.find("\"as_of\":\"2026-03-02\""), 20, "\"as_of\":\"2026-03-01\"");
  EXPECT_THAT(Problems(json), ElementsAre("/as_of: before received_on"));
}

TEST(CaseCodecTest, SerializesNullsAndEscapes) {
  Decision d;
  d.outcome = Outcome::kPend;
  d.documents.push_back({"a\"b\\c\n", Action::kWithhold, {Code::kPending}});
  d.deficiencies = {Code::kAuthMissing};
  d.extension_valid = false;
  d.rules.push_back({"X", "cite"});
  EXPECT_EQ(SerializeDecision(d),
            R"({"schema":"openroi.decision/1","outcome":"pend","documents":[{"id":"a\"b\\c\u000a",)"
            R"("action":"withhold","reasons":["PENDING"]}],"deficiencies":["AUTH_MISSING"],)"
            R"("due_on":null,"latest_due_on":null,"extension_valid":false,)"
            R"("fee":{"max_cents":0,"basis":"NONE"},"minimum_necessary":false,"accountable":false,)"
            R"("notices":[],"denial_reviewable":null,"rules":[{"code":"X","cite":"cite"}]})");
}

TEST(CaseCodecTest, DecideJsonIsDeterministic) {
  Result<std::string> a = DecideJson(kSpecExample, RepoRules());
  Result<std::string> b = DecideJson(kSpecExample, RepoRules());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(CaseCodecTest, DecideJsonPassesProblemsThrough) {
  Result<std::string> out = DecideJson("{\"schema\":1}", RepoRules());
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(out.error().details.empty());
}

}  // namespace
}  // namespace roi::policy
