// RequestService: the ROI desk's request lifecycle.  Keeps requesters and documents, takes in
// requests from any channel (with a possible-duplicate warning and an acknowledgment letter),
// decides each request with the policy engine from its stored facts and stores the decision
// beside it, re-deciding whenever the facts change and before every transition, moves requests
// through the workflow (domain/request_workflow.h) idempotently, and serves the work queue.
// Every call works inside one transaction bound to the caller's organization.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/letters.h"
#include "app/store.h"
#include "domain/disclosure.h"
#include "domain/document.h"
#include "domain/release_request.h"
#include "domain/requester.h"

namespace roi::policy {
class RuleSet;
struct Decision;
}  // namespace roi::policy

namespace roi {

// Value type: what intake needs.  The patient is matched by id, or else by MRN.
struct IntakeCommand {
  PatientId patient_id;
  std::string patient_mrn;
  RequesterId requester_id;
  FacilityId facility_id;  // Optional.
  Channel channel = Channel::kPortal;
  Priority priority = Priority::kRoutine;
  RequestFacts facts;
};

// Value type: a request with everything kept beside it.
struct RequestView {
  ReleaseRequest request;
  Patient patient;
  Requester requester;
  std::vector<RequestTransition> history;
  std::vector<Letter> letters;
  std::vector<RequestNotice> notices;  // Reminders, escalations, expiry (the deadline scan's).
  std::vector<DisclosureEntry> disclosures;  // The disclosure-log entries its release wrote.
  std::vector<std::string> warnings;         // E.g. a possible duplicate (intake only).
};

// Value type: a change of facts.  Only the parts that are set change.
struct FactsChange {
  std::int64_t version = 0;  // The version the caller last read; Aborted when stale.
  std::optional<RequestFacts> facts;
  std::optional<Priority> priority;
  std::optional<FacilityId> facility_id;  // FacilityId() clears it.
};

// Value type: one transition asked for.  For kGrantExtension the note is the reason the written
// notice gives (required).
struct TransitionCommand {
  RequestAction action = RequestAction::kStartVerification;
  std::string idempotency_key;
  std::string note;
};

// Value type: a row of the work queue with the patient it concerns.
struct QueueItem {
  ReleaseRequest request;
  Patient patient;
  bool escalated = false;  // The deadline scan escalated it as overdue (a notice exists).
};

// Value type: one page of the work queue.
struct QueuePage {
  std::vector<QueueItem> items;
  std::string next_cursor;  // Empty on the last page.
};

// Value type: the work queue's filters, as the HTTP layer passes them.
struct QueueCommand {
  RequestQuery query;  // `after_*` and `today` are filled from `cursor` and the clock.
  std::string cursor;  // From a previous page's next_cursor; empty for the first page.
};

// Thread-safe.  `store`, `clock`, `rules` and `audit` must outlive it.
class RequestService {
 public:
  // Requests with the same patient and requester received this many days apart or less are
  // flagged as possible duplicates.
  static constexpr int kDuplicateWindowDays = 30;

  // Every call, reads included, records one audit event through `audit` in its own transaction.
  RequestService(Store& store, const Clock& clock, const policy::RuleSet& rules,
                 const AuditTrail& audit, ComplaintContacts contacts = {})
      : store_(store),
        clock_(clock),
        rules_(rules),
        audit_(audit),
        contacts_(std::move(contacts)) {}

  // Stores a requester.  Returns InvalidArgument naming the bad field.
  Result<Requester> AddRequester(const Principal& caller, const Requester& requester);
  // Returns NotFound unless the requester belongs to the caller's organization.
  Result<Requester> GetRequester(const Principal& caller, RequesterId id);

  // Stores a document of a patient.  Returns InvalidArgument naming the bad field, NotFound if
  // the patient is not in the caller's organization.
  Result<Document> AddDocument(const Principal& caller, const Document& document);
  // The patient's documents.  Returns NotFound unless the patient is in the caller's organization.
  Result<std::vector<Document>> PatientDocuments(const Principal& caller, PatientId patient);

  // Receives a request today (the clock starts), numbers it, decides it, stores it with an
  // acknowledgment letter, and warns of a possible duplicate.  Returns InvalidArgument naming the
  // bad field (including the case's own validation), NotFound when the patient or requester is
  // not in the caller's organization.
  Result<RequestView> Intake(const Principal& caller, const IntakeCommand& command);

  // The request with its decision, history and letters.  Returns NotFound unless it belongs to
  // the caller's organization.
  Result<RequestView> Get(const Principal& caller, RequestId id);

  // Letter `letter_id` of request `id`, to hand out as a document (the PDF route), with the
  // request's number.  Records a download event (not a read) in the same transaction.  Returns
  // NotFound unless the request belongs to the caller's organization and has that letter.
  Result<std::pair<std::string, Letter>> DownloadLetter(const Principal& caller, RequestId id,
                                                        std::int64_t letter_id);

