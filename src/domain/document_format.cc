#include "domain/document_format.h"

#include <algorithm>

namespace roi {
namespace {

constexpr std::string_view kPngSignature = "\x89PNG\r\n\x1a\n";
constexpr std::size_t kPdfTailBytes = 1024;  // "%%EOF" must be within the last 1 KiB.
constexpr std::uint32_t kMaxPngChunk = 0x7fffffffu;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view SkipSpace(std::string_view text) {
  if (text.substr(0, 3) == "\xef\xbb\xbf") text.remove_prefix(3);  // UTF-8 byte order mark.
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  return text;
}

// Advances a UTF-8 check by one byte.  `pending` is the number of continuation bytes still
// expected.  Returns false for a byte that cannot appear here or a disallowed control character.
bool Utf8Step(unsigned char byte, int& pending) {
  if (pending > 0) {
    if ((byte & 0xc0) != 0x80) return false;
    --pending;
    return true;
  }
  if (byte < 0x20) return byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f';
  if (byte < 0x7f) return true;
  if (byte == 0x7f) return false;
  if (byte >= 0xc2 && byte <= 0xdf) {
    pending = 1;
  } else if (byte >= 0xe0 && byte <= 0xef) {
    pending = 2;
  } else if (byte >= 0xf0 && byte <= 0xf4) {
    pending = 3;
  } else {
    return false;
  }
  return true;
}

// True if `head` is UTF-8 text without disallowed control characters; a sequence cut off at the
// end is allowed (the head may end inside one).
bool LooksLikeText(std::string_view head) {
  int pending = 0;
  for (char c : head) {
    if (!Utf8Step(static_cast<unsigned char>(c), pending)) return false;
  }
  return true;
}

// The name of the root element of the XML that starts `text`, skipping the declaration,
// processing instructions, comments and a doctype; "" if it cannot be found in `text`.
std::string_view XmlRootName(std::string_view text) {
  for (;;) {
    text = SkipSpace(text);
    if (text.empty() || text.front() != '<') return {};
    std::string_view close;
    if (text.substr(0, 2) == "<?") {
      close = "?>";
    } else if (text.substr(0, 4) == "<!--") {
      close = "-->";
    } else if (text.substr(0, 2) == "<!") {
      close = ">";
    } else {
      break;
    }
    std::size_t end = text.find(close, 2);
    if (end == std::string_view::npos) return {};
    text.remove_prefix(end + close.size());
  }
  text.remove_prefix(1);
  std::size_t end = 0;
  while (end < text.size() && !IsSpace(text[end]) && text[end] != '>' && text[end] != '/') ++end;
  if (end == text.size()) return {};
  std::string_view name = text.substr(0, end);
  if (std::size_t colon = name.find(':'); colon != std::string_view::npos) {
    name.remove_prefix(colon + 1);  // A namespace prefix.
  }
  return name;
}

Error Unsupported(std::string_view what) {
  return InvalidArgumentError("unsupported document type: " + std::string(what) +
                              " (accepted: PDF, PNG, JPEG, plain text, C-CDA XML, FHIR JSON)");
}

std::uint32_t BigEndian32(std::string_view bytes) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]);
  }
  return value;
}

const std::array<std::uint32_t, 256>& CrcTable() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

}  // namespace

std::uint32_t Crc32Update(std::uint32_t crc, std::string_view bytes) {
  const std::array<std::uint32_t, 256>& table = CrcTable();
  for (char c : bytes) {
    crc = table[(crc ^ static_cast<unsigned char>(c)) & 0xffu] ^ (crc >> 8);
  }
  return crc;
}

std::string_view DocumentFormatMediaType(DocumentFormat format) {
  switch (format) {
    case DocumentFormat::kPdf:
      return "application/pdf";
    case DocumentFormat::kPng:
      return "image/png";
    case DocumentFormat::kJpeg:
      return "image/jpeg";
    case DocumentFormat::kText:
      return "text/plain";
    case DocumentFormat::kCcda:
      return "application/xml";
    case DocumentFormat::kFhirJson:
      return "application/fhir+json";
  }
  return "application/octet-stream";
}

std::string_view DocumentFormatExtension(DocumentFormat format) {
  switch (format) {
    case DocumentFormat::kPdf:
      return "pdf";
    case DocumentFormat::kPng:
      return "png";
    case DocumentFormat::kJpeg:
      return "jpg";
    case DocumentFormat::kText:
      return "txt";
    case DocumentFormat::kCcda:
      return "xml";
    case DocumentFormat::kFhirJson:
      return "json";
  }
  return "bin";
}

