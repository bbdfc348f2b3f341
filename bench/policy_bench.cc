// Decisions per second for a 200-document case (target: over 50k/s on one core, release build).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "policy/engine.h"

namespace roi::policy {
namespace {

// The rule packs: $OPENROI_RULES_DIR, else ./rules (run from the repository root).
std::string RulesDir() {
  const char* dir = std::getenv("OPENROI_RULES_DIR");
  return dir != nullptr ? dir : "rules";
}

const RuleSet& BenchRules() {
  static const RuleSet* rules = [] {
    Result<RuleSet> loaded = LoadRuleSet(RulesDir());
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().ToString().c_str());
      std::abort();
    }
    return new RuleSet(std::move(*loaded));
  }();
  return *rules;
}

Date Day(const char* text) { return *Date::Parse(text); }

// A New York authorization request for 200 documents of every kind, some labelled, some Part 2:
// the per-document checks, the state categories and the fee schedule all run.
Case TwoHundredDocumentCase() {
  Case c;
  c.jurisdiction = "US-NY";
  c.entity.type = EntityType::kHospital;
  c.received_on = Day("2026-03-02");
  c.as_of = Day("2026-03-02");
  c.patient.birth_date = Day("1980-01-01");
  c.requester.role = Role::kAttorney;
  c.basis = Basis::kAuthorization;
  c.purpose = Purpose::kLitigation;
  c.request.scope.all_records = true;
  c.request.scope.from = Day("2015-01-01");
  Authorization a;
  a.is_signed = true;
  a.signed_on = Day("2026-02-01");
  a.expires_on = Day("2027-01-01");
  a.describes_information = a.names_discloser = a.names_recipient = a.states_purpose = true;
  a.revocation_statement = a.conditioning_statement = a.redisclosure_statement = true;
  a.part2_consent = true;
  a.covers = {Cover::kAllRecords};
  a.state_forms = {"NY-HIV"};
  c.authorization = a;
  c.cost = {45, 3000, 500, 300};
  for (int i = 0; i < 200; ++i) {
    Document d;
    d.id = "doc-" + std::to_string(i);
    d.kind = static_cast<DocKind>(i % static_cast<int>(kDocKindNames.size()));
    d.service_date = Day("2016-01-15").AddDays(i * 17);
    d.pages = 1 + i % 9;
    if (i % 7 == 0) d.labels.Insert(Label::kHiv);
    if (i % 5 == 0) d.labels.Insert(Label::kMentalHealth);
    if (i % 11 == 0) d.part2 = Part2::kOwnProgram;
    c.documents.push_back(std::move(d));
  }
  return c;
}

void BM_Decide200Documents(benchmark::State& state) {
  const RuleSet& rules = BenchRules();
  Case c = TwoHundredDocumentCase();
  for (auto _ : state) {
    Decision d = Decide(c, rules);
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["decisions_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Decide200Documents);

void BM_DecideAndSerialize200Documents(benchmark::State& state) {
  const RuleSet& rules = BenchRules();
  Case c = TwoHundredDocumentCase();
  for (auto _ : state) {
    std::string json = SerializeDecision(Decide(c, rules));
    benchmark::DoNotOptimize(json);
  }
  state.counters["decisions_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecideAndSerialize200Documents);

void BM_DecideJson200Documents(benchmark::State& state) {
  const RuleSet& rules = BenchRules();
  // The case as JSON, as the CLI and HTTP adapters receive it.
  std::string json =
      R"({"schema":"openroi.case/1","jurisdiction":"US-NY","entity":{"type":"hospital"},)"
      R"("received_on":"2026-03-02","as_of":"2026-03-02","patient":{"birth_date":"1980-01-01"},)"
      R"("requester":{"role":"patient","identity_verified":true},"basis":"access",)"
      R"("request":{"scope":{"all_records":true}},"documents":[)";
  for (int i = 0; i < 200; ++i) {
    if (i > 0) json += ",";
    json += R"({"id":"doc-)" + std::to_string(i) +
            R"(","kind":"progress_note","pages":3,"service_date":"2025-01-02","labels":["hiv"]})";
  }
  json += "]}";
  for (auto _ : state) {
    Result<std::string> out = DecideJson(json, rules);
    benchmark::DoNotOptimize(out);
  }
  state.counters["decisions_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecideJson200Documents);

}  // namespace
}  // namespace roi::policy
