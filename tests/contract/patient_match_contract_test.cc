// Contract of PatientMatchRepository: a request and the documents of a pending-match patient move
// to another patient of the same organization, one record per re-matched request, found by request
// and (when the pending patient was merged) by the pending patient, all bound to the transaction's
// organization.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

template <typename Factory>
class PatientMatchContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    pending_ = AddPatient(this->org_a_, "PORTAL-7-1736154000000000", "Pendingmatch");
    matched_ = AddPatient(this->org_a_, "MRN-M1", "Matched");
    other_org_patient_ = AddPatient(this->org_b_, "MRN-B1", "Otherorg");
    Result<Requester> requester =
        InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
          return tx.Requesters().Insert(
              Requester{.role = "patient", .name = "Testpatient Ann", .email = "a@example.test"});
        });
    ASSERT_TRUE(requester) << requester.error().ToString();
    requester_ = requester->id;
    Result<User> user = InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
      return tx.Users().Insert(
          User{.email = "desk@example.test",
               .display_name = "Sample Desk User",
               .role = Role::kRoiSpecialist,
               .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
    });
    ASSERT_TRUE(user) << user.error().ToString();
    user_ = user->id;
  }

  PatientId AddPatient(OrganizationId organization, const std::string& mrn,
                       const std::string& family) {
    Result<Patient> patient = InsertPatient(this->Db(), organization, MakePatient(mrn, family));
    EXPECT_TRUE(patient) << patient.error().ToString();
    return patient ? patient->id : PatientId();
  }

  RequestId AddRequest(const std::string& number, PatientId patient) {
    Result<ReleaseRequest> request =
        InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
          return tx.Requests().Insert(
              ReleaseRequest{.number = number,
                             .patient_id = patient,
                             .requester_id = requester_,
                             .requester_role = "patient",
                             .channel = Channel::kPortal,
                             .received_on = *Date::FromYmd(2025, 1, 6),
                             .received_micros = 1736154000000000,
                             .facts = RequestFacts{.basis = "access", .purpose = "personal"},
                             .decision_json = "{}"});
        });
    EXPECT_TRUE(request) << request.error().ToString();
    return request ? request->id : RequestId();
  }

  DocumentId AddDocument(PatientId patient) {
    Result<Document> document =
        InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
          return tx.Documents().Insert(
              Document{.patient_id = patient, .kind = "correspondence", .author = "portal"});
        });
    EXPECT_TRUE(document) << document.error().ToString();
    return document ? document->id : DocumentId();
  }

  template <typename Work>
  auto Write(Work work, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite,
                [&](Transaction& tx) { return work(tx.PatientMatches()); });
  }
  template <typename Work>
  auto Read(Work work, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead,
                [&](Transaction& tx) { return work(tx.PatientMatches()); });
  }

  PatientRematch RematchOf(RequestId request) const {
    return PatientRematch{.request_id = request,
                          .from_patient_id = pending_,
                          .to_patient_id = matched_,
                          .matched_by = user_,
                          .matched_micros = 1736200000000000,
                          .documents_moved = 2,
                          .pending_merged = true};
  }

  PatientId pending_, matched_, other_org_patient_;
  RequesterId requester_;
  UserId user_;
};
TYPED_TEST_SUITE(PatientMatchContractTest, Implementations, ImplementationNames);

