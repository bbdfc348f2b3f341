// Throughput of sensitive-content detection over one large synthetic text (256 MiB of clinical
// filler with a sensitive term or identifier every ~2 KiB), on one core, against a plain memchr
// pass over the same bytes: the physical ceiling of any single pass.
#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "detect/hyperscan_detector.h"

namespace {

constexpr std::size_t kTextBytes = std::size_t{256} << 20;

// 256 MiB of note sentences; one in `planted_every` (0: none) is a sensitive one.
std::string MakeText(unsigned planted_every) {
  const std::vector<std::string> filler = {
      "Patient seen in clinic today for routine follow-up. ",
      "Vital signs stable; BP 128/76, HR 72, afebrile. ",
      "Reviewed medication list and allergies with the patient. ",
      "Lungs clear to auscultation bilaterally, no wheezes. ",
      "Plan: continue current regimen and return in three months. ",
      "Discussed diet, exercise and sleep hygiene at length. ",
      "Labs drawn; results to be reviewed at the next visit. ",
      "No acute distress noted; ambulating without assistance. "};
  const std::vector<std::string> planted = {"History of opioid use disorder on buprenorphine. ",
                                            "HIV-1, CD4 count 520. ",
                                            "Treated for chlamydia last year. ",
                                            "Major depression with suicidal ideation. ",
                                            "G2P1, IUD in place. ",
                                            "BRCA2 pathogenic variant on genetic testing. ",
                                            "SSN 123-45-6789, phone (555) 010-4477. ",
                                            "Seen 03/14/2024 at 42 Maple Street. "};
  std::mt19937 rng(7);
  std::string out;
  out.reserve(kTextBytes + 128);
  while (out.size() < kTextBytes) {
    bool plant = planted_every != 0 && rng() % planted_every == 0;
    out += plant ? planted[rng() % planted.size()] : filler[rng() % filler.size()];
  }
  out.resize(kTextBytes);
  return out;
}

// One sensitive sentence in 40: about one match per KiB, far denser than most notes.
const std::string& LargeText() {
  static const std::string text = MakeText(40);
  return text;
}

// No sensitive sentences: the common case of a note with nothing to flag.
const std::string& QuietText() {
  static const std::string text = MakeText(0);
  return text;
}

// The repository's lexicons, with room for every match of the large text (no truncation).
const roi::detect::HyperscanDetector& Detector() {
  static const auto detector =
      std::move(*roi::detect::LoadDetector(OPENROI_LEXICON_DIR, {.max_matches = 1 << 20}));
  return *detector;
}

// The repository's lexicons with every entry in the one Hyperscan database, as before the
// identifier recognisers (detect/identifier_scanner.h): the same findings, for comparison.
const roi::detect::HyperscanDetector& HyperscanOnlyDetector() {
  static const auto detector = std::move(*roi::detect::LoadDetector(
      OPENROI_LEXICON_DIR, {.max_matches = 1 << 20, .builtin_identifiers = false}));
  return *detector;
}

// The repository's lexicons split in two (the topic files / identifiers.txt alone), to show what
// each part of the single database costs: docs/benchmarks.md.
const roi::detect::HyperscanDetector& PartDetector(bool identifiers) {
  auto part = [](bool want_identifiers) {
    std::vector<roi::LexiconEntry> entries =
        *roi::detect::LoadLexiconDirectory(OPENROI_LEXICON_DIR);
    std::erase_if(entries, [&](const roi::LexiconEntry& entry) {
      return (entry.category == roi::SensitiveCategory::kIdentifier) != want_identifiers;
    });
    return std::move(*roi::detect::HyperscanDetector::Create(std::move(entries)));
  };
  static const auto topics = part(false);
  static const auto ids = part(true);
  return identifiers ? *ids : *topics;
}

// memchr for a byte the text never holds: touches every byte once, does nothing else.
void BM_DetectCeilingMemchr256MiB(benchmark::State& state) {
  const std::string& text = LargeText();
  for (auto _ : state) {
    benchmark::DoNotOptimize(std::memchr(text.data(), '\x01', text.size()));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DetectCeilingMemchr256MiB)->Unit(benchmark::kMillisecond);

// The Hyperscan pass alone: every match counted, nothing kept.
void BM_DetectCountMatches256MiB(benchmark::State& state) {
  const std::string& text = LargeText();
  const auto& detector = Detector();
  std::size_t matches = 0;
  for (auto _ : state) {
    matches = *detector.CountMatches(text);
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["matches"] = static_cast<double>(matches);
}
BENCHMARK(BM_DetectCountMatches256MiB)->Unit(benchmark::kMillisecond);

// The same pass with every entry in Hyperscan (no identifier recognisers).
void BM_DetectCountMatchesHyperscanOnly256MiB(benchmark::State& state) {
  const std::string& text = LargeText();
  const auto& detector = HyperscanOnlyDetector();
  std::size_t matches = 0;
  for (auto _ : state) {
    matches = *detector.CountMatches(text);
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["matches"] = static_cast<double>(matches);
}
BENCHMARK(BM_DetectCountMatchesHyperscanOnly256MiB)->Unit(benchmark::kMillisecond);

// The identifier recognisers alone (every identifier but MRN), over the same dense text.
void BM_DetectIdentifierScanner256MiB(benchmark::State& state) {
  const std::string& text = LargeText();
  roi::detect::IdentifierScanner scanner;
  for (const roi::detect::BuiltinPattern& builtin : roi::detect::BuiltinPatterns()) {
    scanner.Enable(builtin.pattern, 0);
  }
  std::size_t matches = 0;
  for (auto _ : state) {
    matches = 0;
    scanner.Scan(text, [&](std::size_t, std::size_t, std::uint32_t) { ++matches; });
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["matches"] = static_cast<double>(matches);
}
BENCHMARK(BM_DetectIdentifierScanner256MiB)->Unit(benchmark::kMillisecond);

// The Hyperscan pass alone over text with nothing to flag.
void BM_DetectCountMatchesQuiet256MiB(benchmark::State& state) {
  const std::string& text = QuietText();
  const auto& detector = Detector();
  for (auto _ : state) benchmark::DoNotOptimize(*detector.CountMatches(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DetectCountMatchesQuiet256MiB)->Unit(benchmark::kMillisecond);

// The pass with only the six topic lexicons, then with only the identifier expressions, over the
// dense text: the two parts of BM_DetectCountMatches256MiB's database scanned apart.
void BM_DetectCountMatchesTopicsOnly256MiB(benchmark::State& state) {
  const std::string& text = LargeText();
  const auto& detector = PartDetector(false);
  for (auto _ : state) benchmark::DoNotOptimize(*detector.CountMatches(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DetectCountMatchesTopicsOnly256MiB)->Unit(benchmark::kMillisecond);

void BM_DetectCountMatchesIdentifiersOnly256MiB(benchmark::State& state) {
  const std::string& text = LargeText();
  const auto& detector = PartDetector(true);
  for (auto _ : state) benchmark::DoNotOptimize(*detector.CountMatches(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DetectCountMatchesIdentifiersOnly256MiB)->Unit(benchmark::kMillisecond);

// The whole Scan: matches collected, merged into spans, labels suggested.
void ScanLargeText(benchmark::State& state, const roi::detect::HyperscanDetector& detector) {
  const std::string& text = LargeText();
  std::size_t spans = 0;
  for (auto _ : state) {
    roi::Result<roi::SensitiveFindings> findings = detector.Scan(text);
    spans = findings->spans.size();
    benchmark::DoNotOptimize(spans);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["spans"] = static_cast<double>(spans);
}

void BM_DetectScan256MiB(benchmark::State& state) { ScanLargeText(state, Detector()); }
BENCHMARK(BM_DetectScan256MiB)->Unit(benchmark::kMillisecond);

// The whole Scan with the start of every regular-expression match searched in its window (no
// start tracking for them in the main pass): DetectorOptions::inline_regex_starts = false.
void BM_DetectScanWindowedStarts256MiB(benchmark::State& state) {
  static const auto detector = std::move(*roi::detect::LoadDetector(
      OPENROI_LEXICON_DIR, {.max_matches = 1 << 20, .inline_regex_starts = false}));
  ScanLargeText(state, *detector);
}
BENCHMARK(BM_DetectScanWindowedStarts256MiB)->Unit(benchmark::kMillisecond);

// The pass alone for that detector (its database has no start tracking for the regular
// expressions).
void BM_DetectCountMatchesWindowedStarts256MiB(benchmark::State& state) {
  static const auto detector = std::move(*roi::detect::LoadDetector(
      OPENROI_LEXICON_DIR, {.max_matches = 1 << 20, .inline_regex_starts = false}));
  const std::string& text = LargeText();
  for (auto _ : state) benchmark::DoNotOptimize(*detector->CountMatches(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_DetectCountMatchesWindowedStarts256MiB)->Unit(benchmark::kMillisecond);

// The whole Scan with every entry in Hyperscan, for comparison.
void BM_DetectScanHyperscanOnly256MiB(benchmark::State& state) {
  ScanLargeText(state, HyperscanOnlyDetector());
}
BENCHMARK(BM_DetectScanHyperscanOnly256MiB)->Unit(benchmark::kMillisecond);

// One 20 KiB note, the size of a typical document's text.
void BM_DetectScanNote20KiB(benchmark::State& state) {
  const std::string note = LargeText().substr(0, 20 << 10);
  const auto& detector = Detector();
  for (auto _ : state) benchmark::DoNotOptimize(detector.Scan(note));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * note.size()));
}
BENCHMARK(BM_DetectScanNote20KiB);

}  // namespace
