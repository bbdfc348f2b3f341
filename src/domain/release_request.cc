#include "domain/release_request.h"

#include <array>
#include <cstdio>
#include <utility>

#include "domain/document.h"

namespace roi {
namespace {

constexpr std::array<std::pair<Channel, std::string_view>, 6> kChannels = {{
    {Channel::kPortal, "portal"},
    {Channel::kMail, "mail"},
    {Channel::kFax, "fax"},
    {Channel::kEmail, "email"},
    {Channel::kWalkIn, "walk_in"},
    {Channel::kApi, "api"},
}};

constexpr std::array<std::pair<Priority, std::string_view>, 2> kPriorities = {{
    {Priority::kRoutine, "routine"},
    {Priority::kUrgent, "urgent"},
}};

constexpr std::array<std::pair<DecisionOutcome, std::string_view>, 5> kOutcomes = {{
    {DecisionOutcome::kNone, "none"},
    {DecisionOutcome::kRelease, "release"},
    {DecisionOutcome::kPartial, "partial"},
    {DecisionOutcome::kDeny, "deny"},
    {DecisionOutcome::kPend, "pend"},
}};

template <typename T, std::size_t N>
std::string_view NameOf(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename T, std::size_t N>
Result<T> ValueOf(const std::array<std::pair<T, std::string_view>, N>& table, std::string_view name,
                  std::string_view what) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return InvalidArgumentError("unknown " + std::string(what));
}

// A list item that FieldText lists can hold.
bool IsListItem(const std::string& item) {
  return !item.empty() && item.size() <= 64 && item.find_first_of(",=\n\r") == std::string::npos;
}

Status ValidateList(const std::vector<std::string>& items, std::string_view field) {
  for (const std::string& item : items) {
    if (!IsListItem(item)) {
      return InvalidArgumentError(std::string(field) + " items must be 1 to 64 bytes without ','");
    }
  }
  return OkStatus();
}

Status ValidateScope(const RequestScope& scope, const std::string& field) {
  if (scope.from && scope.to && *scope.to < *scope.from) {
    return InvalidArgumentError(field + ".to is before " + field + ".from");
  }
  if (Status kinds = ValidateList(scope.kinds, field + ".kinds"); !kinds) return kinds;
  for (const std::string& encounter : scope.encounters) {
    if (!IsPlainIdentifier(encounter)) {
      return InvalidArgumentError(field +
                                  ".encounters items must be at most 64 letters, digits and -_.:");
    }
  }
  return OkStatus();
}

// Builds and reads the FieldText form of the facts.
class Writer {
 public:
  void Text(std::string key, std::string value) { fields_.emplace_back(std::move(key), value); }
  void Bool(std::string key, bool value) { Text(std::move(key), value ? "1" : "0"); }
  void OptDate(std::string key, const std::optional<Date>& value) {
    Text(std::move(key), value ? value->ToString() : "");
  }
  void List(std::string key, const std::vector<std::string>& value) {
    Text(std::move(key), JoinList(value));
  }
  void Scope(const std::string& prefix, const RequestScope& scope) {
    Bool(prefix + ".all_records", scope.all_records);
    List(prefix + ".kinds", scope.kinds);
    OptDate(prefix + ".from", scope.from);
    OptDate(prefix + ".to", scope.to);
    List(prefix + ".encounters", scope.encounters);
  }
  Fields Take() { return std::move(fields_); }

 private:
  Fields fields_;
};

class Reader {
 public:
  explicit Reader(const Fields& fields) : fields_(fields) {}
  std::string Text(std::string_view key) const { return std::string(FieldValue(fields_, key)); }
  bool Has(std::string_view key) const {
    for (const auto& field : fields_) {
      if (field.first == key) return true;
    }
    return false;
  }
  bool Bool(std::string_view key) const { return FieldValue(fields_, key) == "1"; }
  std::vector<std::string> List(std::string_view key) const {
    return SplitList(FieldValue(fields_, key));
  }
  std::optional<Date> OptDate(std::string_view key) {
    std::string_view text = FieldValue(fields_, key);
    if (text.empty()) return std::nullopt;
    Result<Date> date = Date::Parse(text);
    if (!date) {
      ok_ = false;
      return std::nullopt;
    }
    return *date;
  }
  RequestScope Scope(const std::string& prefix) {
    return RequestScope{.all_records = Bool(prefix + ".all_records"),
                        .kinds = List(prefix + ".kinds"),
                        .from = OptDate(prefix + ".from"),
                        .to = OptDate(prefix + ".to"),
                        .encounters = List(prefix + ".encounters")};
  }
  bool Ok() const { return ok_; }

