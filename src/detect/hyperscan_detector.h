// HyperscanDetector: SensitiveContentDetector on Hyperscan.  Every lexicon entry becomes one
// expression of a single block-mode database compiled once, so a scan is one pass over the text
// whatever the number of terms.  Hyperscan reports where a match ends; where it starts comes
// from HS_FLAG_SOM_LEFTMOST for terms and most regular expressions; a regular expression's start
// is defined as the leftmost start found by re-running that entry alone with
// HS_FLAG_SOM_LEFTMOST over a short window that ends at the match, and that search runs only
// when the main pass's start cannot be shown to be the same (docs/detection.md).
// Hyperscan's headers stay in hyperscan_detector.cc.
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "app/lexicon.h"
#include "app/sensitive_content.h"
#include "detect/identifier_scanner.h"
#include "detect/span_merger.h"

struct hs_database;
struct hs_scratch;

namespace roi::detect {

struct DetectorOptions {
  // Raw matches kept for spans per scan; past it the scan goes on counting matches and labels,
  // and the findings say `truncated`.
  std::size_t max_matches = 100000;
  // Identifier entries whose expression a hand-written recogniser implements (IdentifierScanner)
  // are matched by it instead of by Hyperscan, with the same results; false compiles every entry
  // into the Hyperscan database (for comparison: tests, benchmarks).
  bool builtin_identifiers = true;
  // Regular expressions with the lexicon flag `s` (LexiconEntry::track_start) are compiled with
  // start tracking (HS_FLAG_SOM_LEFTMOST) into the main database and take their start from the
  // pass when it provably equals the window search's (docs/detection.md); false searches the
  // start of every regular-expression match in its window (for comparison: tests, benchmarks).
  // The findings are the same either way.
  bool inline_regex_starts = true;
};

// Service.  Thread-safe: the compiled database is immutable and shared; each concurrent Scan
// borrows its own workspace (Hyperscan scratch space cloned from a prototype, and the buffers a
// scan collects matches and merges spans in, kept with their capacity) from a pool, so there are
// as many workspaces as scans ever ran at once.
class HyperscanDetector final : public SensitiveContentDetector {
 public:
  // Longest span a regular expression's start is searched for; a longer match is cut to it.
  static constexpr std::size_t kMaxRegexSpan = 256;

  // Compiles `entries` into one database, plus one small database per regular expression for
  // finding its start.
  // Returns InvalidArgument for an empty or inconsistent lexicon (CheckLexicon) and for an entry
  // Hyperscan rejects, naming its file and line and Hyperscan's reason; Internal if scratch
  // space cannot be allocated.
  static Result<std::unique_ptr<HyperscanDetector>> Create(std::vector<LexiconEntry> entries,
                                                           DetectorOptions options = {});
  ~HyperscanDetector() override;
  HyperscanDetector(const HyperscanDetector&) = delete;
  HyperscanDetector& operator=(const HyperscanDetector&) = delete;

  Result<SensitiveFindings> Scan(std::string_view text) const override;

  // How many raw matches `text` has, without collecting spans (for benchmarks).  Errors as Scan.
  Result<std::size_t> CountMatches(std::string_view text) const;

  const std::vector<LexiconEntry>& Entries() const { return entries_; }

  // How many entries the hand-written recognisers match (the rest are in the Hyperscan database).
  std::size_t BuiltinEntryCount() const;

  // How many regular expressions take their start from the main pass (inline_regex_starts).
  std::size_t InlineRegexStartCount() const;

 private:
  struct DatabaseDeleter {
    void operator()(hs_database* database) const;
  };
  struct ScratchDeleter {
    void operator()(hs_scratch* scratch) const;
  };
  using ScratchPtr = std::unique_ptr<hs_scratch, ScratchDeleter>;
  struct Workspace;  // What one scan uses and collects; defined in the .cc file.
  struct WorkspaceDeleter {
    void operator()(Workspace* workspace) const;
  };
  using WorkspacePtr = std::unique_ptr<Workspace, WorkspaceDeleter>;
  // Where a Hyperscan match's start comes from, per entry.
  enum class StartFrom : std::uint8_t {
    kPass,     // The main pass (terms).
    kWidth,    // end - width (fixed-width expressions).
    kChecked,  // The main pass when provably the window's, else the window search.
    kWindow,   // The window search.
  };
  HyperscanDetector(std::vector<LexiconEntry> entries, DetectorOptions options);
  Status Run(std::string_view text, Workspace& workspace) const;
  // Sets `match.begin` for an entry matched without start tracking.  REQUIRES: `scratch` idle.
  void FindStart(std::string_view text, RawMatch& match, hs_scratch* scratch) const;
  // Whether the start the main pass gave a kChecked entry's match is the window search's.
  bool PassStartHolds(std::string_view text, const RawMatch& match) const;
  // Hyperscan's match callback; `context` is the scan's state.
  static int OnMatch(unsigned int id, unsigned long long from, unsigned long long to,
                     unsigned int flags, void* context);
  Result<WorkspacePtr> Borrow() const;
  void Return(WorkspacePtr workspace) const;

  std::vector<LexiconEntry> entries_;
  SpanMerger merger_;  // entries_ as merging needs them.
  DetectorOptions options_;
  std::unique_ptr<hs_database, DatabaseDeleter> database_;  // Null when every entry is built in.
  IdentifierScanner identifiers_;
  std::vector<char> builtin_;          // Per entry: matched by identifiers_, not by database_.
  std::vector<StartFrom> start_from_;  // Per entry.
  // Per entry: null for terms (the main database gives their start) and for fixed-width
  // expressions (start = end - width), else the entry alone with start tracking, and how far
  // back its start may lie (its width when fixed).
  std::vector<std::unique_ptr<hs_database, DatabaseDeleter>> start_databases_;
  std::vector<std::size_t> start_windows_;
  // Per kChecked entry: every byte a match can start with (ExpressionFirstBytes).
  std::vector<std::bitset<256>> first_bytes_;
  ScratchPtr prototype_;  // Never scanned with; only cloned.
  mutable std::mutex mu_;
  mutable std::vector<WorkspacePtr> idle_;  // Guarded by mu_.
};

// Reads and parses every *.txt file in `dir`, in name order.  Returns NotFound if `dir` is not a
// readable folder, InvalidArgument (file and line) for a broken file, and for a folder without
// lexicon files.
Result<std::vector<LexiconEntry>> LoadLexiconDirectory(const std::string& dir);

// LoadLexiconDirectory, then Create.
Result<std::unique_ptr<HyperscanDetector>> LoadDetector(const std::string& dir,
                                                        DetectorOptions options = {});

}  // namespace roi::detect
