#include "crypto/credentials.h"

#include <gtest/gtest.h>

#include "crypto/sodium.h"

namespace roi::crypto {
namespace {

TEST(SodiumCredentialsTest, HashesAndVerifiesPasswords) {
  ASSERT_TRUE(Initialize());
  SodiumPasswordHasher hasher;
  Result<std::string> hash = hasher.Hash("a long enough password");
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(hasher.Verify("a long enough password", *hash));
  EXPECT_FALSE(hasher.Verify("another password", *hash));
  EXPECT_FALSE(hasher.Hash(""));
}

TEST(SodiumCredentialsTest, TokensAreRandomAndDigestsStable) {
  ASSERT_TRUE(Initialize());
  SodiumTokenSource tokens;
  Result<std::string> a = tokens.NewToken();
  Result<std::string> b = tokens.NewToken();
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(tokens.Digest(*a), tokens.Digest(*a));
  EXPECT_NE(tokens.Digest(*a), tokens.Digest(*b));
  EXPECT_EQ(tokens.Digest(*a).size(), 64u);
}

}  // namespace
}  // namespace roi::crypto
