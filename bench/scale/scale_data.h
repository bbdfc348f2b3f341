// The scale data generator: fills a migrated database with one synthetic organization holding
// `requests` release requests (a realistic spread of states, due dates, assignees, requester
// roles and facilities over six years of receipts), their completion transitions, invoices and
// payments, `patients` patients and `disclosures` disclosure-log entries over seven years.
//
// The few reference rows (organization, facilities, users) go through the repositories, so they
// are what the application would store; the bulk rows are INSERT ... SELECT statements over a
// generated series, all in one transaction, with the same formulas on SQLite and PostgreSQL (so
// both databases hold the same data).  The tables' secondary indexes are dropped for the load and
// recreated from their own stored definitions afterwards.  Everything is synthetic: names like
// "Testpatient Bravoqxa", example.test addresses.  See docs/benchmarks.md, "Scale".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/store.h"
#include "base/date.h"
#include "bulk_sql.h"

namespace roi::bench {

struct ScaleSpec {
  std::int64_t requests = 1'000'000;
  std::int64_t disclosures = 10'000'000;
  std::int64_t patients = 100'000;
  std::int64_t requesters = 2'000;
  int users = 40;
  int facilities = 8;
  Date today = Date::FromDaysSinceEpoch(20'781);  // 2026-11-24: fixed, so runs compare.
  std::string slug = "scale-bench";
};

// What the generator made, for the query benchmark to pick parameters from.  Ids of the bulk
// rows are contiguous: request i (0-based) has id first_request + i, and so on.
struct ScaleData {
  OrganizationId organization;
  std::vector<FacilityId> facilities;
  std::vector<UserId> users;
  std::int64_t first_patient = 0;
  std::int64_t first_request = 0;
  ScaleSpec spec;
};

// Seconds a phase of the generation took (wall clock).
struct PhaseTime {
  std::string phase;
  double seconds = 0;
  std::int64_t rows = 0;
};

// Creates the organization `spec.slug` and its rows.  REQUIRES: `store` migrated, and `bulk`
// connected to the same database.  Returns AlreadyExists if the organization exists (use
// FindScaleData to reuse it), or the first error of a statement.  `progress` is called after
// each phase.
Result<ScaleData> GenerateScaleData(Store& store, BulkSql& bulk, const ScaleSpec& spec,
                                    const std::function<void(const PhaseTime&)>& progress);

// The ScaleData of an organization GenerateScaleData made earlier with the same `spec` sizes.
Result<ScaleData> FindScaleData(Store& store, BulkSql& bulk, const ScaleSpec& spec);

// Family name of synthetic patient k (0-based): a NATO-alphabet stem and three letters, e.g.
// "Bravoqxa".  Given names are all "Testpatient".
std::string SyntheticFamilyName(std::int64_t k);
// MRN of synthetic patient k: "SYN" and seven digits.
std::string SyntheticMrn(std::int64_t k);

}  // namespace roi::bench
