// Encryption at rest end to end on every store: ContentVault with the libsodium cipher over the
// fake, SQLite and PostgreSQL.  Round trips of every size class, tampering detected as DataLoss,
// isolation between organizations, wrong master keys, and key rotation keeping old content
// readable.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/content_vault.h"
#include "app/key_service.h"
#include "contract/contract_fixture.h"
#include "crypto/content_cipher.h"
#include "crypto/sodium.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

constexpr std::size_t kSmallChunk = 1024;

crypto::MasterKey NewMasterKey() {
  EXPECT_TRUE(crypto::Initialize());
  return *crypto::MasterKey::Generate();
}

// A copy of `key` (MasterKey is move-only).
crypto::MasterKey Copy(const crypto::MasterKey& key) {
  return *crypto::MasterKey::FromBase64(key.Base64(), "test key");
}

std::unique_ptr<crypto::SodiumContentCipher> Cipher(const crypto::MasterKey& master,
                                                    std::size_t chunk = kSmallChunk) {
  return std::make_unique<crypto::SodiumContentCipher>(
      Copy(master), std::vector<crypto::MasterKey>{}, crypto::ContentCipherOptions{chunk});
}

// Synthetic bytes that differ at every position mod 251, so swapped chunks differ.
std::string Bytes(std::size_t size) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 31 + i / 251) % 256);
  return bytes;
}

template <typename Factory>
class ContentVaultContractTest : public MigratedStoreTest<Factory> {
 protected:
  Result<ContentRecord> Put(const ContentCipher& cipher, OrganizationId organization,
                            const std::string& bytes) {
    ContentVault vault(cipher, clock_);
    return InTx(this->Db(), organization, TxMode::kWrite,
                [&](Transaction& tx) { return vault.Put(tx, bytes, "application/pdf"); });
  }
  Result<std::string> Get(const ContentCipher& cipher, OrganizationId organization, ContentId id) {
    ContentVault vault(cipher, clock_);
    return InTx(this->Db(), organization, TxMode::kRead,
                [&](Transaction& tx) { return vault.Get(tx, id); });
  }
  // Applies `change` to the stored record of `id` and seals it (what an attacker with write
  // access to the database could do).
  Status Tamper(OrganizationId organization, ContentId id,
                const std::function<Status(Transaction&, ContentRecord&)>& change) {
    return this->Db().InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
      Result<ContentRecord> record = tx.Contents().Find(id);
      if (!record) return record.error();
      if (Status changed = change(tx, *record); !changed) return changed;
      return tx.Contents().Seal(*record);
    });
  }
  // The audit events of `organization` about `entity_kind` (key rotations).
  std::vector<AuditEvent> KeyEvents(OrganizationId organization, std::string_view entity_kind) {
    Result<std::vector<AuditEvent>> events =
        InTx(this->Db(), organization, TxMode::kRead,
             [](Transaction& tx) { return tx.Audit().Query(AuditQuery{.limit = 100}); });
    EXPECT_TRUE(events) << events.error().ToString();
    std::vector<AuditEvent> matching;
    if (!events) return matching;
    for (AuditEvent& event : *events) {
      if (event.entity_kind == entity_kind) matching.push_back(std::move(event));
    }
    return matching;
  }

  testing::FakeClock clock_;
  crypto::MasterKey master_ = NewMasterKey();
};
TYPED_TEST_SUITE(ContentVaultContractTest, Implementations, ImplementationNames);

TYPED_TEST(ContentVaultContractTest, RoundTripsEverySizeClass) {
  auto cipher = Cipher(this->master_);
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, kSmallChunk - 1, kSmallChunk,
                           kSmallChunk + 1, 5 * kSmallChunk, 37 * kSmallChunk + 13}) {
    std::string bytes = Bytes(size);
    Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, bytes);
    ASSERT_TRUE(stored) << size << ": " << stored.error().ToString();
    EXPECT_EQ(stored->size, static_cast<std::int64_t>(size));
    EXPECT_EQ(
        stored->chunk_count,
        static_cast<std::int64_t>(size / kSmallChunk + 1 - (size > 0 && size % kSmallChunk == 0)));
    EXPECT_EQ(stored->digest.size(), 64u);
    Result<std::string> read = this->Get(*cipher, this->org_a_, stored->id);
    ASSERT_TRUE(read) << size << ": " << read.error().ToString();
    EXPECT_EQ(*read, bytes) << size;
  }
}

