// SensitiveContentDetector: the port that finds sensitive content (substance use, HIV, STDs,
// mental health, reproductive and genetic information, identifiers) in a document's text and
// suggests sensitivity labels for review.  No third-party headers: the Hyperscan adapter lives in
// src/detect.  Also the pure helpers every adapter shares: category names and span merging.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace roi {

// What a lexicon entry is about.  Every category but kIdentifier maps to one sensitivity label
// (policy::kLabelNames) through the lexicon file that declares it.
enum class SensitiveCategory : std::uint8_t {
  kSubstanceUse,
  kHiv,
  kStd,
  kMentalHealth,
  kReproductive,
  kGenetic,
  kIdentifier,
};

inline constexpr std::array<SensitiveCategory, 7> kAllSensitiveCategories = {
    SensitiveCategory::kSubstanceUse, SensitiveCategory::kHiv,          SensitiveCategory::kStd,
    SensitiveCategory::kMentalHealth, SensitiveCategory::kReproductive, SensitiveCategory::kGenetic,
    SensitiveCategory::kIdentifier};

// A stable snake_case name: "substance_use", "hiv", "std", "mental_health", "reproductive",
// "genetic", "identifier".
std::string_view SensitiveCategoryName(SensitiveCategory category);

// The category named `name`.  Returns InvalidArgument for an unknown name.
Result<SensitiveCategory> ParseSensitiveCategory(std::string_view name);

// Value type: one highlighted stretch of text, [begin, end) in bytes of the scanned text.
struct SensitiveSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  SensitiveCategory category = SensitiveCategory::kIdentifier;
  std::string label;    // The sensitivity label it supports ("hiv", ...); empty for identifiers.
  std::string term_id;  // The lexicon entry of the longest match merged into this span.

  bool operator==(const SensitiveSpan&) const = default;
};

// Value type: what one scan found.
struct SensitiveFindings {
  std::vector<std::string> labels;   // Suggested sensitivity labels, sorted, without repeats.
  std::vector<SensitiveSpan> spans;  // Merged spans, by begin, then category.
  std::size_t match_count = 0;       // Raw matches before merging (all of them, even if truncated).
  bool truncated = false;            // More than the detector's span limit matched.

  bool operator==(const SensitiveFindings&) const = default;
};

// Interface.  Implementations are thread-safe: Scan may be called concurrently.
class SensitiveContentDetector {
 public:
  virtual ~SensitiveContentDetector() = default;

  // Scans `text` (any bytes: NUL and invalid UTF-8 are fine) in one pass.  Returns
  // InvalidArgument if the text is longer than the detector can scan at once (4 GiB - 1 bytes for
  // Hyperscan), Internal if the matching engine fails.  Never puts text into an error message.
  virtual Result<SensitiveFindings> Scan(std::string_view text) const = 0;
};

// Value type: one raw match as an engine reports it, before merging.
struct RawMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::uint32_t entry = 0;  // Index into `entries` passed to MergeMatches.
};

// What MergeMatches needs to know of a lexicon entry.
struct MatchSource {
  SensitiveCategory category = SensitiveCategory::kIdentifier;
  std::string label;
  std::string term_id;
};

// Merges raw matches into spans: matches of the SAME category that overlap or touch become one
// span covering all of them, named after its longest match (first entry on ties); matches of
// different categories are kept apart even when they overlap, since a reviewer needs both.
// Spans come out ordered by begin, then category.  Labels are the sorted, distinct non-empty
// labels of all matches.  REQUIRES: every match's entry indexes `entries`, begin <= end.
SensitiveFindings MergeMatches(std::vector<RawMatch> matches,
                               const std::vector<MatchSource>& entries);

}  // namespace roi
