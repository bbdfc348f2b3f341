// PostgreSQL PatientMatchRepository.  Requests and patients are checked in this organization
// first (NotFound); the primary key (organization, request) makes a second record AlreadyExists,
// also when two re-matches race.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

bool PatientExists(pqxx::dbtransaction& tx, OrganizationId organization, PatientId patient) {
  return !tx.exec_params("SELECT 1 FROM patients WHERE organization_id = $1 AND id = $2",
                         organization.value, patient.value)
              .empty();
}

Error NoPatient(PatientId patient) {
  return NotFoundError("patient " + std::to_string(patient.value) + " not found");
}

}  // namespace

Status PgPatientMatchRepository::MoveRequest(RequestId request, PatientId to) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("re-match request", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (!PatientExists(tx, organization_, to)) return NoPatient(to);
    pqxx::result updated = tx.exec_params(
        "UPDATE requests SET patient_id = $3, version = version + 1"
        " WHERE organization_id = $1 AND id = $2",
        organization_.value, request.value, to.value);
    if (updated.affected_rows() == 0) {
      return NotFoundError("request " + std::to_string(request.value) + " not found");
    }
    return OkStatus();
  });
}

Result<std::int64_t> PgPatientMatchRepository::MoveDocuments(PatientId from, PatientId to) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  return context_.Run("move documents", [&]() -> Result<std::int64_t> {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (!PatientExists(tx, organization_, to)) return NoPatient(to);
    pqxx::result updated = tx.exec_params(
        "UPDATE documents SET patient_id = $3, version = version + 1"
        " WHERE organization_id = $1 AND patient_id = $2",
        organization_.value, from.value, to.value);
    return static_cast<std::int64_t>(updated.affected_rows());
  });
}

Result<std::int64_t> PgPatientMatchRepository::RequestCount(PatientId patient) {
  return context_.Run("count requests of patient", [&]() -> Result<std::int64_t> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT COUNT(*) FROM requests WHERE organization_id = $1 AND patient_id = $2",
        organization_.value, patient.value);
    return rows[0][0].as<std::int64_t>();
  });
}

Status PgPatientMatchRepository::Record(const PatientRematch& rematch) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (Status valid = ValidatePatientRematch(rematch); !valid) return valid;
  Status done = context_.Run("record re-match", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    if (tx.exec_params("SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2",
                       organization_.value, rematch.request_id.value)
            .empty()) {
      return NotFoundError("request " + std::to_string(rematch.request_id.value) + " not found");
    }
    if (!PatientExists(tx, organization_, rematch.from_patient_id)) {
      return NoPatient(rematch.from_patient_id);
    }
    if (!PatientExists(tx, organization_, rematch.to_patient_id)) {
      return NoPatient(rematch.to_patient_id);
    }
    pqxx::result inserted = tx.exec_params(
        "INSERT INTO patient_rematches (organization_id, request_id, from_patient_id,"
        " to_patient_id, matched_by, matched_micros, documents_moved, pending_merged)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        organization_.value, rematch.request_id.value, rematch.from_patient_id.value,
        rematch.to_patient_id.value, rematch.matched_by.value, rematch.matched_micros,
        rematch.documents_moved, rematch.pending_merged);
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("request " + std::to_string(rematch.request_id.value) +
                                " was re-matched before");
    }
    return OkStatus();
  });
  return done;
}

Result<PatientRematch> PgPatientMatchRepository::ForRequest(RequestId request) {
  return context_.Run("find re-match", [&]() -> Result<PatientRematch> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT from_patient_id, to_patient_id, matched_by, matched_micros, documents_moved,"
        " pending_merged FROM patient_rematches WHERE organization_id = $1 AND request_id = $2",
        organization_.value, request.value);
    if (rows.empty()) {
      return NotFoundError("request " + std::to_string(request.value) + " was not re-matched");
    }
    const pqxx::row& row = rows[0];
    return PatientRematch{.request_id = request,
                          .from_patient_id = PatientId(row[0].as<std::int64_t>()),
                          .to_patient_id = PatientId(row[1].as<std::int64_t>()),
                          .matched_by = UserId(row[2].as<std::int64_t>()),
                          .matched_micros = row[3].as<std::int64_t>(),
                          .documents_moved = row[4].as<std::int64_t>(),
                          .pending_merged = row[5].as<bool>()};
  });
}

Result<PatientId> PgPatientMatchRepository::MergedInto(PatientId pending) {
  return context_.Run("find merge", [&]() -> Result<PatientId> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT to_patient_id FROM patient_rematches WHERE organization_id = $1 AND"
        " from_patient_id = $2 AND pending_merged LIMIT 1",
        organization_.value, pending.value);
    if (rows.empty()) {
      return NotFoundError("patient " + std::to_string(pending.value) + " was not merged");
    }
    return PatientId(rows[0][0].as<std::int64_t>());
  });
}

}  // namespace roi::postgres