TYPED_TEST(ContentVaultContractTest, RoundTripsTenMegabytesInDefaultChunks) {
  auto cipher = Cipher(this->master_, 64 * 1024);
  std::string bytes = Bytes(10 << 20);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, bytes);
  ASSERT_TRUE(stored) << stored.error().ToString();
  EXPECT_EQ(stored->chunk_count, 160);  // Exactly 160 full chunks, the last tagged final.
  Result<std::string> read = this->Get(*cipher, this->org_a_, stored->id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_TRUE(*read == bytes);
}

TYPED_TEST(ContentVaultContractTest, StoredChunksAreNotPlaintext) {
  auto cipher = Cipher(this->master_);
  std::string bytes(3 * kSmallChunk, 'A');
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, bytes);
  ASSERT_TRUE(stored);
  Result<std::string> chunk = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return tx.Contents().Chunk(stored->id, 0);
  });
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->size(), kSmallChunk + cipher->ChunkOverhead());
  EXPECT_EQ(chunk->find(std::string(32, 'A')), std::string::npos);
}

TYPED_TEST(ContentVaultContractTest, TamperedChunkIsDataLoss) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(3 * kSmallChunk + 5));
  ASSERT_TRUE(stored);
  ASSERT_TRUE(this->Tamper(this->org_a_, stored->id, [&](Transaction& tx, ContentRecord&) {
    Result<std::string> chunk = tx.Contents().Chunk(stored->id, 1);
    if (!chunk) return Status(chunk.error());
    (*chunk)[10] = static_cast<char>((*chunk)[10] ^ 1);
    return tx.Contents().PutChunk(stored->id, 1, *chunk);
  }));
  Result<std::string> read = this->Get(*cipher, this->org_a_, stored->id);
  EXPECT_EQ(CodeOf(read), ErrorCode::kDataLoss);
}

TYPED_TEST(ContentVaultContractTest, TamperedHeaderIsDataLoss) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(100));
  ASSERT_TRUE(stored);
  ASSERT_TRUE(this->Tamper(this->org_a_, stored->id, [](Transaction&, ContentRecord& record) {
    record.header[0] = static_cast<char>(record.header[0] ^ 0x80);
    return OkStatus();
  }));
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_a_, stored->id)), ErrorCode::kDataLoss);
  ASSERT_TRUE(this->Tamper(this->org_a_, stored->id, [](Transaction&, ContentRecord& record) {
    record.header = "short";
    return OkStatus();
  }));
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_a_, stored->id)), ErrorCode::kDataLoss);
}

TYPED_TEST(ContentVaultContractTest, TamperedSizeIsDataLossNotACrash) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(100));
  ASSERT_TRUE(stored);
  ASSERT_TRUE(this->Tamper(this->org_a_, stored->id, [](Transaction&, ContentRecord& record) {
    record.size = std::int64_t{1} << 60;
    return OkStatus();
  }));
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_a_, stored->id)), ErrorCode::kDataLoss);
}

TYPED_TEST(ContentVaultContractTest, TruncatedStreamIsDataLoss) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(4 * kSmallChunk + 1));
  ASSERT_TRUE(stored);
  // Dropping the final chunk (and fixing up the size and digest) is still caught: the last stored
  // chunk is not tagged final.
  ASSERT_TRUE(this->Tamper(this->org_a_, stored->id, [&](Transaction&, ContentRecord& record) {
    record.chunk_count -= 1;
    record.size = 4 * kSmallChunk;
    record.digest = cipher->Digest()->FinishHex();
    return OkStatus();
  }));
  Result<std::string> read = this->Get(*cipher, this->org_a_, stored->id);
  ASSERT_EQ(CodeOf(read), ErrorCode::kDataLoss);
  EXPECT_NE(read.error().message.find("truncated"), std::string::npos) << read.error().message;
}

TYPED_TEST(ContentVaultContractTest, SwappedChunksAreDataLoss) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(3 * kSmallChunk + 7));
  ASSERT_TRUE(stored);
  ASSERT_TRUE(this->Tamper(this->org_a_, stored->id, [&](Transaction& tx, ContentRecord&) {
    Result<std::string> first = tx.Contents().Chunk(stored->id, 0);
    Result<std::string> second = tx.Contents().Chunk(stored->id, 1);
    if (!first || !second) return Status(InternalError("chunks missing"));
    if (Status put = tx.Contents().PutChunk(stored->id, 0, *second); !put) return put;
    return tx.Contents().PutChunk(stored->id, 1, *first);
  }));
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_a_, stored->id)), ErrorCode::kDataLoss);
}

