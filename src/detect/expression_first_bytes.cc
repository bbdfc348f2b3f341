#include "detect/expression_first_bytes.h"

#include <cstddef>

namespace roi::detect {
namespace {

using Bytes = std::bitset<256>;

// What a part of an expression can start with, and whether it can match the empty string (then
// what follows it can start the match too).
struct First {
  Bytes bytes;
  bool nullable = true;
};

Bytes Byte(unsigned char c) {
  Bytes bytes;
  bytes.set(c);
  return bytes;
}

Bytes Range(unsigned char from, unsigned char to) {
  Bytes bytes;
  for (unsigned c = from; c <= to; ++c) bytes.set(c);
  return bytes;
}

// Hyperscan's classes without UTF-8 mode.
Bytes Space() {
  Bytes bytes = Range('\t', '\r');
  bytes.set(' ');
  return bytes;
}
Bytes Digit() { return Range('0', '9'); }
Bytes Word() {
  Bytes bytes = Range('0', '9') | Range('A', 'Z') | Range('a', 'z');
  bytes.set('_');
  return bytes;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
unsigned HexValue(char c) {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  return static_cast<unsigned>(c - 'A' + 10);
}

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Both cases of every ASCII letter in `bytes`; for safety also both "cases" (bit 0x20) of every
// byte from 0xc0, in case an engine folds Latin-1 letters too.
Bytes BothCases(Bytes bytes) {
  for (unsigned c = 'a'; c <= 'z'; ++c) {
    if (bytes.test(c) || bytes.test(c - 32)) {
      bytes.set(c);
      bytes.set(c - 32);
    }
  }
  for (unsigned c = 0xe0; c <= 0xff; ++c) {
    if (bytes.test(c) || bytes.test(c - 32)) {
      bytes.set(c);
      bytes.set(c - 32);
    }
  }
  return bytes;
}

class Parser {
 public:
  Parser(std::string_view text, bool caseless) : s_(text), caseless_(caseless) {}

  std::optional<Bytes> Run() {
    First first;
    if (!Alternatives(first) || pos_ != s_.size()) return std::nullopt;
    return first.bytes;
  }

 private:
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return s_[pos_]; }

  Bytes Letters(Bytes bytes) const { return caseless_ ? BothCases(bytes) : bytes; }

  bool Alternatives(First& out) {
    if (!Sequence(out)) return false;
    while (!AtEnd() && Peek() == '|') {
      ++pos_;
      First next;
      if (!Sequence(next)) return false;
      out.bytes |= next.bytes;
      out.nullable = out.nullable || next.nullable;
    }
    return true;
  }

  bool Sequence(First& out) {
    out = First{};
    while (!AtEnd() && Peek() != '|' && Peek() != ')') {
      First atom;
      if (!Atom(atom) || !Quantifier(atom)) return false;
      if (out.nullable) out.bytes |= atom.bytes;
      out.nullable = out.nullable && atom.nullable;
    }
    return true;
  }

  bool Atom(First& out) {
    char c = Peek();
    if (c == '(') {
      ++pos_;
      if (s_.substr(pos_).starts_with("?:")) {
        pos_ += 2;
      } else if (!AtEnd() && Peek() == '?') {
        return false;  // Flags, look-around, named groups, comments.
      }
      if (!Alternatives(out) || AtEnd() || Peek() != ')') return false;
      ++pos_;
      return true;
    }
    if (c == '[') return Class(out);
    if (c == '\\') return Escape(out);
    if (c == '.') {
      ++pos_;
      out = {.bytes = Bytes().set(), .nullable = false};
      return true;
    }
    // Anchors, a quantifier with nothing to repeat, a stray bracket or brace: not understood.
    if (c == '^' || c == '$' || c == '*' || c == '+' || c == '?' || c == '{' || c == '}' ||
        c == ']' || c == ')') {
      return false;
    }
    ++pos_;
    out = {.bytes = Letters(Byte(static_cast<unsigned char>(c))), .nullable = false};
    return true;
  }

  // An escape outside a class.
  bool Escape(First& out) {
    if (pos_ + 1 >= s_.size()) return false;
    char c = s_[pos_ + 1];
    if (c == 'b' || c == 'B') {  // Zero-width.
      pos_ += 2;
      out = First{};
      return true;
    }
    Bytes bytes;
    if (!EscapedBytes(bytes)) return false;
    out = {.bytes = bytes, .nullable = false};
    return true;
  }

  // The bytes of an escape that consumes one byte (in or out of a class, but not \b); advances
  // past it.  False for anything else.
  bool EscapedBytes(Bytes& bytes) {
    char c = s_[pos_ + 1];
    pos_ += 2;
    switch (c) {
      case 's':
        bytes = Space();
        return true;
      case 'S':
        bytes = ~Space();
        return true;
      case 'd':
        bytes = Digit();
        return true;
      case 'D':
        bytes = ~Digit();
        return true;
      case 'w':
        bytes = Word();
        return true;
      case 'W':
        bytes = ~Word();
        return true;
      case 't':
        bytes = Byte('\t');
        return true;
      case 'n':
        bytes = Byte('\n');
        return true;
      case 'r':
        bytes = Byte('\r');
        return true;
      case 'f':
        bytes = Byte('\f');
        return true;
      case 'e':
        bytes = Byte(0x1b);
        return true;
      case 'a':
        bytes = Byte(0x07);
        return true;
      case 'x':
        if (pos_ + 1 < s_.size() && IsHex(s_[pos_]) && IsHex(s_[pos_ + 1])) {
          bytes = Letters(
              Byte(static_cast<unsigned char>(HexValue(s_[pos_]) * 16 + HexValue(s_[pos_ + 1]))));
          pos_ += 2;
          return true;
        }
        return false;
      default:
        // Escaped punctuation is itself; other letters and digits mean something else.
        if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) return false;
        bytes = Byte(static_cast<unsigned char>(c));
        return true;
    }
  }

