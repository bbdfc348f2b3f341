// PostgreSQL DisclosureRepository: every statement filters by the bound organization.
#include <map>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr int kMaxListLimit = 1000;
constexpr std::string_view kMinDate = "0001-01-01";
constexpr std::string_view kMaxDate = "9999-12-31";

Result<Date> ReadDate(const pqxx::field& field, std::string_view what) {
  Result<Date> date = Date::Parse(field.as<std::string>());
  if (!date) return InternalError("stored " + std::string(what) + " is not a date");
  return *date;
}

Result<DisclosureEntry> ReadDisclosure(const pqxx::row& row) {
  DisclosureEntry entry{.id = DisclosureId(row[0].as<std::int64_t>()),
                        .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                        .patient_id = PatientId(row[2].as<std::int64_t>()),
                        .request_id = std::nullopt,
                        .disclosed_on = {},
                        .recipient_name = row[5].as<std::string>(),
                        .recipient_address = row[6].as<std::string>(),
                        .description = row[7].as<std::string>(),
                        .purpose = row[8].as<std::string>(),
                        .released_by = UserId(row[9].as<std::int64_t>()),
                        .fee = Money::FromCents(row[11].as<std::int64_t>())};
  if (!row[3].is_null()) entry.request_id = RequestId(row[3].as<std::int64_t>());
  Result<Date> on = ReadDate(row[4], "disclosed_on");
  if (!on) return on.error();
  entry.disclosed_on = *on;
  Result<DisclosureMeans> means = ParseDisclosureMeans(row[10].as<std::string>());
  Result<DisclosureBasis> basis = ParseDisclosureBasis(row[12].as<std::string>());
  if (!means || !basis) {
    return InternalError("stored means or basis of disclosure " + std::to_string(entry.id.value) +
                         " is unknown");
  }
  entry.means = *means;
  entry.basis = *basis;
  return entry;
}

Result<AccountingSuspension> ReadSuspension(const pqxx::row& row) {
  AccountingSuspension suspension{.id = AccountingSuspensionId(row[0].as<std::int64_t>()),
                                  .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                                  .patient_id = std::nullopt,
                                  .agency_name = row[4].as<std::string>(),
                                  .official = row[5].as<std::string>(),
                                  .reason = row[9].as<std::string>(),
                                  .recorded_by = UserId(row[10].as<std::int64_t>())};
  if (!row[2].is_null()) suspension.patient_id = PatientId(row[2].as<std::int64_t>());
  Result<SuspendingAgency> kind = ParseSuspendingAgency(row[3].as<std::string>());
  Result<SuspensionStatement> statement = ParseSuspensionStatement(row[6].as<std::string>());
  if (!kind || !statement) return InternalError("stored suspension kind is unknown");
  suspension.agency_kind = *kind;
  suspension.statement = *statement;
  Result<Date> starts = ReadDate(row[7], "suspension starts_on");
  if (!starts) return starts.error();
  Result<Date> ends = ReadDate(row[8], "suspension ends_on");
  if (!ends) return ends.error();
  suspension.starts_on = *starts;
  suspension.ends_on = *ends;
  return suspension;
}

Result<AccountingRecord> ReadAccounting(const pqxx::row& row) {
  AccountingRecord record{.id = AccountingRecordId(row[0].as<std::int64_t>()),
                          .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                          .patient_id = PatientId(row[2].as<std::int64_t>()),
                          .requested_on = {},
                          .window = {},
                          .line_count = row[6].as<int>(),
                          .disclosure_count = row[7].as<int>(),
                          .fee_may_apply = row[8].as<bool>(),
                          .fee = Money::FromCents(row[9].as<std::int64_t>()),
                          .provided_by = UserId(row[10].as<std::int64_t>())};
  Result<Date> requested = ReadDate(row[3], "accounting requested_on");
  Result<Date> from = ReadDate(row[4], "accounting window_from");
  Result<Date> to = ReadDate(row[5], "accounting window_to");
  if (!requested || !from || !to) return InternalError("stored accounting date is not a date");
  record.requested_on = *requested;
  record.window = {.from = *from, .to = *to};
  return record;
}

