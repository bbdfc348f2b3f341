// Burn-in of redactions and the packet's Redactions page, through the real adapters: cairo
// renders, qpdf replaces pages, then poppler's pdftotext and `qpdf --qdf` look for what must be
// gone, and `qpdf --check` checks the result.  Also the invoice, receipt and accounting PDFs with
// a Unicode name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/letters.h"
#include "app/packet_builder.h"
#include "app/printed_documents.h"
#include "app/redaction_burn_in.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"
#include "render/qpdf_page_replacer.h"

namespace roi {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("openroi_redaction_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) +
              ".pdf"))
                .string();
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct CommandResult {
  int status = -1;
  std::string output;
};

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  result.status = ::pclose(pipe);
  return result;
}

std::string Squeeze(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\f' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string PdfText(const std::string& pdf) {
  TempFile file(pdf);
  return Squeeze(RunCommand("pdftotext -enc UTF-8 " + file.path() + " -").output);
}

// The PDF rewritten by qpdf in QDF form (streams uncompressed), for grepping raw objects.
std::string Qdf(const std::string& pdf) {
  TempFile file(pdf);
  return RunCommand("qpdf --qdf --object-streams=disable " + file.path() + " -").output;
}

bool QpdfChecks(const std::string& pdf) {
  TempFile file(pdf);
  CommandResult check = RunCommand("qpdf --check " + file.path());
  return check.status == 0 &&
         check.output.find("No syntax or stream encoding errors") != std::string::npos;
}

// A PDF whose page N shows `words[N-1]` as a literal string in Helvetica (so the word is in the
// raw content stream, where a --qdf grep can find it), with a correct cross-reference table.
std::string TextPdf(const std::vector<std::string>& words) {
  std::vector<std::string> objects;
  std::string kids;
  int n = static_cast<int>(words.size());
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  for (int i = 0; i < n; ++i) kids += std::to_string(4 + 2 * i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n) + " >>");
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < n; ++i) {
    std::string content =
        "BT /F1 24 Tf 72 700 Td (" + words[static_cast<std::size_t>(i)] + ") Tj ET";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
        "<< /F1 3 0 R >> >> /Contents " +
        std::to_string(5 + 2 * i) + " 0 R >>");
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(out.size());
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    out += line;
  }
  out += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return out;
}

RedactionRecord PageRecord(DocumentId document, std::int64_t page, RedactionReason reason) {
  return RedactionRecord{.document_id = document,
                         .document_title = "Synthetic chart",
                         .has_span = false,
                         .span = {},
                         .page = page,
                         .reason = reason,
                         .reason_text = ""};
}

RedactionRecord SpanRecord(DocumentId document, std::int64_t begin, std::int64_t end) {
  return RedactionRecord{.document_id = document,
                         .document_title = "Synthetic note",
                         .has_span = true,
                         .span = {.begin = begin, .end = end},
                         .page = 0,
                         .reason = RedactionReason::kThirdParty,
                         .reason_text = ""};
}

class RedactionRenderTest : public ::testing::Test {
 protected:
  render::CairoRenderer renderer_;
  render::QpdfAssembler assembler_;
  render::QpdfPageReplacer replacer_;
};

TEST_F(RedactionRenderTest, TheHandMadePdfShowsItsWordsSoTheGrepsBelowMeanSomething) {
  std::string pdf = TextPdf({"ALPHAPAGE", "SECRETBRAVO", "CHARLIEPAGE"});
  EXPECT_TRUE(QpdfChecks(pdf));
  EXPECT_NE(PdfText(pdf).find("SECRETBRAVO"), std::string::npos);
  EXPECT_NE(Qdf(pdf).find("SECRETBRAVO"), std::string::npos);
}

