#include "scale_data.h"

#include <array>
#include <chrono>
#include <utility>

#include "domain/disclosure.h"
#include "domain/invoice.h"
#include "domain/release_request.h"

namespace roi::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array<const char*, 26> kStems = {
    "Alpha",  "Bravo", "Charlie", "Delta",  "Echo",     "Foxtrot", "Golf",   "Hotel",  "India",
    "Juliet", "Kilo",  "Lima",    "Mike",   "November", "Oscar",   "Papa",   "Quebec", "Romeo",
    "Sierra", "Tango", "Uniform", "Victor", "Whiskey",  "Xray",    "Yankee", "Zulu"};

// Requester roles by share of requests (percent): the spread an ROI desk sees.
constexpr std::array<std::pair<const char*, int>, 7> kRoles = {{{"attorney", 30},
                                                                {"patient", 25},
                                                                {"insurer", 20},
                                                                {"provider", 15},
                                                                {"personal_representative", 5},
                                                                {"government", 3},
                                                                {"researcher", 2}}};

constexpr std::array<const char*, 6> kChannels = {"portal", "mail",    "fax",
                                                  "email",  "walk_in", "api"};

// Receipts spread over six years; a request older than this many days is finished (bar a few).
constexpr std::int64_t kSpanDays = 6 * 365;
constexpr std::int64_t kOpenWindowDays = 45;

// SQL that differs between the two dialects.
class SqlDialect {
 public:
  explicit SqlDialect(Dialect kind) : sqlite_(kind == Dialect::kSqlite) {}
  // "WITH s(i) AS (...)": the integers 0..n-1.  Further CTEs follow after a comma.
  std::string Series(std::int64_t n) const {
    std::string last = std::to_string(n - 1);
    if (sqlite_) {
      return "WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < " + last +
             ")";
    }
    return "WITH s(i) AS (SELECT generate_series(CAST(0 AS bigint), " + last + "))";
  }
  // The date `days` after 1970-01-01, as the column type stores it.
  std::string DateOf(const std::string& days) const {
    if (sqlite_) return "date(2440587.5 + (" + days + "))";
    return "(DATE '1970-01-01' + CAST((" + days + ") AS integer))";
  }
  std::string YearOf(const std::string& days) const {
    if (sqlite_) return "substr(date(2440587.5 + (" + days + ")), 1, 4)";
    return "to_char(DATE '1970-01-01' + CAST((" + days + ") AS integer), 'YYYY')";
  }
  std::string Pad7(const std::string& value) const {
    if (sqlite_) return "printf('%07d', " + value + ")";
    return "lpad(CAST(" + value + " AS text), 7, '0')";
  }
  std::string Letter(const std::string& index) const {
    if (sqlite_) return "char(97 + (" + index + "))";
    return "chr(CAST(97 + (" + index + ") AS integer))";
  }
  std::string BoolType() const { return sqlite_ ? "INTEGER" : "boolean"; }
  std::string Bool(bool value) const {
    if (sqlite_) return value ? "1" : "0";
    return value ? "true" : "false";
  }
  std::string NoDue() const { return sqlite_ ? "'9999-12-31'" : "DATE '9999-12-31'"; }
  bool Sqlite() const { return sqlite_; }

 private:
  bool sqlite_;
};

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string N(std::int64_t value) { return std::to_string(value); }

// Runs `sql`, timing it as `phase` with `rows` rows.
class Phases {
 public:
  Phases(BulkSql& bulk, const std::function<void(const PhaseTime&)>& progress)
      : bulk_(bulk), progress_(progress) {}
  Status Run(const std::string& phase, const std::string& sql, std::int64_t rows) {
    Clock::time_point start = Clock::now();
    if (Status done = bulk_.Exec(sql); !done) {
      return InternalError(phase + ": " + done.error().ToString());
    }
    progress_({.phase = phase,
               .seconds = std::chrono::duration<double>(Clock::now() - start).count(),
               .rows = rows});
    return OkStatus();
  }

 private:
  BulkSql& bulk_;
  const std::function<void(const PhaseTime&)>& progress_;
};

