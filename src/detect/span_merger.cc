#include "detect/span_merger.h"

#include <algorithm>

namespace roi::detect {
namespace {

constexpr std::size_t kCategories = kAllSensitiveCategories.size();

using Hit = MergeBuffers::Hit;

// MergeMatches's order within one category: by begin, the longest first, then by entry.
inline bool Before(const Hit& a, const Hit& b) {
  if (a.begin != b.begin) return a.begin < b.begin;
  if (a.end != b.end) return a.end > b.end;
  return a.entry < b.entry;
}

// Sorts [first, last) by Before.  Insertion sort, linear on input that is nearly in order; once
// it has moved more than a few elements per element it hands the rest to std::sort.
void SortNearlySorted(Hit* first, Hit* last) {
  if (last - first < 2) return;
  std::size_t budget = 8 * static_cast<std::size_t>(last - first) + 1024;
  for (Hit* i = first + 1; i < last; ++i) {
    if (!Before(*i, *(i - 1))) continue;
    Hit value = *i;
    Hit* j = i;
    do {
      *j = *(j - 1);
      --j;
    } while (j > first && Before(value, *(j - 1)));
    *j = value;
    std::size_t moved = static_cast<std::size_t>(i - j);
    if (moved >= budget) {
      std::sort(first, last, Before);
      return;
    }
    budget -= moved;
  }
}

}  // namespace

SpanMerger::SpanMerger(std::vector<MatchSource> sources) : sources_(std::move(sources)) {
  category_.reserve(sources_.size());
  for (const MatchSource& source : sources_) {
    category_.push_back(static_cast<std::uint8_t>(source.category));
    if (!source.label.empty()) labels_.push_back(source.label);
  }
  std::sort(labels_.begin(), labels_.end());
  labels_.erase(std::unique(labels_.begin(), labels_.end()), labels_.end());
  label_of_.reserve(sources_.size());
  for (const MatchSource& source : sources_) {
    auto found = std::lower_bound(labels_.begin(), labels_.end(), source.label);
    label_of_.push_back(!source.label.empty() && found != labels_.end() && *found == source.label
                            ? static_cast<std::size_t>(found - labels_.begin())
                            : labels_.size());
  }
}

void SpanMerger::Merge(const std::vector<RawMatch>& matches, MergeBuffers& buffers,
                       std::vector<SensitiveSpan>& spans) const {
  if (matches.empty()) return;
  // Group by category, keeping the order the engines gave (nearly by position).
  std::array<std::size_t, kCategories + 1> start{};
  for (const RawMatch& match : matches) ++start[category_[match.entry] + 1];
  for (std::size_t c = 0; c < kCategories; ++c) start[c + 1] += start[c];
  buffers.hits.resize(matches.size());
  std::array<std::size_t, kCategories> next{};
  std::copy(start.begin(), start.end() - 1, next.begin());
  Hit* hits = buffers.hits.data();
  for (const RawMatch& match : matches) {
    hits[next[category_[match.entry]]++] = {static_cast<std::uint32_t>(match.begin),
                                            static_cast<std::uint32_t>(match.end), match.entry};
  }
  // Per category: order, then merge what overlaps or touches (MergeMatches's rule).
  buffers.merged.resize(matches.size());
  Hit* merged = buffers.merged.data();
  std::array<std::size_t, kCategories + 1> merged_start{};
  std::size_t out = 0;
  for (std::size_t c = 0; c < kCategories; ++c) {
    merged_start[c] = out;
    Hit* first = hits + start[c];
    Hit* last = hits + start[c + 1];
    SortNearlySorted(first, last);
    std::uint32_t longest = 0;
    for (const Hit* hit = first; hit < last; ++hit) {
      if (out > merged_start[c] && hit->begin <= merged[out - 1].end) {
        Hit& span = merged[out - 1];
        span.end = std::max(span.end, hit->end);
        if (hit->end - hit->begin > longest) {
          longest = hit->end - hit->begin;
          span.entry = hit->entry;
        }
        continue;
      }
      merged[out++] = *hit;
      longest = hit->end - hit->begin;
    }
  }
  merged_start[kCategories] = out;
  // Interleave the categories by begin, then category (no two spans of one category share a
  // begin, so this order is total).
  spans.reserve(spans.size() + out);
  std::array<std::size_t, kCategories> head{};
  std::array<std::size_t, kCategories> active{};  // Categories with spans left, in order.
  std::size_t active_count = 0;
  for (std::size_t c = 0; c < kCategories; ++c) {
    head[c] = merged_start[c];
    if (merged_start[c] < merged_start[c + 1]) active[active_count++] = c;
  }
  while (active_count > 0) {
    std::size_t best = 0;
    std::uint32_t best_begin = merged[head[active[0]]].begin;
    for (std::size_t k = 1; k < active_count; ++k) {
      std::uint32_t begin = merged[head[active[k]]].begin;
      if (begin < best_begin) {
        best = k;
        best_begin = begin;
      }
    }
    std::size_t c = active[best];
    const Hit& span = merged[head[c]];
    const MatchSource& source = sources_[span.entry];
    spans.emplace_back(span.begin, span.end, source.category, source.label, source.term_id);
    if (++head[c] == merged_start[c + 1]) {
      std::copy(active.begin() + static_cast<std::ptrdiff_t>(best) + 1,
                active.begin() + static_cast<std::ptrdiff_t>(active_count),
                active.begin() + static_cast<std::ptrdiff_t>(best));
      --active_count;
    }
  }
}

std::vector<std::string> SpanMerger::Labels(const std::vector<char>& matched) const {
  std::vector<char> found(labels_.size() + 1, 0);
  for (std::size_t i = 0; i < matched.size() && i < label_of_.size(); ++i) {
    if (matched[i] != 0) found[label_of_[i]] = 1;
  }
  std::vector<std::string> labels;
  for (std::size_t l = 0; l < labels_.size(); ++l) {
    if (found[l] != 0) labels.push_back(labels_[l]);
  }
  return labels;
}

}  // namespace roi::detect
