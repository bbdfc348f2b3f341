#include "base/date.h"

#include <gtest/gtest.h>

#include <string>

namespace roi {
namespace {

Date D(const char* text) {
  Result<Date> date = Date::Parse(text);
  EXPECT_TRUE(date) << text;
  return date ? *date : Date();
}

TEST(DateTest, ParsesAndFormats) {
  Date date = D("2026-03-02");
  EXPECT_EQ(date.Year(), 2026);
  EXPECT_EQ(date.Month(), 3);
  EXPECT_EQ(date.Day(), 2);
  EXPECT_EQ(date.ToString(), "2026-03-02");
  EXPECT_EQ(D("1970-01-01").DaysSinceEpoch(), 0);
  EXPECT_EQ(D("0001-01-01").ToString(), "0001-01-01");
  EXPECT_EQ(D("9999-12-31").ToString(), "9999-12-31");
}

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  const char* bad[] = {"",           "2026-3-02",   "2026/03/02", "2026-02-30",
                       "2025-02-29", "2026-13-01",  "2026-00-10", "0000-01-01",
                       "20260302",   "2026-03-02T", "abcd-ef-gh", " 2026-03-02"};
  for (const char* text : bad) {
    Result<Date> date = Date::Parse(text);
    ASSERT_FALSE(date) << text;
    EXPECT_EQ(date.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_TRUE(Date::Parse("2024-02-29"));
}

TEST(DateTest, CalendarArithmetic) {
  // HIPAA access: receipt + 30 calendar days, no roll-forward.
  EXPECT_EQ(D("2026-03-02").AddDays(30), D("2026-04-01"));
  EXPECT_EQ(D("2026-03-02").AddDays(60), D("2026-05-01"));
  EXPECT_EQ(D("2026-12-31").AddDays(1), D("2027-01-01"));
  EXPECT_EQ(D("2026-01-01").DaysUntil(D("2026-12-31")), 364);
  EXPECT_EQ(D("2026-01-31").AddMonths(1), D("2026-02-28"));
  EXPECT_EQ(D("2024-01-31").AddMonths(1), D("2024-02-29"));
  EXPECT_EQ(D("2026-11-15").AddMonths(3), D("2027-02-15"));
  EXPECT_EQ(D("2026-03-15").AddMonths(-3), D("2025-12-15"));
  EXPECT_EQ(D("2020-02-29").AddYears(6), D("2026-02-28"));
}

TEST(DateTest, Weekdays) {
  EXPECT_EQ(D("1970-01-01").DayOfWeek(), Weekday::kThursday);
  EXPECT_EQ(D("2026-11-23").DayOfWeek(), Weekday::kMonday);
  EXPECT_TRUE(D("2026-11-21").IsWeekend());
  EXPECT_FALSE(D("2026-11-23").IsWeekend());
}

// Observed US federal holidays, from the federal personnel calendar.
TEST(DateTest, FederalHolidays2026) {
  const char* holidays[] = {"2026-01-01", "2026-01-19", "2026-02-16", "2026-05-25",
                            "2026-06-19", "2026-07-03", "2026-09-07", "2026-10-12",
                            "2026-11-11", "2026-11-26", "2026-12-25"};
  for (const char* text : holidays) EXPECT_TRUE(D(text).IsUsFederalHoliday()) << text;
  int count = 0;
  for (Date d = D("2026-01-01"); d <= D("2026-12-31"); d = d.AddDays(1)) {
    if (d.IsUsFederalHoliday()) ++count;
  }
  EXPECT_EQ(count, 11);
  EXPECT_FALSE(D("2026-07-04").IsUsFederalHoliday());  // Saturday; observed Friday 07-03.
}

TEST(DateTest, ObservedRulesAcrossYears) {
  EXPECT_TRUE(D("2021-12-31").IsUsFederalHoliday());  // 2022-01-01 is a Saturday.
  EXPECT_FALSE(D("2022-01-01").IsUsFederalHoliday());
  EXPECT_TRUE(D("2023-01-02").IsUsFederalHoliday());   // 2023-01-01 is a Sunday.
  EXPECT_FALSE(D("2020-06-19").IsUsFederalHoliday());  // Juneteenth starts in 2021.
  EXPECT_TRUE(D("2022-06-20").IsUsFederalHoliday());   // 2022-06-19 is a Sunday.
  EXPECT_TRUE(D("2027-12-24").IsUsFederalHoliday());   // 2027-12-25 is a Saturday.
  EXPECT_TRUE(D("2027-12-31").IsUsFederalHoliday());   // 2028-01-01 is a Saturday.
}

TEST(DateTest, BusinessDays) {
  // Friday 2026-11-20 + 1 business day = Monday 11-23.
  EXPECT_EQ(D("2026-11-20").AddBusinessDays(1), D("2026-11-23"));
  // Wednesday 11-25 + 1 skips Thanksgiving (11-26) to Friday 11-27.
  EXPECT_EQ(D("2026-11-25").AddBusinessDays(1), D("2026-11-27"));
  // 15 business days from 2026-12-15 skip two weekends... and Christmas and New Year's Day.
  EXPECT_EQ(D("2026-12-15").AddBusinessDays(15), D("2027-01-07"));
  EXPECT_EQ(D("2026-11-23").AddBusinessDays(0), D("2026-11-23"));
  EXPECT_EQ(D("2026-11-23").AddBusinessDays(-1), D("2026-11-20"));
  EXPECT_EQ(D("2026-11-21").NextBusinessDayOnOrAfter(), D("2026-11-23"));
  EXPECT_EQ(D("2026-11-26").PreviousBusinessDayOnOrBefore(), D("2026-11-25"));
}

}  // namespace
}  // namespace roi
