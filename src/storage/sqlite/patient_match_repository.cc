// SQLite PatientMatchRepository.  Requests and patients are checked in this organization first
// (NotFound); the primary key (organization, request) makes a second record AlreadyExists.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

// OK if `sql` (with ?1 = organization, ?2 = id) finds a row; NotFound naming `what` otherwise.
Status Exists(Connection& connection, const std::string& sql, OrganizationId organization,
              std::int64_t id, const std::string& what) {
  Result<Statement> query = connection.Query(sql, {organization.value, id}, "find " + what);
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(what + " " + std::to_string(id) + " not found");
  return OkStatus();
}

Status PatientExists(Connection& connection, OrganizationId organization, PatientId patient) {
  return Exists(connection, "SELECT 1 FROM patients WHERE organization_id = ?1 AND id = ?2",
                organization, patient.value, "patient");
}

}  // namespace

Status SqlitePatientMatchRepository::MoveRequest(RequestId request, PatientId to) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status patient = PatientExists(connection_, organization_, to); !patient) return patient;
  Result<Statement> update = connection_.Query(
      "UPDATE requests SET patient_id = ?3, version = version + 1"
      " WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, request.value, to.value}, "re-match request");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done;
  if (connection_.Changes() == 0) {
    return NotFoundError("request " + std::to_string(request.value) + " not found");
  }
  return OkStatus();
}

Result<std::int64_t> SqlitePatientMatchRepository::MoveDocuments(PatientId from, PatientId to) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status patient = PatientExists(connection_, organization_, to); !patient) {
    return patient.error();
  }
  Result<Statement> update = connection_.Query(
      "UPDATE documents SET patient_id = ?3, version = version + 1"
      " WHERE organization_id = ?1 AND patient_id = ?2",
      {organization_.value, from.value, to.value}, "move documents");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  return static_cast<std::int64_t>(connection_.Changes());
}

Result<std::int64_t> SqlitePatientMatchRepository::RequestCount(PatientId patient) {
  Result<Statement> query = connection_.Query(
      "SELECT COUNT(*) FROM requests WHERE organization_id = ?1 AND patient_id = ?2",
      {organization_.value, patient.value}, "count requests of patient");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  return *row ? query->Int64(0) : 0;
}

Status SqlitePatientMatchRepository::Record(const PatientRematch& rematch) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status valid = ValidatePatientRematch(rematch); !valid) return valid;
  if (Status request =
          Exists(connection_, "SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                 organization_, rematch.request_id.value, "request");
      !request) {
    return request;
  }
  if (Status from = PatientExists(connection_, organization_, rematch.from_patient_id); !from) {
    return from;
  }
  if (Status to = PatientExists(connection_, organization_, rematch.to_patient_id); !to) return to;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO patient_rematches (organization_id, request_id, from_patient_id,"
      " to_patient_id, matched_by, matched_micros, documents_moved, pending_merged)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      {organization_.value, rematch.request_id.value, rematch.from_patient_id.value,
       rematch.to_patient_id.value, rematch.matched_by.value, rematch.matched_micros,
       rematch.documents_moved, static_cast<std::int64_t>(rematch.pending_merged ? 1 : 0)},
      "record re-match");
  if (!insert) return insert.error();
  Status done = insert->Run();
  if (!done && done.error().code == ErrorCode::kAlreadyExists) {
    return AlreadyExistsError("request " + std::to_string(rematch.request_id.value) +
                              " was re-matched before");
  }
  return done;
}

Result<PatientRematch> SqlitePatientMatchRepository::ForRequest(RequestId request) {
  Result<Statement> query = connection_.Query(
      "SELECT from_patient_id, to_patient_id, matched_by, matched_micros, documents_moved,"
      " pending_merged FROM patient_rematches WHERE organization_id = ?1 AND request_id = ?2",
      {organization_.value, request.value}, "find re-match");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) {
    return NotFoundError("request " + std::to_string(request.value) + " was not re-matched");
  }
  return PatientRematch{.request_id = request,
                        .from_patient_id = PatientId(query->Int64(0)),
                        .to_patient_id = PatientId(query->Int64(1)),
                        .matched_by = UserId(query->Int64(2)),
                        .matched_micros = query->Int64(3),
                        .documents_moved = query->Int64(4),
                        .pending_merged = query->Int64(5) != 0};
}

Result<PatientId> SqlitePatientMatchRepository::MergedInto(PatientId pending) {
  Result<Statement> query = connection_.Query(
      "SELECT to_patient_id FROM patient_rematches WHERE organization_id = ?1 AND"
      " from_patient_id = ?2 AND pending_merged = 1",
      {organization_.value, pending.value}, "find merge");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) {
    return NotFoundError("patient " + std::to_string(pending.value) + " was not merged");
  }
  return PatientId(query->Int64(0));
}

}  // namespace roi::sqlite
