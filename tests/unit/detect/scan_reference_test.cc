// HyperscanDetector::Scan against a straightforward reference kept here: every lexicon entry
// compiled alone into Hyperscan, each regular-expression start searched in its window, spans
// merged by sorting.  The detector's faster paths (identifier recognisers, starts from the main
// pass, SpanMerger) must give exactly the same findings on texts dense with overlapping and
// touching matches, on long matches, and at the edges of the start-search window.
#include <gtest/gtest.h>
#include <hs/hs.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "detect/expression_first_bytes.h"
#include "detect/hyperscan_detector.h"
#include "detect/span_merger.h"
#include "unit/detect/detector_testing.h"

namespace roi::detect {
namespace {

// The reference Scan.  Slow (one Hyperscan scan per entry and per regular-expression match) and
// simple on purpose.
class ReferenceScanner {
 public:
  explicit ReferenceScanner(std::vector<LexiconEntry> entries) : entries_(std::move(entries)) {
    for (const LexiconEntry& entry : entries_) {
      std::string expression = LexiconExpression(entry);
      unsigned caseless = entry.caseless ? HS_FLAG_CASELESS : 0u;
      Compiled compiled;
      compiled.term = entry.kind == LexiconKind::kTerm;
      compiled.ends = Compile(expression, caseless | (compiled.term ? HS_FLAG_SOM_LEFTMOST : 0u));
      if (!compiled.term) {
        compiled.starts = Compile(expression, caseless | HS_FLAG_SOM_LEFTMOST);
        hs_expr_info_t* info = nullptr;
        hs_compile_error_t* error = nullptr;
        EXPECT_EQ(hs_expression_info(expression.c_str(), caseless, &info, &error), HS_SUCCESS);
        compiled.fixed = info->min_width == info->max_width;
        compiled.window = std::min<std::size_t>(info->max_width, HyperscanDetector::kMaxRegexSpan);
        std::free(info);
      }
      compiled_.push_back(compiled);
    }
  }
  ~ReferenceScanner() {
    for (Compiled& compiled : compiled_) {
      hs_free_database(compiled.ends);
      hs_free_database(compiled.starts);
    }
    hs_free_scratch(scratch_);
  }
  ReferenceScanner(const ReferenceScanner&) = delete;
  ReferenceScanner& operator=(const ReferenceScanner&) = delete;

  SensitiveFindings Scan(std::string_view text) {
    std::vector<RawMatch> matches;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::vector<RawMatch> found;
      Collect(compiled_[i].ends, text, found);
      for (RawMatch& match : found) {
        match.entry = static_cast<std::uint32_t>(i);
        if (!compiled_[i].term) match.begin = Start(compiled_[i], text, match.end);
        matches.push_back(match);
      }
    }
    SensitiveFindings findings;
    findings.match_count = matches.size();
    std::map<SensitiveCategory, std::vector<RawMatch>> by_category;
    for (const RawMatch& match : matches) {
      by_category[entries_[match.entry].category].push_back(match);
      if (!entries_[match.entry].label.empty()) {
        findings.labels.push_back(entries_[match.entry].label);
      }
    }
    std::sort(findings.labels.begin(), findings.labels.end());
    findings.labels.erase(std::unique(findings.labels.begin(), findings.labels.end()),
                          findings.labels.end());
    for (auto& [category, list] : by_category) {
      std::sort(list.begin(), list.end(), [](const RawMatch& a, const RawMatch& b) {
        if (a.begin != b.begin) return a.begin < b.begin;
        if (a.end != b.end) return a.end > b.end;
        return a.entry < b.entry;
      });
      SensitiveSpan span;
      std::size_t longest = 0;
      bool open = false;
      for (const RawMatch& match : list) {
        if (open && match.begin <= span.end) {
          span.end = std::max(span.end, match.end);
          if (match.end - match.begin > longest) {
            longest = match.end - match.begin;
            span.term_id = entries_[match.entry].id;
          }
          continue;
        }
        if (open) findings.spans.push_back(span);
        span = {.begin = match.begin,
                .end = match.end,
                .category = category,
                .label = entries_[match.entry].label,
                .term_id = entries_[match.entry].id};
        longest = match.end - match.begin;
        open = true;
      }
      if (open) findings.spans.push_back(span);
    }
    std::sort(findings.spans.begin(), findings.spans.end(),
              [](const SensitiveSpan& a, const SensitiveSpan& b) {
                if (a.begin != b.begin) return a.begin < b.begin;
                return a.category < b.category;
              });
    return findings;
  }

