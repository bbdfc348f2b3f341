// Contract of the work-queue search (RequestQuery::search) as the SQL adapters run it since
// migration 26 (matches chosen per branch, then merged): a short family-name prefix, the queue's
// filters and keyset paging in both orders give exactly the requests the unsearched queue lists
// for those patients, in the same order; a text that is both a request number and an MRN finds
// both, each request once; another organization's requests never appear.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class RequestSearchContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    // Family names: three start with "Te", one with "Ta"; one patient's MRN looks like a
    // request number.
    const std::vector<std::pair<std::string, std::string>> patients = {
        {"MRN-1", "Testpatient"},
        {"MRN-2", "Tellpatient"},
        {"R-2026-000003", "Temppatient"},
        {"MRN-4", "Tallpatient"}};
    for (OrganizationId organization : {this->org_a_, this->org_b_}) {
      Result<Requester> requester =
          InTx(this->Db(), organization, TxMode::kWrite, [](Transaction& tx) {
            return tx.Requesters().Insert(
                Requester{.role = "attorney", .name = "Sample Law Office"});
          });
      ASSERT_TRUE(requester) << requester.error().ToString();
      std::vector<PatientId> ids;
      for (const auto& [mrn, family] : patients) {
        Result<Patient> patient = InsertPatient(this->Db(), organization, MakePatient(mrn, family));
        ASSERT_TRUE(patient) << patient.error().ToString();
        ids.push_back(patient->id);
      }
      // 24 requests over the four patients, due dates repeating (ties broken by id), every
      // fifth without one, states alternating.
      for (int i = 1; i <= 24; ++i) {
        std::optional<Date> due;
        if (i % 5 != 0) due = Day(2026, 3, 1).AddDays((i * 7) % 11);
        char number[32];
        std::snprintf(number, sizeof number, "R-2026-%06d", i);
        Result<ReleaseRequest> stored =
            InTx(this->Db(), organization, TxMode::kWrite, [&](Transaction& tx) {
              return tx.Requests().Insert(ReleaseRequest{
                  .number = number,
                  .patient_id = ids[static_cast<std::size_t>(i % 4)],
                  .requester_id = requester->id,
                  .requester_role = i % 3 == 0 ? "insurer" : "attorney",
                  .received_on = Day(2026, 2, 1),
                  .received_micros = 1,
                  .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"},
                  .state = i % 2 == 0 ? RequestState::kRetrieving : RequestState::kReceived,
                  .due_on = due});
            });
        ASSERT_TRUE(stored) << stored.error().ToString();
      }
    }
  }

  Result<std::vector<ReleaseRequest>> List(const RequestQuery& query) {
    return InTx(this->Db(), this->org_a_, TxMode::kRead,
                [&](Transaction& tx) { return tx.Requests().List(query); });
  }

  // Every page of `query`, `limit` at a time, following the keyset cursor.
  std::vector<std::string> AllPages(RequestQuery query, int limit) {
    query.limit = limit;
    std::vector<std::string> out;
    for (int i = 0; i < 100; ++i) {
      Result<std::vector<ReleaseRequest>> page = List(query);
      EXPECT_TRUE(page) << page.error().ToString();
      if (!page || page->empty()) break;
      for (const ReleaseRequest& r : *page) out.push_back(r.number);
      query.after_id = page->back().id;
      query.after_due_on = page->back().due_on;
    }
    return out;
  }

  // The unsearched queue (all pages) restricted to requests of patients in `families`.
  std::vector<std::string> Expected(RequestQuery query, const std::set<std::string>& families) {
    std::set<PatientId> wanted;
    Result<std::vector<ReleaseRequest>> all = List({.limit = 1000});
    EXPECT_TRUE(all);
    for (const ReleaseRequest& r : *all) {
      Result<Patient> patient = FindPatient(this->Db(), this->org_a_, r.patient_id);
      EXPECT_TRUE(patient);
      if (families.contains(patient->family_name)) wanted.insert(r.patient_id);
    }
    query.limit = 1000;
    Result<std::vector<ReleaseRequest>> listed = List(query);
    EXPECT_TRUE(listed);
    std::vector<std::string> out;
    for (const ReleaseRequest& r : *listed) {
      if (wanted.contains(r.patient_id)) out.push_back(r.number);
    }
    return out;
  }
};
TYPED_TEST_SUITE(RequestSearchContractTest, Implementations, ImplementationNames);

