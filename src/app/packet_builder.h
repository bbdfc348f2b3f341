// PacketBuilder: the release packet, one PDF that goes to the requester: the cover letter, the
// notices the decision requires (e.g. the 42 CFR 2.32 and NY HIV redisclosure statements), then
// the released documents (text rendered to pages, PDFs merged as they are), every page stamped
// with the request number, a Bates number and "page X of Y".  Rendering and assembly are ports
// (DocumentRenderer, PdfAssembler) with adapters in src/render; see docs/documents.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/printable.h"
#include "app/request_service.h"
#include "base/result.h"
#include "domain/redaction.h"
#include "domain/release_request.h"

namespace roi {

// What every page of a packet carries.  `request_number` and `bates_prefix` must be printable
// ASCII (the stamp uses a standard PDF font).  Bates numbers are prefix + the number zero-padded
// to `bates_digits`, from `bates_start` on.
struct PageStamp {
  std::string request_number;
  std::string bates_prefix = "ROI";
  int bates_start = 1;
  int bates_digits = 6;
};

// Returns InvalidArgument for an empty request number, non-ASCII or control characters, a
// negative start or digits outside 1..12.
Status ValidatePageStamp(const PageStamp& stamp);

// The Bates label of page `index` (0-based) under `stamp`, e.g. "ROI000001".
std::string BatesLabel(const PageStamp& stamp, int index);

// The stamp line printed on page `index` (0-based) of `page_count`:
// "Request R-2026-000001 | ROI000001 | page 1 of 12".
std::string StampLine(const PageStamp& stamp, int index, int page_count);

// Value type: an assembled PDF.
struct AssembledPdf {
  std::string bytes;
  int page_count = 0;
};

// Port: merges PDFs in order and stamps every page.  Deterministic: the same inputs give the same
// bytes.  Thread-safe.
class PdfAssembler {
 public:
  virtual ~PdfAssembler() = default;
  // Returns InvalidArgument for an input that is not a readable PDF (naming its index) or a bad
  // stamp, Internal if writing fails.
  virtual Result<AssembledPdf> Assemble(const std::vector<std::string>& pdfs,
                                        const PageStamp& stamp) const = 0;
};

// One released document.  `media_type` "application/pdf" merges `content` as it is;
// "text/plain" renders it under `title`.
struct PacketDocument {
  std::string title;
  std::string media_type;
  std::string content;
  Date date;
};

// Value type: what goes into a packet.
struct PacketInput {
  Letter cover_letter;  // Kind release_cover; its notice.N.code fields pick the notice pages.
  std::vector<PacketDocument> documents;
  PageStamp stamp;
  // What was redacted from `documents` (already burned in: app/redaction_burn_in.h).  When not
  // empty, a "Redactions" page after the notices lists each: document, page or span, reason.
  std::vector<RedactionRecord> redactions;
};

// The "Redactions" page of a packet: one item per record (document title, page or span, reason;
// never the redacted text).
Printable RedactionsPrintable(const std::vector<RedactionRecord>& redactions,
                              std::string_view organization_name, Date date);

// The full statement a notice code stands for, or "" for a code that has no page of its own.
std::string_view NoticeStatement(std::string_view code);

// Stateless apart from its ports; thread-safe when they are.
class PacketBuilder {
 public:
  // The ports must outlive the builder.
  PacketBuilder(const DocumentRenderer& renderer, const PdfAssembler& assembler)
      : renderer_(renderer), assembler_(assembler) {}

  // Returns InvalidArgument for a cover letter of another kind, a document of another media type
  // or a bad stamp; errors of the ports as they are.
  Result<AssembledPdf> Build(const PacketInput& input) const;

  // The packet of a released request: its latest release cover letter and `documents`, stamped
  // with the request's number and `bates` (whose request_number is ignored).  Returns
  // FailedPrecondition when the request has no cover letter (it was not released), else as Build.
  Result<AssembledPdf> BuildForRequest(const RequestView& view,
                                       std::vector<PacketDocument> documents,
                                       PageStamp bates) const;

 private:
  const DocumentRenderer& renderer_;
  const PdfAssembler& assembler_;
};

}  // namespace roi
