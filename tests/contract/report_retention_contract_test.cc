// Contract of ReportRepository and RetentionRepository: reports aggregate only the transaction's
// organization, with the documented windows (completion day = UTC day of the transition into
// released or denied, inclusive bounds), grouping and order; legal holds place, list and release
// once; retention candidates carry the last effective date (receipt, last transition, letter,
// disclosure) and the hold flag; a purge removes the request and what hangs off it, keeps the
// disclosure log, leaves a purge record, and refuses held or unfinished requests.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

constexpr std::int64_t kDay = 86'400'000'000;

// Noon (UTC) of `day`, in micros.
std::int64_t Noon(Date day) { return day.DaysSinceEpoch() * kDay + kDay / 2; }

template <typename Factory>
class ReportRetentionContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    for (OrganizationId organization : {this->org_a_, this->org_b_}) {
      Result<User> user = Write(
          [](Transaction& tx) {
            return tx.Users().Insert(
                User{.email = "desk@example.test",
                     .display_name = "Sample Desk",
                     .role = Role::kPrivacyOfficer,
                     .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
          },
          organization);
      ASSERT_TRUE(user) << user.error().ToString();
      Result<Patient> patient =
          InsertPatient(this->Db(), organization, MakePatient("MRN-1", "Testpatient Alpha"));
      ASSERT_TRUE(patient) << patient.error().ToString();
      Result<Patient> other =
          InsertPatient(this->Db(), organization, MakePatient("MRN-2", "Testpatient Beta"));
      ASSERT_TRUE(other) << other.error().ToString();
      Result<Requester> requester = Write(
          [](Transaction& tx) {
            return tx.Requesters().Insert(
                Requester{.role = "attorney", .name = "Sample Law Office"});
          },
          organization);
      ASSERT_TRUE(requester) << requester.error().ToString();
      if (organization == this->org_a_) {
        user_ = user->id;
        patient_ = patient->id;
        other_patient_ = other->id;
        requester_ = requester->id;
      } else {
        user_b_ = user->id;
        patient_b_ = patient->id;
        requester_b_ = requester->id;
      }
    }
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  // Stores a request in `state`, with a transition into it at `completed_micros` when set.
  RequestId AddRequest(const std::string& number, Date received, RequestState state,
                       std::optional<Date> due, std::optional<std::int64_t> completed_micros,
                       const std::string& role = "attorney", OrganizationId organization = {},
                       PatientId patient = {}) {
    bool in_b = organization.IsSet() && organization == this->org_b_;
    Result<ReleaseRequest> stored = Write(
        [&](Transaction& tx) -> Result<ReleaseRequest> {
          ReleaseRequest request{
              .number = number,
              .patient_id = patient.IsSet() ? patient : (in_b ? patient_b_ : patient_),
              .requester_id = in_b ? requester_b_ : requester_,
              .requester_role = role,
              .received_on = received,
              .received_micros = Noon(received),
              .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"},
              .state = state,
              .held_from = state == RequestState::kOnHold
                               ? std::optional<RequestState>(RequestState::kVerifying)
                               : std::nullopt,
              .due_on = due};
          Result<ReleaseRequest> inserted = tx.Requests().Insert(request);
          if (!inserted) return inserted;
          if (completed_micros) {
            Status added = tx.Requests().AddTransition(
                RequestTransition{.request_id = inserted->id,
                                  .event = WorkflowEvent{.action = RequestAction::kRelease,
                                                         .from = RequestState::kReadyToRelease,
                                                         .to = state,
                                                         .actor = in_b ? user_b_ : user_,
                                                         .at_micros = *completed_micros,
                                                         .idempotency_key = "done-" + number},
                                  .note = ""});
            if (!added) return added.error();
          }
          return inserted;
        },
        organization);
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored ? stored->id : RequestId();
  }

  UserId user_;
  UserId user_b_;
  PatientId patient_;
  PatientId other_patient_;
  PatientId patient_b_;
  RequesterId requester_;
  RequesterId requester_b_;
};
TYPED_TEST_SUITE(ReportRetentionContractTest, Implementations, ImplementationNames);

TYPED_TEST(ReportRetentionContractTest, TurnaroundGroupsCompletionsByDaysWithinTheWindow) {
  // 10 days, on time; 40 days, late; 2 days without a due date.
  this->AddRequest("R-2026-000001", Day(2026, 1, 5), RequestState::kReleased, Day(2026, 2, 4),
                   Noon(Day(2026, 1, 15)));
  this->AddRequest("R-2026-000002", Day(2026, 1, 1), RequestState::kDenied, Day(2026, 1, 31),
                   Noon(Day(2026, 2, 10)));
  this->AddRequest("R-2026-000003", Day(2026, 1, 10), RequestState::kReleased, std::nullopt,
                   Noon(Day(2026, 1, 12)));
  // The last microsecond of the window's last day counts; completed on the due date is on time.
  this->AddRequest("R-2026-000004", Day(2026, 2, 18), RequestState::kReleased, Day(2026, 2, 28),
                   Day(2026, 2, 28).AddDays(1).DaysSinceEpoch() * kDay - 1);
  // Outside the window, not completed, and another organization's: not counted.
  this->AddRequest("R-2026-000005", Day(2026, 2, 1), RequestState::kReleased, std::nullopt,
                   Noon(Day(2026, 3, 1)));
  this->AddRequest("R-2026-000006", Day(2026, 1, 2), RequestState::kVerifying, Day(2026, 2, 1),
                   Noon(Day(2026, 1, 3)));
  this->AddRequest("R-2026-000007", Day(2026, 1, 5), RequestState::kReleased, Day(2026, 2, 4),
                   Noon(Day(2026, 1, 6)), "attorney", this->org_b_);

  Result<std::vector<TurnaroundGroup>> groups = this->Read(
      [&](Transaction& tx) { return tx.Reports().Turnaround(Day(2026, 1, 1), Day(2026, 2, 28)); });
  ASSERT_TRUE(groups) << groups.error().ToString();
  std::vector<TurnaroundGroup> expected = {
      {.days = 2, .completed = 1, .with_due = 0, .on_time = 0},
      {.days = 10, .completed = 2, .with_due = 2, .on_time = 2},
      {.days = 40, .completed = 1, .with_due = 1, .on_time = 0}};
  EXPECT_EQ(*groups, expected);

  Result<std::vector<TurnaroundGroup>> one_day = this->Read(
      [&](Transaction& tx) { return tx.Reports().Turnaround(Day(2026, 2, 10), Day(2026, 2, 10)); });
  ASSERT_TRUE(one_day);
  ASSERT_EQ(one_day->size(), 1u);
  EXPECT_EQ(one_day->front().days, 40);
  Result<std::vector<TurnaroundGroup>> other = this->Read(
      [&](Transaction& tx) { return tx.Reports().Turnaround(Day(2026, 1, 1), Day(2026, 2, 28)); },
      this->org_b_);
  ASSERT_TRUE(other);
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ(other->front().days, 1);
}

TYPED_TEST(ReportRetentionContractTest, BacklogCountsOpenRequestsByReceiptDay) {
  this->AddRequest("R-2026-000011", Day(2026, 1, 1), RequestState::kVerifying, Day(2026, 1, 31),
                   std::nullopt);
  this->AddRequest("R-2026-000012", Day(2026, 1, 1), RequestState::kReceived, std::nullopt,
                   std::nullopt);
  this->AddRequest("R-2026-000013", Day(2026, 2, 1), RequestState::kOnHold, Day(2026, 2, 15),
                   std::nullopt);
  this->AddRequest("R-2026-000014", Day(2026, 1, 1), RequestState::kClosed, Day(2026, 1, 31),
                   std::nullopt);
  this->AddRequest("R-2026-000015", Day(2026, 1, 1), RequestState::kReceived, Day(2026, 1, 2),
                   std::nullopt, "attorney", this->org_b_);
  Result<std::vector<BacklogGroup>> groups =
      this->Read([&](Transaction& tx) { return tx.Reports().OpenBacklog(Day(2026, 2, 15)); });
  ASSERT_TRUE(groups) << groups.error().ToString();
  // Due on the report's day is not overdue yet.
  std::vector<BacklogGroup> expected = {{.received_on = Day(2026, 1, 1), .open = 2, .overdue = 1},
                                        {.received_on = Day(2026, 2, 1), .open = 1, .overdue = 0}};
  EXPECT_EQ(*groups, expected);
}

TYPED_TEST(ReportRetentionContractTest, VolumeGroupsByRoleAndStatusOfRequestsReceivedInTheWindow) {
  this->AddRequest("R-2026-000021", Day(2026, 3, 1), RequestState::kReleased, std::nullopt,
                   std::nullopt, "patient");
  this->AddRequest("R-2026-000022", Day(2026, 3, 31), RequestState::kReleased, std::nullopt,
                   std::nullopt, "attorney");
  this->AddRequest("R-2026-000023", Day(2026, 3, 2), RequestState::kDenied, std::nullopt,
                   std::nullopt, "attorney");
  this->AddRequest("R-2026-000024", Day(2026, 3, 3), RequestState::kReleased, std::nullopt,
                   std::nullopt, "attorney");
  this->AddRequest("R-2026-000025", Day(2026, 4, 1), RequestState::kReleased, std::nullopt,
                   std::nullopt, "attorney");
  this->AddRequest("R-2026-000026", Day(2026, 3, 5), RequestState::kReleased, std::nullopt,
                   std::nullopt, "attorney", this->org_b_);
  Result<std::vector<VolumeGroup>> rows = this->Read(
      [&](Transaction& tx) { return tx.Reports().Volume(Day(2026, 3, 1), Day(2026, 3, 31)); });
  ASSERT_TRUE(rows) << rows.error().ToString();
  std::vector<VolumeGroup> expected = {
      {.requester_role = "attorney", .state = RequestState::kDenied, .count = 1},
      {.requester_role = "attorney", .state = RequestState::kReleased, .count = 2},
      {.requester_role = "patient", .state = RequestState::kReleased, .count = 1}};
  EXPECT_EQ(*rows, expected);
}

TYPED_TEST(ReportRetentionContractTest, FeesTotalInvoicesAndCreditsOfTheWindow) {
  RequestId first = this->AddRequest("R-2026-000031", Day(2026, 5, 1), RequestState::kReleased,
                                     std::nullopt, std::nullopt);
  RequestId second = this->AddRequest("R-2026-000032", Day(2026, 5, 2), RequestState::kReleased,
                                      std::nullopt, std::nullopt);
  RequestId earlier = this->AddRequest("R-2026-000033", Day(2026, 4, 1), RequestState::kReleased,
                                       std::nullopt, std::nullopt);
  auto invoice = [&](RequestId request, std::int64_t cents, Date issued) {
    return this->Write([&](Transaction& tx) {
      return tx.Billing().InsertInvoice(Invoice{.request_id = request,
                                                .lines = {{"Copies", 1, cents}},
                                                .total_cents = cents,
                                                .max_cents = 100000,
                                                .fee_basis = "STATE_SCHEDULE",
                                                .issued_on = issued,
                                                .issued_by = this->user_,
                                                .created_micros = Noon(issued)});
    });
  };
  auto add_credit = [&](InvoiceId id, CreditKind kind, std::int64_t cents, Date on) {
    InvoiceCredit credit{
        .invoice_id = id,
        .kind = kind,
        .method = kind == CreditKind::kPayment ? PaymentMethod::kCash : PaymentMethod::kNone,
        .amount_cents = cents,
        .reason = kind == CreditKind::kWaiver ? "Hardship (synthetic)" : "",
        .recorded_by = this->user_,
        .received_on = on,
        .created_micros = Noon(on)};
    return this->Write([&](Transaction& tx) { return tx.Billing().AddCredit(credit); });
  };
  Result<Invoice> a = invoice(first, 5000, Day(2026, 5, 3));
  Result<Invoice> b = invoice(second, 2500, Day(2026, 5, 31));
  Result<Invoice> c = invoice(earlier, 1000, Day(2026, 4, 2));
  ASSERT_TRUE(a && b && c);
  ASSERT_TRUE(add_credit(a->id, CreditKind::kPayment, 2000, Day(2026, 5, 4)));
  ASSERT_TRUE(add_credit(a->id, CreditKind::kWaiver, 500, Day(2026, 6, 1)));  // After the window.
  ASSERT_TRUE(add_credit(c->id, CreditKind::kPayment, 1000, Day(2026, 5, 10)));  // Older invoice.
  Result<FeeTotals> totals = this->Read(
      [&](Transaction& tx) { return tx.Reports().Fees(Day(2026, 5, 1), Day(2026, 5, 31)); });
  ASSERT_TRUE(totals) << totals.error().ToString();
  EXPECT_EQ(*totals, (FeeTotals{.invoiced_cents = 7500,
                                .collected_cents = 3000,
                                .waived_cents = 0,
                                .outstanding_cents = 7500 - 2000 - 500}));
  Result<FeeTotals> other = this->Read(
      [&](Transaction& tx) { return tx.Reports().Fees(Day(2026, 5, 1), Day(2026, 5, 31)); },
      this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, FeeTotals{});
}

TYPED_TEST(ReportRetentionContractTest, LegalHoldsArePlacedListedAndReleasedOnce) {
  RequestId request = this->AddRequest("R-2026-000041", Day(2026, 1, 1), RequestState::kClosed,
                                       std::nullopt, std::nullopt);
  LegalHold on_patient{.patient_id = this->patient_,
                       .reason = "Litigation hold (synthetic case 1)",
                       .placed_by = this->user_,
                       .placed_micros = 1000};
  Result<LegalHold> placed =
      this->Write([&](Transaction& tx) { return tx.Retention().PlaceHold(on_patient); });
  ASSERT_TRUE(placed) << placed.error().ToString();
  EXPECT_GT(placed->id, 0);
  EXPECT_TRUE(placed->Active());
  LegalHold on_request{.request_id = request,
                       .reason = "Subpoena pending",
                       .placed_by = this->user_,
                       .placed_micros = 2000};
  Result<LegalHold> request_hold =
      this->Write([&](Transaction& tx) { return tx.Retention().PlaceHold(on_request); });
  ASSERT_TRUE(request_hold) << request_hold.error().ToString();

  Result<LegalHold> found =
      this->Read([&](Transaction& tx) { return tx.Retention().FindHold(placed->id); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *placed);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Retention().FindHold(placed->id); },
                              this->org_b_)),
            ErrorCode::kNotFound);
  Result<std::vector<LegalHold>> on_patient_list =
      this->Read([&](Transaction& tx) { return tx.Retention().HoldsOnPatient(this->patient_); });
  ASSERT_TRUE(on_patient_list);
  ASSERT_EQ(on_patient_list->size(), 1u);
  EXPECT_EQ(on_patient_list->front(), *placed);
  Result<std::vector<LegalHold>> on_request_list =
      this->Read([&](Transaction& tx) { return tx.Retention().HoldsOnRequest(request); });
  ASSERT_TRUE(on_request_list);
  ASSERT_EQ(on_request_list->size(), 1u);
  EXPECT_EQ(on_request_list->front(), *request_hold);

  Result<LegalHold> released = this->Write(
      [&](Transaction& tx) { return tx.Retention().ReleaseHold(placed->id, this->user_, 3000); });
  ASSERT_TRUE(released) << released.error().ToString();
  EXPECT_FALSE(released->Active());
  EXPECT_EQ(released->released_by, this->user_);
  EXPECT_EQ(released->released_micros, 3000);
  Result<LegalHold> reread =
      this->Read([&](Transaction& tx) { return tx.Retention().FindHold(placed->id); });
  ASSERT_TRUE(reread);
  EXPECT_EQ(*reread, *released);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.Retention().ReleaseHold(placed->id, this->user_, 4000);
            })),
            ErrorCode::kFailedPrecondition);

  // Refusals: another organization's patient, no reason, both subjects, a read transaction.
  LegalHold foreign = on_patient;
  foreign.patient_id = this->patient_b_;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Retention().PlaceHold(foreign); })),
            ErrorCode::kNotFound);
  LegalHold no_reason = on_patient;
  no_reason.reason = "";
  EXPECT_EQ(
      CodeOf(this->Write([&](Transaction& tx) { return tx.Retention().PlaceHold(no_reason); })),
      ErrorCode::kInvalidArgument);
  LegalHold both = on_patient;
  both.request_id = request;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Retention().PlaceHold(both); })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      CodeOf(this->Read([&](Transaction& tx) { return tx.Retention().PlaceHold(on_patient); })),
      ErrorCode::kFailedPrecondition);
}