  // Changes the facts (authorization, scope, ...) and re-decides.  Returns Aborted when
  // `change.version` is stale, FailedPrecondition on a closed or cancelled request,
  // InvalidArgument naming a bad field, NotFound as Get.
  Result<RequestView> ChangeFacts(const Principal& caller, RequestId id, const FactsChange& change);

  // Re-decides from the stored facts, then applies the action through the workflow's guards and
  // records it, with the letter the action calls for (app/letters.h): request_information writes
  // the pending-information letter, deny the denial letter, release the cover letter (and the
  // partial-denial letter when documents are withheld), grant_extension the extension notice.
  // grant_extension (once, within the first 30 days) moves the due date to the latest the
  // decision allows, stores the extension with the facts, and is refused (FailedPrecondition)
  // when the decision allows no later date or the rules find the extension invalid; its note,
  // the reason, is required (InvalidArgument).  release is refused (PermissionDenied) unless the
  // caller, read afresh, may release today (CanRelease: release-authorized, current training
  // attestation), and writes the disclosure-log entry (app/release_disclosure.h) in the same
  // transaction, so there is never a release without its entry.  A retry with an idempotency key
  // already recorded for this request returns the request unchanged (no second record).  Returns
  // FailedPrecondition when the action is not allowed now (naming the state and the guard),
  // InvalidArgument for an empty key, a key reused for another action or a long note, NotFound as
  // Get.
  Result<RequestView> Transition(const Principal& caller, RequestId id,
                                 const TransitionCommand& command);

  // Re-decides request `id` inside the caller's `tx` from what is stored now (for a change to a
  // decision input made in the same transaction, e.g. a withdrawn harm determination) and stores
  // the new decision; `organization` is the transaction's.  A closed or cancelled request keeps
  // its decision.  Returns the request as stored; NotFound unless it is in the organization.
  Result<ReleaseRequest> Redecide(Transaction& tx, const Organization& organization, RequestId id);

  // Assigns the request to `assignee` (UserId() unassigns).  Returns InvalidArgument if the
  // assignee is not a user of the organization, Aborted when `version` is stale, NotFound as Get.
  Result<RequestView> Assign(const Principal& caller, RequestId id, UserId assignee,
                             std::int64_t version);

  // One page of the work queue.  Returns InvalidArgument for a bad cursor or limit.
  Result<QueuePage> Queue(const Principal& caller, const QueueCommand& command);

  // Re-matches a request whose patient is a pending match (a portal submission's "PORTAL-..."
  // record) to patient `to`, and re-decides it (app/request_rematch.cc, docs/lifecycle.md): the
  // request moves to `to`; when no other request is left on the pending patient, its documents
  // (the portal's uploads among them) move too and it is marked merged into `to`.  Audited on the
  // request and on the pending patient.  A retry after success (the request already re-matched
  // to `to`) returns the request unchanged.  Returns FailedPrecondition when the request's patient
  // is not a pending match (or the request was re-matched to another patient) or the request is
  // finished, InvalidArgument when `to` is unset or itself a pending match, NotFound when the
  // request or `to` is not in the caller's organization.  With `to` unset, `to_mrn` names the
  // patient instead (as intake takes an id or an MRN).
  Result<RequestView> RematchPatient(const Principal& caller, RequestId id, PatientId to,
                                     std::string_view to_mrn = {});

  // Re-decides request `id` inside `tx` (the caller's write transaction, which records the audit
  // event) after a change of something kept beside its facts, e.g. its costs (app/fee_service.h),
  // and stores the new decision.  Returns FailedPrecondition on a closed or cancelled request,
  // NotFound unless the request is in the transaction's organization.
  Result<ReleaseRequest> RedecideIn(Transaction& tx, RequestId id);

 private:
  // Every service call runs its work through here, in one write transaction bound to the
  // caller's organization (reads too: the audit event is a write).  This is the one place where
  // the audit trail records each read and write of patient data: `work` fills in `note` (which
  // patient and record), and the event is appended in the same transaction, so nothing commits
  // unaudited and a failed call leaves no event.  `mode` says whether the work itself writes; a
  // kRead call is recorded as `read`, a kWrite call as `update` unless the note says otherwise.
  Status InOrganization(const Principal& caller, TxMode mode, std::string_view what,
                        const std::function<Status(Transaction&, AuditNote&)>& work);
  // The same, for work that names no patient or record (the event carries only `what`).
  Status InOrganization(const Principal& caller, TxMode mode, std::string_view what,
                        const std::function<Status(Transaction&)>& work);
  // The caller's organization, read in its own system transaction (for the jurisdiction).
  Result<Organization> CallerOrganization(const Principal& caller);
  // Decides `request` from the stored facts and writes the decision into it (and into `decided`
  // when given).
  Status Decide(Transaction& tx, const Organization& organization, ReleaseRequest& request,
                policy::Decision* decided = nullptr);
  Result<RequestView> View(Transaction& tx, const ReleaseRequest& request);

  Store& store_;
  const Clock& clock_;
  const policy::RuleSet& rules_;
  const AuditTrail& audit_;
  const ComplaintContacts contacts_;
};

}  // namespace roi
