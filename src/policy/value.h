// Value: a parsed JSON or TOML document as a plain tree, so that the decoders of cases and rule
// packs need no third-party headers; and ObjectReader, which decodes one object of such a tree
// field by field while collecting every problem (unknown fields, wrong types, bad dates).
// Pure: no I/O.  Problem messages name fields and enum spellings, never free-text values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/error.h"
#include "policy/enum_set.h"

namespace roi::policy {

// `key` escaped as one JSON pointer token (RFC 6901): "~" -> "~0", "/" -> "~1".
std::string EscapePointer(std::string_view key);

// Value type.  Object members keep source order.
struct Value {
  enum class Kind : std::uint8_t {
    kNull,
    kBool,
    kInt,
    kBigInt,
    kFloat,
    kString,
    kDate,
    kArray,
    kObject,
    kOther
  };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;  // kString; kDate as "YYYY-MM-DD".
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> members;
  int line = 0;  // 1-based source line where known (TOML), else 0.
};

// Where a value sits: a JSON pointer ("/documents/3/kind") for cases, or a dotted key with file
// and line ("us-ca.toml:12: deadlines[0].days") for rule packs.
class Location {
 public:
  static Location JsonRoot() { return Location("", "", false); }
  static Location TomlRoot(std::string file) { return Location(std::move(file), "", true); }

  Location Child(std::string_view key) const;
  Location Index(std::size_t index) const;
  // The path as reported in an ErrorDetail; for TOML, `line` is the value's line.
  std::string Render(int line) const;

 private:
  Location(std::string file, std::string path, bool toml)
      : file_(std::move(file)), path_(std::move(path)), toml_(toml) {}
  std::string file_;
  std::string path_;
  bool toml_ = false;
};

// Collects problems.  Not thread-safe; one per decode.
class Problems {
 public:
  void Add(const Location& where, int line, std::string message);
  void Add(ErrorDetail detail) { list_.push_back(std::move(detail)); }
  bool Empty() const { return list_.empty(); }
  std::size_t Size() const { return list_.size(); }
  std::vector<ErrorDetail> Take() { return std::move(list_); }

 private:
  std::vector<ErrorDetail> list_;
};

// Reads the fields of one object.  Every typed getter records a problem (and returns nullopt)
// when the field has the wrong type or range; an absent or null field gives nullopt silently.
// Finish() reports every field that no getter asked for.  `value` and `problems` must outlive
// the reader.
class ObjectReader {
 public:
  ObjectReader(const Value& value, Location where, Problems& problems);

  bool IsObject() const { return object_ != nullptr; }
  const Location& Where() const { return where_; }
  int Line() const;
  // The field, or nullptr when absent or null; marks it as known.
  const Value* Find(std::string_view key);
  // Records "required" when the field is absent or null.
  void Require(std::string_view key);

  std::optional<bool> Bool(std::string_view key);
  std::optional<std::int64_t> Int(std::string_view key, std::int64_t min, std::int64_t max);
  std::optional<std::string> String(std::string_view key, std::size_t max_bytes);
  std::optional<Date> DateField(std::string_view key);
  std::optional<std::vector<std::string>> StringList(std::string_view key, std::size_t max_items,
                                                     std::size_t max_bytes);
  template <typename E, std::size_t N>
  std::optional<E> Enum(std::string_view key, const std::array<std::string_view, N>& names);
  template <typename E, std::size_t N>
  std::optional<EnumSet<E>> EnumList(std::string_view key,
                                     const std::array<std::string_view, N>& names);

  // Reports unknown fields.  Call once, after all getters.
  void Finish();

  // Records a problem at field `key` (or at the object itself when `key` is empty).
  void Fail(std::string_view key, std::string message);

 private:
  const Value* object_ = nullptr;
  Location where_;
  Problems& problems_;
  std::vector<bool> seen_;
};

// `unknown value "xray"`; the value is echoed only when short printable ASCII.
std::string UnknownValueMessage(std::string_view text);

template <typename E, std::size_t N>
std::optional<E> ObjectReader::Enum(std::string_view key,
                                    const std::array<std::string_view, N>& names) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind != Value::Kind::kString) {
    Fail(key, "expected a string");
    return std::nullopt;
  }
  std::optional<E> e = EnumFromName<E>(names, v->text);
  if (!e) Fail(key, UnknownValueMessage(v->text));
  return e;
}

template <typename E, std::size_t N>
std::optional<EnumSet<E>> ObjectReader::EnumList(std::string_view key,
                                                 const std::array<std::string_view, N>& names) {
  const Value* v = Find(key);
  if (v == nullptr) return std::nullopt;
  if (v->kind != Value::Kind::kArray) {
    Fail(key, "expected an array");
    return std::nullopt;
  }
  EnumSet<E> set;
  Location at = where_.Child(key);
  for (std::size_t i = 0; i < v->items.size(); ++i) {
    const Value& item = v->items[i];
    std::optional<E> e;
    if (item.kind == Value::Kind::kString) e = EnumFromName<E>(names, item.text);
    if (e) {
      set.Insert(*e);
      continue;
    }
    problems_.Add(
        at.Index(i), item.line ? item.line : Line(),
        item.kind == Value::Kind::kString ? UnknownValueMessage(item.text) : "expected a string");
  }
  return set;
}

}  // namespace roi::policy
