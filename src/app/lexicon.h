// Lexicon: the parsed form of the sensitive-content lexicon files (data/lexicons/*.txt; format
// in docs/detection.md) and the regular expression each entry compiles to.  Pure: parses text it
// is given and never reads files (the detect adapter does).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/sensitive_content.h"
#include "base/result.h"

namespace roi {

enum class LexiconKind : std::uint8_t {
  kTerm,   // Literal words; a run of spaces matches any run of whitespace.
  kRegex,  // A regular expression in the PCRE subset Hyperscan accepts.
};

// Value type: one entry line of a lexicon file.
struct LexiconEntry {
  std::string file;  // The file name, for messages.
  int line = 0;      // 1-based line in `file`.
  SensitiveCategory category = SensitiveCategory::kIdentifier;
  std::string label;  // From the file's `label =`; empty for "none".
  std::string id;     // Lower-case [a-z0-9_]; unique across all loaded files.
  LexiconKind kind = LexiconKind::kTerm;
  bool caseless = false;     // Flag `i`.
  bool whole_words = false;  // Flag `w`: a word boundary at both ends.
  // Flag `s`: a regular expression whose start the matching engine may track in its main pass
  // (docs/detection.md, "Start and end of a match"); terms always have it.
  bool track_start = false;
  std::string text;  // The literal term or the regular expression.

  bool operator==(const LexiconEntry&) const = default;
};

// Parses one lexicon file's text.  `file_name` is used only in messages.  Returns InvalidArgument
// "lexicon FILE:LINE: ..." for: a missing, repeated or misplaced `category =` or `label =`
// header, an unknown category or label (or a label on identifiers), a malformed entry line (not
// `kind | id | flags | text`), an unknown kind or flag, a bad or repeated id, empty text, and a
// file without entries.  Regular expressions are checked when compiled (the adapter names the
// file and line too).
Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view file_name, std::string_view text);

// Returns InvalidArgument naming both places when two entries share an id, and when `entries`
// is empty.
Status CheckLexicon(const std::vector<LexiconEntry>& entries);

// The regular expression `entry` matches: a term with its metacharacters and non-ASCII bytes
// escaped and spaces turned into \s+; either kind wrapped in \b...\b when whole_words.  Case is
// left to the engine (entry.caseless).
std::string LexiconExpression(const LexiconEntry& entry);

// "FILE:LINE" of `entry`, for messages.
std::string LexiconPlace(const LexiconEntry& entry);

}  // namespace roi