 private:
  struct Compiled {
    hs_database_t* ends = nullptr;
    hs_database_t* starts = nullptr;
    bool term = false;
    bool fixed = false;
    std::size_t window = 0;
  };

  hs_database_t* Compile(const std::string& expression, unsigned flags) {
    hs_database_t* database = nullptr;
    hs_compile_error_t* error = nullptr;
    if (hs_compile(expression.c_str(), flags, HS_MODE_BLOCK, nullptr, &database, &error) !=
        HS_SUCCESS) {
      ADD_FAILURE() << expression << ": " << error->message;
      hs_free_compile_error(error);
      return nullptr;
    }
    EXPECT_EQ(hs_alloc_scratch(database, &scratch_), HS_SUCCESS);
    return database;
  }

  void Collect(hs_database_t* database, std::string_view text, std::vector<RawMatch>& out) {
    if (text.empty()) return;
    auto on_match = [](unsigned, unsigned long long from, unsigned long long to, unsigned,
                       void* context) {
      static_cast<std::vector<RawMatch>*>(context)->push_back(
          {.begin = static_cast<std::size_t>(from), .end = static_cast<std::size_t>(to)});
      return 0;
    };
    EXPECT_EQ(hs_scan(database, text.data(), static_cast<unsigned>(text.size()), 0, scratch_,
                      on_match, &out),
              HS_SUCCESS);
  }

  // The leftmost start of a match ending at `end`, searched in the window that ends there.
  std::size_t Start(const Compiled& compiled, std::string_view text, std::size_t end) {
    std::size_t first = end > compiled.window ? end - compiled.window : 0;
    if (compiled.fixed) return first;
    std::vector<RawMatch> found;
    Collect(compiled.starts, text.substr(first, end - first), found);
    std::size_t begin = end;
    for (const RawMatch& match : found) {
      if (match.end == end - first) begin = std::min(begin, first + match.begin);
    }
    return begin == end ? first : begin;
  }

  std::vector<LexiconEntry> entries_;
  std::vector<Compiled> compiled_;
  hs_scratch_t* scratch_ = nullptr;
};

std::string Describe(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += "\\x" + std::string(1, "0123456789abcdef"[byte >> 4]) +
             std::string(1, "0123456789abcdef"[byte & 0xf]);
    }
  }
  return out;
}

// Texts made of whole phrases, fragments, separators that make matches touch or overlap, word
// bytes that fail a \b, and long runs that push a match past its start window.
std::string DenseText(std::mt19937& rng, const std::vector<std::string>& phrases,
                      const std::vector<std::string>& joiners) {
  std::string text;
  std::size_t count = rng() % 50;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t roll = rng() % 100;
    if (roll < 2) {
      text += std::string(120 + rng() % 200, " \t\n"[rng() % 3]);
    } else if (roll < 4) {
      text += std::string(120 + rng() % 200, "ab_"[rng() % 3]);
    } else if (roll < 60) {
      std::string phrase = phrases[rng() % phrases.size()];
      if (rng() % 8 == 0) {  // Widen one space, sometimes past the window.
        std::size_t space = phrase.find(' ');
        if (space != std::string::npos) {
          phrase.replace(space, 1, std::string(1 + rng() % 300, rng() % 2 ? ' ' : '\n'));
        }
      }
      if (rng() % 6 == 0) {  // Another case.
        for (char& c : phrase) {
          if (rng() % 2) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        }
      }
      text += phrase;
      if (rng() % 3 == 0) {  // The same again, right after or one byte apart.
        text += std::string(rng() % 2, " -/"[rng() % 3]) + phrase;
      }
    } else {
      text += joiners[rng() % joiners.size()];
    }
  }
  return text;
}