 private:
  const Fields& fields_;
  bool ok_ = true;
};

void WriteAuthorization(Writer& w, const AuthorizationElements& a) {
  w.Bool("auth", true);
  w.Bool("auth.signed", a.is_signed);
  w.OptDate("auth.signed_on", a.signed_on);
  w.Text("auth.signer", a.signer);
  w.Bool("auth.representative_authority_described", a.representative_authority_described);
  w.OptDate("auth.expires_on", a.expires_on);
  w.Text("auth.expiration_event", a.expiration_event);
  w.Bool("auth.expiration_event_occurred", a.expiration_event_occurred);
  w.Bool("auth.describes_information", a.describes_information);
  w.Bool("auth.names_discloser", a.names_discloser);
  w.Bool("auth.names_recipient", a.names_recipient);
  w.Bool("auth.states_purpose", a.states_purpose);
  w.Bool("auth.revocation_statement", a.revocation_statement);
  w.Bool("auth.conditioning_statement", a.conditioning_statement);
  w.Bool("auth.redisclosure_statement", a.redisclosure_statement);
  w.List("auth.covers", a.covers);
  w.Bool("auth.compound.combined", a.compound_combined);
  w.Bool("auth.compound.includes_psychotherapy_notes", a.compound_includes_psychotherapy_notes);
  w.Bool("auth.compound.conditions_treatment", a.compound_conditions_treatment);
  w.Bool("auth.witnessed", a.witnessed);
  w.OptDate("auth.revoked_on", a.revoked_on);
  w.Bool("auth.revocation_written", a.revocation_written);
  w.Bool("auth.part2_consent", a.part2_consent);
  w.Bool("auth.proceedings_consent", a.proceedings_consent);
  w.List("auth.state_forms", a.state_forms);
  w.Text("auth.scanned_file", a.scanned_file);
}

AuthorizationElements ReadAuthorization(Reader& r) {
  AuthorizationElements a;
  a.is_signed = r.Bool("auth.signed");
  a.signed_on = r.OptDate("auth.signed_on");
  a.signer = r.Text("auth.signer");
  a.representative_authority_described = r.Bool("auth.representative_authority_described");
  a.expires_on = r.OptDate("auth.expires_on");
  a.expiration_event = r.Text("auth.expiration_event");
  a.expiration_event_occurred = r.Bool("auth.expiration_event_occurred");
  a.describes_information = r.Bool("auth.describes_information");
  a.names_discloser = r.Bool("auth.names_discloser");
  a.names_recipient = r.Bool("auth.names_recipient");
  a.states_purpose = r.Bool("auth.states_purpose");
  a.revocation_statement = r.Bool("auth.revocation_statement");
  a.conditioning_statement = r.Bool("auth.conditioning_statement");
  a.redisclosure_statement = r.Bool("auth.redisclosure_statement");
  a.covers = r.List("auth.covers");
  a.compound_combined = r.Bool("auth.compound.combined");
  a.compound_includes_psychotherapy_notes = r.Bool("auth.compound.includes_psychotherapy_notes");
  a.compound_conditions_treatment = r.Bool("auth.compound.conditions_treatment");
  a.witnessed = r.Bool("auth.witnessed");
  a.revoked_on = r.OptDate("auth.revoked_on");
  a.revocation_written = r.Bool("auth.revocation_written");
  a.part2_consent = r.Bool("auth.part2_consent");
  a.proceedings_consent = r.Bool("auth.proceedings_consent");
  a.state_forms = r.List("auth.state_forms");
  a.scanned_file = r.Text("auth.scanned_file");
  return a;
}

void WriteLegal(Writer& w, const LegalFacts& l) {
  w.Bool("legal", true);
  w.Bool("legal.judge_signed", l.judge_signed);
  w.Bool("legal.assurance_of_notice", l.assurance_of_notice);
  w.Bool("legal.qualified_protective_order", l.qualified_protective_order);
  w.Bool("legal.proof_of_notice_to_patient", l.proof_of_notice_to_patient);
  w.Bool("legal.part2_court_order", l.part2_court_order);
  w.Bool("legal.against_patient", l.against_patient);
  w.Bool("legal.representations_on_face", l.representations_on_face);
  w.Scope("legal.scope", l.scope);
}

LegalFacts ReadLegal(Reader& r) {
  LegalFacts l;
  l.judge_signed = r.Bool("legal.judge_signed");
  l.assurance_of_notice = r.Bool("legal.assurance_of_notice");
  l.qualified_protective_order = r.Bool("legal.qualified_protective_order");
  l.proof_of_notice_to_patient = r.Bool("legal.proof_of_notice_to_patient");
  l.part2_court_order = r.Bool("legal.part2_court_order");
  l.against_patient = r.Bool("legal.against_patient");
  l.representations_on_face = r.Bool("legal.representations_on_face");
  l.scope = r.Scope("legal.scope");
  return l;
}

}  // namespace

std::string_view ChannelName(Channel channel) { return NameOf(kChannels, channel); }
Result<Channel> ParseChannel(std::string_view name) { return ValueOf(kChannels, name, "channel"); }
std::string_view PriorityName(Priority priority) { return NameOf(kPriorities, priority); }
Result<Priority> ParsePriority(std::string_view name) {
  return ValueOf(kPriorities, name, "priority");
}
std::string_view DecisionOutcomeName(DecisionOutcome outcome) { return NameOf(kOutcomes, outcome); }
Result<DecisionOutcome> ParseDecisionOutcome(std::string_view name) {
  return ValueOf(kOutcomes, name, "decision outcome");
}

Status ValidateRequestFacts(const RequestFacts& facts) {
  for (const auto& [field, value] :
       {std::pair{"basis", &facts.basis}, std::pair{"purpose", &facts.purpose},
        std::pair{"format", &facts.format}}) {
    if (!IsListItem(*value)) return InvalidArgumentError(std::string(field) + " is required");
  }
  if (!facts.medium.empty() && !IsListItem(facts.medium)) {
    return InvalidArgumentError("medium must be a code");
  }
  if (Status scope = ValidateScope(facts.scope, "scope"); !scope) return scope;
  if (facts.authorization) {
    const AuthorizationElements& a = *facts.authorization;
    if (!IsListItem(a.signer)) return InvalidArgumentError("authorization.signer is required");
    if (Status covers = ValidateList(a.covers, "authorization.covers"); !covers) return covers;
    if (Status forms = ValidateList(a.state_forms, "authorization.state_forms"); !forms) {
      return forms;
    }
    if (a.expiration_event.size() > 500 || a.scanned_file.size() > 500) {
      return InvalidArgumentError("authorization text fields are limited to 500 bytes");
    }
    if (a.signed_on && a.revoked_on && *a.revoked_on < *a.signed_on) {
      return InvalidArgumentError("authorization.revoked_on is before authorization.signed_on");
    }
  }
  if (facts.legal) {
    if (Status scope = ValidateScope(facts.legal->scope, "legal.scope"); !scope) return scope;
  }
  if (facts.extension) {
    const ExtensionNotice& e = *facts.extension;
    if (e.reason.empty() || e.reason.size() > 2000) {
      return InvalidArgumentError("extension.reason must be 1 to 2000 bytes");
    }
    if (e.new_due_on < e.notice_on) {
      return InvalidArgumentError("extension.new_due_on is before extension.notice_on");
    }
  }
  return OkStatus();
}

std::string EncodeRequestFacts(const RequestFacts& facts) {
  Writer w;
  w.Text("basis", facts.basis);
  w.Text("purpose", facts.purpose);
  w.Text("format", facts.format);
  w.Text("medium", facts.medium);
  w.Bool("written", facts.written);
  w.Bool("signed", facts.is_signed);
  w.Bool("recipient_named", facts.recipient_named);
  w.Bool("destination_named", facts.destination_named);
  w.Bool("identity_verified", facts.identity_verified);
  w.Bool("authority_documented", facts.authority_documented);
  w.Bool("covered_entity", facts.covered_entity);
  w.Bool("abuse_concern", facts.abuse_concern);
  w.Scope("scope", facts.scope);
  if (facts.authorization) WriteAuthorization(w, *facts.authorization);
  if (facts.legal) WriteLegal(w, *facts.legal);
  if (facts.extension) {
    w.Bool("ext", true);
    w.OptDate("ext.notice_on", facts.extension->notice_on);
    w.OptDate("ext.new_due_on", facts.extension->new_due_on);
    w.Text("ext.reason", facts.extension->reason);
  }
  return EncodeFields(w.Take());
}

Result<RequestFacts> DecodeRequestFacts(std::string_view text) {
  Result<Fields> fields = DecodeFields(text);
  if (!fields) return fields.error();
  Reader r(*fields);
  RequestFacts facts;
  facts.basis = r.Text("basis");
  facts.purpose = r.Text("purpose");
  facts.format = r.Text("format");
  facts.medium = r.Text("medium");
  facts.written = r.Bool("written");
  facts.is_signed = r.Bool("signed");
  facts.recipient_named = r.Bool("recipient_named");
  facts.destination_named = r.Bool("destination_named");
  facts.identity_verified = r.Bool("identity_verified");
  facts.authority_documented = r.Bool("authority_documented");
  facts.covered_entity = r.Bool("covered_entity");
  facts.abuse_concern = r.Bool("abuse_concern");
  facts.scope = r.Scope("scope");
  if (r.Has("auth")) facts.authorization = ReadAuthorization(r);
  if (r.Has("legal")) facts.legal = ReadLegal(r);
  if (r.Has("ext")) {
    std::optional<Date> notice_on = r.OptDate("ext.notice_on");
    std::optional<Date> new_due_on = r.OptDate("ext.new_due_on");
    if (!notice_on || !new_due_on) {
      return InvalidArgumentError("stored request facts hold an extension without dates");
    }
    facts.extension = ExtensionNotice{
        .notice_on = *notice_on, .new_due_on = *new_due_on, .reason = r.Text("ext.reason")};
  }
  if (!r.Ok()) return InvalidArgumentError("stored request facts hold a bad date");
  return facts;
}

Status ValidateReleaseRequest(const ReleaseRequest& request) {
  if (request.number.empty() || request.number.size() > 32) {
    return InvalidArgumentError("number must be 1 to 32 bytes");
  }
  if (!request.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (!request.requester_id.IsSet()) return InvalidArgumentError("requester_id is required");
  if (request.requester_role.empty() || request.requester_role.size() > 64) {
    return InvalidArgumentError("requester_role must be 1 to 64 bytes");
  }
  if (request.received_micros < 0) return InvalidArgumentError("received_micros is negative");
  if (Status facts = ValidateRequestFacts(request.facts); !facts) return facts;
  bool on_hold = request.state == RequestState::kOnHold;
  if (on_hold != request.held_from.has_value()) {
    return InvalidArgumentError("held_from must be set exactly while on hold");
  }
  if (request.decision_json.size() > (1u << 20)) {
    return InvalidArgumentError("decision_json is over 1 MiB");
  }
  return OkStatus();
}

std::string FormatRequestNumber(int year, std::int64_t sequence) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "R-%04d-%06lld", year, static_cast<long long>(sequence));
  return buffer;
}

bool IsOpenState(RequestState state) {
  switch (state) {
    case RequestState::kReleased:
    case RequestState::kDenied:
    case RequestState::kClosed:
    case RequestState::kCancelled:
      return false;
    default:
      return true;
  }
}

Status ValidateLetter(const Letter& letter) {
  if (!letter.request_id.IsSet()) return InvalidArgumentError("letter request_id is required");
  if (letter.kind.empty() || letter.kind.size() > 64) {
    return InvalidArgumentError("letter kind must be 1 to 64 bytes");
  }
  if (letter.recipient.empty() || letter.recipient.size() > 200) {
    return InvalidArgumentError("letter recipient must be 1 to 200 bytes");
  }
  for (const auto& [key, value] : letter.body) {
    if (key.empty() || key.find_first_of("=\n\r") != std::string::npos) {
      return InvalidArgumentError("letter body keys must be non-empty without '=' or newlines");
    }
  }
  return OkStatus();
}

}  // namespace roi
