// QpdfAssembler: the PdfAssembler adapter (app/packet_builder.h) over qpdf.  Merges the inputs'
// pages in order into a new PDF and stamps each page by wrapping its content in q/Q and
// appending a content stream that draws the stamp line (Helvetica, a standard font, on a white
// band at the bottom left of the media box).  Writes with qpdf's deterministic /ID and no dates,
// so the same inputs give the same bytes.
#pragma once

#include <string>
#include <vector>

#include "app/packet_builder.h"

namespace roi::render {

// Stateless and thread-safe (each call works on its own qpdf objects).
class QpdfAssembler final : public PdfAssembler {
 public:
  Result<AssembledPdf> Assemble(const std::vector<std::string>& pdfs,
                                const PageStamp& stamp) const override;
};

}  // namespace roi::render
