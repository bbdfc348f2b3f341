// SQLite DisclosureRepository: every statement filters by the bound organization.
#include <map>
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr int kMaxListLimit = 1000;
constexpr std::string_view kMinDate = "0001-01-01";
constexpr std::string_view kMaxDate = "9999-12-31";

constexpr std::string_view kSelectDisclosure =
    "SELECT id, organization_id, patient_id, request_id, disclosed_on, recipient_name,"
    " recipient_address, description, purpose, released_by, means, fee_cents, basis"
    " FROM disclosures WHERE organization_id = ?1";

constexpr std::string_view kSelectSuspension =
    "SELECT id, organization_id, patient_id, agency_kind, agency_name, official, statement,"
    " starts_on, ends_on, reason, recorded_by FROM accounting_suspensions WHERE organization_id = "
    "?1";

Result<Date> ReadDate(const Statement& row, int column, std::string_view what) {
  Result<Date> date = Date::Parse(row.Text(column));
  if (!date) return InternalError("stored " + std::string(what) + " is not a date");
  return *date;
}

Result<DisclosureEntry> ReadDisclosure(const Statement& row) {
  DisclosureEntry entry{.id = DisclosureId(row.Int64(0)),
                        .organization_id = OrganizationId(row.Int64(1)),
                        .patient_id = PatientId(row.Int64(2)),
                        .request_id = std::nullopt,
                        .disclosed_on = {},
                        .recipient_name = row.Text(5),
                        .recipient_address = row.Text(6),
                        .description = row.Text(7),
                        .purpose = row.Text(8),
                        .released_by = UserId(row.Int64(9)),
                        .fee = Money::FromCents(row.Int64(11))};
  if (!row.IsNull(3)) entry.request_id = RequestId(row.Int64(3));
  Result<Date> on = ReadDate(row, 4, "disclosed_on");
  if (!on) return on.error();
  entry.disclosed_on = *on;
  Result<DisclosureMeans> means = ParseDisclosureMeans(row.Text(10));
  Result<DisclosureBasis> basis = ParseDisclosureBasis(row.Text(12));
  if (!means || !basis) {
    return InternalError("stored means or basis of disclosure " + std::to_string(entry.id.value) +
                         " is unknown");
  }
  entry.means = *means;
  entry.basis = *basis;
  return entry;
}

Result<AccountingSuspension> ReadSuspension(const Statement& row) {
  AccountingSuspension suspension{.id = AccountingSuspensionId(row.Int64(0)),
                                  .organization_id = OrganizationId(row.Int64(1)),
                                  .patient_id = std::nullopt,
                                  .agency_name = row.Text(4),
                                  .official = row.Text(5),
                                  .reason = row.Text(9),
                                  .recorded_by = UserId(row.Int64(10))};
  if (!row.IsNull(2)) suspension.patient_id = PatientId(row.Int64(2));
  Result<SuspendingAgency> kind = ParseSuspendingAgency(row.Text(3));
  Result<SuspensionStatement> statement = ParseSuspensionStatement(row.Text(6));
  if (!kind || !statement) return InternalError("stored suspension kind is unknown");
  suspension.agency_kind = *kind;
  suspension.statement = *statement;
  Result<Date> starts = ReadDate(row, 7, "suspension starts_on");
  if (!starts) return starts.error();
  Result<Date> ends = ReadDate(row, 8, "suspension ends_on");
  if (!ends) return ends.error();
  suspension.starts_on = *starts;
  suspension.ends_on = *ends;
  return suspension;
}

Result<AccountingRecord> ReadAccounting(const Statement& row) {
  AccountingRecord record{.id = AccountingRecordId(row.Int64(0)),
                          .organization_id = OrganizationId(row.Int64(1)),
                          .patient_id = PatientId(row.Int64(2)),
                          .requested_on = {},
                          .window = {},
                          .line_count = static_cast<int>(row.Int64(6)),
                          .disclosure_count = static_cast<int>(row.Int64(7)),
                          .fee_may_apply = row.Int64(8) != 0,
                          .fee = Money::FromCents(row.Int64(9)),
                          .provided_by = UserId(row.Int64(10))};
  Result<Date> requested = ReadDate(row, 3, "accounting requested_on");
  Result<Date> from = ReadDate(row, 4, "accounting window_from");
  Result<Date> to = ReadDate(row, 5, "accounting window_to");
  if (!requested || !from || !to) return InternalError("stored accounting date is not a date");
  record.requested_on = *requested;
  record.window = {.from = *from, .to = *to};
  return record;
}

template <typename T, typename Reader>
Result<std::vector<T>> Collect(Result<Statement> query, Reader read) {
  if (!query) return query.error();
  std::vector<T> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    Result<T> item = read(*query);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
}

