// Micro-benchmarks of encryption at rest: the secretstream cipher alone (encrypt and decrypt
// MB/s) and the content vault over an in-memory SQLite store (put + get MB/s).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "app/content_vault.h"
#include "crypto/content_cipher.h"
#include "crypto/sodium.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

std::unique_ptr<roi::crypto::SodiumContentCipher> BenchCipher() {
  (void)roi::crypto::Initialize();
  return std::make_unique<roi::crypto::SodiumContentCipher>(*roi::crypto::MasterKey::Generate(),
                                                            std::vector<roi::crypto::MasterKey>{});
}

// Seals `bytes` chunk by chunk, returning the header and the chunks.
std::vector<std::string> Seal(const roi::ContentCipher& cipher, const roi::WrappedDataKey& key,
                              const std::string& bytes, std::string& header) {
  auto sealer = *cipher.Sealer(key, "bench");
  std::vector<std::string> chunks;
  std::size_t step = cipher.ChunkBytes();
  for (std::size_t at = 0; at < bytes.size(); at += step) {
    bool last = at + step >= bytes.size();
    chunks.push_back(*sealer->Push(std::string_view(bytes).substr(at, step),
                                   last ? roi::ChunkPosition::kLast : roi::ChunkPosition::kMiddle));
  }
  header = sealer->Header();
  return chunks;
}

void BM_ContentEncrypt(benchmark::State& state) {
  auto cipher = BenchCipher();
  roi::WrappedDataKey key = *cipher->NewDataKey(roi::OrganizationId(1), 1);
  std::string bytes(static_cast<std::size_t>(state.range(0)), 'x');
  std::string header;
  for (auto _ : state) benchmark::DoNotOptimize(Seal(*cipher, key, bytes, header));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ContentEncrypt)->Arg(1 << 20)->Arg(10 << 20);

void BM_ContentDecrypt(benchmark::State& state) {
  auto cipher = BenchCipher();
  roi::WrappedDataKey key = *cipher->NewDataKey(roi::OrganizationId(1), 1);
  std::string bytes(static_cast<std::size_t>(state.range(0)), 'x');
  std::string header;
  std::vector<std::string> chunks = Seal(*cipher, key, bytes, header);
  for (auto _ : state) {
    auto opener = *cipher->Opener(key, header, "bench");
    for (const std::string& chunk : chunks) benchmark::DoNotOptimize(opener->Pull(chunk));
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ContentDecrypt)->Arg(1 << 20)->Arg(10 << 20);

class BenchClock final : public roi::Clock {
 public:
  std::int64_t NowMicros() const override { return 1'700'000'000'000'000; }
  roi::Date Today() const override { return *roi::Date::Parse("2026-01-05"); }
};

// Put then get of one item through the vault, on SQLite in memory (stores and reads every chunk).
void BM_VaultPutGetSqlite(benchmark::State& state) {
  auto cipher = BenchCipher();
  BenchClock clock;
  roi::ContentVault vault(*cipher, clock);
  auto store = std::move(*roi::sqlite::OpenStore({.path = ":memory:", .pool_size = 1}));
  (void)store->Migrate();
  roi::OrganizationId organization;
  (void)store->InSystemTransaction(roi::TxMode::kWrite, [&](roi::SystemTransaction& tx) {
    auto created = tx.Organizations().Insert(
        {.id = {}, .name = "Bench Org", .slug = "bench", .state = "CA", .version = 0});
    organization = created->id;
    return roi::OkStatus();
  });
  std::string bytes(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    (void)store->InTransaction(organization, roi::TxMode::kWrite, [&](roi::Transaction& tx) {
      roi::Result<roi::ContentRecord> stored = vault.Put(tx, bytes, "application/pdf");
      if (!stored) return roi::Status(stored.error());
      benchmark::DoNotOptimize(vault.Get(tx, stored->id));
      return roi::OkStatus();
    });
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_VaultPutGetSqlite)->Arg(1 << 20);

}  // namespace
