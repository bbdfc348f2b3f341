#include "crypto/master_key.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "crypto/sodium.h"

namespace roi::crypto {
namespace {

// A fresh, empty directory for one test, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("openroi-master-key-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TEST(MasterKeyTest, Base64RoundTripKeepsTheId) {
  Result<MasterKey> key = MasterKey::Generate();
  ASSERT_TRUE(key);
  EXPECT_EQ(key->Id().size(), 32u);
  EXPECT_EQ(key->Id().find_first_not_of("0123456789abcdef"), std::string::npos);
  Result<MasterKey> again = MasterKey::FromBase64("  " + key->Base64() + "\n", "test");
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->Id(), key->Id());
  Result<MasterKey> other = MasterKey::Generate();
  ASSERT_TRUE(other);
  EXPECT_NE(other->Id(), key->Id());
}

TEST(MasterKeyTest, MalformedKeysAreInvalidArgumentNamingTheSource) {
  const std::string short_key = "c2hvcnQ=";  // "short"
  const std::string long_key(88, 'A');
  for (const std::string& text : {std::string(), short_key, long_key, std::string("not base64!"),
                                  std::string(42, 'A') + "=="}) {
    Result<MasterKey> key = MasterKey::FromBase64(text, "OPENROI_MASTER_KEY");
    ASSERT_FALSE(key) << text;
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(key.error().message.find("OPENROI_MASTER_KEY"), std::string::npos);
  }
}

TEST(MasterKeyTest, TheIdDoesNotRevealTheKey) {
  Result<MasterKey> key = MasterKey::Generate();
  ASSERT_TRUE(key);
  Result<std::string> plain_hash = Blake2bHex(
      std::string_view(reinterpret_cast<const char*>(key->Bytes()), MasterKey::kBytes), 16);
  ASSERT_TRUE(plain_hash);
  EXPECT_NE(key->Id(), *plain_hash);  // Keyed with a context string, not a bare hash.
}

TEST(MasterKeyTest, NewKeyFileIsPrivateAndNeverOverwritten) {
  ScratchDir dir;
  std::string path = dir.File("master.key");
  Result<MasterKey> written = MasterKey::WriteNewKeyFile(path);
  ASSERT_TRUE(written) << written.error().ToString();
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  Result<MasterKey> read = MasterKey::FromFile(path);
  ASSERT_TRUE(read) << read.error().ToString();
  EXPECT_EQ(read->Id(), written->Id());
  Result<MasterKey> again = MasterKey::WriteNewKeyFile(path);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  Result<MasterKey> still = MasterKey::FromFile(path);
  ASSERT_TRUE(still);
  EXPECT_EQ(still->Id(), written->Id());
}

TEST(MasterKeyTest, MissingOrBadFileIsAClearError) {
  ScratchDir dir;
  Result<MasterKey> missing = MasterKey::FromFile(dir.File("absent.key"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("absent.key"), std::string::npos);
  std::ofstream(dir.File("bad.key")) << "this is not a key\n";
  Result<MasterKey> bad = MasterKey::FromFile(dir.File("bad.key"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("bad.key"), std::string::npos);
}

}  // namespace
}  // namespace roi::crypto
