// Decide(): legal process, law enforcement, public health, Part 2, table-driven.
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
using testing::Names;
using testing::RepoRules;

Case LegalCase(Basis basis, Role role) {
  Case c = BaseCase();
  c.jurisdiction = "US";
  c.basis = basis;
  c.requester.role = role;
  c.purpose = Purpose::kLitigation;
  c.legal = Legal{};
  c.legal->scope.all_records = true;
  return c;
}

TEST(DecideLegalTest, SubpoenaWithoutAssurancePendsThenReleases) {
  Case c = LegalCase(Basis::kSubpoena, Role::kAttorney);
  Decision d = Decide(c, RepoRules());
  EXPECT_EQ(d.outcome, Outcome::kPend);
  EXPECT_THAT(Names(d.deficiencies), ElementsAre("SUBPOENA_NO_ASSURANCE"));
  EXPECT_TRUE(d.minimum_necessary);
  EXPECT_TRUE(d.accountable);
  c.legal->qualified_protective_order = true;
  EXPECT_EQ(Decide(c, RepoRules()).outcome, Outcome::kRelease);
}

TEST(DecideLegalTest, FloridaSubpoenaNeedsProofOfNotice) {
  Case c = LegalCase(Basis::kSubpoena, Role::kAttorney);
  c.jurisdiction = "US-FL";
  c.legal->qualified_protective_order = true;
  Decision d = Decide(c, RepoRules());
  EXPECT_THAT(Names(d.deficiencies), ElementsAre("SUBPOENA_NO_NOTICE_TO_PATIENT"));
  EXPECT_TRUE(d.HasRule("FL_SUBPOENA_PROPER_NOTICE"));
}

TEST(DecideLegalTest, CourtOrderReleasesOnlyWhatItNames) {
  Case c = LegalCase(Basis::kCourtOrder, Role::kCourt);
  c.legal->judge_signed = true;
  c.legal->scope = Scope{};
  c.legal->scope.kinds = {DocKind::kProgressNote, DocKind::kPsychotherapyNote};
  c.documents.push_back(Doc("b", DocKind::kBilling));
  c.documents.push_back(Doc("p", DocKind::kPsychotherapyNote));
  Decision d = Decide(c, RepoRules());
  EXPECT_EQ(d.outcome, Outcome::kPartial);
  EXPECT_THAT(Names(d.documents[1].reasons), ElementsAre("OUT_OF_SCOPE"));
  EXPECT_EQ(d.documents[2].action, Action::kRelease);
  EXPECT_FALSE(d.minimum_necessary);
  EXPECT_TRUE(d.HasRule("PSYCHOTHERAPY_NOTES_REQUIRED_BY_LAW"));
}

TEST(DecideLegalTest, UnsignedOrderIsASubpoena) {
  Case c = LegalCase(Basis::kCourtOrder, Role::kAttorney);
  Decision d = Decide(c, RepoRules());
  EXPECT_TRUE(d.HasRule("COURT_ORDER_NOT_SIGNED"));
  EXPECT_THAT(Names(d.deficiencies), ElementsAre("SUBPOENA_NO_ASSURANCE"));
}

struct Part2Row {
  const char* name;
  std::function<void(Case&)> edit;
  std::vector<std::string> reasons;
};

TEST(DecidePart2Test, ProvenanceAndRouteTableDriven) {
  const Part2Row rows[] = {
      {"subpoena alone",
       [](Case& c) { c.legal->qualified_protective_order = true; },
       {"PART2_COURT_ORDER_REQUIRED"}},
      {"subpoena + part 2 order",
       [](Case& c) {
         c.legal->qualified_protective_order = true;
         c.legal->part2_court_order = true;
       },
       {}},
      {"against the patient",
       [](Case& c) {
         c.legal->qualified_protective_order = true;
         c.legal->against_patient = true;
       },
       {"PART2_PROCEEDING_AGAINST_PATIENT"}},
      {"received under TPO consent",
       [](Case& c) {
         c.legal->qualified_protective_order = true;
         c.documents[0].part2 = Part2::kReceivedTpoConsent;
       },
       {}},
  };
  for (const Part2Row& row : rows) {
    Case c = LegalCase(Basis::kSubpoena, Role::kAttorney);
    c.documents[0].part2 = Part2::kOwnProgram;
    row.edit(c);
    Decision d = Decide(c, RepoRules());
    EXPECT_EQ(Names(d.documents[0].reasons), row.reasons) << row.name;
  }
}

TEST(DecidePart2Test, ConsentedDisclosureCarriesNoticeAndCopyOfConsent) {
  Case c = BaseCase();
  c.basis = Basis::kAuthorization;
  c.requester.role = Role::kInsurer;
  c.authorization = CompleteAuthorization();
  c.documents[0].part2 = Part2::kOwnProgram;
  Decision d = Decide(c, RepoRules());
  EXPECT_THAT(Names(d.documents[0].reasons), ElementsAre("PART2_CONSENT_REQUIRED"));
  c.authorization->part2_consent = true;
  d = Decide(c, RepoRules());
  EXPECT_EQ(d.outcome, Outcome::kRelease);
  EXPECT_THAT(Names(d.notices), ElementsAre("PART2_REDISCLOSURE", "COPY_OF_CONSENT"));
  c.as_of = D("2026-02-15");  // Before the 2024 rule's compliance date.
  c.received_on = D("2026-02-15");
  EXPECT_THAT(Names(Decide(c, RepoRules()).notices), ElementsAre("PART2_REDISCLOSURE"));
}

TEST(DecideLawEnforcementTest, InformalRequestGetsIdentifyingDataOnly) {
  Case c = LegalCase(Basis::kLawEnforcementInformal, Role::kLawEnforcement);
  c.request.scope.all_records = true;
  c.documents.push_back(Doc("lab", DocKind::kLabResult));
  c.documents.push_back(Doc("bill", DocKind::kBilling));
  Decision d = Decide(c, RepoRules());
  EXPECT_EQ(d.outcome, Outcome::kPartial);
  EXPECT_THAT(Names(d.documents[1].reasons), ElementsAre("LAW_ENFORCEMENT_EXCLUDED_DATA"));
  EXPECT_THAT(Names(d.documents[2].reasons), ElementsAre("MINIMUM_NECESSARY"));
  EXPECT_TRUE(d.accountable);
}

TEST(DecideLawEnforcementTest, WrongRequesterHasNoLegalBasis) {
  Case c = LegalCase(Basis::kPublicHealth, Role::kEmployer);
  Decision d = Decide(c, RepoRules());
  EXPECT_EQ(d.outcome, Outcome::kDeny);
  EXPECT_TRUE(d.HasRule("NO_LEGAL_BASIS"));
}

}  // namespace
}  // namespace roi::policy