Result<DocumentFormat> ParseDocumentMediaType(std::string_view media_type) {
  std::string_view bare = media_type.substr(0, media_type.find(';'));
  std::string type = Lower(Trim(bare));
  if (type == "application/pdf") return DocumentFormat::kPdf;
  if (type == "image/png") return DocumentFormat::kPng;
  if (type == "image/jpeg") return DocumentFormat::kJpeg;
  if (type == "text/plain") return DocumentFormat::kText;
  if (type == "application/xml" || type == "text/xml") return DocumentFormat::kCcda;
  if (type == "application/fhir+json" || type == "application/json") {
    return DocumentFormat::kFhirJson;
  }
  std::string shown = type.size() > 80 ? type.substr(0, 80) + "..." : type;
  return Unsupported("declared type \"" + shown + "\"");
}

Result<DocumentFormat> SniffDocumentFormat(std::string_view head) {
  if (head.empty()) return InvalidArgumentError("document is empty");
  if (head.substr(0, 5) == "%PDF-") return DocumentFormat::kPdf;
  if (head.substr(0, kPngSignature.size()) == kPngSignature) return DocumentFormat::kPng;
  if (head.substr(0, 3) == "\xff\xd8\xff") return DocumentFormat::kJpeg;
  if (!LooksLikeText(head)) return Unsupported("binary content of an unknown kind");
  std::string_view text = SkipSpace(head);
  if (!text.empty() && text.front() == '<') {
    if (XmlRootName(text) == "ClinicalDocument") return DocumentFormat::kCcda;
    return Unsupported("XML that is not a C-CDA ClinicalDocument");
  }
  if (!text.empty() && text.front() == '{') {
    if (text.find("\"resourceType\"") != std::string_view::npos) return DocumentFormat::kFhirJson;
    return Unsupported("JSON that is not a FHIR resource");
  }
  return DocumentFormat::kText;
}

DocumentScanner::DocumentScanner(std::optional<DocumentFormat> declared, std::int64_t max_bytes,
                                 std::int64_t lines_per_page)
    : declared_(declared),
      max_bytes_(std::max<std::int64_t>(max_bytes, 1)),
      lines_per_page_(std::max<std::int64_t>(lines_per_page, 1)) {}

Status DocumentScanner::Fail(Error error) {
  error_ = error;
  return error;
}

Status DocumentScanner::Update(std::string_view bytes) {
  if (error_) return *error_;
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes_ - size_) {
    return Fail(ResourceExhaustedError("document is larger than the limit of " +
                                       std::to_string(max_bytes_) + " bytes"));
  }
  size_ += static_cast<std::int64_t>(bytes.size());
  if (!format_) {
    std::size_t take = std::min(bytes.size(), kSniffBytes - head_.size());
    head_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (head_.size() < kSniffBytes) return OkStatus();
    if (Status sniffed = Sniff(); !sniffed) return sniffed;
  }
  return Check(bytes);
}

Status DocumentScanner::Sniff() {
  Result<DocumentFormat> format = SniffDocumentFormat(head_);
  if (!format) return Fail(format.error());
  if (declared_ && *declared_ != *format) {
    return Fail(InvalidArgumentError(
        "declared type " + std::string(DocumentFormatMediaType(*declared_)) +
        " does not match the content, which is " + std::string(DocumentFormatMediaType(*format))));
  }
  format_ = *format;
  std::string head = std::move(head_);
  head_.clear();
  return Check(head);
}

Status DocumentScanner::Check(std::string_view bytes) {
  if (bytes.empty()) return OkStatus();
  switch (*format_) {
    case DocumentFormat::kText:
    case DocumentFormat::kCcda:
    case DocumentFormat::kFhirJson:
      return CheckText(bytes);
    case DocumentFormat::kPng:
      return CheckPng(bytes);
    case DocumentFormat::kJpeg:
    case DocumentFormat::kPdf: {
      tail_.append(bytes);
      if (tail_.size() > 2 * kPdfTailBytes) tail_.erase(0, tail_.size() - kPdfTailBytes);
      return OkStatus();
    }
  }
  return OkStatus();
}

Status DocumentScanner::CheckText(std::string_view bytes) {
  for (char c : bytes) {
    if (!Utf8Step(static_cast<unsigned char>(c), utf8_pending_)) {
      return Fail(InvalidArgumentError(
          "text document is not UTF-8 text (invalid byte or control character at offset about " +
          std::to_string(size_) + ")"));
    }
    if (c == '\n') {
      ++lines_;
      line_open_ = false;
    } else {
      line_open_ = true;
    }
  }
  return OkStatus();
}

