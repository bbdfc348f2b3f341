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
  std::size_t longest = 0;
  for (const RawMatch& match : matches) {
    const MatchSource& source = entries[match.entry];
    matched[match.entry] = 1;
    SensitiveSpan* last = findings.spans.empty() ? nullptr : &findings.spans.back();
    if (last != nullptr && last->category == source.category && match.begin <= last->end) {
      last->end = std::max(last->end, match.end);
      if (match.end - match.begin > longest) {
        longest = match.end - match.begin;
        last->term_id = source.term_id;
        last->label = source.label;
      }
      continue;
    }
    findings.spans.push_back({.begin = match.begin,
                              .end = match.end,
                              .category = source.category,
                              .label = source.label,
                              .term_id = source.term_id});
    longest = match.end - match.begin;
  }
  std::stable_sort(findings.spans.begin(), findings.spans.end(),
                   [](const SensitiveSpan& a, const SensitiveSpan& b) {
                     if (a.begin != b.begin) return a.begin < b.begin;
                     return a.category < b.category;
                   });
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
