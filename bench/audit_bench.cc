// Audit trail: how many events per second can be appended durably to SQLite when many events
// share one transaction (group commit), and how fast a chain verifies (the hash check alone, and
// end to end from SQLite).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/clock.h"
#include "crypto/audit_crypto.h"
#include "crypto/sodium.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

class StepClock final : public roi::Clock {
 public:
  std::int64_t NowMicros() const override { return now_ += 1; }
  roi::Date Today() const override { return roi::Date::FromDaysSinceEpoch(20'000); }

 private:
  mutable std::int64_t now_ = 1'700'000'000'000'000;
};

// A migrated SQLite database in a temporary directory with one organization, removed afterwards.
struct BenchDb {
  explicit BenchDb(bool full_sync = false) {
    std::string pattern = (std::filesystem::temp_directory_path() / "roi-audit-bench-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    directory = pattern;
    auto opened =
        roi::sqlite::OpenStore({.path = (directory / "bench.db").string(), .full_sync = full_sync});
    if (!opened) std::abort();
    store = std::move(*opened);
    if (!store->Migrate()) std::abort();
    roi::Status created =
        store->InSystemTransaction(roi::TxMode::kWrite, [&](roi::SystemTransaction& tx) {
          auto org = tx.Organizations().Insert(
              roi::Organization{.name = "Bench", .slug = "bench", .state = "CA"});
          if (!org) return roi::Status(org.error());
          organization = org->id;
          return roi::OkStatus();
        });
    if (!created) std::abort();
  }
  ~BenchDb() {
    store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(directory, ignored);
  }
  roi::Status Append(const roi::AuditTrail& trail, std::int64_t count) {
    return store->InTransaction(organization, roi::TxMode::kWrite, [&](roi::Transaction& tx) {
      for (std::int64_t i = 0; i < count; ++i) {
        auto event = trail.Record(tx, {.actor = roi::UserId(42),
                                       .actor_label = "Bench User",
                                       .action = roi::AuditAction::kRead,
                                       .patient = roi::PatientId(1000 + i % 50),
                                       .entity_kind = "patient",
                                       .entity_id = std::to_string(1000 + i % 50),
                                       .remote_address = "192.0.2.44",
                                       .detail = "opened the chart"});
        if (!event) return roi::Status(event.error());
      }
      return roi::OkStatus();
    });
  }
  std::filesystem::path directory;
  std::unique_ptr<roi::Store> store;
  roi::OrganizationId organization;
};

// Events appended per second with `range(0)` events per transaction (one commit each), with
// synchronous=NORMAL (range(1) == 0, OpenROI's setting) or FULL (1: each commit is fsynced).
void BM_AuditAppendSqlite(benchmark::State& state) {
  if (!roi::crypto::Initialize()) std::abort();
  BenchDb db(state.range(1) != 0);
  StepClock clock;
  roi::crypto::SodiumAuditHasher hasher;
  roi::AuditTrail trail(clock, hasher);
  for (auto _ : state) {
    if (!db.Append(trail, state.range(0))) state.SkipWithError("append failed");
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AuditAppendSqlite)
    ->ArgNames({"events_per_tx", "full_sync"})
    ->ArgsProduct({{1, 10, 100, 1000}, {0, 1}})
    ->UseRealTime();

std::vector<roi::AuditEvent> MakeChain(std::int64_t count) {
  StepClock clock;
  roi::crypto::SodiumAuditHasher hasher;
  std::vector<roi::AuditEvent> events;
  events.reserve(static_cast<std::size_t>(count));
  std::string prev(roi::kAuditGenesisHash);
  for (std::int64_t i = 1; i <= count; ++i) {
    roi::AuditEvent event{.organization_id = roi::OrganizationId(1),
                          .sequence = i,
                          .occurred_micros = clock.NowMicros(),
                          .actor_id = roi::UserId(42),
                          .actor_label = "Bench User",
                          .action = roi::AuditAction::kRead,
                          .patient_id = roi::PatientId(1000 + i % 50),
                          .entity_kind = "patient",
                          .entity_id = std::to_string(1000 + i % 50),
                          .remote_address = "192.0.2.44",
                          .detail = "opened the chart",
                          .prev_hash = prev,
                          .hash = {}};
    event.hash = *roi::AuditTrail::ComputeHash(hasher, event);
    prev = event.hash;
    events.push_back(std::move(event));
  }
  return events;
}

// The hash check alone: events per second through AuditChainChecker.
void BM_AuditVerifyChainInMemory(benchmark::State& state) {
  if (!roi::crypto::Initialize()) std::abort();
  std::vector<roi::AuditEvent> events = MakeChain(100'000);
  roi::crypto::SodiumAuditHasher hasher;
  for (auto _ : state) {
    roi::AuditChainChecker checker(hasher);
    for (const roi::AuditEvent& event : events) {
      if (checker.Next(event)) state.SkipWithError("chain broken");
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_AuditVerifyChainInMemory)->Unit(benchmark::kMillisecond);

// End to end: AuditVerifier reading 100,000 events from SQLite and checking them.
void BM_AuditVerifySqlite(benchmark::State& state) {
  if (!roi::crypto::Initialize()) std::abort();
  BenchDb db;
  StepClock clock;
  roi::crypto::SodiumAuditHasher hasher;
  roi::crypto::Ed25519SignatureChecker checker;
  roi::AuditTrail trail(clock, hasher);
  for (int i = 0; i < 100; ++i) {
    if (!db.Append(trail, 1000)) std::abort();
  }
  roi::AuditVerifier verifier(hasher, checker, "");
  for (auto _ : state) {
    auto result = verifier.Verify(*db.store, db.organization);
    if (!result || result->problem || result->events != 100'000) {
      state.SkipWithError("verify failed");
    }
  }
  state.SetItemsProcessed(state.iterations() * 100'000);
}
BENCHMARK(BM_AuditVerifySqlite)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

namespace {

// The hash alone, for comparison with BM_AuditVerifyChainInMemory: one BLAKE2b-256 over a typical
// event's 32-byte previous hash and canonical bytes.
void BM_AuditChainHashOnly(benchmark::State& state) {
  if (!roi::crypto::Initialize()) std::abort();
  roi::crypto::SodiumAuditHasher hasher;
  std::vector<roi::AuditEvent> events = MakeChain(1);
  std::string canonical = roi::CanonicalAuditBytes(events.front());
  std::string prev(32, '\0');
  for (auto _ : state) benchmark::DoNotOptimize(hasher.ChainHash(prev, canonical));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AuditChainHashOnly);

}  // namespace
