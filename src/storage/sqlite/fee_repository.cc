// SQLite FeeSettingsRepository: the organization's fee settings (one row) and the actual costs
// of its requests (one row per request); every statement filters by the bound organization, and
// a write names the version it read (optimistic concurrency).
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

SqlParam Optional(const std::optional<std::int64_t>& value) {
  if (!value) return nullptr;
  return *value;
}

std::optional<std::int64_t> OptionalColumn(const Statement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int64(column);
}

}  // namespace

Result<FeeSettings> SqliteFeeRepository::Get() {
  Result<Statement> found = connection_.Query(
      "SELECT patient_electronic, flat_cents, labor_rate_cents_per_hour, supplies_cents,"
      " postage_cents, version FROM fee_settings WHERE organization_id = ?1",
      {organization_.value}, "read fee settings");
  if (!found) return found.error();
  Result<bool> row = found->Step();
  if (!row) return row.error();
  if (!*row) return FeeSettings{};
  Result<PatientElectronicFee> policy = ParsePatientElectronicFee(found->Text(0));
  if (!policy) return InternalError("stored fee settings have a bad patient_electronic");
  return FeeSettings{.patient_electronic = *policy,
                     .flat_cents = found->Int64(1),
                     .labor_rate_cents_per_hour = found->Int64(2),
                     .supplies_cents = found->Int64(3),
                     .postage_cents = found->Int64(4),
                     .version = found->Int64(5)};
}

Result<FeeSettings> SqliteFeeRepository::Put(const FeeSettings& s) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateFeeSettings(s); !valid) return valid.error();
  std::string policy(PatientElectronicFeeName(s.patient_electronic));
  Result<Statement> write =
      s.version == 0
          ? connection_.Query(
                "INSERT INTO fee_settings (organization_id, patient_electronic, flat_cents,"
                " labor_rate_cents_per_hour, supplies_cents, postage_cents, version)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) ON CONFLICT (organization_id) DO NOTHING",
                {organization_.value, policy, s.flat_cents, s.labor_rate_cents_per_hour,
                 s.supplies_cents, s.postage_cents},
                "insert fee settings")
          : connection_.Query(
                "UPDATE fee_settings SET patient_electronic = ?2, flat_cents = ?3,"
                " labor_rate_cents_per_hour = ?4, supplies_cents = ?5, postage_cents = ?6,"
                " version = version + 1 WHERE organization_id = ?1 AND version = ?7",
                {organization_.value, policy, s.flat_cents, s.labor_rate_cents_per_hour,
                 s.supplies_cents, s.postage_cents, s.version},
                "update fee settings");
  if (!write) return write.error();
  if (Status done = write->Run(); !done) return done.error();
  if (connection_.Changes() == 0) {
    return AbortedError("the fee settings were changed concurrently (stale version)");
  }
  FeeSettings stored = s;
  stored.version = s.version + 1;
  return stored;
}

Result<std::optional<RequestCosts>> SqliteFeeRepository::FindCosts(RequestId request) {
  Result<Statement> found = connection_.Query(
      "SELECT labor_minutes, supplies_cents, postage_cents, recorded_by, recorded_micros, version"
      " FROM request_costs WHERE organization_id = ?1 AND request_id = ?2",
      {organization_.value, request.value}, "read request costs");
  if (!found) return found.error();
  Result<bool> row = found->Step();
  if (!row) return row.error();
  if (!*row) return std::optional<RequestCosts>();
  return std::optional<RequestCosts>(
      RequestCosts{.request_id = request,
                   .labor_minutes = found->Int64(0),
                   .supplies_cents = OptionalColumn(*found, 1),
                   .postage_cents = OptionalColumn(*found, 2),
                   .recorded_by = found->IsNull(3) ? UserId() : UserId(found->Int64(3)),
                   .recorded_micros = found->Int64(4),
                   .version = found->Int64(5)});
}

Result<RequestCosts> SqliteFeeRepository::PutCosts(const RequestCosts& c) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateRequestCosts(c); !valid) return valid.error();
  Result<Statement> exists =
      connection_.Query("SELECT 1 FROM requests WHERE organization_id = ?1 AND id = ?2",
                        {organization_.value, c.request_id.value}, "find request");
  if (!exists) return exists.error();
  Result<bool> row = exists->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError("request " + std::to_string(c.request_id.value) + " not found");
  SqlParam recorded_by = nullptr;
  if (c.recorded_by.IsSet()) recorded_by = c.recorded_by.value;
  Result<Statement> write =
      c.version == 0 ? connection_.Query(
                           "INSERT INTO request_costs (organization_id, request_id, labor_minutes,"
                           " supplies_cents, postage_cents, recorded_by, recorded_micros, version)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)"
                           " ON CONFLICT (organization_id, request_id) DO NOTHING",
                           {organization_.value, c.request_id.value, c.labor_minutes,
                            Optional(c.supplies_cents), Optional(c.postage_cents), recorded_by,
                            c.recorded_micros},
                           "insert request costs")
                     : connection_.Query(
                           "UPDATE request_costs SET labor_minutes = ?3, supplies_cents = ?4,"
                           " postage_cents = ?5, recorded_by = ?6, recorded_micros = ?7,"
                           " version = version + 1"
                           " WHERE organization_id = ?1 AND request_id = ?2 AND version = ?8",
                           {organization_.value, c.request_id.value, c.labor_minutes,
                            Optional(c.supplies_cents), Optional(c.postage_cents), recorded_by,
                            c.recorded_micros, c.version},
                           "update request costs");
  if (!write) return write.error();
  if (Status done = write->Run(); !done) return done.error();
  if (connection_.Changes() == 0) {
    return AbortedError("the costs of request " + std::to_string(c.request_id.value) +
                        " were changed concurrently (stale version)");
  }
  RequestCosts stored = c;
  stored.version = c.version + 1;
  return stored;
}

}  // namespace roi::sqlite
