#include "http/request_json.h"

#include <optional>
#include <utility>
#include <vector>

namespace roi::http {
namespace {

using nlohmann::json;

// Reads the fields of one JSON object, collecting a detail for each bad one.
class Reader {
 public:
  Reader(const json& object, std::string path, std::vector<ErrorDetail>& problems)
      : object_(object), path_(std::move(path)), problems_(problems) {}

  bool Has(const char* key) const { return object_.contains(key); }
  bool IsNull(const char* key) const { return Has(key) && object_.at(key).is_null(); }
  std::string Path(const char* key) const { return path_ + "/" + key; }
  void Fail(const char* key, std::string message) {
    problems_.push_back({Path(key), std::move(message)});
  }

  void Str(const char* key, std::string& out, bool required = false) {
    if (!Has(key)) {
      if (required) Fail(key, "is required");
      return;
    }
    if (!object_.at(key).is_string()) return Fail(key, "must be a string");
    out = object_.at(key).get<std::string>();
  }
  void Bool(const char* key, bool& out) {
    if (!Has(key)) return;
    if (!object_.at(key).is_boolean()) return Fail(key, "must be true or false");
    out = object_.at(key).get<bool>();
  }
  void Int(const char* key, std::int64_t& out, bool required = false) {
    if (!Has(key)) {
      if (required) Fail(key, "is required");
      return;
    }
    if (!object_.at(key).is_number_integer()) return Fail(key, "must be an integer");
    out = object_.at(key).get<std::int64_t>();
  }
  template <typename Id>
  void IdField(const char* key, Id& out, bool required = false) {
    if (IsNull(key)) return;
    std::int64_t value = 0;
    Int(key, value, required);
    if (Has(key) && value <= 0 && object_.at(key).is_number_integer()) {
      return Fail(key, "must be a positive id");
    }
    out = Id(value);
  }
  void OptDate(const char* key, std::optional<Date>& out) {
    if (!Has(key)) return;
    if (IsNull(key)) {
      out.reset();
      return;
    }
    if (!object_.at(key).is_string()) return Fail(key, "must be a date (YYYY-MM-DD)");
    Result<Date> date = Date::Parse(object_.at(key).get<std::string>());
    if (!date) return Fail(key, "must be a date (YYYY-MM-DD)");
    out = *date;
  }
  void Strings(const char* key, std::vector<std::string>& out) {
    if (!Has(key)) return;
    const json& list = object_.at(key);
    if (!list.is_array()) return Fail(key, "must be a list of strings");
    std::vector<std::string> values;
    for (const json& item : list) {
      if (!item.is_string()) return Fail(key, "must be a list of strings");
      values.push_back(item.get<std::string>());
    }
    out = std::move(values);
  }
  // The sub-object `key`, or null when absent or JSON null (a detail when it is not an object).
  const json* Object(const char* key) {
    if (!Has(key) || IsNull(key)) return nullptr;
    if (!object_.at(key).is_object()) {
      Fail(key, "must be an object");
      return nullptr;
    }
    return &object_.at(key);
  }
  template <typename T>
  void Enum(const char* key, T& out, Result<T> (*parse)(std::string_view)) {
    if (!Has(key)) return;
    std::string text;
    Str(key, text);
    if (!object_.at(key).is_string()) return;
    Result<T> value = parse(text);
    if (!value) return Fail(key, "unknown value");
    out = *value;
  }