template <typename T, typename Reader>
Result<std::vector<T>> Collect(const pqxx::result& rows, Reader read) {
  std::vector<T> out;
  for (const pqxx::row& row : rows) {
    Result<T> item = read(row);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
  return out;
}

Status CheckLimit(int limit, std::string_view what) {
  if (limit < 1 || limit > kMaxListLimit) {
    return InvalidArgumentError(std::string(what) + " limit must be 1 to 1000");
  }
  return OkStatus();
}

std::optional<std::int64_t> OptionalId(bool present, std::int64_t value) {
  if (!present) return std::nullopt;
  return value;
}

}  // namespace

Status PgDisclosureRepository::RequirePatient(PatientId id) {
  if (context_.Transaction()
          .exec_prepared("disclosure_patient_exists", organization_.value, id.value)
          .empty()) {
    return NotFoundError("patient " + std::to_string(id.value) + " not found");
  }
  return OkStatus();
}

Status PgDisclosureRepository::RequireUser(UserId id) {
  if (context_.Transaction()
          .exec_prepared("disclosure_user_exists", organization_.value, id.value)
          .empty()) {
    return NotFoundError("user " + std::to_string(id.value) + " not found");
  }
  return OkStatus();
}

Result<DisclosureEntry> PgDisclosureRepository::Insert(const DisclosureEntry& entry) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateDisclosure(entry); !valid) return valid.error();
  return context_.Run("insert disclosure", [&]() -> Result<DisclosureEntry> {
    if (Status ok = RequirePatient(entry.patient_id); !ok) return ok.error();
    if (Status ok = RequireUser(entry.released_by); !ok) return ok.error();
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "disclosure_insert", organization_.value, entry.patient_id.value,
        OptionalId(entry.request_id.has_value(), entry.request_id.value_or(RequestId()).value),
        entry.disclosed_on.ToString(), entry.recipient_name, entry.recipient_address,
        entry.description, entry.purpose, entry.released_by.value,
        std::string(DisclosureMeansName(entry.means)), entry.fee.Cents(),
        std::string(DisclosureBasisName(entry.basis)), IsAccountable(entry.basis));
    DisclosureEntry stored = entry;
    stored.id = DisclosureId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    return stored;
  });
}

Result<DisclosureEntry> PgDisclosureRepository::Find(DisclosureId id) {
  return context_.Run("find disclosure", [&]() -> Result<DisclosureEntry> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("disclosure_find", organization_.value, id.value);
    if (rows.empty()) return NotFoundError("disclosure " + std::to_string(id.value) + " not found");
    return ReadDisclosure(rows[0]);
  });
}

Result<std::vector<DisclosureEntry>> PgDisclosureRepository::ListForRequest(RequestId request) {
  return context_.Run("list disclosures of request", [&]() -> Result<std::vector<DisclosureEntry>> {
    return Collect<DisclosureEntry>(
        context_.Transaction().exec_prepared("disclosure_list_request", organization_.value,
                                             request.value),
        ReadDisclosure);
  });
}

Result<std::vector<DisclosureEntry>> PgDisclosureRepository::List(const DisclosureQuery& query) {
  if (!query.patient.IsSet()) return InvalidArgumentError("disclosure list needs a patient");
  if (Status ok = CheckLimit(query.limit, "disclosure list"); !ok) return ok.error();
  std::string from = query.from ? query.from->ToString() : std::string(kMinDate);
  std::string to = query.to ? query.to->ToString() : std::string(kMaxDate);
  std::string after_date = query.after ? query.after->disclosed_on.ToString() : from;
  std::int64_t after_id = query.after ? query.after->id.value : 0;
  return context_.Run("list disclosures", [&]() -> Result<std::vector<DisclosureEntry>> {
    return Collect<DisclosureEntry>(context_.Transaction().exec_prepared(
                                        "disclosure_list", organization_.value, query.patient.value,
                                        from, to, after_date, after_id, query.limit),
                                    ReadDisclosure);
  });
}

