#include "base/date.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace roi {
namespace {

namespace chr = std::chrono;

chr::year_month_day ToYmd(std::int32_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}

std::int32_t ToDays(const chr::year_month_day& ymd) {
  return static_cast<std::int32_t>(chr::sys_days{ymd}.time_since_epoch().count());
}

std::int32_t YmdDays(int year, unsigned month, unsigned day) {
  return ToDays(chr::year{year} / chr::month{month} / chr::day{day});
}

// The day of the `n`th `weekday` (1-based) of the month, or the last one when n == 0.
std::int32_t NthWeekday(int year, unsigned month, unsigned weekday, unsigned n) {
  chr::weekday wd{weekday};
  if (n == 0) {
    return ToDays(chr::year_month_day{chr::year{year} / chr::month{month} / wd[chr::last]});
  }
  return ToDays(chr::year_month_day{chr::year{year} / chr::month{month} / wd[n]});
}

// The observed date of a fixed-date holiday: Saturday moves to Friday, Sunday to Monday.
std::int32_t Observed(std::int32_t days) {
  unsigned wd = chr::weekday{chr::sys_days{chr::days{days}}}.c_encoding();
  if (wd == 6) return days - 1;
  if (wd == 0) return days + 1;
  return days;
}

bool IsHolidayInYear(int year, std::int32_t days) {
  constexpr unsigned kMon = 1;
  constexpr unsigned kThu = 4;
  if (days == Observed(YmdDays(year, 1, 1))) return true;        // New Year's Day
  if (days == NthWeekday(year, 1, kMon, 3)) return true;         // Birthday of M. L. King, Jr.
  if (days == NthWeekday(year, 2, kMon, 3)) return true;         // Washington's Birthday
  if (days == NthWeekday(year, 5, kMon, 0)) return true;         // Memorial Day
  if (year >= 2021 && days == Observed(YmdDays(year, 6, 19))) {  // Juneteenth (from 2021)
    return true;
  }
  if (days == Observed(YmdDays(year, 7, 4))) return true;    // Independence Day
  if (days == NthWeekday(year, 9, kMon, 1)) return true;     // Labor Day
  if (days == NthWeekday(year, 10, kMon, 2)) return true;    // Columbus Day
  if (days == Observed(YmdDays(year, 11, 11))) return true;  // Veterans Day
  if (days == NthWeekday(year, 11, kThu, 4)) return true;    // Thanksgiving Day
  if (days == Observed(YmdDays(year, 12, 25))) return true;  // Christmas Day
  return false;
}

}  // namespace

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
    return InvalidArgumentError("not a valid date");
  }
  chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                          chr::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return InvalidArgumentError("not a valid date");
  return Date(ToDays(ymd));
}

Result<Date> Date::Parse(std::string_view text) {
  auto bad = [&] { return InvalidArgumentError("expected a date as YYYY-MM-DD"); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  auto digits = [&](std::size_t pos, std::size_t len, int& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int year = 0;
  int month = 0;
  int day = 0;
  if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return bad();
  Result<Date> date = FromYmd(year, month, day);
  if (!date) return bad();
  return date;
}

int Date::Year() const { return static_cast<int>(ToYmd(days_).year()); }
int Date::Month() const { return static_cast<int>(static_cast<unsigned>(ToYmd(days_).month())); }
int Date::Day() const { return static_cast<int>(static_cast<unsigned>(ToYmd(days_).day())); }

Weekday Date::DayOfWeek() const {
  return static_cast<Weekday>(chr::weekday{chr::sys_days{chr::days{days_}}}.c_encoding());
}

std::string Date::ToString() const {
  std::array<char, 16> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02d", Year(), Month(), Day());
  return std::string(buffer.data());
}

Date Date::AddMonths(int months) const {
  chr::year_month_day ymd = ToYmd(days_);
  int total = static_cast<int>(ymd.year()) * 12 +
              static_cast<int>(static_cast<unsigned>(ymd.month())) - 1 + months;
  int year = total / 12;
  unsigned month = static_cast<unsigned>(total % 12) + 1;
  chr::year_month_day_last last{chr::year{year}, chr::month_day_last{chr::month{month}}};
  chr::day day = ymd.day() < last.day() ? ymd.day() : last.day();
  return Date(ToDays(chr::year_month_day{chr::year{year}, chr::month{month}, day}));
}

bool Date::IsWeekend() const {
  Weekday wd = DayOfWeek();
  return wd == Weekday::kSaturday || wd == Weekday::kSunday;
}

bool Date::IsUsFederalHoliday() const {
  int year = Year();
  // New Year's Day on a Saturday is observed on December 31 of the year before.
  return IsHolidayInYear(year, days_) || (Month() == 12 && IsHolidayInYear(year + 1, days_));
}

Date Date::AddBusinessDays(int n) const {
  Date date = *this;
  int step = n >= 0 ? 1 : -1;
  for (int remaining = n >= 0 ? n : -n; remaining > 0;) {
    date = date.AddDays(step);
    if (date.IsBusinessDay()) --remaining;
  }
  return date;
}

Date Date::NextBusinessDayOnOrAfter() const {
  Date date = *this;
  while (!date.IsBusinessDay()) date = date.AddDays(1);
  return date;
}

Date Date::PreviousBusinessDayOnOrBefore() const {
  Date date = *this;
  while (!date.IsBusinessDay()) date = date.AddDays(-1);
  return date;
}

}  // namespace roi
