// Contract of ReviewRepository::ListOpenFor: the open review tasks one user may take up across the
// organization's requests — assigned to them, or unassigned of a pooled kind — without the
// quality checks they prepared, by id, paged, and never another organization's.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class ReviewWorklistContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    request_a_ = MakeRequest(this->org_a_, "MRN-W1", "R-2025-000001");
    request_b_ = MakeRequest(this->org_b_, "MRN-W2", "R-2025-000001");
  }

  RequestId MakeRequest(OrganizationId organization, const std::string& mrn,
                        const std::string& number) {
    Result<Patient> patient = InsertPatient(this->Db(), organization, MakePatient(mrn, "Alpha"));
    EXPECT_TRUE(patient) << patient.error().ToString();
    Result<ReleaseRequest> request = InTx(
        this->Db(), organization, TxMode::kWrite, [&](Transaction& tx) -> Result<ReleaseRequest> {
          Result<Requester> requester =
              tx.Requesters().Insert(Requester{.role = "attorney", .name = "Sample Law Office"});
          if (!requester) return requester.error();
          return tx.Requests().Insert(ReleaseRequest{
              .number = number,
              .patient_id = patient->id,
              .requester_id = requester->id,
              .requester_role = "attorney",
              .received_on = Day(2025, 1, 6),
              .received_micros = 1736154000000000,
              .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"}});
        });
    EXPECT_TRUE(request) << request.error().ToString();
    return request ? request->id : RequestId();
  }

  ReviewId Add(OrganizationId organization, RequestId request, ReviewKind kind, UserId assignee,
               ReviewStatus status = ReviewStatus::kOpen, UserId prepared_by = UserId(77)) {
    ReviewTask task{.request_id = request,
                    .kind = kind,
                    .reason = "PSYCHOTHERAPY_NOTES",
                    .assignee = assignee,
                    .prepared_by = prepared_by,
                    .created_micros = 1736154000000001};
    if (status == ReviewStatus::kCancelled) {
      task.status = status;
      task.completed_by = UserId(1);
      task.completed_micros = 1736154000000002;
    }
    Result<ReviewTask> stored = InTx(this->Db(), organization, TxMode::kWrite,
                                     [&](Transaction& tx) { return tx.Reviews().Insert(task); });
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored ? stored->id : ReviewId();
  }

  std::vector<ReviewId> Ids(const OpenReviewQuery& query, OrganizationId organization = {}) {
    Result<std::vector<ReviewTask>> listed =
        InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead,
             [&](Transaction& tx) { return tx.Reviews().ListOpenFor(query); });
    EXPECT_TRUE(listed) << listed.error().ToString();
    std::vector<ReviewId> ids;
    if (listed) {
      for (const ReviewTask& task : *listed) ids.push_back(task.id);
    }
    return ids;
  }

  RequestId request_a_;
  RequestId request_b_;
};
TYPED_TEST_SUITE(ReviewWorklistContractTest, Implementations, ImplementationNames);

TYPED_TEST(ReviewWorklistContractTest, ListsAssignedAndPooledOpenTasksOfTheUser) {
  const UserId me(9);
  const UserId other(10);
  RequestId r = this->request_a_;
  ReviewId mine = this->Add(this->org_a_, r, ReviewKind::kSupervisor, me);
  ReviewId pooled = this->Add(this->org_a_, r, ReviewKind::kClinician, UserId());
  this->Add(this->org_a_, r, ReviewKind::kSupervisor, UserId());  // Not a pooled kind.
  this->Add(this->org_a_, r, ReviewKind::kClinician, other);      // Someone else's.
  this->Add(this->org_a_, r, ReviewKind::kClinician, me, ReviewStatus::kCancelled);
  this->Add(this->org_a_, r, ReviewKind::kQualityCheck, UserId(), ReviewStatus::kOpen, me);
  ReviewId check = this->Add(this->org_a_, r, ReviewKind::kQualityCheck, UserId());
  this->Add(this->org_b_, this->request_b_, ReviewKind::kClinician, me);
  this->Add(this->org_b_, this->request_b_, ReviewKind::kClinician, UserId());

  OpenReviewQuery query{.user = me,
                        .pool_kinds = {ReviewKind::kClinician, ReviewKind::kQualityCheck},
                        .after = {},
                        .limit = 50};
  EXPECT_EQ(this->Ids(query), (std::vector<ReviewId>{mine, pooled, check}));

  // Paging by id.
  query.limit = 2;
  EXPECT_EQ(this->Ids(query), (std::vector<ReviewId>{mine, pooled}));
  query.after = pooled;
  EXPECT_EQ(this->Ids(query), (std::vector<ReviewId>{check}));

  // No pool: only what is assigned.
  EXPECT_EQ(this->Ids({.user = me, .pool_kinds = {}, .after = {}, .limit = 50}),
            (std::vector<ReviewId>{mine}));
  // The other organization sees only its own.
  EXPECT_EQ(
      this->Ids({.user = me, .pool_kinds = {}, .after = {}, .limit = 50}, this->org_b_).size(), 1u);
}

TYPED_TEST(ReviewWorklistContractTest, RefusesABadQuery) {
  for (OpenReviewQuery query :
       {OpenReviewQuery{.user = UserId(), .pool_kinds = {}, .after = {}},
        OpenReviewQuery{.user = UserId(3), .pool_kinds = {}, .after = {}, .limit = 0},
        OpenReviewQuery{.user = UserId(3), .pool_kinds = {}, .after = {}, .limit = 501}}) {
    EXPECT_EQ(CodeOf(InTx(this->Db(), this->org_a_, TxMode::kRead,
                          [&](Transaction& tx) { return tx.Reviews().ListOpenFor(query); })),
              ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace roi::contract