TYPED_TEST(ContentVaultContractTest, CiphertextMovedToAnotherRowIsDataLoss) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> first = this->Put(*cipher, this->org_a_, Bytes(10));
  Result<ContentRecord> second = this->Put(*cipher, this->org_a_, Bytes(20));
  ASSERT_TRUE(first && second);
  // Row `second` gets row `first`'s header, chunk and metadata: same key, but bound to another id.
  ASSERT_TRUE(this->Tamper(this->org_a_, second->id, [&](Transaction& tx, ContentRecord& record) {
    Result<std::string> chunk = tx.Contents().Chunk(first->id, 0);
    if (!chunk) return Status(chunk.error());
    record.header = first->header;
    record.size = first->size;
    record.digest = first->digest;
    return tx.Contents().PutChunk(second->id, 0, *chunk);
  }));
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_a_, second->id)), ErrorCode::kDataLoss);
}

TYPED_TEST(ContentVaultContractTest, AnotherOrganizationCannotReadContent) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(50));
  ASSERT_TRUE(stored);
  ASSERT_TRUE(this->Put(*cipher, this->org_b_, Bytes(5)));  // B has its own data key.
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_b_, stored->id)), ErrorCode::kNotFound);
}

TYPED_TEST(ContentVaultContractTest, OrganizationsGetDifferentDataKeys) {
  auto cipher = Cipher(this->master_);
  ASSERT_TRUE(this->Put(*cipher, this->org_a_, Bytes(5)));
  ASSERT_TRUE(this->Put(*cipher, this->org_b_, Bytes(5)));
  auto key = [&](OrganizationId organization) {
    return InTx(this->Db(), organization, TxMode::kRead,
                [](Transaction& tx) { return tx.DataKeys().Find(1); });
  };
  Result<DataKeyRecord> a = key(this->org_a_);
  Result<DataKeyRecord> b = key(this->org_b_);
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->wrapped_key, b->wrapped_key);
  EXPECT_EQ(a->master_key_id, this->master_.Id());
}

TYPED_TEST(ContentVaultContractTest, WrongMasterKeyIsAClearFailedPrecondition) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(50));
  ASSERT_TRUE(stored);
  crypto::MasterKey other = NewMasterKey();
  auto wrong = Cipher(other);
  Result<std::string> read = this->Get(*wrong, this->org_a_, stored->id);
  ASSERT_EQ(CodeOf(read), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(read.error().message,
            "master key does not match the one the data keys were wrapped with (expected key id " +
                this->master_.Id() + ", got " + other.Id() + ")");
  EXPECT_EQ(CodeOf(this->Put(*wrong, this->org_a_, Bytes(5))), ErrorCode::kFailedPrecondition);
  KeyService keys(this->Db(), *wrong, this->clock_);
  Status checked = keys.CheckMasterKey();
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message, read.error().message);
  KeyService right(this->Db(), *cipher, this->clock_);
  EXPECT_TRUE(right.CheckMasterKey());
}

TYPED_TEST(ContentVaultContractTest, TamperedWrappedKeyIsDataLoss) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(50));
  ASSERT_TRUE(stored);
  // B's wrapped key copied over A's: wrapped for another organization, so it does not unwrap.
  ASSERT_TRUE(this->Put(*cipher, this->org_b_, Bytes(5)));
  Result<DataKeyRecord> b = InTx(this->Db(), this->org_b_, TxMode::kRead,
                                 [](Transaction& tx) { return tx.DataKeys().Find(1); });
  ASSERT_TRUE(b);
  ASSERT_TRUE(InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    return tx.DataKeys().Rewrap(1, b->wrapped_key, b->master_key_id);
  }));
  EXPECT_EQ(CodeOf(this->Get(*cipher, this->org_a_, stored->id)), ErrorCode::kDataLoss);
}

