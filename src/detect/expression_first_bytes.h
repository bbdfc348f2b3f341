// ExpressionFirstBytes: which bytes a match of a lexicon expression can start with, read from the
// expression's text.  HyperscanDetector uses it to prove, without a second Hyperscan scan, that
// no match can start at the first byte of a start-search window (docs/detection.md, "Start and
// end of a match").
//
// It understands the subset of PCRE the lexicons use: literals, `.`, classes (`[...]`, ranges,
// `\s \S \d \D \w \W`, `\xHH`, escaped punctuation, `\t \n \r \f \e \a`), groups `(...)` and
// `(?:...)`, alternation, the quantifiers `? * + {n} {n,} {n,m}` (lazy or possessive too) and the
// word-boundary assertions `\b \B`.  Anything else (other escapes, flags or look-around groups,
// back-references, POSIX classes) and every anchor that looks past the ends of the scanned buffer
// (`^ $ \A \z \Z \G`) gives nullopt: the caller must then search the start the slow way.
#pragma once

#include <bitset>
#include <optional>
#include <string_view>

namespace roi::detect {

// A superset of the bytes the first byte of a non-empty match of `expression` can be (with both
// letter cases of ASCII letters when `caseless`), or nullopt as above.  Pure.
std::optional<std::bitset<256>> ExpressionFirstBytes(std::string_view expression, bool caseless);

}  // namespace roi::detect
