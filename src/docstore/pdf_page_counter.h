// QpdfPageCounter: the PdfPageCounter port on libqpdf (the only place qpdf headers are included).
// Hostile files are refused rather than repaired: recovery of damaged cross-reference data is off
// and any qpdf warning rejects the file; the page tree is walked with limits on depth, nodes and
// pages; every object stream is decoded through a byte cap before qpdf may decode it, so a
// decompression bomb is refused instead of inflated.
#pragma once

#include <cstdint>

#include "app/document_spool.h"

namespace roi::docstore {

// Value type.
struct PdfLimits {
  int max_tree_depth = 64;  // Nested /Pages nodes.
  std::int64_t max_pages = 200'000;
  std::int64_t max_tree_nodes = 1'000'000;                   // /Pages and /Page nodes walked.
  std::int64_t max_object_stream_bytes = 64LL << 20;         // Decoded, per object stream.
  std::int64_t max_total_object_stream_bytes = 512LL << 20;  // Decoded, all together.
};

// Thread-safe (each call uses its own qpdf objects).
class QpdfPageCounter final : public PdfPageCounter {
 public:
  explicit QpdfPageCounter(PdfLimits limits = {}) : limits_(limits) {}
  Result<std::int64_t> CountPages(const SpoolFile& file) const override;

 private:
  PdfLimits limits_;
};

}  // namespace roi::docstore
