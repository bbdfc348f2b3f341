#include "http/auth.h"

#include <gtest/gtest.h>

namespace roi::http {
namespace {

// A clock the test moves by hand.
class StepClock final : public Clock {
 public:
  std::int64_t NowMicros() const override { return now; }
  Date Today() const override { return Date::FromDaysSinceEpoch(0); }
  std::int64_t now = 1'000'000;
};

HttpRequest WithCookies(std::initializer_list<std::string> values) {
  HttpRequest request;
  for (const std::string& value : values) request.headers.emplace("cookie", value);
  return request;
}

TEST(CookieValueTest, FindsTheNamedCookieAmongOthers) {
  EXPECT_EQ(CookieValue(WithCookies({"a=1; openroi_session=xyz ; b=2"}), "openroi_session"), "xyz");
  EXPECT_EQ(CookieValue(WithCookies({"a=1", "openroi_session=t.1"}), "openroi_session"), "t.1");
  EXPECT_EQ(CookieValue(WithCookies({"xopenroi_session=no"}), "openroi_session"), "");
  EXPECT_EQ(CookieValue(WithCookies({}), "openroi_session"), "");
  EXPECT_EQ(CookieValue(WithCookies({"openroi_session"}), "openroi_session"), "");
}

TEST(SessionCookieTest, HasTheSecurityAttributes) {
  EXPECT_EQ(SessionCookie("1.abc", 60),
            "openroi_session=1.abc; HttpOnly; SameSite=Strict; Path=/; Max-Age=60");
}

TEST(RateLimiterTest, LimitsEachKeyPerWindow) {
  StepClock clock;
  RateLimiter limiter(clock, 3, 60'000'000);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("10.0.0.1")) << i;
  Status refused = limiter.Admit("10.0.0.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kResourceExhausted);
  EXPECT_TRUE(limiter.Admit("10.0.0.2"));
  clock.now += 60'000'000;
  EXPECT_TRUE(limiter.Admit("10.0.0.1"));
}

}  // namespace
}  // namespace roi::http
