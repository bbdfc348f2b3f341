// IdentifierScanner: hand-written recognisers for the identifier expressions of
// data/lexicons/identifiers.txt that have no literal for Hyperscan to anchor on (SSN, phone,
// e-mail, street address, numeric, ISO and worded dates).  In one Hyperscan database they cost
// about half of the pass (docs/benchmarks.md); here one loop finds the digits and '@' signs of
// the text (16 bytes at a time) and each recogniser checks the few bytes around them.
//
// Each recogniser implements exactly one lexicon expression (text and flags, `BuiltinPatterns`)
// and gives exactly the raw matches the Hyperscan path gives for it: every end of a match, with
// the leftmost start of a match ending there, searched no further back than
// HyperscanDetector::kMaxRegexSpan bytes (a longer match is cut to its last kMaxRegexSpan bytes).
// An entry whose expression or flags differ in any way is not recognised and stays in Hyperscan,
// so editing the lexicon never changes what is detected, only how fast.
//
// The character classes are Hyperscan's without UTF-8 mode: \s is [\t\n\v\f\r ], a word byte
// (\b) is [A-Za-z0-9_]; every byte above 0x7f is neither.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>
#include <vector>

#include "app/lexicon.h"
#include "app/sensitive_content.h"

namespace roi::detect {

enum class IdentifierPattern : std::uint8_t {
  kSsn,            // [0-8][0-9]{2}-[0-9]{2}-[0-9]{4}, whole words
  kPhone,          // (\+1[-.\s]?)?(\([0-9]{3}\)\s?|\b[0-9]{3}[-.\s])[0-9]{3}[-.][0-9]{4}\b
  kEmail,          // [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b
  kStreetAddress,  // [0-9]{1,5}\s+([A-Z][A-Za-z]+\s+){1,3}(Street|St|...|Pkwy), whole words
  kDateNumeric,    // (0?[1-9]|1[0-2])/(0?[1-9]|[12][0-9]|3[01])/(19|20)[0-9]{2}, whole words
  kDateIso,        // (19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]), whole words
  kDateWords,      // (Jan(uary)?|...|Dec(ember)?)\.?\s+[0-9]{1,2}(st|nd|rd|th)?,?\s+(19|20)[0-9]{2}
};
inline constexpr std::size_t kIdentifierPatternCount = 7;

// How far before its end a match's start is searched for (HyperscanDetector::kMaxRegexSpan).
inline constexpr std::size_t kIdentifierMaxSpan = 256;

// Value type: the lexicon entry a recogniser stands for.
struct BuiltinPattern {
  IdentifierPattern pattern;
  std::string_view expression;  // LexiconEntry::text, byte for byte.
  bool caseless;
  bool whole_words;
};

// The recognisers and the expressions they implement, one per IdentifierPattern, in its order.
const std::array<BuiltinPattern, kIdentifierPatternCount>& BuiltinPatterns();

// The recogniser for `entry`: when it is a regular expression whose text and flags equal one of
// BuiltinPatterns() (its id and category do not matter).  nullopt otherwise.
std::optional<IdentifierPattern> BuiltinPatternOf(const LexiconEntry& entry);

// Value type, cheap to copy.  Thread-safe (const after set-up).
class IdentifierScanner {
 public:
  // Scans for `pattern`, reporting its matches with `entry` (an index of the caller's entries).
  // A later call for the same pattern replaces the entry.
  void Enable(IdentifierPattern pattern, std::uint32_t entry);
  bool Enabled(IdentifierPattern pattern) const;
  bool Empty() const;

  // Calls `on_match(begin, end, entry)` for every raw match of the enabled patterns in `text`,
  // ordered by where the recogniser is anchored (not strictly by end).  No allocation.
  template <typename OnMatch>
  void Scan(std::string_view text, OnMatch&& on_match) const;

  // Scan into a vector (for tests).
  std::vector<RawMatch> Matches(std::string_view text) const;

 private:
  static constexpr std::uint32_t kOff = 0xffffffffu;
  std::array<std::uint32_t, kIdentifierPatternCount> entries_ = {kOff, kOff, kOff, kOff,
                                                                 kOff, kOff, kOff};
  bool any_digit_pattern_ = false;

  // Non-template core: the callback goes through a function pointer and an opaque context.
  using Sink = void (*)(void* context, std::size_t begin, std::size_t end, std::uint32_t entry);
  void Run(std::string_view text, Sink sink, void* context) const;
};

template <typename OnMatch>
void IdentifierScanner::Scan(std::string_view text, OnMatch&& on_match) const {
  Run(
      text,
      [](void* context, std::size_t begin, std::size_t end, std::uint32_t entry) {
        (*static_cast<std::remove_reference_t<OnMatch>*>(context))(begin, end, entry);
      },
      &on_match);
}

}  // namespace roi::detect
