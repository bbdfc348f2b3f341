#include "detect/hyperscan_detector.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "unit/detect/detector_testing.h"

namespace roi::detect {
namespace {

using testing::RepositoryDetector;

struct Hit {
  std::string text;  // The span's bytes.
  SensitiveCategory category;
  std::string term_id;

  bool operator==(const Hit&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Hit& hit) {
  return out << "{\"" << hit.text << "\", " << SensitiveCategoryName(hit.category) << ", "
             << hit.term_id << "}";
}

// Scans `text` with the repository's lexicons and returns each span with its bytes.
std::vector<Hit> Hits(std::string_view text) {
  Result<SensitiveFindings> findings = RepositoryDetector().Scan(text);
  EXPECT_TRUE(findings) << findings.error().ToString();
  std::vector<Hit> hits;
  if (!findings) return hits;
  for (const SensitiveSpan& span : findings->spans) {
    hits.push_back(
        {std::string(text.substr(span.begin, span.end - span.begin)), span.category, span.term_id});
  }
  return hits;
}

std::vector<std::string> Labels(std::string_view text) {
  Result<SensitiveFindings> findings = RepositoryDetector().Scan(text);
  EXPECT_TRUE(findings) << findings.error().ToString();
  return findings ? findings->labels : std::vector<std::string>{};
}

constexpr SensitiveCategory kSud = SensitiveCategory::kSubstanceUse;
constexpr SensitiveCategory kHiv = SensitiveCategory::kHiv;
constexpr SensitiveCategory kStd = SensitiveCategory::kStd;
constexpr SensitiveCategory kMental = SensitiveCategory::kMentalHealth;
constexpr SensitiveCategory kRepro = SensitiveCategory::kReproductive;
constexpr SensitiveCategory kGenetic = SensitiveCategory::kGenetic;
constexpr SensitiveCategory kId = SensitiveCategory::kIdentifier;

TEST(HyperscanDetectorTest, SubstanceUse) {
  EXPECT_EQ(Hits("Dx: Opioid use disorder, on buprenorphine."),
            (std::vector<Hit>{{"Opioid use disorder", kSud, "sud_disorder_named"},
                              {"buprenorphine", kSud, "buprenorphine"}}));
  EXPECT_EQ(Hits("h/o IVDU; ETOH withdrawal in 2019"),
            (std::vector<Hit>{{"IVDU", kSud, "ivdu"}, {"ETOH withdrawal", kSud, "etoh_abuse"}}));
  EXPECT_EQ(Labels("Attends Narcotics Anonymous weekly."), std::vector<std::string>{"sud"});
}

TEST(HyperscanDetectorTest, HivAndStd) {
  EXPECT_EQ(
      Hits("HIV-1 positive, CD4 count 450, started Biktarvy."),
      (std::vector<Hit>{
          {"HIV", kHiv, "hiv"}, {"CD4 count", kHiv, "cd4_count"}, {"Biktarvy", kHiv, "biktarvy"}}));
  EXPECT_EQ(Hits("Treated for chlamydia; screen for sexually transmitted infections."),
            (std::vector<Hit>{{"chlamydia", kStd, "chlamydia"},
                              {"sexually transmitted infections", kStd, "sti_named"}}));
  EXPECT_EQ(Labels("Started PrEP; RPR negative for syphilis."),
            (std::vector<std::string>{"hiv", "std"}));
}

TEST(HyperscanDetectorTest, MentalHealth) {
  EXPECT_EQ(Hits("Major depression with suicidal ideation; started sertraline."),
            (std::vector<Hit>{{"Major depression", kMental, "depression_named"},
                              {"suicidal ideation", kMental, "suicidal"},
                              {"sertraline", kMental, "sertraline"}}));
  EXPECT_EQ(Labels("History of PTSD, seen by psychiatrist."),
            std::vector<std::string>{"mental_health"});
}

TEST(HyperscanDetectorTest, ReproductiveAndGenetic) {
  EXPECT_EQ(
      Hits("G2P1, IUD placed after elective termination of pregnancy."),
      (std::vector<Hit>{{"G2P1", kRepro, "gravida_para"},
                        {"IUD", kRepro, "iud"},
                        {"elective termination of pregnancy", kRepro, "termination_pregnancy"}}));
  EXPECT_EQ(Hits("Genetic testing: BRCA2 pathogenic variant."),
            (std::vector<Hit>{{"Genetic testing", kGenetic, "genetic_test"},
                              {"BRCA2", kGenetic, "brca"},
                              {"pathogenic variant", kGenetic, "pathogenic_variant"}}));
}

TEST(HyperscanDetectorTest, Identifiers) {
  EXPECT_EQ(Hits("SSN 123-45-6789, MRN: 00482913, phone (555) 010-4477."),
            (std::vector<Hit>{{"123-45-6789", kId, "ssn"},
                              {"MRN: 00482913", kId, "mrn"},
                              {"(555) 010-4477", kId, "phone"}}));
  EXPECT_EQ(Hits("Write to testpatient.alpha@example.test or 42 Maple Street."),
            (std::vector<Hit>{{"testpatient.alpha@example.test", kId, "email"},
                              {"42 Maple Street", kId, "street_address"}}));
  EXPECT_EQ(Hits("Seen 03/14/2024, again 2024-04-01 and on March 3rd, 2025."),
            (std::vector<Hit>{{"03/14/2024", kId, "date_numeric"},
                              {"2024-04-01", kId, "date_iso"},
                              {"March 3rd, 2025", kId, "date_words"}}));
  EXPECT_TRUE(Labels("SSN 123-45-6789").empty());  // Identifiers suggest no label.
}

TEST(HyperscanDetectorTest, DistractorsAreNotFlagged) {
  for (std::string_view text : {
           "Wears hearing aids; bowel prep given before colonoscopy.",
           "ECG shows ST depression in V4-V6.",
           "Chives and a beehive; the Hiveworks clinic.",
           "Standard dose; heroic efforts; cocoa butter.",
           "Generic medication; general surgery consult.",
           "BP 120/80, HR 72, dose 10-20-30 mg, lot 12345, version 2.3.1.",
       }) {
    EXPECT_EQ(Hits(text), std::vector<Hit>{}) << text;
  }
}

TEST(HyperscanDetectorTest, OverlappingMatchesMergeWithinACategory) {
  // "crack cocaine" contains "cocaine": one span named after the longer term.
  EXPECT_EQ(Hits("Uses crack cocaine."),
            (std::vector<Hit>{{"crack cocaine", kSud, "crack_cocaine"}}));
  // Across categories both are kept: an address that contains a date-like number stays whole.
  Result<SensitiveFindings> findings = RepositoryDetector().Scan("HIV HIV HIV");
  ASSERT_TRUE(findings);
  EXPECT_EQ(findings->spans.size(), 3u);  // Separated by spaces: not touching.
  EXPECT_EQ(findings->match_count, 3u);
}

TEST(HyperscanDetectorTest, EmptyInputFindsNothing) {
  Result<SensitiveFindings> findings = RepositoryDetector().Scan("");
  ASSERT_TRUE(findings);
  EXPECT_EQ(*findings, SensitiveFindings{});
}

TEST(HyperscanDetectorTest, BinaryAndNulBytesAreScannedAsBytes) {
  std::string text("\0\xff\xfeHIV\0\x80methadone\0", 18);
  std::vector<Hit> hits = Hits(text);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0], (Hit{"HIV", kHiv, "hiv"}));
  EXPECT_EQ(hits[1], (Hit{"methadone", kSud, "methadone"}));
  Result<SensitiveFindings> findings = RepositoryDetector().Scan(text);
  EXPECT_EQ(findings->spans[0].begin, 3u);
  EXPECT_EQ(findings->spans[1].begin, 8u);
}

TEST(HyperscanDetectorTest, VeryLongInputFindsTermsAtBothEnds) {
  std::string text = "HIV ";
  text.append(std::size_t{64} << 20, 'x');
  text += " naloxone";
  Result<SensitiveFindings> findings = RepositoryDetector().Scan(text);
  ASSERT_TRUE(findings) << findings.error().ToString();
  ASSERT_EQ(findings->spans.size(), 2u);
  EXPECT_EQ(findings->spans[0].begin, 0u);
  EXPECT_EQ(findings->spans[1].begin, text.size() - 8);
  EXPECT_EQ(findings->spans[1].end, text.size());
}

TEST(HyperscanDetectorTest, RegexStartsAreFoundAfterTheMainPass) {
  // Regular expressions are matched without start tracking; their start comes from a second,
  // windowed search.  Check it far from the beginning of the text.
  std::string text(10000, 'x');
  text += " SSN 123-45-6789 and testpatient.alpha@example.test.";
  Result<SensitiveFindings> findings = RepositoryDetector().Scan(text);
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->spans.size(), 2u);
  EXPECT_EQ(findings->spans[0].begin, 10005u);
  EXPECT_EQ(findings->spans[0].end, 10016u);
  EXPECT_EQ(findings->spans[1].begin, 10021u);
  EXPECT_EQ(findings->spans[1].end, text.size() - 1);
}

