// Contract of PacketKeyRepository, and PacketKeyring over it with the libsodium adapters, on the
// fake, SQLite and PostgreSQL: versions count from 1 per organization, the current key is the
// highest, keys are bound to their organization, a public key is stored once, invalid keys are
// refused before the database, a read transaction cannot write; the keyring makes a key on first
// use with its secret sealed (never the seed in plaintext), reuses it, rotates to the next version
// keeping the old public keys, and refuses a secret that does not match its public key.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "app/content_vault.h"
#include "app/packet_keyring.h"
#include "app/secret_box.h"
#include "contract/contract_fixture.h"
#include "crypto/audit_crypto.h"
#include "crypto/content_cipher.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

std::string Hex(char c) { return std::string(64, c); }

PacketSigningKey Key(char c, std::int64_t micros = 1736154000000000) {
  return PacketSigningKey{
      .public_key = Hex(c), .sealed_secret = "enc1:1:synthetic:sealed", .created_micros = micros};
}

template <typename Factory>
class PacketKeyContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    ASSERT_TRUE(crypto::Initialize());
    Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
    ASSERT_TRUE(master);
    cipher_ = std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                            std::vector<crypto::MasterKey>{});
    vault_ = std::make_unique<ContentVault>(*cipher_, clock_);
    box_ = std::make_unique<SecretBox>(*cipher_, *vault_);
    keyring_ = std::make_unique<PacketKeyring>(*box_, maker_, clock_);
  }
  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kRead, fn);
  }

  testing::FakeClock clock_;
  crypto::Ed25519PacketKeyMaker maker_;
  std::unique_ptr<crypto::SodiumContentCipher> cipher_;
  std::unique_ptr<ContentVault> vault_;
  std::unique_ptr<SecretBox> box_;
  std::unique_ptr<PacketKeyring> keyring_;
};
TYPED_TEST_SUITE(PacketKeyContractTest, Implementations, ImplementationNames);

