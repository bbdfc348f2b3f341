// Contract of DataKeyRepository and ContentRepository: bound to the transaction's organization,
// binary-safe, and chunks replaced and trimmed as the port says.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

using namespace std::string_literals;

// Binary bytes with NULs and high bytes, so text handling would show.
const std::string kWrapped = "\x00\x01\xff\xfe wrapped\x00key"s;

DataKeyRecord MakeKey(int version, const std::string& master_key_id = "mk-1") {
  return DataKeyRecord{.version = version,
                       .wrapped_key = kWrapped + std::to_string(version),
                       .master_key_id = master_key_id,
                       .created_micros = 1'700'000'000'000'000 + version,
                       .state = DataKeyState::kActive};
}

ContentRecord MakeContent(int key_version = 1) {
  return ContentRecord{.id = {},
                       .media_type = "application/pdf",
                       .data_key_version = key_version,
                       .header = "\x00header\xff"s,
                       .size = 0,
                       .digest = "",
                       .chunk_count = 0,
                       .created_micros = 1'700'000'000'000'123};
}

template <typename Factory>
class ContentContractTest : public MigratedStoreTest<Factory> {
 protected:
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }
  // Stores data key 1 and one content item in `organization` and returns the content id.
  Result<ContentId> SeedContent(OrganizationId organization) {
    return Write(organization, [&](Transaction& tx) -> Result<ContentId> {
      if (Status key = tx.DataKeys().Insert(MakeKey(1)); !key) return key.error();
      return tx.Contents().Create(MakeContent());
    });
  }
};
TYPED_TEST_SUITE(ContentContractTest, Implementations, ImplementationNames);

TYPED_TEST(ContentContractTest, DataKeyRoundTripsBinaryBytes) {
  ASSERT_TRUE(
      this->Write(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); }));
  Result<DataKeyRecord> found =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Find(1); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(*found, MakeKey(1));
}

TYPED_TEST(ContentContractTest, DataKeyVersionTakenIsAlreadyExists) {
  ASSERT_TRUE(
      this->Write(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); }));
  Status again =
      this->Write(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); });
  EXPECT_EQ(CodeOf(again), ErrorCode::kAlreadyExists);
  // The same version in another organization is a different key.
  EXPECT_TRUE(
      this->Write(this->org_b_, [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); }));
}

TYPED_TEST(ContentContractTest, InvalidDataKeyIsInvalidArgument) {
  DataKeyRecord bad = MakeKey(0);
  Status inserted =
      this->Write(this->org_a_, [&](Transaction& tx) { return tx.DataKeys().Insert(bad); });
  EXPECT_EQ(CodeOf(inserted), ErrorCode::kInvalidArgument);
}

