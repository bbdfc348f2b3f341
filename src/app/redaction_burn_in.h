// Burn-in: applies a request's redactions to a document before it goes into the packet, so that
// what was redacted is gone, not covered.  Text spans are replaced by "[REDACTED — reason]"
// before the text is rendered; a redacted PDF page is replaced by a rendered placeholder page
// "Page N withheld — reason", and the original page's objects are not written to the output.
// The PDF work is a port (PdfPageReplacer) with a qpdf adapter in src/render.  See
// docs/documents.md "Redaction".
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/packet_builder.h"
#include "app/printable.h"
#include "base/result.h"
#include "domain/redaction.h"

namespace roi {

// Port: rebuilds a PDF with some pages swapped.  Deterministic and thread-safe.
class PdfPageReplacer {
 public:
  virtual ~PdfPageReplacer() = default;
  // `pdf` with page N (1-based) replaced by the first page of `replacements[N]`, for every N in
  // `replacements`; every other page kept in order.  Only what the kept and new pages use is
  // written.  Returns InvalidArgument for a `pdf` or a replacement that is not a readable PDF or
  // a page number outside the document (naming the number), Internal if writing fails.
  virtual Result<std::string> ReplacePages(
      std::string_view pdf, const std::map<std::int64_t, std::string>& replacements) const = 0;
};

// The placeholder for page `page` of `document_title`, withheld for `reasons`: titled
// "Page N withheld — reason; reason".
Printable WithheldPagePrintable(std::string_view document_title, std::int64_t page,
                                const std::vector<std::string>& reasons, Date created);

// `document` with the redactions among `records` whose document is `id` burned in: text/plain
// through BurnInText; application/pdf by replacing each redacted page with a placeholder
// rendered by `renderer`.  A document without redactions comes back as it is.  Returns
// InvalidArgument for a span that does not fit the text, a page outside the PDF, a span on a
// PDF or a page of a text document; the ports' errors as they are.
Result<PacketDocument> BurnIn(DocumentId id, PacketDocument document,
                              std::span<const RedactionRecord> records,
                              const DocumentRenderer& renderer, const PdfPageReplacer& pages);

// The packet's records of `redactions`, each under the title `titles` gives its document
// ("document N" when it has none).
std::vector<RedactionRecord> RedactionRecords(std::span<const Redaction> redactions,
                                              const std::map<DocumentId, std::string>& titles);

}  // namespace roi
