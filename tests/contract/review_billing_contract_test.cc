// Contract of ReviewRepository and BillingRepository: bound to the transaction's organization,
// every field round-trips, a notification is recorded once per recipient and reason, settings
// default and replace, one invoice per request, credits list in order, and invalid values are
// refused before they reach the database.
#include <gtest/gtest.h>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

template <typename Factory>
class ReviewBillingContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<Patient> patient =
        InsertPatient(this->Db(), this->org_a_, MakePatient("MRN-R1", "Alpha"));
    ASSERT_TRUE(patient) << patient.error().ToString();
    Result<ReleaseRequest> request = Write([&](Transaction& tx) -> Result<ReleaseRequest> {
      Result<Requester> requester =
          tx.Requesters().Insert(Requester{.role = "attorney", .name = "Sample Law Office"});
      if (!requester) return requester.error();
      Result<Document> document = tx.Documents().Insert(
          Document{.patient_id = patient->id, .kind = "psychotherapy_note", .pages = 3});
      if (!document) return document.error();
      document_ = document->id;
      return tx.Requests().Insert(
          ReleaseRequest{.number = "R-2025-000001",
                         .patient_id = patient->id,
                         .requester_id = requester->id,
                         .requester_role = "attorney",
                         .received_on = Day(2025, 1, 6),
                         .received_micros = 1736154000000000,
                         .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"}});
    });
    ASSERT_TRUE(request) << request.error().ToString();
    request_ = request->id;
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  ReviewTask MakeTask(ReviewKind kind) {
    return ReviewTask{.request_id = request_,
                      .kind = kind,
                      .reason = "PSYCHOTHERAPY_NOTES",
                      .prepared_by = UserId(77),
                      .created_micros = 1736154000000001};
  }

  Invoice MakeInvoice() {
    return Invoice{.request_id = request_,
                   .lines = {{"Copies | paper, 3 pages", 3, 25}, {"Postage", 1, 150}},
                   .total_cents = 225,
                   .max_cents = 2500,
                   .fee_basis = "STATE_SCHEDULE",
                   .issued_on = Day(2025, 1, 7),
                   .issued_by = UserId(5),
                   .created_micros = 1736240000000000};
  }

  RequestId request_;
  DocumentId document_;
};
TYPED_TEST_SUITE(ReviewBillingContractTest, Implementations, ImplementationNames);

TYPED_TEST(ReviewBillingContractTest, ReviewTasksRoundTripUpdateAndStayInTheirOrganization) {
  Result<ReviewTask> stored = this->Write(
      [&](Transaction& tx) { return tx.Reviews().Insert(this->MakeTask(ReviewKind::kClinician)); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE(stored->id.IsSet());
  Result<ReviewTask> found =
      this->Read([&](Transaction& tx) { return tx.Reviews().Find(stored->id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Reviews().Find(stored->id); },
                              this->org_b_)),
            ErrorCode::kNotFound);

  ReviewTask done = *stored;
  done.status = ReviewStatus::kCompleted;
  done.outcome = ReviewOutcome::kWithhold;
  done.withheld_documents = {this->document_};
  done.notes = "Discussed with the client.\nWithhold the therapy notes.";
  done.completed_by = UserId(9);
  done.completed_micros = 1736154000000099;
  done.assignee = UserId(9);
  Result<ReviewTask> updated =
      this->Write([&](Transaction& tx) { return tx.Reviews().Update(done); });
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(*updated, done);
  Result<std::vector<ReviewTask>> listed =
      this->Read([&](Transaction& tx) { return tx.Reviews().ListForRequest(this->request_); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front(), done);
  Result<std::vector<ReviewTask>> other = this->Read(
      [&](Transaction& tx) { return tx.Reviews().ListForRequest(this->request_); }, this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());

  // Kind and reason never change through Update.
  ReviewTask renamed = done;
  renamed.kind = ReviewKind::kSupervisor;
  renamed.reason = "other";
  Result<ReviewTask> kept =
      this->Write([&](Transaction& tx) { return tx.Reviews().Update(renamed); });
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->kind, ReviewKind::kClinician);
  EXPECT_EQ(kept->reason, "PSYCHOTHERAPY_NOTES");
}

TYPED_TEST(ReviewBillingContractTest, InvalidTasksAndForeignRequestsAreRefused) {
  ReviewTask bad = this->MakeTask(ReviewKind::kSupervisor);
  bad.reason.clear();
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Reviews().Insert(bad); })),
            ErrorCode::kInvalidArgument);
  ReviewTask outcome_while_open = this->MakeTask(ReviewKind::kSupervisor);
  outcome_while_open.outcome = ReviewOutcome::kRelease;
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Reviews().Insert(outcome_while_open); })),
      ErrorCode::kInvalidArgument);
  ReviewTask foreign = this->MakeTask(ReviewKind::kSupervisor);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Reviews().Insert(foreign); },
                               this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) {
              return tx.Reviews().Insert(this->MakeTask(ReviewKind::kQualityCheck));
            })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(ReviewBillingContractTest, NotificationsAreRecordedOncePerRecipientAndReason) {
  RequestNotification provider{.request_id = this->request_,
                               .recipient = "provider",
                               .reason = "ATTORNEY_REQUEST",
                               .created_micros = 1736154000000005};
  Result<RequestNotification> stored =
      this->Write([&](Transaction& tx) { return tx.Reviews().AddNotification(provider); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_NE(stored->id, 0);
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Reviews().AddNotification(provider); })),
      ErrorCode::kAlreadyExists);
  RequestNotification admin = provider;
  admin.recipient = "administrator";
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.Reviews().AddNotification(admin); }));
  RequestNotification nobody = provider;
  nobody.recipient = "mayor";
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Reviews().AddNotification(nobody); })),
      ErrorCode::kInvalidArgument);
  Result<std::vector<RequestNotification>> listed =
      this->Read([&](Transaction& tx) { return tx.Reviews().Notifications(this->request_); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0], *stored);
  EXPECT_EQ((*listed)[1].recipient, "administrator");
  EXPECT_EQ((*listed)[1].status, "pending");
  Result<std::vector<RequestNotification>> other = this->Read(
      [&](Transaction& tx) { return tx.Reviews().Notifications(this->request_); }, this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TYPED_TEST(ReviewBillingContractTest, SettingsDefaultOffAndArePerOrganization) {
  Result<ReviewSettings> initial =
      this->Read([](Transaction& tx) { return tx.Reviews().Settings(); });
  ASSERT_TRUE(initial);
  EXPECT_FALSE(initial->quality_check);
  ASSERT_TRUE(this->Write(
      [](Transaction& tx) { return tx.Reviews().PutSettings({.quality_check = true}); }));
  ASSERT_TRUE(this->Write(
      [](Transaction& tx) { return tx.Reviews().PutSettings({.quality_check = true}); }));
  Result<ReviewSettings> on = this->Read([](Transaction& tx) { return tx.Reviews().Settings(); });
  ASSERT_TRUE(on);
  EXPECT_TRUE(on->quality_check);
  Result<ReviewSettings> other =
      this->Read([](Transaction& tx) { return tx.Reviews().Settings(); }, this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->quality_check);
  ASSERT_TRUE(this->Write(
      [](Transaction& tx) { return tx.Reviews().PutSettings({.quality_check = false}); }));
  Result<ReviewSettings> off = this->Read([](Transaction& tx) { return tx.Reviews().Settings(); });
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->quality_check);
}

