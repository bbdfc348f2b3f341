// The scale generator at a tiny scale: the rows it makes are what the repositories read back,
// consistent (every reference resolves), spread over the states, and the same on SQLite and
// PostgreSQL (when ROI_TEST_POSTGRES_URL is set).  No timings are asserted.
#include "scale_data.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <pqxx/pqxx>

#include "app/disclosure_log.h"
#include "scale_queries.h"
#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace roi::bench {
namespace {

ScaleSpec TinySpec() {
  return ScaleSpec{.requests = 3000,
                   .disclosures = 20000,
                   .patients = 500,
                   .requesters = 50,
                   .users = 6,
                   .facilities = 3};
}

// What the checks below need of one database.
struct Opened {
  std::unique_ptr<Store> store;
  std::unique_ptr<BulkSql> bulk;
};

// Requests per state, read through the repository page by page (every row must decode).
std::map<RequestState, std::int64_t> StatesThroughRepository(Store& store, const ScaleData& data) {
  std::map<RequestState, std::int64_t> states;
  Status read = store.InTransaction(data.organization, TxMode::kRead, [&](Transaction& tx) {
    RequestQuery query{.sort = RequestSort::kReceived, .limit = 1000};
    for (;;) {
      Result<std::vector<ReleaseRequest>> page = tx.Requests().List(query);
      if (!page) return Status(page.error());
      for (const ReleaseRequest& request : *page) {
        ++states[request.state];
        EXPECT_EQ(request.held_from.has_value(), request.state == RequestState::kOnHold);
      }
      if (page->size() < 1000) return OkStatus();
      query.after_id = page->back().id;
    }
  });
  EXPECT_TRUE(read) << read.error().ToString();
  return states;
}

void CheckGenerated(Opened& db, const std::function<std::int64_t(const std::string&)>& orphans) {
  const ScaleSpec spec = TinySpec();
  std::vector<PhaseTime> phases;
  Result<ScaleData> data = GenerateScaleData(
      *db.store, *db.bulk, spec, [&](const PhaseTime& phase) { phases.push_back(phase); });
  ASSERT_TRUE(data) << data.error().ToString();
  EXPECT_FALSE(phases.empty());
  const std::string org = std::to_string(data->organization.value);
  auto count = [&](const std::string& table) {
    Result<std::int64_t> n =
        db.bulk->Int("SELECT COUNT(*) FROM " + table + " WHERE organization_id = " + org);
    EXPECT_TRUE(n) << n.error().ToString();
    return n ? *n : -1;
  };
  EXPECT_EQ(count("requests"), spec.requests);
  EXPECT_EQ(count("disclosures"), spec.disclosures);
  EXPECT_EQ(count("patients"), spec.patients);
  EXPECT_EQ(count("requesters"), spec.requesters);
  EXPECT_GT(count("request_transitions"), spec.requests / 2);
  EXPECT_GT(count("invoices"), 0);
  EXPECT_GT(count("invoice_credits"), 0);

  // Every reference resolves.
  EXPECT_EQ(orphans("disclosures d LEFT JOIN patients p ON p.organization_id = d.organization_id"
                    " AND p.id = d.patient_id WHERE p.id IS NULL"),
            0);
  EXPECT_EQ(orphans("requests r LEFT JOIN requesters q ON q.organization_id = r.organization_id"
                    " AND q.id = r.requester_id WHERE q.id IS NULL OR q.role <> r.requester_role"),
            0);
  EXPECT_EQ(orphans("requests r LEFT JOIN patients p ON p.organization_id = r.organization_id"
                    " AND p.id = r.patient_id WHERE p.id IS NULL"),
            0);
  EXPECT_EQ(orphans("invoice_credits c LEFT JOIN invoices i ON i.organization_id ="
                    " c.organization_id AND i.id = c.invoice_id WHERE i.id IS NULL"),
            0);

  // The rows decode through the repositories, and the states are spread.
  std::map<RequestState, std::int64_t> states = StatesThroughRepository(*db.store, *data);
  std::int64_t total = 0;
  for (const auto& [state, n] : states) total += n;
  EXPECT_EQ(total, spec.requests);
  EXPECT_GT(states[RequestState::kReleased], spec.requests / 2);
  EXPECT_GT(states[RequestState::kDenied], 0);
  EXPECT_GT(states[RequestState::kRetrieving], 0);

  Status checked = db.store->InTransaction(data->organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::int64_t> patients = tx.Patients().Count();
    EXPECT_TRUE(patients && *patients == spec.patients);
    Result<Patient> patient = tx.Patients().FindByMrn(SyntheticMrn(7));
    if (!patient) return Status(patient.error());
    EXPECT_EQ(patient->family_name, SyntheticFamilyName(7));
    EXPECT_EQ(patient->given_name, "Testpatient");
    // Each patient has disclosures / patients entries, all within seven years.
    Result<std::vector<DisclosureEntry>> log =
        tx.Disclosures().List({.patient = patient->id, .limit = 1000});
    if (!log) return Status(log.error());
    EXPECT_EQ(static_cast<std::int64_t>(log->size()), spec.disclosures / spec.patients);
    AccountingOfDisclosures accounting;
    Result<Accounting> produced =
        accounting.Produce(tx, {.patient = patient->id, .as_of = spec.today});
    if (!produced) return Status(produced.error());
    EXPECT_GT(produced->DisclosureCount(), 0);
    EXPECT_LT(produced->DisclosureCount(), static_cast<int>(log->size()));
    // Search finds the patient's requests by MRN.
    Result<std::vector<ReleaseRequest>> found =
        tx.Requests().List({.search = SyntheticMrn(7), .limit = 100});
    if (!found) return Status(found.error());
    EXPECT_FALSE(found->empty());
    for (const ReleaseRequest& request : *found) EXPECT_EQ(request.patient_id, patient->id);
    return OkStatus();
  });
  EXPECT_TRUE(checked) << checked.error().ToString();

