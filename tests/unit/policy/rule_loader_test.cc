// LoadRuleSet: the repo's packs load; a broken pack is an error naming file, line and key.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "policy/engine.h"

namespace roi::policy {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// A scratch copy of rules/ for one test, removed afterwards.
class ScratchRules {
 public:
  explicit ScratchRules(const std::string& name)
      : dir_(fs::temp_directory_path() /
             ("openroi_rules_" + name + "_" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(OPENROI_RULES_DIR)) {
      fs::copy_file(entry.path(), dir_ / entry.path().filename());
    }
  }
  ~ScratchRules() { fs::remove_all(dir_); }

  std::string Dir() const { return dir_.string(); }
  void Write(const std::string& file, const std::string& text) const {
    std::ofstream(dir_ / file) << text;
  }
  // Replaces the first `from` in `file` with `to`.
  void Edit(const std::string& file, const std::string& from, const std::string& to) const {
    std::ifstream in(dir_ / file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    Write(file, text);
  }

 private:
  fs::path dir_;
};

std::string AllProblems(const Error& error) {
  std::string out = error.message + "\n";
  for (const ErrorDetail& d : error.details) out += d.path + " | " + d.message + "\n";
  return out;
}

TEST(RuleLoaderTest, LoadsTheRepoPacks) {
  Result<RuleSet> rules = LoadRuleSet(OPENROI_RULES_DIR);
  ASSERT_TRUE(rules) << AllProblems(rules.error());
  EXPECT_EQ(rules->Jurisdictions(),
            (std::vector<std::string>{"US", "US-CA", "US-FL", "US-IL", "US-NY", "US-TX"}));
  EXPECT_EQ(rules->Hit(Rule::kAccess30Days).cite, "45 CFR 164.524(b)(2)");
  EXPECT_FALSE(rules->Federal().access_15_day_proposal);
  EXPECT_EQ(rules->Federal().flat_fee_max_cents, 650);
}

TEST(RuleLoaderTest, MissingDirectoryIsNotFound) {
  Result<RuleSet> rules = LoadRuleSet("/nonexistent/openroi/rules");
  ASSERT_FALSE(rules);
  EXPECT_EQ(rules.error().code, ErrorCode::kNotFound);
}

TEST(RuleLoaderTest, WrongTypeNamesFileLineAndKey) {
  ScratchRules scratch("wrong_type");
  scratch.Edit("federal.toml", "days = 60", "days = \"sixty\"");
  Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
  ASSERT_FALSE(rules);
  EXPECT_EQ(rules.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(rules.error().details.size(), 1u) << AllProblems(rules.error());
  EXPECT_THAT(rules.error().details[0].path,
              ::testing::MatchesRegex("federal.toml:[0-9]+: accounting.days"));
  EXPECT_THAT(rules.error().message, HasSubstr("federal.toml:"));
}

TEST(RuleLoaderTest, SyntaxErrorNamesFileAndLine) {
  ScratchRules scratch("syntax");
  scratch.Write("us-zz.toml", "[pack]\njurisdiction = \"US-ZZ\"\nname = = \"broken\"\n");
  Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
  ASSERT_FALSE(rules);
  EXPECT_THAT(AllProblems(rules.error()), HasSubstr("us-zz.toml:3"));
}

struct BrokenPack {
  const char* from;
  const char* to;
  const char* expect;  // Substring of the problem list.
};

TEST(RuleLoaderTest, BrokenStatePacksTableDriven) {
  const BrokenPack cases[] = {
      {"unit = \"business\"", "unit = \"fortnights\"",
       "deadlines[0].unit | unknown value \"fortnights\""},
      {"reason = \"HIV_SPECIFIC_RELEASE_REQUIRED\"", "reason = \"ADVANCE_FEE_NOTICE\"",
       "reason | not a withholding reason code"},
      {"bases = [\"access\", \"directive\"]", "bases = [\"access\", \"telepathy\"]",
       "bases[1] | unknown value \"telepathy\""},
      {"days = 15", "dayz = 15", "dayz | unknown field"},
      {"[pack]", "[pack]\nflavour = 1", "pack.flavour | unknown field"},
  };
  for (const BrokenPack& c : cases) {
    ScratchRules scratch("state");
    scratch.Edit("us-tx.toml", c.from, c.to);
    Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
    ASSERT_FALSE(rules) << c.to;
    EXPECT_THAT(AllProblems(rules.error()), HasSubstr(c.expect)) << c.to;
    EXPECT_THAT(AllProblems(rules.error()), HasSubstr("us-tx.toml:")) << c.to;
  }
}

TEST(RuleLoaderTest, EveryFederalRuleNeedsACitation) {
  ScratchRules scratch("cite");
  scratch.Edit("federal.toml", "ACCESS_30_DAYS = \"45 CFR 164.524(b)(2)\"\n", "");
  Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
  ASSERT_FALSE(rules);
  EXPECT_THAT(AllProblems(rules.error()), HasSubstr("no citation for ACCESS_30_DAYS"));
}

TEST(RuleLoaderTest, UnknownFederalRuleIsRefused) {
  ScratchRules scratch("unknown_rule");
  scratch.Edit("federal.toml", "[rules]\n", "[rules]\nMADE_UP_RULE = \"nowhere\"\n");
  Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
  ASSERT_FALSE(rules);
  EXPECT_THAT(AllProblems(rules.error()), HasSubstr("rules.MADE_UP_RULE | unknown rule"));
}

TEST(RuleLoaderTest, DuplicateJurisdictionAndMissingFederal) {
  ScratchRules scratch("dup");
  scratch.Edit("us-fl.toml", "jurisdiction = \"US-FL\"", "jurisdiction = \"US-TX\"");
  fs::remove(fs::path(scratch.Dir()) / "federal.toml");
  Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
  ASSERT_FALSE(rules);
  std::string problems = AllProblems(rules.error());
  EXPECT_THAT(problems, HasSubstr("jurisdiction US-TX already loaded"));
  EXPECT_THAT(problems, HasSubstr("no federal pack"));
}

TEST(RuleLoaderTest, SwitchOverridesApplyAndUnknownOnesFail) {
  Result<RuleSet> on = LoadRuleSet(OPENROI_RULES_DIR, {{{"US.access_15_day_proposal", true}}});
  ASSERT_TRUE(on);
  EXPECT_TRUE(on->Federal().access_15_day_proposal);
  Result<RuleSet> bad = LoadRuleSet(OPENROI_RULES_DIR, {{{"US.no_such_switch", true}}});
  ASSERT_FALSE(bad);
  EXPECT_THAT(AllProblems(bad.error()), HasSubstr("no switch named \"no_such_switch\""));
  Result<RuleSet> nowhere = LoadRuleSet(OPENROI_RULES_DIR, {{{"US-ZZ.x", true}}});
  ASSERT_FALSE(nowhere);
}

TEST(RuleLoaderTest, EntryNamingAnUnknownSwitchFails) {
  ScratchRules scratch("switch");
  scratch.Edit("us-ca.toml", "switch = \"hiv_specific_authorization\"", "switch = \"nope\"");
  Result<RuleSet> rules = LoadRuleSet(scratch.Dir());
  ASSERT_FALSE(rules);
  EXPECT_THAT(AllProblems(rules.error()), HasSubstr("no switch named \"nope\""));
}

}  // namespace
}  // namespace roi::policy
