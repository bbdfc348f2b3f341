// Money: an amount in US cents, held as a 64-bit integer so that fees never suffer rounding.
// Value type.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roi {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromCents(std::int64_t cents) { return Money(cents); }
  static constexpr Money Zero() { return Money(0); }
  // Parses "12.34", "12", "$1,234.50" or "-3.10".  Returns InvalidArgument for anything else,
  // including more than two decimals or an amount beyond +/- 10^15 dollars.
  static Result<Money> Parse(std::string_view text);

  constexpr std::int64_t Cents() const { return cents_; }
  constexpr bool IsNegative() const { return cents_ < 0; }

  // "$1,234.50"; negative amounts as "-$3.10".
  std::string ToString() const;
  // "1234.50": no symbol, no grouping (for CSV and machine output).
  std::string ToPlainString() const;

  constexpr Money operator+(Money other) const { return Money(cents_ + other.cents_); }
  constexpr Money operator-(Money other) const { return Money(cents_ - other.cents_); }
  constexpr Money operator*(std::int64_t factor) const { return Money(cents_ * factor); }
  Money& operator+=(Money other) {
    cents_ += other.cents_;
    return *this;
  }
  Money& operator-=(Money other) {
    cents_ -= other.cents_;
    return *this;
  }
  // Multiplies by a rate given in basis points (1/100 of a percent), rounding half away from 0.
  Money TimesBasisPoints(std::int64_t basis_points) const;

  static constexpr Money Min(Money a, Money b) { return a.cents_ <= b.cents_ ? a : b; }
  static constexpr Money Max(Money a, Money b) { return a.cents_ >= b.cents_ ? a : b; }

  auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(std::int64_t cents) : cents_(cents) {}
  std::int64_t cents_ = 0;
};

}  // namespace roi
