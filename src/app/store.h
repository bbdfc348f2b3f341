// Store: the storage port.  A Store hands out transactions; every repository reached through a
// Transaction is bound to one organization, so a query can never see another organization's
// rows even if a caller forgets to filter (the filter lives in the adapter, not the caller).
// Adapters: storage/sqlite, storage/postgres, and the in-memory fake in tests/testing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/api_token.h"
#include "app/content_store.h"
#include "app/packet_key_store.h"
#include "app/packet_store.h"
#include "app/patient_match_store.h"
#include "app/portal_store.h"
#include "app/report_store.h"
#include "app/retention_store.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/audit.h"
#include "domain/break_glass.h"
#include "domain/delivery.h"
#include "domain/denial_review.h"
#include "domain/disclosure.h"
#include "domain/document.h"
#include "domain/fee_settings.h"
#include "domain/invoice.h"
#include "domain/job.h"
#include "domain/organization.h"
#include "domain/patient.h"
#include "domain/redaction.h"
#include "domain/release_request.h"
#include "domain/request_notice.h"
#include "domain/requester.h"
#include "domain/review.h"
#include "domain/saved_view.h"
#include "domain/user.h"

namespace roi {

// Organizations are the tenants themselves, so this repository is not organization-scoped.
// Interface; used only inside a SystemTransaction.
class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  // Stores a new organization and returns it with its assigned id and version 1.
  // Returns InvalidArgument if it does not validate, AlreadyExists if the slug is taken.
  virtual Result<Organization> Insert(const Organization& organization) = 0;
  // Returns NotFound if there is no such organization.
  virtual Result<Organization> Find(OrganizationId id) = 0;
  // Returns NotFound if there is no organization with this slug.
  virtual Result<Organization> FindBySlug(std::string_view slug) = 0;
  // All organizations, by id.
  virtual Result<std::vector<Organization>> List() = 0;
  // Replaces name/slug/state when `organization.version` matches the stored version, and returns
  // the row with the version incremented.  Returns Aborted on a version mismatch, NotFound if the
  // row is gone, InvalidArgument if it does not validate, AlreadyExists if the new slug is taken.
  virtual Result<Organization> Update(const Organization& organization) = 0;
};

// Interface; bound to the transaction's organization.
class FacilityRepository {
 public:
  virtual ~FacilityRepository() = default;
  // Returns the stored facility (id assigned, version 1).  `facility.organization_id` is ignored:
  // the transaction's organization is used.  Returns InvalidArgument if it does not validate.
  virtual Result<Facility> Insert(const Facility& facility) = 0;
  // Returns NotFound if no facility with this id exists in this organization.
  virtual Result<Facility> Find(FacilityId id) = 0;
  virtual Result<std::vector<Facility>> List() = 0;
  // Replaces name and NPI when `facility.version` matches, returning it with version + 1.
  // Returns Aborted on a version mismatch, NotFound if absent from this organization,
  // InvalidArgument if it does not validate.
  virtual Result<Facility> Update(const Facility& facility) = 0;
};

// Interface; bound to the transaction's organization: its own row of the organizations table
// (name, state, entity type, Part 2 flag, assignment-scoped roles), so that a use case can read
// and change its organization's settings in the same transaction as its audit event.
class OrganizationSettingsRepository {
 public:
  virtual ~OrganizationSettingsRepository() = default;
  // The transaction's organization.
  virtual Result<Organization> Get() = 0;
  // OrganizationRepository::Update for the transaction's organization (`organization.id` is
  // ignored).
  virtual Result<Organization> Update(const Organization& organization) = 0;
};

// OrganizationSettingsRepository over an OrganizationRepository, for the adapters.  Not
// thread-safe; `rows` must outlive it.
class BoundOrganizationSettings final : public OrganizationSettingsRepository {
 public:
  BoundOrganizationSettings(OrganizationRepository& rows, OrganizationId organization)
      : rows_(rows), organization_(organization) {}
  Result<Organization> Get() override { return rows_.Find(organization_); }
  Result<Organization> Update(const Organization& organization) override {
    Organization bound = organization;
    bound.id = organization_;
    return rows_.Update(bound);
  }

 private:
  OrganizationRepository& rows_;
  OrganizationId organization_;
};

// Filters and paging for PatientRepository::List.  Keyset paging: pass the last id seen.
struct PatientQuery {
  std::string family_name_prefix;  // Case-insensitive (ASCII) literal prefix; empty matches all.
  std::string mrn;                 // Exact MRN; empty matches all.
  PatientId after_id;              // Return patients with a larger id; unset starts at the first.
  int limit = 50;                  // 1..1000.
};

// Interface; bound to the transaction's organization.
class PatientRepository {
 public:
  virtual ~PatientRepository() = default;
  // Returns the stored patient (id assigned, version 1).  Returns InvalidArgument if it does not
  // validate, AlreadyExists if the MRN is taken in this organization.
  virtual Result<Patient> Insert(const Patient& patient) = 0;
  // Returns NotFound if no such patient exists in this organization.
  virtual Result<Patient> Find(PatientId id) = 0;
  // Returns NotFound if no patient in this organization has this MRN.
  virtual Result<Patient> FindByMrn(std::string_view mrn) = 0;
  // Patients matching `query`, ordered by id.  Returns InvalidArgument for a limit outside 1..1000.
  virtual Result<std::vector<Patient>> List(const PatientQuery& query) = 0;
  // Replaces the patient when `patient.version` matches, returning it with version + 1.  Returns
  // Aborted on a version mismatch, NotFound if absent from this organization, InvalidArgument if
  // it does not validate, AlreadyExists if the new MRN is taken.
  virtual Result<Patient> Update(const Patient& patient) = 0;
  virtual Result<std::int64_t> Count() = 0;
};

