// PatientService: the organization's patient records for the ROI desk: find a patient at intake
// (by exact MRN or the start of the family name), register one who is not there yet, read one and
// correct one (contact details, a date of death).  Searching and reading need permission
// read_patients, registering and correcting write_patients (app/permissions.h); every patient it
// returns or changes is named in an audit event of its own transaction, so the patient access guard
// (app/patient_access.h) applies and each patient's trail shows the look.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"

namespace roi {

// Value type: a patient search at intake.
struct PatientSearch {
  // An exact MRN, or the start of a family name (at least kMinNamePrefix characters, any letter
  // case).  Both are tried: "DEMO-000001" finds that MRN, "Sam" finds Sample and Samson.
  std::string text;
  std::optional<Date> birth_date;  // When set, only patients born that day.
  int limit = 20;                  // 1..kMaxResults.
};

// Value type: what a correction changes; unset fields stay as they are.
struct PatientChanges {
  std::int64_t version = 0;  // Must be the stored version (optimistic locking).
  std::optional<std::string> given_name;
  std::optional<std::string> family_name;
  std::optional<Date> birth_date;
  std::optional<std::optional<Date>> deceased_on;  // Holds nullopt to clear the date.
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> address;
};

// Service.  Thread-safe (each call runs its own transaction).  `store`, `clock` and `audit` must
// outlive it.
class PatientService {
 public:
  static constexpr std::size_t kMinNamePrefix = 2;
  static constexpr int kMaxResults = 50;
  // Contact fields are short, single-line text.
  static constexpr std::size_t kMaxContactBytes = 500;

  PatientService(Store& store, const Clock& clock, const AuditTrail& audit);

  // Patients of the caller's organization whose MRN is `search.text` (first) or whose family
  // name starts with it, by id, at most `search.limit`; merged "pending match" records are left
  // out.  Each one returned is recorded as a read (detail "patient search"); a patient the access
  // guard refuses to this caller (an assignment-scoped role, not assigned) is left out and not
  // recorded.  Returns PermissionDenied without read_patients, InvalidArgument for empty or
  // short text, text with control characters, or a limit outside 1..kMaxResults.
  Result<std::vector<Patient>> Search(const Principal& caller, const PatientSearch& search) const;

  // Registers `patient` (id and version ignored) and records a create event.  Needs
  // write_patients (PermissionDenied).  Returns
  // InvalidArgument naming the first bad field (ValidatePatient, contact fields over
  // kMaxContactBytes or with control characters, a birth date in the future), AlreadyExists when
  // the MRN is taken in this organization.
  Result<Patient> Create(const Principal& caller, const Patient& patient) const;

  // The patient, recorded as a read.  Needs read_patients.  NotFound if not in the caller's
  // organization; the access guard's refusal for a patient the caller may not open.
  Result<Patient> Get(const Principal& caller, PatientId id) const;

  // Applies `changes` and records an update event naming the fields changed (never their
  // values).  Needs write_patients.  Returns Aborted when `changes.version` is not the stored
  // version, InvalidArgument as Create, NotFound as Get.  The MRN cannot be changed (requests and
  // documents are filed under it); a wrong MRN is corrected by registering the patient again.
  Result<Patient> Update(const Principal& caller, PatientId id,
                         const PatientChanges& changes) const;

 private:
  Status CheckFields(const Patient& patient) const;

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

}  // namespace roi
