#include "detect/hyperscan_detector.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "detect/identifier_scanner.h"

namespace roi::detect {

static_assert(HyperscanDetector::kMaxRegexSpan == kIdentifierMaxSpan,
              "the identifier scanner cuts long matches where the Hyperscan path does");

void HyperscanDetector::DatabaseDeleter::operator()(hs_database* database) const {
  hs_free_database(database);
}
void HyperscanDetector::ScratchDeleter::operator()(hs_scratch* scratch) const {
  hs_free_scratch(scratch);
}

// What the match callback fills during one scan.
struct ScanState {
  bool collect = true;  // False: count only.
  std::size_t limit = 0;
  std::size_t total = 0;
  std::vector<RawMatch> matches;
  std::vector<RawMatch> scanned;  // From the identifier scanner, at most `limit` of them.
  std::vector<char> hit;          // Per entry: matched at least once.
};

namespace {

int OnMatch(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  auto& state = *static_cast<ScanState*>(context);
  ++state.total;
  if (!state.collect) return 0;
  state.hit[id] = 1;
  if (state.matches.size() < state.limit) {
    state.matches.push_back({.begin = static_cast<std::size_t>(from),
                             .end = static_cast<std::size_t>(to),
                             .entry = id});
  }
  return 0;  // Go on scanning.
}

}  // namespace

HyperscanDetector::HyperscanDetector(std::vector<LexiconEntry> entries, DetectorOptions options)
    : entries_(std::move(entries)), options_(options) {
  sources_.reserve(entries_.size());
  for (const LexiconEntry& entry : entries_) {
    sources_.push_back({.category = entry.category, .label = entry.label, .term_id = entry.id});
  }
}

HyperscanDetector::~HyperscanDetector() = default;

namespace {

// Whether an entry's start comes from the main database.  Literal terms track it cheaply;
// regular expressions with leading classes or repeats (e-mail addresses, MRNs) do not.
bool TracksStartInline(const LexiconEntry& entry) { return entry.kind == LexiconKind::kTerm; }

unsigned int Flags(const LexiconEntry& entry, bool start) {
  return (start ? HS_FLAG_SOM_LEFTMOST : 0u) | (entry.caseless ? HS_FLAG_CASELESS : 0u);
}

// `compiled` maps the index of an expression in the main database to its entry.
Error CompileError(const std::vector<LexiconEntry>& entries, hs_compile_error_t* error,
                   std::optional<std::size_t> entry,
                   const std::vector<unsigned int>& compiled = {}) {
  if (!entry && error != nullptr && error->expression >= 0 &&
      static_cast<std::size_t>(error->expression) < compiled.size()) {
    entry = compiled[static_cast<std::size_t>(error->expression)];
  }
  std::string where = entry ? LexiconPlace(entries[*entry]) : std::string("(all entries)");
  std::string reason = error != nullptr ? error->message : "unknown error";
  hs_free_compile_error(error);
  return InvalidArgumentError("lexicon " + where + ": cannot compile: " + reason);
}

}  // namespace

Result<std::unique_ptr<HyperscanDetector>> HyperscanDetector::Create(
    std::vector<LexiconEntry> entries, DetectorOptions options) {
  if (Status checked = CheckLexicon(entries); !checked) return checked.error();
  std::unique_ptr<HyperscanDetector> detector(new HyperscanDetector(std::move(entries), options));
  const std::vector<LexiconEntry>& all = detector->entries_;
  detector->builtin_.assign(all.size(), 0);
  std::vector<std::string> expressions;
  expressions.reserve(all.size());
  std::vector<const char*> pointers;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (std::size_t i = 0; i < all.size(); ++i) {
    expressions.push_back(LexiconExpression(all[i]));
    if (options.builtin_identifiers) {
      if (std::optional<IdentifierPattern> builtin = BuiltinPatternOf(all[i])) {
        detector->identifiers_.Enable(*builtin, static_cast<std::uint32_t>(i));
        detector->builtin_[i] = 1;
        continue;
      }
    }
    pointers.push_back(expressions.back().c_str());
    flags.push_back(Flags(all[i], TracksStartInline(all[i])));
    ids.push_back(static_cast<unsigned int>(i));
  }
  // Pointers into `expressions` stay valid: it was reserved for every entry.
  hs_compile_error_t* error = nullptr;
  hs_scratch_t* scratch = nullptr;
  if (!pointers.empty()) {
    hs_database_t* database = nullptr;
    if (hs_compile_multi(pointers.data(), flags.data(), ids.data(),
                         static_cast<unsigned int>(pointers.size()), HS_MODE_BLOCK, nullptr,
                         &database, &error) != HS_SUCCESS) {
      return CompileError(all, error, std::nullopt, ids);
    }
    detector->database_.reset(database);
    if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
      return InternalError("cannot allocate Hyperscan scratch space");
    }
  }
  detector->prototype_.reset(scratch);
  detector->start_databases_.resize(all.size());
  detector->start_windows_.assign(all.size(), kMaxRegexSpan);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (TracksStartInline(all[i]) || detector->builtin_[i] != 0) continue;
    hs_expr_info_t* info = nullptr;
    if (hs_expression_info(expressions[i].c_str(), Flags(all[i], false), &info, &error) !=
        HS_SUCCESS) {
      return CompileError(all, error, i);
    }
    bool fixed = info->min_width == info->max_width;
    detector->start_windows_[i] = std::min<std::size_t>(info->max_width, kMaxRegexSpan);
    std::free(info);
    if (fixed) continue;
    hs_database_t* alone = nullptr;
    if (hs_compile(expressions[i].c_str(), Flags(all[i], true), HS_MODE_BLOCK, nullptr, &alone,
                   &error) != HS_SUCCESS) {
      return CompileError(all, error, i);
    }
    detector->start_databases_[i].reset(alone);
    // One scratch serves every database it was allocated (grown) for; growing may move it.
    hs_scratch_t* grown = detector->prototype_.release();
    hs_error_t allocated = hs_alloc_scratch(alone, &grown);
    detector->prototype_.reset(grown);
    if (allocated != HS_SUCCESS) return InternalError("cannot allocate Hyperscan scratch space");
  }
  return detector;
}

