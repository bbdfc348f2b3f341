// ParseCase on hostile input: never crashes, never recurses without bound, always lists a
// problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

TEST(HostileInputTest, OversizedDocumentIsRefused) {
  std::string json(33u << 20, ' ');
  EXPECT_FALSE(ParseCase(json));
}

}  // namespace
}  // namespace roi::policy