// Interface; bound to the transaction's organization.
class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Returns the stored user (id assigned, version 1, email normalized to lower case).
  // `user.organization_id` is ignored: the transaction's organization is used.  Returns
  // InvalidArgument if it does not validate, AlreadyExists if the email is taken in this
  // organization (case-insensitively).
  virtual Result<User> Insert(const User& user) = 0;
  // Returns NotFound if no such user exists in this organization.
  virtual Result<User> Find(UserId id) = 0;
  // Case-insensitive.  Returns NotFound if no user of this organization has this email.
  virtual Result<User> FindByEmail(std::string_view email) = 0;
  // This organization's users, by id.
  virtual Result<std::vector<User>> List() = 0;
  // Replaces the user when `user.version` matches, returning it with version + 1.  Returns
  // Aborted on a version mismatch, NotFound if absent from this organization, InvalidArgument if
  // it does not validate, AlreadyExists if the new email is taken.
  virtual Result<User> Update(const User& user) = 0;
};

// Interface; bound to the transaction's organization.  Sessions are found by the hash of their
// token; the token itself is never stored.
class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  // Stores `session` (its organization_id is replaced by the transaction's).  Returns
  // InvalidArgument if it does not validate, NotFound if its user is not in this organization,
  // AlreadyExists if the token hash is taken.
  virtual Result<Session> Insert(const Session& session) = 0;
  // Returns NotFound if no session of this organization has this token hash.
  virtual Result<Session> FindByTokenHash(std::string_view token_hash) = 0;
  // Sets last_seen_micros (which extends the idle timeout).  Returns NotFound if there is no
  // such session.
  virtual Status Touch(std::string_view token_hash, std::int64_t last_seen_micros) = 0;
  // Removes the session; OK if it was already gone.
  virtual Status Delete(std::string_view token_hash) = 0;
  // Removes every session of `user`, returning how many there were.
  virtual Result<std::int64_t> DeleteForUser(UserId user) = 0;
};

// Keyset position in a patient's disclosure log: the (disclosed_on, id) of the last row seen.
struct DisclosureCursor {
  Date disclosed_on;
  DisclosureId id;
  bool operator==(const DisclosureCursor&) const = default;
};

// Filters and paging for DisclosureRepository::List.
struct DisclosureQuery {
  PatientId patient;                      // Required.
  std::optional<Date> from;               // Inclusive; unset: no lower bound.
  std::optional<Date> to;                 // Inclusive; unset: no upper bound.
  std::optional<DisclosureCursor> after;  // Rows strictly after this position; unset: the first.
  int limit = 100;                        // 1..1000.
};

// Value type: how many disclosures were made on one basis in a date range.
struct DisclosureVolume {
  DisclosureBasis basis = DisclosureBasis::kTreatment;
  std::int64_t count = 0;
  bool operator==(const DisclosureVolume&) const = default;
};

// Filters and paging for DisclosureRepository::ListSuspensions.
struct SuspensionQuery {
  std::optional<Date> in_force_on;  // Only suspensions in force that day; unset: all.
  AccountingSuspensionId after_id;  // Keyset: suspensions with a larger id.
  int limit = 100;                  // 1..1000.
};

// Interface; bound to the transaction's organization.  The disclosure log is append-only: there
// is no Update or Delete of a disclosure (corrections are new entries).  Indexed for a patient's
// log by (organization_id, patient_id, disclosed_on, id), so List stays an index range scan at
// millions of rows (docs/disclosures.md).
class DisclosureRepository {
 public:
  virtual ~DisclosureRepository() = default;
  // Stores `entry` (id assigned; organization_id replaced by the transaction's).  `request_id` is
  // stored as given, without checking that the request exists.  Returns InvalidArgument if it
  // does not validate (ValidateDisclosure), NotFound if the patient or the released_by user is not
  // in this organization.
  virtual Result<DisclosureEntry> Insert(const DisclosureEntry& entry) = 0;
  // Returns NotFound if no such disclosure exists in this organization.
  virtual Result<DisclosureEntry> Find(DisclosureId id) = 0;
  // One patient's disclosures matching `query`, ordered by (disclosed_on, id).  Returns
  // InvalidArgument for an unset patient or a limit outside 1..1000.  An unknown patient yields an
  // empty list (callers check the patient first when they need NotFound).
  virtual Result<std::vector<DisclosureEntry>> List(const DisclosureQuery& query) = 0;
  // The disclosures that fulfilled `request` (request_id equal to it), by id; an empty list when
  // there are none.  Served by the (organization_id, request_id) index.
  virtual Result<std::vector<DisclosureEntry>> ListForRequest(RequestId request) = 0;
  // This organization's disclosures with disclosed_on in [from, to], counted per basis, in the
  // order of kAllDisclosureBases; bases without disclosures are left out.  Served by the
  // (organization_id, disclosed_on) index.
  virtual Result<std::vector<DisclosureVolume>> CountByBasis(Date from, Date to) = 0;

