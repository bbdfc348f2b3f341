// QpdfPageReplacer: the PdfPageReplacer adapter (app/redaction_burn_in.h) over qpdf.  Builds a new
// PDF from the input's pages in order, taking the placeholder's first page instead of each
// replaced page.  The writer copies only objects reachable from the new page tree, so a replaced
// page's content streams, fonts and images are not in the output.  Written with qpdf's
// deterministic /ID and no dates, so the same inputs give the same bytes.
#pragma once

#include <map>
#include <string>

#include "app/redaction_burn_in.h"

namespace roi::render {

// Stateless and thread-safe (each call works on its own qpdf objects).
class QpdfPageReplacer final : public PdfPageReplacer {
 public:
  Result<std::string> ReplacePages(
      std::string_view pdf, const std::map<std::int64_t, std::string>& replacements) const override;
};

}  // namespace roi::render
