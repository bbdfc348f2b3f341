#include "detect/identifier_scanner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "detect/hyperscan_detector.h"
#include "unit/detect/detector_testing.h"

namespace roi::detect {
namespace {

using P = IdentifierPattern;

struct Found {
  std::string text;  // The match's bytes.
  IdentifierPattern pattern;

  bool operator==(const Found&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Found& found) {
  return out << "{\"" << found.text << "\", " << static_cast<int>(found.pattern) << "}";
}

// Every pattern enabled, reporting its own index as the entry.
IdentifierScanner AllPatterns() {
  IdentifierScanner scanner;
  for (const BuiltinPattern& builtin : BuiltinPatterns()) {
    scanner.Enable(builtin.pattern, static_cast<std::uint32_t>(builtin.pattern));
  }
  return scanner;
}

// The raw matches in `text`, by begin, then end.
std::vector<Found> Scan(std::string_view text) {
  std::vector<RawMatch> matches = AllPatterns().Matches(text);
  std::sort(matches.begin(), matches.end(), [](const RawMatch& a, const RawMatch& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  std::vector<Found> found;
  for (const RawMatch& match : matches) {
    found.push_back({std::string(text.substr(match.begin, match.end - match.begin)),
                     static_cast<IdentifierPattern>(match.entry)});
  }
  return found;
}

std::vector<Found> None() { return {}; }

TEST(IdentifierScannerTest, EmptyTextAndTextWithoutDigitsFindNothing) {
  EXPECT_EQ(Scan(""), None());
  EXPECT_EQ(Scan("Patient seen today; no acute distress."), None());
  EXPECT_EQ(Scan(std::string(1000, '@')), None());
  IdentifierScanner nothing;
  EXPECT_TRUE(nothing.Empty());
  EXPECT_TRUE(nothing.Matches("123-45-6789").empty());
}

TEST(IdentifierScannerTest, Ssn) {
  EXPECT_EQ(Scan("123-45-6789"), (std::vector<Found>{{"123-45-6789", P::kSsn}}));  // Whole text.
  EXPECT_EQ(Scan("SSN 123-45-6789."), (std::vector<Found>{{"123-45-6789", P::kSsn}}));
  EXPECT_EQ(Scan("123-45-6789,087-65-4321"),
            (std::vector<Found>{{"123-45-6789", P::kSsn}, {"087-65-4321", P::kSsn}}));
  // Digits inside longer numbers or words are not an SSN.
  EXPECT_EQ(Scan("1123-45-6789 123-45-67890 123-456-7890x x123-45-6789 _123-45-6789"), None());
  EXPECT_EQ(Scan("923-45-6789"), None());  // [0-8] first.
  // A dash after is not a word byte: \b holds, as in the expression.
  EXPECT_EQ(Scan("123-45-6789-1"), (std::vector<Found>{{"123-45-6789", P::kSsn}}));
  // Non-ASCII bytes around are not word bytes.
  EXPECT_EQ(Scan("\xc3\xa9"
                 "123-45-6789\xe2\x80\x94"),
            (std::vector<Found>{{"123-45-6789", P::kSsn}}));
  EXPECT_EQ(Scan("123-45-678"), None());  // Cut short at the end of the text.
}

TEST(IdentifierScannerTest, Phone) {
  EXPECT_EQ(Scan("(555) 010-4477"), (std::vector<Found>{{"(555) 010-4477", P::kPhone}}));
  EXPECT_EQ(Scan("call 555-010-4477 or 555.010.4477"),
            (std::vector<Found>{{"555-010-4477", P::kPhone}, {"555.010.4477", P::kPhone}}));
  EXPECT_EQ(Scan("+1 555 010-4477;+1(555)010.4477;+1-(555) 010-4477"),
            (std::vector<Found>{{"+1 555 010-4477", P::kPhone},
                                {"+1(555)010.4477", P::kPhone},
                                {"+1-(555) 010-4477", P::kPhone}}));
  // "+1" touching a bare area code: \b fails there, the rest is still a phone number.
  EXPECT_EQ(Scan("+1555-010-4477"), None());
  EXPECT_EQ(Scan("+1 555-010-4477"), (std::vector<Found>{{"+1 555-010-4477", P::kPhone}}));
  EXPECT_EQ(Scan("555 010 4477 | 1555-010-4477 | 555-010-44770 | 555-010-4477a"), None());
  EXPECT_EQ(Scan("(555)  010-4477"), None());  // At most one space after the parenthesis.
  EXPECT_EQ(Scan("555-010-4477\n555-010-4478"),
            (std::vector<Found>{{"555-010-4477", P::kPhone}, {"555-010-4478", P::kPhone}}));
}

TEST(IdentifierScannerTest, NumericAndIsoDates) {
  EXPECT_EQ(Scan("3/14/2024"), (std::vector<Found>{{"3/14/2024", P::kDateNumeric}}));
  EXPECT_EQ(Scan("on 03/01/1999, 12/31/2000 and 2/30/2024."),
            (std::vector<Found>{{"03/01/1999", P::kDateNumeric},
                                {"12/31/2000", P::kDateNumeric},
                                {"2/30/2024", P::kDateNumeric}}));
  EXPECT_EQ(Scan("13/14/2024 00/10/2024 1/32/2024 1/1/2100 1/1/24 01/01/20244 BP 128/76"), None());
  EXPECT_EQ(Scan("2024-04-01"), (std::vector<Found>{{"2024-04-01", P::kDateIso}}));
  EXPECT_EQ(Scan("1999-12-31 10:00 and 2024-04-01."),
            (std::vector<Found>{{"1999-12-31", P::kDateIso}, {"2024-04-01", P::kDateIso}}));
  EXPECT_EQ(Scan("2024-13-01 2024-00-10 2024-04-32 2024-04-01T10 12024-04-01 2100-01-01"), None());
}

TEST(IdentifierScannerTest, StreetAddress) {
  EXPECT_EQ(Scan("42 Maple Street"), (std::vector<Found>{{"42 Maple Street", P::kStreetAddress}}));
  EXPECT_EQ(Scan("at 7  Old Mill\tRd. today"),
            (std::vector<Found>{{"7  Old Mill\tRd", P::kStreetAddress}}));
  // Every suffix that ends a match is a match of its own (merged into one span later).
  EXPECT_EQ(Scan("12 Main St Court"),
            (std::vector<Found>{{"12 Main St", P::kStreetAddress},
                                {"12 Main St Court", P::kStreetAddress}}));
  EXPECT_EQ(Scan("12345 A Street 123456 Main St 42 maple Street 42 Maple Streets "
                 "1 One Two Three Four Way 9 Elm St9"),
            None());
  EXPECT_EQ(Scan("1 One Two Three Way"),
            (std::vector<Found>{{"1 One Two Three Way", P::kStreetAddress}}));
}

TEST(IdentifierScannerTest, DatesInWords) {
  EXPECT_EQ(Scan("March 3rd, 2025"), (std::vector<Found>{{"March 3rd, 2025", P::kDateWords}}));
  EXPECT_EQ(
      Scan("Seen Sept. 14 2024 and Dec 1,\n1999."),
      (std::vector<Found>{{"Sept. 14 2024", P::kDateWords}, {"Dec 1,\n1999", P::kDateWords}}));
  EXPECT_EQ(Scan("Mayday 3, 2024; march 3, 2024; March 3rd,2024; March 123, 2024; XMay 3 2024"),
            None());
  EXPECT_EQ(Scan("May 3, 20245 May 3, 2124 May.. 3, 2024 May 3st 2024x"), None());
}

TEST(IdentifierScannerTest, Email) {
  EXPECT_EQ(Scan("testpatient.alpha@example.test"),
            (std::vector<Found>{{"testpatient.alpha@example.test", P::kEmail}}));
  // Every label after the first that starts with two letters ends a match.
  EXPECT_EQ(Scan("to a_b+c@mail.example.test-x."),
            (std::vector<Found>{{"a_b+c@mail.example", P::kEmail},
                                {"a_b+c@mail.example.test", P::kEmail}}));
  EXPECT_EQ(Scan("a@b.c @example.test a@@b.cd a@b..cd a@b.cd_ a@b.c9"), None());
  EXPECT_EQ(Scan("a@b.cd,e@f.gh"),
            (std::vector<Found>{{"a@b.cd", P::kEmail}, {"e@f.gh", P::kEmail}}));
}

TEST(IdentifierScannerTest, LongMatchesAreCutToTheWindowAsInHyperscan) {
  std::string local(1000, 'a');
  std::string text = local + "@example.test";
  std::vector<RawMatch> matches = AllPatterns().Matches(text);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].end, text.size());
  EXPECT_EQ(matches[0].begin, text.size() - kIdentifierMaxSpan);
  std::string spaced = "42" + std::string(300, ' ') + "Maple Street";
  matches = AllPatterns().Matches(spaced);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].begin, spaced.size() - kIdentifierMaxSpan);
}

TEST(IdentifierScannerTest, VeryLongDigitRunsAreScannedOnceAndMatchNothing) {
  std::string digits(std::size_t{4} << 20, '7');
  EXPECT_EQ(Scan(digits), None());
  std::string text = digits + "-45-6789 " + digits + " 123-45-6789";
  EXPECT_EQ(Scan(text), (std::vector<Found>{{"123-45-6789", P::kSsn}}));
  // Runs of short numbers, one after the other.
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "1-2/3.";
  EXPECT_EQ(Scan(many), None());
}

TEST(IdentifierScannerTest, OnlyExactExpressionsAreBuiltIn) {
  LexiconEntry entry{.kind = LexiconKind::kRegex,
                     .whole_words = true,
                     .text = std::string(BuiltinPatterns()[0].expression)};
  EXPECT_EQ(BuiltinPatternOf(entry), P::kSsn);
  entry.caseless = true;
  EXPECT_EQ(BuiltinPatternOf(entry), std::nullopt);
  entry.caseless = false;
  entry.whole_words = false;
  EXPECT_EQ(BuiltinPatternOf(entry), std::nullopt);
  entry.whole_words = true;
  entry.text += "?";
  EXPECT_EQ(BuiltinPatternOf(entry), std::nullopt);
  entry.text = std::string(BuiltinPatterns()[0].expression);
  entry.kind = LexiconKind::kTerm;
  EXPECT_EQ(BuiltinPatternOf(entry), std::nullopt);
}

TEST(IdentifierScannerTest, RepositoryIdentifiersAreBuiltInButMrn) {
  // If an expression in identifiers.txt is edited, its recogniser no longer applies: detection
  // stays right but slows down (docs/detection.md).  This test says so.
  const HyperscanDetector& detector = testing::RepositoryDetector();
  EXPECT_EQ(detector.BuiltinEntryCount(), kIdentifierPatternCount);
  for (const LexiconEntry& entry : detector.Entries()) {
    if (entry.category != SensitiveCategory::kIdentifier) continue;
    EXPECT_EQ(BuiltinPatternOf(entry).has_value(), entry.id != "mrn") << entry.id;
  }
}

// Random texts built from pieces that sit on the edges of every expression.
std::string RandomText(std::mt19937& rng) {
  static const std::vector<std::string> pieces = {"0",      "1",    "2",
                                                  "3",      "9",    "12",
                                                  "19",     "20",   "31",
                                                  "00",     "123",  "555",
                                                  "2024",   "1999", "12345",
                                                  "123456", "-",    "-",
                                                  ".",      ".",    "/",
                                                  "/",      " ",    " ",
                                                  "  ",     "\t",   "\n",
                                                  "\v",     "\f",   "\r",
                                                  "(",      ")",    "+1",
                                                  "+",      "@",    "@",
                                                  ",",      "_",    "%",
                                                  "x",      "st",   "nd",
                                                  "th",     "Jan",  "March",
                                                  "Sept",   "Sep",  "May",
                                                  "June",   "Dec",  "December",
                                                  "Maple",  "Old",  "St",
                                                  "Street", "Ave",  "Rd",
                                                  "Pkwy",   "Way",  "example",
                                                  "test",   "ab",   "a.b",
                                                  "T",      "MRN",  "\xc3\xa9",
                                                  "\xa0",   "\x85", std::string(1, '\0')};
  static const std::vector<std::string> whole = {
      "555-010-4477", "(555) 010-4477",  "123-45-6789",     "03/14/2024",
      "2024-04-01",   "42 Maple Street", "March 3rd, 2025", "Sept. 4 1999",
      "a@b.cd",       "x.y@ex.test",     "1 Elm St"};
  std::string text;
  std::size_t count = rng() % 60;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t roll = rng() % 200;
    if (roll == 0) {
      text += std::string(200 + rng() % 200, ' ');
    } else if (roll == 1) {
      text += std::string(200 + rng() % 200, 'a');
    } else if (roll < 15) {
      text += " " + whole[rng() % whole.size()] + " ";
    } else if (roll < 30) {
      text += whole[rng() % whole.size()];
    } else {
      text += pieces[rng() % pieces.size()];
    }
  }
  return text;
}

