// Contract of AuditRepository (bound to the transaction's organization, append-only chain with a
// locked head), and the audit chain's tamper evidence end to end: rows changed, deleted or
// reordered directly in the database (SQL on SQLite and PostgreSQL, the data on the fake) must
// make AuditVerifier fail and name the event.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "app/audit_trail.h"
#include "contract/contract_fixture.h"
#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"

namespace roi::contract {
namespace {

AuditEvent MakeEvent(const AuditChainHead& head, const std::string& detail) {
  return AuditEvent{.sequence = head.sequence + 1,
                    .occurred_micros = 1000 + head.sequence,
                    .actor_label = "Sample User",
                    .action = AuditAction::kRead,
                    .entity_kind = "patient",
                    .entity_id = "1",
                    .detail = detail,
                    .prev_hash = head.hash,
                    .hash = std::string(64, 'a')};
}

template <typename Factory>
class AuditContractTest : public MigratedStoreTest<Factory> {
 protected:
  template <typename Fn>
  auto Write(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(OrganizationId organization, Fn fn) {
    return InTx(this->Db(), organization, TxMode::kRead, fn);
  }
  // Records `count` events in org A, one transaction each, the i-th about patient i % 3.
  void RecordEvents(OrganizationId organization, int count) {
    for (int i = 0; i < count; ++i) {
      clock_.AdvanceMicros(1000);
      Status done = this->Db().InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) {
        Result<AuditEvent> event =
            trail_.Record(tx, {.actor = UserId(7),
                               .actor_label = "Sample User",
                               .action = i % 2 == 0 ? AuditAction::kRead : AuditAction::kUpdate,
                               .patient = PatientId(i % 3 + 1),
                               .entity_kind = "patient",
                               .entity_id = std::to_string(i % 3 + 1),
                               .outcome = AuditOutcome::kSuccess,
                               .remote_address = "192.0.2.10",
                               .detail = "event " + std::to_string(i + 1)});
        return event ? OkStatus() : Status(event.error());
      });
      ASSERT_TRUE(done) << done.error().ToString();
    }
  }
  Result<AuditSeal> Seal(OrganizationId organization) {
    return Write(organization, [&](Transaction& tx) { return trail_.Seal(tx); });
  }
  AuditVerification Verify(OrganizationId organization, const std::string& key = "") {
    AuditVerifier verifier(hasher_, checker_, key.empty() ? signer_.PublicKeyHex() : key);
    Result<AuditVerification> result = verifier.Verify(this->Db(), organization);
    EXPECT_TRUE(result) << result.error().ToString();
    return result ? *result : AuditVerification{};
  }
  void Tamper(AuditTamper::Kind kind, std::int64_t sequence, const std::string& text = "") {
    Status done = this->factory_.TamperAudit(
        {.kind = kind, .organization = this->org_a_, .sequence = sequence, .text = text});
    ASSERT_TRUE(done) << done.error().ToString();
  }
  AuditEvent StoredEvent(std::int64_t sequence) {
    Result<std::vector<AuditEvent>> events =
        this->Read(this->org_a_, [&](Transaction& tx) { return tx.Audit().Scan(sequence - 1, 1); });
    EXPECT_TRUE(events && events->size() == 1);
    return events && !events->empty() ? events->front() : AuditEvent{};
  }
  void ExpectProblem(const AuditVerification& result, AuditProblemKind kind,
                     std::int64_t sequence) {
    ASSERT_TRUE(result.problem.has_value()) << "verify found nothing wrong";
    EXPECT_EQ(result.problem->kind, kind)
        << AuditProblemKindName(result.problem->kind) << ": " << result.problem->message;
    EXPECT_EQ(result.problem->sequence, sequence) << result.problem->message;
    EXPECT_NE(result.problem->message.find(std::to_string(sequence)), std::string::npos)
        << result.problem->message;
  }

  testing::FakeClock clock_;
  testing::FakeAuditHasher hasher_;
  testing::FakeAuditSigner signer_;
  testing::FakeSignatureChecker checker_;
  AuditTrail trail_{clock_, hasher_, &signer_};
};
TYPED_TEST_SUITE(AuditContractTest, Implementations, ImplementationNames);

TYPED_TEST(AuditContractTest, AnEmptyChainHasTheGenesisHeadAndVerifies) {
  Result<AuditChainHead> head =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.Audit().Head(); });
  ASSERT_TRUE(head) << head.error().ToString();
  EXPECT_EQ(head->sequence, 0);
  EXPECT_EQ(head->hash, kAuditGenesisHash);
  AuditVerification result = this->Verify(this->org_a_);
  EXPECT_FALSE(result.problem.has_value());
  EXPECT_EQ(result.events, 0);
}

