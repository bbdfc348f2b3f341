// Date: a calendar day (no time, no zone), with calendar and business-day arithmetic.  Business
// days exclude Saturdays, Sundays and US federal holidays on their observed dates.  Pure: the
// current date is always passed in, never read here.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"

namespace roi {

enum class Weekday { kSunday, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

// Value type.  Days are counted from 1970-01-01; years 1 to 9999 are valid.
class Date {
 public:
  constexpr Date() = default;

  // Returns InvalidArgument unless year/month/day name a real day in years 1..9999.
  static Result<Date> FromYmd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD".  Returns InvalidArgument for anything else (including
  // impossible days such as 2026-02-30).
  static Result<Date> Parse(std::string_view text);
  static constexpr Date FromDaysSinceEpoch(std::int32_t days) { return Date(days); }

  int Year() const;
  int Month() const;  // 1..12
  int Day() const;    // 1..31
  Weekday DayOfWeek() const;
  std::int32_t DaysSinceEpoch() const { return days_; }

  // "YYYY-MM-DD".
  std::string ToString() const;

  Date AddDays(std::int32_t days) const { return Date(days_ + days); }
  // Adds calendar months, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29).
  Date AddMonths(int months) const;
  Date AddYears(int years) const { return AddMonths(years * 12); }
  // Days from this date to `other` (negative if `other` is earlier).
  std::int32_t DaysUntil(Date other) const { return other.days_ - days_; }

  bool IsWeekend() const;
  // True on the observed date of a US federal holiday (5 U.S.C. 6103).
  bool IsUsFederalHoliday() const;
  bool IsBusinessDay() const { return !IsWeekend() && !IsUsFederalHoliday(); }
  // The `n`th business day after this date (n >= 0; n == 0 gives this date back unchanged).
  // For negative n, counts backwards.
  Date AddBusinessDays(int n) const;
  // This date if it is a business day, else the next one.
  Date NextBusinessDayOnOrAfter() const;
  // This date if it is a business day, else the previous one.
  Date PreviousBusinessDayOnOrBefore() const;

  auto operator<=>(const Date&) const = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

}  // namespace roi
