#include "testing/in_memory_repositories.h"

#include <string>

#include "base/ascii.h"

namespace roi::testing {
namespace {

constexpr int kMaxListLimit = 1000;

std::string Id(std::int64_t value) { return std::to_string(value); }

}  // namespace

Status RequireWrite(const InMemoryData* data) {
  if (data != nullptr) return OkStatus();
  return FailedPreconditionError("write attempted in a read-only transaction");
}

// Organizations.

bool InMemoryOrganizations::SlugTaken(const std::string& slug, OrganizationId except) const {
  for (const auto& [id, organization] : view_.organizations) {
    if (id != except && organization.slug == slug) return true;
  }
  return false;
}

Result<Organization> InMemoryOrganizations::Insert(const Organization& organization) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateOrganization(organization); !valid) return valid.error();
  if (SlugTaken(organization.slug, OrganizationId())) {
    return AlreadyExistsError("organization slug is already taken");
  }
  Organization stored = organization;
  stored.id = OrganizationId(data_->next_id++);
  stored.version = 1;
  data_->organizations[stored.id] = stored;
  return stored;
}

Result<Organization> InMemoryOrganizations::Find(OrganizationId id) {
  auto found = view_.organizations.find(id);
  if (found == view_.organizations.end()) {
    return NotFoundError("organization " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<Organization> InMemoryOrganizations::FindBySlug(std::string_view slug) {
  for (const auto& [id, organization] : view_.organizations) {
    if (organization.slug == slug) return organization;
  }
  return NotFoundError("no organization has this slug");
}

Result<std::vector<Organization>> InMemoryOrganizations::List() {
  std::vector<Organization> organizations;
  for (const auto& [id, organization] : view_.organizations) organizations.push_back(organization);
  return organizations;
}

Result<Organization> InMemoryOrganizations::Update(const Organization& organization) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateOrganization(organization); !valid) return valid.error();
  auto found = data_->organizations.find(organization.id);
  if (found == data_->organizations.end()) {
    return NotFoundError("organization " + Id(organization.id.value) + " not found");
  }
  if (found->second.version != organization.version) {
    return AbortedError("organization " + Id(organization.id.value) +
                        " was changed concurrently (stale version)");
  }
  if (SlugTaken(organization.slug, organization.id)) {
    return AlreadyExistsError("organization slug is already taken");
  }
  Organization stored = organization;
  stored.version = organization.version + 1;
  found->second = stored;
  return stored;
}

// Facilities.

Result<Facility> InMemoryFacilities::Insert(const Facility& facility) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateFacility(facility); !valid) return valid.error();
  Facility stored = facility;
  stored.id = FacilityId(data_->next_id++);
  stored.organization_id = organization_;
  stored.version = 1;
  data_->facilities[stored.id] = stored;
  return stored;
}

Result<Facility> InMemoryFacilities::Find(FacilityId id) {
  auto found = view_.facilities.find(id);
  if (found == view_.facilities.end() || found->second.organization_id != organization_) {
    return NotFoundError("facility " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<std::vector<Facility>> InMemoryFacilities::List() {
  std::vector<Facility> facilities;
  for (const auto& [id, facility] : view_.facilities) {
    if (facility.organization_id == organization_) facilities.push_back(facility);
  }
  return facilities;
}

Result<Facility> InMemoryFacilities::Update(const Facility& facility) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateFacility(facility); !valid) return valid.error();
  auto found = data_->facilities.find(facility.id);
  if (found == data_->facilities.end() || found->second.organization_id != organization_) {
    return NotFoundError("facility " + Id(facility.id.value) + " not found");
  }
  if (found->second.version != facility.version) {
    return AbortedError("facility " + Id(facility.id.value) +
                        " was changed concurrently (stale version)");
  }
  found->second.name = facility.name;
  found->second.npi = facility.npi;
  found->second.version = facility.version + 1;
  return found->second;
}

// Patients.

bool InMemoryPatients::MrnTaken(const std::string& mrn, PatientId except) const {
  for (const auto& [id, patient] : view_.patients) {
    if (id != except && patient.organization_id == organization_ && patient.mrn == mrn) {
      return true;
    }
  }
  return false;
}

bool InMemoryPatients::Matches(const Patient& patient, const PatientQuery& query) const {
  if (patient.organization_id != organization_ || patient.id <= query.after_id) return false;
  if (!query.mrn.empty() && patient.mrn != query.mrn) return false;
  // Pending-match patients merged by a re-match are left out.
  for (const auto& [key, rematch] : view_.patient_rematches) {
    if (key.first == organization_ && rematch.from_patient_id == patient.id &&
        rematch.pending_merged) {
      return false;
    }
  }
  return AsciiLower(patient.family_name).starts_with(AsciiLower(query.family_name_prefix));
}

Result<Patient> InMemoryPatients::Insert(const Patient& patient) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidatePatient(patient); !valid) return valid.error();
  if (MrnTaken(patient.mrn, PatientId())) {
    return AlreadyExistsError("mrn is already in use in organization " + Id(organization_.value));
  }
  Patient stored = patient;
  stored.id = PatientId(data_->next_id++);
  stored.organization_id = organization_;
  stored.version = 1;
  data_->patients[stored.id] = stored;
  return stored;
}

Result<Patient> InMemoryPatients::Find(PatientId id) {
  auto found = view_.patients.find(id);
  if (found == view_.patients.end() || found->second.organization_id != organization_) {
    return NotFoundError("patient " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<Patient> InMemoryPatients::FindByMrn(std::string_view mrn) {
  for (const auto& [id, patient] : view_.patients) {
    if (patient.organization_id == organization_ && patient.mrn == mrn) return patient;
  }
  return NotFoundError("no patient has this mrn in organization " + Id(organization_.value));
}

Result<std::vector<Patient>> InMemoryPatients::List(const PatientQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return InvalidArgumentError("patient list limit must be 1 to 1000");
  }
  std::vector<Patient> patients;
  for (auto it = view_.patients.upper_bound(query.after_id);
       it != view_.patients.end() && patients.size() < static_cast<std::size_t>(query.limit);
       ++it) {
    if (Matches(it->second, query)) patients.push_back(it->second);
  }
  return patients;
}

Result<Patient> InMemoryPatients::Update(const Patient& patient) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidatePatient(patient); !valid) return valid.error();
  auto found = data_->patients.find(patient.id);
  if (found == data_->patients.end() || found->second.organization_id != organization_) {
    return NotFoundError("patient " + Id(patient.id.value) + " not found");
  }
  if (found->second.version != patient.version) {
    return AbortedError("patient " + Id(patient.id.value) +
                        " was changed concurrently (stale version)");
  }
  if (MrnTaken(patient.mrn, patient.id)) {
    return AlreadyExistsError("mrn is already in use in organization " + Id(organization_.value));
  }
  Patient stored = patient;
  stored.organization_id = organization_;
  stored.version = patient.version + 1;
  found->second = stored;
  return stored;
}

Result<std::int64_t> InMemoryPatients::Count() {
  std::int64_t count = 0;
  for (const auto& [id, patient] : view_.patients) {
    if (patient.organization_id == organization_) ++count;
  }
  return count;
}

}  // namespace roi::testing
