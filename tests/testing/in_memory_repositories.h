// Internal to roi_testing: the InMemoryStore's repositories.  Each reads from `view` and, in a
// write transaction, writes to `data` (the same object); `data` is null in read transactions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/store.h"
#include "testing/in_memory_store.h"

namespace roi::testing {

// Not thread-safe; lives inside one transaction.
class InMemoryOrganizations final : public OrganizationRepository {
 public:
  InMemoryOrganizations(InMemoryData* data, const InMemoryData& view) : data_(data), view_(view) {}
  Result<Organization> Insert(const Organization& organization) override;
  Result<Organization> Find(OrganizationId id) override;
  Result<Organization> FindBySlug(std::string_view slug) override;
  Result<std::vector<Organization>> List() override;
  Result<Organization> Update(const Organization& organization) override;

 private:
  bool SlugTaken(const std::string& slug, OrganizationId except) const;
  InMemoryData* data_;
  const InMemoryData& view_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryFacilities final : public FacilityRepository {
 public:
  InMemoryFacilities(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Facility> Insert(const Facility& facility) override;
  Result<Facility> Find(FacilityId id) override;
  Result<std::vector<Facility>> List() override;
  Result<Facility> Update(const Facility& facility) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryPatients final : public PatientRepository {
 public:
  InMemoryPatients(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Patient> Insert(const Patient& patient) override;
  Result<Patient> Find(PatientId id) override;
  Result<Patient> FindByMrn(std::string_view mrn) override;
  Result<std::vector<Patient>> List(const PatientQuery& query) override;
  Result<Patient> Update(const Patient& patient) override;
  Result<std::int64_t> Count() override;

 private:
  bool MrnTaken(const std::string& mrn, PatientId except) const;
  bool Matches(const Patient& patient, const PatientQuery& query) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryUsers final : public UserRepository {
 public:
  InMemoryUsers(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<User> Insert(const User& user) override;
  Result<User> Find(UserId id) override;
  Result<User> FindByEmail(std::string_view email) override;
  Result<std::vector<User>> List() override;
  Result<User> Update(const User& user) override;

 private:
  bool EmailTaken(const std::string& email, UserId except) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemorySessions final : public SessionRepository {
 public:
  InMemorySessions(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Session> Insert(const Session& session) override;
  Result<Session> FindByTokenHash(std::string_view token_hash) override;
  Status Touch(std::string_view token_hash, std::int64_t last_seen_micros) override;
  Status Delete(std::string_view token_hash) override;
  Result<std::int64_t> DeleteForUser(UserId user) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryDisclosures final : public DisclosureRepository {
 public:
  InMemoryDisclosures(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
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
  // NotFound unless the patient / user is in this organization.
  Status RequirePatient(PatientId id) const;
  Status RequireUser(UserId id) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryAudit final : public AuditRepository {
 public:
  InMemoryAudit(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<AuditChainHead> LockHead() override;
  Status Append(const AuditEvent& event) override;
  Result<AuditChainHead> Head() override;
  Result<std::vector<AuditEvent>> Scan(std::int64_t after_sequence, int limit) override;
  Result<std::vector<AuditEvent>> Query(const AuditQuery& query) override;
  Status InsertSeal(const AuditSeal& seal) override;
  Result<std::vector<AuditSeal>> Seals() override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryDataKeys final : public DataKeyRepository {
 public:
  InMemoryDataKeys(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Status Insert(const DataKeyRecord& key) override;
  Result<DataKeyRecord> Find(int version) override;
  Result<std::vector<DataKeyRecord>> List() override;
  Status Rewrap(int version, std::string_view wrapped_key, std::string_view master_key_id) override;
  Status SetState(int version, DataKeyState state) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryContents final : public ContentRepository {
 public:
  InMemoryContents(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<ContentId> Create(const ContentRecord& content) override;
  Status PutChunk(ContentId id, std::int64_t index, std::string_view ciphertext) override;
  Status Seal(const ContentRecord& content) override;
  Result<ContentRecord> Find(ContentId id) override;
  Result<std::string> Chunk(ContentId id, std::int64_t index) override;
  Result<std::vector<ContentId>> ListBelowKeyVersion(int version, ContentId after,
                                                     int limit) override;

 private:
  Status RequireKeyVersion(int version) const;
  Status RequireContent(ContentId id) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryApiTokens final : public ApiTokenRepository {
 public:
  InMemoryApiTokens(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<ApiToken> Insert(const ApiToken& token) override;
  Result<ApiToken> Find(ApiTokenId id) override;
  Result<ApiToken> FindByDigest(std::string_view secret_digest) override;
  Result<std::vector<ApiToken>> ListForUser(UserId user) override;
  Status Touch(ApiTokenId id, std::int64_t last_used_micros) override;
  Status Revoke(ApiTokenId id, std::int64_t revoked_micros) override;

 private:
  // The stored token `id` of this organization in the writable data, or null.
  ApiToken* Writable(ApiTokenId id);
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemorySecondFactors final : public SecondFactorRepository {
 public:
  InMemorySecondFactors(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<SecondFactor> Find(UserId user) override;
  Result<SecondFactor> Put(const SecondFactor& factor) override;
  Status Delete(UserId user) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryJobs final : public JobRepository {
 public:
  InMemoryJobs(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Job> Enqueue(const Job& job) override;
  Result<Job> Find(JobId id) override;
  Result<std::int64_t> CancelPending(std::string_view kind, std::string_view dedupe_key) override;
  Status Complete(JobId id, std::string_view owner, std::int64_t now_micros) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; lives inside one system transaction.
class InMemoryJobQueue final : public JobQueue {
 public:
  InMemoryJobQueue(InMemoryData* data, const InMemoryData& view) : data_(data), view_(view) {}
  Result<std::vector<Job>> Claim(std::string_view owner, std::int64_t now_micros,
                                 std::int64_t lease_micros, int limit) override;
  Status Fail(JobId id, std::string_view owner, std::string_view error,
              std::optional<std::int64_t> retry_at_micros) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
};

class InMemoryRequesters final : public RequesterRepository {
 public:
  InMemoryRequesters(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Requester> Insert(const Requester& requester) override;
  Result<Requester> Find(RequesterId id) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryDocuments final : public DocumentRepository {
 public:
  InMemoryDocuments(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Document> Insert(const Document& document) override;
  Result<Document> Find(DocumentId id) override;
  Result<std::vector<Document>> ListForPatient(PatientId patient) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryRequests final : public RequestRepository {
 public:
  InMemoryRequests(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
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
  bool Matches(const ReleaseRequest& request, const RequestQuery& query) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

class InMemoryPortalAccounts final : public PortalAccountRepository {
 public:
  InMemoryPortalAccounts(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Status Insert(const PortalAccount& account) override;
  Result<PortalAccount> FindByUser(UserId user) override;
  Result<std::vector<RequestId>> RequestsOf(RequesterId requester) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

class InMemoryPatientMatches final : public PatientMatchRepository {
 public:
  InMemoryPatientMatches(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Status MoveRequest(RequestId request, PatientId to) override;
  Result<std::int64_t> MoveDocuments(PatientId from, PatientId to) override;
  Result<std::int64_t> RequestCount(PatientId patient) override;
  Status Record(const PatientRematch& rematch) override;
  Result<PatientRematch> ForRequest(RequestId request) override;
  Result<PatientId> MergedInto(PatientId pending) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

class InMemorySavedViews final : public SavedViewRepository {
 public:
  InMemorySavedViews(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<std::vector<SavedView>> List(UserId user, std::string_view screen) override;
  Result<SavedView> Put(const SavedView& view) override;
  Status Delete(UserId user, std::int64_t id) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

class InMemoryNotices final : public NoticeRepository {
 public:
  InMemoryNotices(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<bool> Raise(const RequestNotice& notice) override;
  Result<std::vector<RequestNotice>> ListForRequest(RequestId request) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryReviews final : public ReviewRepository {
 public:
  InMemoryReviews(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
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
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryBilling final : public BillingRepository {
 public:
  InMemoryBilling(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Invoice> InsertInvoice(const Invoice& invoice) override;
  Result<Invoice> FindInvoice(RequestId request) override;
  Result<InvoiceCredit> AddCredit(const InvoiceCredit& credit) override;
  Result<std::vector<InvoiceCredit>> Credits(InvoiceId invoice) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryDocumentFiles final : public DocumentFileRepository {
 public:
  InMemoryDocumentFiles(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Status Insert(const DocumentFile& file) override;
  Result<DocumentFile> Find(ContentId content) override;
  Result<DocumentFile> FindByDigest(std::string_view digest) override;
  Status Attach(DocumentId document, ContentId content) override;
  Result<DocumentFile> ForDocument(DocumentId document) override;
  Result<std::vector<DocumentId>> DocumentsOf(ContentId content) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryPackets final : public PacketRepository {
 public:
  InMemoryPackets(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<PacketRecord> Insert(const PacketRecord& packet) override;
  Result<PacketRecord> Find(RequestId request, int sequence) override;
  Result<PacketRecord> FindByDigest(std::string_view digest) override;
  Result<std::vector<PacketRecord>> List(RequestId request) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.  Aggregates by walking the
// maps (the fake has no indexes), with the adapters' grouping and order.
class InMemoryReports final : public ReportRepository {
 public:
  InMemoryReports(const InMemoryData& view, OrganizationId organization)
      : view_(view), organization_(organization) {}
  Result<std::vector<TurnaroundGroup>> Turnaround(Date from, Date to) override;
  Result<std::vector<BacklogGroup>> OpenBacklog(Date today) override;
  Result<std::vector<VolumeGroup>> Volume(Date from, Date to) override;
  Result<FeeTotals> Fees(Date from, Date to) override;

 private:
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryRetention final : public RetentionRepository {
 public:
  InMemoryRetention(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
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
  RetentionCandidate Describe(const ReleaseRequest& request) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryPatientAccess final : public PatientAccessRepository {
 public:
  InMemoryPatientAccess(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<bool> HasAssignment(PatientId patient, UserId user) override;
  Result<BreakGlassGrant> InsertGrant(const BreakGlassGrant& grant) override;
  Result<std::optional<BreakGlassGrant>> LiveGrant(PatientId patient, UserId user,
                                                   std::int64_t now_micros) override;
  Result<std::vector<BreakGlassGrant>> ListGrants(const BreakGlassQuery& query) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryDeliveries final : public DeliveryRepository {
 public:
  InMemoryDeliveries(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Delivery> Insert(const Delivery& delivery) override;
  Result<Delivery> Find(DeliveryId id) override;
  Result<Delivery> FindByTokenDigest(std::string_view token_digest) override;
  Result<std::vector<Delivery>> ListForRequest(RequestId request) override;
  Result<Delivery> Update(const Delivery& delivery) override;
  Result<DeliveryEvent> AddEvent(const DeliveryEvent& event) override;
  Result<std::vector<DeliveryEvent>> Events(DeliveryId delivery) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Returns FailedPrecondition when `data` is null (a read transaction).
Status RequireWrite(const InMemoryData* data);

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryRedactions final : public RedactionRepository {
 public:
  InMemoryRedactions(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Redaction> Insert(const Redaction& redaction) override;
  Result<std::vector<Redaction>> ListForRequest(RequestId request) override;
  Status Delete(RequestId request, std::int64_t id) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryPacketKeys final : public PacketKeyRepository {
 public:
  InMemoryPacketKeys(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<PacketSigningKey> Insert(const PacketSigningKey& key) override;
  Result<PacketSigningKey> Current() override;
  Result<std::vector<PacketSigningKey>> List() override;
  Result<PacketSigningKey> FindByPublicKey(std::string_view public_key) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryDenialReviews final : public DenialReviewRepository {
 public:
  InMemoryDenialReviews(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
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
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryFees final : public FeeSettingsRepository {
 public:
  InMemoryFees(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<FeeSettings> Get() override;
  Result<FeeSettings> Put(const FeeSettings& settings) override;
  Result<std::optional<RequestCosts>> FindCosts(RequestId request) override;
  Result<RequestCosts> PutCosts(const RequestCosts& costs) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

}  // namespace roi::testing
