#include "policy/value.h"

#include <algorithm>

namespace roi::policy {
namespace {

bool IsShortPrintableAscii(std::string_view text) {
  if (text.size() > 40) return false;
  return std::all_of(text.begin(), text.end(), [](char ch) { return ch >= 0x20 && ch < 0x7f; });
}

}  // namespace

std::string EscapePointer(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char ch : key) {
    if (ch == '~') {
      out += "~0";
    } else if (ch == '/') {
      out += "~1";
    } else {
      out += ch;
    }
  }
  return out;
}

Location Location::Child(std::string_view key) const {
  if (!toml_) return Location(file_, path_ + "/" + EscapePointer(key), false);
  return Location(file_, path_.empty() ? std::string(key) : path_ + "." + std::string(key), true);
}

Location Location::Index(std::size_t index) const {
  if (!toml_) return Location(file_, path_ + "/" + std::to_string(index), false);
  return Location(file_, path_ + "[" + std::to_string(index) + "]", true);
}

std::string Location::Render(int line) const {
  if (!toml_) return path_;
  return file_ + ":" + std::to_string(line) + ": " + (path_.empty() ? "(top level)" : path_);
}

void Problems::Add(const Location& where, int line, std::string message) {
  list_.push_back(ErrorDetail{where.Render(line), std::move(message)});
}

std::string UnknownValueMessage(std::string_view text) {
  if (!IsShortPrintableAscii(text)) return "unknown value";
  std::string message = "unknown value \"";
  for (char ch : text) {
    if (ch == '"' || ch == '\\') message += '\\';
    message += ch;
  }
  return message + "\"";
}

ObjectReader::ObjectReader(const Value& value, Location where, Problems& problems)
    : where_(std::move(where)), problems_(problems) {
  if (value.kind != Value::Kind::kObject) {
    problems_.Add(where_, value.line, "expected an object");
    return;
  }
  object_ = &value;
  seen_.assign(value.members.size(), false);
}

int ObjectReader::Line() const { return object_ != nullptr ? object_->line : 0; }

const Value* ObjectReader::Find(std::string_view key) {
  if (object_ == nullptr) return nullptr;
  for (std::size_t i = 0; i < object_->members.size(); ++i) {
    if (object_->members[i].first != key) continue;
    seen_[i] = true;
    const Value& v = object_->members[i].second;
    return v.kind == Value::Kind::kNull ? nullptr : &v;
  }
  return nullptr;
}

void ObjectReader::Require(std::string_view key) {
  if (object_ != nullptr && Find(key) == nullptr) Fail(key, "required");
}

void ObjectReader::Fail(std::string_view key, std::string message) {
  int line = Line();
  if (object_ != nullptr && !key.empty()) {
    for (const auto& [name, v] : object_->members) {
      if (name == key && v.line != 0) line = v.line;
    }
  }
  problems_.Add(key.empty() ? where_ : where_.Child(key), line, std::move(message));
}

std::optional<bool> ObjectReader::Bool(std::string_view key) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind == Value::Kind::kBool) return v->boolean;
  Fail(key, "expected a boolean");
  return std::nullopt;
}

std::optional<std::int64_t> ObjectReader::Int(std::string_view key, std::int64_t min,
                                              std::int64_t max) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind != Value::Kind::kInt && v->kind != Value::Kind::kBigInt) {
    Fail(key, "expected an integer");
    return std::nullopt;
  }
  if (v->kind == Value::Kind::kBigInt || v->integer < min || v->integer > max) {
    Fail(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return v->integer;
}

std::optional<std::string> ObjectReader::String(std::string_view key, std::size_t max_bytes) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind != Value::Kind::kString) {
    Fail(key, "expected a string");
    return std::nullopt;
  }
  if (v->text.empty() || v->text.size() > max_bytes) {
    Fail(key, "must be 1 to " + std::to_string(max_bytes) + " bytes long");
    return std::nullopt;
  }
  return v->text;
}

std::optional<Date> ObjectReader::DateField(std::string_view key) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind == Value::Kind::kString || v->kind == Value::Kind::kDate) {
    Result<Date> date = Date::Parse(v->text);
    if (date) return *date;
  }
  Fail(key, "expected a date as YYYY-MM-DD");
  return std::nullopt;
}

std::optional<std::vector<std::string>> ObjectReader::StringList(std::string_view key,
                                                                 std::size_t max_items,
                                                                 std::size_t max_bytes) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind != Value::Kind::kArray) {
    Fail(key, "expected an array");
    return std::nullopt;
  }
  if (v->items.size() > max_items) {
    Fail(key, "more than " + std::to_string(max_items) + " items");
    return std::nullopt;
  }
  std::vector<std::string> out;
  Location at = where_.Child(key);
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    const Value& item = v->items[i];
    if (item.kind != Value::Kind::kString || item.text.empty() || item.text.size() > max_bytes) {
      problems_.Add(at.Index(i), item.line ? item.line : Line(),
                    "expected a string of 1 to " + std::to_string(max_bytes) + " bytes");
      continue;
    }
    out.push_back(item.text);
  }
  return out;
}

void ObjectReader::Finish() {
  if (object_ == nullptr) return;
  for (std::size_t i = 0; i < seen_.size(); ++i) {
    if (seen_[i]) continue;
    const auto& [name, v] = object_->members[i];
    problems_.Add(where_.Child(name), v.line ? v.line : Line(), "unknown field");
  }
}

}  // namespace roi::policy
