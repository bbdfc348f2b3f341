// SerializeDecision: Decision -> openroi.decision/1 JSON, written by hand so that the bytes are
// deterministic and the field order is exactly the spec's.
#include <algorithm>
#include <cstdio>
#include <string>

#include "policy/engine.h"

namespace roi::policy {
namespace {

bool NeedsEscape(char ch) {
  return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20;
}

void AppendString(std::string& out, std::string_view text) {
  out += '"';
  if (std::none_of(text.begin(), text.end(), NeedsEscape)) {
    out.append(text);
    out += '"';
    return;
  }
  for (char ch : text) {
    if (!NeedsEscape(ch)) {
      out += ch;
    } else if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(ch));
      out += buffer;
    }
  }
  out += '"';
}

// Codes are UPPER_SNAKE: no escaping needed.
void AppendCode(std::string& out, Code code) {
  out += '"';
  out.append(CodeName(code));
  out += '"';
}

void AppendCodes(std::string& out, const std::vector<Code>& codes) {
  out += '[';
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) out += ',';
    AppendCode(out, codes[i]);
  }
  out += ']';
}

void AppendDate(std::string& out, const std::optional<Date>& date) {
  if (date) {
    AppendString(out, date->ToString());
  } else {
    out += "null";
  }
}

void AppendBool(std::string& out, std::optional<bool> value) {
  out += !value ? "null" : *value ? "true" : "false";
}

void AppendDocuments(std::string& out, const std::vector<DocumentDecision>& documents) {
  out += '[';
  for (std::size_t i = 0; i < documents.size(); ++i) {
    out.append(i > 0 ? ",{\"id\":" : "{\"id\":");
    AppendString(out, documents[i].id);
    if (documents[i].action == Action::kRelease) {
      out.append(",\"action\":\"release\",\"reasons\":");
    } else {
      out.append(",\"action\":\"withhold\",\"reasons\":");
    }
    AppendCodes(out, documents[i].reasons);
    out += '}';
  }
  out += ']';
}

void AppendRules(std::string& out, const std::vector<RuleHit>& rules) {
  out += '[';
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"code\":";
    AppendString(out, rules[i].code);
    out += ",\"cite\":";
    AppendString(out, rules[i].cite);
    out += '}';
  }
  out += ']';
}

}  // namespace

bool Decision::HasRule(std::string_view code) const {
  return std::any_of(rules.begin(), rules.end(), [&](const RuleHit& r) { return r.code == code; });
}

std::string SerializeDecision(const Decision& d) {
  std::string out;
  out.reserve(512 + d.documents.size() * 80 + d.rules.size() * 128);
  out += "{\"schema\":\"openroi.decision/1\",\"outcome\":";
  AppendString(out, EnumName(kOutcomeNames, d.outcome));
  out += ",\"documents\":";
  AppendDocuments(out, d.documents);
  out += ",\"deficiencies\":";
  AppendCodes(out, d.deficiencies);
  out += ",\"due_on\":";
  AppendDate(out, d.due_on);
  out += ",\"latest_due_on\":";
  AppendDate(out, d.latest_due_on);
  out += ",\"extension_valid\":";
  AppendBool(out, d.extension_valid);
  out += ",\"fee\":{\"max_cents\":" + std::to_string(d.fee.max_cents) + ",\"basis\":";
  AppendCode(out, d.fee.basis);
  out += "},\"minimum_necessary\":";
  AppendBool(out, d.minimum_necessary);
  out += ",\"accountable\":";
  AppendBool(out, d.accountable);
  out += ",\"notices\":";
  AppendCodes(out, d.notices);
  out += ",\"denial_reviewable\":";
  AppendBool(out, d.denial_reviewable);
  out += ",\"rules\":";
  AppendRules(out, d.rules);
  out += '}';
  return out;
}

Result<std::string> DecideJson(std::string_view case_json, const RuleSet& rules) {
  Result<Case> c = ParseCase(case_json);
  if (!c) return c.error();
  return SerializeDecision(Decide(*c, rules));
}

}  // namespace roi::policy
