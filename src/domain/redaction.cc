#include "domain/redaction.h"

#include <algorithm>

#include "base/error.h"

namespace roi {
namespace {

constexpr std::int64_t kMaxPage = 100000;
constexpr std::size_t kMaxReasonText = 500;

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

std::string SpanName(const TextSpan& span) {
  return "span " + std::to_string(span.begin) + "-" + std::to_string(span.end);
}

}  // namespace

std::string_view RedactionReasonName(RedactionReason reason) {
  switch (reason) {
    case RedactionReason::kPsychotherapyNotes:
      return "psychotherapy_notes";
    case RedactionReason::kPart2:
      return "part2";
    case RedactionReason::kThirdParty:
      return "third_party";
    case RedactionReason::kHarm:
      return "harm";
    case RedactionReason::kMinorConsented:
      return "minor_consented";
    case RedactionReason::kOther:
      return "other";
  }
  return "other";
}

Result<RedactionReason> ParseRedactionReason(std::string_view name) {
  for (RedactionReason reason : kAllRedactionReasons) {
    if (RedactionReasonName(reason) == name) return reason;
  }
  return InvalidArgumentError(
      "reason must be one of psychotherapy_notes, part2, third_party, harm, minor_consented, "
      "other");
}

std::string RedactionReasonText(RedactionReason reason, std::string_view reason_text) {
  switch (reason) {
    case RedactionReason::kPsychotherapyNotes:
      return "psychotherapy notes";
    case RedactionReason::kPart2:
      return "42 CFR part 2 record";
    case RedactionReason::kThirdParty:
      return "information about another person";
    case RedactionReason::kHarm:
      return "risk of harm";
    case RedactionReason::kMinorConsented:
      return "care the minor consented to";
    case RedactionReason::kOther:
      break;
  }
  return std::string(reason_text);
}

Status ValidateRedaction(const Redaction& redaction) {
  if (!redaction.request_id.IsSet()) return InvalidArgumentError("redaction: request is unset");
  if (!redaction.document_id.IsSet()) return InvalidArgumentError("redaction: document is unset");
  if (redaction.has_span == (redaction.page != 0)) {
    return InvalidArgumentError("redaction: give either a text span or a page, not both");
  }
  if (redaction.has_span) {
    if (redaction.span.begin < 0 || redaction.span.end <= redaction.span.begin) {
      return InvalidArgumentError("redaction: span must have 0 <= begin < end");
    }
  } else if (redaction.page < 1 || redaction.page > kMaxPage) {
    return InvalidArgumentError("redaction: page must be 1..100000");
  }
  if (redaction.reason == RedactionReason::kOther) {
    if (redaction.reason_text.empty()) {
      return InvalidArgumentError("redaction: reason_text is required for reason 'other'");
    }
  } else if (!redaction.reason_text.empty()) {
    return InvalidArgumentError("redaction: reason_text is only for reason 'other'");
  }
  if (redaction.reason_text.size() > kMaxReasonText || HasControl(redaction.reason_text)) {
    return InvalidArgumentError(
        "redaction: reason_text must be at most 500 bytes without control characters");
  }
  if (!redaction.marked_by.IsSet()) return InvalidArgumentError("redaction: marked_by is unset");
  if (redaction.marked_micros < 0) {
    return InvalidArgumentError("redaction: marked_micros is negative");
  }
  return OkStatus();
}

Status ValidateSpanIn(const TextSpan& span, std::string_view text) {
  auto size = static_cast<std::int64_t>(text.size());
  if (span.begin < 0 || span.end <= span.begin) {
    return InvalidArgumentError("redaction: " + SpanName(span) + " must have 0 <= begin < end");
  }
  if (span.end > size) {
    return InvalidArgumentError("redaction: " + SpanName(span) + " ends past the text's " +
                                std::to_string(size) + " bytes");
  }
  auto inside = [&](std::int64_t at) {
    return at < size && IsContinuationByte(text[static_cast<std::size_t>(at)]);
  };
  if (inside(span.begin) || inside(span.end)) {
    return InvalidArgumentError("redaction: " + SpanName(span) +
                                " does not fall on UTF-8 character boundaries");
  }
  return OkStatus();
}

Status ValidatePageIn(std::int64_t page, std::int64_t page_count) {
  if (page < 1 || page > page_count) {
    return InvalidArgumentError("redaction: page " + std::to_string(page) +
                                " is not a page of the document (1.." + std::to_string(page_count) +
                                ")");
  }
  return OkStatus();
}

RedactionRecord RecordOf(const Redaction& redaction, std::string_view document_title) {
  return RedactionRecord{.document_id = redaction.document_id,
                         .document_title = std::string(document_title),
                         .has_span = redaction.has_span,
                         .span = redaction.span,
                         .page = redaction.page,
                         .reason = redaction.reason,
                         .reason_text = redaction.reason_text};
}

std::string RedactionPlace(const RedactionRecord& record) {
  if (!record.has_span) return "page " + std::to_string(record.page);
  return "text bytes " + std::to_string(record.span.begin) + "-" + std::to_string(record.span.end);
}

std::vector<MergedSpan> MergeSpans(std::span<const RedactionRecord> records) {
  std::vector<const RedactionRecord*> spans;
  for (const RedactionRecord& record : records) {
    if (record.has_span) spans.push_back(&record);
  }
  std::stable_sort(spans.begin(), spans.end(),
                   [](const auto* a, const auto* b) { return a->span.begin < b->span.begin; });
  std::vector<MergedSpan> out;
  for (const RedactionRecord* record : spans) {
    std::string reason = RedactionReasonText(record->reason, record->reason_text);
    if (!out.empty() && record->span.begin <= out.back().span.end) {
      MergedSpan& last = out.back();
      last.span.end = std::max(last.span.end, record->span.end);
      if (std::find(last.reasons.begin(), last.reasons.end(), reason) == last.reasons.end()) {
        last.reasons.push_back(std::move(reason));
      }
      continue;
    }
    out.push_back(MergedSpan{.span = record->span, .reasons = {std::move(reason)}});
  }
  return out;
}

std::string RedactedMarker(const std::vector<std::string>& reasons) {
  std::string out = "[REDACTED \xE2\x80\x94 ";
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (i > 0) out += "; ";
    out += reasons[i];
  }
  return out + "]";
}

Result<std::string> BurnInText(std::string_view text, std::span<const RedactionRecord> records) {
  for (const RedactionRecord& record : records) {
    if (!record.has_span) continue;
    if (Status fits = ValidateSpanIn(record.span, text); !fits) return fits.error();
  }
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const MergedSpan& merged : MergeSpans(records)) {
    auto begin = static_cast<std::size_t>(merged.span.begin);
    out.append(text.substr(at, begin - at));
    out += RedactedMarker(merged.reasons);
    at = static_cast<std::size_t>(merged.span.end);
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace roi
