#include "detect/hyperscan_detector.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "detect/expression_first_bytes.h"
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
  const HyperscanDetector* detector = nullptr;
  std::string_view text;
  std::size_t searches = 0;  // Kept matches whose start is still to be searched (kSearch).
  std::vector<RawMatch> matches;
  std::vector<RawMatch> scanned;  // From the identifier scanner, at most `limit` of them.
  std::vector<char> hit;          // Per entry: matched at least once.
};

// One scan's memory, pooled with its capacity: Hyperscan scratch space and the buffers.
struct HyperscanDetector::Workspace {
  ScratchPtr scratch;
  ScanState state;
  MergeBuffers merge;
};

void HyperscanDetector::WorkspaceDeleter::operator()(Workspace* workspace) const {
  delete workspace;
}

namespace {

// RawMatch::begin of a match whose start is searched after the pass.
constexpr std::size_t kSearch = std::numeric_limits<std::size_t>::max();

}  // namespace

// Starts are settled here when they can be, while the match's bytes are still in the cache; the
// window searches wait for the end of the pass (the scratch space is busy until then).
int HyperscanDetector::OnMatch(unsigned int id, unsigned long long from, unsigned long long to,
                               unsigned int /*flags*/, void* context) {
  auto& state = *static_cast<ScanState*>(context);
  ++state.total;
  if (!state.collect) return 0;
  state.hit[id] = 1;
  if (state.matches.size() >= state.limit) return 0;
  RawMatch match{
      .begin = static_cast<std::size_t>(from), .end = static_cast<std::size_t>(to), .entry = id};
  const HyperscanDetector& detector = *state.detector;
  switch (detector.start_from_[id]) {
    case StartFrom::kPass:
      break;
    case StartFrom::kWidth:  // Fixed width.
      match.begin = match.end - std::min(match.end, detector.start_windows_[id]);
      break;
    case StartFrom::kChecked:
      if (detector.PassStartHolds(state.text, match)) break;
      match.begin = kSearch;
      ++state.searches;
      break;
    case StartFrom::kWindow:
      match.begin = kSearch;
      ++state.searches;
      break;
  }
  state.matches.push_back(match);
  return 0;  // Go on scanning.
}

namespace {

std::vector<MatchSource> SourcesOf(const std::vector<LexiconEntry>& entries) {
  std::vector<MatchSource> sources;
  sources.reserve(entries.size());
  for (const LexiconEntry& entry : entries) {
    sources.push_back({.category = entry.category, .label = entry.label, .term_id = entry.id});
  }
  return sources;
}

}  // namespace

HyperscanDetector::HyperscanDetector(std::vector<LexiconEntry> entries, DetectorOptions options)
    : entries_(std::move(entries)), merger_(SourcesOf(entries_)), options_(options) {}

HyperscanDetector::~HyperscanDetector() = default;

namespace {

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

// A word byte for \b, as Hyperscan reads it without UTF-8 mode.
inline bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

}  // namespace