// The secondary indexes of `table` that no constraint owns, as (name, CREATE statement).
Result<std::vector<std::pair<std::string, std::string>>> SecondaryIndexes(
    BulkSql& bulk, const SqlDialect& sql, const std::string& table) {
  std::string query =
      sql.Sqlite()
          ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            " AND tbl_name = " +
                Quote(table)
          : "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            " AND tablename = " +
                Quote(table) +
                " AND indexname NOT IN (SELECT conname FROM pg_constraint"
                " WHERE conrelid = CAST(" +
                Quote(table) + " AS regclass))";
  Result<std::vector<std::vector<std::string>>> rows = bulk.Rows(query);
  if (!rows) return rows.error();
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::vector<std::string>& row : *rows) out.emplace_back(row[0], row[1]);
  return out;
}

// The shared CTEs of the request rows: q(i, age, h, k, rday, state) after `Series`.
std::string RequestCte(const SqlDialect& sql, const ScaleSpec& spec) {
  std::string n = N(spec.requests);
  std::string today = N(spec.today.DaysSinceEpoch());
  return sql.Series(spec.requests) + ", g(i, age, h, k) AS (SELECT i, (" + n + " - 1 - i) * " +
         N(kSpanDays) + " / " + n + ", (i * 2654435761) % 1000, (i * 104729) % " +
         N(spec.requesters) + " FROM s), q(i, age, h, k, rday, state) AS (SELECT i, age, h, k, " +
         today + " - age, CASE WHEN age > " + N(kOpenWindowDays) +
         " THEN (CASE WHEN h < 700 THEN 'released' WHEN h < 840 THEN 'closed'"
         " WHEN h < 920 THEN 'denied' WHEN h < 997 THEN 'cancelled' WHEN h < 999 THEN 'on_hold'"
         " ELSE 'pending_information' END)"
         " ELSE (CASE WHEN age <= 1 AND h < 600 THEN 'received' WHEN h < 50 THEN 'received'"
         " WHEN h < 200 THEN 'verifying' WHEN h < 280 THEN 'pending_information'"
         " WHEN h < 480 THEN 'retrieving' WHEN h < 620 THEN 'in_review'"
         " WHEN h < 720 THEN 'awaiting_payment' WHEN h < 800 THEN 'ready_to_release'"
         " WHEN h < 840 THEN 'on_hold' WHEN h < 960 THEN 'released' ELSE 'denied' END) END"
         " FROM g)";
}

std::string LookupTables(const SqlDialect& sql, const ScaleData& data) {
  std::string out =
      "CREATE TEMP TABLE bench_roles (slot bigint PRIMARY KEY, name text NOT NULL);"
      "CREATE TEMP TABLE bench_users (slot bigint PRIMARY KEY, id bigint NOT NULL);"
      "CREATE TEMP TABLE bench_facilities (slot bigint PRIMARY KEY, id bigint NOT NULL);"
      "CREATE TEMP TABLE bench_channels (slot bigint PRIMARY KEY, name text NOT NULL);"
      "CREATE TEMP TABLE bench_means (slot bigint PRIMARY KEY, name text NOT NULL);"
      "CREATE TEMP TABLE bench_stems (slot bigint PRIMARY KEY, name text NOT NULL);"
      "CREATE TEMP TABLE bench_bases (slot bigint PRIMARY KEY, name text NOT NULL,"
      " accountable " +
      sql.BoolType() + " NOT NULL);";
  auto values = [](const std::string& table, const std::vector<std::string>& rows) {
    std::string insert = "INSERT INTO " + table + " VALUES ";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      insert += (i == 0 ? "(" : ", (") + std::to_string(i) + ", " + rows[i] + ")";
    }
    return insert + ";";
  };
  std::vector<std::string> roles;
  for (const auto& [role, share] : kRoles) {
    for (int i = 0; i < share; ++i) roles.push_back(Quote(role));
  }
  out += values("bench_roles", roles);
  std::vector<std::string> users, facilities, channels, means, stems, bases;
  for (UserId user : data.users) users.push_back(N(user.value));
  for (FacilityId facility : data.facilities) facilities.push_back(N(facility.value));
  for (const char* channel : kChannels) channels.push_back(Quote(channel));
  for (DisclosureMeans m : kAllDisclosureMeans) means.push_back(Quote(DisclosureMeansName(m)));
  for (const char* stem : kStems) stems.push_back(Quote(stem));
  // 70 of 100 disclosures on bases the accounting leaves out (treatment, payment, operations,
  // to the individual, authorization), 30 spread over the accountable bases.
  const std::array<std::pair<DisclosureBasis, int>, 5> excluded = {
      {{DisclosureBasis::kTreatment, 25},
       {DisclosureBasis::kPayment, 20},
       {DisclosureBasis::kHealthCareOperations, 10},
       {DisclosureBasis::kToIndividual, 8},
       {DisclosureBasis::kAuthorization, 7}}};
  for (const auto& [basis, share] : excluded) {
    for (int i = 0; i < share; ++i) {
      bases.push_back(Quote(DisclosureBasisName(basis)) + ", " + sql.Bool(IsAccountable(basis)));
    }
  }
  std::vector<DisclosureBasis> accountable;
  for (DisclosureBasis basis : kAllDisclosureBases) {
    if (IsAccountable(basis)) accountable.push_back(basis);
  }
  for (std::size_t i = 0; bases.size() < 100; ++i) {
    DisclosureBasis basis = accountable[i % accountable.size()];
    bases.push_back(Quote(DisclosureBasisName(basis)) + ", " + sql.Bool(true));
  }
  out += values("bench_users", users) + values("bench_facilities", facilities) +
         values("bench_channels", channels) + values("bench_means", means) +
         values("bench_stems", stems) + values("bench_bases", bases);
  return out;
}

