// ParseCase: openroi.case/1 JSON -> Case, listing every problem with its JSON pointer.
#include <set>
#include <string>

#include "policy/engine.h"
#include "policy/parse_text.h"
#include "policy/value.h"

namespace roi::policy {
namespace {

constexpr std::size_t kMaxIdBytes = 128;
constexpr std::size_t kMaxListItems = 1000;
constexpr std::size_t kMaxDocuments = 100000;
constexpr std::int64_t kMaxCents = 1000000000;

bool IsJurisdiction(std::string_view text) {
  if (text == "US") return true;
  return text.size() == 5 && text.substr(0, 3) == "US-" && text[3] >= 'A' && text[3] <= 'Z' &&
         text[4] >= 'A' && text[4] <= 'Z';
}

// Runs `decode` on the object at `key`, if present; checks unknown fields.
template <typename T, typename F>
std::optional<T> Sub(ObjectReader& parent, std::string_view key, Problems& problems, F decode) {
  const Value* v = parent.Find(key);
  if (v == nullptr) return std::nullopt;
  ObjectReader reader(*v, parent.Where().Child(key), problems);
  if (!reader.IsObject()) return std::nullopt;
  T out = decode(reader);
  reader.Finish();
  return out;
}

Scope DecodeScope(ObjectReader& r) {
  Scope s;
  s.all_records = r.Bool("all_records").value_or(false);
  s.kinds = r.EnumList<DocKind>("kinds", kDocKindNames).value_or(KindSet{});
  s.from = r.DateField("from");
  s.to = r.DateField("to");
  s.encounters =
      r.StringList("encounters", kMaxListItems, kMaxIdBytes).value_or(std::vector<std::string>{});
  if (s.from && s.to && *s.to < *s.from) r.Fail("to", "before from");
  return s;
}

Entity DecodeEntity(ObjectReader& r) {
  r.Require("type");
  return Entity{r.Enum<EntityType>("type", kEntityTypeNames).value_or(EntityType::kOther),
                r.Bool("part2_program").value_or(false)};
}

Patient DecodePatient(ObjectReader& r) {
  r.Require("birth_date");
  Patient p;
  p.birth_date = r.DateField("birth_date").value_or(Date());
  p.deceased_on = r.DateField("deceased_on");
  p.emancipated = r.Bool("emancipated").value_or(false);
  if (p.deceased_on && *p.deceased_on < p.birth_date) r.Fail("deceased_on", "before birth_date");
  return p;
}

Requester DecodeRequester(ObjectReader& r) {
  r.Require("role");
  Requester q;
  q.role = r.Enum<Role>("role", kRoleNames).value_or(Role::kOther);
  q.identity_verified = r.Bool("identity_verified").value_or(false);
  q.authority_documented = r.Bool("authority_documented").value_or(false);
  q.covered_entity = r.Bool("covered_entity").value_or(false);
  q.abuse_concern = r.Bool("abuse_concern").value_or(false);
  return q;
}

Request DecodeRequest(ObjectReader& r, Problems& problems) {
  Request q;
  q.written = r.Bool("written").value_or(false);
  q.is_signed = r.Bool("signed").value_or(false);
  q.recipient_named = r.Bool("recipient_named").value_or(false);
  q.destination_named = r.Bool("destination_named").value_or(false);
  q.format = r.Enum<Format>("format", kFormatNames).value_or(Format::kElectronic);
  q.medium = r.Enum<Medium>("medium", kMediumNames);
  q.scope = Sub<Scope>(r, "scope", problems, DecodeScope).value_or(Scope{});
  return q;
}

Compound DecodeCompound(ObjectReader& r) {
  return Compound{r.Bool("combined").value_or(false),
                  r.Bool("includes_psychotherapy_notes").value_or(false),
                  r.Bool("conditions_treatment").value_or(false)};
}

void DecodeAuthorizationElements(ObjectReader& r, Authorization& a) {
  a.describes_information = r.Bool("describes_information").value_or(false);
  a.names_discloser = r.Bool("names_discloser").value_or(false);
  a.names_recipient = r.Bool("names_recipient").value_or(false);
  a.states_purpose = r.Bool("states_purpose").value_or(false);
  a.revocation_statement = r.Bool("revocation_statement").value_or(false);
  a.conditioning_statement = r.Bool("conditioning_statement").value_or(false);
  a.redisclosure_statement = r.Bool("redisclosure_statement").value_or(false);
}

Authorization DecodeAuthorization(ObjectReader& r, Problems& problems) {
  Authorization a;
  a.is_signed = r.Bool("signed").value_or(false);
  a.signed_on = r.DateField("signed_on");
  a.signer = r.Enum<Signer>("signer", kSignerNames).value_or(Signer::kPatient);
  a.representative_authority_described =
      r.Bool("representative_authority_described").value_or(false);
  a.expires_on = r.DateField("expires_on");
  a.expiration_event = r.String("expiration_event", 500);
  a.expiration_event_occurred = r.Bool("expiration_event_occurred").value_or(false);
  DecodeAuthorizationElements(r, a);
  a.covers = r.EnumList<Cover>("covers", kCoverNames).value_or(CoverSet{});
  a.compound = Sub<Compound>(r, "compound", problems, DecodeCompound).value_or(Compound{});
  a.witnessed = r.Bool("witnessed").value_or(false);
  a.revoked_on = r.DateField("revoked_on");
  a.revocation_written = r.Bool("revocation_written").value_or(false);
  a.part2_consent = r.Bool("part2_consent").value_or(false);
  a.proceedings_consent = r.Bool("proceedings_consent").value_or(false);
  a.state_forms = r.StringList("state_forms", 50, 40).value_or(std::vector<std::string>{});
  return a;
}

Legal DecodeLegal(ObjectReader& r, Problems& problems) {
  Legal l;
  l.judge_signed = r.Bool("judge_signed").value_or(false);
  l.assurance_of_notice = r.Bool("assurance_of_notice").value_or(false);
  l.qualified_protective_order = r.Bool("qualified_protective_order").value_or(false);
  l.proof_of_notice_to_patient = r.Bool("proof_of_notice_to_patient").value_or(false);
  l.part2_court_order = r.Bool("part2_court_order").value_or(false);
  l.against_patient = r.Bool("against_patient").value_or(false);
  l.representations_on_face = r.Bool("representations_on_face").value_or(false);
  l.scope = Sub<Scope>(r, "scope", problems, DecodeScope).value_or(Scope{});
  return l;
}

Extension DecodeExtension(ObjectReader& r) {
  return Extension{r.DateField("notice_on"), r.Bool("written").value_or(false),
                   r.DateField("new_due_on"), r.Int("prior_extensions", 0, 100).value_or(0)};
}

Cost DecodeCost(ObjectReader& r) {
  return Cost{r.Int("labor_minutes", 0, 1000000).value_or(0),
              r.Int("labor_rate_cents_per_hour", 0, 10000000).value_or(0),
              r.Int("supplies_cents", 0, kMaxCents).value_or(0),
              r.Int("postage_cents", 0, kMaxCents).value_or(0)};
}

FeePolicy DecodeFeePolicy(ObjectReader& r) {
  return FeePolicy{
      r.Enum<PatientFee>("patient_electronic", kPatientFeeNames).value_or(PatientFee::kFlat),
      r.Int("flat_cents", 0, kMaxCents).value_or(650)};
}

Document DecodeDocument(ObjectReader& r) {
  r.Require("id");
  r.Require("kind");
  Document d;
  d.id = r.String("id", kMaxIdBytes).value_or("");
  d.kind = r.Enum<DocKind>("kind", kDocKindNames).value_or(DocKind::kOther);
  d.service_date = r.DateField("service_date");
  d.pages = r.Int("pages", 0, 1000000).value_or(0);
  d.labels = r.EnumList<Label>("labels", kLabelNames).value_or(LabelSet{});
  d.part2 = r.Enum<Part2>("part2", kPart2Names).value_or(Part2::kNone);
  d.minor_consented = r.Bool("minor_consented").value_or(false);
  d.encounter = r.String("encounter", kMaxIdBytes);
  d.relevant_to_involvement = r.Bool("relevant_to_involvement").value_or(false);
  d.harm_determination = r.Bool("harm_determination").value_or(false);
  d.electronic = r.Bool("electronic").value_or(true);
  return d;
}

std::vector<Document> DecodeDocuments(ObjectReader& root, Problems& problems) {
  std::vector<Document> documents;
  const Value* list = root.Find("documents");
  if (list == nullptr) return documents;
  if (list->kind != Value::Kind::kArray) {
    root.Fail("documents", "expected an array");
    return documents;
  }
  if (list->items.size() > kMaxDocuments) {
    root.Fail("documents", "more than " + std::to_string(kMaxDocuments) + " documents");
    return documents;
  }
  Location at = root.Where().Child("documents");
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    ObjectReader reader(list->items[i], at.Index(i), problems);
    if (!reader.IsObject()) continue;
    documents.push_back(DecodeDocument(reader));
    reader.Finish();
    const std::string& id = documents.back().id;
    if (!id.empty() && !ids.insert(id).second)
      problems.Add(at.Index(i).Child("id"), 0, "duplicate id");
  }
  return documents;
}

void DecodeHeader(ObjectReader& r, Case& c) {
  r.Require("schema");
  if (std::optional<std::string> schema = r.String("schema", 64);
      schema && *schema != "openroi.case/1") {
    r.Fail("schema", "expected \"openroi.case/1\"");
  }
  r.Require("jurisdiction");
  if (std::optional<std::string> j = r.String("jurisdiction", 16)) {
    if (IsJurisdiction(*j)) {
      c.jurisdiction = *j;
    } else {
      r.Fail("jurisdiction", UnknownValueMessage(*j));
    }
  }
  r.Require("received_on");
  r.Require("as_of");
  c.received_on = r.DateField("received_on").value_or(Date());
  c.payment_received_on = r.DateField("payment_received_on");
  c.as_of = r.DateField("as_of").value_or(Date());
  r.Require("basis");
  c.basis = r.Enum<Basis>("basis", kBasisNames).value_or(Basis::kAccess);
  c.purpose = r.Enum<Purpose>("purpose", kPurposeNames).value_or(Purpose::kOther);
  c.prior_accountings_12m = r.Int("prior_accountings_12m", 0, 1000).value_or(0);
}

void CheckDates(ObjectReader& r, const Case& c, const Problems& problems) {
  if (!problems.Empty()) return;  // Defaults stand in for bad dates; skip cross-checks then.
  if (c.as_of < c.received_on) r.Fail("as_of", "before received_on");
  if (c.as_of < c.patient.birth_date) r.Fail("as_of", "before patient.birth_date");
}

Case DecodeCase(const Value& root, Problems& problems) {
  Case c;
  ObjectReader r(root, Location::JsonRoot(), problems);
  if (!r.IsObject()) return c;
  DecodeHeader(r, c);
  c.entity = Sub<Entity>(r, "entity", problems, DecodeEntity).value_or(Entity{});
  r.Require("patient");
  c.patient = Sub<Patient>(r, "patient", problems, DecodePatient).value_or(Patient{});
  r.Require("requester");
  c.requester = Sub<Requester>(r, "requester", problems, DecodeRequester).value_or(Requester{});
  auto with = [&](auto decode) {
    return [&, decode](ObjectReader& sub) { return decode(sub, problems); };
  };
  c.request = Sub<Request>(r, "request", problems, with(DecodeRequest)).value_or(Request{});
  c.authorization = Sub<Authorization>(r, "authorization", problems, with(DecodeAuthorization));
  c.legal = Sub<Legal>(r, "legal", problems, with(DecodeLegal));
  c.extension = Sub<Extension>(r, "extension", problems, DecodeExtension);
  c.cost = Sub<Cost>(r, "cost", problems, DecodeCost).value_or(Cost{});
  c.fee_policy = Sub<FeePolicy>(r, "fee_policy", problems, DecodeFeePolicy).value_or(FeePolicy{});
  c.documents = DecodeDocuments(r, problems);
  r.Finish();
  CheckDates(r, c, problems);
  return c;
}

}  // namespace

Result<Case> ParseCase(std::string_view json) {
  Result<Value> root = ParseJson(json);
  if (!root) return root.error();
  Problems problems;
  Case c = DecodeCase(*root, problems);
  if (problems.Empty()) return c;
  std::vector<ErrorDetail> details = problems.Take();
  std::string first = details.front().path + ": " + details.front().message;
  Error error = InvalidArgumentError(
      "invalid case: " + first +
      (details.size() > 1 ? " (and " + std::to_string(details.size() - 1) + " more)" : ""));
  error.details = std::move(details);
  return error;
}

}  // namespace roi::policy