  // Stores a suspension (id assigned).  Returns InvalidArgument if it does not validate
  // (ValidateSuspension), NotFound if its patient (when set) or recorded_by user is not in this
  // organization.
  virtual Result<AccountingSuspension> InsertSuspension(const AccountingSuspension& suspension) = 0;
  // Suspensions matching `query`, by id.  Returns InvalidArgument for a limit outside 1..1000.
  virtual Result<std::vector<AccountingSuspension>> ListSuspensions(
      const SuspensionQuery& query) = 0;

  // Records that an accounting was provided (id assigned).  Returns InvalidArgument if it does not
  // validate (ValidateAccountingRecord), NotFound if the patient or provided_by user is not in
  // this organization.
  virtual Result<AccountingRecord> InsertAccounting(const AccountingRecord& record) = 0;
  // The patient's accountings requested in [from, to], by requested_on then id.
  virtual Result<std::vector<AccountingRecord>> ListAccountings(PatientId patient, Date from,
                                                                Date to) = 0;
};

// The last event of an organization's audit chain: sequence 0 and kAuditGenesisHash when empty.
struct AuditChainHead {
  std::int64_t sequence = 0;
  std::string hash = std::string(kAuditGenesisHash);
  bool operator==(const AuditChainHead&) const = default;
};

// Filters and paging for AuditRepository::Query.  Every set filter must match.  Keyset paging:
// pass the last sequence seen.
struct AuditQuery {
  PatientId patient;                        // Unset matches all.
  UserId actor;                             // Unset matches all.
  std::optional<AuditAction> action;        // Unset matches all.
  std::optional<AuditOutcome> outcome;      // Unset matches all.
  std::optional<std::int64_t> from_micros;  // occurred_micros >= from.
  std::optional<std::int64_t> to_micros;    // occurred_micros < to.
  std::int64_t after_sequence = 0;          // Return events with a larger sequence.
  int limit = 100;                          // 1..1000.
};

// Interface; bound to the transaction's organization.  Stores and reads the audit chain; it
// never computes hashes (app/audit_trail.h does).  Rows are only ever appended.
class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // Locks this organization's chain head until the transaction ends, so concurrent appenders
  // of the same organization take turns (PostgreSQL: SELECT ... FOR UPDATE on the head row;
  // SQLite write transactions are serialized anyway), and returns it.  Returns FailedPrecondition
  // in a kRead transaction.
  virtual Result<AuditChainHead> LockHead() = 0;
  // Appends `event` (its organization_id is replaced by the transaction's) and makes it the head.
  // REQUIRES: LockHead() earlier in this transaction.  Returns InvalidArgument if it does not
  // validate, FailedPrecondition if it does not extend the head (sequence = head + 1, prev_hash =
  // head hash) or in a kRead transaction.
  virtual Status Append(const AuditEvent& event) = 0;
  // The stored head, without locking.
  virtual Result<AuditChainHead> Head() = 0;
  // Up to `limit` (1..10000) events with sequence > after_sequence, by sequence, exactly as
  // stored (no check).  Returns InvalidArgument for a bad limit.
  virtual Result<std::vector<AuditEvent>> Scan(std::int64_t after_sequence, int limit) = 0;
  // Events matching `query`, by sequence.  Returns InvalidArgument for a limit outside 1..1000.
  virtual Result<std::vector<AuditEvent>> Query(const AuditQuery& query) = 0;
  // Stores a seal (organization replaced by the transaction's).  Returns AlreadyExists if this
  // organization has a seal at that sequence, FailedPrecondition in a kRead transaction.
  virtual Status InsertSeal(const AuditSeal& seal) = 0;
  // Every seal of this organization, by sequence.
  virtual Result<std::vector<AuditSeal>> Seals() = 0;
};

// Interface; bound to the transaction's organization.  Tokens are found by the digest of their
// secret; the secret itself is never stored.
class ApiTokenRepository {
 public:
  virtual ~ApiTokenRepository() = default;
  // Returns the stored token (id assigned; organization_id replaced by the transaction's).
  // Returns InvalidArgument if it does not validate, NotFound if its user is not in this
  // organization, AlreadyExists if the digest is taken.
  virtual Result<ApiToken> Insert(const ApiToken& token) = 0;
  // Returns NotFound if no token of this organization has this id.
  virtual Result<ApiToken> Find(ApiTokenId id) = 0;
  // Returns NotFound if no token of this organization has this digest.
  virtual Result<ApiToken> FindByDigest(std::string_view secret_digest) = 0;
  // The tokens of `user` in this organization (revoked and expired ones included), by id.
  virtual Result<std::vector<ApiToken>> ListForUser(UserId user) = 0;
  // Sets last_used_micros.  Returns NotFound if there is no such token.
  virtual Status Touch(ApiTokenId id, std::int64_t last_used_micros) = 0;
  // Sets revoked_micros unless already revoked (the first revocation time is kept).  Returns
  // NotFound if there is no such token.
  virtual Status Revoke(ApiTokenId id, std::int64_t revoked_micros) = 0;
};

