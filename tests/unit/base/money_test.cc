#include "base/money.h"

#include <gtest/gtest.h>

namespace roi {
namespace {

TEST(MoneyTest, FormatsDollarsAndCents) {
  EXPECT_EQ(Money::FromCents(650).ToString(), "$6.50");
  EXPECT_EQ(Money::FromCents(123456789).ToString(), "$1,234,567.89");
  EXPECT_EQ(Money::FromCents(5).ToString(), "$0.05");
  EXPECT_EQ(Money::FromCents(-310).ToString(), "-$3.10");
  EXPECT_EQ(Money::FromCents(123456).ToPlainString(), "1234.56");
  EXPECT_EQ(Money::Zero().ToPlainString(), "0.00");
}

TEST(MoneyTest, ParsesCommonForms) {
  EXPECT_EQ(Money::Parse("12.34")->Cents(), 1234);
  EXPECT_EQ(Money::Parse("12")->Cents(), 1200);
  EXPECT_EQ(Money::Parse("12.5")->Cents(), 1250);
  EXPECT_EQ(Money::Parse("$1,234.50")->Cents(), 123450);
  EXPECT_EQ(Money::Parse("-3.10")->Cents(), -310);
}

TEST(MoneyTest, RejectsBadAmounts) {
  for (const char* text : {"", "$", "1.234", "abc", "1.2.3", "12,34.5.", "99999999999999999999"}) {
    Result<Money> money = Money::Parse(text);
    ASSERT_FALSE(money) << text;
    EXPECT_EQ(money.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(MoneyTest, Arithmetic) {
  Money a = Money::FromCents(150);
  Money b = Money::FromCents(25);
  EXPECT_EQ((a + b).Cents(), 175);
  EXPECT_EQ((a - b).Cents(), 125);
  EXPECT_EQ((b * 4).Cents(), 100);
  EXPECT_EQ(Money::Min(a, b), b);
  EXPECT_EQ(Money::Max(a, b), a);
  // 10% of $0.75 = 7.5 cents, rounded half away from zero.
  EXPECT_EQ(Money::FromCents(75).TimesBasisPoints(1000).Cents(), 8);
  EXPECT_EQ(Money::FromCents(-75).TimesBasisPoints(1000).Cents(), -8);
}

}  // namespace
}  // namespace roi