const std::vector<std::string>& RepositoryPhrases() {
  static const std::vector<std::string> phrases = [] {
    std::vector<std::string> out = {"opioid use disorder",
                                    "alcohol withdrawal",
                                    "ETOH abuse",
                                    "IV drug users",
                                    "cocaine use disorder",
                                    "major depression",
                                    "postpartum depression",
                                    "post-traumatic stress disorder",
                                    "posttraumatic stress",
                                    "suicidal ideation",
                                    "suicide attempt",
                                    "suicidality",
                                    "self-harm",
                                    "self injury",
                                    "elective termination of a pregnancy",
                                    "termination of pregnancy",
                                    "G2P1",
                                    "G1P1001",
                                    "STDs",
                                    "STIs",
                                    "sexually transmitted infections",
                                    "HSV-2",
                                    "HSV2",
                                    "genetic testing",
                                    "genetic results",
                                    "BRCA",
                                    "BRCA1",
                                    "BRCA2",
                                    "BRCA12",
                                    "Huntington's disease",
                                    "Huntington chorea",
                                    "whole exome sequencing",
                                    "genome sequencing",
                                    "APOE4",
                                    "APOE e4",
                                    "APOE \xce\xb5"
                                    "4",
                                    "MRN: 1234567",
                                    "MRN#AB12345",
                                    "medical record no. 987654",
                                    "medical record number 12345",
                                    "123-45-6789",
                                    "(555) 010-4477",
                                    "+1 555-010-4477",
                                    "a@b.cd",
                                    "x.y@ex.test",
                                    "42 Maple Street",
                                    "1 Elm St",
                                    "03/14/2024",
                                    "2024-04-01",
                                    "March 3rd, 2025",
                                    "Sept. 4 1999",
                                    "HIV",
                                    "HIV-1",
                                    "AIDS",
                                    "hearing aids",
                                    "PrEP",
                                    "bowel prep",
                                    "CD4 count",
                                    "Plan B",
                                    "chlamydia",
                                    "heroin",
                                    "crack cocaine",
                                    "cocaine",
                                    "buprenorphine",
                                    "bipolar disorder",
                                    "depression",
                                    "IUD",
                                    "abortion"};
    for (const LexiconEntry& entry : testing::RepositoryDetector().Entries()) {
      if (entry.kind == LexiconKind::kTerm) out.push_back(entry.text);
    }
    return out;
  }();
  return phrases;
}

const std::vector<std::string>& Joiners() {
  static const std::vector<std::string> joiners = {
      "",         "",  " ",        " ",        "  ", "\n",   "\t",  "-",  ",", ".",
      "x",        "a", "_",        "'",        "s",  "ab",   "4",   "12", "/", "@",
      "\xc3\xa9", ":", "\xce\xb5", "disorder", "e4", " use", "ing", "2",  "(", ")"};
  return joiners;
}