std::string FactsLiteral() {
  RequestFacts facts{.basis = "authorization",
                     .purpose = "litigation",
                     .medium = "mail",
                     .written = true,
                     .is_signed = true,
                     .recipient_named = true,
                     .destination_named = true,
                     .identity_verified = true,
                     .scope = {.all_records = true}};
  return Quote(EncodeRequestFacts(facts));
}

// A stand-in for the stored decision document, of a typical size (about 1.5 KB).
std::string DecisionLiteral() {
  std::string json = R"({"schema":"openroi.decision/1","synthetic":true,"outcome":"release",)"
                     R"("documents":[)";
  for (int i = 0; i < 20; ++i) {
    json += std::string(i == 0 ? "" : ",") + R"({"id":)" + std::to_string(i + 1) +
            R"(,"outcome":"release","reasons":["in_scope"]})";
  }
  json += R"(],"fee":{"basis":"hipaa_flat","max_cents":650},"due_on_days":30})";
  return Quote(json);
}

Result<ScaleData> CreateReferenceRows(Store& store, const ScaleSpec& spec) {
  ScaleData data;
  data.spec = spec;
  Status made = store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) -> Status {
    Result<Organization> organization = tx.Organizations().Insert(
        {.name = "Scale Benchmark Health (synthetic)", .slug = spec.slug, .state = "CA"});
    if (!organization) return organization.error();
    data.organization = organization->id;
    return OkStatus();
  });
  if (!made) return made.error();
  made = store.InTransaction(data.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    for (int f = 0; f < spec.facilities; ++f) {
      Result<Facility> facility =
          tx.Facilities().Insert({.name = "Synthetic Facility " + std::to_string(f + 1)});
      if (!facility) return facility.error();
      data.facilities.push_back(facility->id);
    }
    for (int u = 0; u < spec.users; ++u) {
      Result<User> user =
          tx.Users().Insert({.email = "specialist" + std::to_string(u + 1) + "@scale.example.test",
                             .display_name = "Synthetic Specialist " + std::to_string(u + 1),
                             .role = Role::kRoiSpecialist,
                             .password_hash = "synthetic-no-sign-in",
                             .release_authorized = true});
      if (!user) return user.error();
      data.users.push_back(user->id);
    }
    return OkStatus();
  });
  if (!made) return made.error();
  return data;
}

}  // namespace

std::string SyntheticFamilyName(std::int64_t k) {
  std::string name = kStems[static_cast<std::size_t>(k % 26)];
  for (std::int64_t d = 26; d <= 26 * 26 * 26; d *= 26) {
    name += static_cast<char>('a' + (k / d) % 26);
  }
  return name;
}

std::string SyntheticMrn(std::int64_t k) {
  std::string digits = std::to_string(k);
  return "SYN" + std::string(digits.size() < 7 ? 7 - digits.size() : 0, '0') + digits;
}

