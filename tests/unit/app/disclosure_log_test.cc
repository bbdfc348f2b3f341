#include "app/disclosure_log.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "testing/in_memory_store.h"

namespace roi {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

class DisclosureLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    org_a_ = AddOrganization("org-a");
    org_b_ = AddOrganization("org-b");
    ASSERT_TRUE(Write(org_a_, [&](Transaction& tx) -> Status {
      Result<Patient> patient = tx.Patients().Insert(Patient{.mrn = "MRN-1",
                                                             .given_name = "Testpatient",
                                                             .family_name = "Alpha",
                                                             .birth_date = D(1970, 1, 1)});
      if (!patient) return patient.error();
      patient_ = patient->id;
      Result<User> user = tx.Users().Insert(User{.email = "releaser@example.test",
                                                 .display_name = "Sample Releaser",
                                                 .password_hash = "$argon2id$x"});
      if (!user) return user.error();
      user_ = user->id;
      return OkStatus();
    }));
  }

  OrganizationId AddOrganization(const std::string& slug) {
    OrganizationId id;
    EXPECT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) -> Status {
      Result<Organization> org = tx.Organizations().Insert(
          Organization{.name = "Org " + slug, .slug = slug, .state = "CA"});
      if (!org) return org.error();
      id = org->id;
      return OkStatus();
    }));
    return id;
  }

  Status Write(OrganizationId org, const std::function<Status(Transaction&)>& work) {
    return store_.InTransaction(org, TxMode::kWrite, work);
  }

  DisclosureEntry Entry(Date on, DisclosureBasis basis, const std::string& recipient,
                        const std::string& purpose) const {
    return DisclosureEntry{.patient_id = patient_,
                           .disclosed_on = on,
                           .recipient_name = recipient,
                           .recipient_address = "",
                           .description = "Records",
                           .purpose = purpose,
                           .released_by = user_,
                           .means = DisclosureMeans::kMail,
                           .fee = Money::Zero(),
                           .basis = basis};
  }

  void Record(const DisclosureEntry& entry) {
    ASSERT_TRUE(Write(org_a_, [&](Transaction& tx) -> Status {
      Result<DisclosureEntry> stored = log_.Record(tx, entry);
      return stored ? OkStatus() : Status(stored.error());
    }));
  }

  Result<Accounting> Produce(OrganizationId org, AccountingRequest request) {
    std::optional<Result<Accounting>> out;
    Status status = store_.InTransaction(org, TxMode::kRead, [&](Transaction& tx) -> Status {
      out.emplace(accounting_.Produce(tx, request));
      return OkStatus();
    });
    if (!status) return status.error();
    return *out;
  }

  Result<ProvidedAccounting> Provide(Date as_of, Money fee) {
    std::optional<Result<ProvidedAccounting>> out;
    Status status = Write(org_a_, [&](Transaction& tx) -> Status {
      out.emplace(accounting_.Provide(tx, {.patient = patient_, .as_of = as_of}, user_, fee));
      return *out ? OkStatus() : Status(out->error());
    });
    if (!status) return status.error();
    return *out;
  }

  testing::InMemoryStore store_;
  DisclosureLog log_;
  AccountingOfDisclosures accounting_;
  OrganizationId org_a_;
  OrganizationId org_b_;
  PatientId patient_;
  UserId user_;
};

TEST_F(DisclosureLogTest, RecordRollsBackWithTheCallersTransaction) {
  Status failed = Write(org_a_, [&](Transaction& tx) -> Status {
    Result<DisclosureEntry> stored = log_.Record(
        tx, Entry(D(2026, 1, 1), DisclosureBasis::kToIndividual, "Testpatient Alpha", "Access"));
    if (!stored) return stored.error();
    return AbortedError("the release step failed after logging");
  });
  EXPECT_FALSE(failed);
  Status listed = store_.InTransaction(org_a_, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<DisclosurePage> page = log_.ListForPatient(tx, {.patient = patient_});
    if (!page) return page.error();
    EXPECT_TRUE(page->items.empty());
    return OkStatus();
  });
  EXPECT_TRUE(listed);
}

TEST_F(DisclosureLogTest, AccountingListsAccountableEntriesWithSummaries) {
  Record(Entry(D(2026, 1, 10), DisclosureBasis::kTreatment, "Example Clinic", "Referral"));
  Record(Entry(D(2026, 2, 1), DisclosureBasis::kPublicHealth, "County Health", "Flu report"));
  Record(Entry(D(2026, 3, 1), DisclosureBasis::kPublicHealth, "County Health", "Flu report"));
  Record(Entry(D(2026, 4, 1), DisclosureBasis::kPublicHealth, "County Health", "Flu report"));
  Record(Entry(D(2026, 5, 1), DisclosureBasis::kAuthorization, "Example Insurer", "Claim"));
  Record(
      Entry(D(2026, 6, 1), DisclosureBasis::kJudicialAdministrative, "Example Court", "Subpoena"));
  Result<Accounting> accounting = Produce(org_a_, {.patient = patient_, .as_of = D(2026, 11, 23)});
  ASSERT_TRUE(accounting) << accounting.error().ToString();
  EXPECT_EQ(accounting->window.from, D(2020, 11, 23));
  ASSERT_EQ(accounting->lines.size(), 2u);
  EXPECT_EQ(accounting->lines[0].first.recipient_name, "County Health");
  EXPECT_EQ(accounting->lines[0].count, 3);
  EXPECT_EQ(accounting->lines[0].last_disclosed_on, D(2026, 4, 1));
  EXPECT_EQ(accounting->lines[1].first.recipient_name, "Example Court");
  EXPECT_EQ(accounting->DisclosureCount(), 4);
}

