// Contract of DisclosureRepository: bound to the transaction's organization, append-only, keyset
// paged by (disclosed_on, id).
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date D(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class DisclosureContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> a = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-A1"));
    ASSERT_TRUE(a) << a.error().ToString();
    Result<Patient> b = InsertPatient(this->Db(), this->org_b_, MakePatient("MRN-B1"));
    ASSERT_TRUE(b) << b.error().ToString();
    patient_a_ = a->id;
    patient_b_ = b->id;
    Result<User> user_a = AddUser(this->org_a_);
    ASSERT_TRUE(user_a) << user_a.error().ToString();
    Result<User> user_b = AddUser(this->org_b_);
    ASSERT_TRUE(user_b) << user_b.error().ToString();
    user_a_ = user_a->id;
    user_b_ = user_b->id;
  }

  Result<User> AddUser(OrganizationId organization) {
    return Write(organization, [](Transaction& tx) {
      return tx.Users().Insert(
          User{.email = "releaser@example.test",
               .display_name = "Sample Releaser",
               .role = Role::kRoiSpecialist,
               .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
    });
  }

  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }

  DisclosureEntry Entry(Date on, DisclosureBasis basis = DisclosureBasis::kPublicHealth) const {
    return DisclosureEntry{.patient_id = patient_a_,
                           .request_id = std::nullopt,
                           .disclosed_on = on,
                           .recipient_name = "County Health Department",
                           .recipient_address = "1 Health Plaza, Example City",
                           .description = "Laboratory results",
                           .purpose = "Communicable disease report",
                           .released_by = user_a_,
                           .means = DisclosureMeans::kSecureEmail,
                           .fee = Money::Zero(),
                           .basis = basis};
  }

  Result<DisclosureEntry> Add(OrganizationId organization, const DisclosureEntry& entry) {
    return Write(organization, [&](Transaction& tx) { return tx.Disclosures().Insert(entry); });
  }

  Result<std::vector<DisclosureEntry>> List(OrganizationId organization, DisclosureQuery query) {
    return Read(organization, [&](Transaction& tx) { return tx.Disclosures().List(query); });
  }

  AccountingSuspension Suspension(Date starts, Date ends) const {
    return AccountingSuspension{.patient_id = std::nullopt,
                                .agency_kind = SuspendingAgency::kLawEnforcement,
                                .agency_name = "Example City Police",
                                .official = "Detective Sample",
                                .statement = SuspensionStatement::kWritten,
                                .starts_on = starts,
                                .ends_on = ends,
                                .reason = "Case 123",
                                .recorded_by = user_a_};
  }

  PatientId patient_a_;
  PatientId patient_b_;
  UserId user_a_;
  UserId user_b_;
};
TYPED_TEST_SUITE(DisclosureContractTest, Implementations, ImplementationNames);

TYPED_TEST(DisclosureContractTest, InsertRoundTripsEveryField) {
  DisclosureEntry entry = this->Entry(D(2026, 3, 4), DisclosureBasis::kJudicialAdministrative);
  entry.organization_id = this->org_b_;  // Ignored: the transaction's organization wins.
  entry.request_id = RequestId(424242);  // No foreign key: any positive id is stored as is.
  entry.means = DisclosureMeans::kFax;
  entry.fee = Money::FromCents(2550);
  entry.recipient_address = "";
  Result<DisclosureEntry> stored = this->Add(this->org_a_, entry);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_EQ(stored->organization_id, this->org_a_);
  Result<DisclosureEntry> found =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Disclosures().Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(found->request_id, RequestId(424242));
  DisclosureEntry without_request = this->Entry(D(2026, 3, 5));
  Result<DisclosureEntry> second = this->Add(this->org_a_, without_request);
  ASSERT_TRUE(second);
  Result<DisclosureEntry> second_found =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Disclosures().Find(second->id); });
  ASSERT_TRUE(second_found);
  EXPECT_FALSE(second_found->request_id.has_value());
}