void ExpectSameAsReference(const std::vector<LexiconEntry>& entries,
                           const std::vector<std::string>& phrases,
                           const std::vector<std::string>& joiners, int texts, std::uint32_t seed) {
  ReferenceScanner reference(entries);
  std::vector<std::unique_ptr<HyperscanDetector>> detectors;
  for (DetectorOptions options : {DetectorOptions{}, DetectorOptions{.inline_regex_starts = false},
                                  DetectorOptions{.builtin_identifiers = false}}) {
    Result<std::unique_ptr<HyperscanDetector>> detector =
        HyperscanDetector::Create(entries, options);
    ASSERT_TRUE(detector) << detector.error().ToString();
    detectors.push_back(std::move(*detector));
  }
  ASSERT_GT(detectors[0]->InlineRegexStartCount(), 0u);
  ASSERT_EQ(detectors[1]->InlineRegexStartCount(), 0u);
  std::mt19937 rng(seed);
  std::size_t spans = 0;
  std::size_t merged = 0;  // Spans made of more than one match.
  for (int i = 0; i < texts; ++i) {
    std::string text = DenseText(rng, phrases, joiners);
    SensitiveFindings want = reference.Scan(text);
    for (std::size_t d = 0; d < detectors.size(); ++d) {
      Result<SensitiveFindings> got = detectors[d]->Scan(text);
      ASSERT_TRUE(got) << got.error().ToString();
      ASSERT_EQ(*got, want) << "detector " << d << ", text #" << i << ": \"" << Describe(text)
                            << "\"";
    }
    spans += want.spans.size();
    merged += want.match_count - want.spans.size();
  }
  EXPECT_GT(spans, static_cast<std::size_t>(texts));       // Dense: several spans per text.
  EXPECT_GT(merged, static_cast<std::size_t>(texts / 8));  // Many overlap.
}

TEST(ScanReferenceTest, RepositoryLexiconsGiveTheReferenceFindings) {
  ExpectSameAsReference(testing::RepositoryDetector().Entries(), RepositoryPhrases(), Joiners(),
                        1500, 21);
}

// Expressions chosen to hit every case of the start check: a match in the window that is none in
// the text (a word byte before the window), an assertion at the match's end that a following word
// byte changes, matches longer than the window, anchors, and syntax the check does not read.
std::vector<LexiconEntry> TrickyEntries() {
  auto regex = [](std::string id, std::string text, bool caseless, bool whole_words,
                  SensitiveCategory category) {
    return LexiconEntry{.file = "tricky.txt",
                        .line = 1,
                        .category = category,
                        .label = category == SensitiveCategory::kIdentifier ? "" : "genetic",
                        .id = std::move(id),
                        .kind = LexiconKind::kRegex,
                        .caseless = caseless,
                        .whole_words = whole_words,
                        .track_start = true,
                        .text = std::move(text)};
  };
  constexpr SensitiveCategory kGenetic = SensitiveCategory::kGenetic;
  constexpr SensitiveCategory kId = SensitiveCategory::kIdentifier;
  return {regex("spaced", "a[a-z ]*b", false, true, kGenetic),
          regex("edge_end", "(xfoo\\b|foo)", false, false, kGenetic),
          regex("long", "q[a-z]+z", true, false, kGenetic),
          regex("anchored", "^ab|cd$", false, false, kId),
          regex("flags", "(?i)zz[0-9]+", false, false, kId),
          regex("short", "ab?c", false, true, kId),
          regex("words", "\\w+ed\\s+it", false, false, kGenetic)};
}

TEST(ScanReferenceTest, TrickyExpressionsGiveTheReferenceFindings) {
  std::vector<LexiconEntry> entries = TrickyEntries();
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].line = static_cast<int>(i + 1);
  const std::vector<std::string> phrases = {"ab",  "a b", "aab",     "a  ab",    "xfoo", "foo",
                                            "qaz", "qz",  "Qabcz",   "cd",       "zz12", "ZZ9",
                                            "abc", "ac",  "lied it", "used  it", "cab",  "xfooy"};
  const std::vector<std::string> joiners = {"",  "",  " ", "  ", "a", "b", "c", "x",
                                            "y", "_", "-", "\n", "d", "q", "z"};
  ExpectSameAsReference(entries, phrases, joiners, 3000, 7);
}

