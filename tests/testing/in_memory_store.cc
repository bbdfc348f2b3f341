#include "testing/in_memory_store.h"

#include <string>
#include <utility>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

class InMemoryTransaction final : public Transaction {
 public:
  InMemoryTransaction(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : organization_(organization),
        facilities_(data, view, organization),
        patients_(data, view, organization),
        users_(data, view, organization),
        sessions_(data, view, organization),
        disclosures_(data, view, organization),
        audit_(data, view, organization),
        data_keys_(data, view, organization),
        contents_(data, view, organization),
        api_tokens_(data, view, organization),
        second_factors_(data, view, organization),
        jobs_(data, view, organization),
        requesters_(data, view, organization),
        documents_(data, view, organization),
        requests_(data, view, organization),
        notices_(data, view, organization),
        reviews_(data, view, organization),
        billing_(data, view, organization),
        document_files_(data, view, organization),
        packets_(data, view, organization),
        redactions_(data, view, organization),
        saved_views_(data, view, organization),
        reports_(view, organization),
        retention_(data, view, organization),
        patient_access_(data, view, organization),
        deliveries_(data, view, organization),
        organization_rows_(data, view),
        organization_settings_(organization_rows_, organization),
        packet_keys_(data, view, organization),
        portal_accounts_(data, view, organization),
        denial_reviews_(data, view, organization),
        patient_matches_(data, view, organization),
        fees_(data, view, organization) {}
  OrganizationId Organization() const override { return organization_; }
  FacilityRepository& Facilities() override { return facilities_; }
  PatientRepository& Patients() override { return patients_; }
  UserRepository& Users() override { return users_; }
  SessionRepository& Sessions() override { return sessions_; }
  DisclosureRepository& Disclosures() override { return disclosures_; }
  AuditRepository& Audit() override { return audit_; }
  DataKeyRepository& DataKeys() override { return data_keys_; }
  ContentRepository& Contents() override { return contents_; }
  ApiTokenRepository& ApiTokens() override { return api_tokens_; }
  SecondFactorRepository& SecondFactors() override { return second_factors_; }
  JobRepository& Jobs() override { return jobs_; }
  RequesterRepository& Requesters() override { return requesters_; }
  DocumentRepository& Documents() override { return documents_; }
  RequestRepository& Requests() override { return requests_; }
  NoticeRepository& Notices() override { return notices_; }
  ReviewRepository& Reviews() override { return reviews_; }
  BillingRepository& Billing() override { return billing_; }
  DocumentFileRepository& DocumentFiles() override { return document_files_; }
  PacketRepository& Packets() override { return packets_; }
  RedactionRepository& Redactions() override { return redactions_; }
  SavedViewRepository& SavedViews() override { return saved_views_; }
  ReportRepository& Reports() override { return reports_; }
  RetentionRepository& Retention() override { return retention_; }
  PatientAccessRepository& PatientAccess() override { return patient_access_; }
  DeliveryRepository& Deliveries() override { return deliveries_; }
  OrganizationSettingsRepository& OrganizationSettings() override { return organization_settings_; }
  PacketKeyRepository& PacketKeys() override { return packet_keys_; }
  PortalAccountRepository& PortalAccounts() override { return portal_accounts_; }
  DenialReviewRepository& DenialReviews() override { return denial_reviews_; }
  PatientMatchRepository& PatientMatches() override { return patient_matches_; }
  FeeSettingsRepository& Fees() override { return fees_; }

 private:
  OrganizationId organization_;
  InMemoryFacilities facilities_;
  InMemoryPatients patients_;
  InMemoryUsers users_;
  InMemorySessions sessions_;
  InMemoryDisclosures disclosures_;
  InMemoryAudit audit_;
  InMemoryDataKeys data_keys_;
  InMemoryContents contents_;
  InMemoryApiTokens api_tokens_;
  InMemorySecondFactors second_factors_;
  InMemoryJobs jobs_;
  InMemoryRequesters requesters_;
  InMemoryDocuments documents_;
  InMemoryRequests requests_;
  InMemoryNotices notices_;
  InMemoryReviews reviews_;
  InMemoryBilling billing_;
  InMemoryDocumentFiles document_files_;
  InMemoryPackets packets_;
  InMemoryRedactions redactions_;
  InMemorySavedViews saved_views_;
  InMemoryReports reports_;
  InMemoryRetention retention_;
  InMemoryPatientAccess patient_access_;
  InMemoryDeliveries deliveries_;
  InMemoryOrganizations organization_rows_;
  BoundOrganizationSettings organization_settings_;
  InMemoryPacketKeys packet_keys_;
  InMemoryPortalAccounts portal_accounts_;
  InMemoryDenialReviews denial_reviews_;
  InMemoryPatientMatches patient_matches_;
  InMemoryFees fees_;
};

class InMemorySystemTransaction final : public SystemTransaction {
 public:
  InMemorySystemTransaction(InMemoryData* data, const InMemoryData& view)
      : organizations_(data, view), jobs_(data, view) {}
  OrganizationRepository& Organizations() override { return organizations_; }
  JobQueue& Jobs() override { return jobs_; }

