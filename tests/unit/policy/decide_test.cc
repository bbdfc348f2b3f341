// Decide(): access, authorizations, fees and deadlines, table-driven from us-rules.md.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "policy/engine.h"
#include "test_cases.h"

namespace roi::policy {
namespace {

using testing::BaseCase;
using testing::CompleteAuthorization;
using testing::D;
using testing::Doc;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::Names;
using testing::RepoRules;

Decision DecideRepo(const Case& c) { return Decide(c, RepoRules()); }

Case AuthorizationCase() {
  Case c = BaseCase();
  c.basis = Basis::kAuthorization;
  c.requester.role = Role::kAttorney;
  c.purpose = Purpose::kLitigation;
  c.authorization = CompleteAuthorization();
  return c;
}

struct DeficiencyRow {
  const char* name;
  std::function<void(Authorization&)> edit;
  const char* deficiency;
  const char* rule;
};

TEST(DecideAuthorizationTest, EachDefectIsADeficiency) {
  const DeficiencyRow rows[] = {
      {"unsigned", [](Authorization& a) { a.is_signed = false; }, "AUTH_UNSIGNED",
       "AUTHORIZATION_SIGNATURE"},
      {"undated", [](Authorization& a) { a.signed_on.reset(); }, "AUTH_UNDATED",
       "AUTHORIZATION_SIGNATURE"},
      {"representative", [](Authorization& a) { a.signer = Signer::kPersonalRepresentative; },
       "AUTH_REPRESENTATIVE_AUTHORITY_MISSING", "AUTHORIZATION_SIGNATURE"},
      {"description", [](Authorization& a) { a.describes_information = false; },
       "AUTH_NO_DESCRIPTION", "AUTHORIZATION_CORE_ELEMENTS"},
      {"discloser", [](Authorization& a) { a.names_discloser = false; }, "AUTH_NO_DISCLOSER",
       "AUTHORIZATION_CORE_ELEMENTS"},
      {"recipient", [](Authorization& a) { a.names_recipient = false; }, "AUTH_NO_RECIPIENT",
       "AUTHORIZATION_CORE_ELEMENTS"},
      {"purpose", [](Authorization& a) { a.states_purpose = false; }, "AUTH_NO_PURPOSE",
       "AUTHORIZATION_CORE_ELEMENTS"},
      {"expiration", [](Authorization& a) { a.expires_on.reset(); }, "AUTH_NO_EXPIRATION",
       "AUTHORIZATION_CORE_ELEMENTS"},
      {"revocation", [](Authorization& a) { a.revocation_statement = false; },
       "AUTH_NO_REVOCATION_STATEMENT", "AUTHORIZATION_REQUIRED_STATEMENTS"},
      {"conditioning", [](Authorization& a) { a.conditioning_statement = false; },
       "AUTH_NO_CONDITIONING_STATEMENT", "AUTHORIZATION_REQUIRED_STATEMENTS"},
      {"redisclosure", [](Authorization& a) { a.redisclosure_statement = false; },
       "AUTH_NO_REDISCLOSURE_STATEMENT", "AUTHORIZATION_REQUIRED_STATEMENTS"},
      {"compound psychotherapy",
       [](Authorization& a) {
         a.compound = {true, true, false};
       },
       "AUTH_COMPOUND_PSYCHOTHERAPY", "AUTHORIZATION_COMPOUND"},
      {"compound conditioned",
       [](Authorization& a) {
         a.compound = {true, false, true};
       },
       "AUTH_COMPOUND_CONDITIONED", "AUTHORIZATION_COMPOUND"},
      {"oral revocation", [](Authorization& a) { a.revoked_on = D("2026-03-01"); },
       "REVOCATION_NOT_WRITTEN", "REVOCATION_MUST_BE_WRITTEN"},
  };
  for (const DeficiencyRow& row : rows) {
    Case c = AuthorizationCase();
    row.edit(*c.authorization);
    Decision d = DecideRepo(c);
    EXPECT_EQ(d.outcome, Outcome::kPend) << row.name;
    EXPECT_THAT(Names(d.deficiencies), ElementsAre(row.deficiency)) << row.name;
    EXPECT_TRUE(d.HasRule(row.rule)) << row.name;
    EXPECT_THAT(Names(d.documents[0].reasons), ElementsAre("PENDING")) << row.name;
  }
}

TEST(DecideAuthorizationTest, MissingAuthorizationPends) {
  Case c = AuthorizationCase();
  c.authorization.reset();
  Decision d = DecideRepo(c);
  EXPECT_EQ(d.outcome, Outcome::kPend);
  EXPECT_THAT(Names(d.deficiencies), ElementsAre("AUTH_MISSING"));
}

TEST(DecideAuthorizationTest, ResearchMayHaveNoExpiration) {
  Case c = AuthorizationCase();
  c.purpose = Purpose::kResearch;
  c.authorization->expires_on.reset();
  EXPECT_EQ(DecideRepo(c).outcome, Outcome::kRelease);
}

TEST(DecideAuthorizationTest, ExpiredAndRevokedDenyTheWholeRequest) {
  Case expired = AuthorizationCase();
  expired.authorization->expires_on = D("2026-03-01");
  expired.authorization->names_recipient = false;  // Deny wins over cure.
  Decision d = DecideRepo(expired);
  EXPECT_EQ(d.outcome, Outcome::kDeny);
  EXPECT_THAT(d.deficiencies, IsEmpty());
  EXPECT_TRUE(d.HasRule("AUTH_EXPIRED"));
  EXPECT_THAT(Names(d.documents[0].reasons), ElementsAre("AUTH_EXPIRED"));

  Case revoked = AuthorizationCase();
  revoked.authorization->revoked_on = D("2026-03-01");
  revoked.authorization->revocation_written = true;
  EXPECT_TRUE(DecideRepo(revoked).HasRule("AUTH_REVOKED"));
  EXPECT_EQ(DecideRepo(revoked).outcome, Outcome::kDeny);

  Case later = AuthorizationCase();  // A revocation dated after as_of has not happened yet.
  later.authorization->revoked_on = D("2026-04-01");
  later.authorization->revocation_written = true;
  EXPECT_EQ(DecideRepo(later).outcome, Outcome::kRelease);
}

TEST(DecideAuthorizationTest, ValidAuthorizationReleasesWithoutMinimumNecessaryOrAccounting) {
  Decision d = DecideRepo(AuthorizationCase());
  EXPECT_EQ(d.outcome, Outcome::kRelease);
  EXPECT_FALSE(d.minimum_necessary);
  EXPECT_FALSE(d.accountable);
  EXPECT_EQ(d.due_on, std::nullopt);
  EXPECT_TRUE(d.HasRule("AUTHORIZATION_VALID"));
}

TEST(DecideAuthorizationTest, PsychotherapyNotesNeedTheirOwnAuthorization) {
  Case c = AuthorizationCase();
  c.authorization->covers = {Cover::kAllRecords};
  c.documents.push_back(Doc("p1", DocKind::kPsychotherapyNote));
  Decision d = DecideRepo(c);
  EXPECT_EQ(d.outcome, Outcome::kPartial);
  EXPECT_THAT(Names(d.documents[1].reasons), ElementsAre("PSYCHOTHERAPY_NOTES"));
  EXPECT_TRUE(d.HasRule("PSYCHOTHERAPY_NOTES_SEPARATE_AUTHORIZATION"));
  c.authorization->covers = {Cover::kAllRecords, Cover::kPsychotherapyNotes};
  EXPECT_EQ(DecideRepo(c).outcome, Outcome::kRelease);
}

TEST(DecideAccessTest, ExclusionsAreUnreviewableAndHarmIsReviewable) {
  Case c = BaseCase();
  c.documents.push_back(Doc("p", DocKind::kPsychotherapyNote));
  c.documents.push_back(Doc("l", DocKind::kLitigationMaterial));
  Decision d = DecideRepo(c);
  EXPECT_EQ(d.outcome, Outcome::kPartial);
  EXPECT_EQ(d.denial_reviewable, false);
  EXPECT_THAT(Names(d.notices),
              ElementsAre("DENIAL_NOTICE", "COMPLAINT_RIGHTS", "ADVANCE_FEE_NOTICE"));
  c.documents[0].harm_determination = true;
  d = DecideRepo(c);
  EXPECT_EQ(d.denial_reviewable, true);
  EXPECT_THAT(Names(d.notices), ::testing::Contains("REVIEW_RIGHTS"));
}

TEST(DecideAccessTest, FifteenDayProposalIsBehindASwitch) {
  Result<RuleSet> proposal =
      LoadRuleSet(OPENROI_RULES_DIR, {{{"US.access_15_day_proposal", true}}});
  ASSERT_TRUE(proposal);
  Decision d = Decide(BaseCase(), *proposal);
  EXPECT_EQ(d.due_on, D("2026-03-17"));
  EXPECT_EQ(d.latest_due_on, D("2026-04-01"));
  EXPECT_TRUE(d.HasRule("ACCESS_15_DAYS_PROPOSED"));
  EXPECT_EQ(DecideRepo(BaseCase()).due_on, D("2026-04-01"));
}

struct FeeRow {
  const char* name;
  std::function<void(Case&)> edit;
  std::int64_t cents;
  Code basis;
};

TEST(DecideFeeTest, AccessFeesTableDriven) {
  const FeeRow rows[] = {
      {"flat electronic", [](Case&) {}, 650, Code::kHipaaFlatElectronic},
      {"flat below 6.50", [](Case& c) { c.fee_policy.flat_cents = 300; }, 300,
       Code::kHipaaFlatElectronic},
      {"flat above 6.50 is capped", [](Case& c) { c.fee_policy.flat_cents = 2000; }, 650,
       Code::kHipaaFlatElectronic},
      {"actual electronic: labor only",
       [](Case& c) {
         c.fee_policy.patient_electronic = PatientFee::kActual;
         c.cost = {30, 2000, 500, 300};
       },
       1000, Code::kHipaaCostBased},
      {"paper mailed: labor + supplies + postage, under the FL cap",
       [](Case& c) {
         c.request.format = Format::kPaper;
         c.request.medium = Medium::kMail;
         c.cost = {6, 2000, 100, 50};
       },
       350, Code::kHipaaCostBased},
      {"paper, state cap lower (10 pages at $1)",
       [](Case& c) {
         c.request.format = Format::kPaper;
         c.cost = {60, 3000, 500, 0};
       },
       1000, Code::kStateCap},
      {"portable media adds supplies",
       [](Case& c) {
         c.fee_policy.patient_electronic = PatientFee::kActual;
         c.request.medium = Medium::kPortableMedia;
         c.cost = {0, 0, 400, 0};
       },
       400, Code::kHipaaCostBased},
  };
  for (const FeeRow& row : rows) {
    Case c = BaseCase();
    row.edit(c);
    Decision d = DecideRepo(c);
    EXPECT_EQ(d.fee.max_cents, row.cents) << row.name;
    EXPECT_EQ(d.fee.basis, row.basis) << row.name;
  }
}

TEST(DecideAccountingTest, FirstInTwelveMonthsIsFree) {
  Case c = BaseCase();
  c.basis = Basis::kAccounting;
  c.documents.clear();
  Decision d = DecideRepo(c);
  EXPECT_EQ(d.outcome, Outcome::kRelease);
  EXPECT_EQ(d.due_on, D("2026-05-01"));
  EXPECT_EQ(d.latest_due_on, D("2026-05-31"));
  EXPECT_EQ(d.fee.basis, Code::kFirstAccountingFree);
  c.prior_accountings_12m = 1;
  c.cost = {30, 2000, 0, 0};
  d = DecideRepo(c);
  EXPECT_EQ(d.fee.basis, Code::kAccountingCostBased);
  EXPECT_EQ(d.fee.max_cents, 1000);
  EXPECT_THAT(Names(d.notices), ElementsAre("ADVANCE_FEE_NOTICE"));
}

struct ExtensionRow {
  const char* name;
  Extension extension;
  bool valid;
  std::optional<Date> due;
};

TEST(DecideDeadlineTest, ExtensionsTableDriven) {
  const ExtensionRow rows[] = {
      {"valid", {D("2026-03-20"), true, D("2026-05-01"), 0}, true, D("2026-05-01")},
      {"oral", {D("2026-03-20"), false, D("2026-05-01"), 0}, false, D("2026-04-01")},
      {"late notice", {D("2026-04-02"), true, D("2026-05-01"), 0}, false, D("2026-04-01")},
      {"second", {D("2026-03-20"), true, D("2026-05-01"), 1}, false, D("2026-04-01")},
      {"too long", {D("2026-03-20"), true, D("2026-05-02"), 0}, false, D("2026-04-01")},
      {"no date", {D("2026-03-20"), true, std::nullopt, 0}, false, D("2026-04-01")},
  };
  for (const ExtensionRow& row : rows) {
    Case c = BaseCase();
    c.extension = row.extension;
    Decision d = DecideRepo(c);
    EXPECT_EQ(d.extension_valid, row.valid) << row.name;
    EXPECT_EQ(d.due_on, row.due) << row.name;
  }
}

TEST(DecideDeadlineTest, ExtensionOfAnAuthorizationRequestIsNotAvailable) {
  Case c = AuthorizationCase();
  c.extension = Extension{D("2026-03-03"), true, D("2026-04-01"), 0};
  Decision d = DecideRepo(c);
  EXPECT_EQ(d.extension_valid, false);
  EXPECT_TRUE(d.HasRule("EXTENSION_NOT_AVAILABLE"));
}

TEST(DecidePartiesTest, RepresentativesTableDriven) {
  struct Row {
    const char* name;
    std::function<void(Case&)> edit;
    Outcome outcome;
  };
  const Row rows[] = {
      {"parent of minor",
       [](Case& c) {
         c.requester.role = Role::kParent;
         c.patient.birth_date = D("2015-01-01");
         c.requester.authority_documented = true;
       },
       Outcome::kRelease},
      {"parent of adult",
       [](Case& c) {
         c.requester.role = Role::kParent;
         c.requester.authority_documented = true;
       },
       Outcome::kDeny},
      {"parent of emancipated minor",
       [](Case& c) {
         c.requester.role = Role::kParent;
         c.patient.birth_date = D("2010-01-01");
         c.patient.emancipated = true;
         c.requester.authority_documented = true;
       },
       Outcome::kDeny},
      {"executor of living patient",
       [](Case& c) {
         c.requester.role = Role::kExecutor;
         c.requester.authority_documented = true;
       },
       Outcome::kDeny},
      {"executor of decedent",
       [](Case& c) {
         c.requester.role = Role::kExecutor;
         c.patient.deceased_on = D("2025-01-01");
         c.requester.authority_documented = true;
       },
       Outcome::kRelease},
      {"undocumented guardian", [](Case& c) { c.requester.role = Role::kGuardian; },
       Outcome::kPend},
      {"abuse concern",
       [](Case& c) {
         c.requester.role = Role::kGuardian;
         c.requester.authority_documented = true;
         c.requester.abuse_concern = true;
       },
       Outcome::kDeny},
      {"attorney on access", [](Case& c) { c.requester.role = Role::kAttorney; }, Outcome::kDeny},
      {"unverified patient", [](Case& c) { c.requester.identity_verified = false; },
       Outcome::kPend},
  };
  for (const Row& row : rows) {
    Case c = BaseCase();
    row.edit(c);
    EXPECT_EQ(DecideRepo(c).outcome, row.outcome) << row.name;
  }
}

TEST(DecidePartiesTest, DecedentBeyondFiftyYearsIsNotPhi) {
  Case c = BaseCase();
  c.patient.birth_date = D("1900-01-01");
  c.patient.deceased_on = D("1970-01-01");
  c.requester.role = Role::kResearcher;
  c.requester.identity_verified = false;
  c.documents.push_back(Doc("p", DocKind::kPsychotherapyNote));
  Decision d = DecideRepo(c);
  EXPECT_EQ(d.outcome, Outcome::kRelease);
  EXPECT_TRUE(d.HasRule("DECEDENT_50_YEARS"));
  EXPECT_FALSE(d.accountable);
}

TEST(DecidePartiesTest, UnknownStateFallsBackToFederal) {
  Case c = BaseCase();
  c.jurisdiction = "US-WY";
  Decision d = DecideRepo(c);
  EXPECT_TRUE(d.HasRule("JURISDICTION_FALLBACK"));
  EXPECT_EQ(d.outcome, Outcome::kRelease);
}

}  // namespace
}  // namespace roi::policy
