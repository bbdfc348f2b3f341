// Document formats: which kinds of file the document store accepts, how they are recognized from
// their bytes (never from a file name), and the incremental checks that reject truncated or
// malformed files while they stream in.  Pure: no I/O; PDF structure is checked by an adapter.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roi {

enum class DocumentFormat {
  kPdf,       // application/pdf
  kPng,       // image/png
  kJpeg,      // image/jpeg
  kText,      // text/plain (UTF-8)
  kCcda,      // application/xml: a C-CDA ClinicalDocument, kept as text
  kFhirJson,  // application/fhir+json: a FHIR resource, kept as text
};

// The media type stored and served for `format`, e.g. "application/pdf".
std::string_view DocumentFormatMediaType(DocumentFormat format);
// A file name extension for downloads, e.g. "pdf".
std::string_view DocumentFormatExtension(DocumentFormat format);

// The format a declared media type names (parameters such as "; charset=utf-8" are ignored, case
// does not matter).  Accepts the media types above and the aliases "text/xml" (C-CDA) and
// "application/json" (FHIR JSON).  Returns InvalidArgument naming the type for anything else.
Result<DocumentFormat> ParseDocumentMediaType(std::string_view media_type);

// How many leading bytes SniffDocumentFormat looks at.
inline constexpr std::size_t kSniffBytes = 1024;

// The format of content whose first bytes are `head` (the first kSniffBytes bytes, or all of a
// shorter file): PDF by "%PDF-", PNG by its 8-byte signature, JPEG by FF D8 FF; otherwise UTF-8
// text without control characters (other than tab, CR, LF, FF) is a C-CDA document when it is
// XML whose root is ClinicalDocument, FHIR JSON when it is a JSON object naming a
// "resourceType", and plain text otherwise.  Returns InvalidArgument for empty content, other
// XML or JSON, and anything binary ("unsupported document type").
Result<DocumentFormat> SniffDocumentFormat(std::string_view head);

// Text lines per page when counting the pages of a text document.
inline constexpr std::int64_t kTextLinesPerPage = 60;

// What a finished scan found.  Value type.
struct DocumentScan {
  DocumentFormat format = DocumentFormat::kText;
  std::int64_t size = 0;
  // Pages: images 1, text ceil(lines / lines_per_page) (at least 1); 0 for PDF, whose pages
  // the PDF reader counts.
  std::int64_t pages = 0;
};

// Checks content incrementally as it streams in: sniffs its format from the first bytes, checks
// the declared format agrees, enforces the size limit, validates UTF-8 text, PNG chunk CRCs and
// structure, JPEG start and end markers and the PDF header and end-of-file marker, and counts
// text lines.  Errors are sticky: after the first, Update and Finish return it again.  Not
// thread-safe.
class DocumentScanner {
 public:
  // `declared`: the format the uploader claimed (nullopt: none).  `max_bytes` >= 1.
  DocumentScanner(std::optional<DocumentFormat> declared, std::int64_t max_bytes,
                  std::int64_t lines_per_page = kTextLinesPerPage);

  // Feeds the next bytes.  Returns InvalidArgument when the content is of an unsupported type,
  // disagrees with the declared type or is malformed, ResourceExhausted past max_bytes.
  Status Update(std::string_view bytes);
  // Ends the content.  Returns Update's errors and InvalidArgument for empty or truncated content.
  Result<DocumentScan> Finish();

 private:
  Status Fail(Error error);
  Status Sniff();
  Status Check(std::string_view bytes);
  Status CheckText(std::string_view bytes);
  Status CheckPng(std::string_view bytes);

  std::optional<DocumentFormat> declared_;
  std::int64_t max_bytes_;
  std::int64_t lines_per_page_;
  std::optional<Error> error_;
  std::optional<DocumentFormat> format_;
  std::string head_;  // The first bytes, until sniffed.
  std::int64_t size_ = 0;
  // Text: lines seen, whether the last byte ended a line, a partial UTF-8 sequence.
  std::int64_t lines_ = 0;
  bool line_open_ = false;
  int utf8_pending_ = 0;
  // PNG: the chunk being read.
  enum class PngPart { kSignature, kLength, kType, kData, kCrc, kAfterEnd };
  PngPart png_part_ = PngPart::kSignature;
  std::string png_field_;  // A partially read length, type or CRC.
  std::uint32_t png_remaining_ = 0;
  std::uint32_t png_crc_ = 0;
  std::string png_type_;
  std::int64_t png_chunks_ = 0;
  // JPEG and PDF: the last bytes seen.
  std::string tail_;
};

// CRC-32 (ISO 3309, as PNG uses it): `Crc32Update(Crc32Update(0xffffffff, a), b) ^ 0xffffffff`
// is the CRC of a then b.
std::uint32_t Crc32Update(std::uint32_t crc, std::string_view bytes);

}  // namespace roi