 private:
  InMemoryOrganizations organizations_;
  InMemoryJobQueue jobs_;
};

Status RequireSchema(const InMemoryData& view) {
  if (view.schema_version >= InMemoryStore::kSchemaVersion) return OkStatus();
  return FailedPreconditionError("database schema version " + std::to_string(view.schema_version) +
                                 " is older than this program's " +
                                 std::to_string(InMemoryStore::kSchemaVersion) + "; run migrate");
}

}  // namespace

InMemoryStore::InMemoryStore() : data_(std::make_shared<const InMemoryData>()) {}

Result<int> InMemoryStore::SchemaVersion() {
  std::lock_guard<std::mutex> lock(data_mu_);
  return data_->schema_version;
}

Result<MigrationReport> InMemoryStore::Migrate() {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::lock_guard<std::mutex> lock(data_mu_);
  MigrationReport report{
      .from_version = data_->schema_version, .to_version = data_->schema_version, .applied = {}};
  if (report.from_version > kSchemaVersion) {
    return FailedPreconditionError(
        "database schema version " + std::to_string(report.from_version) +
        " is newer than this program's " + std::to_string(kSchemaVersion));
  }
  for (int version = report.from_version + 1; version <= kSchemaVersion; ++version) {
    report.applied.push_back(version);
  }
  auto migrated = std::make_shared<InMemoryData>(*data_);
  migrated->schema_version = kSchemaVersion;
  data_ = std::move(migrated);
  report.to_version = kSchemaVersion;
  return report;
}

void InMemoryStore::SetSchemaVersionForTest(int version) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::lock_guard<std::mutex> lock(data_mu_);
  auto changed = std::make_shared<InMemoryData>(*data_);
  changed->schema_version = version;
  data_ = std::move(changed);
}

void InMemoryStore::MutateForTest(const std::function<void(InMemoryData&)>& change) {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::lock_guard<std::mutex> lock(data_mu_);
  auto changed = std::make_shared<InMemoryData>(*data_);
  change(*changed);
  data_ = std::move(changed);
}

Status InMemoryStore::InTransaction(OrganizationId organization, TxMode mode,
                                    const std::function<Status(Transaction&)>& work) {
  return Run(mode, [&](InMemoryData* data, const InMemoryData& view) -> Status {
    if (!view.organizations.contains(organization)) {
      return NotFoundError("organization " + std::to_string(organization.value) + " not found");
    }
    InMemoryTransaction transaction(data, view, organization);
    return work(transaction);
  });
}

Status InMemoryStore::InSystemTransaction(TxMode mode,
                                          const std::function<Status(SystemTransaction&)>& work) {
  return Run(mode, [&](InMemoryData* data, const InMemoryData& view) -> Status {
    InMemorySystemTransaction transaction(data, view);
    return work(transaction);
  });
}

Status InMemoryStore::Run(TxMode mode,
                          const std::function<Status(InMemoryData*, const InMemoryData&)>& body) {
  if (mode == TxMode::kRead) {
    std::shared_ptr<const InMemoryData> snapshot;
    {
      std::lock_guard<std::mutex> lock(data_mu_);
      snapshot = data_;
    }
    if (Status ready = RequireSchema(*snapshot); !ready) return ready;
    return body(nullptr, *snapshot);
  }
  std::lock_guard<std::mutex> write_lock(write_mu_);
  std::shared_ptr<InMemoryData> copy;
  {
    std::lock_guard<std::mutex> lock(data_mu_);
    copy = std::make_shared<InMemoryData>(*data_);
  }
  if (Status ready = RequireSchema(*copy); !ready) return ready;
  Status status = body(copy.get(), *copy);
  if (!status) return status;  // The copy is dropped: nothing of the transaction remains.
  std::lock_guard<std::mutex> lock(data_mu_);
  data_ = std::move(copy);
  return status;
}

}  // namespace roi::testing
