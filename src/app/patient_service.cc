#include "app/patient_service.h"

#include <algorithm>
#include <string_view>

#include "app/patient_access.h"
#include "app/permissions.h"

namespace roi {
namespace {

Status Need(const Principal& caller, Permission permission) {
  if (caller.May(permission)) return OkStatus();
  return PermissionDeniedError("this needs permission " + std::string(PermissionName(permission)));
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7f;
  });
}

// An InvalidArgument error located at `field` (the JSON member the web UI flags).
Error FieldError(const std::string& field, const std::string& message) {
  Error error = InvalidArgumentError(field + " " + message);
  error.details.push_back({.path = field, .message = message});
  return error;
}

// ValidatePatient names the field as its second word ("patient given_name must be ...").
Error LocateValidation(Error error) {
  constexpr std::string_view kPrefix = "patient ";
  std::string_view message = error.message;
  if (error.details.empty() && message.starts_with(kPrefix)) {
    std::string_view rest = message.substr(kPrefix.size());
    std::string field(rest.substr(0, rest.find(' ')));
    error.details.push_back({.path = field, .message = std::string(rest.substr(field.size() + 1))});
  }
  return error;
}

AuditNote PatientNote(AuditAction action, PatientId patient, std::string detail) {
  return AuditNote{.action = action,
                   .patient = patient,
                   .entity_kind = "patient",
                   .entity_id = std::to_string(patient.value),
                   .detail = std::move(detail)};
}

}  // namespace

PatientService::PatientService(Store& store, const Clock& clock, const AuditTrail& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Status PatientService::CheckFields(const Patient& patient) const {
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"mrn", &patient.mrn},
                                    {"given_name", &patient.given_name},
                                    {"family_name", &patient.family_name},
                                    {"phone", &patient.phone},
                                    {"email", &patient.email},
                                    {"address", &patient.address}}) {
    if (HasControlCharacter(*value)) return FieldError(name, "must be one line of text");
    if (value->size() > kMaxContactBytes) return FieldError(name, "is too long");
  }
  if (patient.phone.size() > 40) return FieldError("phone", "must be at most 40 bytes");
  if (patient.email.size() > 254) return FieldError("email", "must be at most 254 bytes");
  if (!patient.email.empty() && patient.email.find('@') == std::string::npos) {
    return FieldError("email", "must be an e-mail address");
  }
  if (patient.birth_date > clock_.Today()) return FieldError("birth_date", "is in the future");
  if (patient.deceased_on && *patient.deceased_on > clock_.Today()) {
    return FieldError("deceased_on", "is in the future");
  }
  if (Status valid = ValidatePatient(patient); !valid) return LocateValidation(valid.error());
  return OkStatus();
}

Result<std::vector<Patient>> PatientService::Search(const Principal& caller,
                                                    const PatientSearch& search) const {
  if (Status allowed = Need(caller, Permission::kReadPatients); !allowed) return allowed.error();
  if (search.limit < 1 || search.limit > kMaxResults) {
    return FieldError("limit", "must be 1 to " + std::to_string(kMaxResults));
  }
  std::string text = search.text;
  while (!text.empty() && text.back() == ' ') text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  if (text.size() < kMinNamePrefix) {
    return FieldError("q", "must be an MRN or at least " + std::to_string(kMinNamePrefix) +
                               " letters of a family name");
  }
  if (text.size() > 200 || HasControlCharacter(text)) {
    return FieldError("q", "must be at most 200 bytes of one line");
  }
  std::vector<Patient> out;
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    out.clear();
    std::vector<Patient> found;
    if (IsMrn(text)) {
      Result<std::vector<Patient>> by_mrn = tx.Patients().List({.mrn = text, .limit = 1});
      if (!by_mrn) return Status(by_mrn.error());
      found = std::move(*by_mrn);
    }
    // Pages of name matches until the limit is filled with those born on the day asked for.
    PatientQuery query{.family_name_prefix = text, .limit = kMaxResults};
    for (int pages = 0; pages < 20 && static_cast<int>(found.size()) < search.limit * 4; ++pages) {
      Result<std::vector<Patient>> page = tx.Patients().List(query);
      if (!page) return Status(page.error());
      for (Patient& patient : *page) {
        if (!found.empty() && found.front().id == patient.id) continue;  // Matched the MRN too.
        found.push_back(std::move(patient));
      }
      if (static_cast<int>(page->size()) < query.limit) break;
      query.after_id = found.back().id;
      if (!search.birth_date) break;
    }
    for (Patient& patient : found) {
      if (static_cast<int>(out.size()) == search.limit) break;
      if (search.birth_date && patient.birth_date != *search.birth_date) continue;
      Status noted = audit_.RecordNote(
          tx, ActorOf(caller), PatientNote(AuditAction::kRead, patient.id, "patient search"));
      if (!noted) {
        if (IsBreakGlassRequired(noted.error())) continue;  // Not this caller's patient.
        return noted;
      }
      out.push_back(std::move(patient));
    }
    return OkStatus();
  });
  if (!done) return done.error();
  return out;
}