TYPED_TEST(AuditContractTest, AppendExtendsTheLockedHeadOnly) {
  Result<AuditChainHead> head =
      this->Write(this->org_a_, [](Transaction& tx) -> Result<AuditChainHead> {
        Result<AuditChainHead> locked = tx.Audit().LockHead();
        if (!locked) return locked.error();
        if (Status appended = tx.Audit().Append(MakeEvent(*locked, "first")); !appended) {
          return appended.error();
        }
        return tx.Audit().LockHead();
      });
  ASSERT_TRUE(head) << head.error().ToString();
  EXPECT_EQ(head->sequence, 1);
  EXPECT_EQ(head->hash, std::string(64, 'a'));
  // A sequence that skips, or a prev_hash that is not the head's, does not extend the chain.
  Status skipped = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    Result<AuditChainHead> locked = tx.Audit().LockHead();
    if (!locked) return Status(locked.error());
    AuditEvent event = MakeEvent(*locked, "skip");
    event.sequence += 1;
    return tx.Audit().Append(event);
  });
  ASSERT_FALSE(skipped);
  EXPECT_EQ(skipped.error().code, ErrorCode::kFailedPrecondition);
  Status forked = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    Result<AuditChainHead> locked = tx.Audit().LockHead();
    if (!locked) return Status(locked.error());
    AuditEvent event = MakeEvent(*locked, "fork");
    event.prev_hash = std::string(64, 'b');
    return tx.Audit().Append(event);
  });
  ASSERT_FALSE(forked);
  EXPECT_EQ(forked.error().code, ErrorCode::kFailedPrecondition);
  // Writes need a write transaction; bad events are rejected.
  Status read_only = this->Db().InTransaction(this->org_a_, TxMode::kRead, [](Transaction& tx) {
    Result<AuditChainHead> locked = tx.Audit().LockHead();
    return locked ? OkStatus() : Status(locked.error());
  });
  ASSERT_FALSE(read_only);
  EXPECT_EQ(read_only.error().code, ErrorCode::kFailedPrecondition);
  Status invalid = this->Db().InTransaction(this->org_a_, TxMode::kWrite, [](Transaction& tx) {
    Result<AuditChainHead> locked = tx.Audit().LockHead();
    if (!locked) return Status(locked.error());
    AuditEvent event = MakeEvent(*locked, "line\nbreak");
    return tx.Audit().Append(event);
  });
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code, ErrorCode::kInvalidArgument);
  // Organization B's chain is its own.
  Result<AuditChainHead> other =
      this->Read(this->org_b_, [](Transaction& tx) { return tx.Audit().Head(); });
  ASSERT_TRUE(other);
  EXPECT_EQ(other->sequence, 0);
}

