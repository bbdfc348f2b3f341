// openroi_scale: generates the scale data set in a database and benchmarks the application's
// queries on it.  scripts/bench-scale.sh runs it on SQLite and PostgreSQL (docs/benchmarks.md).
//
//   openroi_scale (--sqlite FILE | --postgres URL) [--requests N] [--disclosures N]
//                 [--patients N] [--requesters N] [--reuse] [--runs N] [--only TEXT]
//                 [--clients N] [--markdown FILE]
//
// Without --reuse the organization "scale-bench" must not exist yet (use a fresh database);
// with it the data of an earlier run (same sizes) is benchmarked again.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

#include "scale_data.h"
#include "scale_queries.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace {

using namespace roi;
using namespace roi::bench;

int Usage() {
  std::fprintf(stderr,
               "usage: openroi_scale (--sqlite FILE | --postgres URL) [--requests N]"
               " [--disclosures N] [--patients N] [--requesters N] [--reuse] [--runs N]"
               " [--only TEXT] [--clients N] [--markdown FILE]\n");
  return 2;
}

int Fail(const std::string& what, const Error& error) {
  std::fprintf(stderr, "openroi_scale: %s: %s\n", what.c_str(), error.ToString().c_str());
  return 1;
}

int Run(int argc, char** argv) {
  std::string sqlite_path, postgres_url, markdown;
  ScaleSpec spec;
  QueryBenchOptions options;
  bool reuse = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    auto number = [&](std::int64_t& out) {
      const char* text = value();
      if (text == nullptr) return false;
      char* end = nullptr;
      out = std::strtoll(text, &end, 10);
      return *end == '\0' && out >= 0;
    };
    std::int64_t runs = 0;
    bool ok = true;
    if (arg == "--sqlite") {
      const char* v = value();
      ok = v != nullptr;
      if (ok) sqlite_path = v;
    } else if (arg == "--postgres") {
      const char* v = value();
      ok = v != nullptr;
      if (ok) postgres_url = v;
    } else if (arg == "--markdown") {
      const char* v = value();
      ok = v != nullptr;
      if (ok) markdown = v;
    } else if (arg == "--only") {
      const char* v = value();
      ok = v != nullptr;
      if (ok) options.only = v;
    } else if (arg == "--requests") {
      ok = number(spec.requests);
    } else if (arg == "--disclosures") {
      ok = number(spec.disclosures);
    } else if (arg == "--patients") {
      ok = number(spec.patients);
    } else if (arg == "--requesters") {
      ok = number(spec.requesters);
    } else if (arg == "--runs") {
      ok = number(runs) && runs > 0;
      options.runs = static_cast<int>(runs);
    } else if (arg == "--clients") {
      std::int64_t clients = 0;
      ok = number(clients) && clients > 0 && clients <= 64;
      options.clients = static_cast<int>(clients);
    } else if (arg == "--reuse") {
      reuse = true;
    } else {
      ok = false;
    }
    if (!ok) return Usage();
  }
  if (sqlite_path.empty() == postgres_url.empty()) return Usage();
  const bool sqlite = !sqlite_path.empty();

  Result<std::unique_ptr<Store>> store =
      sqlite
          ? sqlite::OpenStore({.path = sqlite_path})
          : postgres::OpenStore({.url = postgres_url, .pool_size = std::max(4, options.clients)});
  if (!store) return Fail("open", store.error());
  auto migrate_start = std::chrono::steady_clock::now();
  Result<MigrationReport> migrated = (*store)->Migrate();
  if (!migrated) return Fail("migrate", migrated.error());
  double migrate_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - migrate_start).count();
  Result<std::unique_ptr<BulkSql>> bulk =
      sqlite ? OpenSqliteBulk(sqlite_path) : OpenPostgresBulk(postgres_url);
  if (!bulk) return Fail("connect", bulk.error());

  std::string report;
  char line[512];
  std::snprintf(line, sizeof line,
                "Database: %s (schema version %d). Data: %lld requests, %lld disclosures, %lld"
                " patients, %lld requesters.\n\n",
                sqlite ? "SQLite" : "PostgreSQL", migrated->to_version,
                static_cast<long long>(spec.requests), static_cast<long long>(spec.disclosures),
                static_cast<long long>(spec.patients), static_cast<long long>(spec.requesters));
  report += line;
  if (options.clients > 1) {
    std::snprintf(
        line, sizeof line,
        "Queries from %d concurrent clients (threads), each call its own transaction.\n\n",
        options.clients);
    report += line;
  }
  if (!migrated->applied.empty() && reuse) {
    std::snprintf(line, sizeof line,
                  "Migrations %d..%d applied to the existing data in %.1f s.\n\n",
                  migrated->applied.front(), migrated->applied.back(), migrate_seconds);
    report += line;
  }

  Result<ScaleData> data = InternalError("unset");
  if (reuse) {
    data = FindScaleData(**store, **bulk, spec);
    if (!data) return Fail("find the data of an earlier run", data.error());
    report += "Data generated by an earlier run (--reuse).\n\n";
  } else {
    report += "| generation phase | rows | seconds |\n|---|---:|---:|\n";
    double total = 0;
    data = GenerateScaleData(**store, **bulk, spec, [&](const PhaseTime& phase) {
      std::fprintf(stderr, "  %-40s %12lld rows %9.1f s\n", phase.phase.c_str(),
                   static_cast<long long>(phase.rows), phase.seconds);
      std::snprintf(line, sizeof line, "| %s | %lld | %.1f |\n", phase.phase.c_str(),
                    static_cast<long long>(phase.rows), phase.seconds);
      report += line;
      total += phase.seconds;
    });
    if (!data) return Fail("generate", data.error());
    std::snprintf(line, sizeof line, "| **total** | | **%.1f** |\n\n", total);
    report += line;
  }

  Result<std::vector<QueryTiming>> timings = RunQueryBench(**store, *data, options);
  if (!timings) return Fail("query benchmark", timings.error());
  report += TimingTable(*timings);
  std::fputs(report.c_str(), stdout);
  if (!markdown.empty()) {
    std::ofstream out(markdown);
    out << report;
    if (!out) {
      std::fprintf(stderr, "openroi_scale: cannot write %s\n", markdown.c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
