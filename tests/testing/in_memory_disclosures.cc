// The InMemoryStore's disclosure repository.
#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

constexpr int kMaxListLimit = 1000;

std::string Id(std::int64_t value) { return std::to_string(value); }

Status CheckLimit(int limit, std::string_view what) {
  if (limit < 1 || limit > kMaxListLimit) {
    return InvalidArgumentError(std::string(what) + " limit must be 1 to 1000");
  }
  return OkStatus();
}

}  // namespace

Status InMemoryDisclosures::RequirePatient(PatientId id) const {
  auto found = view_.patients.find(id);
  if (found == view_.patients.end() || found->second.organization_id != organization_) {
    return NotFoundError("patient " + Id(id.value) + " not found");
  }
  return OkStatus();
}

Status InMemoryDisclosures::RequireUser(UserId id) const {
  auto found = view_.users.find(id);
  if (found == view_.users.end() || found->second.organization_id != organization_) {
    return NotFoundError("user " + Id(id.value) + " not found");
  }
  return OkStatus();
}

Result<DisclosureEntry> InMemoryDisclosures::Insert(const DisclosureEntry& entry) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateDisclosure(entry); !valid) return valid.error();
  if (Status ok = RequirePatient(entry.patient_id); !ok) return ok.error();
  if (Status ok = RequireUser(entry.released_by); !ok) return ok.error();
  DisclosureEntry stored = entry;
  stored.id = DisclosureId(data_->next_id++);
  stored.organization_id = organization_;
  data_->disclosures[stored.id] = stored;
  return stored;
}

Result<DisclosureEntry> InMemoryDisclosures::Find(DisclosureId id) {
  auto found = view_.disclosures.find(id);
  if (found == view_.disclosures.end() || found->second.organization_id != organization_) {
    return NotFoundError("disclosure " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<std::vector<DisclosureEntry>> InMemoryDisclosures::ListForRequest(RequestId request) {
  std::vector<DisclosureEntry> matching;
  for (const auto& [id, entry] : view_.disclosures) {  // Ordered by id.
    if (entry.organization_id == organization_ && entry.request_id == request) {
      matching.push_back(entry);
    }
  }
  return matching;
}

Result<std::vector<DisclosureEntry>> InMemoryDisclosures::List(const DisclosureQuery& query) {
  if (!query.patient.IsSet()) return InvalidArgumentError("disclosure list needs a patient");
  if (Status ok = CheckLimit(query.limit, "disclosure list"); !ok) return ok.error();
  std::vector<DisclosureEntry> matching;
  for (const auto& [id, entry] : view_.disclosures) {
    if (entry.organization_id != organization_ || entry.patient_id != query.patient) continue;
    if (query.from && entry.disclosed_on < *query.from) continue;
    if (query.to && *query.to < entry.disclosed_on) continue;
    if (query.after && std::tie(entry.disclosed_on, entry.id) <=
                           std::tie(query.after->disclosed_on, query.after->id)) {
      continue;
    }
    matching.push_back(entry);
  }
  std::sort(matching.begin(), matching.end(), [](const auto& a, const auto& b) {
    return std::tie(a.disclosed_on, a.id) < std::tie(b.disclosed_on, b.id);
  });
  if (matching.size() > static_cast<std::size_t>(query.limit)) {
    matching.resize(static_cast<std::size_t>(query.limit));
  }
  return matching;
}

Result<std::vector<DisclosureVolume>> InMemoryDisclosures::CountByBasis(Date from, Date to) {
  std::map<DisclosureBasis, std::int64_t> counts;
  for (const auto& [id, entry] : view_.disclosures) {
    if (entry.organization_id != organization_) continue;
    if (entry.disclosed_on < from || to < entry.disclosed_on) continue;
    counts[entry.basis] += 1;
  }
  std::vector<DisclosureVolume> volumes;
  for (DisclosureBasis basis : kAllDisclosureBases) {
    if (auto found = counts.find(basis); found != counts.end()) {
      volumes.push_back({.basis = basis, .count = found->second});
    }
  }
  return volumes;
}

Result<AccountingSuspension> InMemoryDisclosures::InsertSuspension(
    const AccountingSuspension& suspension) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateSuspension(suspension); !valid) return valid.error();
  if (suspension.patient_id) {
    if (Status ok = RequirePatient(*suspension.patient_id); !ok) return ok.error();
  }
  if (Status ok = RequireUser(suspension.recorded_by); !ok) return ok.error();
  AccountingSuspension stored = suspension;
  stored.id = AccountingSuspensionId(data_->next_id++);
  stored.organization_id = organization_;
  data_->suspensions[stored.id] = stored;
  return stored;
}

Result<std::vector<AccountingSuspension>> InMemoryDisclosures::ListSuspensions(
    const SuspensionQuery& query) {
  if (Status ok = CheckLimit(query.limit, "suspension list"); !ok) return ok.error();
  std::vector<AccountingSuspension> matching;
  for (auto it = view_.suspensions.upper_bound(query.after_id);
       it != view_.suspensions.end() && matching.size() < static_cast<std::size_t>(query.limit);
       ++it) {
    const AccountingSuspension& suspension = it->second;
    if (suspension.organization_id != organization_) continue;
    if (query.in_force_on && !SuspensionInForce(suspension, *query.in_force_on)) continue;
    matching.push_back(suspension);
  }
  return matching;
}

Result<AccountingRecord> InMemoryDisclosures::InsertAccounting(const AccountingRecord& record) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateAccountingRecord(record); !valid) return valid.error();
  if (Status ok = RequirePatient(record.patient_id); !ok) return ok.error();
  if (Status ok = RequireUser(record.provided_by); !ok) return ok.error();
  AccountingRecord stored = record;
  stored.id = AccountingRecordId(data_->next_id++);
  stored.organization_id = organization_;
  data_->accountings[stored.id] = stored;
  return stored;
}

Result<std::vector<AccountingRecord>> InMemoryDisclosures::ListAccountings(PatientId patient,
                                                                           Date from, Date to) {
  std::vector<AccountingRecord> matching;
  for (const auto& [id, record] : view_.accountings) {
    if (record.organization_id != organization_ || record.patient_id != patient) continue;
    if (record.requested_on < from || to < record.requested_on) continue;
    matching.push_back(record);
  }
  std::sort(matching.begin(), matching.end(), [](const auto& a, const auto& b) {
    return std::tie(a.requested_on, a.id) < std::tie(b.requested_on, b.id);
  });
  return matching;
}

}  // namespace roi::testing
