// ParseCase on hostile input: never crashes, never recurses without bound, always lists a
// problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "policy/engine.h"

namespace roi::policy {
namespace {

using ::testing::HasSubstr;

const ErrorDetail& FirstProblem(const Result<Case>& c) {
  static const ErrorDetail kNone{"<none>", "<none>"};
  if (c || c.error().details.empty()) return kNone;
  return c.error().details.front();
}

TEST(HostileInputTest, MalformedJsonGivesLineAndColumn) {
  Result<Case> c = ParseCase("{\n  \"schema\": tru }");
  ASSERT_FALSE(c);
  EXPECT_EQ(FirstProblem(c).path, "");
  EXPECT_THAT(FirstProblem(c).message, HasSubstr("line 2"));
  EXPECT_THAT(FirstProblem(c).message, ::testing::Not(HasSubstr("last read")));
}

TEST(HostileInputTest, DeepNestingIsRefused) {
  std::string deep(100000, '[');
  Result<Case> c = ParseCase(deep);
  ASSERT_FALSE(c);
  EXPECT_THAT(FirstProblem(c).message, HasSubstr("nesting deeper than 64"));
  std::string objects;
  for (int i = 0; i < 50000; ++i) objects += "{\"a\":";
  EXPECT_FALSE(ParseCase(objects));
}

TEST(HostileInputTest, DuplicateKeysAreRefusedWithTheirPointer) {
  Result<Case> c = ParseCase(
      R"({"schema":"openroi.case/1","patient":{"birth_date":"1980-01-01","birth_date":"1990-01-01"}})");
  ASSERT_FALSE(c);
  EXPECT_EQ(FirstProblem(c).path, "/patient/birth_date");
  EXPECT_EQ(FirstProblem(c).message, "duplicate key");
}

TEST(HostileInputTest, InvalidUtf8IsRefused) {
  std::string bad = "{\"schema\":\"openroi.case/1\",\"jurisdiction\":\"US\xff\"}";
  Result<Case> c = ParseCase(bad);
  ASSERT_FALSE(c);
  EXPECT_THAT(FirstProblem(c).message, HasSubstr("UTF-8"));
}

TEST(HostileInputTest, HugeAndOddNumbersAreProblemsNotCrashes) {
  const char* numbers[] = {"1e400",
                           "-1e400",
                           "123456789012345678901234567890",
                           "-9223372036854775809",
                           "18446744073709551616",
                           "0.5",
                           "-0"};
  for (const char* n : numbers) {
    std::string json =
        std::string(R"({"schema":"openroi.case/1","prior_accountings_12m":)") + n + "}";
    Result<Case> c = ParseCase(json);
    EXPECT_FALSE(c) << n;
  }
}

TEST(HostileInputTest, WrongTypesEverywhereAreListed) {
  const char* json = R"({"schema":[],"jurisdiction":{},"received_on":1,"as_of":true,
    "patient":"x","requester":[],"basis":null,"request":7,"documents":[1,"a",null]})";
  Result<Case> c = ParseCase(json);
  ASSERT_FALSE(c);
  EXPECT_GE(c.error().details.size(), 9u);
}

TEST(HostileInputTest, EmptyAndGarbageInputs) {
  const char* inputs[] = {"", " ", "null", "[]", "\"case\"", "{", "}", "{\"a\"}", "\x00", "{}{}"};
  for (const char* input : inputs) {
    Result<Case> c = ParseCase(input);
    EXPECT_FALSE(c) << input;
    if (!c) {
      EXPECT_FALSE(c.error().details.empty()) << input;
    }
  }
}

TEST(HostileInputTest, LongStringsAreNotEchoed) {
  std::string json = R"({"schema":"openroi.case/1","basis":")" + std::string(5000, 'x') + "\"}";
  Result<Case> c = ParseCase(json);
  ASSERT_FALSE(c);
  for (const ErrorDetail& d : c.error().details) EXPECT_LT(d.message.size(), 200u);
}

// Random byte edits of a valid case (fixed seed): every result is a case or a listed problem,
// and every accepted case can be decided.
TEST(HostileInputTest, MutatedCasesNeverCrash) {
  const std::string valid =
      R"({"schema":"openroi.case/1","jurisdiction":"US-NY","received_on":"2026-03-02",)"
      R"("as_of":"2026-03-02","patient":{"birth_date":"1980-01-01"},"requester":{"role":"patient",)"
      R"("identity_verified":true},"basis":"access","request":{"scope":{"all_records":true}},)"
      R"("authorization":{"signed":true,"covers":["hiv"]},"documents":[{"id":"d1","kind":)"
      R"("progress_note","pages":3,"labels":["hiv"]}]})";
  const char kBytes[] = "{}[]\",:0123456789-eE.truefalsenull \\\x01\xc3\xff";
  std::mt19937 rng(42);
  Result<RuleSet> rules = LoadRuleSet(OPENROI_RULES_DIR);
  ASSERT_TRUE(rules);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text = valid;
    for (int edits = 1 + static_cast<int>(rng() % 4); edits > 0; --edits) {
      std::size_t at = rng() % text.size();
      char byte = kBytes[rng() % (sizeof kBytes - 1)];
      switch (rng() % 3) {
        case 0:
          text[at] = byte;
          break;
        case 1:
          text.insert(at, 1, byte);
          break;
        default:
          text.erase(at, 1);
          break;
      }
    }
    Result<Case> c = ParseCase(text);
    if (!c) {
      ASSERT_FALSE(c.error().details.empty()) << text;
      continue;
    }
    ++accepted;
    Decision d = Decide(*c, *rules);
    EXPECT_EQ(d.documents.size(), c->documents.size());
  }
  EXPECT_GT(accepted, 0);
}

TEST(HostileInputTest, OversizedDocumentIsRefused) {
  std::string json(33u << 20, ' ');
  EXPECT_FALSE(ParseCase(json));
}

}  // namespace
}  // namespace roi::policy
