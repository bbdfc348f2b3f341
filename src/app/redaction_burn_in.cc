#include "app/redaction_burn_in.h"

#include <algorithm>

#include "base/error.h"

namespace roi {

Printable WithheldPagePrintable(std::string_view document_title, std::int64_t page,
                                const std::vector<std::string>& reasons, Date created) {
  std::string why;
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) why += "; ";
    why += reasons[i];
  }
  Printable out;
  out.title = "Page " + std::to_string(page) + " withheld \xE2\x80\x94 " + why;
  out.created = created.ToString();
  out.blocks.push_back({PrintBlock::Style::kParagraph,
                        "Page " + std::to_string(page) + " of " + std::string(document_title) +
                            " was withheld from this release. Reason: " + why + "."});
  return out;
}

Result<PacketDocument> BurnIn(DocumentId id, PacketDocument document,
                              std::span<const RedactionRecord> records,
                              const DocumentRenderer& renderer, const PdfPageReplacer& pages) {
  std::vector<RedactionRecord> mine;
  for (const RedactionRecord& record : records) {
    if (record.document_id == id) mine.push_back(record);
  }
  if (mine.empty()) return document;
  bool has_span = std::any_of(mine.begin(), mine.end(), [](const auto& r) { return r.has_span; });
  bool has_page = std::any_of(mine.begin(), mine.end(), [](const auto& r) { return !r.has_span; });
  std::string which = "document " + std::to_string(id.value);
  if (document.media_type == "text/plain") {
    if (has_page) {
      return InvalidArgumentError("redaction: " + which + " is text: it has no pages to withhold");
    }
    Result<std::string> text = BurnInText(document.content, mine);
    if (!text) return text.error();
    document.content = std::move(*text);
    return document;
  }
  if (document.media_type != "application/pdf") {
    return InvalidArgumentError("redaction: " + which + " has media type '" + document.media_type +
                                "' (application/pdf or text/plain only)");
  }
  if (has_span) {
    return InvalidArgumentError("redaction: " + which +
                                " is a PDF: text spans apply to text documents only");
  }
  std::map<std::int64_t, std::vector<std::string>> reasons;  // By page.
  for (const RedactionRecord& record : mine) {
    std::vector<std::string>& list = reasons[record.page];
    std::string reason = RedactionReasonText(record.reason, record.reason_text);
    if (std::find(list.begin(), list.end(), reason) == list.end()) list.push_back(reason);
  }
  std::map<std::int64_t, std::string> placeholders;
  for (const auto& [page, why] : reasons) {
    Result<std::string> pdf =
        renderer.RenderPdf(WithheldPagePrintable(document.title, page, why, document.date));
    if (!pdf) return pdf.error();
    placeholders.emplace(page, std::move(*pdf));
  }
  Result<std::string> replaced = pages.ReplacePages(document.content, placeholders);
  if (!replaced) return replaced.error();
  document.content = std::move(*replaced);
  return document;
}

std::vector<RedactionRecord> RedactionRecords(std::span<const Redaction> redactions,
                                              const std::map<DocumentId, std::string>& titles) {
  std::vector<RedactionRecord> out;
  out.reserve(redactions.size());
  for (const Redaction& redaction : redactions) {
    auto title = titles.find(redaction.document_id);
    out.push_back(
        RecordOf(redaction, title != titles.end()
                                ? title->second
                                : "document " + std::to_string(redaction.document_id.value)));
  }
  return out;
}

}  // namespace roi