TYPED_TEST(PacketKeyContractTest, VersionsCountPerOrganizationAndTheHighestIsCurrent) {
  Result<PacketSigningKey> none =
      this->Read([](Transaction& tx) { return tx.PacketKeys().Current(); });
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);

  Result<PacketSigningKey> first =
      this->Write([](Transaction& tx) { return tx.PacketKeys().Insert(Key('a')); });
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(first->public_key, Hex('a'));
  EXPECT_EQ(first->sealed_secret, "enc1:1:synthetic:sealed");
  EXPECT_EQ(first->created_micros, 1736154000000000);
  Result<PacketSigningKey> second =
      this->Write([](Transaction& tx) { return tx.PacketKeys().Insert(Key('b', 5)); });
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->version, 2);
  // Another organization starts at 1 and sees none of org A's keys.
  Result<PacketSigningKey> other =
      this->Write([](Transaction& tx) { return tx.PacketKeys().Insert(Key('c')); }, this->org_b_);
  ASSERT_TRUE(other) << other.error().ToString();
  EXPECT_EQ(other->version, 1);

  Result<PacketSigningKey> current =
      this->Read([](Transaction& tx) { return tx.PacketKeys().Current(); });
  ASSERT_TRUE(current);
  EXPECT_EQ(*current, *second);
  Result<std::vector<PacketSigningKey>> listed =
      this->Read([](Transaction& tx) { return tx.PacketKeys().List(); });
  ASSERT_TRUE(listed);
  EXPECT_EQ(*listed, (std::vector<PacketSigningKey>{*first, *second}));
  Result<PacketSigningKey> found =
      this->Read([](Transaction& tx) { return tx.PacketKeys().FindByPublicKey(Hex('a')); });
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, *first);
  Result<PacketSigningKey> foreign =
      this->Read([](Transaction& tx) { return tx.PacketKeys().FindByPublicKey(Hex('c')); });
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(PacketKeyContractTest, DuplicatesBadKeysAndReadTransactionsAreRefused) {
  ASSERT_TRUE(this->Write([](Transaction& tx) { return tx.PacketKeys().Insert(Key('a')); }));
  Result<PacketSigningKey> again =
      this->Write([](Transaction& tx) { return tx.PacketKeys().Insert(Key('a')); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  // The same public key in another organization is its own row.
  EXPECT_TRUE(
      this->Write([](Transaction& tx) { return tx.PacketKeys().Insert(Key('a')); }, this->org_b_));
  PacketSigningKey upper = Key('A');
  PacketSigningKey short_key = Key('a');
  short_key.public_key = "abc";
  PacketSigningKey no_secret = Key('f');
  no_secret.sealed_secret.clear();
  PacketSigningKey negative = Key('f', -1);
  for (const PacketSigningKey& bad : {upper, short_key, no_secret, negative}) {
    Result<PacketSigningKey> refused =
        this->Write([&](Transaction& tx) { return tx.PacketKeys().Insert(bad); });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << refused.error().ToString();
  }
  Result<PacketSigningKey> read_only =
      this->Read([](Transaction& tx) { return tx.PacketKeys().Insert(Key('d')); });
  ASSERT_FALSE(read_only);
  EXPECT_EQ(read_only.error().code, ErrorCode::kFailedPrecondition);
}

TYPED_TEST(PacketKeyContractTest, KeyringMakesSealsReusesAndRotatesKeys) {
  crypto::Ed25519SignatureChecker checker;
  std::string first_key;
  ASSERT_TRUE(this->Write([&](Transaction& tx) -> Status {
    Result<OrganizationSigner> made = this->keyring_->Current(tx);
    if (!made) return made.error();
    EXPECT_EQ(made->key.version, 1);
    EXPECT_EQ(made->signer->PublicKeyHex(), made->key.public_key);
    EXPECT_TRUE(SecretBox::IsSealed(made->key.sealed_secret)) << made->key.sealed_secret;
    first_key = made->key.public_key;
    EXPECT_TRUE(checker.Check(first_key, "synthetic", made->signer->SignHex("synthetic")));
    return OkStatus();
  }));
  // Reused, and usable from a read transaction once made.
  ASSERT_TRUE(this->Read([&](Transaction& tx) -> Status {
    Result<OrganizationSigner> again = this->keyring_->Current(tx);
    if (!again) return again.error();
    EXPECT_EQ(again->key.public_key, first_key);
    return OkStatus();
  }));
  // Organization B's key is another key.
  ASSERT_TRUE(this->Write(
      [&](Transaction& tx) -> Status {
        Result<OrganizationSigner> other = this->keyring_->Current(tx);
        if (!other) return other.error();
        EXPECT_NE(other->key.public_key, first_key);
        return OkStatus();
      },
      this->org_b_));
  Result<PacketSigningKey> rotated =
      this->Write([&](Transaction& tx) { return this->keyring_->Rotate(tx); });
  ASSERT_TRUE(rotated) << rotated.error().ToString();
  EXPECT_EQ(rotated->version, 2);
  EXPECT_NE(rotated->public_key, first_key);
  Result<std::vector<PacketSigningKey>> keys =
      this->Read([&](Transaction& tx) { return this->keyring_->List(tx); });
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].public_key, first_key);
  EXPECT_EQ((*keys)[1].public_key, rotated->public_key);
  ASSERT_TRUE(this->Read([&](Transaction& tx) -> Status {
    Result<OrganizationSigner> current = this->keyring_->Current(tx);
    if (!current) return current.error();
    EXPECT_EQ(current->key.version, 2);
    EXPECT_EQ(current->signer->PublicKeyHex(), rotated->public_key);
    return OkStatus();
  }));

  // A stored secret moved under another public key does not sign for it.
  ASSERT_TRUE(this->Write([&](Transaction& tx) -> Status {
    Result<PacketSigningKey> moved = tx.PacketKeys().Insert(PacketSigningKey{
        .public_key = Hex('e'), .sealed_secret = (*keys)[0].sealed_secret, .created_micros = 7});
    return moved ? OkStatus() : Status(moved.error());
  }));
  Result<OrganizationSigner> refused =
      this->Read([&](Transaction& tx) { return this->keyring_->Current(tx); });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kDataLoss) << refused.error().ToString();
}

}  // namespace
}  // namespace roi::contract