TYPED_TEST(ContentVaultContractTest, StreamingPutAndGetMatchTheBufferedForms) {
  auto cipher = Cipher(this->master_);
  ContentVault vault(*cipher, this->clock_);
  std::string bytes = Bytes(7 * kSmallChunk + 3);
  // A source that hands out at most 100 bytes per read.
  class Trickle final : public ContentSource {
   public:
    explicit Trickle(std::string_view bytes) : bytes_(bytes) {}
    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
      std::size_t n = std::min({capacity, bytes_.size(), std::size_t{100}});
      std::copy_n(bytes_.data(), n, buffer);
      bytes_.remove_prefix(n);
      return n;
    }

   private:
    std::string_view bytes_;
  } source(bytes);
  Result<ContentRecord> stored =
      InTx(this->Db(), this->org_a_, TxMode::kWrite,
           [&](Transaction& tx) { return vault.PutStream(tx, source, "application/pdf"); });
  ASSERT_TRUE(stored) << stored.error().ToString();
  class Collect final : public ContentSink {
   public:
    Status Write(std::string_view chunk) override {
      out += chunk;
      ++writes;
      return OkStatus();
    }
    std::string out;
    int writes = 0;
  } sink;
  Result<ContentRecord> read = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return vault.GetStream(tx, stored->id, sink);
  });
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(sink.out, bytes);
  EXPECT_EQ(sink.writes, 8);
}

TYPED_TEST(ContentVaultContractTest, MasterRotationKeepsContentReadableUnderTheNewKey) {
  auto old_cipher = Cipher(this->master_);
  Result<ContentRecord> a = this->Put(*old_cipher, this->org_a_, Bytes(3000));
  Result<ContentRecord> b = this->Put(*old_cipher, this->org_b_, Bytes(10));
  ASSERT_TRUE(a && b);
  crypto::MasterKey next = NewMasterKey();
  std::vector<crypto::MasterKey> accepted;
  accepted.push_back(Copy(this->master_));
  crypto::SodiumContentCipher rotating(Copy(next), std::move(accepted), {kSmallChunk});
  // During the rotation window a server holding both keys reads everything.
  EXPECT_TRUE(this->Get(rotating, this->org_a_, a->id));
  KeyService keys(this->Db(), rotating, this->clock_);
  testing::FakeAuditHasher hasher;
  AuditTrail audit(this->clock_, hasher);
  Result<MasterRotationReport> report = keys.RotateMaster(audit, "command line (os user operator)");
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->organizations, 2);
  EXPECT_EQ(report->rewrapped, 2);
  EXPECT_EQ(report->unchanged, 0);
  // Afterwards the new key alone reads old content, and the old key alone no longer does.
  auto new_only = Cipher(next);
  Result<std::string> read = this->Get(*new_only, this->org_a_, a->id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, Bytes(3000));
  EXPECT_TRUE(this->Get(*new_only, this->org_b_, b->id));
  // Each organization's trail has the rotation, naming the new master key and who ran it.
  for (OrganizationId org : {this->org_a_, this->org_b_}) {
    std::vector<AuditEvent> events = this->KeyEvents(org, "master_key");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].entity_id, rotating.MasterKeyId());
    EXPECT_EQ(events[0].actor_label, "command line (os user operator)");
  }
  EXPECT_EQ(CodeOf(this->Get(*old_cipher, this->org_a_, a->id)), ErrorCode::kFailedPrecondition);
  // Running it again changes nothing.
  Result<MasterRotationReport> again = keys.RotateMaster(audit, "command line");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->rewrapped, 0);
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(this->KeyEvents(this->org_a_, "master_key").size(),
            1u);  // Nothing rewrapped, no event.
}