TYPED_TEST(PatientMatchContractTest, MovesTheRequestAndThePendingPatientsDocuments) {
  RequestId request = this->AddRequest("R-2025-000001", this->pending_);
  DocumentId first = this->AddDocument(this->pending_);
  DocumentId second = this->AddDocument(this->pending_);
  DocumentId kept = this->AddDocument(this->matched_);
  Result<std::int64_t> before =
      this->Read([&](PatientMatchRepository& r) { return r.RequestCount(this->pending_); });
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_EQ(*before, 1);

  Status moved = this->Write(
      [&](PatientMatchRepository& r) { return r.MoveRequest(request, this->matched_); });
  ASSERT_TRUE(moved) << moved.error().ToString();
  Result<std::int64_t> documents = this->Write(
      [&](PatientMatchRepository& r) { return r.MoveDocuments(this->pending_, this->matched_); });
  ASSERT_TRUE(documents) << documents.error().ToString();
  EXPECT_EQ(*documents, 2);

  Result<ReleaseRequest> stored =
      InTx(this->Db(), this->org_a_, TxMode::kRead,
           [&](Transaction& tx) { return tx.Requests().Find(request); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->patient_id, this->matched_);
  EXPECT_EQ(stored->version, 2);
  Result<std::vector<Document>> now_matched =
      InTx(this->Db(), this->org_a_, TxMode::kRead,
           [&](Transaction& tx) { return tx.Documents().ListForPatient(this->matched_); });
  ASSERT_TRUE(now_matched) << now_matched.error().ToString();
  ASSERT_EQ(now_matched->size(), 3u);
  EXPECT_EQ((*now_matched)[0].id, first);
  EXPECT_EQ((*now_matched)[0].version, 2);
  EXPECT_EQ((*now_matched)[1].id, second);
  EXPECT_EQ((*now_matched)[2].id, kept);
  EXPECT_EQ((*now_matched)[2].version, 1);
  Result<std::int64_t> after =
      this->Read([&](PatientMatchRepository& r) { return r.RequestCount(this->pending_); });
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, 0);
  // Nothing left to move.
  Result<std::int64_t> again = this->Write(
      [&](PatientMatchRepository& r) { return r.MoveDocuments(this->pending_, this->matched_); });
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
}

TYPED_TEST(PatientMatchContractTest, RecordsOneRematchPerRequest) {
  RequestId request = this->AddRequest("R-2025-000002", this->pending_);
  EXPECT_EQ(CodeOf(this->Read([&](PatientMatchRepository& r) { return r.ForRequest(request); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Read([&](PatientMatchRepository& r) { return r.MergedInto(this->pending_); })),
      ErrorCode::kNotFound);
  Status recorded =
      this->Write([&](PatientMatchRepository& r) { return r.Record(this->RematchOf(request)); });
  ASSERT_TRUE(recorded) << recorded.error().ToString();
  Result<PatientRematch> found =
      this->Read([&](PatientMatchRepository& r) { return r.ForRequest(request); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, this->RematchOf(request));
  Result<PatientId> merged =
      this->Read([&](PatientMatchRepository& r) { return r.MergedInto(this->pending_); });
  ASSERT_TRUE(merged) << merged.error().ToString();
  EXPECT_EQ(*merged, this->matched_);
  EXPECT_EQ(CodeOf(this->Write(
                [&](PatientMatchRepository& r) { return r.Record(this->RematchOf(request)); })),
            ErrorCode::kAlreadyExists);
  // A re-match that left the pending patient in use does not merge it.
  RequestId other = this->AddRequest("R-2025-000003", this->pending_);
  PatientRematch partial = this->RematchOf(other);
  partial.pending_merged = false;
  partial.documents_moved = 0;
  ASSERT_TRUE(this->Write([&](PatientMatchRepository& r) { return r.Record(partial); }));
  Result<PatientRematch> partial_found =
      this->Read([&](PatientMatchRepository& r) { return r.ForRequest(other); });
  ASSERT_TRUE(partial_found);
  EXPECT_EQ(*partial_found, partial);
  EXPECT_EQ(
      CodeOf(this->Read([&](PatientMatchRepository& r) { return r.MergedInto(this->matched_); })),
      ErrorCode::kNotFound);
}

TYPED_TEST(PatientMatchContractTest, PatientListsLeaveOutMergedPendingPatientsFindKeepsThem) {
  auto listed = [&](PatientQuery query) {
    std::vector<PatientId> ids;
    Result<std::vector<Patient>> page =
        InTx(this->Db(), this->org_a_, TxMode::kRead,
             [&](Transaction& tx) { return tx.Patients().List(query); });
    EXPECT_TRUE(page) << page.error().ToString();
    if (page) {
      for (const Patient& p : *page) ids.push_back(p.id);
    }
    return ids;
  };
  const PatientQuery all{.limit = 1000};
  const PatientQuery by_name{.family_name_prefix = "pending", .limit = 1000};
  const PatientQuery by_mrn{.mrn = "PORTAL-7-1736154000000000", .limit = 1000};
  EXPECT_EQ(listed(all), (std::vector<PatientId>{this->pending_, this->matched_}));
  EXPECT_EQ(listed(by_name), std::vector<PatientId>{this->pending_});
  // A re-match that leaves the pending patient in use keeps it listed.
  RequestId first = this->AddRequest("R-2025-000004", this->pending_);
  PatientRematch partial = this->RematchOf(first);
  partial.pending_merged = false;
  ASSERT_TRUE(this->Write([&](PatientMatchRepository& r) { return r.Record(partial); }));
  EXPECT_EQ(listed(all), (std::vector<PatientId>{this->pending_, this->matched_}));
  // Merged: gone from every list (all, by name, by MRN), still found by id and by MRN.
  RequestId second = this->AddRequest("R-2025-000005", this->pending_);
  ASSERT_TRUE(
      this->Write([&](PatientMatchRepository& r) { return r.Record(this->RematchOf(second)); }));
  EXPECT_EQ(listed(all), std::vector<PatientId>{this->matched_});
  EXPECT_TRUE(listed(by_name).empty());
  EXPECT_TRUE(listed(by_mrn).empty());
  EXPECT_EQ(listed(PatientQuery{.after_id = this->pending_, .limit = 1}),
            std::vector<PatientId>{this->matched_});
  Result<Patient> by_id = InTx(this->Db(), this->org_a_, TxMode::kRead,
                               [&](Transaction& tx) { return tx.Patients().Find(this->pending_); });
  ASSERT_TRUE(by_id) << by_id.error().ToString();
  Result<Patient> found_mrn = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return tx.Patients().FindByMrn("PORTAL-7-1736154000000000");
  });
  ASSERT_TRUE(found_mrn) << found_mrn.error().ToString();
  EXPECT_EQ(found_mrn->id, this->pending_);
  // Another organization's list is its own.
  Result<std::vector<Patient>> theirs =
      InTx(this->Db(), this->org_b_, TxMode::kRead,
           [&](Transaction& tx) { return tx.Patients().List(PatientQuery{.limit = 1000}); });
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].id, this->other_org_patient_);
}