Result<ScaleData> GenerateScaleData(Store& store, BulkSql& bulk, const ScaleSpec& spec,
                                    const std::function<void(const PhaseTime&)>& progress) {
  if (spec.requests < 1 || spec.patients < 1 || spec.disclosures < 0 || spec.requesters < 1 ||
      spec.users < 1 || spec.facilities < 1) {
    return InvalidArgumentError("scale sizes must be positive");
  }
  Clock::time_point start = Clock::now();
  Result<ScaleData> made = CreateReferenceRows(store, spec);
  if (!made) return made.error();
  ScaleData data = std::move(*made);
  progress({.phase = "reference rows (repositories)",
            .seconds = std::chrono::duration<double>(Clock::now() - start).count(),
            .rows = spec.facilities + spec.users + 1});

  SqlDialect sql(bulk.Kind());
  Result<std::int64_t> patient_base = bulk.Int("SELECT COALESCE(MAX(id), 0) + 1 FROM patients");
  Result<std::int64_t> requester_base = bulk.Int("SELECT COALESCE(MAX(id), 0) + 1 FROM requesters");
  Result<std::int64_t> request_base = bulk.Int("SELECT COALESCE(MAX(id), 0) + 1 FROM requests");
  Result<std::int64_t> disclosure_base =
      bulk.Int("SELECT COALESCE(MAX(id), 0) + 1 FROM disclosures");
  Result<std::int64_t> invoice_base = bulk.Int("SELECT COALESCE(MAX(id), 0) + 1 FROM invoices");
  for (const Result<std::int64_t>* base :
       {&patient_base, &requester_base, &request_base, &disclosure_base, &invoice_base}) {
    if (!*base) return base->error();
  }
  data.first_patient = *patient_base;
  data.first_request = *request_base;
  const std::string org = N(data.organization.value);
  const std::string today = N(spec.today.DaysSinceEpoch());
  const std::string users = N(spec.users);
  const std::string pbase = N(*patient_base);
  const std::string patients = N(spec.patients);
  const std::string rbase = N(*request_base);

  Phases phases(bulk, progress);
  std::string begin = "BEGIN";
  if (!sql.Sqlite()) {
    // Superuser only: skip the foreign-key triggers for the load (the generator's ids are
    // consistent by construction; tests/unit/scale checks them on a small run).  Ignored when
    // the role may not.
    (void)bulk.Exec("SET session_replication_role = replica");
    (void)bulk.Exec("SET maintenance_work_mem = '512MB'");
    (void)bulk.Exec("SET synchronous_commit = off");
  }
  if (Status begun = bulk.Exec(begin); !begun) return begun.error();
  auto fail = [&](const Status& status) -> Result<ScaleData> {
    (void)bulk.Exec("ROLLBACK");
    return status.error();
  };

  std::vector<std::pair<std::string, std::string>> dropped;
  for (const char* table : {"requests", "disclosures", "request_transitions", "patients"}) {
    Result<std::vector<std::pair<std::string, std::string>>> indexes =
        SecondaryIndexes(bulk, sql, table);
    if (!indexes) return fail(indexes.error());
    for (const auto& index : *indexes) {
      if (Status gone = bulk.Exec("DROP INDEX " + index.first); !gone) return fail(gone);
      dropped.push_back(index);
    }
  }
  if (Status s = phases.Run("lookup tables", LookupTables(sql, data), 0); !s) return fail(s);

  std::string family = "st.name || " + sql.Letter("(i / 26) % 26") + " || " +
                       sql.Letter("(i / 676) % 26") + " || " + sql.Letter("(i / 17576) % 26");
  Status s = phases.Run(
      "patients",
      sql.Series(spec.patients) +
          " INSERT INTO patients (id, organization_id, mrn, given_name, family_name,"
          " family_name_fold, birth_date, deceased_on, phone, email, address, version)"
          " SELECT " +
          pbase + " + i, " + org + ", 'SYN' || " + sql.Pad7("i") + ", 'Testpatient', " + family +
          ", lower(" + family + "), " + sql.DateOf(today + " - 365 - (i * 7919) % 32000") +
          ", CASE WHEN i % 200 = 0 THEN " + sql.DateOf(today + " - i % 300") +
          " ELSE NULL END, '555-0100', '', '100 Example Street, Testville', 1"
          " FROM s JOIN bench_stems st ON st.slot = i % 26",
      spec.patients);
  if (!s) return fail(s);

  s = phases.Run(
      "requesters",
      sql.Series(spec.requesters) +
          " INSERT INTO requesters (id, organization_id, role, name, organization,"
          " email, phone, address, npi, version) SELECT " +
          N(*requester_base) + " + i, " + org +
          ", ro.name, 'Synthetic Requester ' || i, 'Example Records Office ' || (i % 97),"
          " 'requester' || i || '@example.test', '555-0199',"
          " '200 Example Avenue, Testville', '', 1"
          " FROM s JOIN bench_roles ro ON ro.slot = i % 100",
      spec.requesters);
  if (!s) return fail(s);

  std::string no_due = "h % 50 = 7";
  std::string due = sql.DateOf("rday + 30");
  s = phases.Run(
      "requests",
      RequestCte(sql, spec) +
          " INSERT INTO requests (id, organization_id, number, patient_id, requester_id,"
          " requester_role, facility_id, channel, priority, received_on, received_micros, facts,"
          " state, held_from, assignee_id, decision, decision_json, due_on, due_key, version)"
          " SELECT " +
          rbase + " + i, " + org + ", 'R-' || " + sql.YearOf("rday") + " || '-' || " +
          sql.Pad7("i + 1") + ", " + pbase + " + (i * 7919) % " + patients + ", " +
          N(*requester_base) +
          " + k, ro.name, CASE WHEN i % 20 = 0 THEN NULL ELSE fa.id END, ch.name,"
          " CASE WHEN i % 10 = 0 THEN 'urgent' ELSE 'routine' END, " +
          sql.DateOf("rday") + ", rday * 86400000000 + 28800000000 + (i % 28800) * 1000000, " +
          FactsLiteral() +
          ", state, CASE WHEN state = 'on_hold' THEN 'retrieving' ELSE NULL END,"
          " CASE WHEN state = 'received' OR h % 10 = 0 THEN NULL ELSE us.id END,"
          " CASE WHEN state IN ('received', 'verifying') THEN 'none' WHEN state = 'denied' THEN"
          " 'deny' WHEN state = 'pending_information' THEN 'pend' ELSE 'release' END,"
          " CASE WHEN state IN ('received', 'verifying') THEN '' ELSE " +
          DecisionLiteral() + " END, CASE WHEN " + no_due + " THEN NULL ELSE " + due +
          " END, CASE WHEN " + no_due + " THEN " + sql.NoDue() + " ELSE " + due +
          " END, 1"
          " FROM q JOIN bench_roles ro ON ro.slot = k % 100"
          " JOIN bench_facilities fa ON fa.slot = i % " +
          N(spec.facilities) + " JOIN bench_channels ch ON ch.slot = i % 6" +
          " JOIN bench_users us ON us.slot = (i * 31) % " + users,
      spec.requests);
  if (!s) return fail(s);

  // The completion of every released or denied request, which the turnaround report reads.
  std::string done_micros =
      "(rday + h % (CASE WHEN age < 40 THEN age + 1 ELSE 40 END)) * 86400000000 + 50400000000";
  s = phases.Run("completion transitions",
                 RequestCte(sql, spec) +
                     " INSERT INTO request_transitions (organization_id, request_id, action,"
                     " from_state, to_state, actor_id, at_micros, idempotency_key, note) SELECT " +
                     org + ", " + rbase +
                     " + i, CASE WHEN state = 'released' THEN 'release' ELSE 'deny' END,"
                     " CASE WHEN state = 'released' THEN 'ready_to_release' ELSE 'verifying' END,"
                     " state, us.id, " +
                     done_micros +
                     ", 'scale-' || i, '' FROM q JOIN bench_users us ON us.slot = (i * 31) % " +
                     users + " WHERE state IN ('released', 'denied')",
                 spec.requests * 78 / 100);
  if (!s) return fail(s);

  // Invoices: every awaiting-payment request, and a quarter of the released, closed and
  // ready-to-release ones; those are paid (one in forty waived instead).
  std::vector<InvoiceLine> lines = {
      {.description = "Copies of records (synthetic)", .quantity = 50, .unit_cents = 25},
      {.description = "Postage", .quantity = 1, .unit_cents = 650}};
  std::string invoiced =
      "(state = 'awaiting_payment' OR (i % 4 = 0 AND state IN ('released', 'closed',"
      " 'ready_to_release')))";
  std::string issued = "rday + h % (CASE WHEN age < 20 THEN age + 1 ELSE 20 END)";
  s = phases.Run(
      "invoices",
      RequestCte(sql, spec) +
          " INSERT INTO invoices (id, organization_id, request_id, lines, total_cents, max_cents,"
          " fee_basis, issued_on, issued_by, created_micros) SELECT " +
          N(*invoice_base) + " + i, " + org + ", " + rbase + " + i, " +
          Quote(EncodeInvoiceLines(lines)) + ", 1900, 50000, 'hipaa_flat', " + sql.DateOf(issued) +
          ", us.id, (" + issued +
          ") * 86400000000 + 36000000000 FROM q JOIN bench_users us ON us.slot = (i * 31) % " +
          users + " WHERE " + invoiced,
      spec.requests / 5);
  if (!s) return fail(s);
  s = phases.Run(
      "payments and waivers",
      RequestCte(sql, spec) +
          " INSERT INTO invoice_credits (organization_id, invoice_id, kind, method,"
          " amount_cents, reference, reason, recorded_by, received_on, created_micros) SELECT " +
          org + ", " + N(*invoice_base) +
          " + i, CASE WHEN i % 40 = 0 THEN 'waiver' ELSE 'payment' END,"
          " CASE WHEN i % 40 = 0 THEN 'none' ELSE 'check' END, 1900,"
          " CASE WHEN i % 40 = 0 THEN '' ELSE 'CHK-' || i END,"
          " CASE WHEN i % 40 = 0 THEN 'Synthetic hardship waiver' ELSE '' END, us.id, " +
          sql.DateOf(issued + " + 1") + ", (" + issued +
          " + 1) * 86400000000 + 36000000000 FROM q JOIN bench_users us ON us.slot = (i * 31) % " +
          users + " WHERE state <> 'awaiting_payment' AND " + invoiced,
      spec.requests / 6);
  if (!s) return fail(s);

  if (spec.disclosures > 0) {
    s = phases.Run(
        "disclosures",
        sql.Series(spec.disclosures) +
            " INSERT INTO disclosures (id, organization_id, patient_id, request_id, disclosed_on,"
            " recipient_name, recipient_address, description, purpose, released_by, means,"
            " fee_cents, basis, accountable) SELECT " +
            N(*disclosure_base) + " + i, " + org + ", " + pbase + " + (i * 15485863) % " +
            patients + ", CASE WHEN i % 10 = 0 THEN " + rbase + " + (i / 10) % " +
            N(spec.requests) + " ELSE NULL END, " +
            sql.DateOf(today + " - (i * 2654435761) % 2555") +
            ", 'Synthetic Recipient ' || (i % 5000), '300 Example Road, Testville',"
            " 'Synthetic discharge summary and laboratory results',"
            " 'Synthetic: continuing care', us.id, me.name,"
            " CASE WHEN i % 3 = 0 THEN 2500 ELSE 0 END, ba.name, ba.accountable"
            " FROM s JOIN bench_users us ON us.slot = i % " +
            users +
            " JOIN bench_means me ON me.slot = i % 6"
            // A patient's entries are i, i + patients, i + 2 * patients, ...: the (i / patients)
            // term gives them different bases.
            " JOIN bench_bases ba ON ba.slot = (i * 40503 + (i / " +
            patients + ") * 7) % 100",
        spec.disclosures);
    if (!s) return fail(s);
  }

  std::string recreate;
  for (const auto& index : dropped) recreate += index.second + ";";
  if (s = phases.Run("secondary indexes rebuilt", recreate,
                     static_cast<std::int64_t>(dropped.size()));
      !s) {
    return fail(s);
  }
  // The reports' daily rollups (migrations 26 and 29): kept by triggers, which the PostgreSQL load
  // skips (session_replication_role), so they are recomputed from the loaded rows, as the
  // migration computes them for existing data.
  std::string rollups =
      "DELETE FROM report_volume_daily WHERE organization_id = " + org +
      "; DELETE FROM report_turnaround_daily WHERE organization_id = " + org +
      "; DELETE FROM report_disclosures_daily WHERE organization_id = " + org +
      "; INSERT INTO report_disclosures_daily SELECT organization_id, disclosed_on, basis,"
      " COUNT(*) FROM disclosures WHERE organization_id = " +
      org + " GROUP BY 1, 2, 3" +
      "; INSERT INTO report_volume_daily SELECT organization_id, received_on, requester_role,"
      " state, COUNT(*) FROM requests WHERE organization_id = " +
      org + " GROUP BY 1, 2, 3, 4;";
  if (sql.Sqlite()) {
    rollups +=
        " INSERT INTO report_turnaround_daily SELECT organization_id, done_on,"
        " CAST(julianday(done_on) - julianday(received_on) AS INTEGER), due_on IS NOT NULL,"
        " due_on IS NOT NULL AND done_on <= due_on, COUNT(*) FROM (SELECT t.organization_id,"
        " date(t.at_micros / 1000000, 'unixepoch') AS done_on, r.received_on, r.due_on"
        " FROM request_transitions t JOIN requests r ON r.organization_id = t.organization_id"
        " AND r.id = t.request_id WHERE t.organization_id = " +
        org + " AND t.to_state IN ('released', 'denied')) WHERE true GROUP BY 1, 2, 3, 4, 5;";
  } else {
    rollups +=
        " INSERT INTO report_turnaround_daily SELECT organization_id, done_on,"
        " done_on - received_on, (due_on IS NOT NULL)::integer,"
        " (due_on IS NOT NULL AND done_on <= due_on)::integer, count(*) FROM (SELECT"
        " t.organization_id, DATE '1970-01-01' + (t.at_micros / 86400000000)::integer AS done_on,"
        " r.received_on, r.due_on FROM request_transitions t JOIN requests r"
        " ON r.organization_id = t.organization_id AND r.id = t.request_id"
        " WHERE t.organization_id = " +
        org + " AND t.to_state IN ('released', 'denied')) s GROUP BY 1, 2, 3, 4, 5;";
  }
  if (s = phases.Run("report rollups (migrations 26, 29) recomputed", rollups, 0); !s)
    return fail(s);
  std::string finish =
      "DROP TABLE bench_roles; DROP TABLE bench_users; DROP TABLE bench_facilities;"
      " DROP TABLE bench_channels; DROP TABLE bench_means; DROP TABLE bench_stems;"
      " DROP TABLE bench_bases;";
  if (!sql.Sqlite()) {
    for (const char* table : {"patients", "requesters", "requests", "disclosures", "invoices"}) {
      finish += std::string(" SELECT setval(pg_get_serial_sequence('") + table +
                "', 'id'), (SELECT MAX(id) FROM " + table + "));";
    }
  }
  if (s = phases.Run("commit", finish + " COMMIT", 0); !s) return fail(s);
  if (!sql.Sqlite()) {
    // What autovacuum does shortly after a load this size (statistics, and the visibility map
    // that index-only scans need).
    if (s = phases.Run("vacuum analyze", "VACUUM ANALYZE", 0); !s) return s.error();
  }
  return data;
}

Result<ScaleData> FindScaleData(Store& store, BulkSql& bulk, const ScaleSpec& spec) {
  ScaleData data;
  data.spec = spec;
  Result<OrganizationId> organization = FindOrganizationId(store, spec.slug);
  if (!organization) return organization.error();
  data.organization = *organization;
  Status read = store.InTransaction(data.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<Facility>> facilities = tx.Facilities().List();
    if (!facilities) return Status(facilities.error());
    for (const Facility& facility : *facilities) data.facilities.push_back(facility.id);
    Result<std::vector<User>> users = tx.Users().List();
    if (!users) return Status(users.error());
    for (const User& user : *users) data.users.push_back(user.id);
    return OkStatus();
  });
  if (!read) return read.error();
  std::string org = N(data.organization.value);
  Result<std::int64_t> first_patient =
      bulk.Int("SELECT MIN(id) FROM patients WHERE organization_id = " + org);
  Result<std::int64_t> first_request =
      bulk.Int("SELECT MIN(id) FROM requests WHERE organization_id = " + org);
  if (!first_patient) return first_patient.error();
  if (!first_request) return first_request.error();
  data.first_patient = *first_patient;
  data.first_request = *first_request;
  return data;
}

}  // namespace roi::bench
