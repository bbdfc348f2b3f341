#include "crypto/content_cipher.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "crypto/sodium.h"

namespace roi::crypto {
namespace {

constexpr OrganizationId kOrg{7};

MasterKey NewKey() {
  EXPECT_TRUE(Initialize());
  return *MasterKey::Generate();
}

SodiumContentCipher MakeCipher(const MasterKey& master, std::size_t chunk = 16) {
  return SodiumContentCipher(*MasterKey::FromBase64(master.Base64(), "test"), {},
                             ContentCipherOptions{chunk});
}

TEST(SodiumContentCipherTest, SealsAndOpensAStream) {
  MasterKey master = NewKey();
  SodiumContentCipher cipher = MakeCipher(master);
  Result<WrappedDataKey> key = cipher.NewDataKey(kOrg, 1);
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_EQ(key->master_key_id, master.Id());
  auto sealer = cipher.Sealer(*key, "ad");
  ASSERT_TRUE(sealer);
  Result<std::string> one = (*sealer)->Push("first chunk 16b!", ChunkPosition::kMiddle);
  Result<std::string> two = (*sealer)->Push("end", ChunkPosition::kLast);
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->size(), 16 + cipher.ChunkOverhead());
  auto opener = cipher.Opener(*key, (*sealer)->Header(), "ad");
  ASSERT_TRUE(opener);
  Result<OpenedChunk> first = (*opener)->Pull(*one);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->plaintext, "first chunk 16b!");
  EXPECT_EQ(first->position, ChunkPosition::kMiddle);
  Result<OpenedChunk> last = (*opener)->Pull(*two);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->plaintext, "end");
  EXPECT_EQ(last->position, ChunkPosition::kLast);
  // Nothing may follow the final chunk.
  EXPECT_EQ((*opener)->Pull(*two).error().code, ErrorCode::kDataLoss);
}

TEST(SodiumContentCipherTest, SealerRefusesOversizedChunksAndWritesAfterTheLast) {
  MasterKey master = NewKey();
  SodiumContentCipher cipher = MakeCipher(master);
  auto sealer = cipher.Sealer(*cipher.NewDataKey(kOrg, 1), "ad");
  ASSERT_TRUE(sealer);
  EXPECT_EQ((*sealer)->Push(std::string(17, 'x'), ChunkPosition::kMiddle).error().code,
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE((*sealer)->Push("x", ChunkPosition::kLast));
  EXPECT_EQ((*sealer)->Push("y", ChunkPosition::kLast).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST(SodiumContentCipherTest, WrongAssociatedDataOrShortChunkIsDataLoss) {
  MasterKey master = NewKey();
  SodiumContentCipher cipher = MakeCipher(master);
  Result<WrappedDataKey> key = cipher.NewDataKey(kOrg, 1);
  auto sealer = cipher.Sealer(*key, "content=1");
  Result<std::string> chunk = (*sealer)->Push("abc", ChunkPosition::kLast);
  auto opener = cipher.Opener(*key, (*sealer)->Header(), "content=2");
  ASSERT_TRUE(opener);
  EXPECT_EQ((*opener)->Pull(*chunk).error().code, ErrorCode::kDataLoss);
  auto fresh = cipher.Opener(*key, (*sealer)->Header(), "content=1");
  EXPECT_EQ((*fresh)->Pull("tiny").error().code, ErrorCode::kDataLoss);
  EXPECT_EQ(cipher.Opener(*key, "bad header", "content=1").error().code, ErrorCode::kDataLoss);
}

TEST(SodiumContentCipherTest, WrappedKeyIsBoundToOrganizationAndVersion) {
  MasterKey master = NewKey();
  SodiumContentCipher cipher = MakeCipher(master);
  Result<WrappedDataKey> key = cipher.NewDataKey(kOrg, 1);
  ASSERT_TRUE(key);
  WrappedDataKey moved = *key;
  moved.organization = OrganizationId(8);
  EXPECT_EQ(cipher.Sealer(moved, "ad").error().code, ErrorCode::kDataLoss);
  WrappedDataKey bumped = *key;
  bumped.version = 2;
  EXPECT_EQ(cipher.Rewrap(bumped).error().code, ErrorCode::kDataLoss);
  EXPECT_EQ(cipher.NewDataKey(kOrg, 0).error().code, ErrorCode::kInvalidArgument);
}

TEST(SodiumContentCipherTest, RewrapMovesAKeyToTheNewMasterKey) {
  MasterKey old_master = NewKey();
  MasterKey new_master = NewKey();
  SodiumContentCipher old_cipher = MakeCipher(old_master);
  Result<WrappedDataKey> key = old_cipher.NewDataKey(kOrg, 3);
  ASSERT_TRUE(key);
  auto sealer = old_cipher.Sealer(*key, "ad");
  Result<std::string> chunk = (*sealer)->Push("secret", ChunkPosition::kLast);

  // Without the old key, the new cipher refuses with the mismatch message.
  SodiumContentCipher new_only = MakeCipher(new_master);
  EXPECT_FALSE(new_only.Accepts(old_master.Id()));
  Result<WrappedDataKey> refused = new_only.Rewrap(*key);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("expected key id " + old_master.Id() + ", got " +
                                         new_master.Id()),
            std::string::npos);

  std::vector<MasterKey> accepted;
  accepted.push_back(*MasterKey::FromBase64(old_master.Base64(), "old"));
  SodiumContentCipher rotating(*MasterKey::FromBase64(new_master.Base64(), "new"),
                               std::move(accepted), ContentCipherOptions{16});
  EXPECT_TRUE(rotating.Accepts(old_master.Id()));
  EXPECT_EQ(rotating.MasterKeyId(), new_master.Id());
  Result<WrappedDataKey> rewrapped = rotating.Rewrap(*key);
  ASSERT_TRUE(rewrapped) << rewrapped.error().ToString();
  EXPECT_EQ(rewrapped->master_key_id, new_master.Id());
  EXPECT_NE(rewrapped->wrapped_key, key->wrapped_key);
  // The same data key: old ciphertext opens under the rewrapped key with the new master alone.
  auto opener = new_only.Opener(*rewrapped, (*sealer)->Header(), "ad");
  ASSERT_TRUE(opener);
  Result<OpenedChunk> opened = (*opener)->Pull(*chunk);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->plaintext, "secret");
}

TEST(SodiumContentCipherTest, DigestIsBlake2b256) {
  MasterKey master = NewKey();
  SodiumContentCipher cipher = MakeCipher(master);
  auto digest = cipher.Digest();
  digest->Update("ab");
  digest->Update("c");
  EXPECT_EQ(digest->FinishHex(), *Blake2bHex("abc", 32));
}

}  // namespace
}  // namespace roi::crypto
