#include "scale_queries.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

#include "app/disclosure_log.h"

namespace roi::bench {
namespace {

using Clock = std::chrono::steady_clock;

// CPU time of the calling thread (each call runs on one thread; SQLite does its work there).
double CpuMillis() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

// One benchmarked call: run `run` (0-based) inside a read transaction, returning the rows read.
using Call = std::function<Result<std::int64_t>(Transaction& tx, int run)>;

struct Case {
  std::string name;
  Call call;
  bool heavy = false;  // Reports: fewer runs.
};

Result<std::int64_t> QueueRows(Transaction& tx, const RequestQuery& query) {
  Result<std::vector<ReleaseRequest>> page = tx.Requests().List(query);
  if (!page) return page.error();
  return static_cast<std::int64_t>(page->size());
}

// A pseudo-random index in [0, n) for run `run` of a case.
std::int64_t Pick(int run, std::int64_t n, std::int64_t salt) {
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(run + 1) * 2654435761u +
                                    static_cast<std::uint64_t>(salt) * 40503u) %
                                   static_cast<std::uint64_t>(n));
}

double Percentile(std::vector<double> sorted, double p) {
  if (sorted.empty()) return 0;
  std::size_t index = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

Result<std::vector<QueryTiming>> RunQueryBench(Store& store, const ScaleData& data,
                                               const QueryBenchOptions& options) {
  const ScaleSpec& spec = data.spec;
  const Date today = spec.today;
  const std::int64_t requests = spec.requests;

  // Deep keyset positions: the (due date, id) of requests at depths 20%..90% of the due-date
  // order, read once through the repository.  Request i is received on day today - age(i) and
  // due 30 days later, so the due order is close to the id order.
  std::vector<std::pair<std::optional<Date>, RequestId>> deep;
  Status found = store.InTransaction(data.organization, TxMode::kRead, [&](Transaction& tx) {
    for (int depth = 2; depth <= 9; ++depth) {
      Result<ReleaseRequest> request =
          tx.Requests().Find(RequestId(data.first_request + requests * depth / 10));
      if (!request) return Status(request.error());
      deep.emplace_back(request->due_on, request->id);
    }
    return OkStatus();
  });
  if (!found) return found.error();

  auto with_cursor = [&](RequestQuery query, int run) {
    const auto& [due, id] = deep[static_cast<std::size_t>(run) % deep.size()];
    query.after_id = id;
    query.after_due_on = due;
    return query;
  };
  auto user = [&](int run) {
    return data.users[static_cast<std::size_t>(run) % data.users.size()];
  };
  auto facility = [&](int run) {
    return data.facilities[static_cast<std::size_t>(run) % data.facilities.size()];
  };
  const std::array<RequestState, 4> open_states = {
      RequestState::kRetrieving, RequestState::kInReview, RequestState::kVerifying,
      RequestState::kAwaitingPayment};

  std::vector<Case> cases;
  cases.push_back({"queue: default (due date), first page",
                   [&](Transaction& tx, int) { return QueueRows(tx, RequestQuery{}); }});
  cases.push_back({"queue: default, deep page (keyset 20-90%)", [&](Transaction& tx, int run) {
                     return QueueRows(tx, with_cursor(RequestQuery{}, run));
                   }});
  cases.push_back({"queue: status open (retrieving, in review, ...), first page",
                   [&](Transaction& tx, int run) {
                     return QueueRows(tx, RequestQuery{.state = open_states[run % 4]});
                   }});
  cases.push_back({"queue: status released, first page", [&](Transaction& tx, int) {
                     return QueueRows(tx, RequestQuery{.state = RequestState::kReleased});
                   }});
  cases.push_back({"queue: status released, deep page", [&](Transaction& tx, int run) {
                     return QueueRows(
                         tx, with_cursor(RequestQuery{.state = RequestState::kReleased}, run));
                   }});
  cases.push_back({"queue: overdue, first page", [&](Transaction& tx, int) {
                     return QueueRows(tx, RequestQuery{.overdue = true, .today = today});
                   }});
  cases.push_back({"queue: assignee, first page", [&](Transaction& tx, int run) {
                     return QueueRows(tx, RequestQuery{.assignee = user(run)});
                   }});
  cases.push_back({"queue: assignee, deep page", [&](Transaction& tx, int run) {
                     return QueueRows(tx, with_cursor(RequestQuery{.assignee = user(run)}, run));
                   }});
  cases.push_back({"queue: assignee + open status, first page", [&](Transaction& tx, int run) {
                     return QueueRows(
                         tx, RequestQuery{.state = open_states[run % 4], .assignee = user(run)});
                   }});
  cases.push_back({"queue: requester role attorney (30%), first page", [&](Transaction& tx, int) {
                     return QueueRows(tx, RequestQuery{.requester_role = "attorney"});
                   }});
  cases.push_back({"queue: requester role researcher (2%), first page", [&](Transaction& tx, int) {
                     return QueueRows(tx, RequestQuery{.requester_role = "researcher"});
                   }});
  cases.push_back({"queue: requester role researcher, deep page", [&](Transaction& tx, int run) {
                     return QueueRows(
                         tx, with_cursor(RequestQuery{.requester_role = "researcher"}, run));
                   }});
  cases.push_back({"queue: facility, first page", [&](Transaction& tx, int run) {
                     return QueueRows(tx, RequestQuery{.facility = facility(run)});
                   }});
  cases.push_back({"queue: facility, deep page", [&](Transaction& tx, int run) {
                     return QueueRows(tx,
                                      with_cursor(RequestQuery{.facility = facility(run)}, run));
                   }});
  cases.push_back({"queue: facility + open status, first page", [&](Transaction& tx, int run) {
                     return QueueRows(tx, RequestQuery{.state = open_states[run % 4],
                                                       .facility = facility(run)});
                   }});
  cases.push_back({"queue: overdue + assignee, first page", [&](Transaction& tx, int run) {
                     return QueueRows(
                         tx, RequestQuery{.overdue = true, .today = today, .assignee = user(run)});
                   }});
  cases.push_back({"queue: received order, deep page", [&](Transaction& tx, int run) {
                     RequestQuery query{.sort = RequestSort::kReceived};
                     query.after_id = RequestId(data.first_request + Pick(run, requests, 1));
                     return QueueRows(tx, query);
                   }});
  cases.push_back(
      {"search: request number (exact)", [&](Transaction& tx, int run) {
         std::int64_t i = Pick(run, requests, 2);
         Result<ReleaseRequest> request = tx.Requests().Find(RequestId(data.first_request + i));
         if (!request) return Result<std::int64_t>(request.error());
         // Lower case: the search is case-insensitive.
         std::string number = request->number;
         std::transform(number.begin(), number.end(), number.begin(),
                        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
         return QueueRows(tx, RequestQuery{.search = number});
       }});
  cases.push_back({"search: patient MRN (exact)", [&](Transaction& tx, int run) {
                     return QueueRows(
                         tx, RequestQuery{.search = SyntheticMrn(Pick(run, spec.patients, 3))});
                   }});
  cases.push_back({"search: family name, full (about 1 patient)", [&](Transaction& tx, int run) {
                     return QueueRows(
                         tx,
                         RequestQuery{.search = SyntheticFamilyName(Pick(run, spec.patients, 4))});
                   }});
  cases.push_back(
      {"search: family name prefix, 6 letters (about 150 patients)", [&](Transaction& tx, int run) {
         std::string name = SyntheticFamilyName(Pick(run, spec.patients, 5));
         return QueueRows(tx, RequestQuery{.search = name.substr(0, name.size() - 2)});
       }});
  cases.push_back(
      {"search: family name prefix, 3 letters (1 in 26 patients)", [&](Transaction& tx, int run) {
         std::string name = SyntheticFamilyName(Pick(run, spec.patients, 8));
         return QueueRows(tx, RequestQuery{.search = name.substr(0, 3)});
       }});
  cases.push_back(
      {"search: family name prefix, 2 letters (1 in 26 patients)", [&](Transaction& tx, int run) {
         std::string name = SyntheticFamilyName(Pick(run, spec.patients, 9));
         return QueueRows(tx, RequestQuery{.search = name.substr(0, 2)});
       }});
  cases.push_back(
      {"accounting of disclosures: one patient, 6 years", [&](Transaction& tx, int run) {
         AccountingOfDisclosures accounting;
         Result<Accounting> produced = accounting.Produce(
             tx, {.patient = PatientId(data.first_patient + Pick(run, spec.patients, 6)),
                  .as_of = today});
         if (!produced) return Result<std::int64_t>(produced.error());
         return Result<std::int64_t>(produced->DisclosureCount());
       }});
  cases.push_back({"disclosure log: one patient, first page of 100", [&](Transaction& tx, int run) {
                     Result<std::vector<DisclosureEntry>> page = tx.Disclosures().List(
                         {.patient = PatientId(data.first_patient + Pick(run, spec.patients, 7))});
                     if (!page) return Result<std::int64_t>(page.error());
                     return Result<std::int64_t>(static_cast<std::int64_t>(page->size()));
                   }});
  auto groups = [](auto result) -> Result<std::int64_t> {
    if (!result) return result.error();
    return static_cast<std::int64_t>(result->size());
  };
  cases.push_back({"report: disclosures by basis, 1 year",
                   [&, groups](Transaction& tx, int) {
                     return groups(tx.Disclosures().CountByBasis(today.AddDays(-364), today));
                   },
                   true});
  cases.push_back({"report: turnaround, 30 days",
                   [&, groups](Transaction& tx, int) {
                     return groups(tx.Reports().Turnaround(today.AddDays(-29), today));
                   },
                   true});
  cases.push_back({"report: turnaround, 1 year",
                   [&, groups](Transaction& tx, int) {
                     return groups(tx.Reports().Turnaround(today.AddDays(-364), today));
                   },
                   true});
  cases.push_back(
      {"report: open backlog",
       [&, groups](Transaction& tx, int) { return groups(tx.Reports().OpenBacklog(today)); },
       true});
  cases.push_back({"report: volume, 30 days",
                   [&, groups](Transaction& tx, int) {
                     return groups(tx.Reports().Volume(today.AddDays(-29), today));
                   },
                   true});
  cases.push_back({"report: volume, 1 year",
                   [&, groups](Transaction& tx, int) {
                     return groups(tx.Reports().Volume(today.AddDays(-364), today));
                   },
                   true});
  cases.push_back({"report: fees, 30 days",
                   [&](Transaction& tx, int) -> Result<std::int64_t> {
                     Result<FeeTotals> fees = tx.Reports().Fees(today.AddDays(-29), today);
                     if (!fees) return fees.error();
                     return 1;
                   },
                   true});
  cases.push_back({"report: fees, 1 year",
                   [&](Transaction& tx, int) -> Result<std::int64_t> {
                     Result<FeeTotals> fees = tx.Reports().Fees(today.AddDays(-364), today);
                     if (!fees) return fees.error();
                     return 1;
                   },
                   true});

  std::vector<QueryTiming> out;
  for (const Case& c : cases) {
    if (!options.only.empty() && c.name.find(options.only) == std::string::npos) continue;
    int runs = c.heavy ? std::max(5, options.runs / 4) : options.runs;
    QueryTiming timing{.name = c.name, .runs = runs};
    std::vector<double> wall;
    double cpu_total = 0;
    std::mutex mutex;
    std::optional<Error> failure;
    // One client's calls: two warm-up runs, then `runs` timed ones (run numbers offset per
    // client so that concurrent clients ask for different parameters).
    auto client = [&](int offset) {
      for (int run = -2; run < runs; ++run) {
        std::int64_t rows = 0;
        double cpu_start = CpuMillis();
        Clock::time_point start = Clock::now();
        Status done = store.InTransaction(data.organization, TxMode::kRead, [&](Transaction& tx) {
          Result<std::int64_t> read = c.call(tx, std::max(run, 0) + offset);
          if (!read) return Status(read.error());
          rows = *read;
          return OkStatus();
        });
        double millis = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        double cpu = CpuMillis() - cpu_start;
        std::lock_guard<std::mutex> lock(mutex);
        if (!done) {
          failure = done.error();
          return;
        }
        if (run < 0) continue;
        wall.push_back(millis);
        cpu_total += cpu;
        timing.rows = rows;
      }
    };
    if (options.clients <= 1) {
      client(0);
    } else {
      std::vector<std::thread> threads;
      for (int i = 0; i < options.clients; ++i) threads.emplace_back(client, i * runs);
      for (std::thread& thread : threads) thread.join();
    }
    if (failure) return InternalError(c.name + ": " + failure->ToString());
    timing.runs = static_cast<int>(wall.size());
    std::sort(wall.begin(), wall.end());
    timing.p50_ms = Percentile(wall, 0.50);
    timing.p99_ms = Percentile(wall, 0.99);
    timing.max_ms = wall.back();
    timing.cpu_ms = cpu_total / static_cast<double>(wall.size());
    std::fprintf(stderr, "  %-64s p50 %8.2f ms  p99 %8.2f ms  cpu %8.2f ms  rows %lld\n",
                 c.name.c_str(), timing.p50_ms, timing.p99_ms, timing.cpu_ms,
                 static_cast<long long>(timing.rows));
    out.push_back(std::move(timing));
  }
  return out;
}

std::string TimingTable(const std::vector<QueryTiming>& timings) {
  std::string out =
      "| query | runs | rows | p50 ms | p99 ms | max ms | client CPU ms/run |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n";
  char line[512];
  for (const QueryTiming& t : timings) {
    std::snprintf(line, sizeof line, "| %s%s | %d | %lld | %.2f | %.2f | %.2f | %.2f |\n",
                  t.name.c_str(), t.p99_ms > 50 ? " **(over 50 ms)**" : "", t.runs,
                  static_cast<long long>(t.rows), t.p50_ms, t.p99_ms, t.max_ms, t.cpu_ms);
    out += line;
  }
  return out;
}

}  // namespace roi::bench