// NotFound unless `table` has row `id` in `organization`.  `table` is a fixed identifier.
Status RequireRow(Connection& connection, std::string_view sql, OrganizationId organization,
                  std::int64_t id, std::string_view what) {
  Result<Statement> query = connection.Query(sql, {organization.value, id}, "check reference");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(std::string(what) + " " + std::to_string(id) + " not found");
  return OkStatus();
}

Status RequirePatient(Connection& connection, OrganizationId organization, PatientId id) {
  return RequireRow(connection, "SELECT 1 FROM patients WHERE organization_id = ?1 AND id = ?2",
                    organization, id.value, "patient");
}

Status RequireUser(Connection& connection, OrganizationId organization, UserId id) {
  return RequireRow(connection, "SELECT 1 FROM users WHERE organization_id = ?1 AND id = ?2",
                    organization, id.value, "user");
}

Status CheckLimit(int limit, std::string_view what) {
  if (limit < 1 || limit > kMaxListLimit) {
    return InvalidArgumentError(std::string(what) + " limit must be 1 to 1000");
  }
  return OkStatus();
}

}  // namespace

Result<DisclosureEntry> SqliteDisclosureRepository::Insert(const DisclosureEntry& entry) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateDisclosure(entry); !valid) return valid.error();
  if (Status ok = RequirePatient(connection_, organization_, entry.patient_id); !ok) {
    return ok.error();
  }
  if (Status ok = RequireUser(connection_, organization_, entry.released_by); !ok) {
    return ok.error();
  }
  std::string on = entry.disclosed_on.ToString();
  SqlParam request = nullptr;
  if (entry.request_id) request = entry.request_id->value;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO disclosures (organization_id, patient_id, request_id, disclosed_on,"
      " recipient_name, recipient_address, description, purpose, released_by, means, fee_cents,"
      " basis, accountable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
      {organization_.value, entry.patient_id.value, request, on, entry.recipient_name,
       entry.recipient_address, entry.description, entry.purpose, entry.released_by.value,
       DisclosureMeansName(entry.means), entry.fee.Cents(), DisclosureBasisName(entry.basis),
       std::int64_t{IsAccountable(entry.basis)}},
      "insert disclosure");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  DisclosureEntry stored = entry;
  stored.id = DisclosureId(connection_.LastInsertId());
  stored.organization_id = organization_;
  return stored;
}

Result<DisclosureEntry> SqliteDisclosureRepository::Find(DisclosureId id) {
  static const std::string sql = std::string(kSelectDisclosure) + " AND id = ?2";
  Result<std::vector<DisclosureEntry>> rows = Collect<DisclosureEntry>(
      connection_.Query(sql, {organization_.value, id.value}, "find disclosure"), ReadDisclosure);
  if (!rows) return rows.error();
  if (rows->empty()) return NotFoundError("disclosure " + std::to_string(id.value) + " not found");
  return rows->front();
}

Result<std::vector<DisclosureEntry>> SqliteDisclosureRepository::ListForRequest(RequestId request) {
  static const std::string sql =
      std::string(kSelectDisclosure) + " AND request_id = ?2 ORDER BY id";
  return Collect<DisclosureEntry>(
      connection_.Query(sql, {organization_.value, request.value}, "list disclosures of request"),
      ReadDisclosure);
}

Result<std::vector<DisclosureEntry>> SqliteDisclosureRepository::List(
    const DisclosureQuery& query) {
  if (!query.patient.IsSet()) return InvalidArgumentError("disclosure list needs a patient");
  if (Status ok = CheckLimit(query.limit, "disclosure list"); !ok) return ok.error();
  // (organization_id, patient_id, disclosed_on, id) is the index: a range scan from the cursor.
  static const std::string sql =
      std::string(kSelectDisclosure) +
      " AND patient_id = ?2 AND disclosed_on >= ?3 AND disclosed_on <= ?4"
      " AND (disclosed_on, id) > (?5, ?6) ORDER BY disclosed_on, id LIMIT ?7";
  std::string from = query.from ? query.from->ToString() : std::string(kMinDate);
  std::string to = query.to ? query.to->ToString() : std::string(kMaxDate);
  std::string after_date = query.after ? query.after->disclosed_on.ToString() : std::string();
  std::int64_t after_id = query.after ? query.after->id.value : 0;
  return Collect<DisclosureEntry>(
      connection_.Query(sql,
                        {organization_.value, query.patient.value, from, to, after_date, after_id,
                         std::int64_t{query.limit}},
                        "list disclosures"),
      ReadDisclosure);
}

