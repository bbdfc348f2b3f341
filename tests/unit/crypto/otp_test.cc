// HOTP/TOTP over the OpenSSL HMAC-SHA-1 adapter, against the RFC 4226 and RFC 6238 test vectors.
#include "crypto/otp.h"

#include <gtest/gtest.h>

#include <array>

#include "app/totp.h"

namespace roi {
namespace {

constexpr std::string_view kRfcKey = "12345678901234567890";  // RFC 4226/6238 SHA-1 secret.

TEST(OtpTest, HotpMatchesRfc4226AppendixD) {
  crypto::OpenSslOtpPrimitives otp;
  constexpr std::array<std::string_view, 10> kExpected = {"755224", "287082", "359152", "969429",
                                                          "338314", "254676", "287922", "162583",
                                                          "399871", "520489"};
  for (std::size_t counter = 0; counter < kExpected.size(); ++counter) {
    EXPECT_EQ(HotpCode(otp, kRfcKey, static_cast<std::int64_t>(counter)), kExpected[counter])
        << counter;
  }
}

TEST(OtpTest, TotpMatchesRfc6238AppendixBForSha1) {
  crypto::OpenSslOtpPrimitives otp;
  struct Vector {
    std::int64_t unix_seconds;
    std::string_view code;
  };
  constexpr std::array<Vector, 6> kVectors = {{{59, "94287082"},
                                               {1111111109, "07081804"},
                                               {1111111111, "14050471"},
                                               {1234567890, "89005924"},
                                               {2000000000, "69279037"},
                                               {20000000000, "65353130"}}};
  for (const Vector& vector : kVectors) {
    std::int64_t step = TotpStep(vector.unix_seconds * 1'000'000);
    EXPECT_EQ(HotpCode(otp, kRfcKey, step, 8), vector.code) << vector.unix_seconds;
  }
}

TEST(OtpTest, MatchAcceptsOneStepEitherSideAndRefusesReplay) {
  crypto::OpenSslOtpPrimitives otp;
  std::int64_t now = 1'111'111'111LL * 1'000'000;
  std::int64_t step = TotpStep(now);
  std::string current = HotpCode(otp, kRfcKey, step);
  EXPECT_EQ(MatchTotp(otp, kRfcKey, current, now, 0), step);
  EXPECT_EQ(MatchTotp(otp, kRfcKey, HotpCode(otp, kRfcKey, step - 1), now, 0), step - 1);
  EXPECT_EQ(MatchTotp(otp, kRfcKey, HotpCode(otp, kRfcKey, step + 1), now, 0), step + 1);
  EXPECT_FALSE(MatchTotp(otp, kRfcKey, HotpCode(otp, kRfcKey, step - 2), now, 0));
  EXPECT_FALSE(MatchTotp(otp, kRfcKey, HotpCode(otp, kRfcKey, step + 2), now, 0));
  // Replay: the step already used (or an earlier one) is refused.
  EXPECT_FALSE(MatchTotp(otp, kRfcKey, current, now, step));
  EXPECT_FALSE(MatchTotp(otp, kRfcKey, HotpCode(otp, kRfcKey, step - 1), now, step - 1));
  for (std::string_view bad : {"", "12345", "1234567", "12a456", "      "}) {
    EXPECT_FALSE(MatchTotp(otp, kRfcKey, bad, now, 0)) << bad;
  }
}

TEST(OtpTest, Base32RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode(kRfcKey), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  Result<std::string> decoded = Base32Decode("mzxw 6ytb oi======");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1"));
}

TEST(OtpTest, RandomKeysDifferAndUriNamesTheParameters) {
  crypto::OpenSslOtpPrimitives otp;
  Result<std::string> a = otp.RandomKey(20);
  Result<std::string> b = otp.RandomKey(20);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 20u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(TotpUri("OpenROI", "sam@example.test", "ABC"),
            "otpauth://totp/OpenROI:sam@example.test?secret=ABC&issuer=OpenROI&algorithm=SHA1&"
            "digits=6&period=30");
  EXPECT_EQ(TotpUri("Open ROI", "a:b", "X"),
            "otpauth://totp/Open%20ROI:a%3Ab?secret=X&issuer=Open%20ROI&algorithm=SHA1&digits=6&"
            "period=30");
}

}  // namespace
}  // namespace roi
