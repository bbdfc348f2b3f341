#include "domain/invoice.h"

#include <gtest/gtest.h>

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

DecisionTerms Fee(std::int64_t max_cents, std::string basis) {
  DecisionTerms terms;
  terms.outcome = DecisionOutcome::kRelease;
  terms.fee_max_cents = max_cents;
  terms.fee_basis = std::move(basis);
  return terms;
}

TEST(BuildInvoice, ChargesTheWholeLawfulFeeByDefault) {
  Result<Invoice> invoice = BuildInvoice(Fee(650, "HIPAA_FLAT_ELECTRONIC"), RequestId(1), {},
                                         Day(2025, 1, 2), UserId(3), 9);
  ASSERT_TRUE(invoice) << invoice.error().ToString();
  ASSERT_EQ(invoice->lines.size(), 1u);
  EXPECT_EQ(invoice->total_cents, 650);
  EXPECT_EQ(invoice->max_cents, 650);
  EXPECT_EQ(invoice->lines[0].description, "Copies of records (HIPAA_FLAT_ELECTRONIC)");
}

TEST(BuildInvoice, NeverExceedsTheLawfulMaximum) {
  Result<Invoice> over =
      BuildInvoice(Fee(2500, "STATE_SCHEDULE"), RequestId(1),
                   {{"Copies", 100, 25}, {"Postage", 1, 150}}, Day(2025, 1, 2), UserId(3), 9);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(over.error().message,
            "the invoice total $26.50 exceeds the lawful maximum $25.00 (STATE_SCHEDULE)");
  Result<Invoice> within = BuildInvoice(Fee(2500, "STATE_SCHEDULE"), RequestId(1),
                                        {{"Copies", 90, 25}}, Day(2025, 1, 2), UserId(3), 9);
  ASSERT_TRUE(within);
  EXPECT_EQ(within->total_cents, 2250);
}

TEST(BuildInvoice, RefusesWhenNoFeeIsAllowedAndBadLines) {
  Result<Invoice> free =
      BuildInvoice(Fee(0, "FREE_BENEFITS_APPEAL"), RequestId(1), {}, Day(2025, 1, 2), UserId(3), 9);
  ASSERT_FALSE(free);
  EXPECT_EQ(free.error().code, ErrorCode::kFailedPrecondition);
  for (InvoiceLine bad : {InvoiceLine{"", 1, 10}, InvoiceLine{"x", 0, 10}, InvoiceLine{"x", 1, -1},
                          InvoiceLine{"a\nb", 1, 1}, InvoiceLine{"x", 1000000, 1}}) {
    Result<Invoice> r = BuildInvoice(Fee(2500, "STATE_SCHEDULE"), RequestId(1), {bad},
                                     Day(2025, 1, 2), UserId(3), 9);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad.description;
  }
}

TEST(InvoiceLines, EncodeAndDecodeLosslessly) {
  std::vector<InvoiceLine> lines = {{"Copies | paper = 3 pages", 3, 25}, {"Postage", 1, 150}};
  Result<std::vector<InvoiceLine>> back = DecodeInvoiceLines(EncodeInvoiceLines(lines));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, lines);
  EXPECT_FALSE(DecodeInvoiceLines("line=abc"));
  EXPECT_FALSE(DecodeInvoiceLines("other=1|2|x"));
}

InvoiceCredit Payment(PaymentMethod method, std::int64_t cents, std::string reference) {
  return InvoiceCredit{.invoice_id = InvoiceId(1),
                       .kind = CreditKind::kPayment,
                       .method = method,
                       .amount_cents = cents,
                       .reference = std::move(reference),
                       .recorded_by = UserId(2),
                       .received_on = Day(2025, 1, 3)};
}

TEST(ValidateCredit, PaymentsNeedTheirReferenceAndNeverACardNumber) {
  EXPECT_TRUE(ValidateCredit(Payment(PaymentMethod::kCash, 100, "")));
  EXPECT_TRUE(ValidateCredit(Payment(PaymentMethod::kCheck, 100, "1042")));
  EXPECT_TRUE(ValidateCredit(Payment(PaymentMethod::kCard, 100, "ch_3PqR7x")));
  EXPECT_FALSE(ValidateCredit(Payment(PaymentMethod::kCheck, 100, "")));
  EXPECT_FALSE(ValidateCredit(Payment(PaymentMethod::kCard, 100, "")));
  EXPECT_FALSE(ValidateCredit(Payment(PaymentMethod::kNone, 100, "x")));
  EXPECT_FALSE(ValidateCredit(Payment(PaymentMethod::kCash, 0, "")));
  EXPECT_FALSE(ValidateCredit(Payment(PaymentMethod::kCash, -5, "")));
  for (std::string pan : {"4111111111111111", "4111 1111 1111 1111", "ref 5500-0000-0000-0004"}) {
    Status status = ValidateCredit(Payment(PaymentMethod::kCard, 100, pan));
    ASSERT_FALSE(status) << pan;
    EXPECT_NE(status.error().message.find("card number"), std::string::npos);
  }
  InvoiceCredit with_reason = Payment(PaymentMethod::kCash, 100, "");
  with_reason.reason = "why";
  EXPECT_FALSE(ValidateCredit(with_reason));
}

