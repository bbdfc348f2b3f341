// Contract of PatientRepository::List and Count (filters, keyset paging, limits), and of
// concurrent read-modify-write through optimistic versions.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

PatientQuery Query(int limit, PatientId after = {}) {
  return PatientQuery{.family_name_prefix = "", .mrn = "", .after_id = after, .limit = limit};
}

std::vector<std::string> Mrns(const std::vector<Patient>& patients) {
  std::vector<std::string> mrns;
  mrns.reserve(patients.size());
  for (const Patient& patient : patients) mrns.push_back(patient.mrn);
  return mrns;
}

template <typename Factory>
class PatientListContractTest : public MigratedStoreTest<Factory> {
 protected:
  Result<std::vector<Patient>> List(const PatientQuery& query, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead,
                [&](Transaction& tx) { return tx.Patients().List(query); });
  }
  // Inserts patients P-00 .. P-(n-1) into organization A in one transaction.
  void InsertMany(int n) {
    Status status = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
      for (int i = 0; i < n; ++i) {
        std::string mrn = (i < 10 ? "P-0" : "P-") + std::to_string(i);
        Result<Patient> p = tx.Patients().Insert(MakePatient(mrn));
        if (!p) return Status(p.error());
      }
      return OkStatus();
    });
    ASSERT_TRUE(status) << status.error().ToString();
  }
};
TYPED_TEST_SUITE(PatientListContractTest, Implementations, ImplementationNames);

TYPED_TEST(PatientListContractTest, ListIsOrderedByIdAndCountMatches) {
  this->InsertMany(12);
  Result<std::vector<Patient>> all = this->List(Query(1000));
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 12u);
  for (std::size_t i = 1; i < all->size(); ++i) EXPECT_LT((*all)[i - 1].id, (*all)[i].id);
  EXPECT_EQ((*all)[0].mrn, "P-00");
  Result<std::int64_t> count = InTx(this->Db(), this->org_a_, TxMode::kRead,
                                    [](Transaction& tx) { return tx.Patients().Count(); });
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 12);
}

TYPED_TEST(PatientListContractTest, KeysetPagingVisitsEveryPatientOnce) {
  this->InsertMany(12);
  std::vector<std::string> seen;
  PatientId after;
  for (int page = 0; page < 10; ++page) {
    Result<std::vector<Patient>> rows = this->List(Query(5, after));
    ASSERT_TRUE(rows) << rows.error().ToString();
    if (rows->empty()) break;
    EXPECT_LE(rows->size(), 5u);
    for (const std::string& mrn : Mrns(*rows)) seen.push_back(mrn);
    after = rows->back().id;
  }
  std::vector<std::string> expected;
  expected.reserve(12);
  for (int i = 0; i < 12; ++i) expected.push_back((i < 10 ? "P-0" : "P-") + std::to_string(i));
  EXPECT_EQ(seen, expected);
}

TYPED_TEST(PatientListContractTest, LimitOutsideOneToAThousandIsInvalidArgument) {
  for (int limit : {0, -1, 1001}) {
    EXPECT_EQ(CodeOf(this->List(Query(limit))), ErrorCode::kInvalidArgument) << limit;
  }
  this->InsertMany(3);
  Result<std::vector<Patient>> one = this->List(Query(1));
  ASSERT_TRUE(one);
  EXPECT_EQ(Mrns(*one), std::vector<std::string>{"P-00"});
  EXPECT_TRUE(this->List(Query(1000)));
}

TYPED_TEST(PatientListContractTest, FamilyNamePrefixIsCaseInsensitive) {
  for (auto [mrn, family] : {std::pair{"M-1", "Testington"}, std::pair{"M-2", "TESTER"},
                             std::pair{"M-3", "Atest"}, std::pair{"M-4", "testa"}}) {
    ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient(mrn, family)));
  }
  PatientQuery query = Query(50);
  query.family_name_prefix = "tEsT";
  Result<std::vector<Patient>> rows = this->List(query);
  ASSERT_TRUE(rows) << rows.error().ToString();
  EXPECT_EQ(Mrns(*rows), (std::vector<std::string>{"M-1", "M-2", "M-4"}));
}

