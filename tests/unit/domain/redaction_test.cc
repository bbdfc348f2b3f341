#include "domain/redaction.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roi {
namespace {

Redaction ValidSpan() {
  return Redaction{.id = 0,
                   .request_id = RequestId(1),
                   .document_id = DocumentId(2),
                   .has_span = true,
                   .span = {.begin = 0, .end = 4},
                   .page = 0,
                   .reason = RedactionReason::kThirdParty,
                   .reason_text = "",
                   .marked_by = UserId(3),
                   .marked_micros = 10};
}

RedactionRecord SpanRecord(std::int64_t begin, std::int64_t end,
                           RedactionReason reason = RedactionReason::kThirdParty,
                           std::string text = "") {
  return RedactionRecord{.document_id = DocumentId(2),
                         .document_title = "Synthetic note",
                         .has_span = true,
                         .span = {.begin = begin, .end = end},
                         .page = 0,
                         .reason = reason,
                         .reason_text = std::move(text)};
}

TEST(RedactionReasonTest, NamesRoundTripAndUnknownIsRefused) {
  for (RedactionReason reason : kAllRedactionReasons) {
    Result<RedactionReason> parsed = ParseRedactionReason(RedactionReasonName(reason));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, reason);
  }
  Result<RedactionReason> bad = ParseRedactionReason("because");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(RedactionReasonText(RedactionReason::kOther, "sealed by court order"),
            "sealed by court order");
  EXPECT_EQ(RedactionReasonText(RedactionReason::kPsychotherapyNotes, ""), "psychotherapy notes");
}

TEST(ValidateRedactionTest, AcceptsASpanOrAPage) {
  EXPECT_TRUE(ValidateRedaction(ValidSpan()));
  Redaction page = ValidSpan();
  page.has_span = false;
  page.span = {};
  page.page = 3;
  EXPECT_TRUE(ValidateRedaction(page));
}

TEST(ValidateRedactionTest, RefusesBadShapes) {
  auto refused = [](Redaction r) { return !ValidateRedaction(r); };
  Redaction both = ValidSpan();
  both.page = 1;
  EXPECT_TRUE(refused(both));
  Redaction neither = ValidSpan();
  neither.has_span = false;
  EXPECT_TRUE(refused(neither));
  Redaction empty = ValidSpan();
  empty.span = {.begin = 4, .end = 4};
  EXPECT_TRUE(refused(empty));
  Redaction negative = ValidSpan();
  negative.span = {.begin = -1, .end = 4};
  EXPECT_TRUE(refused(negative));
  Redaction page_zero = ValidSpan();
  page_zero.has_span = false;
  page_zero.page = -2;
  EXPECT_TRUE(refused(page_zero));
  Redaction other = ValidSpan();
  other.reason = RedactionReason::kOther;
  EXPECT_TRUE(refused(other));  // "other" needs its text.
  other.reason_text = "court order";
  EXPECT_TRUE(ValidateRedaction(other));
  other.reason_text = "line\nbreak";
  EXPECT_TRUE(refused(other));
  Redaction text_without_other = ValidSpan();
  text_without_other.reason_text = "why";
  EXPECT_TRUE(refused(text_without_other));
  Redaction unmarked = ValidSpan();
  unmarked.marked_by = UserId();
  EXPECT_TRUE(refused(unmarked));
}

TEST(ValidateSpanInTest, ChecksLengthAndUtf8Boundaries) {
  const std::string text = "Zo\xC3\xAB met \xE2\x82\xAC";  // "Zoë met €": ë 2 bytes, € 3 bytes.
  EXPECT_TRUE(ValidateSpanIn({.begin = 0, .end = 4}, text));   // "Zoë".
  EXPECT_FALSE(ValidateSpanIn({.begin = 0, .end = 3}, text));  // Inside ë.
  EXPECT_FALSE(ValidateSpanIn({.begin = 3, .end = 4}, text));  // Starts inside ë.
  auto size = static_cast<std::int64_t>(text.size());
  EXPECT_TRUE(ValidateSpanIn({.begin = size - 3, .end = size}, text));  // "€" at the end.
  EXPECT_FALSE(ValidateSpanIn({.begin = size - 2, .end = size}, text));
  Status past = ValidateSpanIn({.begin = 0, .end = size + 1}, text);
  ASSERT_FALSE(past);
  EXPECT_NE(past.error().message.find("ends past"), std::string::npos);
  EXPECT_EQ(past.error().message.find("Zo"), std::string::npos);  // Never the text.
}

