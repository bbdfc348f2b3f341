// SavedViewService: each user's own views, replaced by name, at most 20 per screen.
#include "app/saved_view_service.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

class SavedViewServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    Result<OrganizationId> org = Write<OrganizationId>([](SystemTransaction& tx) {
      Result<Organization> inserted =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      if (!inserted) return Result<OrganizationId>(inserted.error());
      return Result<OrganizationId>(inserted->id);
    });
    ASSERT_TRUE(org);
    for (const char* email : {"sam@example.test", "kim@example.test"}) {
      User stored;
      ASSERT_TRUE(store_.InTransaction(*org, TxMode::kWrite, [&](Transaction& tx) {
        Result<User> user = tx.Users().Insert(User{.email = email,
                                                   .display_name = "Sample User",
                                                   .role = Role::kRoiSpecialist,
                                                   .password_hash = "hash"});
        if (!user) return Status(user.error());
        stored = *user;
        return OkStatus();
      }));
      (std::string(email) == "sam@example.test" ? sam_ : kim_) =
          Principal{.user = stored, .organization = *org};
    }
  }

  template <typename T, typename Fn>
  Result<T> Write(Fn fn) {
    Result<T> out = InternalError("not run");
    Status status = store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      out = fn(tx);
      return out ? OkStatus() : Status(out.error());
    });
    if (!status) return status.error();
    return out;
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  SavedViewService views_{store_, clock_};
  Principal sam_, kim_;
};

TEST_F(SavedViewServiceTest, SavesListsReplacesAndDeletesTheCallersOwn) {
  Result<SavedView> saved = views_.Save(sam_, "queue", "Mine", R"({"assignee":"me"})");
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->user_id, sam_.user.id);
  EXPECT_EQ(saved->updated_micros, clock_.NowMicros());
  Result<SavedView> again = views_.Save(sam_, "queue", "Mine", R"({"overdue":true})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, saved->id);
  Result<std::vector<SavedView>> sams = views_.List(sam_, "queue");
  ASSERT_TRUE(sams);
  ASSERT_EQ(sams->size(), 1u);
  EXPECT_EQ((*sams)[0].filters_json, R"({"overdue":true})");
  Result<std::vector<SavedView>> kims = views_.List(kim_, "queue");
  ASSERT_TRUE(kims);
  EXPECT_TRUE(kims->empty());
  EXPECT_EQ(views_.Delete(kim_, saved->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(views_.Delete(sam_, saved->id));
}

TEST_F(SavedViewServiceTest, AtMostTwentyPerScreenButANameMayBeReplaced) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(views_.Save(sam_, "queue", "View " + std::to_string(100 + i), "{}"));
  }
  Result<SavedView> extra = views_.Save(sam_, "queue", "One too many", "{}");
  ASSERT_FALSE(extra);
  EXPECT_EQ(extra.error().code, ErrorCode::kResourceExhausted);
  EXPECT_TRUE(views_.Save(sam_, "queue", "View 100", R"({"a":1})"));
  EXPECT_TRUE(views_.Save(sam_, "other", "Elsewhere", "{}"));
  EXPECT_TRUE(views_.Save(kim_, "queue", "One too many", "{}"));
}

TEST_F(SavedViewServiceTest, RefusesBadInputBeforeTouchingTheStore) {
  EXPECT_EQ(views_.List(sam_, "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(views_.List(sam_, "Queue").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(views_.Save(sam_, "queue", " padded", "{}").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(views_.Save(sam_, "queue", "Mine", "not json").error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace roi