TEST(ScanReferenceTest, AMatchOnlyTheWindowSeesStartsTheSpanAsBefore) {
  // "a   ...   ab" (256 bytes) after a word byte: in the window that ends at the match, the
  // window's first byte starts a match (the window's edge is a word boundary); in the text it
  // does not ("ca" is no boundary).  The start is the window search's, as always.
  std::vector<LexiconEntry> entries = {TrickyEntries()[0]};
  std::string text = "ca" + std::string(253, ' ') + "ab";
  Result<std::unique_ptr<HyperscanDetector>> detector = HyperscanDetector::Create(entries);
  ASSERT_TRUE(detector) << detector.error().ToString();
  ASSERT_EQ((*detector)->InlineRegexStartCount(), 1u);
  Result<SensitiveFindings> findings = (*detector)->Scan(text);
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->spans.size(), 1u);
  EXPECT_EQ(findings->spans[0].begin, 1u);
  EXPECT_EQ(findings->spans[0].end, text.size());
  ReferenceScanner reference(entries);
  EXPECT_EQ(*findings, reference.Scan(text));
}

// The benchmark's kind of text (bench/detect_bench.cc): filler sentences with a sensitive one in
// `every`, 1 MiB.
std::string NoteText(unsigned every) {
  const std::vector<std::string> filler = {
      "Patient seen in clinic today for routine follow-up. ",
      "Vital signs stable; BP 128/76, HR 72, afebrile. ",
      "Plan: continue current regimen and return in three months. ",
      "Labs drawn; results to be reviewed at the next visit. "};
  const std::vector<std::string> planted = {"History of opioid use disorder on buprenorphine. ",
                                            "HIV-1, CD4 count 520. ",
                                            "Treated for chlamydia last year. ",
                                            "Major depression with suicidal ideation. ",
                                            "G2P1, IUD in place. ",
                                            "BRCA2 pathogenic variant on genetic testing. ",
                                            "SSN 123-45-6789, phone (555) 010-4477. ",
                                            "Seen 03/14/2024 at 42 Maple Street. "};
  std::mt19937 rng(3);
  std::string out;
  while (out.size() < (std::size_t{1} << 20)) {
    out += rng() % every == 0 ? planted[rng() % planted.size()] : filler[rng() % filler.size()];
  }
  return out;
}

TEST(ScanReferenceTest, NoteTextGivesTheReferenceFindings) {
  const std::vector<LexiconEntry>& entries = testing::RepositoryDetector().Entries();
  ReferenceScanner reference(entries);
  for (unsigned every : {2u, 40u}) {
    std::string text = NoteText(every);
    SensitiveFindings want = reference.Scan(text);
    EXPECT_GT(want.spans.size(), 1000u);
    Result<SensitiveFindings> got = testing::RepositoryDetector().Scan(text);
    ASSERT_TRUE(got);
    EXPECT_TRUE(*got == want) << "every " << every;
  }
}

// SpanMerger against MergeMatches on random raw matches, many overlapping, touching and repeated.
TEST(SpanMergerTest, MergesExactlyLikeMergeMatches) {
  std::vector<MatchSource> sources;
  for (int i = 0; i < 12; ++i) {
    SensitiveCategory category = kAllSensitiveCategories[static_cast<std::size_t>(i) % 7];
    sources.push_back({.category = category,
                       .label = category == SensitiveCategory::kIdentifier
                                    ? ""
                                    : std::string(SensitiveCategoryName(category)),
                       .term_id = "term_number_" + std::to_string(i)});
  }
  SpanMerger merger(sources);
  MergeBuffers buffers;
  std::mt19937 rng(99);
  for (int round = 0; round < 2000; ++round) {
    std::vector<RawMatch> matches;
    std::size_t count = rng() % 80;
    std::size_t length = 20 + rng() % 300;
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t begin = rng() % length;
      std::size_t end = begin + rng() % 12;
      matches.push_back({.begin = begin,
                         .end = end,
                         .entry = static_cast<std::uint32_t>(rng() % sources.size())});
      if (rng() % 5 == 0) matches.push_back(matches.back());
    }
    if (round % 3 == 0) {  // Nearly in order of end, as the engines report.
      std::sort(matches.begin(), matches.end(),
                [](const RawMatch& a, const RawMatch& b) { return a.end < b.end; });
    }
    std::vector<SensitiveSpan> spans;
    merger.Merge(matches, buffers, spans);
    SensitiveFindings want = MergeMatches(matches, sources);
    ASSERT_EQ(spans, want.spans) << "round " << round;
    std::vector<char> matched(sources.size(), 0);
    for (const RawMatch& match : matches) matched[match.entry] = 1;
    ASSERT_EQ(merger.Labels(matched), want.labels) << "round " << round;
  }
}