TYPED_TEST(PatientMatchContractTest, ValidatesAndStaysInsideItsOrganization) {
  RequestId request = this->AddRequest("R-2025-000004", this->pending_);
  PatientRematch same = this->RematchOf(request);
  same.to_patient_id = same.from_patient_id;
  EXPECT_EQ(CodeOf(this->Write([&](PatientMatchRepository& r) { return r.Record(same); })),
            ErrorCode::kInvalidArgument);
  PatientRematch unset = this->RematchOf(request);
  unset.matched_by = UserId();
  EXPECT_EQ(CodeOf(this->Write([&](PatientMatchRepository& r) { return r.Record(unset); })),
            ErrorCode::kInvalidArgument);
  // Another organization's patient is not found from here, nor this request from there.
  PatientRematch foreign = this->RematchOf(request);
  foreign.to_patient_id = this->other_org_patient_;
  EXPECT_EQ(CodeOf(this->Write([&](PatientMatchRepository& r) { return r.Record(foreign); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write([&](PatientMatchRepository& r) {
              return r.MoveRequest(request, this->other_org_patient_);
            })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write([&](PatientMatchRepository& r) {
              return r.MoveDocuments(this->pending_, this->other_org_patient_);
            })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write(
                [&](PatientMatchRepository& r) {
                  return r.MoveRequest(request, this->other_org_patient_);
                },
                this->org_b_)),
            ErrorCode::kNotFound);
  Result<std::int64_t> none = this->Read(
      [&](PatientMatchRepository& r) { return r.RequestCount(this->pending_); }, this->org_b_);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  ASSERT_TRUE(
      this->Write([&](PatientMatchRepository& r) { return r.Record(this->RematchOf(request)); }));
  EXPECT_EQ(CodeOf(this->Read([&](PatientMatchRepository& r) { return r.ForRequest(request); },
                              this->org_b_)),
            ErrorCode::kNotFound);
  // A read transaction cannot write.
  Status read_only =
      this->Read([&](PatientMatchRepository& r) { return r.MoveRequest(request, this->matched_); });
  EXPECT_EQ(CodeOf(read_only), ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace roi::contract