TEST_F(DisclosureLogTest, SuspensionHidesAgencyUntilItEnds) {
  Record(Entry(D(2026, 9, 1), DisclosureBasis::kHealthOversight, "State Medical Board",
               "Licensing investigation"));
  ASSERT_TRUE(Write(org_a_, [&](Transaction& tx) -> Status {
    Result<AccountingSuspension> stored = log_.RecordSuspension(
        tx, AccountingSuspension{.agency_kind = SuspendingAgency::kHealthOversight,
                                 .agency_name = "state medical board",
                                 .official = "Sample Investigator",
                                 .statement = SuspensionStatement::kOral,
                                 .starts_on = D(2026, 11, 1),
                                 .ends_on = D(2026, 11, 30),
                                 .recorded_by = user_});
    return stored ? OkStatus() : Status(stored.error());
  }));
  Result<Accounting> during = Produce(org_a_, {.patient = patient_, .as_of = D(2026, 11, 23)});
  ASSERT_TRUE(during);
  EXPECT_TRUE(during->lines.empty());
  Result<Accounting> after = Produce(org_a_, {.patient = patient_, .as_of = D(2026, 12, 1)});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->lines.size(), 1u);
}

TEST_F(DisclosureLogTest, OtherOrganizationsPatientIsNotFound) {
  Record(Entry(D(2026, 2, 1), DisclosureBasis::kPublicHealth, "County Health", "Flu report"));
  Result<Accounting> accounting = Produce(org_b_, {.patient = patient_, .as_of = D(2026, 11, 23)});
  ASSERT_FALSE(accounting);
  EXPECT_EQ(accounting.error().code, ErrorCode::kNotFound);
  Status listed = store_.InTransaction(org_b_, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<DisclosurePage> page = log_.ListForPatient(tx, {.patient = patient_});
    EXPECT_FALSE(page);
    if (!page) {
      EXPECT_EQ(page.error().code, ErrorCode::kNotFound);
    }
    return OkStatus();
  });
  EXPECT_TRUE(listed);
}

TEST_F(DisclosureLogTest, WindowOverSixYearsIsRejected) {
  Result<Accounting> accounting =
      Produce(org_a_, {.patient = patient_, .as_of = D(2026, 11, 23), .from = D(2020, 11, 22)});
  ASSERT_FALSE(accounting);
  EXPECT_EQ(accounting.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DisclosureLogTest, SecondAccountingWithinTwelveMonthsMayCarryAFee) {
  Result<ProvidedAccounting> first = Provide(D(2026, 1, 10), Money::Zero());
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_FALSE(first->record.fee_may_apply);
  Result<ProvidedAccounting> refused = Provide(D(2026, 1, 11), Money::FromCents(100));
  ASSERT_TRUE(refused) << refused.error().ToString();
  EXPECT_TRUE(refused->record.fee_may_apply);
  EXPECT_EQ(refused->record.fee, Money::FromCents(100));
  Result<ProvidedAccounting> next_year = Provide(D(2027, 1, 11), Money::FromCents(100));
  ASSERT_FALSE(next_year);  // Free again (the last one was 12 months ago): no fee allowed.
  EXPECT_EQ(next_year.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(DisclosureLogTest, LogPagesWithACursor) {
  for (int day = 1; day <= 5; ++day) {
    Record(Entry(D(2026, 1, day), DisclosureBasis::kTreatment, "Example Clinic", "Referral"));
  }
  Status listed = store_.InTransaction(org_a_, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<DisclosurePage> first = log_.ListForPatient(tx, {.patient = patient_, .limit = 3});
    if (!first) return first.error();
    EXPECT_EQ(first->items.size(), 3u);
    EXPECT_TRUE(first->next.has_value());
    Result<DisclosurePage> second =
        log_.ListForPatient(tx, {.patient = patient_, .after = first->next, .limit = 3});
    if (!second) return second.error();
    EXPECT_EQ(second->items.size(), 2u);
    EXPECT_FALSE(second->next.has_value());
    return OkStatus();
  });
  EXPECT_TRUE(listed) << listed.error().ToString();
}

}  // namespace
}  // namespace roi
