// Contract of PacketKeyRepository, and PacketKeyring over it with the libsodium adapters, on the
// fake, SQLite and PostgreSQL: versions count from 1 per organization, the current key is the
// highest, keys are bound to their organization, a public key is stored once, invalid keys are
// refused before the database, a read transaction cannot write; the keyring makes a key on first
// use with its secret sealed (never the seed in plaintext), reuses it, rotates to the next version
// keeping the old public keys, and refuses a secret that does not match its public key.  Two
// transactions making an organization's first key at the same time (two servers building its
// first packet) both succeed with one key, and a rotation records an audit event with it.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/content_vault.h"
#include "app/packet_keyring.h"
#include "app/secret_box.h"
#include "contract/contract_fixture.h"
#include "crypto/audit_crypto.h"
#include "crypto/content_cipher.h"
#include "crypto/packet_crypto.h"
#include "crypto/sodium.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

std::string Hex(char c) { return std::string(64, c); }

PacketSigningKey Key(char c, std::int64_t micros = 1736154000000000) {
  return PacketSigningKey{
      .public_key = Hex(c), .sealed_secret = "enc1:1:synthetic:sealed", .created_micros = micros};
}

// Signals, once, that something happened; waits for it with a time limit.
class Flag {
 public:
  void Set() {
    std::lock_guard<std::mutex> lock(mu_);
    set_ = true;
    changed_.notify_all();
  }
  bool WaitFor(std::chrono::milliseconds limit) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, limit, [&] { return set_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  bool set_ = false;
};

// The libsodium key maker, telling `making` when a seed is asked for.
class SignallingKeyMaker final : public PacketKeyMaker {
 public:
  explicit SignallingKeyMaker(Flag& making) : making_(making) {}
  Result<std::string> NewSeedHex() const override {
    making_.Set();
    return real_.NewSeedHex();
  }
  Result<std::unique_ptr<AuditSigner>> SignerOf(std::string_view seed_hex) const override {
    return real_.SignerOf(seed_hex);
  }

 private:
  Flag& making_;
  crypto::Ed25519PacketKeyMaker real_;
};

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

// Two servers build the first packet of an organization at once.  The first transaction stores
// version 1 and holds on until the second is making its own key; on PostgreSQL the second's insert
// then waits for the first to commit, collides, and reads the key that won.  (SQLite and the fake
// run write transactions one at a time: the second starts after the first and finds its key.)
TYPED_TEST(PacketKeyContractTest, TwoFirstUsesAtOnceBothSucceedWithOneKey) {
  // The organization's data key exists before its first packet (its documents were stored).
  ASSERT_TRUE(this->Write([&](Transaction& tx) -> Status {
    Result<std::string> sealed = this->box_->Seal(tx, "warm-up", "test");
    return sealed ? OkStatus() : Status(sealed.error());
  }));
  Flag first_stored;
  Flag second_making;
  Flag unused;
  SignallingKeyMaker first_maker(unused);
  SignallingKeyMaker second_maker(second_making);
  PacketKeyring first(*this->box_, first_maker, this->clock_);
  PacketKeyring second(*this->box_, second_maker, this->clock_);
  std::future<Result<std::string>> a = std::async(std::launch::async, [&] {
    return this->Write([&](Transaction& tx) -> Result<std::string> {
      Result<OrganizationSigner> made = first.Current(tx);
      if (!made) return made.error();
      first_stored.Set();
      // Hold the transaction open while the second one makes its key (it never gets there on
      // stores that serialize writers), then a little longer so that its insert is waiting.
      if (second_making.WaitFor(std::chrono::milliseconds(1500))) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
      }
      return made->key.public_key;
    });
  });
  ASSERT_TRUE(first_stored.WaitFor(std::chrono::seconds(10)));
  std::future<Result<std::string>> b = std::async(std::launch::async, [&] {
    return this->Write([&](Transaction& tx) -> Result<std::string> {
      Result<OrganizationSigner> got = second.Current(tx);
      if (!got) return got.error();
      EXPECT_EQ(got->signer->PublicKeyHex(), got->key.public_key);
      return got->key.public_key;
    });
  });
  Result<std::string> a_key = a.get();
  Result<std::string> b_key = b.get();
  ASSERT_TRUE(a_key) << a_key.error().ToString();
  ASSERT_TRUE(b_key) << b_key.error().ToString();
  EXPECT_EQ(*a_key, *b_key);
  Result<std::vector<PacketSigningKey>> keys =
      this->Read([&](Transaction& tx) { return tx.PacketKeys().List(); });
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].version, 1);
}

TYPED_TEST(PacketKeyContractTest, AnExactVersionIsStoredOnceAndZeroMeansTheNext) {
  PacketSigningKey first = Key('1');
  first.version = 1;
  ASSERT_TRUE(this->Write([&](Transaction& tx) { return tx.PacketKeys().Insert(first); }));
  PacketSigningKey again = Key('2');
  again.version = 1;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.PacketKeys().Insert(again); })),
            ErrorCode::kAlreadyExists);
  Result<PacketSigningKey> next =
      this->Write([&](Transaction& tx) { return tx.PacketKeys().Insert(Key('3')); });
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_EQ(next->version, 2);
  // A collision leaves the transaction usable: the key that is there can be read in it.
  Result<PacketSigningKey> read_after =
      this->Write([&](Transaction& tx) -> Result<PacketSigningKey> {
        PacketSigningKey taken = Key('4');
        taken.version = 2;
        Result<PacketSigningKey> refused = tx.PacketKeys().Insert(taken);
        if (refused) return InternalError("version 2 stored twice");
        EXPECT_EQ(refused.error().code, ErrorCode::kAlreadyExists);
        return tx.PacketKeys().Current();
      });
  ASSERT_TRUE(read_after) << read_after.error().ToString();
  EXPECT_EQ(read_after->public_key, Hex('3'));
  PacketSigningKey negative = Key('5');
  negative.version = -1;
  EXPECT_EQ(CodeOf(this->Write([&](Transaction& tx) { return tx.PacketKeys().Insert(negative); })),
            ErrorCode::kInvalidArgument);
}

