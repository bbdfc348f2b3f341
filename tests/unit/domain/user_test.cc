#include "domain/user.h"

#include <gtest/gtest.h>

#include <string>

namespace roi {
namespace {

// A valid user; tests change only what they are about.
User MakeUser() {
  return User{.id = UserId(1),
              .organization_id = OrganizationId(1),
              .email = "specialist@example.test",
              .display_name = "Sam Specialist",
              .role = Role::kRoiSpecialist,
              .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$salt$hash",
              .version = 1};
}

TEST(UserTest, ValidUserPasses) { EXPECT_TRUE(ValidateUser(MakeUser())); }

TEST(UserTest, RoleNamesRoundTrip) {
  for (Role role : kAllRoles) {
    Result<Role> parsed = ParseRole(RoleName(role));
    ASSERT_TRUE(parsed) << RoleName(role);
    EXPECT_EQ(*parsed, role);
  }
  EXPECT_EQ(RoleName(Role::kPrivacyOfficer), "privacy_officer");
  EXPECT_EQ(ParseRole("root").error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(ParseRole("Clinician"));
}

TEST(UserTest, NormalizeEmailLowersAscii) {
  EXPECT_EQ(NormalizeEmail("Sam.Specialist@Example.TEST"), "sam.specialist@example.test");
}

TEST(UserTest, RejectsBadEmails) {
  for (std::string email : {"", "no-at-sign", "@example.test", "sam@", "a@b@c", "Sam@example.test",
                            "sam @example.test"}) {
    User user = MakeUser();
    user.email = email;
    EXPECT_EQ(ValidateUser(user).error().code, ErrorCode::kInvalidArgument) << email;
  }
  User user = MakeUser();
  user.email = std::string(250, 'a') + "@b.cd";
  EXPECT_FALSE(ValidateUser(user));
}

TEST(UserTest, RejectsBadFields) {
  User user = MakeUser();
  user.display_name = "";
  EXPECT_FALSE(ValidateUser(user));
  user = MakeUser();
  user.password_hash = "";
  EXPECT_FALSE(ValidateUser(user));
  user = MakeUser();
  user.failed_logins = -1;
  EXPECT_FALSE(ValidateUser(user));
  user = MakeUser();
  user.training_attested_on = *Date::FromYmd(2026, 5, 1);
  user.training_expires_on = *Date::FromYmd(2026, 4, 1);
  EXPECT_FALSE(ValidateUser(user));
}

TEST(UserTest, ErrorMessagesDoNotContainTheEmail) {
  User user = MakeUser();
  user.email = "Secret.Person@example.test";
  Status status = ValidateUser(user);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message.find("Secret"), std::string::npos);
}

Session MakeSession() {
  return Session{.token_hash = "abc",
                 .user_id = UserId(1),
                 .organization_id = OrganizationId(1),
                 .csrf_token = "csrf",
                 .created_micros = 10,
                 .expires_micros = 100,
                 .last_seen_micros = 10};
}

TEST(SessionTest, Validates) {
  EXPECT_TRUE(ValidateSession(MakeSession()));
  Session session = MakeSession();
  session.token_hash = "";
  EXPECT_FALSE(ValidateSession(session));
  session = MakeSession();
  session.user_id = UserId();
  EXPECT_FALSE(ValidateSession(session));
  session = MakeSession();
  session.expires_micros = 10;
  EXPECT_FALSE(ValidateSession(session));
  session = MakeSession();
  session.last_seen_micros = 5;
  EXPECT_FALSE(ValidateSession(session));
}

}  // namespace
}  // namespace roi