TYPED_TEST(ContentContractTest, DataKeysAreListedByVersionAndIsolated) {
  ASSERT_TRUE(this->Write(this->org_a_, [](Transaction& tx) -> Status {
    if (Status two = tx.DataKeys().Insert(MakeKey(2)); !two) return two;
    return tx.DataKeys().Insert(MakeKey(1));
  }));
  Result<std::vector<DataKeyRecord>> keys =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.DataKeys().List(); });
  ASSERT_TRUE(keys) << keys.error().ToString();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].version, 1);
  EXPECT_EQ((*keys)[1].version, 2);
  Result<std::vector<DataKeyRecord>> other =
      this->Read(this->org_b_, [](Transaction& tx) { return tx.DataKeys().List(); });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  EXPECT_EQ(CodeOf(this->Read(this->org_b_, [](Transaction& tx) { return tx.DataKeys().Find(1); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(ContentContractTest, RewrapAndSetStateChangeOnlyTheirFields) {
  ASSERT_TRUE(
      this->Write(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); }));
  ASSERT_TRUE(this->Write(this->org_a_, [](Transaction& tx) -> Status {
    if (Status r = tx.DataKeys().Rewrap(1, "\x00new"s, "mk-2"); !r) return r;
    return tx.DataKeys().SetState(1, DataKeyState::kRetired);
  }));
  Result<DataKeyRecord> found =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Find(1); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->wrapped_key, "\x00new"s);
  EXPECT_EQ(found->master_key_id, "mk-2");
  EXPECT_EQ(found->state, DataKeyState::kRetired);
  EXPECT_EQ(found->created_micros, MakeKey(1).created_micros);
  // Another organization cannot touch it.
  EXPECT_EQ(CodeOf(this->Write(this->org_b_,
                               [](Transaction& tx) { return tx.DataKeys().Rewrap(1, "x", "y"); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Write(
                this->org_b_,
                [](Transaction& tx) { return tx.DataKeys().SetState(1, DataKeyState::kActive); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(ContentContractTest, DataKeyWritesNeedAWriteTransaction) {
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(ContentContractTest, ContentNeedsAnExistingDataKeyVersion) {
  Result<ContentId> created = this->Write(
      this->org_a_, [](Transaction& tx) { return tx.Contents().Create(MakeContent(1)); });
  EXPECT_EQ(CodeOf(created), ErrorCode::kNotFound);
}

TYPED_TEST(ContentContractTest, BadMediaTypeIsInvalidArgument) {
  for (std::string media_type : {"", "pdf", "application/", "/pdf", "a/b/c", "text/plain\n"}) {
    Result<ContentId> created =
        this->Write(this->org_a_, [&](Transaction& tx) -> Result<ContentId> {
          if (Status key = tx.DataKeys().Insert(MakeKey(1)); !key) return key.error();
          ContentRecord content = MakeContent();
          content.media_type = media_type;
          return tx.Contents().Create(content);
        });
    EXPECT_EQ(CodeOf(created), ErrorCode::kInvalidArgument) << media_type;
  }
}

TYPED_TEST(ContentContractTest, ChunksAndSealRoundTrip) {
  Result<ContentId> id = this->SeedContent(this->org_a_);
  ASSERT_TRUE(id) << id.error().ToString();
  std::string big(200'000, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) -> Status {
    if (Status c = tx.Contents().PutChunk(*id, 0, big); !c) return c;
    if (Status c = tx.Contents().PutChunk(*id, 1, ""); !c) return c;
    ContentRecord sealed = MakeContent();
    sealed.id = *id;
    sealed.header = "\xff\x00h2"s;
    sealed.size = 12345;
    sealed.digest = "abc123";
    sealed.chunk_count = 2;
    return tx.Contents().Seal(sealed);
  }));
  Result<ContentRecord> found =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Contents().Find(*id); });
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->id, *id);
  EXPECT_EQ(found->media_type, "application/pdf");
  EXPECT_EQ(found->header, "\xff\x00h2"s);
  EXPECT_EQ(found->size, 12345);
  EXPECT_EQ(found->digest, "abc123");
  EXPECT_EQ(found->chunk_count, 2);
  EXPECT_EQ(found->created_micros, MakeContent().created_micros);
  Result<std::string> first =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Contents().Chunk(*id, 0); });
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, big);
  Result<std::string> second =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Contents().Chunk(*id, 1); });
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, "");
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [&](Transaction& tx) { return tx.Contents().Chunk(*id, 2); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(ContentContractTest, PutChunkReplacesAndSealTrims) {
  Result<ContentId> id = this->SeedContent(this->org_a_);
  ASSERT_TRUE(id);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) -> Status {
    for (std::int64_t i = 0; i < 3; ++i) {
      if (Status c = tx.Contents().PutChunk(*id, i, "old" + std::to_string(i)); !c) return c;
    }
    return tx.Contents().PutChunk(*id, 0, "new0");
  }));
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    ContentRecord sealed = MakeContent();
    sealed.id = *id;
    sealed.chunk_count = 1;
    return tx.Contents().Seal(sealed);
  }));
  Result<std::string> first =
      this->Read(this->org_a_, [&](Transaction& tx) { return tx.Contents().Chunk(*id, 0); });
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, "new0");
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [&](Transaction& tx) { return tx.Contents().Chunk(*id, 1); })),
            ErrorCode::kNotFound);
}