Result<std::unique_ptr<HyperscanDetector>> HyperscanDetector::Create(
    std::vector<LexiconEntry> entries, DetectorOptions options) {
  if (Status checked = CheckLexicon(entries); !checked) return checked.error();
  std::unique_ptr<HyperscanDetector> detector(new HyperscanDetector(std::move(entries), options));
  const std::vector<LexiconEntry>& all = detector->entries_;
  detector->builtin_.assign(all.size(), 0);
  detector->start_from_.assign(all.size(), StartFrom::kPass);
  detector->start_windows_.assign(all.size(), kMaxRegexSpan);
  detector->first_bytes_.assign(all.size(), {});
  std::vector<std::string> expressions;
  expressions.reserve(all.size());
  std::vector<const char*> pointers;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  hs_compile_error_t* error = nullptr;
  for (std::size_t i = 0; i < all.size(); ++i) {
    expressions.push_back(LexiconExpression(all[i]));
    if (options.builtin_identifiers) {
      if (std::optional<IdentifierPattern> builtin = BuiltinPatternOf(all[i])) {
        detector->identifiers_.Enable(*builtin, static_cast<std::uint32_t>(i));
        detector->builtin_[i] = 1;
        continue;
      }
    }
    if (all[i].kind == LexiconKind::kRegex) {
      // Where a regular expression's start comes from (docs/detection.md).
      hs_expr_info_t* info = nullptr;
      if (hs_expression_info(expressions[i].c_str(), Flags(all[i], false), &info, &error) !=
          HS_SUCCESS) {
        return CompileError(all, error, i);
      }
      bool fixed = info->min_width == info->max_width;
      detector->start_windows_[i] = std::min<std::size_t>(info->max_width, kMaxRegexSpan);
      std::free(info);
      std::optional<std::bitset<256>> first =
          options.inline_regex_starts && all[i].track_start
              ? ExpressionFirstBytes(expressions[i], all[i].caseless)
              : std::nullopt;
      if (fixed) {
        detector->start_from_[i] = StartFrom::kWidth;
      } else if (first) {
        detector->start_from_[i] = StartFrom::kChecked;
        detector->first_bytes_[i] = *first;
      } else {
        detector->start_from_[i] = StartFrom::kWindow;
      }
    }
    ids.push_back(static_cast<unsigned int>(i));
  }
  // Pointers into `expressions` stay valid: it was reserved for every entry.
  auto compile = [&](hs_database_t** database) {
    pointers.clear();
    flags.clear();
    for (unsigned int i : ids) {
      StartFrom from = detector->start_from_[i];
      pointers.push_back(expressions[i].c_str());
      flags.push_back(Flags(all[i], from == StartFrom::kPass || from == StartFrom::kChecked));
    }
    return hs_compile_multi(pointers.data(), flags.data(), ids.data(),
                            static_cast<unsigned int>(pointers.size()), HS_MODE_BLOCK, nullptr,
                            database, &error);
  };
  hs_scratch_t* scratch = nullptr;
  if (!ids.empty()) {
    hs_database_t* database = nullptr;
    if (compile(&database) != HS_SUCCESS &&
        std::count(detector->start_from_.begin(), detector->start_from_.end(),
                   StartFrom::kChecked) > 0) {
      // Start tracking for the regular expressions did not fit: search their starts instead.
      hs_free_compile_error(error);
      error = nullptr;
      std::replace(detector->start_from_.begin(), detector->start_from_.end(), StartFrom::kChecked,
                   StartFrom::kWindow);
      database = nullptr;
      compile(&database);
    }
    if (database == nullptr) return CompileError(all, error, std::nullopt, ids);
    detector->database_.reset(database);
    if (hs_alloc_scratch(database, &scratch) != HS_SUCCESS) {
      return InternalError("cannot allocate Hyperscan scratch space");
    }
  }
  detector->prototype_.reset(scratch);
  detector->start_databases_.resize(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    StartFrom from = detector->start_from_[i];
    if (detector->builtin_[i] != 0 || (from != StartFrom::kChecked && from != StartFrom::kWindow)) {
      continue;
    }
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

Result<HyperscanDetector::WorkspacePtr> HyperscanDetector::Borrow() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      WorkspacePtr workspace = std::move(idle_.back());
      idle_.pop_back();
      return workspace;
    }
  }
  WorkspacePtr workspace(new Workspace);
  if (prototype_ != nullptr) {  // Else nothing for Hyperscan to scan.
    hs_scratch_t* clone = nullptr;
    // The prototype is never scanned with, so cloning it needs no lock.
    if (hs_clone_scratch(prototype_.get(), &clone) != HS_SUCCESS) {
      return InternalError("cannot clone Hyperscan scratch space");
    }
    workspace->scratch.reset(clone);
  }
  return workspace;
}

void HyperscanDetector::Return(WorkspacePtr workspace) const {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(workspace));
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

