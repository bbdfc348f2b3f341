// Printable: what goes on paper, as data.  Letters (app/letters.h), the accounting of disclosures
// and text documents become a Printable here (pure: no I/O); a DocumentRenderer adapter
// (src/render) lays it out as PDF pages.  The wording of each letter lives in printable.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/disclosure_log.h"
#include "base/result.h"
#include "domain/release_request.h"

namespace roi {

// One block of a printable, laid out top to bottom.
struct PrintBlock {
  enum class Style {
    kHeading,    // Bold, a little larger.
    kParagraph,  // Wrapped body text.
    kItem,       // Wrapped, indented list item.
    kCitation,   // Small wrapped text at the end.
    kMonospace,  // Preformatted text: each line kept, long lines wrapped.
    kImage,      // `text` holds a PNG or JPEG, scaled to fit the text width and page.
  };
  Style style = Style::kParagraph;
  std::string text;  // UTF-8.
  bool operator==(const PrintBlock&) const = default;
};

// Value type: a document ready to lay out.  Empty letterhead, date or recipient lines are left
// out.  `created` is the document's date (ISO YYYY-MM-DD): renderers write it as the PDF creation
// date so the same input always gives the same bytes.
struct Printable {
  std::string letterhead;              // The organization's name.
  std::string date;                    // Printed under the letterhead.
  std::vector<std::string> recipient;  // Address block lines.
  std::string title;                   // E.g. "Acknowledgment of your request".
  std::vector<PrintBlock> blocks;
  std::string created;  // YYYY-MM-DD.
  bool operator==(const Printable&) const = default;
};

// The letter in words.  Returns InvalidArgument for a letter kind without a template.
Result<Printable> LetterPrintable(const Letter& letter);

// An accounting of disclosures (45 CFR 164.528(b)) for `patient_name`, from `organization_name`.
Printable AccountingPrintable(const Accounting& accounting, std::string_view organization_name,
                              std::string_view patient_name);

// A plain-text document (e.g. a note kept as text) as monospace pages under `title`.
Printable TextPrintable(std::string_view title, std::string_view text, Date created);

// Port: lays a Printable out as PDF.  Implementations must be deterministic (same input, same
// bytes) and thread-safe.
class DocumentRenderer {
 public:
  virtual ~DocumentRenderer() = default;
  // Returns the PDF's bytes; Internal if the rendering library fails.
  virtual Result<std::string> RenderPdf(const Printable& printable) const = 0;
};

}  // namespace roi
