// SQLite PatientRepository: every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr int kMaxListLimit = 1000;

// Every patient query starts here, so none can forget the organization filter.
constexpr std::string_view kSelect =
    "SELECT id, organization_id, mrn, given_name, family_name, birth_date, deceased_on, phone,"
    " email, address, version FROM patients WHERE organization_id = ?1";

Result<Patient> ReadPatient(const Statement& row) {
  Patient patient{.id = PatientId(row.Int64(0)),
                  .organization_id = OrganizationId(row.Int64(1)),
                  .mrn = row.Text(2),
                  .given_name = row.Text(3),
                  .family_name = row.Text(4),
                  .birth_date = {},
                  .deceased_on = std::nullopt,
                  .phone = row.Text(7),
                  .email = row.Text(8),
                  .address = row.Text(9),
                  .version = row.Int64(10)};
  std::string id = std::to_string(patient.id.value);
  Result<Date> birth = Date::Parse(row.Text(5));
  if (!birth) return InternalError("stored birth_date of patient " + id + " is not a date");
  patient.birth_date = *birth;
  if (!row.IsNull(6)) {
    Result<Date> deceased = Date::Parse(row.Text(6));
    if (!deceased) return InternalError("stored deceased_on of patient " + id + " is not a date");
    patient.deceased_on = *deceased;
  }
  return patient;
}

Result<Patient> One(Result<Statement> query, const std::string& missing) {
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(missing);
  return ReadPatient(*query);
}

Error MrnTaken(const Error& error, OrganizationId organization) {
  if (error.code != ErrorCode::kAlreadyExists) return error;
  return AlreadyExistsError("mrn is already in use in organization " +
                            std::to_string(organization.value));
}

SqlParam OptionalDate(const std::optional<Date>& date, std::string& storage) {
  if (!date) return nullptr;
  storage = date->ToString();
  return std::string_view(storage);
}

// The SQL for one combination of List filters; each combination is its own cached statement.
std::string ListSql(bool by_name, bool by_mrn) {
  std::string sql(kSelect);
  sql += " AND id > ?2";
  if (by_name) sql += " AND family_name_fold LIKE ?3 ESCAPE '\\'";
  if (by_mrn) sql += " AND mrn = ?4";
  // Pending-match patients merged by a re-match are left out (found by id or MRN still).
  sql +=
      " AND NOT EXISTS (SELECT 1 FROM patient_rematches m WHERE m.organization_id = ?1"
      " AND m.from_patient_id = patients.id AND m.pending_merged = 1)";
  sql += " ORDER BY id LIMIT ?5";
  return sql;
}

}  // namespace

Result<Patient> SqlitePatientRepository::Insert(const Patient& patient) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidatePatient(patient); !valid) return valid.error();
  std::string birth = patient.birth_date.ToString();
  std::string deceased;
  std::string fold = AsciiLower(patient.family_name);
  Result<Statement> insert = connection_.Query(
      "INSERT INTO patients (organization_id, mrn, given_name, family_name, family_name_fold,"
      " birth_date, deceased_on, phone, email, address, version)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 1)",
      {organization_.value, patient.mrn, patient.given_name, patient.family_name, fold, birth,
       OptionalDate(patient.deceased_on, deceased), patient.phone, patient.email, patient.address},
      "insert patient");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return MrnTaken(done.error(), organization_);
  Patient stored = patient;
  stored.id = PatientId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.version = 1;
  return stored;
}

Result<Patient> SqlitePatientRepository::Find(PatientId id) {
  static const std::string sql = std::string(kSelect) + " AND id = ?2";
  return One(connection_.Query(sql, {organization_.value, id.value}, "find patient"),
             "patient " + std::to_string(id.value) + " not found");
}

Result<Patient> SqlitePatientRepository::FindByMrn(std::string_view mrn) {
  static const std::string sql = std::string(kSelect) + " AND mrn = ?2";
  return One(connection_.Query(sql, {organization_.value, mrn}, "find patient by mrn"),
             "no patient has this mrn in organization " + std::to_string(organization_.value));
}

Result<std::vector<Patient>> SqlitePatientRepository::List(const PatientQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return InvalidArgumentError("patient list limit must be 1 to 1000");
  }
  bool by_name = !query.family_name_prefix.empty();
  bool by_mrn = !query.mrn.empty();
  std::string pattern = by_name ? LikePrefix(AsciiLower(query.family_name_prefix)) : std::string();
  // Built per call but cached by text: one prepared statement per filter combination.
  std::string sql = ListSql(by_name, by_mrn);
  Result<Statement> statement = connection_.Query(
      sql,
      {organization_.value, query.after_id.value, pattern, query.mrn, std::int64_t{query.limit}},
      "list patients");
  if (!statement) return statement.error();
  return Collect(*statement);
}

Result<std::vector<Patient>> SqlitePatientRepository::Collect(Statement& statement) {
  std::vector<Patient> patients;
  for (;;) {
    Result<bool> row = statement.Step();
    if (!row) return row.error();
    if (!*row) return patients;
    Result<Patient> patient = ReadPatient(statement);
    if (!patient) return patient.error();
    patients.push_back(std::move(*patient));
  }
}

Result<Patient> SqlitePatientRepository::Update(const Patient& patient) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidatePatient(patient); !valid) return valid.error();
  std::string birth = patient.birth_date.ToString();
  std::string deceased;
  std::string fold = AsciiLower(patient.family_name);
  Result<Statement> update = connection_.Query(
      "UPDATE patients SET mrn = ?3, given_name = ?4, family_name = ?5, family_name_fold = ?6,"
      " birth_date = ?7, deceased_on = ?8, phone = ?9, email = ?10, address = ?11,"
      " version = version + 1 WHERE organization_id = ?1 AND id = ?2 AND version = ?12",
      {organization_.value, patient.id.value, patient.mrn, patient.given_name, patient.family_name,
       fold, birth, OptionalDate(patient.deceased_on, deceased), patient.phone, patient.email,
       patient.address, patient.version},
      "update patient");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return MrnTaken(done.error(), organization_);
  if (connection_.Changes() == 0) return UpdateMissed(patient.id);
  Patient stored = patient;
  stored.organization_id = organization_;
  stored.version = patient.version + 1;
  return stored;
}

Error SqlitePatientRepository::UpdateMissed(PatientId id) {
  Result<Patient> current = Find(id);
  if (!current) return current.error();
  return AbortedError("patient " + std::to_string(id.value) +
                      " was changed concurrently (stale version)");
}

Result<std::int64_t> SqlitePatientRepository::Count() {
  Result<Statement> query =
      connection_.Query("SELECT COUNT(*) FROM patients WHERE organization_id = ?1",
                        {organization_.value}, "count patients");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return InternalError("count patients: no row");
  return query->Int64(0);
}

}  // namespace roi::sqlite
