// Internal to roi_storage_sqlite: the repositories of the storage port on one Connection, and
// the transaction objects that hand them out.  Every organization-scoped statement filters by the
// organization the repository was bound to, so callers cannot reach another organization's rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/store.h"
#include "base/ascii.h"
#include "storage/sqlite/connection.h"

namespace roi::sqlite {

// Returns FailedPrecondition when `mode` is kRead: writes need a kWrite transaction.
Status RequireWrite(TxMode mode);
// A LIKE pattern matching strings that start with `prefix`, escaping % _ and \ with '\'.
std::string LikePrefix(std::string_view prefix);

// Not thread-safe; lives inside one SystemTransaction.
class SqliteOrganizationRepository final : public OrganizationRepository {
 public:
  // `connection` must outlive this object.
  SqliteOrganizationRepository(Connection& connection, TxMode mode)
      : connection_(connection), mode_(mode) {}

  Result<Organization> Insert(const Organization& organization) override;
  Result<Organization> Find(OrganizationId id) override;
  Result<Organization> FindBySlug(std::string_view slug) override;
  Result<std::vector<Organization>> List() override;
  Result<Organization> Update(const Organization& organization) override;

 private:
  Connection& connection_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteFacilityRepository final : public FacilityRepository {
 public:
  // `connection` must outlive this object.
  SqliteFacilityRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Facility> Insert(const Facility& facility) override;
  Result<Facility> Find(FacilityId id) override;
  Result<std::vector<Facility>> List() override;
  Result<Facility> Update(const Facility& facility) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqlitePatientRepository final : public PatientRepository {
 public:
  // `connection` must outlive this object.
  SqlitePatientRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Patient> Insert(const Patient& patient) override;
  Result<Patient> Find(PatientId id) override;
  Result<Patient> FindByMrn(std::string_view mrn) override;
  Result<std::vector<Patient>> List(const PatientQuery& query) override;
  Result<Patient> Update(const Patient& patient) override;
  Result<std::int64_t> Count() override;

 private:
  Result<std::vector<Patient>> Collect(Statement& statement);
  // NotFound if `id` is not a patient of this organization, else Aborted (stale version).
  Error UpdateMissed(PatientId id);

  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteUserRepository final : public UserRepository {
 public:
  // `connection` must outlive this object.
  SqliteUserRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<User> Insert(const User& user) override;
  Result<User> Find(UserId id) override;
  Result<User> FindByEmail(std::string_view email) override;
  Result<std::vector<User>> List() override;
  Result<User> Update(const User& user) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteSessionRepository final : public SessionRepository {
 public:
  // `connection` must outlive this object.
  SqliteSessionRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Session> Insert(const Session& session) override;
  Result<Session> FindByTokenHash(std::string_view token_hash) override;
  Status Touch(std::string_view token_hash, std::int64_t last_seen_micros) override;
  Status Delete(std::string_view token_hash) override;
  Result<std::int64_t> DeleteForUser(UserId user) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteDisclosureRepository final : public DisclosureRepository {
 public:
  // `connection` must outlive this object.
  SqliteDisclosureRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<DisclosureEntry> Insert(const DisclosureEntry& entry) override;
  Result<DisclosureEntry> Find(DisclosureId id) override;
  Result<std::vector<DisclosureEntry>> ListForRequest(RequestId request) override;
  Result<std::vector<DisclosureEntry>> List(const DisclosureQuery& query) override;
  Result<std::vector<DisclosureVolume>> CountByBasis(Date from, Date to) override;
  Result<AccountingSuspension> InsertSuspension(const AccountingSuspension& suspension) override;
  Result<std::vector<AccountingSuspension>> ListSuspensions(const SuspensionQuery& query) override;
  Result<AccountingRecord> InsertAccounting(const AccountingRecord& record) override;
  Result<std::vector<AccountingRecord>> ListAccountings(PatientId patient, Date from,
                                                        Date to) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.  Caches the head once
// LockHead has read it (the write transaction holds SQLite's write lock, so it cannot move).
class SqliteAuditRepository final : public AuditRepository {
 public:
  // `connection` must outlive this object.
  SqliteAuditRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<AuditChainHead> LockHead() override;
  Status Append(const AuditEvent& event) override;
  Result<AuditChainHead> Head() override;
  Result<std::vector<AuditEvent>> Scan(std::int64_t after_sequence, int limit) override;
  Result<std::vector<AuditEvent>> Query(const AuditQuery& query) override;
  Status InsertSeal(const AuditSeal& seal) override;
  Result<std::vector<AuditSeal>> Seals() override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
  std::optional<AuditChainHead> locked_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteDataKeyRepository final : public DataKeyRepository {
 public:
  // `connection` must outlive this object.
  SqliteDataKeyRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Status Insert(const DataKeyRecord& key) override;
  Result<DataKeyRecord> Find(int version) override;
  Result<std::vector<DataKeyRecord>> List() override;
  Status Rewrap(int version, std::string_view wrapped_key, std::string_view master_key_id) override;
  Status SetState(int version, DataKeyState state) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteContentRepository final : public ContentRepository {
 public:
  // `connection` must outlive this object.
  SqliteContentRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<ContentId> Create(const ContentRecord& content) override;
  Status PutChunk(ContentId id, std::int64_t index, std::string_view ciphertext) override;
  Status Seal(const ContentRecord& content) override;
  Result<ContentRecord> Find(ContentId id) override;
  Result<std::string> Chunk(ContentId id, std::int64_t index) override;
  Result<std::vector<ContentId>> ListBelowKeyVersion(int version, ContentId after,
                                                     int limit) override;

 private:
  // NotFound unless this organization has data key `version`.
  Status RequireKeyVersion(int version);
  // NotFound unless `id` is content of this organization.
  Status RequireContent(ContentId id);

  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteApiTokenRepository final : public ApiTokenRepository {
 public:
  // `connection` must outlive this object.
  SqliteApiTokenRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<ApiToken> Insert(const ApiToken& token) override;
  Result<ApiToken> Find(ApiTokenId id) override;
  Result<ApiToken> FindByDigest(std::string_view secret_digest) override;
  Result<std::vector<ApiToken>> ListForUser(UserId user) override;
  Status Touch(ApiTokenId id, std::int64_t last_used_micros) override;
  Status Revoke(ApiTokenId id, std::int64_t revoked_micros) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteSecondFactorRepository final : public SecondFactorRepository {
 public:
  // `connection` must outlive this object.
  SqliteSecondFactorRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<SecondFactor> Find(UserId user) override;
  Result<SecondFactor> Put(const SecondFactor& factor) override;
  Status Delete(UserId user) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteJobRepository final : public JobRepository {
 public:
  // `connection` must outlive this object.
  SqliteJobRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Job> Enqueue(const Job& job) override;
  Result<Job> Find(JobId id) override;
  Result<std::int64_t> CancelPending(std::string_view kind, std::string_view dedupe_key) override;
  Status Complete(JobId id, std::string_view owner, std::int64_t now_micros) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; lives inside one SystemTransaction.
class SqliteJobQueue final : public JobQueue {
 public:
  // `connection` must outlive this object.
  SqliteJobQueue(Connection& connection, TxMode mode) : connection_(connection), mode_(mode) {}

  Result<std::vector<Job>> Claim(std::string_view owner, std::int64_t now_micros,
                                 std::int64_t lease_micros, int limit) override;
  Status Fail(JobId id, std::string_view owner, std::string_view error,
              std::optional<std::int64_t> retry_at_micros) override;

 private:
  Connection& connection_;
  TxMode mode_;
};

class SqliteRequesterRepository final : public RequesterRepository {
 public:
  // `connection` must outlive this object.
  SqliteRequesterRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Requester> Insert(const Requester& requester) override;
  Result<Requester> Find(RequesterId id) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteDocumentRepository final : public DocumentRepository {
 public:
  // `connection` must outlive this object.
  SqliteDocumentRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Document> Insert(const Document& document) override;
  Result<Document> Find(DocumentId id) override;
  Result<std::vector<Document>> ListForPatient(PatientId patient) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteRequestRepository final : public RequestRepository {
 public:
  // `connection` must outlive this object.
  SqliteRequestRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<std::int64_t> NextSequence(int year) override;
  Result<ReleaseRequest> Insert(const ReleaseRequest& request) override;
  Result<ReleaseRequest> Find(RequestId id) override;
  Result<ReleaseRequest> Update(const ReleaseRequest& request) override;
  Result<std::vector<ReleaseRequest>> ListForPair(PatientId patient, RequesterId requester,
                                                  Date since) override;
  Result<std::vector<ReleaseRequest>> List(const RequestQuery& query) override;
  Status AddTransition(const RequestTransition& transition) override;
  Result<std::vector<RequestTransition>> Transitions(RequestId request) override;
  Result<Letter> AddLetter(const Letter& letter) override;
  Result<std::vector<Letter>> Letters(RequestId request) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one transaction.
class SqlitePortalAccountRepository final : public PortalAccountRepository {
 public:
  SqlitePortalAccountRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}
  Status Insert(const PortalAccount& account) override;
  Result<PortalAccount> FindByUser(UserId user) override;
  Result<std::vector<RequestId>> RequestsOf(RequesterId requester) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one transaction.
class SqlitePatientMatchRepository final : public PatientMatchRepository {
 public:
  SqlitePatientMatchRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}
  Status MoveRequest(RequestId request, PatientId to) override;
  Result<std::int64_t> MoveDocuments(PatientId from, PatientId to) override;
  Result<std::int64_t> RequestCount(PatientId patient) override;
  Status Record(const PatientRematch& rematch) override;
  Result<PatientRematch> ForRequest(RequestId request) override;
  Result<PatientId> MergedInto(PatientId pending) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqlitePacketKeyRepository final : public PacketKeyRepository {
 public:
  // `connection` must outlive this object.
  SqlitePacketKeyRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<PacketSigningKey> Insert(const PacketSigningKey& key) override;
  Result<PacketSigningKey> Current() override;
  Result<std::vector<PacketSigningKey>> List() override;
  Result<PacketSigningKey> FindByPublicKey(std::string_view public_key) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteSavedViewRepository final : public SavedViewRepository {
 public:
  SqliteSavedViewRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}
  Result<std::vector<SavedView>> List(UserId user, std::string_view screen) override;
  Result<SavedView> Put(const SavedView& view) override;
  Status Delete(UserId user, std::int64_t id) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteNoticeRepository final : public NoticeRepository {
 public:
  SqliteNoticeRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}
  Result<bool> Raise(const RequestNotice& notice) override;
  Result<std::vector<RequestNotice>> ListForRequest(RequestId request) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteReviewRepository final : public ReviewRepository {
 public:
  // `connection` must outlive this object.
  SqliteReviewRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<ReviewTask> Insert(const ReviewTask& task) override;
  Result<ReviewTask> Find(ReviewId id) override;
  Result<std::vector<ReviewTask>> ListForRequest(RequestId request) override;
  Result<ReviewTask> Update(const ReviewTask& task) override;
  Result<RequestNotification> AddNotification(const RequestNotification& notification) override;
  Result<std::vector<RequestNotification>> Notifications(RequestId request) override;
  Result<ReviewSettings> Settings() override;
  Status PutSettings(const ReviewSettings& settings) override;
  Result<std::vector<ReviewTask>> ListOpenFor(const OpenReviewQuery& query) override;

 private:
  Status RequireRequest(RequestId request);
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteBillingRepository final : public BillingRepository {
 public:
  // `connection` must outlive this object.
  SqliteBillingRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Invoice> InsertInvoice(const Invoice& invoice) override;
  Result<Invoice> FindInvoice(RequestId request) override;
  Result<InvoiceCredit> AddCredit(const InvoiceCredit& credit) override;
  Result<std::vector<InvoiceCredit>> Credits(InvoiceId invoice) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteDocumentFileRepository final : public DocumentFileRepository {
 public:
  // `connection` must outlive this object.
  SqliteDocumentFileRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Status Insert(const DocumentFile& file) override;
  Result<DocumentFile> Find(ContentId content) override;
  Result<DocumentFile> FindByDigest(std::string_view digest) override;
  Status Attach(DocumentId document, ContentId content) override;
  Result<DocumentFile> ForDocument(DocumentId document) override;
  Result<std::vector<DocumentId>> DocumentsOf(ContentId content) override;

 private:
  Result<DocumentFile> One(Result<Statement> query, std::string missing);
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqlitePacketRepository final : public PacketRepository {
 public:
  // `connection` must outlive this object.
  SqlitePacketRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<PacketRecord> Insert(const PacketRecord& packet) override;
  Result<PacketRecord> Find(RequestId request, int sequence) override;
  Result<PacketRecord> FindByDigest(std::string_view digest) override;
  Result<std::vector<PacketRecord>> List(RequestId request) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteRedactionRepository final : public RedactionRepository {
 public:
  // `connection` must outlive this object.
  SqliteRedactionRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Redaction> Insert(const Redaction& redaction) override;
  Result<std::vector<Redaction>> ListForRequest(RequestId request) override;
  Status Delete(RequestId request, std::int64_t id) override;

 private:
  // `sql` selects 1 for (organization ?1, id ?2); NotFound names `what`.
  Status RequireRow(std::string_view sql, std::int64_t id, std::string_view what);
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteDenialReviewRepository final : public DenialReviewRepository {
 public:
  // `connection` must outlive this object.
  SqliteDenialReviewRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<HarmDetermination> AddHarmDetermination(const HarmDetermination& determination) override;
  Result<std::vector<HarmDetermination>> HarmDeterminations(RequestId request) override;
  Result<int> SetAsideHarmDeterminations(RequestId request, std::span<const DocumentId> documents,
                                         std::int64_t review_id) override;
  Result<DenialReview> InsertReview(const DenialReview& review) override;
  Result<DenialReview> FindReview(std::int64_t id) override;
  Result<std::vector<DenialReview>> ReviewsForRequest(RequestId request) override;
  Result<std::vector<DenialReview>> OpenReviews(int limit) override;
  Result<HarmDetermination> WithdrawHarmDetermination(const HarmDetermination& withdrawn) override;
  Result<DenialReview> UpdateReview(const DenialReview& review) override;

 private:
  // NotFound unless `table` has row `id` in this organization.
  Status RequireRow(std::string_view table, std::int64_t id);
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteReportRepository final : public ReportRepository {
 public:
  // `connection` must outlive this object.
  SqliteReportRepository(Connection& connection, OrganizationId organization)
      : connection_(connection), organization_(organization) {}

  Result<std::vector<TurnaroundGroup>> Turnaround(Date from, Date to) override;
  Result<std::vector<BacklogGroup>> OpenBacklog(Date today) override;
  Result<std::vector<VolumeGroup>> Volume(Date from, Date to) override;
  Result<FeeTotals> Fees(Date from, Date to) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteRetentionRepository final : public RetentionRepository {
 public:
  // `connection` must outlive this object.
  SqliteRetentionRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<LegalHold> PlaceHold(const LegalHold& hold) override;
  Result<LegalHold> FindHold(std::int64_t id) override;
  Result<LegalHold> ReleaseHold(std::int64_t id, UserId by, std::int64_t micros) override;
  Result<std::vector<LegalHold>> HoldsOnPatient(PatientId patient) override;
  Result<std::vector<LegalHold>> HoldsOnRequest(RequestId request) override;
  Result<std::vector<RetentionCandidate>> Candidates(Date cutoff, RequestId after,
                                                     int limit) override;
  Result<RetentionCandidate> Describe(RequestId request) override;
  Result<PurgeRecord> Purge(const PurgeRecord& record) override;
  Result<std::vector<PurgeRecord>> PurgeRecords(std::int64_t after_id, int limit) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqlitePatientAccessRepository final : public PatientAccessRepository {
 public:
  SqlitePatientAccessRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}
  Result<bool> HasAssignment(PatientId patient, UserId user) override;
  Result<BreakGlassGrant> InsertGrant(const BreakGlassGrant& grant) override;
  Result<std::optional<BreakGlassGrant>> LiveGrant(PatientId patient, UserId user,
                                                   std::int64_t now_micros) override;
  Result<std::vector<BreakGlassGrant>> ListGrants(const BreakGlassQuery& query) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteDeliveryRepository final : public DeliveryRepository {
 public:
  // `connection` must outlive this object.
  SqliteDeliveryRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<Delivery> Insert(const Delivery& delivery) override;
  Result<Delivery> Find(DeliveryId id) override;
  Result<Delivery> FindByTokenDigest(std::string_view token_digest) override;
  Result<std::vector<Delivery>> ListForRequest(RequestId request) override;
  Result<Delivery> Update(const Delivery& delivery) override;
  Result<DeliveryEvent> AddEvent(const DeliveryEvent& event) override;
  Result<std::vector<DeliveryEvent>> Events(DeliveryId delivery) override;

 private:
  Result<std::vector<Delivery>> Select(std::string_view where, SqlParam param);
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class SqliteFeeRepository final : public FeeSettingsRepository {
 public:
  // `connection` must outlive this object.
  SqliteFeeRepository(Connection& connection, OrganizationId organization, TxMode mode)
      : connection_(connection), organization_(organization), mode_(mode) {}

  Result<FeeSettings> Get() override;
  Result<FeeSettings> Put(const FeeSettings& settings) override;
  Result<std::optional<RequestCosts>> FindCosts(RequestId request) override;
  Result<RequestCosts> PutCosts(const RequestCosts& costs) override;

 private:
  Connection& connection_;
  OrganizationId organization_;
  TxMode mode_;
};

// One organization-bound unit of work on a connection whose transaction is already open.
class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(Connection& connection, OrganizationId organization, TxMode mode)
      : organization_(organization),
        facilities_(connection, organization, mode),
        patients_(connection, organization, mode),
        users_(connection, organization, mode),
        sessions_(connection, organization, mode),
        disclosures_(connection, organization, mode),
        audit_(connection, organization, mode),
        data_keys_(connection, organization, mode),
        contents_(connection, organization, mode),
        api_tokens_(connection, organization, mode),
        second_factors_(connection, organization, mode),
        jobs_(connection, organization, mode),
        requesters_(connection, organization, mode),
        documents_(connection, organization, mode),
        requests_(connection, organization, mode),
        notices_(connection, organization, mode),
        reviews_(connection, organization, mode),
        billing_(connection, organization, mode),
        document_files_(connection, organization, mode),
        packets_(connection, organization, mode),
        redactions_(connection, organization, mode),
        saved_views_(connection, organization, mode),
        reports_(connection, organization),
        retention_(connection, organization, mode),
        patient_access_(connection, organization, mode),
        deliveries_(connection, organization, mode),
        organization_rows_(connection, mode),
        organization_settings_(organization_rows_, organization),
        packet_keys_(connection, organization, mode),
        portal_accounts_(connection, organization, mode),
        denial_reviews_(connection, organization, mode),
        patient_matches_(connection, organization, mode),
        fees_(connection, organization, mode) {}

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
  SqliteFacilityRepository facilities_;
  SqlitePatientRepository patients_;
  SqliteUserRepository users_;
  SqliteSessionRepository sessions_;
  SqliteDisclosureRepository disclosures_;
  SqliteAuditRepository audit_;
  SqliteDataKeyRepository data_keys_;
  SqliteContentRepository contents_;
  SqliteApiTokenRepository api_tokens_;
  SqliteSecondFactorRepository second_factors_;
  SqliteJobRepository jobs_;
  SqliteRequesterRepository requesters_;
  SqliteDocumentRepository documents_;
  SqliteRequestRepository requests_;
  SqliteNoticeRepository notices_;
  SqliteReviewRepository reviews_;
  SqliteBillingRepository billing_;
  SqliteDocumentFileRepository document_files_;
  SqlitePacketRepository packets_;
  SqliteRedactionRepository redactions_;
  SqliteSavedViewRepository saved_views_;
  SqliteReportRepository reports_;
  SqliteRetentionRepository retention_;
  SqlitePatientAccessRepository patient_access_;
  SqliteDeliveryRepository deliveries_;
  SqliteOrganizationRepository organization_rows_;
  BoundOrganizationSettings organization_settings_;
  SqlitePacketKeyRepository packet_keys_;
  SqlitePortalAccountRepository portal_accounts_;
  SqliteDenialReviewRepository denial_reviews_;
  SqlitePatientMatchRepository patient_matches_;
  SqliteFeeRepository fees_;
};

// One organization-independent unit of work on a connection whose transaction is already open.
class SqliteSystemTransaction final : public SystemTransaction {
 public:
  SqliteSystemTransaction(Connection& connection, TxMode mode)
      : organizations_(connection, mode), jobs_(connection, mode) {}

  OrganizationRepository& Organizations() override { return organizations_; }
  JobQueue& Jobs() override { return jobs_; }

 private:
  SqliteOrganizationRepository organizations_;
  SqliteJobQueue jobs_;
};

}  // namespace roi::sqlite
