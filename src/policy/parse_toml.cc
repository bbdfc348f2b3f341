// TOML file -> Value, keeping each value's source line so that a broken rule pack can be
// reported by file, line and key.  toml++ stays inside this file.
#include <toml++/toml.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>

#include "policy/parse_text.h"

namespace roi::policy {
namespace {

Value Convert(const toml::node& node);

Value ConvertTable(const toml::table& table) {
  Value v;
  v.kind = Value::Kind::kObject;
  v.line = static_cast<int>(table.source().begin.line);
  for (const auto& [key, child] : table) {
    Value converted = Convert(child);
    if (converted.line == 0) converted.line = static_cast<int>(key.source().begin.line);
    v.members.emplace_back(std::string(key.str()), std::move(converted));
  }
  return v;
}

Value ConvertArray(const toml::array& array) {
  Value v;
  v.kind = Value::Kind::kArray;
  for (const toml::node& child : array) v.items.push_back(Convert(child));
  return v;
}

Value ConvertDate(const toml::date& date) {
  Value v;
  v.kind = Value::Kind::kDate;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(date.year),
                static_cast<int>(date.month), static_cast<int>(date.day));
  v.text = buffer;
  return v;
}

Value Convert(const toml::node& node) {
  Value v;
  if (const auto* table = node.as_table()) {
    v = ConvertTable(*table);
  } else if (const auto* array = node.as_array()) {
    v = ConvertArray(*array);
  } else if (const auto* text = node.as_string()) {
    v.kind = Value::Kind::kString;
    v.text = text->get();
  } else if (const auto* integer = node.as_integer()) {
    v.kind = Value::Kind::kInt;
    v.integer = integer->get();
  } else if (const auto* boolean = node.as_boolean()) {
    v.kind = Value::Kind::kBool;
    v.boolean = boolean->get();
  } else if (const auto* date = node.as_date()) {
    v = ConvertDate(date->get());
  } else if (node.is_floating_point()) {
    v.kind = Value::Kind::kFloat;
  } else {
    v.kind = Value::Kind::kOther;
  }
  int line = static_cast<int>(node.source().begin.line);
  if (line != 0) v.line = line;
  return v;
}

}  // namespace

Result<Value> ParseTomlFile(const std::string& path, const std::string& display_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot read rule pack " + display_name);
  std::ostringstream text;
  text << in.rdbuf();
  try {
    toml::table table = toml::parse(text.str(), path);
    return ConvertTable(table);
  } catch (const toml::parse_error& err) {
    std::string where = display_name + ":" + std::to_string(err.source().begin.line);
    Error error =
        InvalidArgumentError("broken rule pack " + where + ": " + std::string(err.description()));
    error.details.push_back(ErrorDetail{where, std::string(err.description())});
    return error;
  }
}

}  // namespace roi::policy