TYPED_TEST(PatientListContractTest, PrefixWildcardsMatchLiterally) {
  for (auto [mrn, family] : {std::pair{"M-1", "O_Sample"}, std::pair{"M-2", "OxSample"},
                             std::pair{"M-3", "100% Synthetic"}, std::pair{"M-4", "1000 Synth"}}) {
    ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient(mrn, family)));
  }
  PatientQuery underscore = Query(50);
  underscore.family_name_prefix = "o_";
  Result<std::vector<Patient>> rows = this->List(underscore);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Mrns(*rows), std::vector<std::string>{"M-1"});
  PatientQuery percent = Query(50);
  percent.family_name_prefix = "100%";
  rows = this->List(percent);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Mrns(*rows), std::vector<std::string>{"M-3"});
}

TYPED_TEST(PatientListContractTest, MrnFilterIsExactAndCombinesWithPrefix) {
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("M-1", "Alpha")));
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("M-10", "Alpha")));
  PatientQuery query = Query(50);
  query.mrn = "M-1";
  Result<std::vector<Patient>> rows = this->List(query);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Mrns(*rows), std::vector<std::string>{"M-1"});
  query.family_name_prefix = "beta";
  rows = this->List(query);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
}

TYPED_TEST(PatientListContractTest, ListNeverShowsAnotherOrganizationsPatients) {
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_b_, MakePatient("B-1", "Testperson")));
  ASSERT_TRUE(InsertPatient(this->Db(), this->org_a_, MakePatient("A-1", "Testperson")));
  PatientQuery query = Query(1000);
  query.family_name_prefix = "test";
  Result<std::vector<Patient>> rows = this->List(query);
  ASSERT_TRUE(rows);
  EXPECT_EQ(Mrns(*rows), std::vector<std::string>{"A-1"});
  query.family_name_prefix.clear();
  query.mrn = "B-1";
  rows = this->List(query);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
}

// Several threads increment a counter kept in one patient's phone field by read-modify-write,
// reading in one transaction and writing with the version read in another.  Conflicts must
// surface as Aborted (and are retried); no increment may be lost.
TYPED_TEST(PatientListContractTest, ConcurrentUpdatesLoseNothing) {
  Patient counter = MakePatient("COUNTER");
  counter.phone = "0";
  Result<Patient> stored = InsertPatient(this->Db(), this->org_a_, counter);
  ASSERT_TRUE(stored);
  constexpr int kThreads = 4;
  constexpr int kIncrements = 15;
  std::atomic<int> aborted = 0;
  std::atomic<int> unexpected = 0;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int done = 0; done < kIncrements;) {
        Result<Patient> current = FindPatient(this->Db(), this->org_a_, stored->id);
        if (!current) {
          ++unexpected;
          return;
        }
        Patient next = *current;
        next.phone = std::to_string(std::stoi(current->phone) + 1);
        Result<Patient> written = UpdatePatient(this->Db(), this->org_a_, next);
        if (written) {
          ++done;
        } else if (written.error().code == ErrorCode::kAborted) {
          ++aborted;
        } else {
          ADD_FAILURE() << written.error().ToString();
          ++unexpected;
          return;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(unexpected.load(), 0);
  Result<Patient> final_state = FindPatient(this->Db(), this->org_a_, stored->id);
  ASSERT_TRUE(final_state);
  EXPECT_EQ(final_state->phone, std::to_string(kThreads * kIncrements));
  EXPECT_EQ(final_state->version, 1 + kThreads * kIncrements);
  this->RecordProperty("aborted_retries", aborted.load());
}

}  // namespace
}  // namespace roi::contract
