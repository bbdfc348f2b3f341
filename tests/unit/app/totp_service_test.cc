// The second factor end to end in the app layer: enrolment, confirmation, sign-in with a code,
// replay, wrong codes counting towards the lockout, and turning it off.
#include "app/totp_service.h"

#include <gtest/gtest.h>

#include "app/auth_service.h"
#include "app/totp.h"
#include "app/user_service.h"
#include "crypto/content_cipher.h"
#include "crypto/otp.h"
#include "crypto/sodium.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

constexpr const char* kPassword = "synthetic-password-2";
constexpr std::int64_t kStepMicros = kTotpStepSeconds * 1'000'000;

// A content cipher under a new random master key, for the second factor's sealed secrets.
std::unique_ptr<crypto::SodiumContentCipher> NewSecretCipher() {
  EXPECT_TRUE(crypto::Initialize());
  Result<crypto::MasterKey> master = crypto::MasterKey::Generate();
  EXPECT_TRUE(master);
  return std::make_unique<crypto::SodiumContentCipher>(std::move(*master),
                                                       std::vector<crypto::MasterKey>{});
}

class TotpServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    ASSERT_TRUE(store_.InSystemTransaction(TxMode::kWrite, [](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      return org ? OkStatus() : Status(org.error());
    }));
    Result<User> sam = users_.AddUser(
        {.organization = "demo",
         .email = "sam@example.test",
         .display_name = "Testuser Sam",
         .role = Role::kRoiSpecialist},
        kPassword, AuditActor{.id = {}, .label = "test setup", .remote_address = ""});
    Result<User> admin = users_.AddUser(
        {.organization = "demo",
         .email = "admin@example.test",
         .display_name = "Testuser Admin",
         .role = Role::kAdministrator},
        kPassword, AuditActor{.id = {}, .label = "test setup", .remote_address = ""});
    ASSERT_TRUE(sam && admin);
    sam_ = Principal{.user = *sam, .organization = sam->organization_id};
    admin_ = Principal{.user = *admin, .organization = admin->organization_id};
    auth_.SetSecondFactor(&totp_);
  }

  Result<LoginResult> Login(const std::string& code) {
    return auth_.Login({.organization = "demo",
                        .email = "sam@example.test",
                        .password = kPassword,
                        .totp_code = code});
  }

  // Enrols and confirms Sam; returns the raw key.
  std::string TurnOn() {
    Result<TotpEnrolment> enrolment = totp_.Enrol(sam_);
    EXPECT_TRUE(enrolment);
    Result<std::string> key = Base32Decode(enrolment->secret_base32);
    EXPECT_TRUE(key);
    EXPECT_TRUE(totp_.Confirm(sam_, Code(*key)));
    clock_.AdvanceMicros(kStepMicros);  // The confirming step is used up.
    return *key;
  }

  std::string Code(const std::string& key, int offset = 0) const {
    return HotpCode(otp_, key, TotpStep(clock_.NowMicros()) + offset);
  }

  int FailedLogins() {
    Result<std::vector<User>> listed = users_.List(sam_.organization);
    return listed ? (*listed)[0].failed_logins : -1;
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakePasswordHasher hasher_;
  testing::FakeTokenSource tokens_;
  crypto::OpenSslOtpPrimitives otp_;
  testing::FakeAuditHasher audit_hasher_;
  AuditTrail audit_{clock_, audit_hasher_};
  AuthService auth_{store_, clock_, hasher_, tokens_, audit_};
  UserService users_{store_, hasher_, audit_};
  std::unique_ptr<crypto::SodiumContentCipher> cipher_ = NewSecretCipher();
  ContentVault secret_vault_{*cipher_, clock_};
  SecretBox secrets_{*cipher_, secret_vault_};
  TotpService totp_{store_, clock_, otp_, "OpenROI Test", &secrets_, &audit_};
  Principal sam_;
  Principal admin_;
};

