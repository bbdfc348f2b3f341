// Letters, accountings and release packets as PDF: rendered with cairo, merged and stamped with
// qpdf, then read back with poppler's pdftotext and checked with `qpdf --check`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/letters.h"
#include "app/packet_builder.h"
#include "app/printable.h"
#include "render/cairo_renderer.h"
#include "render/qpdf_assembler.h"
#include "testing/synthetic_files.h"

namespace roi {
namespace {

using policy::Code;

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

// Writes `bytes` to a fresh temporary file and removes it when destroyed.
class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    static int counter = 0;
    path_ =
        (std::filesystem::temp_directory_path() / ("openroi_render_" + std::to_string(::getpid()) +
                                                   "_" + std::to_string(++counter) + ".pdf"))
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

std::string PdfText(const std::string& pdf) {
  TempFile file(pdf);
  return RunCommand("pdftotext -enc UTF-8 " + file.path() + " -").output;
}

// The text of every page, split on pdftotext's form feeds.
std::vector<std::string> PageTexts(const std::string& pdf) {
  std::string text = PdfText(pdf);
  std::vector<std::string> pages;
  std::size_t start = 0;
  for (std::size_t ff = text.find('\f'); ff != std::string::npos; ff = text.find('\f', start)) {
    pages.push_back(text.substr(start, ff - start));
    start = ff + 1;
  }
  return pages;
}

// pdftotext keeps words but may break lines anywhere: compare with whitespace collapsed.
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

class RenderTest : public ::testing::Test {
 protected:
  RenderTest() {
    request_.id = RequestId(7);
    request_.number = "R-2026-000007";
    request_.received_on = Day(2026, 1, 6);
    request_.due_on = Day(2026, 2, 5);
    request_.facts.basis = "authorization";
    request_.facts.purpose = "legal";
    documents_ = {
        Document{.id = DocumentId(11), .kind = "progress_note", .service_date = Day(2025, 5, 1)},
        Document{
            .id = DocumentId(12), .kind = "psychotherapy_note", .service_date = Day(2025, 6, 2)}};
  }
  LetterContext Context() const {
    return {.organization = organization_,
            .request = request_,
            .patient = patient_,
            .requester = requester_,
            .today = Day(2026, 1, 10)};
  }
  Letter Cover(std::vector<Code> notices) const {
    policy::Decision decision{
        .outcome = policy::Outcome::kPartial,
        .documents = {{"11", policy::Action::kRelease, {}},
                      {"12", policy::Action::kWithhold, {Code::kPsychotherapyNotes}}},
        .fee = {.max_cents = 650, .basis = Code::kHipaaFlatElectronic},
        .notices = std::move(notices)};
    return ReleaseCoverLetter(Context(), decision, documents_);
  }
  std::string Render(const Letter& letter) const {
    Result<Printable> printable = LetterPrintable(letter);
    EXPECT_TRUE(printable) << printable.error().message;
    Result<std::string> pdf = renderer_.RenderPdf(*printable);
    EXPECT_TRUE(pdf) << pdf.error().message;
    return pdf ? *pdf : std::string();
  }