Result<std::vector<DisclosureVolume>> PgDisclosureRepository::CountByBasis(Date from, Date to) {
  return context_.Run("count disclosures by basis", [&]() -> Result<std::vector<DisclosureVolume>> {
    pqxx::result rows = context_.Transaction().exec_prepared(
        "disclosure_count_by_basis", organization_.value, from.ToString(), to.ToString());
    std::map<DisclosureBasis, std::int64_t> counts;
    for (const pqxx::row& row : rows) {
      Result<DisclosureBasis> basis = ParseDisclosureBasis(row[0].as<std::string>());
      if (!basis) return InternalError("stored basis of a disclosure is unknown");
      counts[*basis] = row[1].as<std::int64_t>();
    }
    std::vector<DisclosureVolume> volumes;
    for (DisclosureBasis basis : kAllDisclosureBases) {
      if (auto found = counts.find(basis); found != counts.end()) {
        volumes.push_back({.basis = basis, .count = found->second});
      }
    }
    return volumes;
  });
}

Result<AccountingSuspension> PgDisclosureRepository::InsertSuspension(
    const AccountingSuspension& suspension) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateSuspension(suspension); !valid) return valid.error();
  return context_.Run("insert accounting suspension", [&]() -> Result<AccountingSuspension> {
    if (suspension.patient_id) {
      if (Status ok = RequirePatient(*suspension.patient_id); !ok) return ok.error();
    }
    if (Status ok = RequireUser(suspension.recorded_by); !ok) return ok.error();
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "suspension_insert", organization_.value,
        OptionalId(suspension.patient_id.has_value(),
                   suspension.patient_id.value_or(PatientId()).value),
        std::string(SuspendingAgencyName(suspension.agency_kind)), suspension.agency_name,
        suspension.official, std::string(SuspensionStatementName(suspension.statement)),
        suspension.starts_on.ToString(), suspension.ends_on.ToString(), suspension.reason,
        suspension.recorded_by.value);
    AccountingSuspension stored = suspension;
    stored.id = AccountingSuspensionId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    return stored;
  });
}

Result<std::vector<AccountingSuspension>> PgDisclosureRepository::ListSuspensions(
    const SuspensionQuery& query) {
  if (Status ok = CheckLimit(query.limit, "suspension list"); !ok) return ok.error();
  return context_.Run(
      "list accounting suspensions", [&]() -> Result<std::vector<AccountingSuspension>> {
        pqxx::dbtransaction& tx = context_.Transaction();
        if (!query.in_force_on) {
          return Collect<AccountingSuspension>(
              tx.exec_prepared("suspension_list", organization_.value, query.after_id.value,
                               query.limit),
              ReadSuspension);
        }
        return Collect<AccountingSuspension>(
            tx.exec_prepared("suspension_list_in_force", organization_.value, query.after_id.value,
                             query.limit, query.in_force_on->ToString()),
            ReadSuspension);
      });
}

Result<AccountingRecord> PgDisclosureRepository::InsertAccounting(const AccountingRecord& record) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateAccountingRecord(record); !valid) return valid.error();
  return context_.Run("insert accounting", [&]() -> Result<AccountingRecord> {
    if (Status ok = RequirePatient(record.patient_id); !ok) return ok.error();
    if (Status ok = RequireUser(record.provided_by); !ok) return ok.error();
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "accounting_insert", organization_.value, record.patient_id.value,
        record.requested_on.ToString(), record.window.from.ToString(), record.window.to.ToString(),
        record.line_count, record.disclosure_count, record.fee_may_apply, record.fee.Cents(),
        record.provided_by.value);
    AccountingRecord stored = record;
    stored.id = AccountingRecordId(inserted[0][0].as<std::int64_t>());
    stored.organization_id = organization_;
    return stored;
  });
}

Result<std::vector<AccountingRecord>> PgDisclosureRepository::ListAccountings(PatientId patient,
                                                                              Date from, Date to) {
  return context_.Run("list accountings", [&]() -> Result<std::vector<AccountingRecord>> {
    return Collect<AccountingRecord>(
        context_.Transaction().exec_prepared("accounting_list", organization_.value, patient.value,
                                             from.ToString(), to.ToString()),
        ReadAccounting);
  });
}

}  // namespace roi::postgres