// The same findings with the recognisers and with every entry in Hyperscan.
void ExpectSameAsHyperscan(const std::vector<LexiconEntry>& entries, int texts,
                           std::uint32_t seed) {
  Result<std::unique_ptr<HyperscanDetector>> fast = HyperscanDetector::Create(entries);
  Result<std::unique_ptr<HyperscanDetector>> reference =
      HyperscanDetector::Create(entries, {.builtin_identifiers = false});
  ASSERT_TRUE(fast) << fast.error().ToString();
  ASSERT_TRUE(reference) << reference.error().ToString();
  ASSERT_GT((*fast)->BuiltinEntryCount(), 0u);
  ASSERT_EQ((*reference)->BuiltinEntryCount(), 0u);
  std::mt19937 rng(seed);
  int with_matches = 0;
  for (int i = 0; i < texts; ++i) {
    std::string text = RandomText(rng);
    Result<SensitiveFindings> got = (*fast)->Scan(text);
    Result<SensitiveFindings> want = (*reference)->Scan(text);
    ASSERT_TRUE(got && want);
    ASSERT_EQ(*got, *want) << "text #" << i << ": \"" << text << "\"";
    EXPECT_EQ(*(*fast)->CountMatches(text), want->match_count);
    if (want->match_count > 0) ++with_matches;
  }
  EXPECT_GT(with_matches, texts / 10);  // The texts do exercise the expressions.
}