TYPED_TEST(ReviewBillingContractTest, OneInvoicePerRequestWithCreditsInOrder) {
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.Billing().FindInvoice(this->request_); })),
      ErrorCode::kNotFound);
  Result<Invoice> stored =
      this->Write([&](Transaction& tx) { return tx.Billing().InsertInvoice(this->MakeInvoice()); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  Result<Invoice> found =
      this->Read([&](Transaction& tx) { return tx.Billing().FindInvoice(this->request_); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, *stored);
  EXPECT_EQ(found->lines[0].description, "Copies | paper, 3 pages");
  EXPECT_EQ(CodeOf(this->Write(
                [&](Transaction& tx) { return tx.Billing().InsertInvoice(this->MakeInvoice()); })),
            ErrorCode::kAlreadyExists);
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.Billing().FindInvoice(this->request_); },
                        this->org_b_)),
      ErrorCode::kNotFound);

  InvoiceCredit check{.invoice_id = stored->id,
                      .kind = CreditKind::kPayment,
                      .method = PaymentMethod::kCheck,
                      .amount_cents = 100,
                      .reference = "CHK-1042",
                      .recorded_by = UserId(5),
                      .received_on = Day(2025, 1, 8),
                      .created_micros = 1736300000000000};
  InvoiceCredit waiver{.invoice_id = stored->id,
                       .kind = CreditKind::kWaiver,
                       .amount_cents = 125,
                       .reason = "Hardship (synthetic)",
                       .recorded_by = UserId(6),
                       .received_on = Day(2025, 1, 9),
                       .created_micros = 1736400000000000};
  Result<InvoiceCredit> paid =
      this->Write([&](Transaction& tx) { return tx.Billing().AddCredit(check); });
  ASSERT_TRUE(paid) << paid.error().ToString();
  Result<InvoiceCredit> waived =
      this->Write([&](Transaction& tx) { return tx.Billing().AddCredit(waiver); });
  ASSERT_TRUE(waived) << waived.error().ToString();
  Result<std::vector<InvoiceCredit>> credits =
      this->Read([&](Transaction& tx) { return tx.Billing().Credits(stored->id); });
  ASSERT_TRUE(credits);
  ASSERT_EQ(credits->size(), 2u);
  EXPECT_EQ((*credits)[0], *paid);
  EXPECT_EQ((*credits)[1], *waived);
  EXPECT_EQ(BalanceCents(*found, *credits), 0);
  Result<std::vector<InvoiceCredit>> other =
      this->Read([&](Transaction& tx) { return tx.Billing().Credits(stored->id); }, this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Billing().AddCredit(check); },
                               this->org_b_)),
            ErrorCode::kNotFound);
}

TYPED_TEST(ReviewBillingContractTest, InvalidInvoicesAndCreditsAreRefused) {
  Invoice over = this->MakeInvoice();
  over.max_cents = 100;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Billing().InsertInvoice(over); })),
            ErrorCode::kFailedPrecondition);
  Invoice wrong_total = this->MakeInvoice();
  wrong_total.total_cents = 1;
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Billing().InsertInvoice(wrong_total); })),
      ErrorCode::kInvalidArgument);
  Result<Invoice> stored =
      this->Write([&](Transaction& tx) { return tx.Billing().InsertInvoice(this->MakeInvoice()); });
  ASSERT_TRUE(stored);
  InvoiceCredit card{.invoice_id = stored->id,
                     .kind = CreditKind::kPayment,
                     .method = PaymentMethod::kCard,
                     .amount_cents = 100,
                     .reference = "4111 1111 1111 1111",
                     .recorded_by = UserId(5),
                     .received_on = Day(2025, 1, 8)};
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Billing().AddCredit(card); })),
            ErrorCode::kInvalidArgument);
  Result<std::vector<InvoiceCredit>> credits =
      this->Read([&](Transaction& tx) { return tx.Billing().Credits(stored->id); });
  ASSERT_TRUE(credits);
  EXPECT_TRUE(credits->empty());
}

}  // namespace
}  // namespace roi::contract