 private:
  const json& object_;
  std::string path_;
  std::vector<ErrorDetail>& problems_;
};

Status Problems(std::vector<ErrorDetail> problems) {
  if (problems.empty()) return OkStatus();
  std::string message = "invalid fields:";
  for (const ErrorDetail& detail : problems) message += " " + detail.path;
  Error error = InvalidArgumentError(std::move(message));
  error.details = std::move(problems);
  return error;
}

RequestScope ReadScope(Reader& r) {
  RequestScope scope;
  r.Bool("all_records", scope.all_records);
  r.Strings("kinds", scope.kinds);
  r.OptDate("from", scope.from);
  r.OptDate("to", scope.to);
  r.Strings("encounters", scope.encounters);
  return scope;
}

AuthorizationElements ReadAuthorization(Reader& r) {
  AuthorizationElements a;
  r.Bool("signed", a.is_signed);
  r.OptDate("signed_on", a.signed_on);
  r.Str("signer", a.signer);
  r.Bool("representative_authority_described", a.representative_authority_described);
  r.OptDate("expires_on", a.expires_on);
  r.Str("expiration_event", a.expiration_event);
  r.Bool("expiration_event_occurred", a.expiration_event_occurred);
  r.Bool("describes_information", a.describes_information);
  r.Bool("names_discloser", a.names_discloser);
  r.Bool("names_recipient", a.names_recipient);
  r.Bool("states_purpose", a.states_purpose);
  r.Bool("revocation_statement", a.revocation_statement);
  r.Bool("conditioning_statement", a.conditioning_statement);
  r.Bool("redisclosure_statement", a.redisclosure_statement);
  r.Strings("covers", a.covers);
  r.Bool("compound_combined", a.compound_combined);
  r.Bool("compound_includes_psychotherapy_notes", a.compound_includes_psychotherapy_notes);
  r.Bool("compound_conditions_treatment", a.compound_conditions_treatment);
  r.Bool("witnessed", a.witnessed);
  r.OptDate("revoked_on", a.revoked_on);
  r.Bool("revocation_written", a.revocation_written);
  r.Bool("part2_consent", a.part2_consent);
  r.Bool("proceedings_consent", a.proceedings_consent);
  r.Strings("state_forms", a.state_forms);
  r.Str("scanned_file", a.scanned_file);
  return a;
}

LegalFacts ReadLegal(Reader& r, std::vector<ErrorDetail>& problems) {
  LegalFacts l;
  r.Bool("judge_signed", l.judge_signed);
  r.Bool("assurance_of_notice", l.assurance_of_notice);
  r.Bool("qualified_protective_order", l.qualified_protective_order);
  r.Bool("proof_of_notice_to_patient", l.proof_of_notice_to_patient);
  r.Bool("part2_court_order", l.part2_court_order);
  r.Bool("against_patient", l.against_patient);
  r.Bool("representations_on_face", l.representations_on_face);
  if (const json* scope = r.Object("scope")) {
    Reader sub(*scope, r.Path("scope"), problems);
    l.scope = ReadScope(sub);
  }
  return l;
}

// The facts fields present in `r` replace those of `facts`.
void ReadFacts(Reader& r, RequestFacts& facts, std::vector<ErrorDetail>& problems) {
  r.Str("basis", facts.basis);
  r.Str("purpose", facts.purpose);
  r.Str("format", facts.format);
  r.Str("medium", facts.medium);
  r.Bool("written", facts.written);
  r.Bool("signed", facts.is_signed);
  r.Bool("recipient_named", facts.recipient_named);
  r.Bool("destination_named", facts.destination_named);
  r.Bool("identity_verified", facts.identity_verified);
  r.Bool("authority_documented", facts.authority_documented);
  r.Bool("covered_entity", facts.covered_entity);
  r.Bool("abuse_concern", facts.abuse_concern);
  if (const json* scope = r.Object("scope")) {
    Reader sub(*scope, r.Path("scope"), problems);
    facts.scope = ReadScope(sub);
  }
  if (r.IsNull("authorization")) facts.authorization.reset();
  if (const json* authorization = r.Object("authorization")) {
    Reader sub(*authorization, r.Path("authorization"), problems);
    facts.authorization = ReadAuthorization(sub);
  }
  if (r.IsNull("legal")) facts.legal.reset();
  if (const json* legal = r.Object("legal")) {
    Reader sub(*legal, r.Path("legal"), problems);
    facts.legal = ReadLegal(sub, problems);
  }
}

json DateJson(const std::optional<Date>& date) {
  return date ? json(date->ToString()) : json(nullptr);
}

json ScopeJson(const RequestScope& scope) {
  return {{"all_records", scope.all_records},
          {"kinds", scope.kinds},
          {"from", DateJson(scope.from)},
          {"to", DateJson(scope.to)},
          {"encounters", scope.encounters}};
}

json AuthorizationJson(const AuthorizationElements& a) {
  return {{"signed", a.is_signed},
          {"signed_on", DateJson(a.signed_on)},
          {"signer", a.signer},
          {"representative_authority_described", a.representative_authority_described},
          {"expires_on", DateJson(a.expires_on)},
          {"expiration_event", a.expiration_event},
          {"expiration_event_occurred", a.expiration_event_occurred},
          {"describes_information", a.describes_information},
          {"names_discloser", a.names_discloser},
          {"names_recipient", a.names_recipient},
          {"states_purpose", a.states_purpose},
          {"revocation_statement", a.revocation_statement},
          {"conditioning_statement", a.conditioning_statement},
          {"redisclosure_statement", a.redisclosure_statement},
          {"covers", a.covers},
          {"compound_combined", a.compound_combined},
          {"compound_includes_psychotherapy_notes", a.compound_includes_psychotherapy_notes},
          {"compound_conditions_treatment", a.compound_conditions_treatment},
          {"witnessed", a.witnessed},
          {"revoked_on", DateJson(a.revoked_on)},
          {"revocation_written", a.revocation_written},
          {"part2_consent", a.part2_consent},
          {"proceedings_consent", a.proceedings_consent},
          {"state_forms", a.state_forms},
          {"scanned_file", a.scanned_file}};
}

json LegalJson(const LegalFacts& l) {
  return {{"judge_signed", l.judge_signed},
          {"assurance_of_notice", l.assurance_of_notice},
          {"qualified_protective_order", l.qualified_protective_order},
          {"proof_of_notice_to_patient", l.proof_of_notice_to_patient},
          {"part2_court_order", l.part2_court_order},
          {"against_patient", l.against_patient},
          {"representations_on_face", l.representations_on_face},
          {"scope", ScopeJson(l.scope)}};
}

json OptionalId(std::int64_t id) { return id == 0 ? json(nullptr) : json(id); }

json PatientSummary(const Patient& patient) {
  return {{"id", patient.id.value},
          {"mrn", patient.mrn},
          {"given_name", patient.given_name},
          {"family_name", patient.family_name},
          {"pending_match", IsPendingMatchMrn(patient.mrn)}};
}

json RequestCore(const ReleaseRequest& request) {
  return {{"id", request.id.value},
          {"number", request.number},
          {"version", request.version},
          {"state", std::string(RequestStateName(request.state))},
          {"held_from", request.held_from ? json(std::string(RequestStateName(*request.held_from)))
                                          : json(nullptr)},
          {"requester_id", request.requester_id.value},
          {"requester_role", request.requester_role},
          {"facility_id", OptionalId(request.facility_id.value)},
          {"assignee_id", OptionalId(request.assignee.value)},
          {"channel", std::string(ChannelName(request.channel))},
          {"priority", std::string(PriorityName(request.priority))},
          {"received_on", request.received_on.ToString()},
          {"due_on", DateJson(request.due_on)},
          {"outcome", std::string(DecisionOutcomeName(request.decision))}};
}

json Object(json properties) { return {{"type", "object"}, {"properties", std::move(properties)}}; }
const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kBoolean = {{"type", "boolean"}};
const json kDate = {{"type", {"string", "null"}}, {"format", "date"}};
const json kStrings = {{"type", "array"}, {"items", {{"type", "string"}}}};

json ScopeSchema() {
  return Object({{"all_records", kBoolean},
                 {"kinds", kStrings},
                 {"from", kDate},
                 {"to", kDate},
                 {"encounters", kStrings}});
}

}  // namespace

Result<json> ParseObject(const std::string& body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  return parsed;
}

Result<Requester> ParseRequester(const json& body) {
  std::vector<ErrorDetail> problems;
  Reader r(body, "", problems);
  Requester requester;
  r.Str("role", requester.role, true);
  r.Str("name", requester.name, true);
  r.Str("organization", requester.organization);
  r.Str("email", requester.email);
  r.Str("phone", requester.phone);
  r.Str("address", requester.address);
  r.Str("npi", requester.npi);
  if (Status ok = Problems(std::move(problems)); !ok) return ok.error();
  return requester;
}

Result<Document> ParseDocument(const json& body) {
  std::vector<ErrorDetail> problems;
  Reader r(body, "", problems);
  Document document;
  r.IdField("patient_id", document.patient_id, true);
  r.Str("kind", document.kind, true);
  r.OptDate("service_date", document.service_date);
  r.Str("encounter", document.encounter);
  r.Str("author", document.author);
  r.Int("pages", document.pages);
  r.Strings("labels", document.labels);
  r.Str("part2", document.part2);
  r.Bool("minor_consented", document.minor_consented);
  r.Str("content", document.content);
  if (Status ok = Problems(std::move(problems)); !ok) return ok.error();
  return document;
}

Result<IntakeCommand> ParseIntake(const json& body) {
  std::vector<ErrorDetail> problems;
  Reader r(body, "", problems);
  IntakeCommand command;
  r.IdField("patient_id", command.patient_id);
  r.Str("patient_mrn", command.patient_mrn);
  r.IdField("requester_id", command.requester_id, true);
  r.IdField("facility_id", command.facility_id);
  r.Enum("channel", command.channel, &ParseChannel);
  r.Enum("priority", command.priority, &ParsePriority);
  if (!r.Has("basis")) r.Fail("basis", "is required");
  if (!r.Has("purpose")) r.Fail("purpose", "is required");
  ReadFacts(r, command.facts, problems);
  if (Status ok = Problems(std::move(problems)); !ok) return ok.error();
  return command;
}

Result<FactsChange> ParseFactsChange(const json& body, const RequestFacts& current) {
  std::vector<ErrorDetail> problems;
  Reader r(body, "", problems);
  FactsChange change;
  r.Int("version", change.version, true);
  RequestFacts facts = current;
  ReadFacts(r, facts, problems);
  if (facts != current) change.facts = std::move(facts);
  if (r.Has("priority")) {
    Priority priority = Priority::kRoutine;
    r.Enum("priority", priority, &ParsePriority);
    change.priority = priority;
  }
  if (r.Has("facility_id")) {
    FacilityId facility;
    r.IdField("facility_id", facility);
    change.facility_id = facility;
  }
  if (Status ok = Problems(std::move(problems)); !ok) return ok.error();
  return change;
}

Result<TransitionCommand> ParseTransition(const json& body) {
  std::vector<ErrorDetail> problems;
  Reader r(body, "", problems);
  TransitionCommand command;
  r.Enum("action", command.action, &ParseRequestAction);
  if (!r.Has("action")) r.Fail("action", "is required");
  r.Str("idempotency_key", command.idempotency_key, true);
  r.Str("note", command.note);
  if (Status ok = Problems(std::move(problems)); !ok) return ok.error();
  return command;
}

json RequesterJson(const Requester& requester) {
  return {{"id", requester.id.value},     {"role", requester.role},
          {"name", requester.name},       {"organization", requester.organization},
          {"email", requester.email},     {"phone", requester.phone},
          {"address", requester.address}, {"npi", requester.npi},
          {"version", requester.version}};
}

json DocumentJson(const Document& document) {
  return {{"id", document.id.value},         {"patient_id", document.patient_id.value},
          {"kind", document.kind},           {"service_date", DateJson(document.service_date)},
          {"encounter", document.encounter}, {"author", document.author},
          {"pages", document.pages},         {"labels", document.labels},
          {"part2", document.part2},         {"minor_consented", document.minor_consented},
          {"content", document.content},     {"version", document.version}};
}

json FactsJson(const RequestFacts& facts) {
  return {
      {"basis", facts.basis},
      {"purpose", facts.purpose},
      {"format", facts.format},
      {"medium", facts.medium},
      {"written", facts.written},
      {"signed", facts.is_signed},
      {"recipient_named", facts.recipient_named},
      {"destination_named", facts.destination_named},
      {"identity_verified", facts.identity_verified},
      {"authority_documented", facts.authority_documented},
      {"covered_entity", facts.covered_entity},
      {"abuse_concern", facts.abuse_concern},
      {"scope", ScopeJson(facts.scope)},
      {"authorization",
       facts.authorization ? AuthorizationJson(*facts.authorization) : json(nullptr)},
      {"legal", facts.legal ? LegalJson(*facts.legal) : json(nullptr)},
      {"extension", facts.extension ? json{{"notice_on", facts.extension->notice_on.ToString()},
                                           {"new_due_on", facts.extension->new_due_on.ToString()},
                                           {"reason", facts.extension->reason}}
                                    : json(nullptr)}};
}

json DisclosureJson(const DisclosureEntry& entry) {
  return {{"id", entry.id.value},
          {"patient_id", entry.patient_id.value},
          {"request_id", entry.request_id ? json(entry.request_id->value) : json(nullptr)},
          {"disclosed_on", entry.disclosed_on.ToString()},
          {"recipient_name", entry.recipient_name},
          {"recipient_address", entry.recipient_address},
          {"description", entry.description},
          {"purpose", entry.purpose},
          {"released_by", entry.released_by.value},
          {"means", std::string(DisclosureMeansName(entry.means))},
          {"fee", entry.fee.ToPlainString()},
          {"basis", std::string(DisclosureBasisName(entry.basis))},
          {"accountable", IsAccountable(entry.basis)},
          {"citation", std::string(DisclosureBasisCitation(entry.basis))}};
}

json RequestViewJson(const RequestView& view) {
  json out = RequestCore(view.request);
  out["patient"] = PatientSummary(view.patient);
  out["requester"] = RequesterJson(view.requester);
  out["facts"] = FactsJson(view.request.facts);
  json decision = json::parse(view.request.decision_json, nullptr, false);
  out["decision"] = decision.is_discarded() ? json(nullptr) : decision;
  json history = json::array();
  for (const RequestTransition& t : view.history) {
    history.push_back({{"action", std::string(RequestActionName(t.event.action))},
                       {"from", std::string(RequestStateName(t.event.from))},
                       {"to", std::string(RequestStateName(t.event.to))},
                       {"actor_id", t.event.actor.value},
                       {"at_micros", t.event.at_micros},
                       {"idempotency_key", t.event.idempotency_key},
                       {"note", t.note}});
  }
  out["history"] = std::move(history);
  json letters = json::array();
  for (const Letter& letter : view.letters) {
    json body = json::object();
    for (const auto& [key, value] : letter.body) body[key] = value;
    letters.push_back({{"id", letter.id},
                       {"kind", letter.kind},
                       {"date", letter.date.ToString()},
                       {"recipient", letter.recipient},
                       {"body", std::move(body)}});
  }
  out["letters"] = std::move(letters);
  json notices = json::array();
  for (const RequestNotice& notice : view.notices) {
    notices.push_back({{"id", notice.id},
                       {"kind", notice.kind},
                       {"key", notice.key},
                       {"due_on", DateJson(notice.due_on)},
                       {"message", notice.message},
                       {"raised_micros", notice.raised_micros}});
  }
  out["notices"] = std::move(notices);
  json disclosures = json::array();
  for (const DisclosureEntry& entry : view.disclosures)
    disclosures.push_back(DisclosureJson(entry));
  out["disclosures"] = std::move(disclosures);
  out["warnings"] = view.warnings;
  return out;
}

json QueueItemJson(const QueueItem& item) {
  json out = RequestCore(item.request);
  out["patient"] = PatientSummary(item.patient);
  out["escalated"] = item.escalated;
  return out;
}

json RequesterSchema() {
  return Object({{"id", kInteger},
                 {"role", kString},
                 {"name", kString},
                 {"organization", kString},
                 {"email", kString},
                 {"phone", kString},
                 {"address", kString},
                 {"npi", kString},
                 {"version", kInteger}});
}

json DocumentSchema() {
  return Object({{"id", kInteger},
                 {"patient_id", kInteger},
                 {"kind", kString},
                 {"service_date", kDate},
                 {"encounter", kString},
                 {"author", kString},
                 {"pages", kInteger},
                 {"labels", kStrings},
                 {"part2", kString},
                 {"minor_consented", kBoolean},
                 {"content", kString},
                 {"version", kInteger}});
}

json FactsSchema() {
  json authorization = Object({{"signed", kBoolean},
                               {"signed_on", kDate},
                               {"signer", kString},
                               {"expires_on", kDate},
                               {"describes_information", kBoolean},
                               {"names_discloser", kBoolean},
                               {"names_recipient", kBoolean},
                               {"states_purpose", kBoolean},
                               {"revocation_statement", kBoolean},
                               {"conditioning_statement", kBoolean},
                               {"redisclosure_statement", kBoolean},
                               {"covers", kStrings},
                               {"revoked_on", kDate},
                               {"revocation_written", kBoolean},
                               {"part2_consent", kBoolean},
                               {"state_forms", kStrings},
                               {"scanned_file", kString}});
  authorization["description"] =
      "The elements of spec/decision.md's case.authorization (compound.* flattened as "
      "compound_*); null when none was presented.";
  json legal = Object({{"judge_signed", kBoolean},
                       {"assurance_of_notice", kBoolean},
                       {"qualified_protective_order", kBoolean},
                       {"proof_of_notice_to_patient", kBoolean},
                       {"scope", ScopeSchema()}});
  return Object({{"basis", kString},
                 {"purpose", kString},
                 {"format", kString},
                 {"medium", kString},
                 {"written", kBoolean},
                 {"signed", kBoolean},
                 {"identity_verified", kBoolean},
                 {"authority_documented", kBoolean},
                 {"scope", ScopeSchema()},
                 {"authorization", authorization},
                 {"legal", legal}});
}

json IntakeSchema() {
  json schema = FactsSchema();
  schema["properties"]["patient_id"] = kInteger;
  schema["properties"]["patient_mrn"] = kString;
  schema["properties"]["requester_id"] = kInteger;
  schema["properties"]["facility_id"] = kInteger;
  schema["properties"]["channel"] = {
      {"enum", {"portal", "mail", "fax", "email", "walk_in", "api"}}};
  schema["properties"]["priority"] = {{"enum", {"routine", "urgent"}}};
  schema["required"] = {"requester_id", "basis", "purpose"};
  return schema;
}

json RequestSchema() {
  return Object({{"id", kInteger},
                 {"number", kString},
                 {"version", kInteger},
                 {"state", kString},
                 {"due_on", kDate},
                 {"outcome", kString},
                 {"patient", {{"type", "object"}}},
                 {"requester", RequesterSchema()},
                 {"facts", FactsSchema()},
                 {"decision", {{"type", {"object", "null"}}}},
                 {"history", {{"type", "array"}}},
                 {"letters", {{"type", "array"}}},
                 {"notices", {{"type", "array"}}},
                 {"disclosures", {{"type", "array"}}},
                 {"warnings", kStrings}});
}

json QueueSchema() {
  return Object({{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                 {"next_cursor", {{"type", {"string", "null"}}}}});
}

}  // namespace roi::http