TEST_F(TotpServiceTest, EnrolmentGivesASecretAndUriAndNeedsConfirmation) {
  Result<TotpEnrolment> enrolment = totp_.Enrol(sam_);
  ASSERT_TRUE(enrolment) << enrolment.error().ToString();
  EXPECT_EQ(enrolment->secret_base32.size(), 32u);  // 20 bytes.
  EXPECT_TRUE(enrolment->uri.starts_with("otpauth://totp/OpenROI%20Test:sam@example.test?secret=" +
                                         enrolment->secret_base32));
  // Not confirmed yet: sign-in needs no code.
  EXPECT_TRUE(Login(""));
  Status wrong = totp_.Confirm(sam_, "000000");
  ASSERT_FALSE(wrong);
  EXPECT_TRUE(IsTotpError(wrong.error(), "totp_invalid"));
  Result<std::string> key = Base32Decode(enrolment->secret_base32);
  ASSERT_TRUE(key);
  EXPECT_TRUE(totp_.Confirm(sam_, Code(*key)));
  EXPECT_EQ(totp_.Enrol(sam_).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(totp_.Confirm(sam_, Code(*key)).error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(TotpServiceTest, SignInNeedsTheCodeAndRefusesReplay) {
  std::string key = TurnOn();
  Result<LoginResult> missing = Login("");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(IsTotpError(missing.error(), "totp_required"));
  EXPECT_EQ(FailedLogins(), 0);  // Asking for the code is not a failure.
  std::string code = Code(key);
  ASSERT_TRUE(Login(code));
  Result<LoginResult> replayed = Login(code);
  ASSERT_FALSE(replayed);
  EXPECT_TRUE(IsTotpError(replayed.error(), "totp_invalid"));
  // An earlier step's code is refused once a later one was used.
  EXPECT_FALSE(Login(Code(key, -1)));
  clock_.AdvanceMicros(kStepMicros);
  EXPECT_TRUE(Login(Code(key)));
}

TEST_F(TotpServiceTest, WrongCodesCountTowardsTheLockout) {
  std::string key = TurnOn();
  for (int i = 1; i < AuthService::kMaxFailedLogins; ++i) {
    Result<LoginResult> wrong = Login("000000");
    ASSERT_FALSE(wrong);
    EXPECT_TRUE(IsTotpError(wrong.error(), "totp_invalid"));
    EXPECT_EQ(FailedLogins(), i);
  }
  EXPECT_FALSE(Login("000000"));
  Result<LoginResult> locked = Login(Code(key));
  ASSERT_FALSE(locked);
  EXPECT_NE(locked.error().message.find("locked"), std::string::npos);
}

TEST_F(TotpServiceTest, TurningOffNeedsACodeOrAnAdministrator) {
  std::string key = TurnOn();
  EXPECT_TRUE(IsTotpError(totp_.Disable(sam_, sam_.user.id, "000000").error(), "totp_invalid"));
  // A non-administrator cannot turn off someone else's.
  EXPECT_EQ(totp_.Disable(sam_, admin_.user.id, "").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(totp_.Disable(sam_, sam_.user.id, Code(key)));
  EXPECT_TRUE(Login(""));
  key = TurnOn();
  ASSERT_TRUE(totp_.Disable(admin_, sam_.user.id, ""));
  EXPECT_TRUE(Login(""));
  EXPECT_EQ(totp_.Disable(admin_, sam_.user.id, "").error().code, ErrorCode::kNotFound);
}

TEST_F(TotpServiceTest, AnApiTokenCannotManageTheSecondFactor) {
  Principal token = sam_;
  token.api_token = ApiTokenId(7);
  token.scopes = {Permission::kDecide};
  EXPECT_EQ(totp_.Enrol(token).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(totp_.Confirm(token, "123456").error().code, ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace roi

namespace roi {
namespace {

// The stored secret of `user`, as the database holds it.
std::string StoredSecret(Store& store, OrganizationId organization, UserId user) {
  std::string secret;
  EXPECT_TRUE(store.InTransaction(organization, TxMode::kRead, [&](Transaction& tx) -> Status {
    Result<SecondFactor> factor = tx.SecondFactors().Find(user);
    if (!factor) return factor.error();
    secret = factor->secret;
    return OkStatus();
  }));
  return secret;
}

TEST_F(TotpServiceTest, TheStoredSecretIsEncryptedNotBase32) {
  Result<TotpEnrolment> enrolment = totp_.Enrol(sam_);
  ASSERT_TRUE(enrolment);
  std::string stored = StoredSecret(store_, sam_.organization, sam_.user.id);
  EXPECT_TRUE(SecretBox::IsSealed(stored)) << stored;
  EXPECT_EQ(stored.find(enrolment->secret_base32), std::string::npos);
  // And it still works: confirmation and sign-in open it.
  Result<std::string> key = Base32Decode(enrolment->secret_base32);
  ASSERT_TRUE(key);
  ASSERT_TRUE(totp_.Confirm(sam_, Code(*key)));
  clock_.AdvanceMicros(kStepMicros);
  EXPECT_TRUE(Login(Code(*key)));
  // Sealed for Sam: copied to the administrator's row it does not open.
  ASSERT_TRUE(store_.InTransaction(sam_.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<SecondFactor> moved = tx.SecondFactors().Put(
        {.user_id = admin_.user.id, .secret = stored, .confirmed = true, .last_step = 0});
    return moved ? OkStatus() : Status(moved.error());
  }));
  Result<LoginResult> admin = auth_.Login({.organization = "demo",
                                           .email = "admin@example.test",
                                           .password = kPassword,
                                           .totp_code = Code(*key)});
  ASSERT_FALSE(admin);
  EXPECT_EQ(admin.error().code, ErrorCode::kDataLoss);
}

TEST_F(TotpServiceTest, ALegacyPlainSecretIsSealedOnFirstUse) {
  std::string key = "12345678901234567890";  // RFC 6238's test key.
  ASSERT_TRUE(store_.InTransaction(sam_.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<SecondFactor> put = tx.SecondFactors().Put(
        {.user_id = sam_.user.id, .secret = Base32Encode(key), .confirmed = true});
    return put ? OkStatus() : Status(put.error());
  }));
  ASSERT_TRUE(Login(Code(key)));
  std::string stored = StoredSecret(store_, sam_.organization, sam_.user.id);
  EXPECT_TRUE(SecretBox::IsSealed(stored));
  EXPECT_EQ(stored.find(Base32Encode(key)), std::string::npos);
  clock_.AdvanceMicros(kStepMicros);
  EXPECT_TRUE(Login(Code(key)));
}

TEST_F(TotpServiceTest, WithoutAMasterKeyEnrolmentIsAClearError) {
  TotpService keyless(store_, clock_, otp_, "OpenROI Test");
  Result<TotpEnrolment> refused = keyless.Enrol(sam_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("OPENROI_MASTER_KEY_FILE"), std::string::npos);
  // A sealed secret cannot be checked without the key either.
  std::string key = TurnOn();
  auth_.SetSecondFactor(&keyless);
  Result<LoginResult> login = Login(Code(key));
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(TotpServiceTest, EnrolmentAndTurningOffArePermissionChanges) {
  std::string key = TurnOn();
  ASSERT_TRUE(totp_.Disable(admin_, sam_.user.id, ""));
  std::vector<AuditEvent> events;
  ASSERT_TRUE(store_.InTransaction(sam_.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<AuditEvent>> found =
        tx.Audit().Query({.action = AuditAction::kPermissionChange});
    if (!found) return Status(found.error());
    events = *found;
    return OkStatus();
  }));
  std::vector<std::string> details;
  for (const AuditEvent& event : events) {
    if (event.entity_kind == "user" && event.entity_id == std::to_string(sam_.user.id.value)) {
      details.push_back(event.detail);
    }
  }
  EXPECT_EQ(details,
            (std::vector<std::string>{"second factor enrolment started", "second factor turned on",
                                      "second factor turned off by an administrator"}));
}

}  // namespace
}  // namespace roi
