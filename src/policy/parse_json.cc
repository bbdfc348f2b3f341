// JSON text -> Value, through nlohmann/json's SAX interface so that duplicate keys and excessive
// nesting are caught while parsing (the DOM parser silently keeps the last duplicate).
#include <cstdint>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "policy/parse_text.h"

namespace roi::policy {
namespace {

using Json = nlohmann::json;

class TreeBuilder {
 public:
  bool null() { return Add(Value{}); }
  bool boolean(bool b) {
    Value v;
    v.kind = Value::Kind::kBool;
    v.boolean = b;
    return Add(std::move(v));
  }
  bool number_integer(Json::number_integer_t n) {
    Value v;
    v.kind = Value::Kind::kInt;
    v.integer = n;
    return Add(std::move(v));
  }
  bool number_unsigned(Json::number_unsigned_t n) {
    Value v;
    v.kind = Value::Kind::kInt;
    if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      v.kind = Value::Kind::kBigInt;
    } else {
      v.integer = static_cast<std::int64_t>(n);
    }
    return Add(std::move(v));
  }
  bool number_float(Json::number_float_t /*n*/, const Json::string_t& text) {
    Value v;
    // An integer too large for 64 bits arrives here; keep it an (out-of-range) integer.
    bool integral = text.find_first_of(".eE") == std::string::npos;
    v.kind = integral ? Value::Kind::kBigInt : Value::Kind::kFloat;
    return Add(std::move(v));
  }
  bool string(Json::string_t& s) {
    Value v;
    v.kind = Value::Kind::kString;
    v.text = std::move(s);
    return Add(std::move(v));
  }
  bool binary(Json::binary_t& /*b*/) { return Add(Value{.kind = Value::Kind::kOther}); }
  bool start_object(std::size_t /*n*/) { return Open(Value::Kind::kObject); }
  bool start_array(std::size_t /*n*/) { return Open(Value::Kind::kArray); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool key(Json::string_t& k) {
    Value& object = *stack_.back();
    for (const auto& member : object.members) {
      if (member.first != k) continue;
      std::string path = Pointer();
      AppendToken(path, k);
      return Fail(std::move(path), "duplicate key");
    }
    pending_key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t /*position*/, const std::string& /*token*/,
                   const nlohmann::detail::exception& ex) {
    return Fail("", Describe(ex.what()));
  }

  Value TakeRoot() { return std::move(root_); }
  const ErrorDetail& Problem() const { return problem_; }

 private:
  bool Add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Value& parent = *stack_.back();
    if (parent.kind == Value::Kind::kArray) {
      parent.items.push_back(std::move(v));
    } else {
      parent.members.emplace_back(std::move(pending_key_), std::move(v));
    }
    return true;
  }

  bool Open(Value::Kind kind) {
    if (stack_.size() >= kMaxJsonDepth) {
      return Fail(Pointer(), "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    Value v;
    v.kind = kind;
    Add(std::move(v));
    Value* opened = &root_;
    if (!stack_.empty()) {
      Value& parent = *stack_.back();
      opened =
          parent.kind == Value::Kind::kArray ? &parent.items.back() : &parent.members.back().second;
    }
    stack_.push_back(opened);
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  // The JSON pointer of the innermost open container.
  std::string Pointer() const {
    std::string out;
    for (std::size_t i = 1; i < stack_.size(); ++i) {
      const Value& parent = *stack_[i - 1];
      if (parent.kind == Value::Kind::kArray) {
        out += '/';
        out += std::to_string(parent.items.size() - 1);
      } else {
        AppendToken(out, parent.members.back().first);
      }
    }
    return out;
  }

  // Appends "/" and `key` escaped as a JSON pointer token.
  static void AppendToken(std::string& out, const std::string& key) {
    out += '/';
    out += EscapePointer(key);
  }

  // nlohmann's message without the "last read" echo of the input.
  static std::string Describe(const std::string& what) {
    std::string text = what;
    std::size_t start = text.find("parse error");
    if (start != std::string::npos) text = text.substr(start);
    std::size_t echo = text.find("; last read");
    if (echo != std::string::npos) text = text.substr(0, echo);
    return "malformed JSON: " + text;
  }

  bool Fail(std::string path, std::string message) {
    if (!failed_) problem_ = ErrorDetail{std::move(path), std::move(message)};
    failed_ = true;
    return false;
  }

  Value root_;
  std::vector<Value*> stack_;
  std::string pending_key_;
  ErrorDetail problem_;
  bool failed_ = false;
};

Error InvalidJson(ErrorDetail detail) {
  Error error = InvalidArgumentError("invalid case: " + detail.message);
  error.details.push_back(std::move(detail));
  return error;
}

}  // namespace

Result<Value> ParseJson(std::string_view text) {
  if (text.size() > kMaxJsonBytes) {
    return InvalidJson({"", "document larger than " + std::to_string(kMaxJsonBytes) + " bytes"});
  }
  TreeBuilder builder;
  bool ok = false;
  try {
    ok = Json::sax_parse(text, &builder, Json::input_format_t::json, /*strict=*/true);
  } catch (const std::exception& ex) {  // Defensive: the SAX path reports through parse_error.
    return InvalidJson({"", std::string("malformed JSON: ") + ex.what()});
  }
  if (!ok) return InvalidJson(builder.Problem());
  return builder.TakeRoot();
}

}  // namespace roi::policy