TEST(ValidatePageInTest, OneBasedWithinTheCount) {
  EXPECT_TRUE(ValidatePageIn(1, 3));
  EXPECT_TRUE(ValidatePageIn(3, 3));
  EXPECT_FALSE(ValidatePageIn(0, 3));
  EXPECT_FALSE(ValidatePageIn(4, 3));
}

TEST(BurnInTextTest, SpanAtTheStart) {
  std::vector<RedactionRecord> records = {SpanRecord(0, 5)};
  Result<std::string> out = BurnInText("Alice called Bob.", records);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "[REDACTED \xE2\x80\x94 information about another person] called Bob.");
}

TEST(BurnInTextTest, SpanAtTheEnd) {
  std::vector<RedactionRecord> records = {
      SpanRecord(13, 17, RedactionReason::kOther, "sealed by court order")};
  Result<std::string> out = BurnInText("Alice called Bob.", records);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "Alice called [REDACTED \xE2\x80\x94 sealed by court order]");
}

TEST(BurnInTextTest, OverlappingAndTouchingSpansAreMergedIntoOneMarker) {
  // "one two three four": [4,9) "two t", [8,13) "three", [13,18) " four" touch or overlap.
  std::vector<RedactionRecord> records = {SpanRecord(8, 13, RedactionReason::kHarm),
                                          SpanRecord(4, 9), SpanRecord(13, 18)};
  std::vector<MergedSpan> merged = MergeSpans(records);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].span, (TextSpan{.begin = 4, .end = 18}));
  EXPECT_EQ(merged[0].reasons,
            (std::vector<std::string>{"information about another person", "risk of harm"}));
  Result<std::string> out = BurnInText("one two three four", records);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "one [REDACTED \xE2\x80\x94 information about another person; risk of harm]");
}

TEST(BurnInTextTest, SeparateSpansKeepTheTextBetween) {
  std::vector<RedactionRecord> records = {SpanRecord(10, 13), SpanRecord(0, 3)};
  Result<std::string> out = BurnInText("abc keep  xyz tail", records);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->find("abc"), std::string::npos);
  EXPECT_EQ(out->find("xyz"), std::string::npos);
  EXPECT_NE(out->find(" keep  "), std::string::npos);
  EXPECT_NE(out->find(" tail"), std::string::npos);
}

TEST(BurnInTextTest, MultibyteTextIsCutOnCharacterBoundaries) {
  const std::string text =
      "Patient Zo\xC3\xAB \xC3\x85ngstr\xC3\xB6m-\xC3\x91\xC3\xBA\xC3\xB1"
      "ez saw Dr. Test.";
  std::size_t begin = text.find("Zo");
  std::size_t end = text.find(" saw");
  std::vector<RedactionRecord> records = {
      SpanRecord(static_cast<std::int64_t>(begin), static_cast<std::int64_t>(end))};
  Result<std::string> out = BurnInText(text, records);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "Patient [REDACTED \xE2\x80\x94 information about another person] saw Dr. Test.");
  records[0].span.end = static_cast<std::int64_t>(text.find("\xC3\xB6") + 1);  // Inside "ö".
  EXPECT_FALSE(BurnInText(text, records));
}

TEST(BurnInTextTest, ASpanPastTheTextIsRefusedWithoutEchoingIt) {
  std::vector<RedactionRecord> records = {SpanRecord(0, 100)};
  Result<std::string> out = BurnInText("short secret", records);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(out.error().message.find("secret"), std::string::npos);
}

TEST(BurnInTextTest, PageRecordsAndNoRecordsLeaveTheTextAlone) {
  RedactionRecord page = SpanRecord(0, 1);
  page.has_span = false;
  page.page = 2;
  std::vector<RedactionRecord> records = {page};
  EXPECT_EQ(*BurnInText("unchanged", records), "unchanged");
  EXPECT_EQ(*BurnInText("unchanged", {}), "unchanged");
}

TEST(RedactionPlaceTest, NamesThePageOrTheSpan) {
  RedactionRecord span = SpanRecord(3, 9);
  EXPECT_EQ(RedactionPlace(span), "text bytes 3-9");
  span.has_span = false;
  span.page = 4;
  EXPECT_EQ(RedactionPlace(span), "page 4");
}

}  // namespace
}  // namespace roi
