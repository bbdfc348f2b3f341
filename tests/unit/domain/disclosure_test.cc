#include "domain/disclosure.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roi {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// A valid, accountable disclosure; tests change only what they are about.
DisclosureEntry MakeEntry(std::int64_t id, Date on, DisclosureBasis basis,
                          const std::string& recipient = "County Health Department",
                          const std::string& purpose = "Communicable disease report") {
  return DisclosureEntry{.id = DisclosureId(id),
                         .organization_id = OrganizationId(1),
                         .patient_id = PatientId(7),
                         .request_id = std::nullopt,
                         .disclosed_on = on,
                         .recipient_name = recipient,
                         .recipient_address = "1 Health Plaza, Example City",
                         .description = "Laboratory results",
                         .purpose = purpose,
                         .released_by = UserId(3),
                         .means = DisclosureMeans::kSecureEmail,
                         .fee = Money::Zero(),
                         .basis = basis};
}

AccountingSuspension MakeSuspension(Date starts, Date ends) {
  return AccountingSuspension{.id = AccountingSuspensionId(1),
                              .organization_id = OrganizationId(1),
                              .patient_id = std::nullopt,
                              .agency_kind = SuspendingAgency::kLawEnforcement,
                              .agency_name = "Example City Police",
                              .official = "Detective Sample",
                              .statement = SuspensionStatement::kWritten,
                              .starts_on = starts,
                              .ends_on = ends,
                              .reason = "Case 123",
                              .recorded_by = UserId(3)};
}

TEST(DisclosureTest, AccountabilityFollows164528a1) {
  for (DisclosureBasis excluded :
       {DisclosureBasis::kTreatment, DisclosureBasis::kPayment,
        DisclosureBasis::kHealthCareOperations, DisclosureBasis::kToIndividual,
        DisclosureBasis::kIncidental, DisclosureBasis::kAuthorization,
        DisclosureBasis::kFacilityDirectory, DisclosureBasis::kInvolvedInCare,
        DisclosureBasis::kNationalSecurity, DisclosureBasis::kCorrectionalInstitution,
        DisclosureBasis::kLimitedDataSet}) {
    EXPECT_FALSE(IsAccountable(excluded)) << DisclosureBasisName(excluded);
  }
  for (DisclosureBasis accountable :
       {DisclosureBasis::kRequiredByLaw, DisclosureBasis::kPublicHealth,
        DisclosureBasis::kAbuseNeglect, DisclosureBasis::kHealthOversight,
        DisclosureBasis::kJudicialAdministrative, DisclosureBasis::kLawEnforcement,
        DisclosureBasis::kDecedent, DisclosureBasis::kOrganDonation, DisclosureBasis::kResearch,
        DisclosureBasis::kSeriousThreat, DisclosureBasis::kSpecializedGovernment,
        DisclosureBasis::kWorkersCompensation, DisclosureBasis::kToSecretary,
        DisclosureBasis::kImpermissible}) {
    EXPECT_TRUE(IsAccountable(accountable)) << DisclosureBasisName(accountable);
  }
}

TEST(DisclosureTest, NamesRoundTripAndUnknownNamesAreRejected) {
  for (DisclosureBasis basis : kAllDisclosureBases) {
    Result<DisclosureBasis> parsed = ParseDisclosureBasis(DisclosureBasisName(basis));
    ASSERT_TRUE(parsed) << DisclosureBasisName(basis);
    EXPECT_EQ(*parsed, basis);
    EXPECT_FALSE(DisclosureBasisCitation(basis).empty());
  }
  for (DisclosureMeans means : kAllDisclosureMeans) {
    Result<DisclosureMeans> parsed = ParseDisclosureMeans(DisclosureMeansName(means));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, means);
  }
  EXPECT_EQ(ParseDisclosureBasis("tpo").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseDisclosureMeans("pigeon").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(DisclosureBasisCitation(DisclosureBasis::kPublicHealth), "45 CFR 164.512(b)");
}