  // Every query of the benchmark runs on the data (one run each; timings not checked).
  Result<std::vector<QueryTiming>> timings = RunQueryBench(*db.store, *data, {.runs = 1});
  ASSERT_TRUE(timings) << timings.error().ToString();
  EXPECT_GT(timings->size(), 20u);

  // A second generation into the same organization is refused; the data can be found again.
  Result<ScaleData> again = GenerateScaleData(*db.store, *db.bulk, spec, [](const PhaseTime&) {});
  EXPECT_FALSE(again);
  Result<ScaleData> reused = FindScaleData(*db.store, *db.bulk, spec);
  ASSERT_TRUE(reused) << reused.error().ToString();
  EXPECT_EQ(reused->first_request, data->first_request);
  EXPECT_EQ(reused->first_patient, data->first_patient);
  EXPECT_EQ(reused->users.size(), static_cast<std::size_t>(spec.users));
}

TEST(ScaleDataTest, NamesAreSyntheticAndDistinct) {
  EXPECT_EQ(SyntheticMrn(42), "SYN0000042");
  EXPECT_EQ(SyntheticFamilyName(0), "Alphaaaa");
  EXPECT_EQ(SyntheticFamilyName(27), "Bravobaa");
  EXPECT_NE(SyntheticFamilyName(1), SyntheticFamilyName(27));
}

TEST(ScaleDataTest, RejectsEmptySizes) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("roi_scale_bad_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "scale.sqlite").string();
  Result<std::unique_ptr<Store>> store = sqlite::OpenStore({.path = path});
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->Migrate());
  Result<std::unique_ptr<BulkSql>> bulk = OpenSqliteBulk(path);
  ASSERT_TRUE(bulk);
  ScaleSpec spec = TinySpec();
  spec.requests = 0;
  Result<ScaleData> data = GenerateScaleData(**store, **bulk, spec, [](const PhaseTime&) {});
  ASSERT_FALSE(data);
  EXPECT_EQ(data.error().code, ErrorCode::kInvalidArgument);
  bulk->reset();
  store->reset();
  std::filesystem::remove_all(dir);
}