Result<HyperscanDetector::ScratchPtr> HyperscanDetector::Borrow() const {
  if (prototype_ == nullptr) return ScratchPtr();  // Nothing for Hyperscan to scan.
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      ScratchPtr scratch = std::move(idle_.back());
      idle_.pop_back();
      return scratch;
    }
  }
  hs_scratch_t* clone = nullptr;
  // The prototype is never scanned with, so cloning it needs no lock.
  if (hs_clone_scratch(prototype_.get(), &clone) != HS_SUCCESS) {
    return InternalError("cannot clone Hyperscan scratch space");
  }
  return ScratchPtr(clone);
}

void HyperscanDetector::Return(ScratchPtr scratch) const {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(scratch));
}

namespace {

// Collects the leftmost start of matches of one entry that end exactly at `end`.
struct StartSearch {
  unsigned long long end = 0;
  std::optional<unsigned long long> begin;
};

int OnStart(unsigned int /*id*/, unsigned long long from, unsigned long long to,
            unsigned int /*flags*/, void* context) {
  auto& search = *static_cast<StartSearch*>(context);
  if (to == search.end && (!search.begin || from < *search.begin)) search.begin = from;
  return 0;
}

}  // namespace

void HyperscanDetector::FindStart(std::string_view text, RawMatch& match,
                                  hs_scratch* scratch) const {
  std::size_t window = start_windows_[match.entry];
  std::size_t first = match.end > window ? match.end - window : 0;
  StartSearch search{.end = match.end - first};
  hs_error_t scanned =
      hs_scan(start_databases_[match.entry].get(), text.data() + first,
              static_cast<unsigned int>(match.end - first), 0, scratch, OnStart, &search);
  // Failing that (a span longer than the window), the span starts where the window does.
  match.begin = first + (scanned == HS_SUCCESS && search.begin ? *search.begin : 0);
}

