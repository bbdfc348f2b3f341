// Contract of PatientAccessRepository: the assignment query follows requests and review tasks of
// the patient (open requests only, cancelled reviews not), grants round-trip, are bound to the
// transaction's organization, are live only in their window, and list with filters and paging.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

constexpr std::int64_t kNow = 1'736'154'000'000'000;  // 2025-01-06 09:00 UTC.
constexpr std::int64_t kHour = 3'600'000'000;

template <typename Factory>
class PatientAccessContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-PA1"));
    Result<Patient> other = InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-PA2"));
    Result<Patient> foreign = InsertPatient(this->Db(), this->org_b_, MakePatient("MRN-PB1"));
    ASSERT_TRUE(patient && other && foreign);
    patient_ = patient->id;
    other_ = other->id;
    foreign_patient_ = foreign->id;
    Result<User> clinician = AddUser(this->org_a_, "clinician@example.test");
    Result<User> colleague = AddUser(this->org_a_, "colleague@example.test");
    Result<User> foreign_user = AddUser(this->org_b_, "clinician@example.test");
    ASSERT_TRUE(clinician && colleague && foreign_user);
    clinician_ = clinician->id;
    colleague_ = colleague->id;
    foreign_user_ = foreign_user->id;
    Result<Requester> requester = Write([](Transaction& tx) {
      return tx.Requesters().Insert(Requester{.role = "attorney",
                                              .name = "Sample Law Office",
                                              .organization = "Example Legal LLP",
                                              .email = "records@example.test"});
    });
    ASSERT_TRUE(requester) << requester.error().ToString();
    requester_ = requester->id;
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }

  Result<User> AddUser(OrganizationId organization, const std::string& email) {
    return Write(
        [&](Transaction& tx) {
          return tx.Users().Insert(
              User{.email = email,
                   .display_name = "Testuser Clinician",
                   .role = Role::kClinician,
                   .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aA"});
        },
        organization);
  }

  Result<ReleaseRequest> AddRequest(int n, UserId assignee, RequestState state) {
    return Write([&](Transaction& tx) -> Result<ReleaseRequest> {
      ReleaseRequest request{.number = "R-2025-" + std::to_string(200000 + n),
                             .patient_id = patient_,
                             .requester_id = requester_,
                             .requester_role = "attorney",
                             .received_on = *Date::FromYmd(2025, 1, 6),
                             .received_micros = kNow,
                             .facts = {.basis = "authorization", .purpose = "litigation"},
                             .decision = DecisionOutcome::kPend};
      Result<ReleaseRequest> stored = tx.Requests().Insert(request);
      if (!stored) return stored;
      stored->assignee = assignee;
      stored->state = state;
      return tx.Requests().Update(*stored);
    });
  }

  Result<bool> Assigned(PatientId patient, UserId user) {
    return Write([&](Transaction& tx) { return tx.PatientAccess().HasAssignment(patient, user); });
  }

  BreakGlassGrant Grant(UserId user, PatientId patient, std::int64_t at) {
    return BreakGlassGrant{.patient_id = patient,
                           .user_id = user,
                           .reason = "Emergency department admission, records needed",
                           .granted_micros = at,
                           .expires_micros = at + kHour};
  }

  PatientId patient_, other_, foreign_patient_;
  UserId clinician_, colleague_, foreign_user_;
  RequesterId requester_;
};

TYPED_TEST_SUITE(PatientAccessContractTest, Implementations, ImplementationNames);

TYPED_TEST(PatientAccessContractTest, AssignmentFollowsOpenRequestsAndTheirReviews) {
  EXPECT_FALSE(*this->Assigned(this->patient_, this->clinician_));
  Result<ReleaseRequest> assigned = this->AddRequest(1, this->clinician_, RequestState::kVerifying);
  ASSERT_TRUE(assigned) << assigned.error().ToString();
  EXPECT_TRUE(*this->Assigned(this->patient_, this->clinician_));
  EXPECT_FALSE(*this->Assigned(this->other_, this->clinician_));
  EXPECT_FALSE(*this->Assigned(this->patient_, this->colleague_));
  EXPECT_FALSE(*this->Assigned(this->patient_, UserId()));
  // Closed work no longer counts.
  assigned->state = RequestState::kReleased;
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Requests().Update(*assigned); }));
  EXPECT_FALSE(*this->Assigned(this->patient_, this->clinician_));

  // A review task of an open request assigned to the colleague counts, unless cancelled.
  Result<ReleaseRequest> reviewed = this->AddRequest(2, UserId(), RequestState::kInReview);
  ASSERT_TRUE(reviewed) << reviewed.error().ToString();
  Result<ReviewTask> task = this->Write([&](Transaction& tx) {
    return tx.Reviews().Insert(ReviewTask{.request_id = reviewed->id,
                                          .reason = "PSYCHOTHERAPY_NOTES",
                                          .assignee = this->colleague_,
                                          .prepared_by = this->clinician_,
                                          .created_micros = kNow});
  });
  ASSERT_TRUE(task) << task.error().ToString();
  EXPECT_TRUE(*this->Assigned(this->patient_, this->colleague_));
  task->status = ReviewStatus::kCancelled;
  task->completed_by = this->clinician_;
  task->completed_micros = kNow;
  Result<ReviewTask> cancelled =
      this->Write([&](Transaction& tx) { return tx.Reviews().Update(*task); });
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  EXPECT_FALSE(*this->Assigned(this->patient_, this->colleague_));

  // Bound to the organization: org B sees nothing of org A's assignments.
  Result<bool> foreign = this->Write(
      [&](Transaction& tx) {
        return tx.PatientAccess().HasAssignment(this->patient_, this->clinician_);
      },
      this->org_b_);
  ASSERT_TRUE(foreign);
  EXPECT_FALSE(*foreign);
}

