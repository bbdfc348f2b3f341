#include "app/request_case.h"

#include <algorithm>
#include <cstdio>

#include "policy/case.h"

namespace roi {
namespace {

template <std::size_t N>
bool Known(const std::array<std::string_view, N>& names, std::string_view value) {
  for (std::string_view name : names) {
    if (name == value) return true;
  }
  return false;
}

template <std::size_t N>
Status CheckOne(const std::array<std::string_view, N>& names, std::string_view value,
                std::string_view field) {
  if (Known(names, value)) return OkStatus();
  return InvalidArgumentError(std::string(field) + ": unknown value");
}

template <std::size_t N>
Status CheckAll(const std::array<std::string_view, N>& names,
                const std::vector<std::string>& values, std::string_view field) {
  for (const std::string& value : values) {
    if (Status known = CheckOne(names, value, field); !known) return known;
  }
  return OkStatus();
}

Status CheckScope(const RequestScope& scope, std::string_view field) {
  return CheckAll(policy::kDocKindNames, scope.kinds, std::string(field) + ".kinds");
}

// A JSON string literal.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

// Appends "key":value members with the right commas.
class ObjectWriter {
 public:
  ObjectWriter& Raw(std::string_view key, std::string_view json) {
    out_ += out_.size() == 1 ? "" : ",";
    out_ += Quote(key);
    out_ += ':';
    out_ += json;
    return *this;
  }
  ObjectWriter& Str(std::string_view key, std::string_view value) { return Raw(key, Quote(value)); }
  ObjectWriter& Bool(std::string_view key, bool value) {
    return Raw(key, value ? "true" : "false");
  }
  ObjectWriter& Date(std::string_view key, const std::optional<roi::Date>& value) {
    if (!value) return *this;
    return Str(key, value->ToString());
  }
  ObjectWriter& List(std::string_view key, const std::vector<std::string>& values) {
    std::string json = "[";
    for (const std::string& value : values) {
      if (json.size() > 1) json += ',';
      json += Quote(value);
    }
    json += ']';
    return Raw(key, json);
  }
  std::string Done() { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

std::string ScopeJson(const RequestScope& scope) {
  return ObjectWriter()
      .Bool("all_records", scope.all_records)
      .List("kinds", scope.kinds)
      .Date("from", scope.from)
      .Date("to", scope.to)
      .List("encounters", scope.encounters)
      .Done();
}

std::string AuthorizationJson(const AuthorizationElements& a) {
  ObjectWriter w;
  w.Bool("signed", a.is_signed).Date("signed_on", a.signed_on).Str("signer", a.signer);
  w.Bool("representative_authority_described", a.representative_authority_described);
  w.Date("expires_on", a.expires_on);
  if (!a.expiration_event.empty()) w.Str("expiration_event", a.expiration_event);
  w.Bool("expiration_event_occurred", a.expiration_event_occurred)
      .Bool("describes_information", a.describes_information)
      .Bool("names_discloser", a.names_discloser)
      .Bool("names_recipient", a.names_recipient)
      .Bool("states_purpose", a.states_purpose)
      .Bool("revocation_statement", a.revocation_statement)
      .Bool("conditioning_statement", a.conditioning_statement)
      .Bool("redisclosure_statement", a.redisclosure_statement)
      .List("covers", a.covers);
  w.Raw("compound",
        ObjectWriter()
            .Bool("combined", a.compound_combined)
            .Bool("includes_psychotherapy_notes", a.compound_includes_psychotherapy_notes)
            .Bool("conditions_treatment", a.compound_conditions_treatment)
            .Done());
  w.Bool("witnessed", a.witnessed)
      .Date("revoked_on", a.revoked_on)
      .Bool("revocation_written", a.revocation_written)
      .Bool("part2_consent", a.part2_consent)
      .Bool("proceedings_consent", a.proceedings_consent)
      .List("state_forms", a.state_forms);
  return w.Done();
}

std::string LegalJson(const LegalFacts& l) {
  return ObjectWriter()
      .Bool("judge_signed", l.judge_signed)
      .Bool("assurance_of_notice", l.assurance_of_notice)
      .Bool("qualified_protective_order", l.qualified_protective_order)
      .Bool("proof_of_notice_to_patient", l.proof_of_notice_to_patient)
      .Bool("part2_court_order", l.part2_court_order)
      .Bool("against_patient", l.against_patient)
      .Bool("representations_on_face", l.representations_on_face)
      .Raw("scope", ScopeJson(l.scope))
      .Done();
}

std::string DocumentJson(const Document& d, bool harm_determination) {
  ObjectWriter w;
  w.Str("id", std::to_string(d.id.value)).Str("kind", d.kind).Date("service_date", d.service_date);
  w.Raw("pages", std::to_string(d.pages)).List("labels", d.labels).Str("part2", d.part2);
  w.Bool("minor_consented", d.minor_consented);
  if (!d.encounter.empty()) w.Str("encounter", d.encounter);
  if (harm_determination) w.Bool("harm_determination", true);
  return w.Done();
}

}  // namespace

Status CheckRequesterRole(std::string_view role) {
  return CheckOne(policy::kRoleNames, role, "role");
}

bool IsOutsideCaseKind(std::string_view kind) { return kind == kAuthorizationDocumentKind; }

Status CheckDocumentVocabulary(const Document& document) {
  if (!IsOutsideCaseKind(document.kind)) {
    if (Status kind = CheckOne(policy::kDocKindNames, document.kind, "kind"); !kind) return kind;
  }
  if (Status labels = CheckAll(policy::kLabelNames, document.labels, "labels"); !labels) {
    return labels;
  }
  return CheckOne(policy::kPart2Names, document.part2, "part2");
}

Status CheckRequestVocabulary(const RequestFacts& facts) {
  if (Status s = CheckOne(policy::kBasisNames, facts.basis, "basis"); !s) return s;
  if (Status s = CheckOne(policy::kPurposeNames, facts.purpose, "purpose"); !s) return s;
  if (Status s = CheckOne(policy::kFormatNames, facts.format, "format"); !s) return s;
  if (!facts.medium.empty()) {
    if (Status s = CheckOne(policy::kMediumNames, facts.medium, "medium"); !s) return s;
  }
  if (Status s = CheckScope(facts.scope, "scope"); !s) return s;
  if (facts.authorization) {
    const AuthorizationElements& a = *facts.authorization;
    if (Status s = CheckOne(policy::kSignerNames, a.signer, "authorization.signer"); !s) return s;
    if (Status s = CheckAll(policy::kCoverNames, a.covers, "authorization.covers"); !s) return s;
  }
  if (facts.legal) {
    if (Status s = CheckScope(facts.legal->scope, "legal.scope"); !s) return s;
  }
  return OkStatus();
}

std::string BuildCaseJson(const Organization& organization, const Patient& patient,
                          const ReleaseRequest& request, const std::vector<Document>& documents,
                          Date as_of, std::span<const DocumentId> harm_determined,
                          const CaseFees* fees) {
  const RequestFacts& f = request.facts;
  ObjectWriter w;
  w.Str("schema", "openroi.case/1").Str("jurisdiction", "US-" + organization.state);
  w.Raw("entity", ObjectWriter()
                      .Str("type", EntityTypeName(organization.entity_type))
                      .Bool("part2_program", organization.part2_program)
                      .Done());
  w.Str("received_on", request.received_on.ToString()).Str("as_of", as_of.ToString());
  w.Raw("patient", ObjectWriter()
                       .Str("birth_date", patient.birth_date.ToString())
                       .Date("deceased_on", patient.deceased_on)
                       .Done());
  w.Raw("requester", ObjectWriter()
                         .Str("role", request.requester_role)
                         .Bool("identity_verified", f.identity_verified)
                         .Bool("authority_documented", f.authority_documented)
                         .Bool("covered_entity", f.covered_entity)
                         .Bool("abuse_concern", f.abuse_concern)
                         .Done());
  w.Str("basis", f.basis).Str("purpose", f.purpose);
  ObjectWriter r;
  r.Bool("written", f.written).Bool("signed", f.is_signed);
  r.Bool("recipient_named", f.recipient_named).Bool("destination_named", f.destination_named);
  r.Str("format", f.format);
  if (!f.medium.empty()) r.Str("medium", f.medium);
  r.Raw("scope", ScopeJson(f.scope));
  w.Raw("request", r.Done());
  if (f.authorization) w.Raw("authorization", AuthorizationJson(*f.authorization));
  if (f.legal) w.Raw("legal", LegalJson(*f.legal));
  if (f.extension) {
    w.Raw("extension", ObjectWriter()
                           .Date("notice_on", f.extension->notice_on)
                           .Bool("written", true)
                           .Date("new_due_on", f.extension->new_due_on)
                           .Raw("prior_extensions", "0")
                           .Done());
  }
  if (fees != nullptr) {
    w.Raw("cost", ObjectWriter()
                      .Raw("labor_minutes", std::to_string(fees->cost.labor_minutes))
                      .Raw("labor_rate_cents_per_hour",
                           std::to_string(fees->cost.labor_rate_cents_per_hour))
                      .Raw("supplies_cents", std::to_string(fees->cost.supplies_cents))
                      .Raw("postage_cents", std::to_string(fees->cost.postage_cents))
                      .Done());
    w.Raw("fee_policy",
          ObjectWriter()
              .Str("patient_electronic", PatientElectronicFeeName(fees->patient_electronic))
              .Raw("flat_cents", std::to_string(fees->flat_cents))
              .Done());
  }
  std::string docs = "[";
  for (const Document& document : documents) {
    if (IsOutsideCaseKind(document.kind)) continue;  // Never a record of the case.
    if (docs.size() > 1) docs += ',';
    docs += DocumentJson(document, std::find(harm_determined.begin(), harm_determined.end(),
                                             document.id) != harm_determined.end());
  }
  docs += ']';
  w.Raw("documents", docs);
  return w.Done();
}

}  // namespace roi