Result<std::vector<DisclosureVolume>> SqliteDisclosureRepository::CountByBasis(Date from, Date to) {
  std::string first = from.ToString();
  std::string last = to.ToString();
  Result<Statement> query = connection_.Query(
      "SELECT basis, SUM(disclosures) FROM report_disclosures_daily WHERE organization_id = ?1"
      " AND disclosed_on >= ?2 AND disclosed_on <= ?3 GROUP BY basis HAVING SUM(disclosures) > 0",
      {organization_.value, first, last}, "count disclosures by basis");
  if (!query) return query.error();
  std::map<DisclosureBasis, std::int64_t> counts;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) break;
    Result<DisclosureBasis> basis = ParseDisclosureBasis(query->Text(0));
    if (!basis) return InternalError("stored basis of a disclosure is unknown");
    counts[*basis] = query->Int64(1);
  }
  std::vector<DisclosureVolume> volumes;
  for (DisclosureBasis basis : kAllDisclosureBases) {
    if (auto found = counts.find(basis); found != counts.end()) {
      volumes.push_back({.basis = basis, .count = found->second});
    }
  }
  return volumes;
}

Result<AccountingSuspension> SqliteDisclosureRepository::InsertSuspension(
    const AccountingSuspension& suspension) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateSuspension(suspension); !valid) return valid.error();
  if (suspension.patient_id) {
    if (Status ok = RequirePatient(connection_, organization_, *suspension.patient_id); !ok) {
      return ok.error();
    }
  }
  if (Status ok = RequireUser(connection_, organization_, suspension.recorded_by); !ok) {
    return ok.error();
  }
  std::string starts = suspension.starts_on.ToString();
  std::string ends = suspension.ends_on.ToString();
  SqlParam patient = nullptr;
  if (suspension.patient_id) patient = suspension.patient_id->value;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO accounting_suspensions (organization_id, patient_id, agency_kind, agency_name,"
      " official, statement, starts_on, ends_on, reason, recorded_by)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {organization_.value, patient, SuspendingAgencyName(suspension.agency_kind),
       suspension.agency_name, suspension.official, SuspensionStatementName(suspension.statement),
       starts, ends, suspension.reason, suspension.recorded_by.value},
      "insert accounting suspension");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  AccountingSuspension stored = suspension;
  stored.id = AccountingSuspensionId(connection_.LastInsertId());
  stored.organization_id = organization_;
  return stored;
}

Result<std::vector<AccountingSuspension>> SqliteDisclosureRepository::ListSuspensions(
    const SuspensionQuery& query) {
  if (Status ok = CheckLimit(query.limit, "suspension list"); !ok) return ok.error();
  static const std::string all =
      std::string(kSelectSuspension) + " AND id > ?2 ORDER BY id LIMIT ?3";
  static const std::string in_force =
      std::string(kSelectSuspension) +
      " AND id > ?2 AND starts_on <= ?4 AND ends_on >= ?4 ORDER BY id LIMIT ?3";
  std::string day = query.in_force_on ? query.in_force_on->ToString() : std::string();
  if (!query.in_force_on) {
    return Collect<AccountingSuspension>(
        connection_.Query(all,
                          {organization_.value, query.after_id.value, std::int64_t{query.limit}},
                          "list accounting suspensions"),
        ReadSuspension);
  }
  return Collect<AccountingSuspension>(
      connection_.Query(in_force,
                        {organization_.value, query.after_id.value, std::int64_t{query.limit}, day},
                        "list accounting suspensions"),
      ReadSuspension);
}

Result<AccountingRecord> SqliteDisclosureRepository::InsertAccounting(
    const AccountingRecord& record) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateAccountingRecord(record); !valid) return valid.error();
  if (Status ok = RequirePatient(connection_, organization_, record.patient_id); !ok) {
    return ok.error();
  }
  if (Status ok = RequireUser(connection_, organization_, record.provided_by); !ok) {
    return ok.error();
  }
  std::string requested = record.requested_on.ToString();
  std::string from = record.window.from.ToString();
  std::string to = record.window.to.ToString();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO accountings (organization_id, patient_id, requested_on, window_from,"
      " window_to, line_count, disclosure_count, fee_may_apply, fee_cents, provided_by)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {organization_.value, record.patient_id.value, requested, from, to,
       std::int64_t{record.line_count}, std::int64_t{record.disclosure_count},
       std::int64_t{record.fee_may_apply}, record.fee.Cents(), record.provided_by.value},
      "insert accounting");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  AccountingRecord stored = record;
  stored.id = AccountingRecordId(connection_.LastInsertId());
  stored.organization_id = organization_;
  return stored;
}

Result<std::vector<AccountingRecord>> SqliteDisclosureRepository::ListAccountings(PatientId patient,
                                                                                  Date from,
                                                                                  Date to) {
  std::string first = from.ToString();
  std::string last = to.ToString();
  return Collect<AccountingRecord>(
      connection_.Query(
          "SELECT id, organization_id, patient_id, requested_on, window_from, window_to,"
          " line_count, disclosure_count, fee_may_apply, fee_cents, provided_by FROM accountings"
          " WHERE organization_id = ?1 AND patient_id = ?2 AND requested_on >= ?3"
          " AND requested_on <= ?4 ORDER BY requested_on, id",
          {organization_.value, patient.value, first, last}, "list accountings"),
      ReadAccounting);
}

}  // namespace roi::sqlite