Result<Patient> PatientService::Create(const Principal& caller, const Patient& patient) const {
  if (Status allowed = Need(caller, Permission::kWritePatients); !allowed) return allowed.error();
  Patient fresh = patient;
  fresh.id = PatientId();
  fresh.version = 0;
  if (Status checked = CheckFields(fresh); !checked) return checked.error();
  Result<Patient> out = InternalError("patient not created");
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Patient> stored = tx.Patients().Insert(fresh);
    if (!stored) {
      if (stored.error().code == ErrorCode::kAlreadyExists) {
        Error taken = AlreadyExistsError("mrn is already a patient of this organization");
        taken.details.push_back({.path = "mrn", .message = "is already a patient's"});
        return Status(taken);
      }
      return Status(LocateValidation(stored.error()));
    }
    Status noted = audit_.RecordNote(
        tx, ActorOf(caller), PatientNote(AuditAction::kCreate, stored->id, "register patient"));
    if (!noted) return noted;
    out = std::move(*stored);
    return OkStatus();
  });
  if (!done) return done.error();
  return out;
}

Result<Patient> PatientService::Get(const Principal& caller, PatientId id) const {
  if (Status allowed = Need(caller, Permission::kReadPatients); !allowed) return allowed.error();
  Result<Patient> out = InternalError("patient not read");
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Patient> found = tx.Patients().Find(id);
    if (!found) return Status(found.error());
    Status noted =
        audit_.RecordNote(tx, ActorOf(caller), PatientNote(AuditAction::kRead, id, "read patient"));
    if (!noted) return noted;
    out = std::move(*found);
    return OkStatus();
  });
  if (!done) return done.error();
  return out;
}

Result<Patient> PatientService::Update(const Principal& caller, PatientId id,
                                       const PatientChanges& changes) const {
  if (Status allowed = Need(caller, Permission::kWritePatients); !allowed) return allowed.error();
  Result<Patient> out = InternalError("patient not changed");
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<Patient> found = tx.Patients().Find(id);
    if (!found) return Status(found.error());
    if (found->version != changes.version) {
      return Status(AbortedError("the patient was changed by someone else; reload it"));
    }
    Patient changed = *found;
    std::string fields;
    auto apply = [&fields](auto& target, const auto& value, const char* name) {
      if (!value || target == *value) return;
      target = *value;
      fields += fields.empty() ? name : std::string(", ") + name;
    };
    apply(changed.given_name, changes.given_name, "given_name");
    apply(changed.family_name, changes.family_name, "family_name");
    apply(changed.birth_date, changes.birth_date, "birth_date");
    apply(changed.deceased_on, changes.deceased_on, "deceased_on");
    apply(changed.phone, changes.phone, "phone");
    apply(changed.email, changes.email, "email");
    apply(changed.address, changes.address, "address");
    if (fields.empty()) {  // Nothing to change: a retry, or a form sent unchanged.
      out = std::move(*found);
      return OkStatus();
    }
    if (Status checked = CheckFields(changed); !checked) return checked;
    Result<Patient> stored = tx.Patients().Update(changed);
    if (!stored) return Status(LocateValidation(stored.error()));
    Status noted = audit_.RecordNote(tx, ActorOf(caller),
                                     PatientNote(AuditAction::kUpdate, id, "change " + fields));
    if (!noted) return noted;
    out = std::move(*stored);
    return OkStatus();
  });
  if (!done) return done.error();
  return out;
}

}  // namespace roi
