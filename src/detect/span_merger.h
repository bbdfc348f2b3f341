// SpanMerger: MergeMatches (app/sensitive_content.h) for one detector's entries, with the same
// spans, built for a hot path: the matches are split by category with a counting pass (no
// comparison sort over all of them), each category is put in order with an insertion sort (the
// engines report matches nearly in order of position, so this is close to one pass; past a
// budget of moves it falls back to std::sort), merged, and the categories are interleaved by a
// k-way merge instead of a second sort.  Buffers are the caller's, reused from scan to scan.
// Labels come from a per-entry "matched" flag rather than from the spans.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app/sensitive_content.h"

namespace roi::detect {

// Reusable memory for SpanMerger::Merge (one per concurrent scan).
struct MergeBuffers {
  struct Hit {
    std::uint32_t begin;
    std::uint32_t end;
    std::uint32_t entry;
  };
  std::vector<Hit> hits;    // Matches grouped by category.
  std::vector<Hit> merged;  // Spans per category.
};

// Value type.  Thread-safe (const after construction).
class SpanMerger {
 public:
  explicit SpanMerger(std::vector<MatchSource> sources);

  // Appends to `spans` exactly the spans of MergeMatches(matches, sources).
  // REQUIRES: every match's entry indexes the sources, begin <= end <= 2^32 - 1.
  void Merge(const std::vector<RawMatch>& matches, MergeBuffers& buffers,
             std::vector<SensitiveSpan>& spans) const;

  // The sorted, distinct, non-empty labels of the entries whose `matched` flag is set
  // (`matched` has one flag per source).
  std::vector<std::string> Labels(const std::vector<char>& matched) const;

  const std::vector<MatchSource>& Sources() const { return sources_; }

 private:
  std::vector<MatchSource> sources_;
  std::vector<std::uint8_t> category_;  // Per source.
  std::vector<std::string> labels_;     // Every distinct non-empty label, sorted.
  std::vector<std::size_t> label_of_;   // Per source: index into labels_, or labels_.size().
};

}  // namespace roi::detect