TEST(SpanMergerTest, InputFarFromOrderFallsBackToAFullSort) {
  std::vector<MatchSource> sources = {
      {.category = SensitiveCategory::kHiv, .label = "hiv", .term_id = "hiv"}};
  std::vector<RawMatch> matches;
  for (std::size_t i = 0; i < 20000; ++i) {
    std::size_t begin = (20000 - i) * 3;  // Reversed, none touching.
    matches.push_back({.begin = begin, .end = begin + 2, .entry = 0});
  }
  SpanMerger merger(sources);
  MergeBuffers buffers;
  std::vector<SensitiveSpan> spans;
  merger.Merge(matches, buffers, spans);
  EXPECT_EQ(spans, MergeMatches(matches, sources).spans);
  EXPECT_EQ(spans.size(), 20000u);
}

std::bitset<256> Bytes(std::string_view bytes) {
  std::bitset<256> set;
  for (char c : bytes) set.set(static_cast<unsigned char>(c));
  return set;
}

TEST(ExpressionFirstBytesTest, ReadsTheLexiconSubset) {
  EXPECT_EQ(ExpressionFirstBytes("\\b(?:BRCA[12]?)\\b", false), Bytes("B"));
  EXPECT_EQ(ExpressionFirstBytes("\\b(?:suicid(e|al))\\b", true), Bytes("sS"));
  EXPECT_EQ(ExpressionFirstBytes("(whole\\s+)?(exome|genome)\\s+sequencing", false), Bytes("weg"));
  EXPECT_EQ(ExpressionFirstBytes("[A-C_]x|\\d{0,2}y", false), Bytes("ABC_0123456789y"));
  EXPECT_EQ(ExpressionFirstBytes("\\s*[:#]?\\x41", true), Bytes(" \t\n\v\f\r:#Aa"));
  EXPECT_EQ(ExpressionFirstBytes("(a|)b", false), Bytes("ab"));
  EXPECT_EQ(ExpressionFirstBytes("\\-\\.[-.\\s]", false), Bytes("-"));
  EXPECT_EQ(ExpressionFirstBytes("\xce\xb5", false), Bytes("\xce"));
  EXPECT_EQ(ExpressionFirstBytes(".", false), std::bitset<256>().set());
  EXPECT_EQ(ExpressionFirstBytes("\\Wa", false),
            ~Bytes("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"));
  // Every expression of the repository's lexicons is read.
  for (const LexiconEntry& entry : testing::RepositoryDetector().Entries()) {
    EXPECT_TRUE(ExpressionFirstBytes(LexiconExpression(entry), entry.caseless).has_value())
        << entry.id;
  }
}

TEST(ExpressionFirstBytesTest, AnchorsAndUnknownSyntaxAreNotRead) {
  for (const char* expression :
       {"^ab",    "ab$",  "\\Aab",  "ab\\z", "ab\\Z",       "\\Gab", "(?i)ab",
        "(?=a)b", "a\\1", "\\p{L}", "[^a]",  "[[:alpha:]]", "a{2",   "*a",
        "a**",    "(ab",  "ab)",    "\\vx",  "\\x4",        "a\\"}) {
    EXPECT_FALSE(ExpressionFirstBytes(expression, false).has_value()) << expression;
  }
  EXPECT_FALSE(ExpressionFirstBytes("", false).has_value());
}

}  // namespace
}  // namespace roi::detect