TYPED_TEST(ReportRetentionContractTest, CandidatesCarryTheLastEffectiveDateAndTheHoldFlag) {
  const Date cutoff = Day(2020, 1, 1);
  // Last transition 2019-03-01: a candidate.
  RequestId old_closed = this->AddRequest("R-2019-000001", Day(2019, 1, 2), RequestState::kClosed,
                                          std::nullopt, Noon(Day(2019, 3, 1)));
  // A letter on the cutoff day keeps it (the last effective date must be before the cutoff).
  RequestId lettered = this->AddRequest("R-2019-000002", Day(2019, 1, 3), RequestState::kCancelled,
                                        std::nullopt, Noon(Day(2019, 2, 1)));
  ASSERT_TRUE(this->Write([&](Transaction& tx) {
    return tx.Requests().AddLetter(Letter{.request_id = lettered,
                                          .kind = "acknowledgment",
                                          .date = cutoff,
                                          .recipient = "Sample Law Office",
                                          .body = {}});
  }));
  // A disclosure after the cutoff keeps it too.
  RequestId disclosed = this->AddRequest("R-2019-000003", Day(2019, 1, 4), RequestState::kReleased,
                                         std::nullopt, Noon(Day(2019, 2, 1)));
  ASSERT_TRUE(this->Write([&](Transaction& tx) {
    return tx.Disclosures().Insert(DisclosureEntry{.patient_id = this->patient_,
                                                   .request_id = disclosed,
                                                   .disclosed_on = Day(2020, 6, 1),
                                                   .recipient_name = "Sample Law Office",
                                                   .description = "Records (synthetic)",
                                                   .purpose = "Litigation",
                                                   .released_by = this->user_,
                                                   .means = DisclosureMeans::kMail,
                                                   .fee = Money::Zero(),
                                                   .basis = DisclosureBasis::kAuthorization});
  }));
  // Open and denied requests are never candidates.
  this->AddRequest("R-2019-000004", Day(2019, 1, 5), RequestState::kVerifying, std::nullopt,
                   std::nullopt);
  this->AddRequest("R-2019-000005", Day(2019, 1, 6), RequestState::kDenied, std::nullopt,
                   Noon(Day(2019, 1, 7)));
  // Held through its patient.
  RequestId held =
      this->AddRequest("R-2019-000006", Day(2019, 1, 7), RequestState::kReleased, std::nullopt,
                       Noon(Day(2019, 1, 8)), "attorney", {}, this->other_patient_);
  ASSERT_TRUE(this->Write([&](Transaction& tx) {
    return tx.Retention().PlaceHold(LegalHold{.patient_id = this->other_patient_,
                                              .reason = "Litigation hold",
                                              .placed_by = this->user_,
                                              .placed_micros = 5});
  }));
  this->AddRequest("R-2019-000007", Day(2019, 1, 1), RequestState::kClosed, std::nullopt,
                   Noon(Day(2019, 1, 2)), "attorney", this->org_b_);

  Result<std::vector<RetentionCandidate>> found = this->Read(
      [&](Transaction& tx) { return tx.Retention().Candidates(cutoff, RequestId(), 100); });
  ASSERT_TRUE(found) << found.error().ToString();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0], (RetentionCandidate{.request_id = old_closed,
                                             .number = "R-2019-000001",
                                             .patient_id = this->patient_,
                                             .state = RequestState::kClosed,
                                             .received_on = Day(2019, 1, 2),
                                             .last_effective_on = Day(2019, 3, 1),
                                             .held = false}));
  EXPECT_EQ((*found)[1].request_id, held);
  EXPECT_TRUE((*found)[1].held);
  // Keyset paging and the limit.
  Result<std::vector<RetentionCandidate>> page =
      this->Read([&](Transaction& tx) { return tx.Retention().Candidates(cutoff, old_closed, 1); });
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().request_id, held);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) {
              return tx.Retention().Candidates(cutoff, RequestId(), 0);
            })),
            ErrorCode::kInvalidArgument);

  Result<RetentionCandidate> letter_date =
      this->Read([&](Transaction& tx) { return tx.Retention().Describe(lettered); });
  ASSERT_TRUE(letter_date);
  EXPECT_EQ(letter_date->last_effective_on, cutoff);
  Result<RetentionCandidate> disclosure_date =
      this->Read([&](Transaction& tx) { return tx.Retention().Describe(disclosed); });
  ASSERT_TRUE(disclosure_date);
  EXPECT_EQ(disclosure_date->last_effective_on, Day(2020, 6, 1));
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Retention().Describe(held); },
                              this->org_b_)),
            ErrorCode::kNotFound);
}