TEST(IdentifierScannerTest, EachRecogniserMatchesWhatHyperscanMatches) {
  for (const BuiltinPattern& builtin : BuiltinPatterns()) {
    LexiconEntry entry{.file = "t.txt",
                       .line = 1,
                       .category = SensitiveCategory::kIdentifier,
                       .id = "p",
                       .kind = LexiconKind::kRegex,
                       .caseless = builtin.caseless,
                       .whole_words = builtin.whole_words,
                       .text = std::string(builtin.expression)};
    SCOPED_TRACE(builtin.expression);
    ExpectSameAsHyperscan({entry}, 3000, 11 + static_cast<std::uint32_t>(builtin.pattern));
  }
}

TEST(IdentifierScannerTest, RepositoryLexiconsFindTheSameWithAndWithoutRecognisers) {
  ExpectSameAsHyperscan(testing::RepositoryDetector().Entries(), 3000, 5);
}

TEST(IdentifierScannerTest, PastTheLimitTheEarliestMatchesAreKept) {
  Result<std::unique_ptr<HyperscanDetector>> detector =
      HyperscanDetector::Create(testing::RepositoryDetector().Entries(), {.max_matches = 2});
  ASSERT_TRUE(detector);
  Result<SensitiveFindings> findings =
      (*detector)->Scan("a@b.cd 123-45-6789 HIV 555-010-4477 heroin");
  ASSERT_TRUE(findings);
  EXPECT_TRUE(findings->truncated);
  EXPECT_EQ(findings->match_count, 5u);
  ASSERT_EQ(findings->spans.size(), 2u);
  EXPECT_EQ(findings->spans[0].term_id, "email");
  EXPECT_EQ(findings->spans[1].term_id, "ssn");
  EXPECT_EQ(findings->labels, (std::vector<std::string>{"hiv", "sud"}));
}

}  // namespace
}  // namespace roi::detect