TYPED_TEST(AuditContractTest, RecordedEventsRoundTripInOrderAndVerify) {
  this->RecordEvents(this->org_a_, 5);
  Result<std::vector<AuditEvent>> events =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.Audit().Scan(0, 100); });
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 5u);
  for (std::size_t i = 0; i < events->size(); ++i) {
    const AuditEvent& event = (*events)[i];
    EXPECT_EQ(event.sequence, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(event.organization_id, this->org_a_);
    EXPECT_EQ(event.actor_id, UserId(7));
    EXPECT_EQ(event.remote_address, "192.0.2.10");
    EXPECT_EQ(event.detail, "event " + std::to_string(i + 1));
    EXPECT_EQ(event.prev_hash, i == 0 ? std::string(kAuditGenesisHash) : (*events)[i - 1].hash);
  }
  Result<std::vector<AuditEvent>> page =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.Audit().Scan(3, 1); });
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().sequence, 4);
  EXPECT_EQ(CodeOf(this->Read(this->org_a_, [](Transaction& tx) { return tx.Audit().Scan(0, 0); })),
            ErrorCode::kInvalidArgument);
  AuditVerification result = this->Verify(this->org_a_);
  EXPECT_FALSE(result.problem.has_value()) << result.problem->message;
  EXPECT_EQ(result.events, 5);
  EXPECT_EQ(result.last_sequence, 5);
  Result<std::vector<AuditEvent>> other =
      this->Read(this->org_b_, [](Transaction& tx) { return tx.Audit().Scan(0, 100); });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TYPED_TEST(AuditContractTest, QueryFiltersAndPages) {
  this->RecordEvents(this->org_a_, 9);
  auto query = [&](const AuditQuery& q) {
    return this->Read(this->org_a_, [&](Transaction& tx) { return tx.Audit().Query(q); });
  };
  Result<std::vector<AuditEvent>> patient = query({.patient = PatientId(2)});
  ASSERT_TRUE(patient) << patient.error().ToString();
  ASSERT_EQ(patient->size(), 3u);  // Events 2, 5, 8.
  EXPECT_EQ(patient->front().sequence, 2);
  Result<std::vector<AuditEvent>> updates = query({.action = AuditAction::kUpdate});
  ASSERT_TRUE(updates);
  EXPECT_EQ(updates->size(), 4u);  // Events 2, 4, 6, 8.
  Result<std::vector<AuditEvent>> both =
      query({.patient = PatientId(2), .action = AuditAction::kUpdate});
  ASSERT_TRUE(both);
  EXPECT_EQ(both->size(), 2u);  // Events 2, 8.
  EXPECT_TRUE(query({.actor = UserId(8)})->empty());
  EXPECT_EQ(query({.actor = UserId(7)})->size(), 9u);
  EXPECT_TRUE(query({.outcome = AuditOutcome::kDenied})->empty());
  const std::int64_t start = testing::FakeClock::kDefaultNowMicros;
  Result<std::vector<AuditEvent>> window =
      query({.from_micros = start + 3000, .to_micros = start + 6000});
  ASSERT_TRUE(window);
  ASSERT_EQ(window->size(), 3u);  // Events 3, 4, 5.
  EXPECT_EQ(window->front().sequence, 3);
  Result<std::vector<AuditEvent>> first_page = query({.limit = 4});
  ASSERT_TRUE(first_page);
  ASSERT_EQ(first_page->size(), 4u);
  Result<std::vector<AuditEvent>> next_page =
      query({.after_sequence = first_page->back().sequence, .limit = 4});
  ASSERT_TRUE(next_page);
  ASSERT_EQ(next_page->size(), 4u);
  EXPECT_EQ(next_page->front().sequence, 5);
  EXPECT_EQ(CodeOf(query({.limit = 0})), ErrorCode::kInvalidArgument);
  EXPECT_EQ(CodeOf(query({.limit = 1001})), ErrorCode::kInvalidArgument);
  Result<std::vector<AuditEvent>> other =
      this->Read(this->org_b_, [](Transaction& tx) { return tx.Audit().Query(AuditQuery{}); });
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TYPED_TEST(AuditContractTest, SealsRoundTripAndAreOnePerSequence) {
  this->RecordEvents(this->org_a_, 3);
  Result<AuditSeal> seal = this->Seal(this->org_a_);
  ASSERT_TRUE(seal) << seal.error().ToString();
  EXPECT_EQ(seal->sequence, 3);
  EXPECT_EQ(CodeOf(this->Seal(this->org_a_)), ErrorCode::kAlreadyExists);
  EXPECT_EQ(CodeOf(this->Seal(this->org_b_)), ErrorCode::kFailedPrecondition);  // Empty chain.
  Result<std::vector<AuditSeal>> seals =
      this->Read(this->org_a_, [](Transaction& tx) { return tx.Audit().Seals(); });
  ASSERT_TRUE(seals);
  ASSERT_EQ(seals->size(), 1u);
  EXPECT_EQ(seals->front(), *seal);
  AuditVerification result = this->Verify(this->org_a_);
  EXPECT_FALSE(result.problem.has_value());
  EXPECT_EQ(result.seals, 1);
}

TYPED_TEST(AuditContractTest, ConcurrentAppendersOfOneOrganizationTakeTurns) {
  constexpr int kThreads = 4;
  constexpr int kEach = 15;
  std::vector<std::thread> threads;
  std::atomic<int> failures = 0;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        for (int attempt = 0;; ++attempt) {
          Status done =
              this->Db().InTransaction(this->org_a_, TxMode::kWrite, [&](Transaction& tx) {
                Result<AuditEvent> event = this->trail_.Record(
                    tx,
                    {.actor_label = "thread " + std::to_string(t), .action = AuditAction::kRead});
                return event ? OkStatus() : Status(event.error());
              });
          if (done) break;
          // SQLite may report a busy database (Aborted) under contention: retry as documented.
          if (done.error().code != ErrorCode::kAborted || attempt > 50) {
            ++failures;
            break;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  AuditVerification result = this->Verify(this->org_a_);
  EXPECT_FALSE(result.problem.has_value()) << result.problem->message;
  EXPECT_EQ(result.events, kThreads * kEach);
}

// Tampering.  A chain of 10 events, sealed at 10, then one change made behind the port's back.

TYPED_TEST(AuditContractTest, AChangedEventIsNamed) {
  this->RecordEvents(this->org_a_, 10);
  this->Tamper(AuditTamper::Kind::kSetDetail, 4, "nothing to see here");
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kAltered, 4);
  EXPECT_FALSE(this->Verify(this->org_b_).problem.has_value());
}

TYPED_TEST(AuditContractTest, AChangedEventWithARecomputedHashIsNamed) {
  this->RecordEvents(this->org_a_, 10);
  AuditEvent event = this->StoredEvent(4);
  event.detail = "nothing to see here";
  Result<std::string> hash = AuditTrail::ComputeHash(this->hasher_, event);
  ASSERT_TRUE(hash);
  this->Tamper(AuditTamper::Kind::kSetDetail, 4, event.detail);
  this->Tamper(AuditTamper::Kind::kSetHash, 4, *hash);
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kAltered, 4);
}

TYPED_TEST(AuditContractTest, ADeletedEventIsNamed) {
  this->RecordEvents(this->org_a_, 10);
  this->Tamper(AuditTamper::Kind::kDelete, 4);
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kMissing, 4);
}