// Interface; bound to the transaction's organization.  At most one second factor per user.
class SecondFactorRepository {
 public:
  virtual ~SecondFactorRepository() = default;
  // Returns NotFound if `user` has no second factor in this organization.
  virtual Result<SecondFactor> Find(UserId user) = 0;
  // Inserts or replaces the user's second factor (organization_id replaced by the transaction's).
  // Returns InvalidArgument for an empty secret or unset user, NotFound if the user is not in
  // this organization.
  virtual Result<SecondFactor> Put(const SecondFactor& factor) = 0;
  // Removes it; OK if there was none.
  virtual Status Delete(UserId user) = 0;
};

// Interface; bound to the transaction's organization.  Scheduling and finishing jobs happen in
// the organization's own transactions, so a job scheduled by an action commits with it, and a
// job's effects commit together with its completion (a worker that lost its lease rolls both back).
class JobRepository {
 public:
  virtual ~JobRepository() = default;
  // Stores a pending job (id assigned; state, attempts and lease reset; organization replaced by
  // the transaction's).  If `job.dedupe_key` is non-empty and a pending or running job of the
  // same kind has that key, returns that job instead of adding one.  Returns InvalidArgument if it
  // does not validate.
  virtual Result<Job> Enqueue(const Job& job) = 0;
  // Returns NotFound if no job with this id exists in this organization.
  virtual Result<Job> Find(JobId id) = 0;
  // Cancels the pending (not running) jobs of `kind` with `dedupe_key`, returning how many.
  virtual Result<std::int64_t> CancelPending(std::string_view kind,
                                             std::string_view dedupe_key) = 0;
  // Marks a running job done, if `owner` still holds its lease at `now_micros`.  Returns Aborted
  // if the lease was lost (expired, or the job was claimed by another worker), NotFound if the
  // job is not in this organization.
  virtual Status Complete(JobId id, std::string_view owner, std::int64_t now_micros) = 0;
};

// Interface; the organization-independent side of the job queue, used by workers.
class JobQueue {
 public:
  virtual ~JobQueue() = default;
  // Claims up to `limit` (1..1000) due jobs of any organization: pending jobs whose run_at has
  // come, and running jobs whose lease expired (their worker died).  Highest priority first, then
  // earliest run_at, then id.  Each claimed job becomes running, owned by `owner` until
  // now + lease, with attempts + 1.  While a lease is live no other call can claim the job, even
  // from another process on the same database.
  virtual Result<std::vector<Job>> Claim(std::string_view owner, std::int64_t now_micros,
                                         std::int64_t lease_micros, int limit) = 0;
  // Ends a running job that `owner` holds: pending again at `retry_at_micros` when set, else
  // failed; `error` is kept (no PHI).  Returns Aborted if the lease was lost, NotFound if absent.
  virtual Status Fail(JobId id, std::string_view owner, std::string_view error,
                      std::optional<std::int64_t> retry_at_micros) = 0;
};

// Interface; bound to the transaction's organization.
class RequesterRepository {
 public:
  virtual ~RequesterRepository() = default;
  // Returns the stored requester (id assigned, version 1).  Returns InvalidArgument if it does
  // not validate.
  virtual Result<Requester> Insert(const Requester& requester) = 0;
  // Returns NotFound if no such requester exists in this organization.
  virtual Result<Requester> Find(RequesterId id) = 0;
};

// Interface; bound to the transaction's organization.
class DocumentRepository {
 public:
  virtual ~DocumentRepository() = default;
  // Returns the stored document (id assigned, version 1).  Returns InvalidArgument if it does not
  // validate, NotFound if its patient is not in this organization.
  virtual Result<Document> Insert(const Document& document) = 0;
  // Returns NotFound if no such document exists in this organization.
  virtual Result<Document> Find(DocumentId id) = 0;
  // The patient's documents by id (empty for an unknown patient).
  virtual Result<std::vector<Document>> ListForPatient(PatientId patient) = 0;
};

// The description of one stored document file: encrypted content (ContentRepository) that holds
// the bytes of one or more documents, found by the digest of its plaintext so that the same bytes
// uploaded twice in an organization are stored once.  Value type.
struct DocumentFile {
  ContentId content_id;
  std::string digest;      // Hex digest of the plaintext (as ContentRecord::digest).
  std::string media_type;  // As sniffed, e.g. "application/pdf".
  std::int64_t size = 0;   // Plaintext bytes.
  std::int64_t pages = 0;
  std::int64_t created_micros = 0;
  bool operator==(const DocumentFile&) const = default;
};

// Returns InvalidArgument unless content_id is set, digest is 16..128 lower-case hex digits, the
// media type is non-empty (at most 255 bytes) and size and pages are not negative.
Status ValidateDocumentFile(const DocumentFile& file);

// Interface; bound to the transaction's organization.  Document files and which document holds
// which file (a document holds at most one; a file may be held by several documents).
class DocumentFileRepository {
 public:
  virtual ~DocumentFileRepository() = default;
  // Stores `file`.  Returns InvalidArgument if it does not validate, NotFound if its content is
  // not in this organization, AlreadyExists if this organization has a file with that content or
  // digest.
  virtual Status Insert(const DocumentFile& file) = 0;
  // Returns NotFound if this organization has no file with this content id.
  virtual Result<DocumentFile> Find(ContentId content) = 0;
  // Returns NotFound if this organization has no file with this digest.
  virtual Result<DocumentFile> FindByDigest(std::string_view digest) = 0;
  // Makes `content` the file of `document`.  Returns NotFound if either is not in this
  // organization, AlreadyExists if the document already has a file.
  virtual Status Attach(DocumentId document, ContentId content) = 0;
  // The file of `document`.  Returns NotFound if the document is not in this organization or has
  // no file.
  virtual Result<DocumentFile> ForDocument(DocumentId document) = 0;
  // The documents holding `content`, by id (empty for an unknown content id).
  virtual Result<std::vector<DocumentId>> DocumentsOf(ContentId content) = 0;
};