TEST_F(RedactionRenderTest, AWithheldPageIsReplacedAndItsObjectsAreGone) {
  DocumentId id(7);
  PacketDocument chart{.title = "Synthetic chart",
                       .media_type = "application/pdf",
                       .content = TextPdf({"ALPHAPAGE", "SECRETBRAVO", "CHARLIEPAGE"}),
                       .date = Day(2025, 6, 2)};
  std::vector<RedactionRecord> records = {PageRecord(id, 2, RedactionReason::kPart2),
                                          PageRecord(DocumentId(8), 1, RedactionReason::kHarm)};
  Result<PacketDocument> burned = BurnIn(id, chart, records, renderer_, replacer_);
  ASSERT_TRUE(burned) << burned.error().message;
  EXPECT_TRUE(QpdfChecks(burned->content));
  std::string text = PdfText(burned->content);
  EXPECT_EQ(text.find("SECRETBRAVO"), std::string::npos) << text;
  EXPECT_NE(text.find("ALPHAPAGE"), std::string::npos);
  EXPECT_NE(text.find("CHARLIEPAGE"), std::string::npos);
  EXPECT_NE(text.find("Page 2 withheld \xE2\x80\x94 42 CFR part 2 record"), std::string::npos)
      << text;
  std::string raw = Qdf(burned->content);
  EXPECT_EQ(raw.find("SECRETBRAVO"), std::string::npos);
  EXPECT_NE(raw.find("ALPHAPAGE"), std::string::npos);
  TempFile file(burned->content);
  EXPECT_EQ(RunCommand("qpdf --show-npages " + file.path()).output, "3\n");
  // The order is kept: the placeholder is the second page.
  std::size_t alpha = text.find("ALPHAPAGE");
  std::size_t withheld = text.find("Page 2 withheld");
  std::size_t charlie = text.find("CHARLIEPAGE");
  EXPECT_TRUE(alpha < withheld && withheld < charlie) << text;
}