TYPED_TEST(ContentVaultContractTest, DataRotationKeepsOldContentAndReencryptMovesIt) {
  auto cipher = Cipher(this->master_);
  Result<ContentRecord> old_item = this->Put(*cipher, this->org_a_, Bytes(2500));
  Result<ContentRecord> other_org = this->Put(*cipher, this->org_b_, Bytes(10));
  ASSERT_TRUE(old_item && other_org);
  KeyService keys(this->Db(), *cipher, this->clock_);
  testing::FakeAuditHasher hasher;
  AuditTrail audit(this->clock_, hasher);
  Result<int> version = keys.RotateData(this->org_a_, audit, "command line (os user operator)");
  ASSERT_TRUE(version) << version.error().ToString();
  EXPECT_EQ(*version, 2);
  std::vector<AuditEvent> rotations = this->KeyEvents(this->org_a_, "data_key");
  ASSERT_EQ(rotations.size(), 1u);
  EXPECT_EQ(rotations[0].entity_id, "2");
  EXPECT_EQ(rotations[0].actor_label, "command line (os user operator)");
  EXPECT_TRUE(this->KeyEvents(this->org_b_, "data_key").empty());
  Result<ContentRecord> new_item = this->Put(*cipher, this->org_a_, Bytes(40));
  ASSERT_TRUE(new_item);
  EXPECT_EQ(new_item->data_key_version, 2);
  Result<std::string> read = this->Get(*cipher, this->org_a_, old_item->id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, Bytes(2500));
  Result<std::vector<DataKeyRecord>> listed =
      InTx(this->Db(), this->org_a_, TxMode::kRead,
           [](Transaction& tx) { return tx.DataKeys().List(); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].state, DataKeyState::kRetired);
  EXPECT_EQ((*listed)[1].state, DataKeyState::kActive);
  // Re-encryption moves the old item to version 2, keeps its bytes, and then finds nothing more.
  Result<std::int64_t> moved = keys.ReencryptBatch(this->org_a_, 10);
  ASSERT_TRUE(moved) << moved.error().ToString();
  EXPECT_EQ(*moved, 1);
  Result<ContentRecord> info = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return tx.Contents().Find(old_item->id);
  });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->data_key_version, 2);
  EXPECT_NE(info->header, old_item->header);
  read = this->Get(*cipher, this->org_a_, old_item->id);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(*read, Bytes(2500));
  moved = keys.ReencryptBatch(this->org_a_, 10);
  ASSERT_TRUE(moved);
  EXPECT_EQ(*moved, 0);
  // Organization B was not touched.
  EXPECT_TRUE(this->Get(*cipher, this->org_b_, other_org->id));
  EXPECT_EQ(CodeOf(keys.RotateData(OrganizationId(999'999), audit, "command line")),
            ErrorCode::kNotFound);
}

TYPED_TEST(ContentVaultContractTest, ActiveKeyIsTheHighestActiveVersionOrANewOne) {
  auto cipher = Cipher(this->master_);
  ContentVault vault(*cipher, this->clock_);
  auto active = [&]() {
    return InTx(this->Db(), this->org_a_, TxMode::kWrite,
                [&](Transaction& tx) { return vault.ActiveKey(tx); });
  };
  Result<WrappedDataKey> first = active();
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->version, 1);
  EXPECT_EQ(active()->version, 1);  // Not created again.
  ASSERT_TRUE(InTx(this->Db(), this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    return tx.DataKeys().SetState(1, DataKeyState::kRetired);
  }));
  Result<WrappedDataKey> next = active();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->version, 2);
  // A read transaction cannot create a key.
  ContentVault reader(*cipher, this->clock_);
  Result<WrappedDataKey> in_read = InTx(this->Db(), this->org_b_, TxMode::kRead,
                                        [&](Transaction& tx) { return reader.ActiveKey(tx); });
  EXPECT_EQ(CodeOf(in_read), ErrorCode::kFailedPrecondition);
}

TYPED_TEST(ContentVaultContractTest, SourceAndSinkErrorsAreReturnedAndLeaveNothing) {
  auto cipher = Cipher(this->master_);
  ContentVault vault(*cipher, this->clock_);
  class Failing final : public ContentSource {
   public:
    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
      if (calls_++ > 0) return UnavailableError("upload connection lost");
      std::fill_n(buffer, capacity, 'x');
      return capacity;
    }

   private:
    int calls_ = 0;
  } source;
  Result<ContentRecord> put = InTx(this->Db(), this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    return vault.PutStream(tx, source, "application/pdf");
  });
  ASSERT_EQ(CodeOf(put), ErrorCode::kUnavailable);
  Result<std::vector<ContentId>> left = InTx(
      this->Db(), this->org_a_, TxMode::kRead,
      [](Transaction& tx) { return tx.Contents().ListBelowKeyVersion(1000, ContentId(), 10); });
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty());
  Result<ContentRecord> stored = this->Put(*cipher, this->org_a_, Bytes(3 * kSmallChunk));
  ASSERT_TRUE(stored);
  class Full final : public ContentSink {
   public:
    Status Write(std::string_view) override { return ResourceExhaustedError("disk full"); }
  } sink;
  Result<ContentRecord> got = InTx(this->Db(), this->org_a_, TxMode::kRead, [&](Transaction& tx) {
    return vault.GetStream(tx, stored->id, sink);
  });
  EXPECT_EQ(CodeOf(got), ErrorCode::kResourceExhausted);
  EXPECT_EQ(CodeOf(InTx(this->Db(), this->org_a_, TxMode::kWrite,
                        [&](Transaction& tx) { return vault.Put(tx, "x", "not a media type"); })),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi::contract