TEST(DisclosureTest, ValidationNamesTheBadField) {
  DisclosureEntry entry = MakeEntry(1, D(2026, 1, 5), DisclosureBasis::kPublicHealth);
  EXPECT_TRUE(ValidateDisclosure(entry));
  auto message = [](DisclosureEntry bad) { return ValidateDisclosure(bad).error().message; };
  DisclosureEntry bad = entry;
  bad.recipient_name = "   ";
  EXPECT_NE(message(bad).find("recipient_name"), std::string::npos);
  bad = entry;
  bad.description.clear();
  EXPECT_NE(message(bad).find("description"), std::string::npos);
  bad = entry;
  bad.purpose = std::string(kMaxDisclosureText + 1, 'x');
  EXPECT_NE(message(bad).find("purpose"), std::string::npos);
  bad = entry;
  bad.fee = Money::FromCents(-1);
  EXPECT_NE(message(bad).find("fee"), std::string::npos);
  bad = entry;
  bad.released_by = UserId();
  EXPECT_NE(message(bad).find("released_by"), std::string::npos);
  bad = entry;
  bad.request_id = RequestId(-4);
  EXPECT_NE(message(bad).find("request_id"), std::string::npos);
  bad = entry;
  bad.patient_id = PatientId();
  EXPECT_NE(message(bad).find("patient_id"), std::string::npos);
  DisclosureEntry no_address = entry;
  no_address.recipient_address.clear();  // "If known".
  EXPECT_TRUE(ValidateDisclosure(no_address));
}

TEST(DisclosureTest, FoldForMatchIgnoresCaseAndSpacing) {
  EXPECT_EQ(FoldForMatch("  County  Health\tDept "), "county health dept");
  EXPECT_EQ(FoldForMatch(""), "");
}

TEST(DisclosureTest, WindowDefaultsToSixYearsBeforeTheRequest) {
  Result<AccountingWindow> window =
      ResolveAccountingWindow(std::nullopt, std::nullopt, D(2026, 11, 23));
  ASSERT_TRUE(window) << window.error().ToString();
  EXPECT_EQ(window->from, D(2020, 11, 23));
  EXPECT_EQ(window->to, D(2026, 11, 23));
}

TEST(DisclosureTest, WindowOfExactlySixYearsIsAcceptedOneDayMoreIsRejected) {
  Date as_of = D(2026, 11, 23);
  EXPECT_TRUE(ResolveAccountingWindow(D(2020, 11, 23), as_of, as_of));
  Result<AccountingWindow> too_long = ResolveAccountingWindow(D(2020, 11, 22), as_of, as_of);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(too_long.error().message.find("six years"), std::string::npos);
  // Also when `to` is earlier: the six years run back from the request, not from `to`.
  EXPECT_FALSE(ResolveAccountingWindow(D(2019, 1, 1), D(2024, 1, 1), as_of));
}

TEST(DisclosureTest, WindowMustEndByTheRequestAndBeInOrder) {
  Date as_of = D(2026, 11, 23);
  EXPECT_FALSE(ResolveAccountingWindow(std::nullopt, D(2026, 11, 24), as_of));
  EXPECT_FALSE(ResolveAccountingWindow(D(2026, 5, 2), D(2026, 5, 1), as_of));
  Result<AccountingWindow> shorter = ResolveAccountingWindow(D(2025, 1, 1), std::nullopt, as_of);
  ASSERT_TRUE(shorter);
  EXPECT_EQ(shorter->to, as_of);
}

TEST(DisclosureTest, WindowOnLeapDayClampsToFebruary28) {
  Result<AccountingWindow> window =
      ResolveAccountingWindow(std::nullopt, std::nullopt, D(2032, 2, 29));
  ASSERT_TRUE(window);
  EXPECT_EQ(window->from, D(2026, 2, 28));
}

TEST(DisclosureTest, AccountingKeepsOnlyAccountableEntriesInTheWindowByDate) {
  Date as_of = D(2026, 11, 23);
  std::vector<DisclosureEntry> entries = {
      MakeEntry(5, D(2025, 3, 1), DisclosureBasis::kJudicialAdministrative, "Example Court",
                "Subpoena"),
      MakeEntry(1, D(2024, 6, 1), DisclosureBasis::kTreatment, "Example Clinic", "Referral"),
      MakeEntry(2, D(2024, 7, 1), DisclosureBasis::kPublicHealth),
      MakeEntry(3, D(2024, 8, 1), DisclosureBasis::kAuthorization, "Example Insurer", "Claim"),
      MakeEntry(4, D(2020, 11, 22), DisclosureBasis::kPublicHealth, "Old Recipient", "Old"),
      MakeEntry(6, D(2020, 11, 23), DisclosureBasis::kDecedent, "Example Coroner", "Inquest"),
  };
  AccountingWindow window = *ResolveAccountingWindow(std::nullopt, std::nullopt, as_of);
  std::vector<AccountingLine> lines = BuildAccountingLines(entries, {}, window, as_of);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].first.id, DisclosureId(6));  // Exactly six years back: included.
  EXPECT_EQ(lines[1].first.id, DisclosureId(2));
  EXPECT_EQ(lines[2].first.id, DisclosureId(5));
  for (const AccountingLine& line : lines) EXPECT_FALSE(line.IsSummary());
}