TYPED_TEST(ContentContractTest, AnotherOrganizationCannotSeeOrWriteContent) {
  Result<ContentId> id = this->SeedContent(this->org_a_);
  ASSERT_TRUE(id);
  ASSERT_TRUE(this->Write(this->org_a_,
                          [&](Transaction& tx) { return tx.Contents().PutChunk(*id, 0, "c"); }));
  ASSERT_TRUE(
      this->Write(this->org_b_, [](Transaction& tx) { return tx.DataKeys().Insert(MakeKey(1)); }));
  EXPECT_EQ(
      CodeOf(this->Read(this->org_b_, [&](Transaction& tx) { return tx.Contents().Find(*id); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read(this->org_b_,
                              [&](Transaction& tx) { return tx.Contents().Chunk(*id, 0); })),
            ErrorCode::kNotFound);
  EXPECT_EQ(
      CodeOf(this->Write(this->org_b_,
                         [&](Transaction& tx) { return tx.Contents().PutChunk(*id, 0, "x"); })),
      ErrorCode::kNotFound);
  ContentRecord sealed = MakeContent();
  sealed.id = *id;
  EXPECT_EQ(CodeOf(this->Write(this->org_b_,
                               [&](Transaction& tx) { return tx.Contents().Seal(sealed); })),
            ErrorCode::kNotFound);
  Result<std::vector<ContentId>> listed = this->Read(this->org_b_, [](Transaction& tx) {
    return tx.Contents().ListBelowKeyVersion(99, ContentId(), 10);
  });
  ASSERT_TRUE(listed);
  EXPECT_TRUE(listed->empty());
}

TYPED_TEST(ContentContractTest, ListBelowKeyVersionPagesByIdAfterASealMovesContent) {
  std::vector<ContentId> ids;
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) -> Status {
    if (Status k = tx.DataKeys().Insert(MakeKey(1)); !k) return k;
    if (Status k = tx.DataKeys().Insert(MakeKey(2)); !k) return k;
    for (int i = 0; i < 3; ++i) {
      Result<ContentId> id = tx.Contents().Create(MakeContent(1));
      if (!id) return id.error();
      ids.push_back(*id);
    }
    return OkStatus();
  }));
  Result<std::vector<ContentId>> page = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Contents().ListBelowKeyVersion(2, ids[0], 1);
  });
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_EQ(*page, std::vector<ContentId>{ids[1]});
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) {
    ContentRecord moved = MakeContent(2);
    moved.id = ids[1];
    return tx.Contents().Seal(moved);
  }));
  Result<std::vector<ContentId>> rest = this->Read(this->org_a_, [&](Transaction& tx) {
    return tx.Contents().ListBelowKeyVersion(2, ContentId(), 10);
  });
  ASSERT_TRUE(rest);
  EXPECT_EQ(*rest, (std::vector<ContentId>{ids[0], ids[2]}));
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [&](Transaction& tx) {
                                return tx.Contents().ListBelowKeyVersion(2, ContentId(), 0);
                              })),
            ErrorCode::kInvalidArgument);
}

TYPED_TEST(ContentContractTest, ContentWritesNeedAWriteTransaction) {
  EXPECT_EQ(CodeOf(this->Read(this->org_a_,
                              [](Transaction& tx) { return tx.Contents().Create(MakeContent()); })),
            ErrorCode::kFailedPrecondition);
}

TYPED_TEST(ContentContractTest, ARolledBackWriteLeavesNoContent) {
  ContentId id;
  Status failed = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
    if (Status k = tx.DataKeys().Insert(MakeKey(1)); !k) return k;
    Result<ContentId> created = tx.Contents().Create(MakeContent());
    if (!created) return Status(created.error());
    id = *created;
    return Status(AbortedError("give up"));
  });
  ASSERT_FALSE(failed);
  ASSERT_TRUE(id.IsSet());
  EXPECT_EQ(
      CodeOf(this->Read(this->org_a_, [&](Transaction& tx) { return tx.Contents().Find(id); })),
      ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(this->Read(this->org_a_, [](Transaction& tx) { return tx.DataKeys().Find(1); })),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace roi::contract