TYPED_TEST(ReportRetentionContractTest, PurgeRemovesTheRequestKeepsDisclosuresAndLeavesARecord) {
  RequestId request = this->AddRequest("R-2018-000001", Day(2018, 1, 2), RequestState::kReleased,
                                       std::nullopt, Noon(Day(2018, 2, 1)));
  ASSERT_TRUE(this->Write([&](Transaction& tx) -> Result<bool> {
    if (Result<Letter> letter = tx.Requests().AddLetter(Letter{.request_id = request,
                                                               .kind = "acknowledgment",
                                                               .date = Day(2018, 1, 2),
                                                               .recipient = "Sample Law Office",
                                                               .body = {}});
        !letter) {
      return letter.error();
    }
    if (Result<bool> raised = tx.Notices().Raise(RequestNotice{.request_id = request,
                                                               .kind = std::string(kReminderNotice),
                                                               .key = "5d",
                                                               .raised_micros = 7});
        !raised) {
      return raised.error();
    }
    if (Result<ReviewTask> task = tx.Reviews().Insert(ReviewTask{.request_id = request,
                                                                 .kind = ReviewKind::kClinician,
                                                                 .reason = "SENSITIVE",
                                                                 .created_micros = 8});
        !task) {
      return task.error();
    }
    if (Result<RequestNotification> notified =
            tx.Reviews().AddNotification(RequestNotification{.request_id = request,
                                                             .recipient = "provider",
                                                             .reason = "ATTORNEY_REQUEST",
                                                             .created_micros = 9});
        !notified) {
      return notified.error();
    }
    Result<Invoice> invoice = tx.Billing().InsertInvoice(Invoice{.request_id = request,
                                                                 .lines = {{"Copies", 1, 900}},
                                                                 .total_cents = 900,
                                                                 .max_cents = 1000,
                                                                 .fee_basis = "STATE_SCHEDULE",
                                                                 .issued_on = Day(2018, 1, 3),
                                                                 .issued_by = this->user_,
                                                                 .created_micros = 10});
    if (!invoice) return invoice.error();
    if (Result<InvoiceCredit> paid =
            tx.Billing().AddCredit(InvoiceCredit{.invoice_id = invoice->id,
                                                 .kind = CreditKind::kPayment,
                                                 .method = PaymentMethod::kCash,
                                                 .amount_cents = 900,
                                                 .recorded_by = this->user_,
                                                 .received_on = Day(2018, 1, 4),
                                                 .created_micros = 11});
        !paid) {
      return paid.error();
    }
    Result<LegalHold> hold = tx.Retention().PlaceHold(LegalHold{.request_id = request,
                                                                .reason = "Old hold",
                                                                .placed_by = this->user_,
                                                                .placed_micros = 12});
    if (!hold) return hold.error();
    if (Result<LegalHold> released = tx.Retention().ReleaseHold(hold->id, this->user_, 13);
        !released) {
      return released.error();
    }
    Result<DisclosureEntry> disclosure =
        tx.Disclosures().Insert(DisclosureEntry{.patient_id = this->patient_,
                                                .request_id = request,
                                                .disclosed_on = Day(2018, 2, 1),
                                                .recipient_name = "Sample Law Office",
                                                .description = "Records (synthetic)",
                                                .purpose = "Litigation",
                                                .released_by = this->user_,
                                                .means = DisclosureMeans::kMail,
                                                .fee = Money::Zero(),
                                                .basis = DisclosureBasis::kAuthorization});
    if (!disclosure) return disclosure.error();
    return true;
  }));
  PurgeRecord record{.request_id = request,
                     .request_number = "R-2018-000001",
                     .patient_id = this->patient_,
                     .received_on = Day(2018, 1, 2),
                     .last_effective_on = Day(2018, 2, 1),
                     .purged_micros = 99,
                     .purged_by = this->user_,
                     .purged_via = "command line",
                     .retention_years = 6};
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Retention().Purge(record); },
                               this->org_b_)),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Retention().Purge(record); })),
            ErrorCode::kFailedPrecondition);
  Result<PurgeRecord> purged =
      this->Write([&](Transaction& tx) { return tx.Retention().Purge(record); });
  ASSERT_TRUE(purged) << purged.error().ToString();
  EXPECT_GT(purged->id, 0);

  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Requests().Find(request); })),
            ErrorCode::kNotFound);
  Result<std::vector<RequestTransition>> transitions =
      this->Read([&](Transaction& tx) { return tx.Requests().Transitions(request); });
  ASSERT_TRUE(transitions);
  EXPECT_TRUE(transitions->empty());
  Result<std::vector<Letter>> letters =
      this->Read([&](Transaction& tx) { return tx.Requests().Letters(request); });
  ASSERT_TRUE(letters);
  EXPECT_TRUE(letters->empty());
  Result<std::vector<RequestNotice>> notices =
      this->Read([&](Transaction& tx) { return tx.Notices().ListForRequest(request); });
  ASSERT_TRUE(notices);
  EXPECT_TRUE(notices->empty());
  Result<std::vector<ReviewTask>> tasks =
      this->Read([&](Transaction& tx) { return tx.Reviews().ListForRequest(request); });
  ASSERT_TRUE(tasks);
  EXPECT_TRUE(tasks->empty());
  EXPECT_EQ(CodeOf(this->Read([&](Transaction& tx) { return tx.Billing().FindInvoice(request); })),
            ErrorCode::kNotFound);
  Result<std::vector<LegalHold>> holds =
      this->Read([&](Transaction& tx) { return tx.Retention().HoldsOnRequest(request); });
  ASSERT_TRUE(holds);
  EXPECT_TRUE(holds->empty());
  // The disclosure log keeps its entry.
  Result<std::vector<DisclosureEntry>> log = this->Read([&](Transaction& tx) {
    return tx.Disclosures().List(DisclosureQuery{.patient = this->patient_});
  });
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().request_id, std::optional<RequestId>(request));

  Result<std::vector<PurgeRecord>> records =
      this->Read([&](Transaction& tx) { return tx.Retention().PurgeRecords(0, 10); });
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 1u);
  PurgeRecord expected = record;
  expected.id = purged->id;
  EXPECT_EQ(records->front(), expected);
  Result<std::vector<PurgeRecord>> none =
      this->Read([&](Transaction& tx) { return tx.Retention().PurgeRecords(0, 10); }, this->org_b_);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TYPED_TEST(ReportRetentionContractTest, PurgeRefusesHeldAndUnfinishedRequests) {
  RequestId open = this->AddRequest("R-2018-000011", Day(2018, 1, 2), RequestState::kVerifying,
                                    std::nullopt, std::nullopt);
  RequestId held = this->AddRequest("R-2018-000012", Day(2018, 1, 2), RequestState::kClosed,
                                    std::nullopt, Noon(Day(2018, 1, 3)));
  ASSERT_TRUE(this->Write([&](Transaction& tx) {
    return tx.Retention().PlaceHold(LegalHold{.patient_id = this->patient_,
                                              .reason = "Litigation hold",
                                              .placed_by = this->user_,
                                              .placed_micros = 5});
  }));
  auto record = [&](RequestId request, const std::string& number) {
    return PurgeRecord{.request_id = request,
                       .request_number = number,
                       .patient_id = this->patient_,
                       .received_on = Day(2018, 1, 2),
                       .last_effective_on = Day(2018, 1, 3),
                       .purged_micros = 99,
                       .purged_via = "job",
                       .retention_years = 6};
  };
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.Retention().Purge(record(open, "R-2018-000011"));
            })),
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) {
              return tx.Retention().Purge(record(held, "R-2018-000012"));
            })),
            ErrorCode::kFailedPrecondition);
  PurgeRecord bad = record(held, "R-2018-000012");
  bad.retention_years = 0;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.Retention().Purge(bad); })),
            ErrorCode::kInvalidArgument);
  EXPECT_TRUE(this->Read([&](Transaction& tx) { return tx.Requests().Find(held); }));
  EXPECT_TRUE(this->Read([&](Transaction& tx) { return tx.Requests().Find(open); }));
}

}  // namespace
}  // namespace roi::contract