TEST(DisclosureTest, RepeatedDisclosuresToOneRecipientForOnePurposeAreSummarized) {
  Date as_of = D(2026, 11, 23);
  std::vector<DisclosureEntry> entries = {
      MakeEntry(10, D(2026, 3, 1), DisclosureBasis::kPublicHealth),
      MakeEntry(11, D(2026, 1, 1), DisclosureBasis::kPublicHealth, "county health DEPARTMENT"),
      MakeEntry(12, D(2026, 2, 1), DisclosureBasis::kPublicHealth),
      // Same recipient, other purpose: its own line.
      MakeEntry(13, D(2026, 1, 15), DisclosureBasis::kPublicHealth, "County Health Department",
                "Cancer registry"),
      // Same recipient and purpose, other basis: its own line.
      MakeEntry(14, D(2026, 4, 1), DisclosureBasis::kRequiredByLaw),
  };
  AccountingWindow window = *ResolveAccountingWindow(std::nullopt, std::nullopt, as_of);
  std::vector<AccountingLine> lines = BuildAccountingLines(entries, {}, window, as_of);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].first.id, DisclosureId(11));  // The first disclosure, in full.
  EXPECT_EQ(lines[0].count, 3);
  EXPECT_TRUE(lines[0].IsSummary());
  EXPECT_EQ(lines[0].last_disclosed_on, D(2026, 3, 1));
  EXPECT_EQ(lines[0].disclosure_ids,
            (std::vector<DisclosureId>{DisclosureId(11), DisclosureId(12), DisclosureId(10)}));
  EXPECT_EQ(lines[1].first.id, DisclosureId(13));
  EXPECT_EQ(lines[1].count, 1);
  EXPECT_EQ(lines[2].first.id, DisclosureId(14));
}

TEST(DisclosureTest, SummaryCountsOnlyDisclosuresInsideTheWindow) {
  Date as_of = D(2026, 11, 23);
  std::vector<DisclosureEntry> entries = {
      MakeEntry(1, D(2019, 1, 1), DisclosureBasis::kPublicHealth),
      MakeEntry(2, D(2025, 1, 1), DisclosureBasis::kPublicHealth),
      MakeEntry(3, D(2025, 6, 1), DisclosureBasis::kPublicHealth),
  };
  AccountingWindow window = *ResolveAccountingWindow(D(2025, 2, 1), std::nullopt, as_of);
  std::vector<AccountingLine> lines = BuildAccountingLines(entries, {}, window, as_of);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].first.id, DisclosureId(3));
  EXPECT_EQ(lines[0].count, 1);
}

TEST(DisclosureTest, SuspensionInForceHidesDisclosuresToThatAgencyOnly) {
  Date as_of = D(2026, 11, 23);
  std::vector<DisclosureEntry> entries = {
      MakeEntry(1, D(2026, 10, 1), DisclosureBasis::kLawEnforcement, "EXAMPLE CITY POLICE",
                "Investigation"),
      MakeEntry(2, D(2026, 10, 2), DisclosureBasis::kLawEnforcement, "Example County Sheriff",
                "Investigation"),
      // Same agency, but on another basis (a subpoena): not covered by 164.528(a)(2).
      MakeEntry(3, D(2026, 10, 3), DisclosureBasis::kJudicialAdministrative, "Example City Police",
                "Subpoena"),
      MakeEntry(4, D(2026, 10, 4), DisclosureBasis::kPublicHealth),
  };
  std::vector<AccountingSuspension> suspensions = {MakeSuspension(D(2026, 11, 1), D(2027, 1, 31))};
  AccountingWindow window = *ResolveAccountingWindow(std::nullopt, std::nullopt, as_of);
  std::vector<AccountingLine> lines = BuildAccountingLines(entries, suspensions, window, as_of);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].first.id, DisclosureId(2));
  EXPECT_EQ(lines[1].first.id, DisclosureId(3));
  EXPECT_EQ(lines[2].first.id, DisclosureId(4));
}