TEST(HyperscanDetectorTest, ARegexSpanLongerThanTheWindowIsCutToIt) {
  LexiconEntry entry{.file = "t.txt",
                     .line = 1,
                     .category = SensitiveCategory::kGenetic,
                     .label = "genetic",
                     .id = "long",
                     .kind = LexiconKind::kRegex,
                     .text = "q[a-z]+z"};
  Result<std::unique_ptr<HyperscanDetector>> detector = HyperscanDetector::Create({entry});
  ASSERT_TRUE(detector) << detector.error().ToString();
  std::string text = "q" + std::string(3000, 'a') + "z";
  Result<SensitiveFindings> findings = (*detector)->Scan(text);
  ASSERT_TRUE(findings);
  ASSERT_EQ(findings->spans.size(), 1u);
  EXPECT_EQ(findings->spans[0].end, text.size());
  EXPECT_EQ(findings->spans[0].begin, text.size() - HyperscanDetector::kMaxRegexSpan);
}

TEST(HyperscanDetectorTest, PastTheMatchLimitSpansAreTruncatedButLabelsKept) {
  Result<std::unique_ptr<HyperscanDetector>> detector =
      HyperscanDetector::Create(RepositoryDetector().Entries(), {.max_matches = 3});
  ASSERT_TRUE(detector) << detector.error().ToString();
  Result<SensitiveFindings> findings = (*detector)->Scan("HIV HIV HIV HIV HIV heroin chlamydia");
  ASSERT_TRUE(findings);
  EXPECT_TRUE(findings->truncated);
  EXPECT_EQ(findings->match_count, 7u);
  EXPECT_EQ(findings->spans.size(), 3u);
  EXPECT_EQ(findings->labels, (std::vector<std::string>{"hiv", "std", "sud"}));
}