// How RequestRepository::List orders the queue.
enum class RequestSort {
  kDueOn,     // By due date (requests without one last), then id.
  kReceived,  // By id, which is the order of receipt.
};

// Filters and keyset paging for RequestRepository::List.  Every filter left empty matches all.
struct RequestQuery {
  std::optional<RequestState> state;
  bool overdue = false;  // Open requests whose due date is before `today`.
  Date today;            // REQUIRES: set when `overdue`.
  UserId assignee;
  std::string requester_role;
  FacilityId facility;
  // Matches the request number exactly (case-insensitively), or a patient's MRN exactly, or the
  // start of a patient's family name (case-insensitive, ASCII).
  std::string search;
  RequestSort sort = RequestSort::kDueOn;
  // Keyset paging: the (due_on, id) or id of the last row seen; unset after_id starts at the
  // first row.  For kDueOn, `after_due_on` is the last row's due date (nullopt when it had none).
  RequestId after_id;
  std::optional<Date> after_due_on;
  int limit = 50;  // 1..1000.
};

// Interface; bound to the transaction's organization.  Requests, their transitions and letters.
class RequestRepository {
 public:
  virtual ~RequestRepository() = default;
  // The next request sequence number of `year` in this organization: 1, 2, 3, ...  Never hands
  // out the same number twice in committed transactions.
  virtual Result<std::int64_t> NextSequence(int year) = 0;
  // Returns the stored request (id assigned, version 1).  Returns InvalidArgument if it does not
  // validate, AlreadyExists if the number is taken, NotFound if its patient or requester is not
  // in this organization.
  virtual Result<ReleaseRequest> Insert(const ReleaseRequest& request) = 0;
  // Returns NotFound if no such request exists in this organization.
  virtual Result<ReleaseRequest> Find(RequestId id) = 0;
  // Replaces the request when `request.version` matches, returning it with version + 1 (number,
  // patient, requester and receipt never change).  Returns Aborted on a version mismatch,
  // NotFound if absent from this organization, InvalidArgument if it does not validate.
  virtual Result<ReleaseRequest> Update(const ReleaseRequest& request) = 0;
  // Requests of this patient from this requester received on or after `since`, by id.
  virtual Result<std::vector<ReleaseRequest>> ListForPair(PatientId patient, RequesterId requester,
                                                          Date since) = 0;
  // The work queue.  Returns InvalidArgument for a limit outside 1..1000.
  virtual Result<std::vector<ReleaseRequest>> List(const RequestQuery& query) = 0;

  // Records a transition.  Returns AlreadyExists if the request already has a transition with
  // this idempotency key, NotFound if the request is not in this organization, InvalidArgument
  // for an empty key or a note over 2000 bytes.
  virtual Status AddTransition(const RequestTransition& transition) = 0;
  // The request's transitions in the order they were recorded.
  virtual Result<std::vector<RequestTransition>> Transitions(RequestId request) = 0;

  // Stores a letter and returns it with its id.  Returns InvalidArgument if it does not
  // validate, NotFound if the request is not in this organization.
  virtual Result<Letter> AddLetter(const Letter& letter) = 0;
  // The request's letters by id.
  virtual Result<std::vector<Letter>> Letters(RequestId request) = 0;
};

// Interface; bound to the transaction's organization.  The deadline scan's flags on requests
// (reminders, escalations, expiries), each raised at most once per (request, kind, key) even when
// two scans race (the second insert is a no-op, on every adapter).
class NoticeRepository {
 public:
  virtual ~NoticeRepository() = default;
  // Stores `notice` (id assigned) unless the request already has one of the same kind and key.
  // Returns true when stored, false when it existed.  Returns InvalidArgument if it does not
  // validate, NotFound if the request is not in this organization.
  virtual Result<bool> Raise(const RequestNotice& notice) = 0;
  // The request's notices by id.
  virtual Result<std::vector<RequestNotice>> ListForRequest(RequestId request) = 0;
};

// What ReviewRepository::ListOpenFor looks for: the open review tasks one user may take up.
struct OpenReviewQuery {
  UserId user;                         // Required.
  std::vector<ReviewKind> pool_kinds;  // Unassigned tasks of these kinds are the user's pool.
  ReviewId after;  // Only tasks with a larger id (paging); unset: from the start.
  int limit = 50;  // 1..500.
};
// Returns InvalidArgument for an unset user or a limit outside 1..500.
Status ValidateOpenReviewQuery(const OpenReviewQuery& query);
// The kinds of `query.pool_kinds` as four names for a SQL `kind IN (...)` list: each kind's name,
// the rest filled with "" (which matches no kind).
std::vector<std::string> PoolKindNames(const OpenReviewQuery& query);

