#include "app/lexicon.h"

#include <algorithm>
#include <map>

#include "policy/case.h"

namespace roi {
namespace {

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r";
  std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

// Parsing state for one file.
struct FileParser {
  std::string_view file;
  int line = 0;
  bool has_category = false;
  bool has_label = false;
  SensitiveCategory category = SensitiveCategory::kIdentifier;
  std::string label;
  std::vector<LexiconEntry> entries;

  Error Fail(std::string_view message) const {
    return InvalidArgumentError("lexicon " + std::string(file) + ":" + std::to_string(line) + ": " +
                                std::string(message));
  }

  Status Header(std::string_view key, std::string_view value) {
    if (!entries.empty()) return Fail("\"" + std::string(key) + " =\" must come before entries");
    if (key == "category") {
      if (has_category) return Fail("category given twice");
      Result<SensitiveCategory> parsed = ParseSensitiveCategory(value);
      if (!parsed) return Fail(parsed.error().message);
      category = *parsed;
      has_category = true;
      return OkStatus();
    }
    if (key == "label") {
      if (has_label) return Fail("label given twice");
      if (value != "none" && std::find(policy::kLabelNames.begin(), policy::kLabelNames.end(),
                                       value) == policy::kLabelNames.end()) {
        return Fail("unknown label \"" + std::string(value) +
                    "\" (none or one of the policy labels)");
      }
      label = value == "none" ? "" : std::string(value);
      has_label = true;
      return OkStatus();
    }
    return Fail("unknown header \"" + std::string(key) + "\" (category or label)");
  }

  static bool IsId(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
  }

  Status Entry(std::string_view text) {
    if (!has_category || !has_label) return Fail("\"category =\" and \"label =\" must come first");
    if (category == SensitiveCategory::kIdentifier && !label.empty()) {
      return Fail("identifiers take label = none");
    }
    if (category != SensitiveCategory::kIdentifier && label.empty()) {
      return Fail("only identifiers may have label = none");
    }
    std::size_t bar1 = text.find('|');
    std::size_t bar2 = bar1 == std::string_view::npos ? bar1 : text.find('|', bar1 + 1);
    std::size_t bar3 = bar2 == std::string_view::npos ? bar2 : text.find('|', bar2 + 1);
    if (bar3 == std::string_view::npos) return Fail("expected \"kind | id | flags | text\"");
    LexiconEntry entry{
        .file = std::string(file), .line = line, .category = category, .label = label};
    std::string_view kind = Trim(text.substr(0, bar1));
    if (kind == "term") {
      entry.kind = LexiconKind::kTerm;
    } else if (kind == "regex") {
      entry.kind = LexiconKind::kRegex;
    } else {
      return Fail("unknown kind \"" + std::string(kind) + "\" (term or regex)");
    }
    std::string_view id = Trim(text.substr(bar1 + 1, bar2 - bar1 - 1));
    if (!IsId(id)) return Fail("id must be 1-64 characters of a-z, 0-9 and _");
    if (std::any_of(entries.begin(), entries.end(),
                    [&](const LexiconEntry& e) { return e.id == id; })) {
      return Fail("id \"" + std::string(id) + "\" repeated");
    }
    entry.id = std::string(id);
    std::string_view flags = Trim(text.substr(bar2 + 1, bar3 - bar2 - 1));
    if (flags != "-") {
      for (char flag : flags) {
        if (flag == 'i') {
          entry.caseless = true;
        } else if (flag == 'w') {
          entry.whole_words = true;
        } else if (flag == 's') {
          entry.track_start = true;
        } else {
          return Fail("unknown flag '" + std::string(1, flag) + "' (i, w, s, or - for none)");
        }
      }
    }
    entry.text = std::string(Trim(text.substr(bar3 + 1)));
    if (entry.text.empty()) return Fail("empty text");
    entries.push_back(std::move(entry));
    return OkStatus();
  }

  Status Line(std::string_view raw) {
    std::string_view text = Trim(raw);
    if (text.empty() || text.front() == '#') return OkStatus();
    std::size_t equals = text.find('=');
    std::size_t bar = text.find('|');
    if (equals != std::string_view::npos && (bar == std::string_view::npos || equals < bar)) {
      return Header(Trim(text.substr(0, equals)), Trim(text.substr(equals + 1)));
    }
    return Entry(text);
  }
};

}  // namespace

Result<std::vector<LexiconEntry>> ParseLexicon(std::string_view file_name, std::string_view text) {
  FileParser parser{.file = file_name};
  while (!text.empty()) {
    ++parser.line;
    std::size_t newline = text.find('\n');
    std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    if (raw.find('\0') != std::string_view::npos) return parser.Fail("NUL byte");
    if (Status line = parser.Line(raw); !line) return line.error();
  }
  if (parser.entries.empty()) {
    parser.line = std::max(parser.line, 1);
    return parser.Fail("no entries");
  }
  return std::move(parser.entries);
}

Status CheckLexicon(const std::vector<LexiconEntry>& entries) {
  if (entries.empty()) return InvalidArgumentError("lexicon: no entries at all");
  std::map<std::string_view, const LexiconEntry*> seen;
  for (const LexiconEntry& entry : entries) {
    auto [at, inserted] = seen.emplace(entry.id, &entry);
    if (!inserted) {
      return InvalidArgumentError("lexicon " + LexiconPlace(entry) + ": id \"" + entry.id +
                                  "\" already used at " + LexiconPlace(*at->second));
    }
  }
  return OkStatus();
}

std::string LexiconExpression(const LexiconEntry& entry) {
  std::string body;
  if (entry.kind == LexiconKind::kRegex) {
    body = entry.whole_words ? "(?:" + entry.text + ")" : entry.text;
  } else {
    constexpr char kHex[] = "0123456789abcdef";
    bool in_space = false;
    for (char c : entry.text) {
      auto byte = static_cast<unsigned char>(c);
      if (c == ' ' || c == '\t') {
        if (!in_space) body += "\\s+";
        in_space = true;
        continue;
      }
      in_space = false;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        body += c;
      } else {
        body += "\\x";
        body += kHex[byte >> 4];
        body += kHex[byte & 0xf];
      }
    }
  }
  return entry.whole_words ? "\\b" + body + "\\b" : body;
}

std::string LexiconPlace(const LexiconEntry& entry) {
  return entry.file + ":" + std::to_string(entry.line);
}

}  // namespace roi
