// EnumSet: a small set of enumerators held as a bit mask, and the name tables that map the
// policy layer's enums to their contract spellings.  Pure value types; no allocation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace roi::policy {

// Value type.  REQUIRES: E's enumerators are 0..31.
template <typename E>
class EnumSet {
 public:
  constexpr EnumSet() = default;
  constexpr EnumSet(std::initializer_list<E> values) {
    for (E value : values) Insert(value);
  }

  constexpr void Insert(E value) { bits_ |= Bit(value); }
  constexpr bool Has(E value) const { return (bits_ & Bit(value)) != 0; }
  constexpr bool Empty() const { return bits_ == 0; }
  constexpr bool Intersects(EnumSet other) const { return (bits_ & other.bits_) != 0; }
  constexpr std::uint32_t Bits() const { return bits_; }

  bool operator==(const EnumSet&) const = default;

 private:
  static constexpr std::uint32_t Bit(E value) {
    return std::uint32_t{1} << static_cast<unsigned>(value);
  }
  std::uint32_t bits_ = 0;
};

// The enumerator whose name in `names` is `text`, or nullopt.  Names are indexed by enumerator.
template <typename E, std::size_t N>
std::optional<E> EnumFromName(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

// The contract spelling of `value`.  REQUIRES: `value` indexes `names`.
template <typename E, std::size_t N>
constexpr std::string_view EnumName(const std::array<std::string_view, N>& names, E value) {
  return names[static_cast<std::size_t>(value)];
}

}  // namespace roi::policy