// Interface; bound to the transaction's organization.  Review tasks of requests, the
// notifications owed about them, and the organization's review settings.
class ReviewRepository {
 public:
  virtual ~ReviewRepository() = default;
  // Returns the stored task with its id.  Returns InvalidArgument if it does not validate,
  // NotFound if the request is not in this organization.
  virtual Result<ReviewTask> Insert(const ReviewTask& task) = 0;
  // Returns NotFound unless the task exists in this organization.
  virtual Result<ReviewTask> Find(ReviewId id) = 0;
  // The request's tasks by id.
  virtual Result<std::vector<ReviewTask>> ListForRequest(RequestId request) = 0;
  // Replaces the task's status, assignee, outcome, withheld documents, notes and completion
  // (kind, reason, request and prepared_by never change).  Returns NotFound if absent from this
  // organization, InvalidArgument if it does not validate.
  virtual Result<ReviewTask> Update(const ReviewTask& task) = 0;

  // Records a notification.  Returns AlreadyExists when the request already has one for this
  // recipient and reason, InvalidArgument if it does not validate, NotFound if the request is
  // not in this organization.
  virtual Result<RequestNotification> AddNotification(const RequestNotification& notification) = 0;
  // The request's notifications by id.
  virtual Result<std::vector<RequestNotification>> Notifications(RequestId request) = 0;

  // The organization's settings; the defaults when none were stored.
  virtual Result<ReviewSettings> Settings() = 0;
  virtual Status PutSettings(const ReviewSettings& settings) = 0;

  // The open tasks across the organization's requests that `query.user` may take up: those
  // assigned to them, and unassigned ones whose kind is in `query.pool_kinds`, leaving out
  // quality checks the user prepared (a second person must do those).  By id, after
  // `query.after`, at most `query.limit`.  Returns InvalidArgument for an unset user or a limit
  // outside 1..500.
  virtual Result<std::vector<ReviewTask>> ListOpenFor(const OpenReviewQuery& query) = 0;
};

// Interface; bound to the transaction's organization.  Invoices of requests and the payments
// and waivers credited against them.
class BillingRepository {
 public:
  virtual ~BillingRepository() = default;
  // Returns the stored invoice with its id.  Returns AlreadyExists if the request already has
  // an invoice, InvalidArgument/FailedPrecondition as ValidateInvoice, NotFound if the request
  // is not in this organization.
  virtual Result<Invoice> InsertInvoice(const Invoice& invoice) = 0;
  // The request's invoice; NotFound when it has none (or is not in this organization).
  virtual Result<Invoice> FindInvoice(RequestId request) = 0;
  // Returns the stored credit with its id.  Returns InvalidArgument as ValidateCredit, NotFound
  // if the invoice is not in this organization.
  virtual Result<InvoiceCredit> AddCredit(const InvoiceCredit& credit) = 0;
  // The invoice's payments and waivers by id.
  virtual Result<std::vector<InvoiceCredit>> Credits(InvoiceId invoice) = 0;
};

// Interface; bound to the transaction's organization.  The redactions reviewers marked on the
// documents of requests (domain/redaction.h).  Does not look into documents: the service checks
// spans and pages against them.
class RedactionRepository {
 public:
  virtual ~RedactionRepository() = default;
  // Returns the stored redaction with its id.  Returns InvalidArgument if it does not validate
  // (ValidateRedaction), NotFound if the request, the document or the marking user is not in this
  // organization.
  virtual Result<Redaction> Insert(const Redaction& redaction) = 0;
  // The request's redactions by id (empty for an unknown request).
  virtual Result<std::vector<Redaction>> ListForRequest(RequestId request) = 0;
  // Removes redaction `id` of `request`.  Returns NotFound unless it exists for that request in
  // this organization.
  virtual Status Delete(RequestId request, std::int64_t id) = 0;
};

// Interface; bound to the transaction's organization.  Each user's saved views (named filter sets
// of a workspace screen); a user reaches only their own.
class SavedViewRepository {
 public:
  virtual ~SavedViewRepository() = default;
  // The user's views of `screen`, by name (byte order).
  virtual Result<std::vector<SavedView>> List(UserId user, std::string_view screen) = 0;
  // Inserts the view, or replaces the filters and updated_micros of the user's view of that
  // screen and name; returns it stored, with its id (kept on replace).  InvalidArgument as
  // ValidateSavedView; NotFound if the user is not in this organization.
  virtual Result<SavedView> Put(const SavedView& view) = 0;
  // Removes the user's view `id`.  NotFound unless it exists, in this organization, and is the
  // user's.
  virtual Status Delete(UserId user, std::int64_t id) = 0;
};

// Filters and keyset paging for PatientAccessRepository::ListGrants.  Every set filter must match.
struct BreakGlassQuery {
  PatientId patient;                        // Unset matches all.
  UserId user;                              // Unset matches all.
  std::optional<std::int64_t> from_micros;  // granted_micros >= from.
  std::optional<std::int64_t> to_micros;    // granted_micros < to.
  BreakGlassId after_id;                    // Grants with a larger id; unset starts at the first.
  int limit = 100;                          // 1..1000.
};