// An open review task assigned to nobody is the reviewers' pool: every reviewer may see the
// patient to take it; once completed, or once assigned to someone else, it no longer counts.
TYPED_TEST(PatientAccessContractTest, AnUnassignedOpenReviewIsThePool) {
  Result<ReleaseRequest> reviewed = this->AddRequest(3, UserId(), RequestState::kInReview);
  ASSERT_TRUE(reviewed) << reviewed.error().ToString();
  EXPECT_FALSE(*this->Assigned(this->patient_, this->clinician_));
  Result<ReviewTask> task = this->Write([&](Transaction& tx) {
    return tx.Reviews().Insert(ReviewTask{.request_id = reviewed->id,
                                          .reason = "PSYCHOTHERAPY_NOTES",
                                          .prepared_by = this->colleague_,
                                          .created_micros = kNow});
  });
  ASSERT_TRUE(task) << task.error().ToString();
  EXPECT_TRUE(*this->Assigned(this->patient_, this->clinician_));
  EXPECT_FALSE(*this->Assigned(this->other_, this->clinician_));
  task->assignee = this->colleague_;
  Result<ReviewTask> taken =
      this->Write([&](Transaction& tx) { return tx.Reviews().Update(*task); });
  ASSERT_TRUE(taken) << taken.error().ToString();
  EXPECT_FALSE(*this->Assigned(this->patient_, this->clinician_));
  EXPECT_TRUE(*this->Assigned(this->patient_, this->colleague_));
}

TYPED_TEST(PatientAccessContractTest, GrantsRoundTripAndAreLiveInTheirWindow) {
  Result<BreakGlassGrant> stored = this->Write([&](Transaction& tx) {
    return tx.PatientAccess().InsertGrant(this->Grant(this->clinician_, this->patient_, kNow));
  });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  EXPECT_EQ(stored->organization_id, this->org_a_);
  auto live = [&](std::int64_t at, OrganizationId organization = {}) {
    return this->Write(
        [&](Transaction& tx) {
          return tx.PatientAccess().LiveGrant(this->patient_, this->clinician_, at);
        },
        organization);
  };
  Result<std::optional<BreakGlassGrant>> now = live(kNow);
  ASSERT_TRUE(now);
  ASSERT_TRUE(now->has_value());
  EXPECT_EQ(**now, *stored);
  EXPECT_TRUE(live(kNow + kHour - 1)->has_value());
  EXPECT_FALSE(live(kNow + kHour)->has_value());
  EXPECT_FALSE(live(kNow - 1)->has_value());
  EXPECT_FALSE(live(kNow, this->org_b_)->has_value());
  // Another user or patient has no grant.
  Result<std::optional<BreakGlassGrant>> colleague = this->Write([&](Transaction& tx) {
    return tx.PatientAccess().LiveGrant(this->patient_, this->colleague_, kNow);
  });
  EXPECT_FALSE(colleague->has_value());
}

TYPED_TEST(PatientAccessContractTest, InsertIsValidatedAndBoundToTheOrganization) {
  BreakGlassGrant short_reason = this->Grant(this->clinician_, this->patient_, kNow);
  short_reason.reason = "because";
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) { return tx.PatientAccess().InsertGrant(short_reason); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.PatientAccess().InsertGrant(
                  this->Grant(this->clinician_, this->foreign_patient_, kNow));
            })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.PatientAccess().InsertGrant(
                  this->Grant(this->foreign_user_, this->patient_, kNow));
            })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(InTx(this->Db(), this->org_a_, TxMode::kRead,
                        [&](Transaction& tx) {
                          return tx.PatientAccess().InsertGrant(
                              this->Grant(this->clinician_, this->patient_, kNow));
                        })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(PatientAccessContractTest, ListFiltersAndPages) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(this->Write([&](Transaction& tx) {
      return tx.PatientAccess().InsertGrant(
          this->Grant(this->clinician_, this->patient_, kNow + i * kHour));
    }));
  }
  ASSERT_TRUE(this->Write([&](Transaction& tx) {
    return tx.PatientAccess().InsertGrant(this->Grant(this->colleague_, this->other_, kNow));
  }));
  auto list = [&](BreakGlassQuery query, OrganizationId organization = {}) {
    return this->Write([&](Transaction& tx) { return tx.PatientAccess().ListGrants(query); },
                       organization);
  };
  EXPECT_EQ(list({})->size(), 4u);
  EXPECT_EQ(list({.patient = this->patient_})->size(), 3u);
  EXPECT_EQ(list({.user = this->colleague_})->size(), 1u);
  EXPECT_EQ(list({.from_micros = kNow + kHour})->size(), 2u);
  EXPECT_EQ(list({.to_micros = kNow + kHour})->size(), 2u);
  Result<std::vector<BreakGlassGrant>> first = list({.limit = 2});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  Result<std::vector<BreakGlassGrant>> rest = list({.after_id = first->back().id, .limit = 2});
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_LT(first->back().id, rest->front().id);
  EXPECT_TRUE(list({}, this->org_b_)->empty());
  EXPECT_EQ(CodeOf(list({.limit = 0})), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi::contract
