#include "crypto/sodium.h"

#include <gtest/gtest.h>

#include <set>

namespace roi::crypto {
namespace {

TEST(RandomTokenTest, UrlSafeAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    Result<std::string> token = RandomToken(32);
    ASSERT_TRUE(token);
    EXPECT_EQ(token->size(), 43u);  // 32 bytes in unpadded base64.
    EXPECT_EQ(token->find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    seen.insert(*token);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_FALSE(RandomToken(0));
  EXPECT_FALSE(RandomToken(2000));
}

TEST(Blake2bTest, KnownAnswer) {
  // BLAKE2b-512 of the empty string (RFC 7693 reference implementation).
  Result<std::string> empty = Blake2bHex("", 64);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty,
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
            "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce");
  EXPECT_EQ(Blake2bHex("abc")->size(), 64u);
  EXPECT_NE(*Blake2bHex("abc"), *Blake2bHex("abd"));
  EXPECT_FALSE(Blake2bHex("abc", 8));
}

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  Result<std::string> hash = HashPassword("correct horse battery staple");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword("correct horse battery staple", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery stapler", *hash));
  EXPECT_FALSE(VerifyPassword("anything", "not a hash"));
  EXPECT_FALSE(VerifyPassword("anything", ""));
  EXPECT_NE(*HashPassword("same"), *HashPassword("same"));  // Salted.
  EXPECT_FALSE(HashPassword(""));
}

TEST(ConstantTimeEqualsTest, ComparesContent) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace roi::crypto