TEST(HyperscanDetectorTest, ConcurrentScansAgree) {
  const std::string text =
      "Opioid use disorder; HIV on Biktarvy; bipolar disorder; SSN 123-45-6789. ";
  Result<SensitiveFindings> expected = RepositoryDetector().Scan(text);
  ASSERT_TRUE(expected);
  std::vector<std::thread> threads;
  std::vector<int> agreed(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Result<SensitiveFindings> found = RepositoryDetector().Scan(text);
        if (found && *found == *expected) ++agreed[static_cast<std::size_t>(t)];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(agreed, std::vector<int>(4, 200));
}

// A temporary folder of lexicon files, removed at the end of the test.
class LexiconDir {
 public:
  LexiconDir() : path_(std::filesystem::path(::testing::TempDir()) / "lexicons_test") {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~LexiconDir() { std::filesystem::remove_all(path_); }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  std::string Path() const { return path_.string(); }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

Error LoadError(const LexiconDir& dir) {
  Result<std::unique_ptr<HyperscanDetector>> detector = LoadDetector(dir.Path());
  EXPECT_FALSE(detector);
  return detector ? Error{} : detector.error();
}

TEST(HyperscanDetectorTest, ABadRegexNamesFileAndLine) {
  LexiconDir dir;
  dir.Write("a.txt", "category = hiv\nlabel = hiv\nterm | hiv | w | HIV\n");
  dir.Write("b.txt", "category = std\nlabel = std\n\nregex | broken | - | (unclosed\n");
  Error error = LoadError(dir);
  EXPECT_EQ(error.code, ErrorCode::kInvalidArgument);
  EXPECT_NE(error.message.find(dir.File("b.txt") + ":4: cannot compile"), std::string::npos)
      << error.message;
}

TEST(HyperscanDetectorTest, APatternMatchingNothingIsRefused) {
  LexiconDir dir;
  dir.Write("a.txt", "category = hiv\nlabel = hiv\nregex | empty | - | x*\n");
  Error error = LoadError(dir);
  EXPECT_NE(error.message.find(dir.File("a.txt") + ":3: cannot compile"), std::string::npos)
      << error.message;
}

TEST(HyperscanDetectorTest, UnknownCategoryEmptyFileAndEmptyFolderAreErrors) {
  LexiconDir dir;
  EXPECT_NE(LoadError(dir).message.find("no lexicon files"), std::string::npos);
  dir.Write("a.txt", "");
  EXPECT_NE(LoadError(dir).message.find(dir.File("a.txt") + ":1: no entries"), std::string::npos);
  dir.Write("a.txt", "# lexicon\ncategory = astrology\n");
  EXPECT_NE(LoadError(dir).message.find(dir.File("a.txt") + ":2: unknown category"),
            std::string::npos);
  EXPECT_EQ(LoadDetector(dir.Path() + "/missing").error().code, ErrorCode::kNotFound);
}

TEST(HyperscanDetectorTest, RepositoryLexiconsLoad) {
  const std::vector<LexiconEntry>& entries = RepositoryDetector().Entries();
  EXPECT_GT(entries.size(), 100u);
  for (SensitiveCategory category : kAllSensitiveCategories) {
    EXPECT_TRUE(std::any_of(entries.begin(), entries.end(), [&](const LexiconEntry& e) {
      return e.category == category;
    })) << SensitiveCategoryName(category);
  }
}

}  // namespace
}  // namespace roi::detect
