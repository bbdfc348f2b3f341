#include "test_cases.h"

#include <cstdio>
#include <cstdlib>

namespace roi::policy::testing {

const RuleSet& RepoRules() {
  static const RuleSet* rules = [] {
    Result<RuleSet> loaded = LoadRuleSet(OPENROI_RULES_DIR);
    if (!loaded) {
      std::fprintf(stderr, "cannot load rules: %s\n", loaded.error().ToString().c_str());
      for (const ErrorDetail& d : loaded.error().details) {
        std::fprintf(stderr, "  %s: %s\n", d.path.c_str(), d.message.c_str());
      }
      std::abort();
    }
    return new RuleSet(std::move(*loaded));
  }();
  return *rules;
}

Date D(const char* text) {
  Result<Date> date = Date::Parse(text);
  if (!date) std::abort();
  return *date;
}

Document Doc(std::string id, DocKind kind) {
  Document doc;
  doc.id = std::move(id);
  doc.kind = kind;
  doc.pages = 10;
  doc.service_date = D("2025-06-01");
  return doc;
}

Case BaseCase() {
  Case c;
  c.jurisdiction = "US-FL";
  c.entity.type = EntityType::kPhysicianPractice;
  c.received_on = D("2026-03-02");
  c.as_of = D("2026-03-02");
  c.patient.birth_date = D("1980-01-01");
  c.requester.role = Role::kPatient;
  c.requester.identity_verified = true;
  c.basis = Basis::kAccess;
  c.purpose = Purpose::kPersonal;
  c.request.written = true;
  c.request.is_signed = true;
  c.request.medium = Medium::kSecureEmail;
  c.request.scope.all_records = true;
  c.documents.push_back(Doc("d1", DocKind::kProgressNote));
  return c;
}

Authorization CompleteAuthorization() {
  Authorization a;
  a.is_signed = true;
  a.signed_on = D("2026-02-01");
  a.expires_on = D("2027-01-01");
  a.describes_information = true;
  a.names_discloser = true;
  a.names_recipient = true;
  a.states_purpose = true;
  a.revocation_statement = true;
  a.conditioning_statement = true;
  a.redisclosure_statement = true;
  return a;
}

std::vector<std::string> Names(const std::vector<Code>& codes) {
  std::vector<std::string> out;
  for (Code code : codes) out.emplace_back(CodeName(code));
  return out;
}

}  // namespace roi::policy::testing
