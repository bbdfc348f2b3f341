#include "app/content_store.h"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

#include "app/content_cipher.h"
#include "app/content_vault.h"

namespace roi {
namespace {

struct MediaTypeRow {
  std::string_view media_type;
  bool valid;
};

constexpr std::array<MediaTypeRow, 11> kMediaTypes = {{
    {"application/pdf", true},
    {"image/tiff", true},
    {"text/plain; charset=utf-8", true},
    {"application/vnd.openroi.packet+zip", true},
    {"", false},
    {"pdf", false},
    {"/pdf", false},
    {"application/", false},
    {"a/b/c", false},
    {"text/plain\n", false},
    {"text/pl\xc3\xa4in", false},
}};

ContentRecord WithMediaType(std::string_view media_type) {
  return ContentRecord{.media_type = std::string(media_type), .data_key_version = 1};
}

TEST(ContentStoreTest, MediaTypesMustLookLikeTypeSlashSubtype) {
  for (const MediaTypeRow& row : kMediaTypes) {
    EXPECT_EQ(static_cast<bool>(ValidateContent(WithMediaType(row.media_type))), row.valid)
        << row.media_type;
  }
  EXPECT_FALSE(ValidateContent(WithMediaType("a/" + std::string(300, 'b'))));
}

TEST(ContentStoreTest, ContentNeedsAKeyVersionAndNoNegativeSizes) {
  ContentRecord content = WithMediaType("application/pdf");
  content.data_key_version = 0;
  EXPECT_EQ(ValidateContent(content).error().code, ErrorCode::kInvalidArgument);
  content = WithMediaType("application/pdf");
  content.size = -1;
  EXPECT_FALSE(ValidateContent(content));
  content = WithMediaType("application/pdf");
  content.chunk_count = -1;
  EXPECT_FALSE(ValidateContent(content));
}

TEST(ContentStoreTest, DataKeysNeedVersionKeyAndMasterKeyId) {
  DataKeyRecord key{.version = 1, .wrapped_key = "w", .master_key_id = "m"};
  EXPECT_TRUE(ValidateDataKey(key));
  EXPECT_FALSE(ValidateDataKey({.version = 0, .wrapped_key = "w", .master_key_id = "m"}));
  EXPECT_FALSE(ValidateDataKey({.version = 1, .wrapped_key = "", .master_key_id = "m"}));
  EXPECT_FALSE(ValidateDataKey({.version = 1, .wrapped_key = "w", .master_key_id = ""}));
}

TEST(ContentStoreTest, DataKeyStatesRoundTrip) {
  for (DataKeyState state : {DataKeyState::kActive, DataKeyState::kRetired}) {
    EXPECT_EQ(*ParseDataKeyState(DataKeyStateName(state)), state);
  }
  EXPECT_EQ(ParseDataKeyState("ACTIVE").error().code, ErrorCode::kInvalidArgument);
}

TEST(ContentStoreTest, MasterKeyMismatchNamesBothIds) {
  Error error = MasterKeyMismatch("aaa", "bbb");
  EXPECT_EQ(error.code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(error.message,
            "master key does not match the one the data keys were wrapped with (expected key id "
            "aaa, got bbb)");
}

TEST(ContentStoreTest, AssociatedDataNamesOrganizationAndContent) {
  EXPECT_EQ(ContentAssociatedData(OrganizationId(3), ContentId(41)),
            "openroi/content/v1 organization=3 content=41");
  EXPECT_NE(ContentAssociatedData(OrganizationId(3), ContentId(41)),
            ContentAssociatedData(OrganizationId(4), ContentId(41)));
}

}  // namespace
}  // namespace roi