TYPED_TEST(PacketKeyContractTest, ARotationIsAuditedInItsTransaction) {
  testing::FakeAuditHasher hasher;
  AuditTrail audit(this->clock_, hasher);
  Result<PacketSigningKey> rotated = this->Write([&](Transaction& tx) {
    return RotatePacketKey(tx, *this->keyring_, audit, "command line (os user operator)");
  });
  ASSERT_TRUE(rotated) << rotated.error().ToString();
  EXPECT_EQ(rotated->version, 1);
  Result<std::vector<AuditEvent>> events = this->Read([&](Transaction& tx) {
    return tx.Audit().Query(AuditQuery{.action = AuditAction::kCreate, .limit = 100});
  });
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 1u);
  const AuditEvent& event = events->front();
  EXPECT_EQ(event.actor_label, "command line (os user operator)");
  EXPECT_EQ(event.entity_kind, "packet_signing_key");
  EXPECT_EQ(event.entity_id, "1");
  EXPECT_NE(event.detail.find(rotated->public_key), std::string::npos) << event.detail;
  // Nothing in the other organization.
  Result<std::vector<AuditEvent>> other = this->Read(
      [&](Transaction& tx) {
        return tx.Audit().Query(AuditQuery{.action = AuditAction::kCreate, .limit = 100});
      },
      this->org_b_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  // A rotation that fails records nothing: the audit event rolls back with it.
  Status failed = this->Write([&](Transaction& tx) -> Status {
    Result<PacketSigningKey> made =
        RotatePacketKey(tx, *this->keyring_, audit, "command line (os user operator)");
    if (!made) return made.error();
    return AbortedError("rolled back on purpose");
  });
  EXPECT_FALSE(failed);
  events = this->Read([&](Transaction& tx) {
    return tx.Audit().Query(AuditQuery{.action = AuditAction::kCreate, .limit = 100});
  });
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 1u);
}

// Key precedence: an organization's own key when it has one, else the deployment key, else its own
// made on first use; nothing configured is a clear error.
TYPED_TEST(PacketKeyContractTest, AnOrganizationsOwnKeyTakesPrecedenceOverTheDeploymentKey) {
  Result<crypto::Ed25519AuditSigner> deployment =
      crypto::Ed25519AuditSigner::FromSeedHex(std::string(64, '7'));
  ASSERT_TRUE(deployment) << deployment.error().ToString();
  auto chosen_key = [&](OrganizationId organization, const AuditSigner* deployment_key,
                        const PacketKeyring* keyring) -> Result<std::string> {
    return this->Write(
        [&](Transaction& tx) -> Result<std::string> {
          Result<PacketSignerChoice> choice = ChoosePacketSigner(tx, deployment_key, keyring);
          if (!choice) return choice.error();
          EXPECT_NE(choice->own.has_value(), choice->deployment != nullptr);
          std::string scope = choice->own ? "organization " : "deployment ";
          return scope + choice->Signer().PublicKeyHex();
        },
        organization);
  };
  // Without a key of its own, the deployment key signs, and no key is made.
  Result<std::string> a = chosen_key(this->org_a_, &*deployment, this->keyring_.get());
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(*a, "deployment " + deployment->PublicKeyHex());
  Result<std::vector<PacketSigningKey>> keys =
      this->Read([&](Transaction& tx) { return tx.PacketKeys().List(); });
  ASSERT_TRUE(keys);
  EXPECT_TRUE(keys->empty());
  // Once organization A has its own key (openroi packet rotate-key), it signs A's packets.
  Result<PacketSigningKey> own =
      this->Write([&](Transaction& tx) { return this->keyring_->Rotate(tx); });
  ASSERT_TRUE(own) << own.error().ToString();
  a = chosen_key(this->org_a_, &*deployment, this->keyring_.get());
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, "organization " + own->public_key);
  // B, without one, still gets the deployment key.
  Result<std::string> b = chosen_key(this->org_b_, &*deployment, this->keyring_.get());
  ASSERT_TRUE(b);
  EXPECT_EQ(*b, "deployment " + deployment->PublicKeyHex());
  // Without a deployment key, B's own key is made on first use.
  b = chosen_key(this->org_b_, nullptr, this->keyring_.get());
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_TRUE(b->starts_with("organization "));
  EXPECT_NE(*b, *a);
  // Without a keyring only the deployment key exists; with neither, a clear error.
  a = chosen_key(this->org_a_, &*deployment, nullptr);
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, "deployment " + deployment->PublicKeyHex());
  a = chosen_key(this->org_a_, nullptr, nullptr);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace roi::contract
