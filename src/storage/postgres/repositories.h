// Internal to roi_storage_postgres: the repositories of the storage port on one libpqxx
// transaction, and the transaction objects that hand them out.  Every organization-scoped
// statement passes the bound organization as $1 (statements.cc), so callers cannot reach another
// organization's rows.
#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "app/store.h"
#include "base/ascii.h"
#include "storage/postgres/errors.h"

namespace roi::postgres {

// What one transaction's repositories share.  A database error aborts a PostgreSQL transaction,
// so the first one is remembered: later calls return it without touching the database, and the
// store rolls back even if `work` ignored it.  Not thread-safe.
class TxContext {
 public:
  // `transaction` must outlive this object.
  TxContext(pqxx::dbtransaction& transaction, TxMode mode)
      : transaction_(transaction), mode_(mode) {}

  pqxx::dbtransaction& Transaction() { return transaction_; }
  // FailedPrecondition in a kRead transaction.
  Status RequireWrite() const;
  // The first database error of this transaction, if any.
  const std::optional<Error>& Failure() const { return failure_; }

  // Runs `fn`, converting any exception it throws to an Error and remembering it.
  template <typename Fn>
  auto Run(std::string_view operation, Fn&& fn) -> decltype(fn()) {
    if (failure_) return *failure_;
    try {
      return fn();
    } catch (...) {
      failure_ = CurrentExceptionToError(operation);
      return *failure_;
    }
  }

 private:
  pqxx::dbtransaction& transaction_;
  TxMode mode_;
  std::optional<Error> failure_;
};

// A LIKE pattern matching strings that start with `prefix`, escaping % _ and \ with '\'.
std::string LikePrefix(std::string_view prefix);

// Not thread-safe; lives inside one SystemTransaction.
class PgOrganizationRepository final : public OrganizationRepository {
 public:
  explicit PgOrganizationRepository(TxContext& context) : context_(context) {}
  Result<Organization> Insert(const Organization& organization) override;
  Result<Organization> Find(OrganizationId id) override;
  Result<Organization> FindBySlug(std::string_view slug) override;
  Result<std::vector<Organization>> List() override;
  Result<Organization> Update(const Organization& organization) override;

