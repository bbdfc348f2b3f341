// Parsers that turn JSON text and TOML files into a Value tree (value.h).  The third-party
// parsers (nlohmann/json, toml++) stay inside parse_json.cc and parse_toml.cc.
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "policy/value.h"

namespace roi::policy {

// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr std::size_t kMaxJsonBytes = 32u << 20;
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses one JSON document.  Returns InvalidArgument with one ErrorDetail (path "" or the
// pointer of the offending key) for malformed JSON, invalid UTF-8, a duplicate key, nesting
// deeper than kMaxJsonDepth or text longer than kMaxJsonBytes.  The message gives the line and
// column, never the offending text.
Result<Value> ParseJson(std::string_view text);

// Reads and parses the TOML file at `path`; problems are reported as "<display_name>:<line>".
// Returns NotFound when the file cannot be read, InvalidArgument for a syntax error.
Result<Value> ParseTomlFile(const std::string& path, const std::string& display_name);

}  // namespace roi::policy
