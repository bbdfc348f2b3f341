// CairoRenderer: the DocumentRenderer adapter (app/printable.h) over cairo's PDF surface.  US
// Letter pages, one-inch margins, DejaVu Sans through cairo's font API (fontconfig finds it), so
// any text DejaVu covers renders, accents included.  The PDF creation date is the printable's
// `created` day, so the same printable always gives the same bytes.
#pragma once

#include <string>

#include "app/printable.h"

namespace roi::render {

// Stateless and thread-safe.
class CairoRenderer final : public DocumentRenderer {
 public:
  Result<std::string> RenderPdf(const Printable& printable) const override;
};

}  // namespace roi::render
