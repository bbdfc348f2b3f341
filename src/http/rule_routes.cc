// GET /api/v1/rules: the loaded rule packs (federal, then each state overlay) with every rule's
// code, citation and a summary made from the pack's figures, for the administration screen.
// Read-only; rule packs are published law and hold no patient data.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"
#include "policy/codes.h"
#include "policy/enum_set.h"
#include "policy/rule_set.h"

namespace roi::http {
namespace {

using nlohmann::json;
namespace p = roi::policy;

struct RuleLine {
  std::string code;
  std::string citation;
  std::string kind;  // "federal", "deadline", "fee", "fee_waiver", "category", "subpoena", ...
  std::string summary;
  bool enabled = true;
};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "ACCESS_30_DAYS" -> "Access 30 days".
std::string Humanize(std::string_view code) {
  std::string out = Lower(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string Dollars(std::int64_t cents) {
  std::string frac = std::to_string(cents % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return "$" + std::to_string(cents / 100) + "." + frac;
}

template <typename E, std::size_t N>
std::string Names(const p::EnumSet<E>& set, const std::array<std::string_view, N>& names) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (!set.Has(static_cast<E>(i))) continue;
    if (!out.empty()) out += ", ";
    out += names[i];
  }
  return out;
}

// " (bases: access; roles: attorney; from 2024-01-01)": the conditions that narrow an entry.
std::string Conditions(const p::Applicability& when) {
  std::vector<std::string> parts;
  if (!when.bases.Empty()) parts.push_back("bases: " + Names(when.bases, p::kBasisNames));
  if (!when.roles.Empty()) parts.push_back("roles: " + Names(when.roles, p::kRoleNames));
  if (!when.not_roles.Empty())
    parts.push_back("not roles: " + Names(when.not_roles, p::kRoleNames));
  if (!when.purposes.Empty())
    parts.push_back("purposes: " + Names(when.purposes, p::kPurposeNames));
  if (!when.formats.Empty()) parts.push_back("formats: " + Names(when.formats, p::kFormatNames));
  if (when.effective_from) parts.push_back("from " + when.effective_from->ToString());
  if (when.effective_to) parts.push_back("until " + when.effective_to->ToString());
  if (!when.enabled) parts.push_back("switched off");
  if (parts.empty()) return "";
  std::string out = " (";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + ")";
}

std::string FeeSummary(const p::FeeSchedule& fee) {
  std::vector<std::string> parts;
  if (fee.base_cents > 0) {
    parts.push_back(
        Dollars(fee.base_cents) + " base" +
        (fee.base_pages > 0 ? " for " + std::to_string(fee.base_pages) + " pages" : ""));
  }
  for (const p::PageTier& tier : fee.tiers) {
    parts.push_back(Dollars(tier.cents) + " a page from page " + std::to_string(tier.from_page));
  }
  for (const p::FlatTier& tier : fee.flat) {
    parts.push_back(Dollars(tier.cents) +
                    (tier.max_pages > 0 ? " up to " + std::to_string(tier.max_pages) + " pages"
                                        : " for any larger request"));
  }
  if (fee.per_year_cents > 0) parts.push_back(Dollars(fee.per_year_cents) + " a year of records");
  if (fee.clerical_cents_per_quarter_hour > 0) {
    parts.push_back(Dollars(fee.clerical_cents_per_quarter_hour) +
                    " a quarter hour of clerical time");
  }
  if (fee.actual_labor) parts.push_back("actual labor");
  if (fee.postage) parts.push_back("postage");
  std::string out = "Fee schedule";
  if (!fee.payers.Empty()) out += " for " + Names(fee.payers, p::kPayerNames);
  out += ":";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : " ") + parts[i];
  if (parts.empty()) out += " no charge";
  return out;
}

std::string CategorySummary(const p::CategoryRule& rule) {
  std::string out =
      "Special category " + std::string(p::EnumName(p::kLabelNames, rule.label)) + ":";
  std::vector<std::string> parts;
  if (rule.block) parts.push_back("never released on these bases");
  if (rule.requires_covers) {
    parts.push_back("the authorization must name " +
                    std::string(p::EnumName(p::kCoverNames, *rule.requires_covers)));
  }
  if (!rule.requires_form.empty()) parts.push_back("needs form " + rule.requires_form);
  if (rule.requires_witness) parts.push_back("a witnessed authorization");
  if (rule.requires_expiration_date) parts.push_back("an authorization with an expiration date");
  if (!rule.deceased_requires_form.empty()) {
    parts.push_back("for a decedent, form " + rule.deceased_requires_form);
  }
  if (rule.parent_restricted_ages) {
    parts.push_back("parents barred at ages " + std::to_string(rule.parent_restricted_ages->first) +
                    "-" + std::to_string(rule.parent_restricted_ages->second));
  }
  if (parts.empty()) parts.push_back("reason " + std::string(p::CodeName(rule.reason)));
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : " ") + parts[i];
  return out;
}

std::vector<RuleLine> FederalLines(const p::RuleSet& rules) {
  std::vector<RuleLine> lines;
  for (std::size_t i = 0; i < static_cast<std::size_t>(p::Rule::kCount); ++i) {
    const p::RuleHit& hit = rules.Hit(static_cast<p::Rule>(i));
    std::string code =
        hit.code.empty() ? std::string(p::RuleName(static_cast<p::Rule>(i))) : hit.code;
    lines.push_back({.code = code,
                     .citation = hit.cite,
                     .kind = "federal",
                     .summary = Humanize(code),
                     .enabled = true});
  }
  return lines;
}

std::vector<RuleLine> StateLines(const p::StatePack& pack) {
  std::vector<RuleLine> lines;
  for (const p::StateDeadline& deadline : pack.deadlines) {
    std::string summary =
        "Deadline: " + std::to_string(deadline.days) + " " +
        std::string(p::kDayUnitNames[static_cast<std::size_t>(deadline.unit)]) + " days from " +
        (deadline.clock == p::ClockStart::kReceived ? "receipt" : "receipt and payment") +
        (deadline.written_only ? ", written requests only" : "");
    lines.push_back({deadline.hit.code, deadline.hit.cite, "deadline",
                     summary + Conditions(deadline.when), deadline.when.enabled});
  }
  for (const p::FeeSchedule& fee : pack.fees) {
    lines.push_back({fee.hit.code, fee.hit.cite, "fee", FeeSummary(fee) + Conditions(fee.when),
                     fee.when.enabled});
  }
  for (const p::FeeWaiver& waiver : pack.fee_waivers) {
    lines.push_back({waiver.hit.code, waiver.hit.cite, "fee_waiver",
                     "Copies free" + Conditions(waiver.when), waiver.when.enabled});
  }
  for (const p::CategoryRule& category : pack.categories) {
    lines.push_back({category.hit.code, category.hit.cite, "category",
                     CategorySummary(category) + Conditions(category.when), category.when.enabled});
  }
  for (const p::SubpoenaRule& subpoena : pack.subpoenas) {
    lines.push_back({subpoena.hit.code, subpoena.hit.cite, "subpoena",
                     std::string("Subpoena") +
                         (subpoena.requires_notice_to_patient ? ": notice to the patient first"
                                                              : ": no notice to the patient") +
                         Conditions(subpoena.when),
                     subpoena.when.enabled});
  }
  if (pack.minors_prohibit_parent) {
    lines.push_back({pack.minors_prohibit_parent->code, pack.minors_prohibit_parent->cite, "minors",
                     "Parents may not obtain records of care the minor consented to", true});
  }
  if (pack.heirs_of_decedent) {
    lines.push_back({pack.heirs_of_decedent->code, pack.heirs_of_decedent->cite, "decedents",
                     "Heirs of a decedent are qualified persons", true});
  }
  return lines;
}

json LinesJson(const std::vector<RuleLine>& lines, const std::string& code_filter) {
  json out = json::array();
  for (const RuleLine& line : lines) {
    if (!code_filter.empty() && Lower(line.code).find(code_filter) == std::string::npos) continue;
    out.push_back({{"code", line.code},
                   {"citation", line.citation},
                   {"kind", line.kind},
                   {"summary", line.summary},
                   {"enabled", line.enabled}});
  }
  return out;
}

json RuleSchema() {
  json string = {{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"code", string},
            {"citation", string},
            {"kind", string},
            {"summary", string},
            {"enabled", {{"type", "boolean"}}}}}};
}

}  // namespace