TYPED_TEST(RequestSearchContractTest, AShortPrefixPagesLikeTheQueue) {
  const std::set<std::string> te = {"Testpatient", "Tellpatient", "Temppatient"};
  for (int limit : {1, 4, 50}) {
    SCOPED_TRACE("limit " + std::to_string(limit));
    EXPECT_EQ(this->AllPages({.search = "te"}, limit), this->Expected({}, te));
    EXPECT_EQ(this->AllPages({.search = "TE"}, limit), this->Expected({}, te));
    EXPECT_EQ(this->AllPages({.search = "t", .sort = RequestSort::kReceived}, limit),
              this->Expected({.sort = RequestSort::kReceived},
                             {"Testpatient", "Tellpatient", "Temppatient", "Tallpatient"}));
    RequestQuery filtered{.state = RequestState::kRetrieving, .requester_role = "attorney"};
    RequestQuery searched = filtered;
    searched.search = "te";
    EXPECT_EQ(this->AllPages(searched, limit), this->Expected(filtered, te));
  }
  EXPECT_EQ(this->AllPages({.search = "tes"}, 3), this->Expected({}, {"Testpatient"}));
  EXPECT_TRUE(this->AllPages({.search = "tx"}, 3).empty());
}

TYPED_TEST(RequestSearchContractTest, ANumberThatIsAlsoAnMrnFindsBothOnce) {
  // "R-2026-000003" is the number of request 3 (of "Tallpatient": i % 4 == 3, see SetUp) and the
  // MRN of "Temppatient" (the requests with i % 4 == 2).  MRNs match exactly, numbers in any case.
  std::vector<std::string> found = this->AllPages({.search = "R-2026-000003"}, 50);
  std::vector<std::string> expected = this->Expected({}, {"Temppatient"});
  if (std::find(expected.begin(), expected.end(), "R-2026-000003") == expected.end()) {
    expected.push_back("R-2026-000003");
  }
  std::sort(found.begin(), found.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
  EXPECT_EQ(std::set<std::string>(found.begin(), found.end()).size(), found.size());
}

TYPED_TEST(RequestSearchContractTest, ABroadPrefixPagesLikeTheQueue) {
  // Over 2,000 patients share the prefix, so the PostgreSQL adapter walks the due order instead
  // of sorting the matches (see request_repository.cc); the answers must not change.
  Result<Requester> requester = InTx(this->Db(), this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    return tx.Requesters().Insert(Requester{.role = "insurer", .name = "Sample Insurer"});
  });
  ASSERT_TRUE(requester) << requester.error().ToString();
  Status stored = InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) -> Status {
    for (int i = 0; i < 2050; ++i) {
      Result<Patient> patient =
          tx.Patients().Insert(MakePatient("BROAD-" + std::to_string(i), "Tbroadpatient"));
      if (!patient) return patient.error();
      if (i % 40 != 0) continue;
      char number[32];
      std::snprintf(number, sizeof number, "R-2025-%06d", i);
      std::optional<Date> due;
      if (i % 3 != 0) due = Day(2026, 3, 1).AddDays(i % 13);
      Result<ReleaseRequest> request = tx.Requests().Insert(
          ReleaseRequest{.number = number,
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "insurer",
                         .received_on = Day(2026, 2, 1),
                         .received_micros = 1,
                         .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"},
                         .state = i % 80 == 0 ? RequestState::kRetrieving : RequestState::kReceived,
                         .due_on = due});
      if (!request) return request.error();
    }
    return OkStatus();
  });
  ASSERT_TRUE(stored) << stored.error().ToString();
  const std::set<std::string> broad = {"Tbroadpatient"};
  EXPECT_EQ(this->AllPages({.search = "tb"}, 7), this->Expected({}, broad));
  EXPECT_EQ(this->AllPages({.search = "TB", .sort = RequestSort::kReceived}, 5),
            this->Expected({.sort = RequestSort::kReceived}, broad));
  EXPECT_EQ(this->AllPages({.state = RequestState::kRetrieving, .search = "tb"}, 4),
            this->Expected({.state = RequestState::kRetrieving}, broad));
  EXPECT_EQ(this->AllPages({.search = "BROAD-40"}, 5), (std::vector<std::string>{"R-2025-000040"}));
}

}  // namespace
}  // namespace roi::contract