// Interface; bound to the transaction's organization.  What the assignment rule and
// break-the-glass (app/patient_access.h) read: whether a user is assigned to a patient's open
// work, and the break-glass grants.  Grants are only ever appended.
class PatientAccessRepository {
 public:
  virtual ~PatientAccessRepository() = default;
  // True iff an open request of `patient` (not released, denied, closed or cancelled) is assigned
  // to `user`, or has a review task that is assigned to `user` and not cancelled, or an open
  // review task assigned to nobody yet (the reviewers' shared pool, which any of them may take).
  virtual Result<bool> HasAssignment(PatientId patient, UserId user) = 0;
  // Stores `grant` (id assigned; organization_id replaced by the transaction's).  Returns
  // InvalidArgument if it does not validate, NotFound if the patient or user is not in this
  // organization.
  virtual Result<BreakGlassGrant> InsertGrant(const BreakGlassGrant& grant) = 0;
  // The latest-expiring grant of `user` for `patient` live at `now_micros`, if any.
  virtual Result<std::optional<BreakGlassGrant>> LiveGrant(PatientId patient, UserId user,
                                                           std::int64_t now_micros) = 0;
  // Grants matching `query`, by id.  Returns InvalidArgument for a limit outside 1..1000.
  virtual Result<std::vector<BreakGlassGrant>> ListGrants(const BreakGlassQuery& query) = 0;
};

// Interface; bound to the transaction's organization.  Deliveries of released packets and their
// events (docs/documents.md, "Secure delivery").  Links are found by the digest of their token.
class DeliveryRepository {
 public:
  virtual ~DeliveryRepository() = default;
  // Returns the stored delivery (id assigned, version 1; organization replaced by the
  // transaction's).  Returns InvalidArgument if it does not validate, NotFound if the request or
  // the disclosure is not in this organization, AlreadyExists if the token digest is taken.
  virtual Result<Delivery> Insert(const Delivery& delivery) = 0;
  // Returns NotFound if no such delivery exists in this organization.
  virtual Result<Delivery> Find(DeliveryId id) = 0;
  // Returns NotFound if no link of this organization has this token digest.
  virtual Result<Delivery> FindByTokenDigest(std::string_view token_digest) = 0;
  // The request's deliveries by id.
  virtual Result<std::vector<Delivery>> ListForRequest(RequestId request) = 0;
  // Replaces status, tracking number, token digest, downloads, failed codes, revocation, updated
  // time, message id and sealed link when
  // `delivery.version` matches, returning it with version + 1 (everything else never changes).
  // Returns Aborted on a version mismatch, NotFound if absent, InvalidArgument if it does not
  // validate, AlreadyExists if the new token digest is taken.
  virtual Result<Delivery> Update(const Delivery& delivery) = 0;
  // Appends an event (id assigned).  Returns InvalidArgument if it does not validate, NotFound if
  // the delivery is not in this organization.
  virtual Result<DeliveryEvent> AddEvent(const DeliveryEvent& event) = 0;
  // The delivery's events by id.
  virtual Result<std::vector<DeliveryEvent>> Events(DeliveryId delivery) = 0;
};

// Interface; bound to the transaction's organization.  The harm determinations made on the
// documents of requests and the reviews of denials the individuals asked for
// (domain/denial_review.h).
class DenialReviewRepository {
 public:
  virtual ~DenialReviewRepository() = default;
  // Returns the stored determination with its id.  Returns InvalidArgument if it does not
  // validate, NotFound if the request, the document or the maker is not in this organization,
  // AlreadyExists if the document already has one in force for this request.
  virtual Result<HarmDetermination> AddHarmDetermination(
      const HarmDetermination& determination) = 0;
  // The request's determinations by id, set-aside ones included.
  virtual Result<std::vector<HarmDetermination>> HarmDeterminations(RequestId request) = 0;
  // Marks the request's in-force determinations of `documents` as set aside by `review_id`.
  // Returns how many it marked.
  virtual Result<int> SetAsideHarmDeterminations(RequestId request,
                                                 std::span<const DocumentId> documents,
                                                 std::int64_t review_id) = 0;
  // Stores the withdrawal (withdrawn_by, withdrawn_micros, withdrawal_reason) of `withdrawn`, the
  // determination with that id, and returns it as stored.  Returns InvalidArgument if it does not
  // validate or is not withdrawn, NotFound unless the id is in this organization,
  // FailedPrecondition unless the stored one is in force.
  virtual Result<HarmDetermination> WithdrawHarmDetermination(
      const HarmDetermination& withdrawn) = 0;

  // Returns the stored review with its id and version 1.  Returns InvalidArgument if it does not
  // validate, NotFound if the request is not in this organization, AlreadyExists if the request
  // already has an open review.
  virtual Result<DenialReview> InsertReview(const DenialReview& review) = 0;
  // Returns NotFound unless review `id` exists in this organization.
  virtual Result<DenialReview> FindReview(std::int64_t id) = 0;
  // The request's reviews by id.
  virtual Result<std::vector<DenialReview>> ReviewsForRequest(RequestId request) = 0;
  // The organization's open reviews by due date then id, at most `limit` (1..10000).
  virtual Result<std::vector<DenialReview>> OpenReviews(int limit) = 0;
  // Replaces the assignment and the determination when `review.version` matches, returning it with
  // version + 1.  Returns Aborted on a version mismatch, NotFound if absent, InvalidArgument if it
  // does not validate.
  virtual Result<DenialReview> UpdateReview(const DenialReview& review) = 0;
};