  Organization organization_{.name = "Example Community Clinic", .slug = "example", .state = "NY"};
  Patient patient_{.mrn = "MRN-1", .given_name = "Zoë", .family_name = "Testpatiënt"};
  Requester requester_{.role = "attorney",
                       .name = "Sample Law Office",
                       .organization = "Example Legal LLP",
                       .address = "2 Example Plaza\nExample City, NY 10001"};
  ReleaseRequest request_;
  std::vector<Document> documents_;
  render::CairoRenderer renderer_;
  render::QpdfAssembler assembler_;
};

TEST_F(RenderTest, EveryLetterKindRendersWithLetterheadRecipientAndUnicodeName) {
  policy::Decision pend{.outcome = policy::Outcome::kPend,
                        .deficiencies = {Code::kAuthExpired},
                        .rules = {{"HIPAA_AUTH_CORE", "45 CFR 164.508(c)"}}};
  policy::Decision denial{
      .outcome = policy::Outcome::kDeny,
      .documents = {{"12", policy::Action::kWithhold, {Code::kPsychotherapyNotes}}},
      .denial_reviewable = true};
  ComplaintContacts contacts{.privacy_officer = "Privacy Officer, privacy@example.test"};
  ExtensionNotice extension{.notice_on = Day(2026, 2, 1),
                            .new_due_on = Day(2026, 3, 7),
                            .reason = "records are kept off site"};
  std::vector<std::pair<Letter, std::string>> letters = {
      {AcknowledgmentLetter(Context()), "Acknowledgment of your request"},
      {PendingInformationLetter(Context(), pend), "Information needed for your request"},
      {ExtensionLetter(Context(), extension, Day(2026, 2, 5), pend), "Notice of extension"},
      {DenialLetter(Context(), denial, contacts), "Denial of your request"},
      {PartialDenialLetter(Context(), denial, documents_, contacts),
       "Partial denial of your request"},
      {Cover({Code::kPart2Redisclosure}), "Release of records"},
      {ExpiryLetter(Context(), Day(2026, 1, 10), 60, {{"AUTH_EXPIRED", "expired"}}),
       "Your request was closed"}};
  for (const auto& [letter, title] : letters) {
    SCOPED_TRACE(letter.kind);
    std::string pdf = Render(letter);
    ASSERT_EQ(pdf.rfind("%PDF-", 0), 0u);
    std::string text = Squeeze(PdfText(pdf));
    EXPECT_NE(text.find("Example Community Clinic"), std::string::npos) << text;
    EXPECT_NE(text.find("2026-01-10"), std::string::npos);
    EXPECT_NE(text.find("Sample Law Office"), std::string::npos);
    EXPECT_NE(text.find(title), std::string::npos) << text;
    EXPECT_NE(text.find("Zoë Testpatiënt"), std::string::npos) << text;
    EXPECT_NE(text.find("R-2026-000007"), std::string::npos);
  }
}

TEST_F(RenderTest, DenialShowsBasisReviewComplaintRightsAndCitations) {
  policy::Decision denial{
      .outcome = policy::Outcome::kDeny,
      .documents = {{"12", policy::Action::kWithhold, {Code::kPsychotherapyNotes}}},
      .denial_reviewable = false,
      .rules = {{"HIPAA_PSYCHOTHERAPY", "45 CFR 164.524(a)(1)(i)"}}};
  std::string text = Squeeze(PdfText(Render(DenialLetter(Context(), denial, {}))));
  EXPECT_NE(text.find("PSYCHOTHERAPY_NOTES"), std::string::npos) << text;
  EXPECT_NE(text.find("This denial is not subject to review."), std::string::npos);
  EXPECT_NE(text.find("Office for Civil Rights"), std::string::npos);
  EXPECT_NE(text.find("the Privacy Officer of Example Community Clinic"), std::string::npos);
  EXPECT_NE(text.find("HIPAA_PSYCHOTHERAPY: 45 CFR 164.524(a)(1)(i)"), std::string::npos);
}

TEST_F(RenderTest, SameLetterGivesTheSameBytes) {
  Letter letter = AcknowledgmentLetter(Context());
  std::string first = Render(letter);
  EXPECT_EQ(first, Render(letter));
  // The creation date is the letter's day (cairo 1.16 writes it without the "D:" prefix).
  EXPECT_NE(first.find("/CreationDate ("), std::string::npos);
  EXPECT_NE(first.find("20260110000000"), std::string::npos);
}

TEST_F(RenderTest, LongTextWrapsAndBreaksPages) {
  std::string words;
  for (int i = 0; i < 1500; ++i) words += "word" + std::to_string(i) + " ";
  words += std::string(300, 'x');  // One word longer than a line.
  Printable printable{
      .title = "Long", .blocks = {{PrintBlock::Style::kParagraph, words}}, .created = "2026-01-10"};
  Result<std::string> pdf = renderer_.RenderPdf(printable);
  ASSERT_TRUE(pdf);
  std::vector<std::string> pages = PageTexts(*pdf);
  EXPECT_GE(pages.size(), 3u);
  std::string text = Squeeze(PdfText(*pdf));
  EXPECT_NE(text.find("word0 word1 word2"), std::string::npos);
  EXPECT_NE(text.find("word1499"), std::string::npos);
}

TEST_F(RenderTest, InvalidUtf8AndControlCharactersDoNotBreakRendering) {
  Printable printable{.title = "Bad \xff bytes\x01",
                      .blocks = {{PrintBlock::Style::kMonospace, "a\tb\x02\xc3\n\xe2\x82"}},
                      .created = "2026-01-10"};
  Result<std::string> pdf = renderer_.RenderPdf(printable);
  ASSERT_TRUE(pdf);
  EXPECT_NE(PdfText(*pdf).find("Bad"), std::string::npos);
}

TEST_F(RenderTest, UnknownLetterKindIsAnError) {
  Letter letter{.request_id = RequestId(1), .kind = "mystery", .recipient = "x"};
  Result<Printable> printable = LetterPrintable(letter);
  ASSERT_FALSE(printable);
  EXPECT_EQ(printable.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(RenderTest, AccountingOfDisclosuresRenders) {
  DisclosureEntry entry{.patient_id = PatientId(1),
                        .disclosed_on = Day(2025, 3, 4),
                        .recipient_name = "County Health Department",
                        .description = "Immunization record",
                        .purpose = "Public health reporting",
                        .basis = DisclosureBasis::kPublicHealth};
  Accounting accounting{
      .patient = PatientId(1),
      .as_of = Day(2026, 1, 10),
      .window = {Day(2020, 1, 10), Day(2026, 1, 10)},
      .lines = {AccountingLine{.first = entry, .count = 3, .last_disclosed_on = Day(2025, 9, 4)}}};
  Result<std::string> pdf = renderer_.RenderPdf(
      AccountingPrintable(accounting, "Example Community Clinic", "Zoë Testpatiënt"));
  ASSERT_TRUE(pdf);
  std::string text = Squeeze(PdfText(*pdf));
  EXPECT_NE(text.find("Accounting of disclosures"), std::string::npos) << text;
  EXPECT_NE(text.find("Zoë Testpatiënt"), std::string::npos);
  EXPECT_NE(text.find("County Health Department"), std::string::npos);
  EXPECT_NE(text.find("(3 disclosures)"), std::string::npos);
}

TEST(PageStampTest, BatesLabelsAndStampLines) {
  PageStamp stamp{.request_number = "R-2026-000007", .bates_prefix = "EXC", .bates_start = 41};
  EXPECT_EQ(BatesLabel(stamp, 0), "EXC000041");
  EXPECT_EQ(StampLine(stamp, 1, 9), "Request R-2026-000007 | EXC000042 | page 2 of 9");
  EXPECT_TRUE(ValidatePageStamp(stamp));
  EXPECT_FALSE(ValidatePageStamp({.request_number = ""}));
  EXPECT_FALSE(ValidatePageStamp({.request_number = "R-1\n"}));
  EXPECT_FALSE(ValidatePageStamp({.request_number = "R-1", .bates_prefix = "Ä"}));
  EXPECT_FALSE(ValidatePageStamp({.request_number = "R-1", .bates_digits = 0}));
}

class PacketTest : public RenderTest {
 protected:
  PacketInput Input(std::vector<Code> notices) {
    std::string note;
    for (int i = 0; i < 120; ++i) note += "Line " + std::to_string(i) + " of the progress note.\n";
    Result<std::string> original =
        renderer_.RenderPdf(Printable{.title = "Original scanned record", .created = "2025-06-02"});
    EXPECT_TRUE(original);
    return PacketInput{
        .cover_letter = Cover(std::move(notices)),
        .documents = {{"Progress note 2025-05-01", "text/plain", note, Day(2025, 5, 1)},
                      {"Scan", "application/pdf", *original, Day(2025, 6, 2)}},
        .stamp = {.request_number = "R-2026-000007", .bates_prefix = "EXC"}};
  }
  PacketBuilder builder_{renderer_, assembler_};
};

TEST_F(PacketTest, PacketHasCoverNoticesDocumentsAndAStampOnEveryPage) {
  Result<AssembledPdf> packet = builder_.Build(
      Input({Code::kPart2Redisclosure, Code::kNyHivRedisclosure, Code::kCopyOfConsent}));
  ASSERT_TRUE(packet) << packet.error().message;
  TempFile file(packet->bytes);
  CommandResult check = RunCommand("qpdf --check " + file.path());
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_NE(check.output.find("No syntax or stream encoding errors"), std::string::npos);
  CommandResult pages = RunCommand("qpdf --show-npages " + file.path());
  EXPECT_EQ(pages.output, std::to_string(packet->page_count) + "\n");

  std::vector<std::string> texts = PageTexts(packet->bytes);
  ASSERT_EQ(static_cast<int>(texts.size()), packet->page_count);
  // Cover (1) + two notice pages + the note (3 pages of 120 monospace lines) + the scan (1).
  EXPECT_EQ(packet->page_count, 1 + 2 + 3 + 1);
  for (int i = 0; i < packet->page_count; ++i) {
    std::string expected = StampLine({.request_number = "R-2026-000007", .bates_prefix = "EXC"}, i,
                                     packet->page_count);
    EXPECT_NE(Squeeze(texts[static_cast<std::size_t>(i)]).find(expected), std::string::npos)
        << "page " << i + 1 << ": " << texts[static_cast<std::size_t>(i)];
  }
  std::string all = Squeeze(PdfText(packet->bytes));
  EXPECT_NE(all.find("Release of records"), std::string::npos);
  EXPECT_NE(all.find("42 CFR part 2 prohibits unauthorized disclosure of these records."),
            std::string::npos);
  EXPECT_NE(all.find("A general authorization for the release of medical or other information is "
                     "NOT sufficient"),
            std::string::npos);
  EXPECT_NE(all.find("Line 119 of the progress note."), std::string::npos);
  EXPECT_NE(all.find("Original scanned record"), std::string::npos);
}

TEST_F(PacketTest, BuildsFromTheRequestViewWithItsNumber) {
  RequestView view{.request = request_, .patient = patient_, .requester = requester_};
  Result<AssembledPdf> unreleased = builder_.BuildForRequest(view, {}, {});
  ASSERT_FALSE(unreleased);
  EXPECT_EQ(unreleased.error().code, ErrorCode::kFailedPrecondition);
  view.letters = {AcknowledgmentLetter(Context()), Cover({})};
  Result<AssembledPdf> packet = builder_.BuildForRequest(
      view, {{"Note", "text/plain", "Synthetic note.", Day(2025, 5, 1)}}, {.bates_prefix = "P"});
  ASSERT_TRUE(packet) << packet.error().message;
  EXPECT_EQ(packet->page_count, 2);
  EXPECT_NE(Squeeze(PdfText(packet->bytes)).find("Request R-2026-000007 | P000002 | page 2 of 2"),
            std::string::npos);
}

TEST_F(PacketTest, SameInputGivesIdenticalBytes) {
  PacketInput input = Input({Code::kPart2Redisclosure});
  Result<AssembledPdf> first = builder_.Build(input);
  Result<AssembledPdf> second = builder_.Build(input);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_EQ(first->bytes, second->bytes);
}

TEST_F(PacketTest, BadInputsAreClearErrors) {
  PacketInput input = Input({});
  input.documents.push_back({"Broken", "application/pdf", "%PDF-1.4 not really", Day(2025, 1, 1)});
  Result<AssembledPdf> broken = builder_.Build(input);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(broken.error().message.find("document 3"), std::string::npos) << broken.error().message;

  input = Input({});
  input.documents.push_back({"Picture", "image/png", "...", Day(2025, 1, 1)});
  EXPECT_FALSE(builder_.Build(input));

  input = Input({});
  input.cover_letter.kind = "denial";
  EXPECT_FALSE(builder_.Build(input));

  input = Input({});
  input.stamp.request_number = "";
  EXPECT_FALSE(builder_.Build(input));
}

// Images (PrintBlock::Style::kImage): a PNG is decoded and drawn, a JPEG is embedded as it is
// (DCTDecode), both scaled onto the page; anything else is a clear error.
TEST(CairoRendererImageTest, PlacesPngAndJpegOnAPage) {
  // A JPEG header with a baseline SOF0 segment saying 640 x 480 (the scan data is not decoded).
  std::string jpeg = std::string(
                         "\xff\xd8\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03"
                         "\x01\x22\x00\x02\x11\x01\x03\x11\x01",
                         21) +
                     "synthetic scan" + std::string("\xff\xd9", 2);
  render::CairoRenderer renderer;
  Printable printable{.title = "Synthetic scan (document 7)",
                      .blocks = {{PrintBlock::Style::kImage, roi::testing::SyntheticPng()},
                                 {PrintBlock::Style::kImage, jpeg}},
                      .created = "2026-01-05"};
  Result<std::string> pdf = renderer.RenderPdf(printable);
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  EXPECT_NE(pdf->find("/DCTDecode"), std::string::npos);
  EXPECT_NE(pdf->find("/Image"), std::string::npos);
  Result<std::string> again = renderer.RenderPdf(printable);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *pdf);

  printable.blocks = {{PrintBlock::Style::kImage, "not an image"}};
  Result<std::string> refused = renderer.RenderPdf(printable);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  printable.blocks = {{PrintBlock::Style::kImage, roi::testing::SyntheticJpeg()}};  // No SOF.
  EXPECT_FALSE(renderer.RenderPdf(printable));
}

}  // namespace
}  // namespace roi
