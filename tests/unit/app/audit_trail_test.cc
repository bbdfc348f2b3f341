#include "app/audit_trail.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/auth_service.h"
#include "app/user_service.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/fake_credentials.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

constexpr const char* kPassword = "correct horse battery";
const AuditActor kAdmin{.id = UserId(99), .label = "Admin Example", .remote_address = "192.0.2.9"};

class AuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_.Migrate());
    Status created = store_.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
      Result<Organization> org =
          tx.Organizations().Insert(Organization{.name = "Demo", .slug = "demo", .state = "CA"});
      if (!org) return Status(org.error());
      org_ = org->id;
      return OkStatus();
    });
    ASSERT_TRUE(created);
  }

  std::vector<AuditEvent> Events() {
    std::vector<AuditEvent> events;
    Status read = store_.InTransaction(org_, TxMode::kRead, [&](Transaction& tx) -> Status {
      Result<std::vector<AuditEvent>> all = tx.Audit().Scan(0, 10000);
      if (!all) return all.error();
      events = *all;
      return OkStatus();
    });
    EXPECT_TRUE(read);
    return events;
  }

  Result<AuditEvent> Record(const AuditEntry& entry, TxMode mode = TxMode::kWrite) {
    std::optional<Result<AuditEvent>> out;
    Status done = store_.InTransaction(org_, mode, [&](Transaction& tx) {
      out = trail_.Record(tx, entry);
      return *out ? OkStatus() : Status(out->error());
    });
    if (!done) return done.error();
    return *out;
  }

  AuditVerification Verify() {
    AuditVerifier verifier(hasher_, checker_, signer_.PublicKeyHex());
    Result<AuditVerification> result = verifier.Verify(store_, org_);
    EXPECT_TRUE(result);
    return result ? *result : AuditVerification{};
  }

  testing::InMemoryStore store_;
  testing::FakeClock clock_;
  testing::FakeAuditHasher hasher_;
  testing::FakeAuditSigner signer_;
  testing::FakeSignatureChecker checker_;
  AuditTrail trail_{clock_, hasher_, &signer_, /*seal_every=*/3};
  testing::FakePasswordHasher passwords_;
  testing::FakeTokenSource tokens_;
  AuthService auth_{store_, clock_, passwords_, tokens_, trail_};
  UserService users_{store_, passwords_, trail_};
  OrganizationId org_;
};

TEST_F(AuditTrailTest, RecordChainsEventsFromTheGenesisHash) {
  Result<AuditEvent> first = Record({.actor_label = "system", .action = AuditAction::kExport});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->sequence, 1);
  EXPECT_EQ(first->organization_id, org_);
  EXPECT_EQ(first->occurred_micros, clock_.NowMicros());
  EXPECT_EQ(first->prev_hash, kAuditGenesisHash);
  EXPECT_EQ(*AuditTrail::ComputeHash(hasher_, *first), first->hash);
  Result<AuditEvent> second = Record({.actor_label = "system", .action = AuditAction::kRead});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->sequence, 2);
  EXPECT_EQ(second->prev_hash, first->hash);
}

TEST_F(AuditTrailTest, AnEventCommitsOrRollsBackWithItsTransaction) {
  Status failed = store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<AuditEvent> event = trail_.Record(tx, {.actor_label = "system"});
    if (!event) return event.error();
    return AbortedError("the action failed");
  });
  EXPECT_FALSE(failed);
  EXPECT_TRUE(Events().empty());
  EXPECT_EQ(Record({.actor_label = "system"}, TxMode::kRead).error().code,
            ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Record({.actor_label = "bad\nlabel"}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Events().empty());
}

TEST_F(AuditTrailTest, SealsEveryNEventsAndVerifyChecksThem) {
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(Record({.actor_label = "system"}));
  AuditVerification result = Verify();
  EXPECT_FALSE(result.problem.has_value()) << result.problem->message;
  EXPECT_EQ(result.events, 7);
  EXPECT_EQ(result.seals, 2);  // At 3 and 6.
  store_.MutateForTest([&](testing::InMemoryData& data) {
    data.audit_seals.begin()->second.signature = std::string(128, '0');
  });
  result = Verify();
  ASSERT_TRUE(result.problem);
  EXPECT_EQ(result.problem->kind, AuditProblemKind::kBadSeal);
  EXPECT_EQ(result.problem->sequence, 3);
  EXPECT_NE(result.problem->message.find("signature"), std::string::npos);
}

