// Redaction: what a reviewer takes out of one document before it goes to one requester — a span
// of the document's text (byte offsets into its UTF-8 text) or a whole page of a PDF — and why.
// Redactions belong to a request: the same document may go unredacted to someone else.  The
// packet burns them in (app/redaction_burn_in.h): the redacted text is gone before rendering.
// Pure values and rules: no I/O, no clock.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Why something was redacted.
enum class RedactionReason {
  kPsychotherapyNotes,  // 45 CFR 164.508(a)(2), 164.524(a)(1)(i).
  kPart2,               // 42 CFR part 2 records without a consent that covers them.
  kThirdParty,          // Information about someone else.
  kHarm,                // Reasonably likely to endanger someone (164.524(a)(3)).
  kMinorConsented,      // Care a minor consented to, withheld from the parent.
  kOther,               // Explained in `reason_text`.
};

inline constexpr RedactionReason kAllRedactionReasons[] = {
    RedactionReason::kPsychotherapyNotes, RedactionReason::kPart2,
    RedactionReason::kThirdParty,         RedactionReason::kHarm,
    RedactionReason::kMinorConsented,     RedactionReason::kOther};

// "psychotherapy_notes", "part2", "third_party", "harm", "minor_consented", "other".
std::string_view RedactionReasonName(RedactionReason reason);
// Returns InvalidArgument listing the names for anything else.
Result<RedactionReason> ParseRedactionReason(std::string_view name);
// The reason in words for the packet: "psychotherapy notes", "42 CFR part 2", ...; for kOther
// the given text.
std::string RedactionReasonText(RedactionReason reason, std::string_view reason_text);

// [begin, end) in bytes of a document's UTF-8 text.  Value type.
struct TextSpan {
  std::int64_t begin = 0;
  std::int64_t end = 0;
  bool operator==(const TextSpan&) const = default;
};

// One redaction of one document for one request.  Exactly one of a span (page 0) or a page
// (1-based, no span) is set.  Value type.
struct Redaction {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  DocumentId document_id;
  bool has_span = false;
  TextSpan span;
  std::int64_t page = 0;
  RedactionReason reason = RedactionReason::kOther;
  std::string reason_text;  // Required for kOther (1..500 bytes); empty otherwise.
  UserId marked_by;
  std::int64_t marked_micros = 0;
  bool operator==(const Redaction&) const = default;
};

// Returns InvalidArgument naming the first bad field: request or document unset, both or neither
// of span and page, a span with begin < 0 or end <= begin, a page below 1 or above 100000,
// reason text missing for "other", present for another reason, over 500 bytes or holding control
// characters, marked_by unset, marked_micros negative.  Does not look at the document.
Status ValidateRedaction(const Redaction& redaction);

// Returns InvalidArgument unless `span` lies within `text` (end <= its size) and both ends fall
// on UTF-8 character boundaries (not inside a multibyte sequence).
Status ValidateSpanIn(const TextSpan& span, std::string_view text);
// Returns InvalidArgument unless 1 <= page <= page_count.
Status ValidatePageIn(std::int64_t page, std::int64_t page_count);

// One redaction as the packet lists it: which document, where, and why — never the text.
struct RedactionRecord {
  DocumentId document_id;
  std::string document_title;
  bool has_span = false;
  TextSpan span;
  std::int64_t page = 0;
  RedactionReason reason = RedactionReason::kOther;
  std::string reason_text;
  bool operator==(const RedactionRecord&) const = default;
};

// The record of `redaction` under `document_title`.
RedactionRecord RecordOf(const Redaction& redaction, std::string_view document_title);
// Where: "page 3" or "text bytes 120-184".
std::string RedactionPlace(const RedactionRecord& record);

// A stretch of text to replace, with the reasons of every redaction it merges (in order of
// first appearance, distinct).
struct MergedSpan {
  TextSpan span;
  std::vector<std::string> reasons;  // RedactionReasonText of each.
  bool operator==(const MergedSpan&) const = default;
};

// The span redactions among `records` merged where they overlap or touch, by begin.  Page
// records are skipped.
std::vector<MergedSpan> MergeSpans(std::span<const RedactionRecord> records);

// The placeholder that replaces a merged span: "[REDACTED — reason; reason]".
std::string RedactedMarker(const std::vector<std::string>& reasons);

// `text` with every span redaction of `records` replaced by its marker (merged spans get one
// marker): the original characters are not in the result.  Returns InvalidArgument (naming the
// span, never the text) if a span does not fit `text` (ValidateSpanIn).
Result<std::string> BurnInText(std::string_view text, std::span<const RedactionRecord> records);

}  // namespace roi