TEST_F(RedactionRenderTest, PagesOutsideTheDocumentAndSpansOnPdfsAreRefused) {
  DocumentId id(7);
  PacketDocument chart{.title = "Synthetic chart",
                       .media_type = "application/pdf",
                       .content = TextPdf({"ONE", "TWO"}),
                       .date = Day(2025, 6, 2)};
  std::vector<RedactionRecord> past = {PageRecord(id, 3, RedactionReason::kHarm)};
  Result<PacketDocument> refused = BurnIn(id, chart, past, renderer_, replacer_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  std::vector<RedactionRecord> span = {SpanRecord(id, 0, 2)};
  EXPECT_FALSE(BurnIn(id, chart, span, renderer_, replacer_));
  PacketDocument broken = chart;
  broken.content = "not a pdf";
  std::vector<RedactionRecord> page = {PageRecord(id, 1, RedactionReason::kHarm)};
  EXPECT_FALSE(BurnIn(id, broken, page, renderer_, replacer_));
  // Without redactions of this document nothing changes, not even a broken PDF.
  Result<PacketDocument> untouched = BurnIn(DocumentId(99), broken, page, renderer_, replacer_);
  ASSERT_TRUE(untouched);
  EXPECT_EQ(untouched->content, "not a pdf");
}

TEST_F(RedactionRenderTest, PacketWithRedactionsListsThemAndHoldsNoRedactedText) {
  DocumentId note_id(5);
  DocumentId chart_id(7);
  std::string note = "Seen with neighbour Quinnfrey Zoltanova, who reported the fall.";
  std::size_t begin = note.find("Quinnfrey");
  std::size_t end = note.find(", who");
  std::vector<RedactionRecord> records = {
      SpanRecord(note_id, static_cast<std::int64_t>(begin), static_cast<std::int64_t>(end)),
      PageRecord(chart_id, 2, RedactionReason::kPsychotherapyNotes)};
  Result<PacketDocument> burned_note =
      BurnIn(note_id, {"Synthetic note", "text/plain", note, Day(2025, 5, 1)}, records, renderer_,
             replacer_);
  ASSERT_TRUE(burned_note) << burned_note.error().message;
  EXPECT_EQ(burned_note->content.find("Quinnfrey"), std::string::npos);
  Result<PacketDocument> burned_chart =
      BurnIn(chart_id,
             {"Synthetic chart", "application/pdf",
              TextPdf({"ALPHAPAGE", "SECRETBRAVO", "CHARLIEPAGE"}), Day(2025, 6, 2)},
             records, renderer_, replacer_);
  ASSERT_TRUE(burned_chart) << burned_chart.error().message;

  Letter cover{.id = 1,
               .request_id = RequestId(3),
               .kind = std::string(kReleaseCoverLetter),
               .date = Day(2026, 1, 10),
               .recipient = "Sample Law Office",
               .body = {{"organization_name", "Example Community Clinic"},
                        {"request_number", "R-2026-000003"}}};
  PacketBuilder builder(renderer_, assembler_);
  Result<AssembledPdf> packet =
      builder.Build(PacketInput{.cover_letter = cover,
                                .documents = {*burned_note, *burned_chart},
                                .stamp = {.request_number = "R-2026-000003"},
                                .redactions = records});
  ASSERT_TRUE(packet) << packet.error().message;
  EXPECT_TRUE(QpdfChecks(packet->bytes));
  // Cover, Redactions page, the note, the chart's three pages.
  EXPECT_EQ(packet->page_count, 1 + 1 + 1 + 3);
  std::string text = PdfText(packet->bytes);
  EXPECT_EQ(text.find("Quinnfrey"), std::string::npos) << text;
  EXPECT_EQ(text.find("Zoltanova"), std::string::npos) << text;
  EXPECT_EQ(text.find("SECRETBRAVO"), std::string::npos) << text;
  EXPECT_NE(text.find("[REDACTED \xE2\x80\x94 information about another person]"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Page 2 withheld \xE2\x80\x94 psychotherapy notes"), std::string::npos);
  EXPECT_NE(text.find("Redactions"), std::string::npos);
  EXPECT_NE(text.find("Synthetic note, text bytes " + std::to_string(begin) + "-" +
                      std::to_string(end) + ": information about another person."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Synthetic chart, page 2: psychotherapy notes."), std::string::npos);
  EXPECT_EQ(Qdf(packet->bytes).find("SECRETBRAVO"), std::string::npos);
}

const char* kUnicodeName =
    "Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m-\xC3\x91\xC3\xBA\xC3\xB1"
    "ez";  // "Zoë Ångström-Ñúñez", synthetic.

BillingParties Parties() {
  return BillingParties{.organization_name = "Example Community Clinic",
                        .request_number = "R-2026-000009",
                        .patient_name = kUnicodeName,
                        .requester = {.role = "patient",
                                      .name = kUnicodeName,
                                      .address = "1 Synthetic Way\nTestville, NY 10001"}};
}

Invoice SampleInvoice() {
  return Invoice{.id = InvoiceId(4),
                 .request_id = RequestId(9),
                 .lines = {{.description = "Electronic copy", .quantity = 1, .unit_cents = 650},
                           {.description = "Postage", .quantity = 2, .unit_cents = 125}},
                 .total_cents = 900,
                 .max_cents = 1000,
                 .fee_basis = "STATE_PAGE_RATE",
                 .issued_on = Day(2026, 1, 12),
                 .issued_by = UserId(1)};
}

TEST_F(RedactionRenderTest, InvoiceAndReceiptRenderTheUnicodeNameAndTheAmounts) {
  std::vector<InvoiceCredit> credits = {{.id = 21,
                                         .invoice_id = InvoiceId(4),
                                         .kind = CreditKind::kPayment,
                                         .method = PaymentMethod::kCheck,
                                         .amount_cents = 400,
                                         .reference = "1042",
                                         .recorded_by = UserId(1),
                                         .received_on = Day(2026, 1, 15)},
                                        {.id = 22,
                                         .invoice_id = InvoiceId(4),
                                         .kind = CreditKind::kWaiver,
                                         .amount_cents = 100,
                                         .reason = "hardship",
                                         .recorded_by = UserId(1),
                                         .received_on = Day(2026, 1, 16)}};
  Result<std::string> invoice =
      renderer_.RenderPdf(InvoicePrintable(Parties(), SampleInvoice(), credits));
  ASSERT_TRUE(invoice) << invoice.error().message;
  EXPECT_TRUE(QpdfChecks(*invoice));
  std::string text = PdfText(*invoice);
  EXPECT_NE(text.find(kUnicodeName), std::string::npos) << text;
  EXPECT_NE(text.find("1. Electronic copy: 1 x $6.50 = $6.50"), std::string::npos) << text;
  EXPECT_NE(text.find("2. Postage: 2 x $1.25 = $2.50"), std::string::npos) << text;
  EXPECT_NE(text.find("Total: $9.00. Paid: $4.00. Waived: $1.00."), std::string::npos) << text;
  EXPECT_NE(text.find("Balance due: $4.00"), std::string::npos) << text;

  Result<std::string> receipt =
      renderer_.RenderPdf(ReceiptPrintable(Parties(), SampleInvoice(), credits, credits[0]));
  ASSERT_TRUE(receipt) << receipt.error().message;
  text = PdfText(*receipt);
  EXPECT_NE(text.find(kUnicodeName), std::string::npos) << text;
  EXPECT_NE(text.find("$4.00 by check on 2026-01-15 (reference 1042)"), std::string::npos) << text;
  // The waiver came after this payment: the balance after it is 9.00 - 4.00.
  EXPECT_NE(text.find("Balance after this payment: $5.00."), std::string::npos) << text;
}

}  // namespace
}  // namespace roi