TEST(ValidateCredit, WaiversNeedAReasonAndNoMethod) {
  InvoiceCredit waiver{.invoice_id = InvoiceId(1),
                       .kind = CreditKind::kWaiver,
                       .amount_cents = 100,
                       .reason = "Hardship",
                       .recorded_by = UserId(2),
                       .received_on = Day(2025, 1, 3)};
  EXPECT_TRUE(ValidateCredit(waiver));
  waiver.reason.clear();
  EXPECT_FALSE(ValidateCredit(waiver));
  waiver.reason = "Hardship";
  waiver.method = PaymentMethod::kCash;
  EXPECT_FALSE(ValidateCredit(waiver));
}

TEST(Balance, CreditsReduceItAndOverpaymentIsRefused) {
  Result<Invoice> invoice = BuildInvoice(Fee(2500, "STATE_SCHEDULE"), RequestId(1),
                                         {{"Copies", 10, 100}}, Day(2025, 1, 2), UserId(3), 9);
  ASSERT_TRUE(invoice);
  std::vector<InvoiceCredit> credits;
  EXPECT_EQ(BalanceCents(*invoice, credits), 1000);
  InvoiceCredit too_much = Payment(PaymentMethod::kCash, 1001, "");
  Status refused = CheckCredit(*invoice, credits, too_much);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("$10.00"), std::string::npos);
  credits.push_back(Payment(PaymentMethod::kCash, 400, ""));
  EXPECT_EQ(BalanceCents(*invoice, credits), 600);
  credits.push_back(Payment(PaymentMethod::kCash, 600, ""));
  EXPECT_EQ(BalanceCents(*invoice, credits), 0);
  EXPECT_EQ(CheckCredit(*invoice, credits, Payment(PaymentMethod::kCash, 1, "")).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST(HoldForPayment, OnlyThirdPartiesMayBeHeldAndNeverIndividualAccess) {
  DecisionTerms fee = Fee(2500, "STATE_SCHEDULE");
  EXPECT_TRUE(HoldForPayment(fee, "authorization", "attorney").allowed);
  EXPECT_TRUE(HoldForPayment(fee, "subpoena", "attorney").allowed);
  EXPECT_FALSE(HoldForPayment(fee, "authorization", "provider").allowed);
  DecisionTerms access = Fee(650, "HIPAA_FLAT_ELECTRONIC");
  PaymentHold patient = HoldForPayment(access, "access", "patient");
  EXPECT_FALSE(patient.allowed);
  EXPECT_EQ(patient.why, "individual access is not held for payment");
  EXPECT_FALSE(HoldForPayment(access, "directive", "patient").allowed);
  EXPECT_FALSE(HoldForPayment(Fee(0, "NONE"), "authorization", "attorney").allowed);
}

TEST(AdvanceFeeNotice, IsLetterDataWithTheAmountAndTheHold) {
  ReleaseRequest request{
      .id = RequestId(4), .number = "R-2025-000004", .received_on = Day(2025, 1, 2)};
  Result<Invoice> invoice = BuildInvoice(Fee(2500, "STATE_SCHEDULE"), RequestId(4),
                                         {{"Copies", 10, 100}}, Day(2025, 1, 2), UserId(3), 9);
  ASSERT_TRUE(invoice);
  Letter letter = AdvanceFeeNotice(request, *invoice, "Sample Law Office",
                                   {true, "release waits for payment"}, Day(2025, 1, 3));
  EXPECT_TRUE(ValidateLetter(letter));
  EXPECT_EQ(letter.kind, "advance_fee_notice");
  EXPECT_EQ(letter.recipient, "Sample Law Office");
  EXPECT_EQ(FieldValue(letter.body, "amount"), "$10.00");
  EXPECT_EQ(FieldValue(letter.body, "lawful_maximum"), "$25.00");
  EXPECT_EQ(FieldValue(letter.body, "line"), "Copies: 10 x $1.00");
  EXPECT_EQ(FieldValue(letter.body, "release_waits_for_payment"), "yes");
}

}  // namespace
}  // namespace roi
