#include "app/auth_service.h"

#include <gtest/gtest.h>

#include <string>

#include "app/user_service.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

constexpr const char* kPassword = "correct horse battery";
constexpr std::int64_t kMinute = 60LL * 1'000'000;
const AuditActor kCli{.id = {}, .label = "command line", .remote_address = ""};

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    Status created = store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    });
    ASSERT_TRUE(created);
    Result<User> user = users_.AddUser({.organization = "demo",
                                        .email = "Sam@Example.test",
                                        .display_name = "Sam",
                                        .role = Role::kRoiSpecialist},
                                       kPassword, kCli);
    ASSERT_TRUE(user) << user.error().ToString();
    user_ = *user;
  }

  Result<LoginResult> Login(const std::string& password,
                            const std::string& email = "sam@example.test",
                            const std::string& org = "demo") {
    return auth_.Login(
        {.organization = org, .email = email, .password = password, .remote_address = "127.0.0.1"});
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  User user_;
};

TEST_F(AuthServiceTest, LoginStartsASessionThatAuthenticates) {
  Result<LoginResult> login = Login(kPassword, "SAM@example.test");
  ASSERT_TRUE(login) << login.error().ToString();
  EXPECT_EQ(login->user.id, user_.id);
  EXPECT_FALSE(login->csrf_token.empty());
  EXPECT_TRUE(login->session_token.starts_with(std::to_string(user_.organization_id.value) + "."));
  Result<Principal> principal = auth_.Authenticate(login->session_token);
  ASSERT_TRUE(principal) << principal.error().ToString();
  EXPECT_EQ(principal->user.id, user_.id);
  EXPECT_EQ(principal->organization, user_.organization_id);
  EXPECT_EQ(principal->csrf_token, login->csrf_token);
}

TEST_F(AuthServiceTest, OnlyTheTokenDigestIsStored) {
  Result<LoginResult> login = Login(kPassword);
  ASSERT_TRUE(login);
  Status checked = store_.InTransaction(user_.organization_id, TxMode::kRead, [&](Transaction& tx) {
    EXPECT_FALSE(tx.Sessions().FindByTokenHash(login->session_token));
    Result<Session> session = tx.Sessions().FindByTokenHash(tokens_.Digest(login->session_token));
    return session ? OkStatus() : Status(session.error());
  });
  EXPECT_TRUE(checked);
}

TEST_F(AuthServiceTest, WrongPasswordUnknownUserAndUnknownOrgGiveTheSameError) {
  Result<LoginResult> wrong = Login("wrong password!");
  Result<LoginResult> unknown = Login(kPassword, "nobody@example.test");
  Result<LoginResult> no_org = Login(kPassword, "sam@example.test", "elsewhere");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(no_org);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error(), unknown.error());
  EXPECT_EQ(wrong.error(), no_org.error());
  EXPECT_EQ(wrong.error().message.find("sam"), std::string::npos);
}

TEST_F(AuthServiceTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  for (int i = 0; i < AuthService::kMaxFailedLogins; ++i) {
    ASSERT_FALSE(Login("wrong password!"));
  }
  Result<LoginResult> locked = Login(kPassword);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(locked.error().message.find("locked"), std::string::npos);
  clock_.AdvanceMicros(14 * kMinute);
  EXPECT_FALSE(Login(kPassword));
  clock_.AdvanceMicros(1 * kMinute);
  EXPECT_TRUE(Login(kPassword));
}

TEST_F(AuthServiceTest, ASuccessResetsTheFailureCount) {
  for (int i = 0; i < AuthService::kMaxFailedLogins - 1; ++i) {
    ASSERT_FALSE(Login("wrong password!"));
  }
  ASSERT_TRUE(Login(kPassword));
  for (int i = 0; i < AuthService::kMaxFailedLogins - 1; ++i) {
    ASSERT_FALSE(Login("wrong password!"));
  }
  EXPECT_TRUE(Login(kPassword));
}

TEST_F(AuthServiceTest, DisabledUsersCannotSignInAndLoseTheirSessions) {
  Result<LoginResult> login = Login(kPassword);
  ASSERT_TRUE(login);
  ASSERT_TRUE(users_.Disable("demo", "sam@example.test", kCli));
  EXPECT_EQ(auth_.Authenticate(login->session_token).error().code, ErrorCode::kUnauthenticated);
  Result<LoginResult> again = Login(kPassword);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), Login("wrong password!").error());
}

TEST_F(AuthServiceTest, IdleSessionsExpireAfterThirtyMinutesAndUseRefreshesThem) {
  Result<LoginResult> login = Login(kPassword);
  ASSERT_TRUE(login);
  clock_.AdvanceMicros(29 * kMinute);
  ASSERT_TRUE(auth_.Authenticate(login->session_token));
  clock_.AdvanceMicros(29 * kMinute);
  ASSERT_TRUE(auth_.Authenticate(login->session_token));
  clock_.AdvanceMicros(30 * kMinute);
  EXPECT_EQ(auth_.Authenticate(login->session_token).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, SessionsEndAfterTwelveHoursEvenWhenUsed) {
  Result<LoginResult> login = Login(kPassword);
  ASSERT_TRUE(login);
  for (int i = 0; i < 12 * 3; ++i) {
    clock_.AdvanceMicros(20 * kMinute);
    if (i < 12 * 3 - 1) {
      ASSERT_TRUE(auth_.Authenticate(login->session_token)) << i;
    }
  }
  EXPECT_FALSE(auth_.Authenticate(login->session_token));
}

TEST_F(AuthServiceTest, LogoutEndsTheSession) {
  Result<LoginResult> login = Login(kPassword);
  ASSERT_TRUE(login);
  ASSERT_TRUE(auth_.Logout(login->session_token, "127.0.0.1"));
  EXPECT_FALSE(auth_.Authenticate(login->session_token));
  EXPECT_TRUE(auth_.Logout(login->session_token, "127.0.0.1"));
}

TEST_F(AuthServiceTest, MalformedAndForeignTokensAreUnauthenticated) {
  for (std::string token : {"", "abc", ".x", "1.", "x.y", "-1.y", "999999.token-1"}) {
    Result<Principal> principal = auth_.Authenticate(token);
    ASSERT_FALSE(principal) << token;
    EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated) << token;
  }
}

TEST_F(AuthServiceTest, PasswordChangeEndsSessionsAndClearsLockout) {
  Result<LoginResult> login = Login(kPassword);
  ASSERT_TRUE(login);
  for (int i = 0; i < AuthService::kMaxFailedLogins; ++i) {
    ASSERT_FALSE(Login("wrong password!"));
  }
  ASSERT_TRUE(users_.SetPassword("demo", "sam@example.test", "a brand new password", kCli));
  EXPECT_FALSE(auth_.Authenticate(login->session_token));
  EXPECT_TRUE(Login("a brand new password"));
  EXPECT_EQ(users_.SetPassword("demo", "sam@example.test", "short", kCli).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_F(AuthServiceTest, AddUserRejectsDuplicatesAndShortPasswords) {
  NewUser again{.organization = "demo", .email = "sam@example.test", .display_name = "Sam"};
  EXPECT_EQ(users_.AddUser(again, kPassword, kCli).error().code, ErrorCode::kAlreadyExists);
  again.email = "new@example.test";
  EXPECT_EQ(users_.AddUser(again, "short", kCli).error().code, ErrorCode::kInvalidArgument);
  again.organization = "nowhere";
  EXPECT_EQ(users_.AddUser(again, kPassword, kCli).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace roi
