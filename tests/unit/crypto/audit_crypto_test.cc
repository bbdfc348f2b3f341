#include "crypto/audit_crypto.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/sodium.h"

namespace roi::crypto {
namespace {

class AuditCryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Initialize()); }
};

TEST_F(AuditCryptoTest, ChainHashIsBlake2b256OfPrevHashThenCanonicalBytes) {
  SodiumAuditHasher hasher;
  std::string prev(32, '\x07');
  std::string digest = hasher.ChainHash(prev, "canonical bytes");
  ASSERT_EQ(digest.size(), 32u);
  EXPECT_EQ(HexEncode(digest), *Blake2bHex(prev + "canonical bytes", 32));
  EXPECT_NE(hasher.ChainHash(prev, "canonical byteS"), digest);
}

TEST_F(AuditCryptoTest, SealsVerifyOnlyWithTheSignersKeyAndMessage) {
  Result<std::string> seed = NewAuditSealKeyHex();
  ASSERT_TRUE(seed);
  EXPECT_EQ(seed->size(), 64u);
  Result<Ed25519AuditSigner> signer = Ed25519AuditSigner::FromSeedHex(*seed + "\n");
  ASSERT_TRUE(signer) << signer.error().ToString();
  EXPECT_EQ(signer->PublicKeyHex().size(), 64u);
  std::string signature = signer->SignHex("seal bytes");
  EXPECT_EQ(signature.size(), 128u);
  Ed25519SignatureChecker checker;
  EXPECT_TRUE(checker.Check(signer->PublicKeyHex(), "seal bytes", signature));
  EXPECT_FALSE(checker.Check(signer->PublicKeyHex(), "seal byteS", signature));
  Result<Ed25519AuditSigner> other = Ed25519AuditSigner::FromSeedHex(*NewAuditSealKeyHex());
  ASSERT_TRUE(other);
  EXPECT_FALSE(checker.Check(other->PublicKeyHex(), "seal bytes", signature));
  EXPECT_FALSE(checker.Check("zz", "seal bytes", signature));
  EXPECT_FALSE(checker.Check(signer->PublicKeyHex(), "seal bytes", "abcd"));
  // The same seed gives the same key.
  EXPECT_EQ(Ed25519AuditSigner::FromSeedHex(*seed)->PublicKeyHex(), signer->PublicKeyHex());
}

TEST_F(AuditCryptoTest, ABadSeedIsRefusedWithoutEchoingIt) {
  for (const char* bad :
       {"", "abc", "not hex at all, not hex at all, not hex at all, not hex!!!"}) {
    Result<Ed25519AuditSigner> signer = Ed25519AuditSigner::FromSeedHex(bad);
    ASSERT_FALSE(signer);
    EXPECT_EQ(signer.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer.error().message.find("not hex at all"), std::string::npos);
  }
}

}  // namespace
}  // namespace roi::crypto
