#include "base/money.h"

namespace roi {
namespace {

constexpr std::int64_t kMaxCents = 100'000'000'000'000'000;  // 10^15 dollars.

std::string Digits(std::int64_t cents, bool grouped) {
  std::uint64_t magnitude =
      cents < 0 ? static_cast<std::uint64_t>(-(cents + 1)) + 1 : static_cast<std::uint64_t>(cents);
  std::string whole = std::to_string(magnitude / 100);
  if (grouped) {
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) {
      whole.insert(static_cast<std::size_t>(i), ",");
    }
  }
  std::uint64_t fraction = magnitude % 100;
  whole += '.';
  whole += static_cast<char>('0' + fraction / 10);
  whole += static_cast<char>('0' + fraction % 10);
  return whole;
}

}  // namespace

Result<Money> Money::Parse(std::string_view text) {
  auto bad = [] { return InvalidArgumentError("expected an amount such as 12.34"); };
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  if (!text.empty() && text.front() == '$') text.remove_prefix(1);
  if (text.empty()) return bad();
  std::int64_t whole = 0;
  std::int64_t fraction = 0;
  int fraction_digits = -1;  // -1: no decimal point seen.
  bool any_digit = false;
  for (char c : text) {
    if (c == ',' && fraction_digits < 0) continue;
    if (c == '.' && fraction_digits < 0) {
      fraction_digits = 0;
      continue;
    }
    if (c < '0' || c > '9') return bad();
    any_digit = true;
    if (fraction_digits >= 0) {
      if (++fraction_digits > 2) return bad();
      fraction = fraction * 10 + (c - '0');
    } else {
      whole = whole * 10 + (c - '0');
      if (whole * 100 > kMaxCents) return bad();
    }
  }
  if (!any_digit) return bad();
  if (fraction_digits == 1) fraction *= 10;
  std::int64_t cents = whole * 100 + fraction;
  return Money(negative ? -cents : cents);
}

// Built with append rather than operator+: GCC 12 at -O3 reports a false -Wrestrict on
// `literal + std::string`.
std::string Money::ToString() const {
  std::string out(cents_ < 0 ? "-$" : "$");
  out.append(Digits(cents_, /*grouped=*/true));
  return out;
}

std::string Money::ToPlainString() const {
  std::string out(cents_ < 0 ? "-" : "");
  out.append(Digits(cents_, /*grouped=*/false));
  return out;
}

Money Money::TimesBasisPoints(std::int64_t basis_points) const {
  std::int64_t product = cents_ * basis_points;
  std::int64_t rounded = product >= 0 ? (product + 5'000) / 10'000 : (product - 5'000) / 10'000;
  return Money(rounded);
}

}  // namespace roi