// The window search scans text[first, end) alone, as if nothing came before or after it; the
// main pass gave the leftmost start of a match ending at `end` in the whole text.  Every match
// that starts after `first` is a match in both (its bytes and the bytes around it are the same),
// so the two agree unless the match is longer than the window, or the window's edges change an
// assertion: \b at `end` (when a word byte follows) or at `first` (when a word byte precedes),
// where a match could start in the window that is none in the text.  The expression has no
// anchors (ExpressionFirstBytes), so only those two edges matter.
bool HyperscanDetector::PassStartHolds(std::string_view text, const RawMatch& match) const {
  std::size_t window = start_windows_[match.entry];
  std::size_t first = match.end > window ? match.end - window : 0;
  if (match.begin < first) return false;  // Longer than the window: cut as the search cuts.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  if (match.end < text.size() && IsWordByte(bytes[match.end])) return false;
  if (first > 0 && IsWordByte(bytes[first - 1])) {
    // A match starting at `first` in the window would be left of the pass's start, and the
    // pass's match at `first` (if that is its start) may be none in the window.
    if (match.begin == first || first_bytes_[match.entry].test(bytes[first])) return false;
  }
  return true;
}

Status HyperscanDetector::Run(std::string_view text, Workspace& workspace) const {
  if (text.size() > std::numeric_limits<unsigned int>::max()) {
    return InvalidArgumentError("text too long to scan at once (over 4 GiB - 1 bytes)");
  }
  if (text.empty()) return OkStatus();
  ScanState& state = workspace.state;
  state.detector = this;
  state.text = text;
  state.searches = 0;
  hs_error_t scanned = HS_SUCCESS;
  if (database_ != nullptr) {
    scanned = hs_scan(database_.get(), text.data(), static_cast<unsigned int>(text.size()), 0,
                      workspace.scratch.get(), OnMatch, &state);
  }
  if (scanned != HS_SUCCESS) {
    return InternalError("Hyperscan scan failed with code " + std::to_string(scanned));
  }
  if (state.searches > 0) {
    for (RawMatch& match : state.matches) {
      if (match.begin == kSearch) FindStart(text, match, workspace.scratch.get());
    }
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
  Result<WorkspacePtr> borrowed = Borrow();
  if (!borrowed) return borrowed.error();
  WorkspacePtr workspace = std::move(*borrowed);
  ScanState& state = workspace->state;
  state.collect = true;
  state.limit = options_.max_matches;
  state.total = 0;
  state.matches.clear();
  state.scanned.clear();
  state.hit.assign(entries_.size(), 0);
  Status ran = Run(text, *workspace);
  SensitiveFindings findings;
  if (ran) {
    merger_.Merge(state.matches, workspace->merge, findings.spans);
    findings.labels = merger_.Labels(state.hit);
    findings.match_count = state.total;
    findings.truncated = state.total > options_.max_matches;
  }
  Return(std::move(workspace));
  if (!ran) return ran.error();
  return findings;
}

std::size_t HyperscanDetector::BuiltinEntryCount() const {
  return static_cast<std::size_t>(std::count(builtin_.begin(), builtin_.end(), 1));
}

std::size_t HyperscanDetector::InlineRegexStartCount() const {
  return static_cast<std::size_t>(
      std::count(start_from_.begin(), start_from_.end(), StartFrom::kChecked));
}

Result<std::size_t> HyperscanDetector::CountMatches(std::string_view text) const {
  Result<WorkspacePtr> borrowed = Borrow();
  if (!borrowed) return borrowed.error();
  WorkspacePtr workspace = std::move(*borrowed);
  ScanState& state = workspace->state;
  state.collect = false;
  state.total = 0;
  state.matches.clear();
  state.scanned.clear();
  Status ran = Run(text, *workspace);
  std::size_t total = state.total;
  Return(std::move(workspace));
  if (!ran) return ran.error();
  return total;
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