 private:
  TxContext& context_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgFacilityRepository final : public FacilityRepository {
 public:
  PgFacilityRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Facility> Insert(const Facility& facility) override;
  Result<Facility> Find(FacilityId id) override;
  Result<std::vector<Facility>> List() override;
  Result<Facility> Update(const Facility& facility) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgPatientRepository final : public PatientRepository {
 public:
  PgPatientRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Patient> Insert(const Patient& patient) override;
  Result<Patient> Find(PatientId id) override;
  Result<Patient> FindByMrn(std::string_view mrn) override;
  Result<std::vector<Patient>> List(const PatientQuery& query) override;
  Result<Patient> Update(const Patient& patient) override;
  Result<std::int64_t> Count() override;

 private:
  pqxx::result Select(const PatientQuery& query);
  Result<Patient> UpdateRow(const Patient& patient);

  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgUserRepository final : public UserRepository {
 public:
  PgUserRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<User> Insert(const User& user) override;
  Result<User> Find(UserId id) override;
  Result<User> FindByEmail(std::string_view email) override;
  Result<std::vector<User>> List() override;
  Result<User> Update(const User& user) override;

 private:
  Result<User> UpdateRow(const User& user);

  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgSessionRepository final : public SessionRepository {
 public:
  PgSessionRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Session> Insert(const Session& session) override;
  Result<Session> FindByTokenHash(std::string_view token_hash) override;
  Status Touch(std::string_view token_hash, std::int64_t last_seen_micros) override;
  Status Delete(std::string_view token_hash) override;
  Result<std::int64_t> DeleteForUser(UserId user) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgDisclosureRepository final : public DisclosureRepository {
 public:
  PgDisclosureRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
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
  // NotFound unless the patient / user is in this organization.  Call inside context_.Run.
  Status RequirePatient(PatientId id);
  Status RequireUser(UserId id);

  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.  Caches the head once
// LockHead has locked it (the row lock holds until the transaction ends).
class PgAuditRepository final : public AuditRepository {
 public:
  PgAuditRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<AuditChainHead> LockHead() override;
  Status Append(const AuditEvent& event) override;
  Result<AuditChainHead> Head() override;
  Result<std::vector<AuditEvent>> Scan(std::int64_t after_sequence, int limit) override;
  Result<std::vector<AuditEvent>> Query(const AuditQuery& query) override;
  Status InsertSeal(const AuditSeal& seal) override;
  Result<std::vector<AuditSeal>> Seals() override;

 private:
  TxContext& context_;
  OrganizationId organization_;
  std::optional<AuditChainHead> locked_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgDataKeyRepository final : public DataKeyRepository {
 public:
  PgDataKeyRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Status Insert(const DataKeyRecord& key) override;
  Result<DataKeyRecord> Find(int version) override;
  Result<std::vector<DataKeyRecord>> List() override;
  Status Rewrap(int version, std::string_view wrapped_key, std::string_view master_key_id) override;
  Status SetState(int version, DataKeyState state) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgContentRepository final : public ContentRepository {
 public:
  PgContentRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<ContentId> Create(const ContentRecord& content) override;
  Status PutChunk(ContentId id, std::int64_t index, std::string_view ciphertext) override;
  Status Seal(const ContentRecord& content) override;
  Result<ContentRecord> Find(ContentId id) override;
  Result<std::string> Chunk(ContentId id, std::int64_t index) override;
  Result<std::vector<ContentId>> ListBelowKeyVersion(int version, ContentId after,
                                                     int limit) override;

 private:
  // NotFound unless the row the prepared statement `exists` (taking $1 and $2) looks for exists.
  Status Require(const char* exists, std::int64_t key, const Error& missing);

  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgApiTokenRepository final : public ApiTokenRepository {
 public:
  PgApiTokenRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<ApiToken> Insert(const ApiToken& token) override;
  Result<ApiToken> Find(ApiTokenId id) override;
  Result<ApiToken> FindByDigest(std::string_view secret_digest) override;
  Result<std::vector<ApiToken>> ListForUser(UserId user) override;
  Status Touch(ApiTokenId id, std::int64_t last_used_micros) override;
  Status Revoke(ApiTokenId id, std::int64_t revoked_micros) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgSecondFactorRepository final : public SecondFactorRepository {
 public:
  PgSecondFactorRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<SecondFactor> Find(UserId user) override;
  Result<SecondFactor> Put(const SecondFactor& factor) override;
  Status Delete(UserId user) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgJobRepository final : public JobRepository {
 public:
  PgJobRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Job> Enqueue(const Job& job) override;
  Result<Job> Find(JobId id) override;
  Result<std::int64_t> CancelPending(std::string_view kind, std::string_view dedupe_key) override;
  Status Complete(JobId id, std::string_view owner, std::int64_t now_micros) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; lives inside one SystemTransaction.
class PgJobQueue final : public JobQueue {
 public:
  explicit PgJobQueue(TxContext& context) : context_(context) {}
  Result<std::vector<Job>> Claim(std::string_view owner, std::int64_t now_micros,
                                 std::int64_t lease_micros, int limit) override;
  Status Fail(JobId id, std::string_view owner, std::string_view error,
              std::optional<std::int64_t> retry_at_micros) override;

 private:
  TxContext& context_;
};

class PgRequesterRepository final : public RequesterRepository {
 public:
  PgRequesterRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Requester> Insert(const Requester& requester) override;
  Result<Requester> Find(RequesterId id) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgDocumentRepository final : public DocumentRepository {
 public:
  PgDocumentRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Document> Insert(const Document& document) override;
  Result<Document> Find(DocumentId id) override;
  Result<std::vector<Document>> ListForPatient(PatientId patient) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgRequestRepository final : public RequestRepository {
 public:
  PgRequestRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
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
  TxContext& context_;
  OrganizationId organization_;
};
// Not thread-safe; bound to one organization inside one Transaction.
class PgDenialReviewRepository final : public DenialReviewRepository {
 public:
  PgDenialReviewRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
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
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgRedactionRepository final : public RedactionRepository {
 public:
  PgRedactionRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Redaction> Insert(const Redaction& redaction) override;
  Result<std::vector<Redaction>> ListForRequest(RequestId request) override;
  Status Delete(RequestId request, std::int64_t id) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgDocumentFileRepository final : public DocumentFileRepository {
 public:
  PgDocumentFileRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Status Insert(const DocumentFile& file) override;
  Result<DocumentFile> Find(ContentId content) override;
  Result<DocumentFile> FindByDigest(std::string_view digest) override;
  Status Attach(DocumentId document, ContentId content) override;
  Result<DocumentFile> ForDocument(DocumentId document) override;
  Result<std::vector<DocumentId>> DocumentsOf(ContentId content) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgPacketKeyRepository final : public PacketKeyRepository {
 public:
  PgPacketKeyRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<PacketSigningKey> Insert(const PacketSigningKey& key) override;
  Result<PacketSigningKey> Current() override;
  Result<std::vector<PacketSigningKey>> List() override;
  Result<PacketSigningKey> FindByPublicKey(std::string_view public_key) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgPatientMatchRepository final : public PatientMatchRepository {
 public:
  PgPatientMatchRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Status MoveRequest(RequestId request, PatientId to) override;
  Result<std::int64_t> MoveDocuments(PatientId from, PatientId to) override;
  Result<std::int64_t> RequestCount(PatientId patient) override;
  Status Record(const PatientRematch& rematch) override;
  Result<PatientRematch> ForRequest(RequestId request) override;
  Result<PatientId> MergedInto(PatientId pending) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgPortalAccountRepository final : public PortalAccountRepository {
 public:
  PgPortalAccountRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Status Insert(const PortalAccount& account) override;
  Result<PortalAccount> FindByUser(UserId user) override;
  Result<std::vector<RequestId>> RequestsOf(RequesterId requester) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgSavedViewRepository final : public SavedViewRepository {
 public:
  PgSavedViewRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<std::vector<SavedView>> List(UserId user, std::string_view screen) override;
  Result<SavedView> Put(const SavedView& view) override;
  Status Delete(UserId user, std::int64_t id) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgNoticeRepository final : public NoticeRepository {
 public:
  PgNoticeRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<bool> Raise(const RequestNotice& notice) override;
  Result<std::vector<RequestNotice>> ListForRequest(RequestId request) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgReviewRepository final : public ReviewRepository {
 public:
  PgReviewRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
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
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgBillingRepository final : public BillingRepository {
 public:
  PgBillingRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Invoice> InsertInvoice(const Invoice& invoice) override;
  Result<Invoice> FindInvoice(RequestId request) override;
  Result<InvoiceCredit> AddCredit(const InvoiceCredit& credit) override;
  Result<std::vector<InvoiceCredit>> Credits(InvoiceId invoice) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgPacketRepository final : public PacketRepository {
 public:
  PgPacketRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<PacketRecord> Insert(const PacketRecord& packet) override;
  Result<PacketRecord> Find(RequestId request, int sequence) override;
  Result<PacketRecord> FindByDigest(std::string_view digest) override;
  Result<std::vector<PacketRecord>> List(RequestId request) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgReportRepository final : public ReportRepository {
 public:
  PgReportRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<std::vector<TurnaroundGroup>> Turnaround(Date from, Date to) override;
  Result<std::vector<BacklogGroup>> OpenBacklog(Date today) override;
  Result<std::vector<VolumeGroup>> Volume(Date from, Date to) override;
  Result<FeeTotals> Fees(Date from, Date to) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgRetentionRepository final : public RetentionRepository {
 public:
  PgRetentionRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
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
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgPatientAccessRepository final : public PatientAccessRepository {
 public:
  PgPatientAccessRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<bool> HasAssignment(PatientId patient, UserId user) override;
  Result<BreakGlassGrant> InsertGrant(const BreakGlassGrant& grant) override;
  Result<std::optional<BreakGlassGrant>> LiveGrant(PatientId patient, UserId user,
                                                   std::int64_t now_micros) override;
  Result<std::vector<BreakGlassGrant>> ListGrants(const BreakGlassQuery& query) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgDeliveryRepository final : public DeliveryRepository {
 public:
  PgDeliveryRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<Delivery> Insert(const Delivery& delivery) override;
  Result<Delivery> Find(DeliveryId id) override;
  Result<Delivery> FindByTokenDigest(std::string_view token_digest) override;
  Result<std::vector<Delivery>> ListForRequest(RequestId request) override;
  Result<Delivery> Update(const Delivery& delivery) override;
  Result<DeliveryEvent> AddEvent(const DeliveryEvent& event) override;
  Result<std::vector<DeliveryEvent>> Events(DeliveryId delivery) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one Transaction.
class PgFeeRepository final : public FeeSettingsRepository {
 public:
  PgFeeRepository(TxContext& context, OrganizationId organization)
      : context_(context), organization_(organization) {}
  Result<FeeSettings> Get() override;
  Result<FeeSettings> Put(const FeeSettings& settings) override;
  Result<std::optional<RequestCosts>> FindCosts(RequestId request) override;
  Result<RequestCosts> PutCosts(const RequestCosts& costs) override;

 private:
  TxContext& context_;
  OrganizationId organization_;
};

class PgTransaction final : public Transaction {
 public:
  PgTransaction(TxContext& context, OrganizationId organization)
      : organization_(organization),
        facilities_(context, organization),
        patients_(context, organization),
        users_(context, organization),
        sessions_(context, organization),
        disclosures_(context, organization),
        audit_(context, organization),
        data_keys_(context, organization),
        contents_(context, organization),
        api_tokens_(context, organization),
        second_factors_(context, organization),
        jobs_(context, organization),
        requesters_(context, organization),
        documents_(context, organization),
        requests_(context, organization),
        notices_(context, organization),
        reviews_(context, organization),
        billing_(context, organization),
        document_files_(context, organization),
        packets_(context, organization),
        redactions_(context, organization),
        saved_views_(context, organization),
        reports_(context, organization),
        retention_(context, organization),
        patient_access_(context, organization),
        deliveries_(context, organization),
        organization_rows_(context),
        organization_settings_(organization_rows_, organization),
        packet_keys_(context, organization),
        portal_accounts_(context, organization),
        denial_reviews_(context, organization),
        patient_matches_(context, organization),
        fees_(context, organization) {}
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
  PgFacilityRepository facilities_;
  PgPatientRepository patients_;
  PgUserRepository users_;
  PgSessionRepository sessions_;
  PgDisclosureRepository disclosures_;
  PgAuditRepository audit_;
  PgDataKeyRepository data_keys_;
  PgContentRepository contents_;
  PgApiTokenRepository api_tokens_;
  PgSecondFactorRepository second_factors_;
  PgJobRepository jobs_;
  PgRequesterRepository requesters_;
  PgDocumentRepository documents_;
  PgRequestRepository requests_;
  PgNoticeRepository notices_;
  PgReviewRepository reviews_;
  PgBillingRepository billing_;
  PgDocumentFileRepository document_files_;
  PgPacketRepository packets_;
  PgRedactionRepository redactions_;
  PgSavedViewRepository saved_views_;
  PgReportRepository reports_;
  PgRetentionRepository retention_;
  PgPatientAccessRepository patient_access_;
  PgDeliveryRepository deliveries_;
  PgOrganizationRepository organization_rows_;
  BoundOrganizationSettings organization_settings_;
  PgPacketKeyRepository packet_keys_;
  PgPortalAccountRepository portal_accounts_;
  PgDenialReviewRepository denial_reviews_;
  PgPatientMatchRepository patient_matches_;
  PgFeeRepository fees_;
};

class PgSystemTransaction final : public SystemTransaction {
 public:
  explicit PgSystemTransaction(TxContext& context) : organizations_(context), jobs_(context) {}
  OrganizationRepository& Organizations() override { return organizations_; }
  JobQueue& Jobs() override { return jobs_; }

 private:
  PgOrganizationRepository organizations_;
  PgJobQueue jobs_;
};

}  // namespace roi::postgres