TYPED_TEST(DisclosureContractTest, InvalidEntriesAndForeignReferencesAreRejected) {
  DisclosureEntry bad = this->Entry(D(2026, 3, 4));
  bad.purpose = "";
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, bad)), ErrorCode::kInvalidArgument);
  DisclosureEntry other_patient = this->Entry(D(2026, 3, 4));
  other_patient.patient_id = this->patient_b_;
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, other_patient)), ErrorCode::kNotFound);
  DisclosureEntry other_user = this->Entry(D(2026, 3, 4));
  other_user.released_by = this->user_b_;
  EXPECT_EQ(CodeOf(this->Add(this->org_a_, other_user)), ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [&](Transaction& tx) {
                                return tx.Disclosures().Insert(this->Entry(D(2026, 3, 4)));
                              })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(DisclosureContractTest, AnotherOrganizationSeesNothing) {
  Result<DisclosureEntry> stored = this->Add(this->org_a_, this->Entry(D(2026, 3, 4)));
  ASSERT_TRUE(stored);
  EXPECT_EQ(CodeOf(this->Read(this->org_b_,
                              [&](Transaction& tx) { return tx.Disclosures().Find(stored->id); })),
            ErrorCode::kNotFound);
  Result<std::vector<DisclosureEntry>> listed =
      this->List(this->org_b_, DisclosureQuery{.patient = this->patient_a_});
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TYPED_TEST(DisclosureContractTest, ListForRequestFindsThatRequestsEntriesOnly) {
  std::vector<DisclosureId> of_request;
  for (int n = 0; n < 3; ++n) {
    DisclosureEntry entry = this->Entry(D(2026, 6, 3 - n));
    entry.request_id = n == 1 ? RequestId(8) : RequestId(7);
    Result<DisclosureEntry> stored = this->Add(this->org_a_, entry);
    ASSERT_TRUE(stored) << stored.error().ToString();
    if (n != 1) of_request.push_back(stored->id);
  }
  ASSERT_TRUE(this->Add(this->org_a_, this->Entry(D(2026, 6, 1))));  // No request.
  Result<std::vector<DisclosureEntry>> listed = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.Disclosures().ListForRequest(RequestId(7)); });
  ASSERT_TRUE(listed) << listed.error().ToString();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, of_request[0]);  // By id, not by date.
  EXPECT_EQ((*listed)[1].id, of_request[1]);
  Result<std::vector<DisclosureEntry>> none = this->Read(
      this->org_a_, [&](Transaction& tx) { return tx.Disclosures().ListForRequest(RequestId(9)); });
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  Result<std::vector<DisclosureEntry>> other = this->Read(
      this->org_b_, [&](Transaction& tx) { return tx.Disclosures().ListForRequest(RequestId(7)); });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TYPED_TEST(DisclosureContractTest, ListIsOrderedByDateThenIdAndKeysetPaged) {
  std::vector<DisclosureId> ids;
  for (Date on : {D(2026, 5, 1), D(2024, 1, 1), D(2026, 5, 1), D(2025, 2, 2), D(2026, 5, 1)}) {
    Result<DisclosureEntry> stored = this->Add(this->org_a_, this->Entry(on));
    ASSERT_TRUE(stored) << stored.error().ToString();
    ids.push_back(stored->id);
  }
  std::vector<DisclosureId> expected = {ids[1], ids[3], ids[0], ids[2], ids[4]};
  std::vector<DisclosureId> seen;
  DisclosureQuery query{.patient = this->patient_a_, .limit = 2};
  for (int round = 0; round < 10; ++round) {
    Result<std::vector<DisclosureEntry>> page = this->List(this->org_a_, query);
    ASSERT_TRUE(page) << page.error().ToString();
    for (const DisclosureEntry& entry : *page) seen.push_back(entry.id);
    if (page->size() < 2) break;
    query.after = DisclosureCursor{page->back().disclosed_on, page->back().id};
  }
  EXPECT_EQ(seen, expected);
}

