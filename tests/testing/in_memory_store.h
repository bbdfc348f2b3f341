// InMemoryStore: a faithful in-memory fake of the storage port (app/store.h) for unit tests of
// the layers above storage.  It honours every contract of the port, error codes included, and is
// proven against the same contract suite as the SQLite and PostgreSQL adapters.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "app/store.h"

namespace roi::testing {

// The fake's whole database.  Value type; copied at the start of each write transaction.
struct InMemoryData {
  int schema_version = 0;
  std::int64_t next_id = 1;  // Shared by all tables, like a database sequence.
  std::map<OrganizationId, Organization> organizations;
  std::map<FacilityId, Facility> facilities;
  std::map<PatientId, Patient> patients;
  std::map<UserId, User> users;
  std::map<std::string, Session> sessions;  // By token hash.
  std::map<DisclosureId, DisclosureEntry> disclosures;
  std::map<AccountingSuspensionId, AccountingSuspension> suspensions;
  std::map<AccountingRecordId, AccountingRecord> accountings;
  // Audit chains: events and seals by (organization id, sequence), heads by organization.
  std::map<std::pair<std::int64_t, std::int64_t>, AuditEvent> audit_events;
  std::map<OrganizationId, AuditChainHead> audit_heads;
  std::map<std::pair<std::int64_t, std::int64_t>, AuditSeal> audit_seals;
  std::map<std::pair<OrganizationId, int>, DataKeyRecord> data_keys;  // By (organization, version).
  std::map<ContentId, std::pair<OrganizationId, ContentRecord>> contents;
  std::map<std::pair<ContentId, std::int64_t>, std::string> content_chunks;  // By (id, index).
  std::map<ApiTokenId, ApiToken> api_tokens;
  std::map<UserId, SecondFactor> second_factors;
  std::map<JobId, Job> jobs;
  std::map<RequesterId, Requester> requesters;
  std::map<DocumentId, Document> documents;
  std::map<RequestId, ReleaseRequest> requests;
  std::map<ContentId, std::pair<OrganizationId, DocumentFile>> document_files;
  std::map<DocumentId, ContentId> document_file_of;  // Which file each document holds.
  std::vector<RequestTransition> transitions;        // In the order recorded.
  std::vector<Letter> letters;                       // By id.
  std::map<std::pair<OrganizationId, int>, std::int64_t> request_sequences;  // Last by year.
  std::vector<RequestNotice> notices;                                        // By id.
  std::map<ReviewId, std::pair<OrganizationId, ReviewTask>> reviews;
  std::vector<std::pair<OrganizationId, RequestNotification>> notifications;  // By id.
  std::map<OrganizationId, ReviewSettings> review_settings;
  std::map<InvoiceId, std::pair<OrganizationId, Invoice>> invoices;
  std::vector<std::pair<OrganizationId, InvoiceCredit>> credits;             // By id.
  std::vector<std::pair<OrganizationId, PacketRecord>> packets;              // In the order stored.
  std::vector<std::pair<OrganizationId, Redaction>> redactions;              // By id.
  std::map<std::int64_t, std::pair<OrganizationId, SavedView>> saved_views;  // By id.
  // Legal holds and purge records, by id.
  std::vector<std::pair<OrganizationId, LegalHold>> legal_holds;
  std::vector<std::pair<OrganizationId, PurgeRecord>> purge_records;
  std::map<BreakGlassId, BreakGlassGrant> break_glass_grants;
  std::map<DeliveryId, std::pair<OrganizationId, Delivery>> deliveries;
  std::vector<std::pair<OrganizationId, DeliveryEvent>> delivery_events;  // By id.
  std::vector<std::pair<OrganizationId, PacketSigningKey>> packet_keys;   // In the order stored.
  std::map<std::pair<OrganizationId, UserId>, PortalAccount> portal_accounts;
  // Harm determinations and denial reviews, by id.
  std::vector<std::pair<OrganizationId, HarmDetermination>> harm_determinations;
  std::vector<std::pair<OrganizationId, DenialReview>> denial_reviews;
  // Re-matched requests, by (organization, request).
  std::map<std::pair<OrganizationId, RequestId>, PatientRematch> patient_rematches;
  std::map<OrganizationId, FeeSettings> fee_settings;
  std::map<std::pair<OrganizationId, RequestId>, RequestCosts> request_costs;
};

// Thread-safe.  Write transactions run one at a time on a private copy of the data, which
// replaces the shared data only when `work` succeeds (so an error leaves nothing behind).  Read
// transactions run concurrently on an immutable snapshot.
class InMemoryStore final : public Store {
 public:
  // An empty, unmigrated database (schema version 0), like a new file.
  InMemoryStore();

  // The schema version this fake implements (the same as the real adapters').
  static constexpr int kSchemaVersion = 29;

  std::string_view Kind() const override { return "memory"; }
  Status Ping() override { return OkStatus(); }
  Result<int> SchemaVersion() override;
  Result<MigrationReport> Migrate() override;
  Status InTransaction(OrganizationId organization, TxMode mode,
                       const std::function<Status(Transaction&)>& work) override;
  Status InSystemTransaction(TxMode mode,
                             const std::function<Status(SystemTransaction&)>& work) override;

  // Pretends a newer program migrated the database to `version`.
  void SetSchemaVersionForTest(int version);
  // Changes the stored data behind the port's back (for tamper tests).
  void MutateForTest(const std::function<void(InMemoryData&)>& change);

 private:
  // Runs `body` on a snapshot (kRead) or on a private copy published on success (kWrite).
  Status Run(TxMode mode, const std::function<Status(InMemoryData*, const InMemoryData&)>& body);

  std::mutex write_mu_;  // Held for the whole of a write transaction: writers serialize.
  std::mutex data_mu_;
  // Guarded by data_mu_.  shared_ptr so that a read transaction keeps its snapshot alive while
  // a writer publishes a new one.
  std::shared_ptr<const InMemoryData> data_;
};

}  // namespace roi::testing
