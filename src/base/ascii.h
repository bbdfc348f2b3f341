// ASCII helpers for identifiers and search keys (emails, MRNs, name prefixes).  Only A-Z are
// folded: other bytes, including UTF-8 sequences, pass through unchanged.
#pragma once

#include <string>
#include <string_view>

namespace roi {

// `text` with A-Z mapped to a-z.
inline std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

}  // namespace roi