TEST_F(AuditTrailTest, SealWithoutAKeyIsRefused) {
  AuditTrail unsigned_trail(clock_, hasher_);
  Status done = store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) -> Status {
    Result<AuditSeal> seal = unsigned_trail.Seal(tx);
    return seal ? OkStatus() : Status(seal.error());
  });
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(AuditTrailTest, DeletedAndRenumberedEventsAreReportedMissing) {
  AuditTrail unsealed(clock_, hasher_);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(store_.InTransaction(org_, TxMode::kWrite, [&](Transaction& tx) {
      Result<AuditEvent> event = unsealed.Record(tx, {.actor_label = "system"});
      return event ? OkStatus() : Status(event.error());
    }));
  }
  // Delete event 3 and renumber 4..6 to 3..5, head included.
  store_.MutateForTest([&](testing::InMemoryData& data) {
    std::int64_t org = org_.value;
    for (std::int64_t seq = 3; seq < 6; ++seq) {
      AuditEvent moved = data.audit_events[{org, seq + 1}];
      moved.sequence = seq;
      data.audit_events[{org, seq}] = moved;
    }
    data.audit_events.erase({org, 6});
    data.audit_heads[org_].sequence = 5;
  });
  AuditVerifier verifier(hasher_, checker_, "");
  Result<AuditVerification> result = verifier.Verify(store_, org_);
  ASSERT_TRUE(result);
  ASSERT_TRUE(result->problem);
  EXPECT_EQ(result->problem->kind, AuditProblemKind::kMissing);
  EXPECT_EQ(result->problem->sequence, 3);
  EXPECT_EQ(result->last_sequence, 2);
}

TEST_F(AuditTrailTest, SignInsFailuresLockoutsAndSignOutsAreRecorded) {
  Result<User> user = users_.AddUser(
      {.organization = "demo", .email = "sam@example.test", .display_name = "Sam Example"},
      kPassword, kAdmin);
  ASSERT_TRUE(user) << user.error().ToString();
  LoginAttempt attempt{.organization = "demo",
                       .email = "sam@example.test",
                       .password = "wrong password!",
                       .remote_address = "198.51.100.7"};
  for (int i = 0; i < AuthService::kMaxFailedLogins; ++i) EXPECT_FALSE(auth_.Login(attempt));
  EXPECT_FALSE(auth_.Login(attempt));  // Locked.
  attempt.email = "nobody@example.test";
  EXPECT_FALSE(auth_.Login(attempt));
  clock_.AdvanceMicros(AuthService::kLockoutMicros);
  attempt.email = "sam@example.test";
  attempt.password = kPassword;
  Result<LoginResult> login = auth_.Login(attempt);
  ASSERT_TRUE(login) << login.error().ToString();
  ASSERT_TRUE(auth_.Logout(login->session_token, "198.51.100.8"));

  std::vector<AuditEvent> events = Events();
  std::vector<std::string> actions;
  for (const AuditEvent& event : events) actions.emplace_back(AuditActionName(event.action));
  std::vector<std::string> expected = {"create"};
  for (int i = 0; i < AuthService::kMaxFailedLogins; ++i) expected.emplace_back("login_failed");
  expected.insert(expected.end(),
                  {"account_locked", "login_failed", "login_failed", "login", "logout"});
  EXPECT_EQ(actions, expected);
  const AuditEvent& created = events[0];
  EXPECT_EQ(created.actor_id, kAdmin.id);
  EXPECT_EQ(created.actor_label, "Admin Example");
  EXPECT_EQ(created.entity_id, std::to_string(user->id.value));
  const AuditEvent& failed = events[1];
  EXPECT_EQ(failed.actor_id, user->id);
  EXPECT_EQ(failed.outcome, AuditOutcome::kDenied);
  EXPECT_EQ(failed.remote_address, "198.51.100.7");
  EXPECT_EQ(failed.detail, "wrong password");
  EXPECT_EQ(events[7].detail, "account is locked");
  const AuditEvent& unknown = events[8];
  EXPECT_FALSE(unknown.actor_id.IsSet());
  EXPECT_EQ(unknown.detail, "unknown email");
  for (const AuditEvent& event : events) {
    EXPECT_EQ(event.detail.find("nobody"), std::string::npos);  // Never the typed email.
    EXPECT_EQ(event.detail.find(kPassword), std::string::npos);
  }
  EXPECT_EQ(events[9].outcome, AuditOutcome::kSuccess);
  EXPECT_EQ(events[10].remote_address, "198.51.100.8");
  EXPECT_FALSE(Verify().problem.has_value());
}

TEST_F(AuditTrailTest, AccountChangesAreRecordedAsTheActor) {
  ASSERT_TRUE(users_.AddUser(
      {.organization = "demo", .email = "sam@example.test", .display_name = "Sam Example"},
      kPassword, kAdmin));
  ASSERT_TRUE(users_.SetPassword("demo", "sam@example.test", "another good password", kAdmin));
  ASSERT_TRUE(users_.SetRole("demo", "sam@example.test", Role::kSupervisor, true, kAdmin));
  ASSERT_TRUE(users_.Disable("demo", "sam@example.test", kAdmin));
  // A failed change records nothing.
  EXPECT_FALSE(users_.Disable("demo", "nobody@example.test", kAdmin));
  std::vector<AuditEvent> events = Events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].action, AuditAction::kUpdate);
  EXPECT_EQ(events[1].detail, "password changed");
  EXPECT_EQ(events[2].action, AuditAction::kPermissionChange);
  EXPECT_EQ(events[2].detail, "role roi_specialist -> supervisor, release authorized no -> yes");
  EXPECT_EQ(events[3].action, AuditAction::kPermissionChange);
  EXPECT_EQ(events[3].detail, "account disabled");
  for (const AuditEvent& event : events) {
    EXPECT_EQ(event.actor_id, kAdmin.id);
    EXPECT_EQ(event.remote_address, "192.0.2.9");
    EXPECT_EQ(event.entity_kind, "user");
  }
}

}  // namespace
}  // namespace roi
