// SerializeDecision: Decision -> openroi.decision/1 JSON, written by hand so that the bytes are
// deterministic and the field order is exactly the spec's.
#include <algorithm>
#include <cstdio>
#include <string>

#include "policy/engine.h"

namespace roi::policy {
namespace {

void AppendString(std::string& out, std::string_view text) {
  out += '"';
  for (char ch : text) {
    auto byte = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (byte < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", byte);
      out += buffer;
    } else {
      out += ch;
    }
  }
  out += '"';
}

void AppendCodes(std::string& out, const std::vector<Code>& codes) {
  out += '[';
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) out += ',';
    AppendString(out, CodeName(codes[i]));
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
    if (i > 0) out += ',';
    out += "{\"id\":";
    AppendString(out, documents[i].id);
    out += ",\"action\":";
    AppendString(out, EnumName(kActionNames, documents[i].action));
    out += ",\"reasons\":";
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
  out.reserve(256 + d.documents.size() * 48 + d.rules.size() * 80);
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
  AppendString(out, CodeName(d.fee.basis));
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