Status HyperscanDetector::Run(std::string_view text, ScanState& state) const {
  if (text.size() > std::numeric_limits<unsigned int>::max()) {
    return InvalidArgumentError("text too long to scan at once (over 4 GiB - 1 bytes)");
  }
  if (text.empty()) return OkStatus();
  Result<ScratchPtr> scratch = Borrow();
  if (!scratch) return scratch.error();
  hs_error_t scanned = HS_SUCCESS;
  if (database_ != nullptr) {
    scanned = hs_scan(database_.get(), text.data(), static_cast<unsigned int>(text.size()), 0,
                      scratch->get(), OnMatch, &state);
  }
  if (scanned == HS_SUCCESS) {
    for (RawMatch& match : state.matches) {
      if (start_databases_[match.entry] != nullptr) {
        FindStart(text, match, scratch->get());
      } else if (!TracksStartInline(entries_[match.entry])) {
        match.begin = match.end - std::min(match.end, start_windows_[match.entry]);  // Fixed width.
      }
    }
  }
  if (*scratch != nullptr) Return(std::move(*scratch));
  if (scanned != HS_SUCCESS) {
    return InternalError("Hyperscan scan failed with code " + std::to_string(scanned));
  }
  identifiers_.Scan(text, [&state](std::size_t begin, std::size_t end, std::uint32_t entry) {
    ++state.total;
    if (!state.collect) return;
    state.hit[entry] = 1;
    if (state.scanned.size() < state.limit) {
      state.scanned.push_back({.begin = begin, .end = end, .entry = entry});
    }
  });
  if (!state.scanned.empty()) {
    // Past the limit, keep the matches that end first, as Hyperscan reports them.
    state.matches.insert(state.matches.end(), state.scanned.begin(), state.scanned.end());
    if (state.matches.size() > state.limit) {
      std::sort(state.matches.begin(), state.matches.end(),
                [](const RawMatch& a, const RawMatch& b) {
                  return a.end != b.end ? a.end < b.end : a.entry < b.entry;
                });
      state.matches.resize(state.limit);
    }
  }
  return OkStatus();
}

Result<SensitiveFindings> HyperscanDetector::Scan(std::string_view text) const {
  ScanState state{.collect = true, .limit = options_.max_matches, .hit = {}};
  state.hit.assign(entries_.size(), 0);
  if (Status ran = Run(text, state); !ran) return ran.error();
  SensitiveFindings findings = MergeMatches(std::move(state.matches), sources_);
  findings.match_count = state.total;
  if (state.total > options_.max_matches) {
    findings.truncated = true;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      if (state.hit[i] != 0 && !entries_[i].label.empty())
        findings.labels.push_back(entries_[i].label);
    }
    std::sort(findings.labels.begin(), findings.labels.end());
    findings.labels.erase(std::unique(findings.labels.begin(), findings.labels.end()),
                          findings.labels.end());
  }
  return findings;
}

std::size_t HyperscanDetector::BuiltinEntryCount() const {
  return static_cast<std::size_t>(std::count(builtin_.begin(), builtin_.end(), 1));
}

Result<std::size_t> HyperscanDetector::CountMatches(std::string_view text) const {
  ScanState state{.collect = false};
  if (Status ran = Run(text, state); !ran) return ran.error();
  return state.total;
}

Result<std::vector<LexiconEntry>> LoadLexiconDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return NotFoundError("no lexicon directory " + dir);
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".txt") files.push_back(it->path());
  }
  if (ec) return NotFoundError("cannot list lexicon directory " + dir);
  if (files.empty()) return InvalidArgumentError("no lexicon files (*.txt) in " + dir);
  std::sort(files.begin(), files.end());
  std::vector<LexiconEntry> entries;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return NotFoundError("cannot read lexicon file " + file.string());
    Result<std::vector<LexiconEntry>> parsed = ParseLexicon(file.string(), text.str());
    if (!parsed) return parsed.error();
    for (LexiconEntry& entry : *parsed) entries.push_back(std::move(entry));
  }
  if (Status checked = CheckLexicon(entries); !checked) return checked.error();
  return entries;
}

Result<std::unique_ptr<HyperscanDetector>> LoadDetector(const std::string& dir,
                                                        DetectorOptions options) {
  Result<std::vector<LexiconEntry>> entries = LoadLexiconDirectory(dir);
  if (!entries) return entries.error();
  return HyperscanDetector::Create(std::move(*entries), options);
}

}  // namespace roi::detect
