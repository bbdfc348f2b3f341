#include "app/lexicon.h"

#include <gtest/gtest.h>

#include <string>

namespace roi {
namespace {

constexpr const char* kHeader = "category = hiv\nlabel = hiv\n";

// The message of the InvalidArgument that parsing `text` as "bad.txt" must give.
std::string ErrorOf(const std::string& text) {
  Result<std::vector<LexiconEntry>> parsed = ParseLexicon("bad.txt", text);
  if (parsed) return "(parsed)";
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  return parsed.error().message;
}

TEST(LexiconTest, ParsesHeadersEntriesFlagsAndComments) {
  Result<std::vector<LexiconEntry>> parsed = ParseLexicon(
      "hiv.txt", std::string("# comment\n") + kHeader +
                     "\nterm | hiv | iw | HIV\r\nregex  |  cd4 | - | CD4\\s+count|cells\n");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  const LexiconEntry& term = (*parsed)[0];
  EXPECT_EQ(term.file, "hiv.txt");
  EXPECT_EQ(term.line, 5);
  EXPECT_EQ(term.category, SensitiveCategory::kHiv);
  EXPECT_EQ(term.label, "hiv");
  EXPECT_EQ(term.id, "hiv");
  EXPECT_EQ(term.kind, LexiconKind::kTerm);
  EXPECT_TRUE(term.caseless);
  EXPECT_TRUE(term.whole_words);
  EXPECT_EQ(term.text, "HIV");
  const LexiconEntry& regex = (*parsed)[1];
  EXPECT_EQ(regex.line, 6);
  EXPECT_EQ(regex.kind, LexiconKind::kRegex);
  EXPECT_FALSE(regex.caseless);
  EXPECT_FALSE(regex.whole_words);
  EXPECT_FALSE(regex.track_start);
  EXPECT_EQ(regex.text, "CD4\\s+count|cells");  // Bars after the third belong to the text.
}

TEST(LexiconTest, FlagSAsksForTheStartFromTheMainPass) {
  Result<std::vector<LexiconEntry>> parsed =
      ParseLexicon("hiv.txt", std::string(kHeader) + "regex | cd4 | iws | CD4\\s+count\n");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_TRUE((*parsed)[0].caseless);
  EXPECT_TRUE((*parsed)[0].whole_words);
  EXPECT_TRUE((*parsed)[0].track_start);
}

TEST(LexiconTest, IdentifiersTakeNoLabel) {
  Result<std::vector<LexiconEntry>> parsed =
      ParseLexicon("id.txt", "category = identifier\nlabel = none\nregex | ssn | w | \\d{9}\n");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ((*parsed)[0].label, "");
  EXPECT_NE(ErrorOf("category = identifier\nlabel = hiv\nterm | a | - | x\n")
                .find("bad.txt:3: identifiers take label = none"),
            std::string::npos);
  EXPECT_NE(ErrorOf("category = hiv\nlabel = none\nterm | a | - | x\n")
                .find("bad.txt:3: only identifiers"),
            std::string::npos);
}

TEST(LexiconTest, BrokenFilesNameFileAndLine) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"", "bad.txt:1: no entries"},
      {"# only a comment\n\n", "bad.txt:2: no entries"},
      {std::string(kHeader), "bad.txt:2: no entries"},
      {"category = hearts\n", "bad.txt:1: unknown category \"hearts\""},
      {"category = hiv\nlabel = cardiology\n", "bad.txt:2: unknown label \"cardiology\""},
      {"category = hiv\ncategory = std\n", "bad.txt:2: category given twice"},
      {"colour = red\n", "bad.txt:1: unknown header \"colour\""},
      {"term | a | - | x\n", "bad.txt:1: \"category =\" and \"label =\" must come first"},
      {std::string(kHeader) + "term | a | - | x\nlabel = hiv\n",
       "bad.txt:4: \"label =\" must come before entries"},
      {std::string(kHeader) + "term | a | x\n", "bad.txt:3: expected \"kind | id | flags | text\""},
      {std::string(kHeader) + "word | a | - | x\n", "bad.txt:3: unknown kind \"word\""},
      {std::string(kHeader) + "term | Bad-Id | - | x\n", "bad.txt:3: id must be"},
      {std::string(kHeader) + "term | | - | x\n", "bad.txt:3: id must be"},
      {std::string(kHeader) + "term | a | iq | x\n", "bad.txt:3: unknown flag 'q'"},
      {std::string(kHeader) + "term | a | i |   \n", "bad.txt:3: empty text"},
      {std::string(kHeader) + "term | a | - | x\nterm | a | - | y\n",
       "bad.txt:4: id \"a\" repeated"},
      {std::string(kHeader) + std::string("term | a | - | x\0y\n", 20), "bad.txt:3: NUL byte"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::string message = ErrorOf(c.text);
    EXPECT_NE(message.find("lexicon " + c.expected), std::string::npos) << message;
  }
}

TEST(LexiconTest, CheckFindsIdsRepeatedAcrossFiles) {
  std::vector<LexiconEntry> entries =
      *ParseLexicon("a.txt", std::string(kHeader) + "term | x | - | y\n");
  entries.push_back(entries.front());
  entries.back().file = "b.txt";
  entries.back().line = 9;
  Status checked = CheckLexicon(entries);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message, "lexicon b.txt:9: id \"x\" already used at a.txt:3");
  EXPECT_FALSE(CheckLexicon({}));
}

TEST(LexiconTest, TermsAreEscapedAndRegexesKeptAsWritten) {
  LexiconEntry term{.kind = LexiconKind::kTerm, .whole_words = true, .text = "a.b  c+d"};
  EXPECT_EQ(LexiconExpression(term), "\\ba\\x2eb\\s+c\\x2bd\\b");
  term.whole_words = false;
  term.text = "caf\xc3\xa9";
  EXPECT_EQ(LexiconExpression(term), "caf\\xc3\\xa9");
  LexiconEntry regex{.kind = LexiconKind::kRegex, .whole_words = true, .text = "a|b"};
  EXPECT_EQ(LexiconExpression(regex), "\\b(?:a|b)\\b");
  regex.whole_words = false;
  EXPECT_EQ(LexiconExpression(regex), "a|b");
}

}  // namespace
}  // namespace roi
