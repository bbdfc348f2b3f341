// The query benchmark of the scale run: the work queue (each filter, first page and a deep
// keyset page), search, the accounting of disclosures and the reports, each run many times
// through the storage adapter's repositories (one read transaction per call, as a request
// handler does), with the parameters varied per run.  Reports p50/p99 of the wall time and the
// CPU time this process used (for SQLite that is all the work; for PostgreSQL the server's work
// is in another process and only the wall time counts it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/store.h"
#include "scale_data.h"

namespace roi::bench {

struct QueryTiming {
  std::string name;
  int runs = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double cpu_ms = 0;      // Mean CPU time of this process per run.
  std::int64_t rows = 0;  // Rows (or groups) the last run returned.
};

struct QueryBenchOptions {
  int runs = 200;    // Per query; the reports run runs / 4 times (at least 5).
  std::string only;  // Run only queries whose name contains this; empty runs all.
  // Concurrent clients: each query runs `runs` times on each of this many threads at once (each
  // call its own transaction, as concurrent request handlers do); p50/p99 are over all calls.
  int clients = 1;
};

// Runs every query of the suite against `data`.  Returns the first error a query returns.
Result<std::vector<QueryTiming>> RunQueryBench(Store& store, const ScaleData& data,
                                               const QueryBenchOptions& options);

// The timings as a Markdown table.
std::string TimingTable(const std::vector<QueryTiming>& timings);

}  // namespace roi::bench