void AddRuleRoutes(Router& router, const p::RuleSet& rules) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/rules",
       .operation_id = "listRules",
       .summary = "The loaded rule packs, federal first then each state overlay, with every rule's "
                  "code, citation, kind and a summary of its figures. Filter with jurisdiction "
                  "(\"US\", \"US-CA\") and code (a case-insensitive part of the code). Rule packs "
                  "are published law: any signed-in user may read them.",
       .tag = "policy",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"packs",
                              {{"type", "array"},
                               {"items",
                                {{"type", "object"},
                                 {"properties",
                                  {{"jurisdiction", {{"type", "string"}}},
                                   {"name", {{"type", "string"}}},
                                   {"rules", {{"type", "array"}, {"items", RuleSchema()}}}}}}}}},
                             {"jurisdictions",
                              {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
       .query_parameters = {"jurisdiction", "code"},
       .access = Access::SignedIn()},
      [&rules](const HttpRequest& request) {
        std::string jurisdiction(request.Query("jurisdiction"));
        std::string code = Lower(request.Query("code"));
        if (code.size() > 100) return ErrorResponse(InvalidArgumentError("code is too long"));
        std::vector<std::string> known = rules.Jurisdictions();
        if (!jurisdiction.empty() &&
            std::find(known.begin(), known.end(), jurisdiction) == known.end()) {
          return ErrorResponse(
              InvalidArgumentError("jurisdiction must be one of the loaded packs (\"US\", or a "
                                   "state such as \"US-CA\")"));
        }
        json packs = json::array();
        if (jurisdiction.empty() || jurisdiction == "US") {
          packs.push_back({{"jurisdiction", "US"},
                           {"name", "United States (federal)"},
                           {"rules", LinesJson(FederalLines(rules), code)}});
        }
        for (const std::string& name : known) {
          if (name == "US" || (!jurisdiction.empty() && name != jurisdiction)) continue;
          const p::StatePack* pack = rules.State(name);
          if (pack == nullptr) continue;
          packs.push_back({{"jurisdiction", pack->jurisdiction},
                           {"name", pack->name},
                           {"rules", LinesJson(StateLines(*pack), code)}});
        }
        return JsonResponse(200, {{"packs", packs}, {"jurisdictions", known}});
      });
}

}  // namespace roi::http
