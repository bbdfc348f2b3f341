#include "app/sensitive_content.h"

#include <algorithm>

namespace roi {
namespace {

constexpr std::array<std::string_view, 7> kCategoryNames = {
    "substance_use", "hiv", "std", "mental_health", "reproductive", "genetic", "identifier"};

}  // namespace

std::string_view SensitiveCategoryName(SensitiveCategory category) {
  return kCategoryNames[static_cast<std::size_t>(category)];
}

Result<SensitiveCategory> ParseSensitiveCategory(std::string_view name) {
  for (SensitiveCategory category : kAllSensitiveCategories) {
    if (SensitiveCategoryName(category) == name) return category;
  }
  return InvalidArgumentError("unknown category \"" + std::string(name) + "\"");
}

SensitiveFindings MergeMatches(std::vector<RawMatch> matches,
                               const std::vector<MatchSource>& entries) {
  SensitiveFindings findings;
  findings.match_count = matches.size();
  auto category_of = [&](const RawMatch& m) { return entries[m.entry].category; };
  std::sort(matches.begin(), matches.end(), [&](const RawMatch& a, const RawMatch& b) {
    if (category_of(a) != category_of(b)) return category_of(a) < category_of(b);
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return a.entry < b.entry;
  });
  std::vector<char> matched(entries.size(), 0);  // Labels are collected per entry, not per match.
  // Spans as (begin, end, entry of the longest match) first: sorting these small values is much
  // cheaper than sorting SensitiveSpans with their strings.
  struct Merged {
    std::size_t begin;
    std::size_t end;
    std::uint32_t entry;
  };
  std::vector<Merged> merged;
  merged.reserve(matches.size());
  std::size_t longest = 0;
  for (const RawMatch& match : matches) {
    matched[match.entry] = 1;
    Merged* last = merged.empty() ? nullptr : &merged.back();
    if (last != nullptr && entries[last->entry].category == category_of(match) &&
        match.begin <= last->end) {
      last->end = std::max(last->end, match.end);
      if (match.end - match.begin > longest) {
        longest = match.end - match.begin;
        last->entry = match.entry;
      }
      continue;
    }
    merged.push_back({.begin = match.begin, .end = match.end, .entry = match.entry});
    longest = match.end - match.begin;
  }
  std::stable_sort(merged.begin(), merged.end(), [&](const Merged& a, const Merged& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return entries[a.entry].category < entries[b.entry].category;
  });
  findings.spans.reserve(merged.size());
  for (const Merged& span : merged) {
    const MatchSource& source = entries[span.entry];
    findings.spans.push_back({.begin = span.begin,
                              .end = span.end,
                              .category = source.category,
                              .label = source.label,
                              .term_id = source.term_id});
  }
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (matched[i] != 0 && !entries[i].label.empty()) labels.push_back(entries[i].label);
  }
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  findings.labels = std::move(labels);
  return findings;
}

}  // namespace roi
