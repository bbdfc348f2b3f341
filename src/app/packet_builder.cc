#include "app/packet_builder.h"

#include <cstdio>

#include "app/letters.h"
#include "base/error.h"
#include "domain/field_text.h"

namespace roi {

Status ValidatePageStamp(const PageStamp& stamp) {
  if (stamp.request_number.empty()) return InvalidArgumentError("stamp: request number is empty");
  for (const std::string* text : {&stamp.request_number, &stamp.bates_prefix}) {
    for (char c : *text) {
      if (c < 0x20 || c > 0x7E) {
        return InvalidArgumentError(
            "stamp: request number and Bates prefix must be printable ASCII");
      }
    }
  }
  if (stamp.bates_start < 0) return InvalidArgumentError("stamp: Bates start is negative");
  if (stamp.bates_digits < 1 || stamp.bates_digits > 12) {
    return InvalidArgumentError("stamp: Bates digits must be 1..12");
  }
  return OkStatus();
}

std::string BatesLabel(const PageStamp& stamp, int index) {
  std::string number = std::to_string(static_cast<long long>(stamp.bates_start) + index);
  if (number.size() < static_cast<std::size_t>(stamp.bates_digits)) {
    number.insert(0, static_cast<std::size_t>(stamp.bates_digits) - number.size(), '0');
  }
  return stamp.bates_prefix + number;
}

std::string StampLine(const PageStamp& stamp, int index, int page_count) {
  return "Request " + stamp.request_number + " | " + BatesLabel(stamp, index) + " | page " +
         std::to_string(index + 1) + " of " + std::to_string(page_count);
}

std::string_view NoticeStatement(std::string_view code) {
  // 42 CFR 2.32(a)(2): the abbreviated statement the rule allows.
  if (code == "PART2_REDISCLOSURE") {
    return "42 CFR part 2 prohibits unauthorized disclosure of these records.";
  }
  // New York Public Health Law 2782(5).
  if (code == "NY_HIV_REDISCLOSURE") {
    return "This information has been disclosed to you from confidential records which are "
           "protected by state law. State law prohibits you from making any further disclosure "
           "of this information without the specific written consent of the person to whom it "
           "pertains, or as otherwise permitted by law. Any unauthorized further disclosure in "
           "violation of state law may result in a fine or jail sentence or both. A general "
           "authorization for the release of medical or other information is NOT sufficient "
           "authorization for further disclosure.";
  }
  return "";
}

Printable RedactionsPrintable(const std::vector<RedactionRecord>& redactions,
                              std::string_view organization_name, Date date) {
  Printable out;
  out.letterhead = std::string(organization_name);
  out.date = date.ToString();
  out.created = out.date;
  out.title = "Redactions";
  out.blocks.push_back({PrintBlock::Style::kParagraph,
                        "The following parts of the enclosed records were redacted before "
                        "release. Redacted text is marked [REDACTED] where it stood; a withheld "
                        "page is replaced by a page saying so."});
  int n = 0;
  for (const RedactionRecord& record : redactions) {
    out.blocks.push_back({PrintBlock::Style::kItem,
                          std::to_string(++n) + ". " + record.document_title + ", " +
                              RedactionPlace(record) + ": " +
                              RedactionReasonText(record.reason, record.reason_text) + "."});
  }
  return out;
}

Result<AssembledPdf> PacketBuilder::Build(const PacketInput& input) const {
  if (input.cover_letter.kind != kReleaseCoverLetter) {
    return InvalidArgumentError("packet: the cover letter must be a release_cover letter, not '" +
                                input.cover_letter.kind + "'");
  }
  if (Status stamp = ValidatePageStamp(input.stamp); !stamp) return stamp.error();
  std::vector<std::string> pdfs;
  Result<Printable> cover = LetterPrintable(input.cover_letter);
  if (!cover) return cover.error();
  Result<std::string> cover_pdf = renderer_.RenderPdf(*cover);
  if (!cover_pdf) return cover_pdf.error();
  pdfs.push_back(std::move(*cover_pdf));

  for (int n = 1;; ++n) {
    std::string_view code =
        FieldValue(input.cover_letter.body, "notice." + std::to_string(n) + ".code");
    if (code.empty()) break;
    std::string_view statement = NoticeStatement(code);
    if (statement.empty()) continue;
    Printable notice;
    notice.letterhead = std::string(FieldValue(input.cover_letter.body, "organization_name"));
    notice.date = input.cover_letter.date.ToString();
    notice.created = notice.date;
    notice.title = "Notice to the recipient (" + std::string(code) + ")";
    notice.blocks.push_back({PrintBlock::Style::kParagraph, std::string(statement)});
    Result<std::string> pdf = renderer_.RenderPdf(notice);
    if (!pdf) return pdf.error();
    pdfs.push_back(std::move(*pdf));
  }

  if (!input.redactions.empty()) {
    Result<std::string> pdf = renderer_.RenderPdf(RedactionsPrintable(
        input.redactions, FieldValue(input.cover_letter.body, "organization_name"),
        input.cover_letter.date));
    if (!pdf) return pdf.error();
    pdfs.push_back(std::move(*pdf));
  }

  for (std::size_t i = 0; i < input.documents.size(); ++i) {
    const PacketDocument& document = input.documents[i];
    if (document.media_type == "application/pdf") {
      pdfs.push_back(document.content);
    } else if (document.media_type == "text/plain") {
      Result<std::string> pdf =
          renderer_.RenderPdf(TextPrintable(document.title, document.content, document.date));
      if (!pdf) return pdf.error();
      pdfs.push_back(std::move(*pdf));
    } else {
      return InvalidArgumentError("packet: document " + std::to_string(i) + " has media type '" +
                                  document.media_type + "' (application/pdf or text/plain only)");
    }
  }
  return assembler_.Assemble(pdfs, input.stamp);
}

Result<AssembledPdf> PacketBuilder::BuildForRequest(const RequestView& view,
                                                    std::vector<PacketDocument> documents,
                                                    PageStamp bates) const {
  const Letter* cover = nullptr;
  for (const Letter& letter : view.letters) {
    if (letter.kind == kReleaseCoverLetter) cover = &letter;
  }
  if (cover == nullptr) {
    return FailedPreconditionError("request " + view.request.number +
                                   " has no release cover letter: it was not released");
  }
  bates.request_number = view.request.number;
  return Build(PacketInput{
      .cover_letter = *cover, .documents = std::move(documents), .stamp = std::move(bates)});
}

}  // namespace roi