TEST(ScaleDataTest, SqliteGeneratesConsistentReadableData) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("roi_scale_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "scale.sqlite").string();
  {
    Opened db;
    Result<std::unique_ptr<Store>> store = sqlite::OpenStore({.path = path});
    ASSERT_TRUE(store) << store.error().ToString();
    ASSERT_TRUE((*store)->Migrate());
    Result<std::unique_ptr<BulkSql>> bulk = OpenSqliteBulk(path);
    ASSERT_TRUE(bulk) << bulk.error().ToString();
    db.store = std::move(*store);
    db.bulk = std::move(*bulk);
    Result<std::int64_t> indexes_before =
        db.bulk->Int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'");
    CheckGenerated(db, [&](const std::string& from) {
      Result<std::int64_t> n = db.bulk->Int("SELECT COUNT(*) FROM " + from);
      EXPECT_TRUE(n) << n.error().ToString();
      return n ? *n : -1;
    });
    // The dropped indexes are back, and SQLite's own foreign-key check passes.
    EXPECT_EQ(*db.bulk->Int("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index'"),
              *indexes_before);
    Result<std::vector<std::vector<std::string>>> broken =
        db.bulk->Rows("PRAGMA foreign_key_check");
    ASSERT_TRUE(broken);
    EXPECT_TRUE(broken->empty());
  }
  std::filesystem::remove_all(dir);
}

TEST(ScaleDataTest, PostgresGeneratesConsistentReadableData) {
  const char* url = std::getenv("ROI_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') GTEST_SKIP() << "ROI_TEST_POSTGRES_URL is not set";
  std::string schema = "roi_scale_" + std::to_string(getpid());
  auto admin = [&](const std::string& sql) {
    pqxx::connection connection(url);
    pqxx::nontransaction work(connection);
    work.exec(sql);
  };
  admin("CREATE SCHEMA " + schema);
  std::string base = url;
  std::string scoped = base + (base.find('?') == std::string::npos ? "?" : "&") +
                       "options=-csearch_path%3D" + schema;
  {
    Opened db;
    Result<std::unique_ptr<Store>> store = postgres::OpenStore({.url = scoped});
    ASSERT_TRUE(store) << store.error().ToString();
    ASSERT_TRUE((*store)->Migrate());
    Result<std::unique_ptr<BulkSql>> bulk = OpenPostgresBulk(scoped);
    ASSERT_TRUE(bulk) << bulk.error().ToString();
    db.store = std::move(*store);
    db.bulk = std::move(*bulk);
    Result<std::int64_t> indexes_before =
        db.bulk->Int("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()");
    CheckGenerated(db, [&](const std::string& from) {
      Result<std::int64_t> n = db.bulk->Int("SELECT COUNT(*) FROM " + from);
      EXPECT_TRUE(n) << n.error().ToString();
      return n ? *n : -1;
    });
    EXPECT_EQ(*db.bulk->Int("SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"),
              *indexes_before);
    // After the load, ids handed out by the database continue after the generated ones.
    Status inserted = db.store->InTransaction(
        *FindOrganizationId(*db.store, "scale-bench"), TxMode::kWrite, [&](Transaction& tx) {
          Result<Patient> patient =
              tx.Patients().Insert({.mrn = "AFTER-LOAD",
                                    .given_name = "Testpatient",
                                    .family_name = "Afterload",
                                    .birth_date = Date::FromDaysSinceEpoch(0)});
          if (!patient) return Status(patient.error());
          return OkStatus();
        });
    EXPECT_TRUE(inserted) << inserted.error().ToString();
  }
  admin("DROP SCHEMA " + schema + " CASCADE");
}

}  // namespace
}  // namespace roi::bench