TEST(DisclosureTest, SuspensionEndedBeforeTheRequestNoLongerHides) {
  Date as_of = D(2026, 11, 23);
  std::vector<DisclosureEntry> entries = {MakeEntry(
      1, D(2026, 3, 1), DisclosureBasis::kLawEnforcement, "Example City Police", "Investigation")};
  AccountingWindow window = *ResolveAccountingWindow(std::nullopt, std::nullopt, as_of);
  // Ended mid-window (June), before the accounting was produced: the disclosure is listed.
  std::vector<AccountingSuspension> ended = {MakeSuspension(D(2026, 2, 1), D(2026, 6, 30))};
  EXPECT_EQ(BuildAccountingLines(entries, ended, window, as_of).size(), 1u);
  // Ending on the request day: still in force, so hidden.
  std::vector<AccountingSuspension> last_day = {MakeSuspension(D(2026, 2, 1), as_of)};
  EXPECT_TRUE(BuildAccountingLines(entries, last_day, window, as_of).empty());
  // Not started yet on the request day.
  std::vector<AccountingSuspension> future = {MakeSuspension(as_of.AddDays(1), D(2027, 1, 1))};
  EXPECT_EQ(BuildAccountingLines(entries, future, window, as_of).size(), 1u);
}

TEST(DisclosureTest, PatientBoundSuspensionHidesOnlyThatPatient) {
  AccountingSuspension suspension = MakeSuspension(D(2026, 1, 1), D(2026, 12, 31));
  suspension.patient_id = PatientId(99);
  DisclosureEntry entry = MakeEntry(1, D(2026, 3, 1), DisclosureBasis::kLawEnforcement,
                                    "Example City Police", "Investigation");
  EXPECT_FALSE(SuspensionHides(suspension, entry, D(2026, 6, 1)));
  suspension.patient_id = entry.patient_id;
  EXPECT_TRUE(SuspensionHides(suspension, entry, D(2026, 6, 1)));
}

TEST(DisclosureTest, OralSuspensionIsLimitedToThirtyDays) {
  AccountingSuspension oral = MakeSuspension(D(2026, 11, 1), D(2026, 12, 1));
  oral.statement = SuspensionStatement::kOral;
  EXPECT_TRUE(ValidateSuspension(oral));  // Exactly 30 days.
  oral.ends_on = D(2026, 12, 2);
  Status too_long = ValidateSuspension(oral);
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(too_long.error().message.find("30 days"), std::string::npos);
  AccountingSuspension written = oral;
  written.statement = SuspensionStatement::kWritten;
  EXPECT_TRUE(ValidateSuspension(written));
}

TEST(DisclosureTest, SuspensionValidation) {
  AccountingSuspension oral = MakeSuspension(D(2026, 11, 1), D(2026, 11, 10));
  oral.statement = SuspensionStatement::kOral;
  oral.official = " ";
  EXPECT_NE(ValidateSuspension(oral).error().message.find("official"), std::string::npos);
  AccountingSuspension backwards = MakeSuspension(D(2026, 11, 10), D(2026, 11, 1));
  EXPECT_NE(ValidateSuspension(backwards).error().message.find("ends_on"), std::string::npos);
  AccountingSuspension nameless = MakeSuspension(D(2026, 11, 1), D(2026, 11, 10));
  nameless.agency_name.clear();
  EXPECT_NE(ValidateSuspension(nameless).error().message.find("agency_name"), std::string::npos);
  EXPECT_EQ(ParseSuspensionStatement("email").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseSuspendingAgency("court").error().code, ErrorCode::kInvalidArgument);
}

TEST(DisclosureTest, FirstAccountingInTwelveMonthsIsFree) {
  Date today = D(2026, 11, 23);
  EXPECT_FALSE(AccountingFeeMayApply({}, today));
  std::vector<Date> last_year = {D(2025, 11, 23)};  // Exactly 12 months ago: a new period.
  EXPECT_FALSE(AccountingFeeMayApply(last_year, today));
  std::vector<Date> recent = {D(2025, 11, 24)};
  EXPECT_TRUE(AccountingFeeMayApply(recent, today));
  AccountingRecord record{.patient_id = PatientId(7),
                          .requested_on = today,
                          .window = {D(2020, 11, 23), today},
                          .line_count = 1,
                          .disclosure_count = 2,
                          .fee_may_apply = false,
                          .fee = Money::FromCents(500),
                          .provided_by = UserId(3)};
  EXPECT_NE(ValidateAccountingRecord(record).error().message.find("free"), std::string::npos);
  record.fee_may_apply = true;
  EXPECT_TRUE(ValidateAccountingRecord(record));
}

}  // namespace
}  // namespace roi