Status DocumentScanner::CheckPng(std::string_view bytes) {
  auto take_field = [&](std::size_t want) -> bool {
    std::size_t take = std::min(bytes.size(), want - png_field_.size());
    png_field_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    return png_field_.size() == want;
  };
  while (!bytes.empty()) {
    switch (png_part_) {
      case PngPart::kSignature:
        if (!take_field(kPngSignature.size())) return OkStatus();
        png_field_.clear();
        png_part_ = PngPart::kLength;
        break;
      case PngPart::kLength:
        if (!take_field(4)) return OkStatus();
        png_remaining_ = BigEndian32(png_field_);
        png_field_.clear();
        if (png_remaining_ > kMaxPngChunk) {
          return Fail(InvalidArgumentError("malformed PNG: chunk length out of range"));
        }
        png_part_ = PngPart::kType;
        break;
      case PngPart::kType: {
        if (!take_field(4)) return OkStatus();
        png_type_ = png_field_;
        png_field_.clear();
        for (char c : png_type_) {
          if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            return Fail(InvalidArgumentError("malformed PNG: bad chunk type"));
          }
        }
        if (png_chunks_ == 0 && png_type_ != "IHDR") {
          return Fail(InvalidArgumentError("malformed PNG: first chunk is not IHDR"));
        }
        ++png_chunks_;
        png_crc_ = Crc32Update(0xffffffffu, png_type_);
        png_part_ = png_remaining_ == 0 ? PngPart::kCrc : PngPart::kData;
        break;
      }
      case PngPart::kData: {
        std::size_t take = std::min<std::size_t>(bytes.size(), png_remaining_);
        png_crc_ = Crc32Update(png_crc_, bytes.substr(0, take));
        png_remaining_ -= static_cast<std::uint32_t>(take);
        bytes.remove_prefix(take);
        if (png_remaining_ == 0) png_part_ = PngPart::kCrc;
        break;
      }
      case PngPart::kCrc:
        if (!take_field(4)) return OkStatus();
        if (BigEndian32(png_field_) != (png_crc_ ^ 0xffffffffu)) {
          return Fail(InvalidArgumentError("malformed PNG: CRC mismatch in chunk " + png_type_));
        }
        png_field_.clear();
        png_part_ = png_type_ == "IEND" ? PngPart::kAfterEnd : PngPart::kLength;
        break;
      case PngPart::kAfterEnd:
        return Fail(InvalidArgumentError("malformed PNG: data after the IEND chunk"));
    }
  }
  return OkStatus();
}

Result<DocumentScan> DocumentScanner::Finish() {
  if (error_) return *error_;
  if (!format_) {
    if (Status sniffed = Sniff(); !sniffed) return sniffed.error();
  }
  DocumentScan scan{.format = *format_, .size = size_, .pages = 0};
  switch (*format_) {
    case DocumentFormat::kText:
    case DocumentFormat::kCcda:
    case DocumentFormat::kFhirJson: {
      if (utf8_pending_ != 0) {
        return Fail(InvalidArgumentError("text document ends inside a UTF-8 sequence")).error();
      }
      std::int64_t lines = lines_ + (line_open_ ? 1 : 0);
      scan.pages = std::max<std::int64_t>(1, (lines + lines_per_page_ - 1) / lines_per_page_);
      break;
    }
    case DocumentFormat::kPng:
      if (png_part_ != PngPart::kAfterEnd) {
        return Fail(InvalidArgumentError("truncated PNG: no IEND chunk")).error();
      }
      scan.pages = 1;
      break;
    case DocumentFormat::kJpeg:
      if (size_ < 4 || tail_.substr(tail_.size() - 2) != "\xff\xd9") {
        return Fail(InvalidArgumentError("truncated JPEG: no end-of-image marker")).error();
      }
      scan.pages = 1;
      break;
    case DocumentFormat::kPdf: {
      std::string_view tail = tail_;
      if (tail.size() > kPdfTailBytes) tail.remove_prefix(tail.size() - kPdfTailBytes);
      if (tail.find("%%EOF") == std::string_view::npos) {
        return Fail(InvalidArgumentError("truncated PDF: no %%EOF marker at the end")).error();
      }
      break;
    }
  }
  return scan;
}

}  // namespace roi
