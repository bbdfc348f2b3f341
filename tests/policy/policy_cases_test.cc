// The data-driven policy suite.  Each cases/*.json holds
//   {"rule": citation, "why": sentence, "switches": {name: bool}?, "case": openroi.case/1,
//    "expect": {decision fields to match exactly; "rules_include": [codes that must fire]}
//    | "expect_problems": ["/pointer: message", ...]}
// A case passes when every expected field equals the decision's (through the real JSON
// serialization, so the bytes the CLI and HTTP give are what is checked).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "policy/engine.h"

namespace roi::policy {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(OPENROI_CASES_DIR)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Json ReadCase(const std::string& name) {
  std::ifstream in(fs::path(OPENROI_CASES_DIR) / (name + ".json"));
  return Json::parse(in);
}

// Rule sets by switch overrides, loaded once each.
const RuleSet& RulesFor(const Json& switches) {
  static std::map<std::string, RuleSet> cache;
  std::string key = switches.dump();
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  LoadOptions options;
  for (const auto& [name, on] : switches.items())
    options.switches.emplace_back(name, on.get<bool>());
  Result<RuleSet> rules = LoadRuleSet(OPENROI_RULES_DIR, options);
  if (!rules) {
    ADD_FAILURE() << rules.error().ToString();
    rules = LoadRuleSet(OPENROI_RULES_DIR);
  }
  return cache.emplace(key, std::move(*rules)).first->second;
}

std::set<std::string> RuleCodes(const Json& decision) {
  std::set<std::string> codes;
  for (const Json& rule : decision["rules"]) {
    EXPECT_FALSE(rule["cite"].get<std::string>().empty()) << rule.dump();
    codes.insert(rule["code"].get<std::string>());
  }
  return codes;
}

void CheckExpect(const Json& expect, const Json& decision) {
  for (const auto& [field, value] : expect.items()) {
    if (field == "rules_include") {
      std::set<std::string> fired = RuleCodes(decision);
      for (const Json& code : value) {
        EXPECT_TRUE(fired.count(code.get<std::string>())) << "rule not fired: " << code;
      }
      continue;
    }
    ASSERT_TRUE(decision.contains(field)) << "no field " << field;
    EXPECT_EQ(decision[field], value) << "field " << field;
  }
}

void CheckProblems(const Json& expected, const std::string& case_json) {
  Result<std::string> out = DecideJson(case_json, RulesFor(Json::object()));
  ASSERT_FALSE(out) << "expected the case to be refused";
  std::vector<std::string> problems;
  for (const ErrorDetail& d : out.error().details) problems.push_back(d.path + ": " + d.message);
  EXPECT_EQ(problems, expected.get<std::vector<std::string>>());
}

class PolicyCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PolicyCaseTest, DecidesAsExpected) {
  Json file = ReadCase(GetParam());
  ASSERT_TRUE(file.contains("rule") && !file["rule"].get<std::string>().empty()) << "needs a rule";
  ASSERT_TRUE(file.contains("why") && !file["why"].get<std::string>().empty()) << "needs a why";
  std::string case_json = file["case"].dump();
  if (file.contains("expect_problems")) return CheckProblems(file["expect_problems"], case_json);
  const RuleSet& rules = RulesFor(file.value("switches", Json::object()));
  Result<std::string> out = DecideJson(case_json, rules);
  ASSERT_TRUE(out) << out.error().ToString();
  SCOPED_TRACE(*out);
  CheckExpect(file["expect"], Json::parse(*out));
}

INSTANTIATE_TEST_SUITE_P(Cases, PolicyCaseTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           return param.param;
                         });

// The suite as a whole must exercise every deficiency and withholding code of the contract
// and every state overlay.
TEST(PolicyCaseSuiteTest, CoversTheContractAndEveryState) {
  const std::vector<std::string> kContract = {"AUTH_MISSING",
                                              "AUTH_UNSIGNED",
                                              "AUTH_UNDATED",
                                              "AUTH_REPRESENTATIVE_AUTHORITY_MISSING",
                                              "AUTH_NO_DESCRIPTION",
                                              "AUTH_NO_DISCLOSER",
                                              "AUTH_NO_RECIPIENT",
                                              "AUTH_NO_PURPOSE",
                                              "AUTH_NO_EXPIRATION",
                                              "AUTH_NO_REVOCATION_STATEMENT",
                                              "AUTH_NO_CONDITIONING_STATEMENT",
                                              "AUTH_NO_REDISCLOSURE_STATEMENT",
                                              "AUTH_COMPOUND_PSYCHOTHERAPY",
                                              "AUTH_NOT_WITNESSED",
                                              "IDENTITY_NOT_VERIFIED",
                                              "AUTHORITY_NOT_DOCUMENTED",
                                              "DIRECTIVE_NOT_SIGNED",
                                              "DIRECTIVE_NOT_WRITTEN",
                                              "DIRECTIVE_NO_RECIPIENT",
                                              "SUBPOENA_NO_ASSURANCE",
                                              "SUBPOENA_NO_NOTICE_TO_PATIENT",
                                              "REVOCATION_NOT_WRITTEN",
                                              "THERAPIST_CONSENT_REQUIRED",
                                              "PSYCHOTHERAPY_NOTES",
                                              "SUD_COUNSELING_NOTES",
                                              "PART2_CONSENT_REQUIRED",
                                              "PART2_COURT_ORDER_REQUIRED",
                                              "PART2_PROCEEDING_AGAINST_PATIENT",
                                              "HIV_SPECIFIC_RELEASE_REQUIRED",
                                              "MINOR_CONSENTED_CARE",
                                              "OUT_OF_SCOPE",
                                              "MINIMUM_NECESSARY",
                                              "LITIGATION_MATERIAL",
                                              "HARM_DETERMINATION",
                                              "NOT_RELEVANT_TO_INVOLVEMENT",
                                              "LAW_ENFORCEMENT_EXCLUDED_DATA",
                                              "AUTHORIZATION_DOES_NOT_COVER",
                                              "AUTH_EXPIRED",
                                              "AUTH_REVOKED",
                                              "NO_LEGAL_BASIS",
                                              "NOT_PERSONAL_REPRESENTATIVE"};
  std::set<std::string> seen;
  std::set<std::string> states;
  std::vector<std::string> names = CaseNames();
  EXPECT_GE(names.size(), 80u);
  for (const std::string& name : names) {
    Json file = ReadCase(name);
    states.insert(file["case"].value("jurisdiction", ""));
    if (!file.contains("expect")) continue;
    const Json& expect = file["expect"];
    for (const Json& code : expect.value("deficiencies", Json::array())) seen.insert(code);
    for (const Json& doc : expect.value("documents", Json::array())) {
      for (const Json& code : doc["reasons"]) seen.insert(code);
    }
    for (const Json& code : expect.value("rules_include", Json::array())) seen.insert(code);
  }
  for (const std::string& code : kContract) EXPECT_TRUE(seen.count(code)) << "no case for " << code;
  for (const char* state : {"US", "US-CA", "US-TX", "US-NY", "US-FL", "US-IL"}) {
    EXPECT_TRUE(states.count(state)) << "no case for " << state;
  }
}

}  // namespace
}  // namespace roi::policy
