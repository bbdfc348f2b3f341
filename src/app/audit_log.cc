#include "app/audit_log.h"

#include <cstdio>
#include <utility>

#include "base/date.h"

namespace roi {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// What was asked, for the recorded event's detail (ids and names only; no PHI).
std::string DescribeQuery(const AuditQuery& query) {
  std::string text = "audit log query";
  if (query.actor.IsSet()) text += " actor=" + std::to_string(query.actor.value);
  if (query.action) text += " action=" + std::string(AuditActionName(*query.action));
  if (query.outcome) text += " outcome=" + std::string(AuditOutcomeName(*query.outcome));
  if (query.from_micros) text += " from=" + FormatRfc3339Micros(*query.from_micros);
  if (query.to_micros) text += " to=" + FormatRfc3339Micros(*query.to_micros);
  if (query.after_sequence > 0) text += " after=" + std::to_string(query.after_sequence);
  return text;
}

bool Digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
  if (at + count > text.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// RFC 5424 PARAM-VALUE escaping: '"', '\' and ']' take a backslash.
std::string SdValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// RFC 5424 header fields are printable US-ASCII without spaces; "-" when empty.
std::string HeaderField(std::string_view value, std::size_t limit) {
  std::string out;
  for (char c : value.substr(0, limit)) {
    out.push_back(c > 32 && c < 127 ? c : '_');
  }
  return out.empty() ? "-" : out;
}

}  // namespace

Result<AuditPage> AuditLog::Read(const Principal& reader, const AuditQuery& query,
                                 std::string_view remote_address, AuditAction recorded_as) const {
  AuditPage page;
  Status done =
      store_.InTransaction(reader.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        Result<std::vector<AuditEvent>> events = tx.Audit().Query(query);
        if (!events) return events.error();
        Result<AuditEvent> recorded =
            trail_.Record(tx, {.actor = reader.user.id,
                               .actor_label = reader.user.display_name,
                               .action = recorded_as,
                               .patient = query.patient,
                               .entity_kind = "audit_log",
                               .entity_id = {},
                               .outcome = AuditOutcome::kSuccess,
                               .remote_address = std::string(remote_address),
                               .detail = DescribeQuery(query)});
        if (!recorded) return recorded.error();
        page.events = std::move(*events);
        return OkStatus();
      });
  if (!done) return done.error();
  if (static_cast<int>(page.events.size()) == query.limit && !page.events.empty()) {
    page.next_after = page.events.back().sequence;
  }
  return page;
}

std::string FormatRfc3339Micros(std::int64_t micros) {
  std::int64_t days = micros / kMicrosPerDay;
  std::int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  Date date = Date::FromDaysSinceEpoch(static_cast<std::int32_t>(days));
  std::int64_t seconds = rest / kMicrosPerSecond;
  char text[40];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", date.Year(),
                date.Month(), date.Day(), static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                static_cast<int>(rest % kMicrosPerSecond));
  return text;
}

Result<std::int64_t> ParseTimestampMicros(std::string_view text) {
  Error bad = InvalidArgumentError("a time must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS[.ffffff]Z");
  if (text.size() < 10) return bad;
  Result<Date> date = Date::Parse(text.substr(0, 10));
  if (!date) return bad;
  std::int64_t micros = std::int64_t{date->DaysSinceEpoch()} * kMicrosPerDay;
  if (text.size() == 10) return micros;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
      !Digits(text, 11, 2, hour) || !Digits(text, 14, 2, minute) || !Digits(text, 17, 2, second) ||
      hour > 23 || minute > 59 || second > 59 || text.back() != 'Z') {
    return bad;
  }
  std::int64_t fraction = 0;
  std::size_t at = 19;
  if (text[at] == '.') {
    std::size_t digits = text.size() - 1 - (at + 1);
    int value = 0;
    if (digits < 1 || digits > 6 || !Digits(text, at + 1, digits, value)) return bad;
    fraction = value;
    for (std::size_t i = digits; i < 6; ++i) fraction *= 10;
    at += 1 + digits;
  }
  if (at != text.size() - 1) return bad;
  return micros + (hour * 3600 + minute * 60 + second) * kMicrosPerSecond + fraction;
}

std::string AuditSyslogLine(const AuditEvent& event, std::string_view organization_slug,
                            std::string_view hostname) {
  int severity = event.outcome == AuditOutcome::kSuccess ? 6 : 4;
  std::string line = "<" + std::to_string(13 * 8 + severity) + ">1 " +
                     FormatRfc3339Micros(event.occurred_micros) + " " + HeaderField(hostname, 255) +
                     " openroi - " + HeaderField(AuditActionName(event.action), 32) +
                     " [openroi@32473";
  auto param = [&](std::string_view name, std::string_view value) {
    line += " ";
    line += name;
    line += "=\"" + SdValue(value) + "\"";
  };
  param("org", organization_slug);
  param("seq", std::to_string(event.sequence));
  param("actor", std::to_string(event.actor_id.value));
  param("actorLabel", event.actor_label);
  param("outcome", AuditOutcomeName(event.outcome));
  if (event.patient_id.IsSet()) param("patient", std::to_string(event.patient_id.value));
  if (!event.entity_kind.empty()) param("entityKind", event.entity_kind);
  if (!event.entity_id.empty()) param("entityId", event.entity_id);
  if (!event.remote_address.empty()) param("src", event.remote_address);
  param("hash", event.hash);
  line += "]";
  if (!event.detail.empty()) line += " " + event.detail;
  return line;
}

}  // namespace roi
