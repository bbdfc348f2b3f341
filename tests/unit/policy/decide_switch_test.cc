// Decide(): the rules added for 42 CFR 2.14 / 2.15, 164.508(b)(4) and the California switches,
// table-driven.  Each unverified (◻B) rule is off in the repo packs and changes the decision
// only when LoadOptions.switches turns it on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "policy/engine.h"
#include "test_cases.h"

namespace roi::policy {
namespace {

using testing::BaseCase;
using testing::CompleteAuthorization;
using testing::D;
using testing::Names;
using testing::RepoRules;

// An attorney's request under a complete authorization, federal law only.
Case AuthorizedCase() {
  Case c = BaseCase();
  c.jurisdiction = "US";
  c.requester.role = Role::kAttorney;
  c.basis = Basis::kAuthorization;
  c.purpose = Purpose::kLitigation;
  c.authorization = CompleteAuthorization();
  return c;
}

Case Part2Case() {
  Case c = AuthorizedCase();
  c.entity.part2_program = true;
  c.authorization->part2_consent = true;
  c.documents[0].labels = {Label::kSud};
  c.documents[0].part2 = Part2::kOwnProgram;
  return c;
}

struct SwitchRow {
  const char* name;
  const char* switch_name;
  std::function<void(Case&)> edit;
  std::vector<std::string> reasons_when_on;  // Of documents[0]; released when off.
  const char* rule_when_on;
};

TEST(DecideSwitchTest, UnverifiedRulesChangeTheDecisionOnlyWhenOn) {
  const SwitchRow rows[] = {
      {"2.15 decedent consent not by the representative",
       "US.part2_deceased_consent_by_representative",
       [](Case& c) {
         c = Part2Case();
         c.patient.deceased_on = D("2026-01-15");
       },
       {"PART2_CONSENT_REQUIRED"},
       "PART2_DECEASED_CONSENT"},
      {"CA HIV on a court order",
       "US-CA.hiv_specific_authorization",
       [](Case& c) {
         c.jurisdiction = "US-CA";
         c.basis = Basis::kCourtOrder;
         c.requester.role = Role::kCourt;
         c.legal = Legal{};
         c.legal->judge_signed = true;
         c.legal->scope.all_records = true;
         c.documents[0].labels = {Label::kHiv};
       },
       {"HIV_SPECIFIC_RELEASE_REQUIRED"},
       "CA_HIV_TEST_RESULTS_AUTHORIZATION"},
      {"CA reproductive under a general authorization",
       "US-CA.reproductive_segmentation",
       [](Case& c) {
         c = AuthorizedCase();
         c.jurisdiction = "US-CA";
         c.documents[0].labels = {Label::kReproductive};
       },
       {"REPRODUCTIVE_SPECIFIC_RELEASE_REQUIRED"},
       "CA_REPRODUCTIVE_SEGMENTATION"},
  };
  for (const SwitchRow& row : rows) {
    SCOPED_TRACE(row.name);
    Case c = BaseCase();
    row.edit(c);
    Decision off = Decide(c, RepoRules());
    EXPECT_EQ(off.outcome, Outcome::kRelease);
    EXPECT_FALSE(off.HasRule(row.rule_when_on));
    Result<RuleSet> on = LoadRuleSet(OPENROI_RULES_DIR, {{{row.switch_name, true}}});
    ASSERT_TRUE(on);
    Decision d = Decide(c, *on);
    EXPECT_EQ(d.outcome, Outcome::kDeny);
    EXPECT_EQ(Names(d.documents[0].reasons), row.reasons_when_on);
    EXPECT_TRUE(d.HasRule(row.rule_when_on));
  }
}

struct Row {
  const char* name;
  std::function<void(Case&)> edit;
  Outcome outcome;
  std::vector<std::string> reasons;       // Of documents[0].
  std::vector<std::string> deficiencies;  // Of the decision.
  const char* rule;
};

TEST(DecideSwitchTest, MinorPart2ConsentAndConditioningTableDriven) {
  const auto minor_part2 = [](Case& c, Signer signer) {
    c = Part2Case();
    c.patient.birth_date = D("2010-05-01");
    c.documents[0].minor_consented = true;
    c.authorization->signer = signer;
    c.authorization->representative_authority_described = true;
  };
  const Row rows[] = {
      {"2.14: parent signs",
       [&](Case& c) { minor_part2(c, Signer::kPersonalRepresentative); },
       Outcome::kDeny,
       {"MINOR_CONSENTED_CARE", "PART2_CONSENT_REQUIRED"},
       {},
       "PART2_MINOR_CONSENT"},
      {"2.14: minor signs",
       [&](Case& c) { minor_part2(c, Signer::kMinorPatient); },
       Outcome::kRelease,
       {},
       {},
       "PART2_REDISCLOSURE_NOTICE"},
      {"(b)(4): conditioned, not combined",
       [](Case& c) {
         c = AuthorizedCase();
         c.authorization->compound.conditions_treatment = true;
       },
       Outcome::kPend,
       {"PENDING"},
       {"AUTH_CONDITIONED"},
       "AUTH_CONDITIONING"},
      {"(b)(4)(i): research",
       [](Case& c) {
         c = AuthorizedCase();
         c.purpose = Purpose::kResearch;
         c.authorization->compound.conditions_treatment = true;
       },
       Outcome::kRelease,
       {},
       {},
       "AUTH_CONDITIONING_PERMITTED"},
      {"(b)(4)(ii): health plan, no psychotherapy notes",
       [](Case& c) {
         c = AuthorizedCase();
         c.requester.role = Role::kHealthPlan;
         c.authorization->compound.conditions_treatment = true;
       },
       Outcome::kRelease,
       {},
       {},
       "AUTH_CONDITIONING_PERMITTED"},
      {"(b)(4)(ii): health plan, psychotherapy notes",
       [](Case& c) {
         c = AuthorizedCase();
         c.requester.role = Role::kHealthPlan;
         c.authorization->compound.conditions_treatment = true;
         c.authorization->compound.includes_psychotherapy_notes = true;
       },
       Outcome::kPend,
       {"PENDING"},
       {"AUTH_CONDITIONED"},
       "AUTH_CONDITIONING"},
      {"(b)(3): combined and conditioned stays one defect",
       [](Case& c) {
         c = AuthorizedCase();
         c.authorization->compound.combined = true;
         c.authorization->compound.conditions_treatment = true;
       },
       Outcome::kPend,
       {"PENDING"},
       {"AUTH_COMPOUND_CONDITIONED"},
       "AUTHORIZATION_COMPOUND"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    Case c = BaseCase();
    row.edit(c);
    Decision d = Decide(c, RepoRules());
    EXPECT_EQ(d.outcome, row.outcome);
    EXPECT_EQ(Names(d.documents[0].reasons), row.reasons);
    EXPECT_EQ(Names(d.deficiencies), row.deficiencies);
    EXPECT_TRUE(d.HasRule(row.rule)) << row.rule;
  }
}

}  // namespace
}  // namespace roi::policy
