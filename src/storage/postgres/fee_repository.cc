// PostgreSQL FeeSettingsRepository: the organization's fee settings (one row) and the actual
// costs of its requests (one row per request); every statement passes the bound organization as
// $1 and filters by it, and a write names the version it read (optimistic concurrency).
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

std::optional<std::int64_t> OptionalColumn(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::int64_t>();
}

}  // namespace

Result<FeeSettings> PgFeeRepository::Get() {
  return context_.Run("read fee settings", [&]() -> Result<FeeSettings> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT patient_electronic, flat_cents, labor_rate_cents_per_hour, supplies_cents,"
        " postage_cents, version FROM fee_settings WHERE organization_id = $1",
        organization_.value);
    if (rows.empty()) return FeeSettings{};
    const pqxx::row& row = rows[0];
    Result<PatientElectronicFee> policy = ParsePatientElectronicFee(row[0].as<std::string>());
    if (!policy) return InternalError("stored fee settings have a bad patient_electronic");
    return FeeSettings{.patient_electronic = *policy,
                       .flat_cents = row[1].as<std::int64_t>(),
                       .labor_rate_cents_per_hour = row[2].as<std::int64_t>(),
                       .supplies_cents = row[3].as<std::int64_t>(),
                       .postage_cents = row[4].as<std::int64_t>(),
                       .version = row[5].as<std::int64_t>()};
  });
}

Result<FeeSettings> PgFeeRepository::Put(const FeeSettings& s) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateFeeSettings(s); !valid) return valid.error();
  std::string policy(PatientElectronicFeeName(s.patient_electronic));
  Result<bool> written = context_.Run("write fee settings", [&]() -> Result<bool> {
    pqxx::result rows =
        s.version == 0
            ? context_.Transaction().exec_params(
                  "INSERT INTO fee_settings (organization_id, patient_electronic, flat_cents,"
                  " labor_rate_cents_per_hour, supplies_cents, postage_cents, version)"
                  " VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (organization_id) DO NOTHING"
                  " RETURNING version",
                  organization_.value, policy, s.flat_cents, s.labor_rate_cents_per_hour,
                  s.supplies_cents, s.postage_cents)
            : context_.Transaction().exec_params(
                  "UPDATE fee_settings SET patient_electronic = $2, flat_cents = $3,"
                  " labor_rate_cents_per_hour = $4, supplies_cents = $5, postage_cents = $6,"
                  " version = version + 1 WHERE organization_id = $1 AND version = $7"
                  " RETURNING version",
                  organization_.value, policy, s.flat_cents, s.labor_rate_cents_per_hour,
                  s.supplies_cents, s.postage_cents, s.version);
    return !rows.empty();
  });
  if (!written) return written.error();
  if (!*written) return AbortedError("the fee settings were changed concurrently (stale version)");
  FeeSettings stored = s;
  stored.version = s.version + 1;
  return stored;
}

Result<std::optional<RequestCosts>> PgFeeRepository::FindCosts(RequestId request) {
  return context_.Run("read request costs", [&]() -> Result<std::optional<RequestCosts>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT labor_minutes, supplies_cents, postage_cents, recorded_by, recorded_micros,"
        " version FROM request_costs WHERE organization_id = $1 AND request_id = $2",
        organization_.value, request.value);
    if (rows.empty()) return std::optional<RequestCosts>();
    const pqxx::row& row = rows[0];
    return std::optional<RequestCosts>(
        RequestCosts{.request_id = request,
                     .labor_minutes = row[0].as<std::int64_t>(),
                     .supplies_cents = OptionalColumn(row[1]),
                     .postage_cents = OptionalColumn(row[2]),
                     .recorded_by = row[3].is_null() ? UserId() : UserId(row[3].as<std::int64_t>()),
                     .recorded_micros = row[4].as<std::int64_t>(),
                     .version = row[5].as<std::int64_t>()});
  });
}

Result<RequestCosts> PgFeeRepository::PutCosts(const RequestCosts& c) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateRequestCosts(c); !valid) return valid.error();
  Result<bool> exists = context_.Run("find request", [&]() -> Result<bool> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT 1 FROM requests WHERE organization_id = $1 AND id = $2", organization_.value,
        c.request_id.value);
    return !rows.empty();
  });
  if (!exists) return exists.error();
  if (!*exists) {
    return NotFoundError("request " + std::to_string(c.request_id.value) + " not found");
  }
  std::optional<std::int64_t> recorded_by;
  if (c.recorded_by.IsSet()) recorded_by = c.recorded_by.value;
  Result<bool> written = context_.Run("write request costs", [&]() -> Result<bool> {
    pqxx::result rows =
        c.version == 0
            ? context_.Transaction().exec_params(
                  "INSERT INTO request_costs (organization_id, request_id, labor_minutes,"
                  " supplies_cents, postage_cents, recorded_by, recorded_micros, version)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, 1)"
                  " ON CONFLICT (organization_id, request_id) DO NOTHING RETURNING version",
                  organization_.value, c.request_id.value, c.labor_minutes, c.supplies_cents,
                  c.postage_cents, recorded_by, c.recorded_micros)
            : context_.Transaction().exec_params(
                  "UPDATE request_costs SET labor_minutes = $3, supplies_cents = $4,"
                  " postage_cents = $5, recorded_by = $6, recorded_micros = $7,"
                  " version = version + 1"
                  " WHERE organization_id = $1 AND request_id = $2 AND version = $8"
                  " RETURNING version",
                  organization_.value, c.request_id.value, c.labor_minutes, c.supplies_cents,
                  c.postage_cents, recorded_by, c.recorded_micros, c.version);
    return !rows.empty();
  });
  if (!written) return written.error();
  if (!*written) {
    return AbortedError("the costs of request " + std::to_string(c.request_id.value) +
                        " were changed concurrently (stale version)");
  }
  RequestCosts stored = c;
  stored.version = c.version + 1;
  return stored;
}

}  // namespace roi::postgres