TYPED_TEST(AuditContractTest, ReorderedEventsAreNamed) {
  this->RecordEvents(this->org_a_, 10);
  this->Tamper(AuditTamper::Kind::kSwapWithNext, 4);
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kReordered, 4);
}

TYPED_TEST(AuditContractTest, ADeletedTailIsFoundByTheHead) {
  this->RecordEvents(this->org_a_, 10);
  this->Tamper(AuditTamper::Kind::kDeleteFrom, 8);
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kMissing, 8);
}

TYPED_TEST(AuditContractTest, ADeletedTailWithAMovedHeadIsFoundOnlyBySeals) {
  this->RecordEvents(this->org_a_, 10);
  std::string hash7 = this->StoredEvent(7).hash;
  this->Tamper(AuditTamper::Kind::kDeleteFrom, 8);
  this->Tamper(AuditTamper::Kind::kSetHead, 7, hash7);
  // Without a seal past event 7 this is undetectable (docs/security.md says so).
  EXPECT_FALSE(this->Verify(this->org_a_).problem.has_value());
  // With one, it is not.
  this->RecordEvents(this->org_a_, 3);  // 8..10 again, then sealed.
  ASSERT_TRUE(this->Seal(this->org_a_));
  std::string again7 = this->StoredEvent(7).hash;
  this->Tamper(AuditTamper::Kind::kDeleteFrom, 8);
  this->Tamper(AuditTamper::Kind::kSetHead, 7, again7);
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kMissing, 8);
}

TYPED_TEST(AuditContractTest, ARewrittenSealedEventIsFoundByTheSeal) {
  this->RecordEvents(this->org_a_, 10);
  ASSERT_TRUE(this->Seal(this->org_a_));
  // Rewrite event 10 with a consistent hash and head: only the seal still remembers.
  AuditEvent event = this->StoredEvent(10);
  event.detail = "rewritten";
  Result<std::string> hash = AuditTrail::ComputeHash(this->hasher_, event);
  ASSERT_TRUE(hash);
  this->Tamper(AuditTamper::Kind::kSetDetail, 10, event.detail);
  this->Tamper(AuditTamper::Kind::kSetHash, 10, *hash);
  this->Tamper(AuditTamper::Kind::kSetHead, 10, *hash);
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kBadSeal, 10);
}

TYPED_TEST(AuditContractTest, ASealByAnotherKeyIsNamed) {
  this->RecordEvents(this->org_a_, 4);
  testing::FakeAuditSigner intruder("intruder-key");
  AuditTrail forged(this->clock_, this->hasher_, &intruder);
  ASSERT_TRUE(this->Write(this->org_a_, [&](Transaction& tx) { return forged.Seal(tx); }));
  this->ExpectProblem(this->Verify(this->org_a_), AuditProblemKind::kBadSeal, 4);
  // Its signature is valid, so with no trusted key it passes (documented).
  AuditVerifier untrusting(this->hasher_, this->checker_, "");
  Result<AuditVerification> result = untrusting.Verify(this->Db(), this->org_a_);
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->problem.has_value());
}

}  // namespace
}  // namespace roi::contract
