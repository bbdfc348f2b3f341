#include "app/sensitive_content.h"

#include <gtest/gtest.h>

namespace roi {
namespace {

std::vector<MatchSource> Sources() {
  return {{.category = SensitiveCategory::kHiv, .label = "hiv", .term_id = "hiv"},
          {.category = SensitiveCategory::kHiv, .label = "hiv", .term_id = "hiv_long"},
          {.category = SensitiveCategory::kIdentifier, .label = "", .term_id = "phone"},
          {.category = SensitiveCategory::kSubstanceUse, .label = "sud", .term_id = "heroin"}};
}

TEST(SensitiveContentTest, CategoryNamesRoundTrip) {
  for (SensitiveCategory category : kAllSensitiveCategories) {
    Result<SensitiveCategory> parsed = ParseSensitiveCategory(SensitiveCategoryName(category));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, category);
  }
  EXPECT_EQ(ParseSensitiveCategory("cardiology").error().code, ErrorCode::kInvalidArgument);
}

TEST(SensitiveContentTest, NoMatchesNoFindings) {
  SensitiveFindings findings = MergeMatches({}, Sources());
  EXPECT_TRUE(findings.spans.empty());
  EXPECT_TRUE(findings.labels.empty());
  EXPECT_EQ(findings.match_count, 0u);
}

TEST(SensitiveContentTest, OverlappingMatchesOfOneCategoryMergeUnderTheLongest) {
  SensitiveFindings findings =
      MergeMatches({{.begin = 10, .end = 13, .entry = 0},
                    {.begin = 5, .end = 40, .entry = 1},
                    {.begin = 40, .end = 43, .entry = 0},  // Touching: merged too.
                    {.begin = 50, .end = 53, .entry = 0}},
                   Sources());
  ASSERT_EQ(findings.spans.size(), 2u);
  EXPECT_EQ(findings.spans[0], (SensitiveSpan{.begin = 5,
                                              .end = 43,
                                              .category = SensitiveCategory::kHiv,
                                              .label = "hiv",
                                              .term_id = "hiv_long"}));
  EXPECT_EQ(findings.spans[1].begin, 50u);
  EXPECT_EQ(findings.spans[1].term_id, "hiv");
  EXPECT_EQ(findings.match_count, 4u);
  EXPECT_EQ(findings.labels, std::vector<std::string>{"hiv"});
}

TEST(SensitiveContentTest, DifferentCategoriesStayApartAndSortByBegin) {
  SensitiveFindings findings = MergeMatches({{.begin = 20, .end = 26, .entry = 3},
                                             {.begin = 0, .end = 12, .entry = 2},
                                             {.begin = 8, .end = 11, .entry = 0}},
                                            Sources());
  ASSERT_EQ(findings.spans.size(), 3u);
  EXPECT_EQ(findings.spans[0].term_id, "phone");
  EXPECT_EQ(findings.spans[1].term_id, "hiv");
  EXPECT_EQ(findings.spans[2].term_id, "heroin");
  // Identifiers suggest no label; the others do, sorted.
  EXPECT_EQ(findings.labels, (std::vector<std::string>{"hiv", "sud"}));
}

}  // namespace
}  // namespace roi