  // One member of a class: a byte (returned in `single`, for ranges) or a set.
  bool ClassMember(Bytes& bytes, int& single) {
    single = -1;
    char c = Peek();
    if (c == '\\') {
      if (pos_ + 1 >= s_.size()) return false;
      char e = s_[pos_ + 1];
      if (e == 'b') {  // Backspace inside a class.
        pos_ += 2;
        bytes = Byte(0x08);
        single = 0x08;
        return true;
      }
      if (!EscapedBytes(bytes)) return false;
      if (bytes.count() == 1) {
        for (int b = 0; b < 256; ++b) {
          if (bytes.test(static_cast<std::size_t>(b))) single = b;
        }
      }
      return true;
    }
    if (c == '[' && pos_ + 1 < s_.size() &&
        (s_[pos_ + 1] == ':' || s_[pos_ + 1] == '.' || s_[pos_ + 1] == '=')) {
      return false;  // POSIX classes.
    }
    ++pos_;
    single = static_cast<unsigned char>(c);
    bytes = Byte(static_cast<unsigned char>(c));
    return true;
  }

  bool Class(First& out) {
    ++pos_;                                       // '['
    if (!AtEnd() && Peek() == '^') return false;  // Negated: not needed by the lexicons.
    Bytes bytes;
    bool first_member = true;
    while (true) {
      if (AtEnd()) return false;
      if (Peek() == ']' && !first_member) {
        ++pos_;
        break;
      }
      first_member = false;
      Bytes member;
      int from = -1;
      if (!ClassMember(member, from)) return false;
      if (!AtEnd() && Peek() == '-' && pos_ + 1 < s_.size() && s_[pos_ + 1] != ']') {
        ++pos_;
        Bytes upper;
        int to = -1;
        if (!ClassMember(upper, to) || from < 0 || to < 0 || to < from) return false;
        member = Range(static_cast<unsigned char>(from), static_cast<unsigned char>(to));
      }
      bytes |= member;
    }
    out = {.bytes = Letters(bytes), .nullable = false};
    return true;
  }

  // Reads a decimal number; false if there is none.
  bool Number(std::size_t& value) {
    std::size_t start = pos_;
    value = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      value = value * 10 + static_cast<std::size_t>(Peek() - '0');
      if (value > 100000) return false;
      ++pos_;
    }
    return pos_ > start;
  }

  bool Quantifier(First& atom) {
    if (AtEnd()) return true;
    char c = Peek();
    std::size_t min = 1;
    if (c == '?' || c == '*') {
      min = 0;
      ++pos_;
    } else if (c == '+') {
      ++pos_;
    } else if (c == '{') {
      ++pos_;
      if (!Number(min)) return false;
      if (!AtEnd() && Peek() == ',') {
        ++pos_;
        std::size_t max = 0;
        if (!AtEnd() && Peek() != '}' && (!Number(max) || max < min)) return false;
      }
      if (AtEnd() || Peek() != '}') return false;
      ++pos_;
    } else {
      return true;
    }
    if (!AtEnd() && (Peek() == '?' || Peek() == '+')) ++pos_;  // Lazy or possessive.
    // A second quantifier in a row is not understood.
    if (!AtEnd() && (Peek() == '?' || Peek() == '*' || Peek() == '+' || Peek() == '{')) {
      return false;
    }
    if (min == 0) atom.nullable = true;
    return true;
  }

  std::string_view s_;
  bool caseless_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::bitset<256>> ExpressionFirstBytes(std::string_view expression, bool caseless) {
  if (expression.empty()) return std::nullopt;
  return Parser(expression, caseless).Run();
}

}  // namespace roi::detect
