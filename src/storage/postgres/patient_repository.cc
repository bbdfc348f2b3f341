// PostgreSQL PatientRepository: every statement filters by the bound organization.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr int kMaxListLimit = 1000;

Result<Patient> ReadPatient(const pqxx::row& row) {
  Patient patient{.id = PatientId(row[0].as<std::int64_t>()),
                  .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                  .mrn = row[2].as<std::string>(),
                  .given_name = row[3].as<std::string>(),
                  .family_name = row[4].as<std::string>(),
                  .birth_date = {},
                  .deceased_on = std::nullopt,
                  .phone = row[7].as<std::string>(),
                  .email = row[8].as<std::string>(),
                  .address = row[9].as<std::string>(),
                  .version = row[10].as<std::int64_t>()};
  std::string id = std::to_string(patient.id.value);
  Result<Date> birth = Date::Parse(row[5].as<std::string>());
  if (!birth) return InternalError("stored birth_date of patient " + id + " is not a date");
  patient.birth_date = *birth;
  if (!row[6].is_null()) {
    Result<Date> deceased = Date::Parse(row[6].as<std::string>());
    if (!deceased) return InternalError("stored deceased_on of patient " + id + " is not a date");
    patient.deceased_on = *deceased;
  }
  return patient;
}

Result<std::vector<Patient>> ReadPatients(const pqxx::result& rows) {
  std::vector<Patient> patients;
  for (const pqxx::row& row : rows) {
    Result<Patient> patient = ReadPatient(row);
    if (!patient) return patient.error();
    patients.push_back(std::move(*patient));
  }
  return patients;
}

std::optional<std::string> OptionalDate(const std::optional<Date>& date) {
  if (!date) return std::nullopt;
  return date->ToString();
}

Error MrnTaken(OrganizationId organization) {
  return AlreadyExistsError("mrn is already in use in organization " +
                            std::to_string(organization.value));
}

}  // namespace

Result<Patient> PgPatientRepository::Insert(const Patient& patient) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidatePatient(patient); !valid) return valid.error();
  return context_.Run("insert patient", [&]() -> Result<Patient> {
    // ON CONFLICT DO NOTHING keeps the transaction usable after a taken MRN.
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "patient_insert", organization_.value, patient.mrn, patient.given_name, patient.family_name,
        AsciiLower(patient.family_name), patient.birth_date.ToString(),
        OptionalDate(patient.deceased_on), patient.phone, patient.email, patient.address);
    if (inserted.empty()) return MrnTaken(organization_);
    Patient stored = patient;
    stored.id = PatientId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.version = 1;
    return stored;
  });
}

Result<Patient> PgPatientRepository::Find(PatientId id) {
  return context_.Run("find patient", [&]() -> Result<Patient> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("patient_find", organization_.value, id.value);
    if (rows.empty()) return NotFoundError("patient " + std::to_string(id.value) + " not found");
    return ReadPatient(rows[0]);
  });
}

Result<Patient> PgPatientRepository::FindByMrn(std::string_view mrn) {
  return context_.Run("find patient by mrn", [&]() -> Result<Patient> {
    pqxx::result rows = context_.Transaction().exec_prepared("patient_find_mrn",
                                                             organization_.value, std::string(mrn));
    if (rows.empty()) {
      return NotFoundError("no patient has this mrn in organization " +
                           std::to_string(organization_.value));
    }
    return ReadPatient(rows[0]);
  });
}

Result<std::vector<Patient>> PgPatientRepository::List(const PatientQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return InvalidArgumentError("patient list limit must be 1 to 1000");
  }
  return context_.Run("list patients", [&]() -> Result<std::vector<Patient>> {
    return ReadPatients(Select(query));
  });
}

pqxx::result PgPatientRepository::Select(const PatientQuery& query) {
  pqxx::dbtransaction& tx = context_.Transaction();
  const std::int64_t org = organization_.value;
  const std::int64_t after = query.after_id.value;
  const std::string pattern = LikePrefix(AsciiLower(query.family_name_prefix));
  const bool by_name = !query.family_name_prefix.empty();
  const bool by_mrn = !query.mrn.empty();
  if (by_name && by_mrn) {
    return tx.exec_prepared("patient_list_name_mrn", org, after, pattern, query.mrn, query.limit);
  }
  if (by_name) return tx.exec_prepared("patient_list_name", org, after, pattern, query.limit);
  if (by_mrn) return tx.exec_prepared("patient_list_mrn", org, after, query.mrn, query.limit);
  return tx.exec_prepared("patient_list", org, after, query.limit);
}

Result<Patient> PgPatientRepository::Update(const Patient& patient) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidatePatient(patient); !valid) return valid.error();
  return context_.Run("update patient", [&]() { return UpdateRow(patient); });
}

Result<Patient> PgPatientRepository::UpdateRow(const Patient& patient) {
  pqxx::result updated;
  try {
    // A savepoint, so that a taken MRN leaves the transaction usable.
    pqxx::subtransaction savepoint(context_.Transaction(), "update_patient");
    updated = savepoint.exec_prepared(
        "patient_update", organization_.value, patient.id.value, patient.mrn, patient.given_name,
        patient.family_name, AsciiLower(patient.family_name), patient.birth_date.ToString(),
        OptionalDate(patient.deceased_on), patient.phone, patient.email, patient.address,
        patient.version);
    savepoint.commit();
  } catch (const pqxx::unique_violation&) {
    return MrnTaken(organization_);
  }
  if (updated.affected_rows() == 0) {
    pqxx::result current =
        context_.Transaction().exec_prepared("patient_find", organization_.value, patient.id.value);
    std::string id = std::to_string(patient.id.value);
    if (current.empty()) return NotFoundError("patient " + id + " not found");
    return AbortedError("patient " + id + " was changed concurrently (stale version)");
  }
  Patient stored = patient;
  stored.organization_id = organization_;
  stored.version = patient.version + 1;
  return stored;
}

Result<std::int64_t> PgPatientRepository::Count() {
  return context_.Run("count patients", [&]() -> Result<std::int64_t> {
    return context_.Transaction()
        .exec_prepared1("patient_count", organization_.value)[0]
        .as<std::int64_t>();
  });
}

}  // namespace roi::postgres