TYPED_TEST(DisclosureContractTest, ListFiltersByInclusiveDateRange) {
  for (Date on : {D(2025, 12, 31), D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 1)}) {
    ASSERT_TRUE(this->Add(this->org_a_, this->Entry(on)));
  }
  Result<std::vector<DisclosureEntry>> listed = this->List(
      this->org_a_,
      DisclosureQuery{.patient = this->patient_a_, .from = D(2026, 1, 1), .to = D(2026, 6, 30)});
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].disclosed_on, D(2026, 1, 1));
  EXPECT_EQ((*listed)[1].disclosed_on, D(2026, 6, 30));
  EXPECT_EQ(
      CodeOf(this->List(this->org_a_, DisclosureQuery{.patient = this->patient_a_, .limit = 0})),
      ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->List(this->org_a_, DisclosureQuery{})), ErrorCode::kInvalidArgument);
}

TYPED_TEST(DisclosureContractTest, CountByBasisCountsTheOrganizationsRangeInBasisOrder) {
  ASSERT_TRUE(this->Add(this->org_a_, this->Entry(D(2026, 1, 1), DisclosureBasis::kPublicHealth)));
  ASSERT_TRUE(this->Add(this->org_a_, this->Entry(D(2026, 1, 2), DisclosureBasis::kPublicHealth)));
  ASSERT_TRUE(this->Add(this->org_a_, this->Entry(D(2026, 1, 3), DisclosureBasis::kTreatment)));
  ASSERT_TRUE(this->Add(this->org_a_, this->Entry(D(2026, 2, 1), DisclosureBasis::kResearch)));
  Result<std::vector<DisclosureVolume>> volumes = this->Read(this->org_a_, [](Transaction& tx) {
    return tx.Disclosures().CountByBasis(D(2026, 1, 1), D(2026, 1, 31));
  });
  ASSERT_TRUE(volumes) << volumes.error().ToString();
  EXPECT_EQ(*volumes, (std::vector<DisclosureVolume>{{DisclosureBasis::kTreatment, 1},
                                                     {DisclosureBasis::kPublicHealth, 2}}));
  Result<std::vector<DisclosureVolume>> other = this->Read(this->org_b_, [](Transaction& tx) {
    return tx.Disclosures().CountByBasis(D(2026, 1, 1), D(2026, 12, 31));
  });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

// The SQL stores count from a daily rollup kept by a trigger (migration 29): it follows every
// entry, and an entry whose transaction rolls back is not counted.
TYPED_TEST(DisclosureContractTest, CountByBasisFollowsEveryEntryAndIgnoresRolledBackOnes) {
  const Date day = D(2026, 3, 10);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(this->Add(this->org_a_, this->Entry(day, DisclosureBasis::kLawEnforcement)));
  }
  ASSERT_TRUE(this->Add(this->org_a_, this->Entry(day.AddDays(1), DisclosureBasis::kResearch)));
  Status rolled_back = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    Result<DisclosureEntry> added =
        tx.Disclosures().Insert(this->Entry(day, DisclosureBasis::kResearch));
    if (!added) return Status(added.error());
    return Status(InternalError("synthetic failure after the insert"));
  });
  ASSERT_FALSE(rolled_back);
  auto count = [&](Date from, Date to) {
    return this->Read(this->org_a_,
                      [&](Transaction& tx) { return tx.Disclosures().CountByBasis(from, to); });
  };
  Result<std::vector<DisclosureVolume>> one_day = count(day, day);
  ASSERT_TRUE(one_day) << one_day.error().ToString();
  EXPECT_EQ(*one_day, (std::vector<DisclosureVolume>{{DisclosureBasis::kLawEnforcement, 3}}));
  Result<std::vector<DisclosureVolume>> both = count(day, day.AddDays(1));
  ASSERT_TRUE(both);
  EXPECT_EQ(*both, (std::vector<DisclosureVolume>{{DisclosureBasis::kLawEnforcement, 3},
                                                  {DisclosureBasis::kResearch, 1}}));
  Result<std::vector<DisclosureVolume>> before = count(D(2026, 1, 1), day.AddDays(-1));
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->empty());
}

