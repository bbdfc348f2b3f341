#include "app/document_scan_service.h"

#include <gtest/gtest.h>

#include "testing/fake_audit_crypto.h"
#include "testing/fake_clock.h"
#include "testing/in_memory_store.h"

namespace roi {
namespace {

// Finds every "HIV" (label hiv) and "heroin" (label sud): enough to test the service, which only
// compares labels and reads documents.
class FakeDetector final : public SensitiveContentDetector {
 public:
  Result<SensitiveFindings> Scan(std::string_view text) const override {
    std::vector<RawMatch> matches;
    for (std::uint32_t entry = 0; entry < kTerms.size(); ++entry) {
      for (std::size_t at = text.find(kTerms[entry]); at != std::string_view::npos;
           at = text.find(kTerms[entry], at + 1)) {
        matches.push_back({.begin = at, .end = at + kTerms[entry].size(), .entry = entry});
      }
    }
    return MergeMatches(
        std::move(matches),
        {{.category = SensitiveCategory::kHiv, .label = "hiv", .term_id = "hiv"},
         {.category = SensitiveCategory::kSubstanceUse, .label = "sud", .term_id = "heroin"}});
  }

 private:
  static constexpr std::array<std::string_view, 2> kTerms = {"HIV", "heroin"};
};

struct Fixture {
  testing::InMemoryStore store;
  FakeDetector detector;
  testing::FakeClock clock;
  testing::FakeAuditHasher hasher;
  AuditTrail audit{clock, hasher};
  DocumentScanService service{store, detector, audit};
  Principal caller;
  Principal stranger;
  DocumentId document;
};

Principal AddOrganization(testing::InMemoryStore& store, const std::string& slug) {
  Principal principal;
  EXPECT_TRUE(store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) {
    Result<Organization> org =
        tx.Organizations().Insert({.name = "Org " + slug, .slug = slug, .state = "CA"});
    if (!org) return Status(org.error());
    principal.organization = org->id;
    return OkStatus();
  }));
  principal.user.role = Role::kRoiSpecialist;
  return principal;
}

// A store with one document labelled "hiv" whose text mentions HIV and heroin.
std::unique_ptr<Fixture> MakeFixture() {
  auto fixture = std::make_unique<Fixture>();
  EXPECT_TRUE(fixture->store.Migrate());
  fixture->caller = AddOrganization(fixture->store, "demo");
  fixture->stranger = AddOrganization(fixture->store, "other");
  EXPECT_TRUE(fixture->store.InTransaction(
      fixture->caller.organization, TxMode::kWrite, [&](Transaction& tx) {
        Result<Patient> patient = tx.Patients().Insert({.mrn = "MRN-1",
                                                        .given_name = "Testpatient",
                                                        .family_name = "Alpha",
                                                        .birth_date = *Date::FromYmd(1980, 1, 1)});
        if (!patient) return Status(patient.error());
        Result<Document> document = tx.Documents().Insert(
            {.patient_id = patient->id,
             .kind = "progress_note",
             .labels = {"hiv"},
             .content = "Synthetic note: HIV on treatment; past heroin use."});
        if (!document) return Status(document.error());
        fixture->document = document->id;
        return OkStatus();
      }));
  return fixture;
}

TEST(DocumentScanServiceTest, ScanningADocumentSuggestsTheLabelsItLacks) {
  auto fixture = MakeFixture();
  Result<SensitiveScan> scan = fixture->service.ScanDocument(fixture->caller, fixture->document);
  ASSERT_TRUE(scan) << scan.error().ToString();
  EXPECT_EQ(scan->document, fixture->document);
  EXPECT_EQ(scan->labels, std::vector<std::string>{"hiv"});
  EXPECT_EQ(scan->findings.labels, (std::vector<std::string>{"hiv", "sud"}));
  EXPECT_EQ(scan->missing_labels, std::vector<std::string>{"sud"});
  ASSERT_EQ(scan->findings.spans.size(), 2u);
  EXPECT_EQ(scan->findings.spans[0].begin, 16u);
  // The read is in the audit trail, by document id, without content.
  std::vector<AuditEvent> events;
  ASSERT_TRUE(fixture->store.InTransaction(
      fixture->caller.organization, TxMode::kRead, [&](Transaction& tx) {
        Result<std::vector<AuditEvent>> found = tx.Audit().Query({.limit = 10});
        if (!found) return Status(found.error());
        events = *found;
        return OkStatus();
      }));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, AuditAction::kRead);
  EXPECT_EQ(events[0].entity_kind, "document");
  EXPECT_EQ(events[0].entity_id, std::to_string(fixture->document.value));
}

TEST(DocumentScanServiceTest, AnotherOrganizationsDocumentIsNotFound) {
  auto fixture = MakeFixture();
  Result<SensitiveScan> scan = fixture->service.ScanDocument(fixture->stranger, fixture->document);
  ASSERT_FALSE(scan);
  EXPECT_EQ(scan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(fixture->service.ScanDocument(fixture->caller, DocumentId(999)).error().code,
            ErrorCode::kNotFound);
}

TEST(DocumentScanServiceTest, TextOverOneMebibyteIsRefused) {
  auto fixture = MakeFixture();
  std::string text(DocumentScanService::kMaxTextBytes + 1, 'a');
  EXPECT_EQ(fixture->service.ScanText(text).error().code, ErrorCode::kInvalidArgument);
  text.pop_back();
  EXPECT_TRUE(fixture->service.ScanText(text));
}

}  // namespace
}  // namespace roi