// Interface; bound to the transaction's organization.  The organization's fee settings and the
// actual costs recorded on its requests (domain/fee_settings.h).
class FeeSettingsRepository {
 public:
  virtual ~FeeSettingsRepository() = default;
  // The organization's settings; the defaults with version 0 when none were stored.
  virtual Result<FeeSettings> Get() = 0;
  // Stores `settings` when `settings.version` is the stored version (0 when none is stored),
  // returning them with version + 1.  Returns Aborted on a version mismatch, InvalidArgument if
  // they do not validate.
  virtual Result<FeeSettings> Put(const FeeSettings& settings) = 0;
  // The costs recorded on `request`; nullopt when none were (or the request is not in this
  // organization).
  virtual Result<std::optional<RequestCosts>> FindCosts(RequestId request) = 0;
  // Stores the request's costs when `costs.version` is the stored version (0 when none is
  // stored), returning them with version + 1.  Returns Aborted on a version mismatch,
  // InvalidArgument if they do not validate, NotFound if the request is not in this organization.
  virtual Result<RequestCosts> PutCosts(const RequestCosts& costs) = 0;
};

// One unit of work bound to one organization.  Everything done through it commits or rolls back
// together.  Not thread-safe: use it from the thread that runs the transaction body.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual OrganizationId Organization() const = 0;
  virtual FacilityRepository& Facilities() = 0;
  virtual PatientRepository& Patients() = 0;
  virtual UserRepository& Users() = 0;
  virtual SessionRepository& Sessions() = 0;
  virtual DisclosureRepository& Disclosures() = 0;
  virtual AuditRepository& Audit() = 0;
  virtual DataKeyRepository& DataKeys() = 0;
  virtual ContentRepository& Contents() = 0;
  virtual ApiTokenRepository& ApiTokens() = 0;
  virtual SecondFactorRepository& SecondFactors() = 0;
  virtual JobRepository& Jobs() = 0;
  virtual RequesterRepository& Requesters() = 0;
  virtual DocumentRepository& Documents() = 0;
  virtual RequestRepository& Requests() = 0;
  virtual NoticeRepository& Notices() = 0;
  virtual ReviewRepository& Reviews() = 0;
  virtual BillingRepository& Billing() = 0;
  virtual DocumentFileRepository& DocumentFiles() = 0;
  virtual PacketRepository& Packets() = 0;
  virtual RedactionRepository& Redactions() = 0;
  virtual SavedViewRepository& SavedViews() = 0;
  virtual ReportRepository& Reports() = 0;
  virtual RetentionRepository& Retention() = 0;
  virtual PatientAccessRepository& PatientAccess() = 0;
  virtual DeliveryRepository& Deliveries() = 0;
  virtual OrganizationSettingsRepository& OrganizationSettings() = 0;
  virtual PacketKeyRepository& PacketKeys() = 0;
  virtual PortalAccountRepository& PortalAccounts() = 0;
  virtual DenialReviewRepository& DenialReviews() = 0;
  virtual PatientMatchRepository& PatientMatches() = 0;
  virtual FeeSettingsRepository& Fees() = 0;
};

// A unit of work over what belongs to no single organization (the organizations themselves).
class SystemTransaction {
 public:
  virtual ~SystemTransaction() = default;
  virtual OrganizationRepository& Organizations() = 0;
  virtual JobQueue& Jobs() = 0;
};

struct MigrationReport {
  int from_version = 0;      // Schema version found.
  int to_version = 0;        // Schema version now.
  std::vector<int> applied;  // Versions applied by this call, in order (empty: up to date).
};

// Whether a transaction writes.  Read transactions may run concurrently with each other.  A
// repository write (Insert/Update) inside a kRead transaction returns FailedPrecondition.
enum class TxMode { kRead, kWrite };

// Interface.  Thread-safe: many threads may run transactions at once; each gets its own
// connection.  Adapters are created by their own factory (sqlite::OpenStore, postgres::OpenStore).
class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql" (or "memory" for the test fake).
  virtual std::string_view Kind() const = 0;
  // Checks that the database answers.  Returns Unavailable if it does not.
  virtual Status Ping() = 0;
  // The highest migration applied (0 for an empty database).
  virtual Result<int> SchemaVersion() = 0;
  // Applies every pending migration, each in its own transaction, and reports what it did.
  // Safe to call repeatedly and from several processes at once.  Returns FailedPrecondition if the
  // database has a newer schema than this program knows.
  virtual Result<MigrationReport> Migrate() = 0;

  // Runs `work` in one transaction bound to `organization`.  Commits if `work` returns OK and rolls
  // back otherwise, returning `work`'s error.  Returns NotFound if the organization does not
  // exist, Aborted on a serialization conflict, Unavailable if the database cannot be reached,
  // FailedPrecondition if the schema is older than this program's (Migrate() has not run).
  // `work` must not start another transaction on this Store (it could wait for a connection).
  virtual Status InTransaction(OrganizationId organization, TxMode mode,
                               const std::function<Status(Transaction&)>& work) = 0;
  // Like InTransaction, for organization-independent work.
  virtual Status InSystemTransaction(TxMode mode,
                                     const std::function<Status(SystemTransaction&)>& work) = 0;
};

// The id of the organization with `slug`, read in its own system transaction.  Returns NotFound if
// there is none, or the store's error (e.g. Unavailable).
Result<OrganizationId> FindOrganizationId(Store& store, std::string_view slug);

}  // namespace roi