TYPED_TEST(DisclosureContractTest, SuspensionsRoundTripAndFilterByDay) {
  AccountingSuspension oral = this->Suspension(D(2026, 11, 1), D(2026, 11, 30));
  oral.statement = SuspensionStatement::kOral;
  oral.patient_id = this->patient_a_;
  oral.agency_kind = SuspendingAgency::kHealthOversight;
  Result<AccountingSuspension> first = this->Write(
      this->org_a_, [&](Transaction& tx) { return tx.Disclosures().InsertSuspension(oral); });
  ASSERT_TRUE(first) << first.error().ToString();
  Result<AccountingSuspension> second = this->Write(this->org_a_, [&](Transaction& tx) {
    return tx.Disclosures().InsertSuspension(this->Suspension(D(2027, 1, 1), D(2027, 6, 30)));
  });
  ASSERT_TRUE(second) << second.error().ToString();
  Result<std::vector<AccountingSuspension>> all = this->Read(this->org_a_, [](Transaction& tx) {
    return tx.Disclosures().ListSuspensions(SuspensionQuery{});
  });
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0], *first);
  EXPECT_EQ((*all)[1], *second);
  Result<std::vector<AccountingSuspension>> on_day = this->Read(this->org_a_, [](Transaction& tx) {
    return tx.Disclosures().ListSuspensions(SuspensionQuery{.in_force_on = D(2026, 11, 30)});
  });
  ASSERT_TRUE(on_day);
  ASSERT_EQ(on_day->size(), 1u);
  EXPECT_EQ((*on_day)[0].id, first->id);
  Result<std::vector<AccountingSuspension>> after = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Disclosures().ListSuspensions(SuspensionQuery{.after_id = first->id});
  });
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].id, second->id);
  Result<std::vector<AccountingSuspension>> other = this->Read(this->org_b_, [](Transaction& tx) {
    return tx.Disclosures().ListSuspensions(SuspensionQuery{});
  });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TYPED_TEST(DisclosureContractTest, BadSuspensionsAreRejected) {
  AccountingSuspension too_long = this->Suspension(D(2026, 11, 1), D(2026, 12, 15));
  too_long.statement = SuspensionStatement::kOral;
  EXPECT_EQ(CodeOf(this->Write(
                this->org_a_,
                [&](Transaction& tx) { return tx.Disclosures().InsertSuspension(too_long); })),
            ErrorCode::kInvalidArgument);
  AccountingSuspension foreign = this->Suspension(D(2026, 11, 1), D(2026, 12, 15));
  foreign.patient_id = this->patient_b_;
  EXPECT_EQ(CodeOf(this->Write(
                this->org_a_,
                [&](Transaction& tx) { return tx.Disclosures().InsertSuspension(foreign); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(DisclosureContractTest, AccountingsRoundTripAndListByDate) {
  AccountingRecord record{.patient_id = this->patient_a_,
                          .requested_on = D(2026, 11, 23),
                          .window = {D(2020, 11, 23), D(2026, 11, 23)},
                          .line_count = 2,
                          .disclosure_count = 5,
                          .fee_may_apply = true,
                          .fee = Money::FromCents(1500),
                          .provided_by = this->user_a_};
  Result<AccountingRecord> stored = this->Write(
      this->org_a_, [&](Transaction& tx) { return tx.Disclosures().InsertAccounting(record); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  Result<std::vector<AccountingRecord>> listed = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Disclosures().ListAccountings(this->patient_a_, D(2026, 1, 1), D(2026, 12, 31));
  });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], *stored);
  Result<std::vector<AccountingRecord>> before = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Disclosures().ListAccountings(this->patient_a_, D(2025, 1, 1), D(2026, 11, 22));
  });
  ASSERT_TRUE(before);
  EXPECT_TRUE(before->empty());
  AccountingRecord free_with_fee = record;
  free_with_fee.fee_may_apply = false;
  EXPECT_EQ(CodeOf(this->Write(
                this->org_a_,
                [&](Transaction& tx) { return tx.Disclosures().InsertAccounting(free_with_fee); })),
            ErrorCode::kInvalidArgument);
  Result<std::vector<AccountingRecord>> other = this->Read(this->org_b_, [&](Transaction& tx) {
    return tx.Disclosures().ListAccountings(this->patient_a_, D(2026, 1, 1), D(2026, 12, 31));
  });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

}  // namespace
}  // namespace roi::contract
