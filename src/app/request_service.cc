#include "app/request_service.h"

#include <utility>

#include "app/billing_service.h"
#include "app/denial_review_service.h"
#include "app/disclosure_log.h"
#include "app/permissions.h"
#include "app/release_disclosure.h"
#include "app/request_case.h"
#include "app/review_service.h"
#include "policy/engine.h"

namespace roi {
namespace {

std::string Id(std::int64_t value) { return std::to_string(value); }

DecisionOutcome OutcomeOf(policy::Outcome outcome) {
  switch (outcome) {
    case policy::Outcome::kRelease:
      return DecisionOutcome::kRelease;
    case policy::Outcome::kPartial:
      return DecisionOutcome::kPartial;
    case policy::Outcome::kDeny:
      return DecisionOutcome::kDeny;
    case policy::Outcome::kPend:
      return DecisionOutcome::kPend;
  }
  return DecisionOutcome::kNone;
}

Status CheckFacts(const RequestFacts& facts) {
  if (Status valid = ValidateRequestFacts(facts); !valid) return valid;
  return CheckRequestVocabulary(facts);
}

// Keeps the result of `fn` run inside a transaction.
template <typename T>
struct Out {
  std::optional<T> value;
  Status Set(Result<T> result) {
    if (!result) return result.error();
    value = std::move(*result);
    return OkStatus();
  }
};

// The letters `action` calls for, written after it was applied.
std::vector<Letter> TransitionLetters(const LetterContext& context, RequestAction action,
                                      const policy::Decision& decision,
                                      const std::vector<Document>& documents,
                                      const ComplaintContacts& contacts) {
  switch (action) {
    case RequestAction::kRequestInformation:
      return {PendingInformationLetter(context, decision)};
    case RequestAction::kDeny:
      return {DenialLetter(context, decision, contacts)};
    case RequestAction::kRelease: {
      std::vector<Letter> letters = {ReleaseCoverLetter(context, decision, documents)};
      if (decision.outcome == policy::Outcome::kPartial) {
        letters.push_back(PartialDenialLetter(context, decision, documents, contacts));
      }
      return letters;
    }
    default:
      return {};
  }
}

// "d.<due or ->.<id>" for the due-date order, "r.<id>" for the order of receipt.
std::string CursorFor(const ReleaseRequest& last, RequestSort sort) {
  if (sort == RequestSort::kReceived) return "r." + Id(last.id.value);
  return "d." + (last.due_on ? last.due_on->ToString() : std::string("-")) + "." +
         Id(last.id.value);
}

Status ApplyCursor(const std::string& cursor, RequestQuery& query) {
  if (cursor.empty()) return OkStatus();
  Error bad = InvalidArgumentError("cursor: not a cursor of this listing");
  char kind = query.sort == RequestSort::kReceived ? 'r' : 'd';
  if (cursor.size() < 3 || cursor[0] != kind || cursor[1] != '.') return bad;
  std::string rest = cursor.substr(2);
  if (kind == 'd') {
    std::size_t dot = rest.find('.');
    if (dot == std::string::npos) return bad;
    std::string due = rest.substr(0, dot);
    if (due != "-") {
      Result<Date> date = Date::Parse(due);
      if (!date) return bad;
      query.after_due_on = *date;
    }
    rest = rest.substr(dot + 1);
  }
  if (rest.empty() || rest.size() > 18 ||
      rest.find_first_not_of("0123456789") != std::string::npos) {
    return bad;
  }
  query.after_id = RequestId(std::stoll(rest));
  return OkStatus();
}

// What the recipient was charged for `request`: its invoice's total less waivers (0 without one).
Result<std::int64_t> ChargedCents(Transaction& tx, RequestId request) {
  Result<Invoice> invoice = tx.Billing().FindInvoice(request);
  if (!invoice) {
    if (invoice.error().code == ErrorCode::kNotFound) return std::int64_t{0};
    return invoice.error();
  }
  Result<std::vector<InvoiceCredit>> credits = tx.Billing().Credits(invoice->id);
  if (!credits) return credits.error();
  std::int64_t charged = invoice->total_cents;
  for (const InvoiceCredit& credit : *credits) {
    if (credit.kind == CreditKind::kWaiver) charged -= credit.amount_cents;
  }
  return charged < 0 ? std::int64_t{0} : charged;
}

// Refuses a release by anyone but a release-authorized user with a current training attestation,
// read afresh in the release's transaction (a session may predate a change of either).
Status CheckMayRelease(Transaction& tx, UserId releaser, Date today) {
  Result<User> user = tx.Users().Find(releaser);
  if (!user) return user.error();
  if (!CanRelease(*user, today)) {
    return PermissionDeniedError(
        "release needs a release-authorized user with a current training attestation");
  }
  return OkStatus();
}

// The audit note of a call that touched `request`.
AuditNote RequestNote(const ReleaseRequest& request, AuditAction action, std::string detail) {
  return AuditNote{.action = action,
                   .patient = request.patient_id,
                   .entity_kind = "request",
                   .entity_id = std::to_string(request.id.value),
                   .detail = std::move(detail)};
}

}  // namespace

Status RequestService::InOrganization(const Principal& caller, TxMode mode, std::string_view what,
                                      const std::function<Status(Transaction&, AuditNote&)>& work) {
  return store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    AuditNote note{.action = mode == TxMode::kRead ? AuditAction::kRead : AuditAction::kUpdate,
                   .patient = {},
                   .entity_kind = {},
                   .entity_id = {},
                   .detail = std::string(what)};
    if (Status done = work(tx, note); !done) return done;
    return audit_.RecordNote(tx, ActorOf(caller), note);
  });
}

Status RequestService::InOrganization(const Principal& caller, TxMode mode, std::string_view what,
                                      const std::function<Status(Transaction&)>& work) {
  return InOrganization(caller, mode, what,
                        [&](Transaction& tx, AuditNote&) -> Status { return work(tx); });
}

Result<Organization> RequestService::CallerOrganization(const Principal& caller) {
  Out<Organization> out;
  Status status = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    return out.Set(tx.Organizations().Find(caller.organization));
  });
  if (!status) return status.error();
  return std::move(*out.value);
}

Status RequestService::Decide(Transaction& tx, const Organization& organization,
                              ReleaseRequest& request, policy::Decision* decided) {
  Result<Patient> patient = tx.Patients().Find(request.patient_id);
  if (!patient) return patient.error();
  Result<std::vector<Document>> documents = tx.Documents().ListForPatient(request.patient_id);
  if (!documents) return documents.error();
  Result<std::vector<DocumentId>> harm_determined = HarmDeterminedDocuments(tx, request.id);
  if (!harm_determined) return harm_determined.error();
  Result<FeeSettings> fee_settings = tx.Fees().Get();
  if (!fee_settings) return fee_settings.error();
  Result<std::optional<RequestCosts>> costs = tx.Fees().FindCosts(request.id);
  if (!costs) return costs.error();
  CaseFees fees{.patient_electronic = fee_settings->patient_electronic,
                .flat_cents = fee_settings->flat_cents,
                .cost = CaseCostOf(*fee_settings, *costs)};
  std::string case_json = BuildCaseJson(organization, *patient, request, *documents, clock_.Today(),
                                        *harm_determined, &fees);
  Result<policy::Case> parsed = policy::ParseCase(case_json);
  if (!parsed) {
    Error error = parsed.error();
    error.message = "the request's facts do not make a valid case: " + error.message;
    return error;
  }
  policy::Decision decision = policy::Decide(*parsed, rules_);
  request.decision = OutcomeOf(decision.outcome);
  request.decision_json = policy::SerializeDecision(decision);
  request.due_on = decision.due_on;
  if (decided != nullptr) *decided = std::move(decision);
  return OkStatus();
}

Result<RequestView> RequestService::View(Transaction& tx, const ReleaseRequest& request) {
  RequestView view{.request = request};
  Result<Patient> patient = tx.Patients().Find(request.patient_id);
  if (!patient) return patient.error();
  view.patient = std::move(*patient);
  Result<Requester> requester = tx.Requesters().Find(request.requester_id);
  if (!requester) return requester.error();
  view.requester = std::move(*requester);
  Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request.id);
  if (!history) return history.error();
  view.history = std::move(*history);
  Result<std::vector<Letter>> letters = tx.Requests().Letters(request.id);
  if (!letters) return letters.error();
  view.letters = std::move(*letters);
  Result<std::vector<RequestNotice>> notices = tx.Notices().ListForRequest(request.id);
  if (!notices) return notices.error();
  view.notices = std::move(*notices);
  Result<std::vector<DisclosureEntry>> disclosures = tx.Disclosures().ListForRequest(request.id);
  if (!disclosures) return disclosures.error();
  view.disclosures = std::move(*disclosures);
  return view;
}

Result<Requester> RequestService::AddRequester(const Principal& caller,
                                               const Requester& requester) {
  if (Status valid = ValidateRequester(requester); !valid) return valid.error();
  if (Status role = CheckRequesterRole(requester.role); !role) return role.error();
  Out<Requester> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "add requester", [&](Transaction& tx, AuditNote& note) -> Status {
        if (Status stored = out.Set(tx.Requesters().Insert(requester)); !stored) return stored;
        note.action = AuditAction::kCreate;
        note.entity_kind = "requester";
        note.entity_id = Id(out.value->id.value);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<Requester> RequestService::GetRequester(const Principal& caller, RequesterId id) {
  Out<Requester> out;
  Status status = InOrganization(caller, TxMode::kRead, "read requester",
                                 [&](Transaction& tx, AuditNote& note) -> Status {
                                   note.entity_kind = "requester";
                                   note.entity_id = Id(id.value);
                                   return out.Set(tx.Requesters().Find(id));
                                 });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<Document> RequestService::AddDocument(const Principal& caller, const Document& document) {
  if (Status valid = ValidateDocument(document); !valid) return valid.error();
  if (Status known = CheckDocumentVocabulary(document); !known) return known.error();
  Out<Document> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "add document", [&](Transaction& tx, AuditNote& note) -> Status {
        if (Status stored = out.Set(tx.Documents().Insert(document)); !stored) return stored;
        note.action = AuditAction::kCreate;
        note.patient = out.value->patient_id;
        note.entity_kind = "document";
        note.entity_id = Id(out.value->id.value);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<std::vector<Document>> RequestService::PatientDocuments(const Principal& caller,
                                                               PatientId patient) {
  Out<std::vector<Document>> out;
  Status status = InOrganization(caller, TxMode::kRead, "list patient documents",
                                 [&](Transaction& tx, AuditNote& note) -> Status {
                                   if (Result<Patient> found = tx.Patients().Find(patient); !found)
                                     return found.error();
                                   note.patient = patient;
                                   note.entity_kind = "patient_documents";
                                   note.entity_id = Id(patient.value);
                                   return out.Set(tx.Documents().ListForPatient(patient));
                                 });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<RequestView> RequestService::Intake(const Principal& caller, const IntakeCommand& command) {
  if (Status facts = CheckFacts(command.facts); !facts) return facts.error();
  if (!command.patient_id.IsSet() && command.patient_mrn.empty()) {
    return InvalidArgumentError("patient_id or patient_mrn is required");
  }
  if (!command.requester_id.IsSet()) return InvalidArgumentError("requester_id is required");
  Result<Organization> organization = CallerOrganization(caller);
  if (!organization) return organization.error();
  const Date today = clock_.Today();
  Out<RequestView> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "intake request", [&](Transaction& tx, AuditNote& note) -> Status {
        Result<Patient> patient = command.patient_id.IsSet()
                                      ? tx.Patients().Find(command.patient_id)
                                      : tx.Patients().FindByMrn(command.patient_mrn);
        if (!patient) return patient.error();
        Result<Requester> requester = tx.Requesters().Find(command.requester_id);
        if (!requester) return requester.error();
        if (command.facility_id.IsSet()) {
          if (Result<Facility> facility = tx.Facilities().Find(command.facility_id); !facility) {
            return facility.error();
          }
        }
        Result<std::vector<ReleaseRequest>> recent = tx.Requests().ListForPair(
            patient->id, requester->id, today.AddDays(-kDuplicateWindowDays));
        if (!recent) return recent.error();
        Result<std::int64_t> sequence = tx.Requests().NextSequence(today.Year());
        if (!sequence) return sequence.error();
        ReleaseRequest request{.number = FormatRequestNumber(today.Year(), *sequence),
                               .patient_id = patient->id,
                               .requester_id = requester->id,
                               .requester_role = requester->role,
                               .facility_id = command.facility_id,
                               .channel = command.channel,
                               .priority = command.priority,
                               .received_on = today,
                               .received_micros = clock_.NowMicros(),
                               .facts = command.facts};
        if (Status decided = Decide(tx, *organization, request); !decided) return decided;
        Result<ReleaseRequest> stored = tx.Requests().Insert(request);
        if (!stored) return stored.error();
        Result<Letter> letter =
            tx.Requests().AddLetter(AcknowledgmentLetter({.organization = *organization,
                                                          .request = *stored,
                                                          .patient = *patient,
                                                          .requester = *requester,
                                                          .today = today}));
        if (!letter) return letter.error();
        if (Status owed = RecordOwedNotifications(tx, *stored, clock_.NowMicros()); !owed) {
          return owed;
        }
        if (Status viewed = out.Set(View(tx, *stored)); !viewed) return viewed;
        note = RequestNote(*stored, AuditAction::kCreate, "intake request");
        for (const ReleaseRequest& earlier : *recent) {
          out.value->warnings.push_back("possible duplicate of " + earlier.number + " received " +
                                        earlier.received_on.ToString());
        }
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<RequestView> RequestService::Get(const Principal& caller, RequestId id) {
  Out<RequestView> out;
  Status status = InOrganization(caller, TxMode::kRead, "read request",
                                 [&](Transaction& tx, AuditNote& note) -> Status {
                                   Result<ReleaseRequest> request = tx.Requests().Find(id);
                                   if (!request) return request.error();
                                   note = RequestNote(*request, AuditAction::kRead, "read request");
                                   return out.Set(View(tx, *request));
                                 });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<std::pair<std::string, Letter>> RequestService::DownloadLetter(const Principal& caller,
                                                                      RequestId id,
                                                                      std::int64_t letter_id) {
  Out<std::pair<std::string, Letter>> out;
  Status status = InOrganization(
      caller, TxMode::kRead, "download letter", [&](Transaction& tx, AuditNote& note) -> Status {
        Result<ReleaseRequest> request = tx.Requests().Find(id);
        if (!request) return request.error();
        Result<std::vector<Letter>> letters = tx.Requests().Letters(request->id);
        if (!letters) return letters.error();
        for (Letter& letter : *letters) {
          if (letter.id != letter_id) continue;
          note = RequestNote(
              *request, AuditAction::kDownload,
              "download letter " + std::to_string(letter_id) + " (" + letter.kind + ")");
          out.value = std::make_pair(request->number, std::move(letter));
          return OkStatus();
        }
        return NotFoundError("request " + request->number + " has no letter " +
                             std::to_string(letter_id));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<RequestView> RequestService::ChangeFacts(const Principal& caller, RequestId id,
                                                const FactsChange& change) {
  if (change.facts) {
    if (Status facts = CheckFacts(*change.facts); !facts) return facts.error();
  }
  Result<Organization> organization = CallerOrganization(caller);
  if (!organization) return organization.error();
  Out<RequestView> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "change request", [&](Transaction& tx, AuditNote& note) -> Status {
        Result<ReleaseRequest> request = tx.Requests().Find(id);
        if (!request) return request.error();
        if (request->version != change.version) {
          return Status(AbortedError("request " + Id(id.value) +
                                     " was changed concurrently (stale version)"));
        }
        if (request->state == RequestState::kClosed || request->state == RequestState::kCancelled) {
          return Status(FailedPreconditionError(
              "a " + std::string(RequestStateName(request->state)) + " request cannot change"));
        }
        if (change.facts) {
          std::optional<ExtensionNotice> extension = request->facts.extension;
          request->facts = *change.facts;
          request->facts.extension = std::move(extension);  // Only grant_extension sets it.
        }
        if (change.priority) request->priority = *change.priority;
        if (change.facility_id) {
          if (change.facility_id->IsSet()) {
            if (Result<Facility> f = tx.Facilities().Find(*change.facility_id); !f)
              return f.error();
          }
          request->facility_id = *change.facility_id;
        }
        if (Status decided = Decide(tx, *organization, *request); !decided) return decided;
        Result<ReleaseRequest> stored = tx.Requests().Update(*request);
        if (!stored) return stored.error();
        note = RequestNote(*stored, AuditAction::kUpdate, "facts changed, re-decided");
        return out.Set(View(tx, *stored));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<ReleaseRequest> RequestService::Redecide(Transaction& tx, const Organization& organization,
                                                RequestId id) {
  Result<ReleaseRequest> request = tx.Requests().Find(id);
  if (!request) return request.error();
  if (request->state == RequestState::kClosed || request->state == RequestState::kCancelled) {
    return request;
  }
  if (Status decided = Decide(tx, organization, *request); !decided) return decided.error();
  return tx.Requests().Update(*request);
}

Result<RequestView> RequestService::Transition(const Principal& caller, RequestId id,
                                               const TransitionCommand& command) {
  if (command.idempotency_key.empty() || command.idempotency_key.size() > 200) {
    return InvalidArgumentError("idempotency_key must be 1 to 200 bytes");
  }
  if (command.note.size() > 2000) return InvalidArgumentError("note is over 2000 bytes");
  Result<Organization> organization = CallerOrganization(caller);
  if (!organization) return organization.error();
  const Date today = clock_.Today();
  Out<RequestView> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "transition request",
      [&](Transaction& tx, AuditNote& note) -> Status {
        Result<ReleaseRequest> request = tx.Requests().Find(id);
        if (!request) return request.error();
        Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(id);
        if (!history) return history.error();
        std::vector<WorkflowEvent> events;
        for (const RequestTransition& done : *history) {
          if (done.event.idempotency_key == command.idempotency_key) {
            if (done.event.action != command.action) {
              return Status(
                  InvalidArgumentError("idempotency_key was used for a different action"));
            }
            // A retry: already done, no second transition; the look is still recorded.
            note = RequestNote(*request, AuditAction::kRead, "retried transition");
            return out.Set(View(tx, *request));
          }
          events.push_back(done.event);
        }
        Result<RequestWorkflow> workflow = RequestWorkflow::FromHistory(std::move(events));
        if (!workflow) return workflow.error();
        if (workflow->State() != request->state) {
          return Status(
              InternalError("request " + Id(id.value) + " state disagrees with its history"));
        }
        policy::Decision decision;
        if (Status decided = Decide(tx, *organization, *request, &decision); !decided) {
          return decided;
        }
        Result<Patient> patient = tx.Patients().Find(request->patient_id);
        if (!patient) return patient.error();
        Result<Requester> requester = tx.Requesters().Find(request->requester_id);
        if (!requester) return requester.error();
        Result<std::vector<Document>> documents =
            tx.Documents().ListForPatient(request->patient_id);
        if (!documents) return documents.error();
        const LetterContext context{.organization = *organization,
                                    .request = *request,
                                    .patient = *patient,
                                    .requester = *requester,
                                    .today = today};
        std::vector<Letter> letters;
        bool extension_written = false;
        if (command.action == RequestAction::kGrantExtension && !workflow->ExtensionGranted() &&
            request->received_on.DaysUntil(today) <= 30) {
          if (command.note.empty()) {
            return Status(InvalidArgumentError("grant_extension needs the reason in note"));
          }
          if (!decision.latest_due_on) {
            return Status(FailedPreconditionError(
                "no extension is available: the decision allows no later due date"));
          }
          std::optional<Date> original_due = request->due_on;
          request->facts.extension = ExtensionNotice{
              .notice_on = today, .new_due_on = *decision.latest_due_on, .reason = command.note};
          if (Status decided = Decide(tx, *organization, *request, &decision); !decided) {
            return decided;
          }
          if (!decision.extension_valid.value_or(false)) {
            return Status(FailedPreconditionError(
                "the rules do not allow this extension (see the decision's rules)"));
          }
          letters.push_back(
              ExtensionLetter(context, *request->facts.extension, original_due, decision));
          extension_written = true;
        }
        std::int64_t now = clock_.NowMicros();
        // A decision that changed while in review may ask for more reviews: open them first.
        if (Status opened = OpenNeededReviews(tx, *request, now); !opened) return opened;
        Result<ReviewGuard> reviews = ReviewGuardFor(tx, *request);
        if (!reviews) return Status(reviews.error());
        Result<BillingGuard> billing = BillingGuardFor(tx, *request);
        if (!billing) return Status(billing.error());
        Result<DenialReviewGuard> denial_review = DenialReviewGuardFor(tx, id);
        if (!denial_review) return Status(denial_review.error());
        if (command.action == RequestAction::kRelease) {
          if (Status may = CheckMayRelease(tx, caller.user.id, today); !may) return may;
        }
        const std::optional<AuthorizationElements>& authorization = request->facts.authorization;
        WorkflowFacts facts{.decision = request->decision,
                            .authorization_revoked = authorization && authorization->revoked_on &&
                                                     *authorization->revoked_on <= today,
                            .open_reviews = reviews->open_reviews,
                            .review_required = reviews->review_required,
                            .balance_cents = billing->balance_cents,
                            .may_hold_for_payment = billing->may_hold_for_payment,
                            .days_since_receipt = request->received_on.DaysUntil(today),
                            .extension_notice_written = extension_written,
                            .denial_review_open = denial_review->open,
                            .denial_overturned = denial_review->overturned};
        if (Status applied = workflow->Apply(command.action, facts, caller.user.id, now,
                                             command.idempotency_key);
            !applied) {
          return applied;
        }
        RequestTransition transition{
            .request_id = id, .event = workflow->History().back(), .note = command.note};
        if (Status recorded = tx.Requests().AddTransition(transition); !recorded) return recorded;
        request->state = workflow->State();
        request->held_from = workflow->HeldFrom();
        for (Letter& letter :
             TransitionLetters(context, command.action, decision, *documents, contacts_)) {
          letters.push_back(std::move(letter));
        }
        for (const Letter& letter : letters) {
          if (Result<Letter> added = tx.Requests().AddLetter(letter); !added) {
            return Status(added.error());
          }
        }
        Result<ReleaseRequest> stored = tx.Requests().Update(*request);
        if (!stored) return stored.error();
        if (command.action == RequestAction::kRelease && ReleasesAnyDocument(decision)) {
          // The disclosure log entry commits with the release or not at all (164.528).
          Result<std::int64_t> charged = ChargedCents(tx, id);
          if (!charged) return charged.error();
          Result<DisclosureEntry> entry =
              ReleaseDisclosureEntry(ReleaseFacts{.request = *stored,
                                                  .requester = *requester,
                                                  .decision = decision,
                                                  .documents = *documents,
                                                  .released_by = caller.user.id,
                                                  .released_on = today,
                                                  .fee_cents = *charged});
          if (!entry) return entry.error();
          if (Result<DisclosureEntry> logged = DisclosureLog().Record(tx, *entry); !logged) {
            return logged.error();
          }
        }
        if (Status opened = OpenNeededReviews(tx, *stored, now); !opened) return opened;
        if (Status closed = CancelOpenReviews(tx, *stored, caller.user.id, now); !closed) {
          return closed;
        }
        if (Status owed = RecordOwedNotifications(tx, *stored, now); !owed) return owed;
        note = RequestNote(*stored,
                           command.action == RequestAction::kRelease ? AuditAction::kRelease
                                                                     : AuditAction::kUpdate,
                           std::string(RequestActionName(command.action)));
        return out.Set(View(tx, *stored));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<RequestView> RequestService::Assign(const Principal& caller, RequestId id, UserId assignee,
                                           std::int64_t version) {
  Out<RequestView> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "assign request", [&](Transaction& tx, AuditNote& note) -> Status {
        Result<ReleaseRequest> request = tx.Requests().Find(id);
        if (!request) return request.error();
        if (request->version != version) {
          return Status(AbortedError("request " + Id(id.value) +
                                     " was changed concurrently (stale version)"));
        }
        if (assignee.IsSet()) {
          Result<User> user = tx.Users().Find(assignee);
          if (!user) {
            if (user.error().code != ErrorCode::kNotFound) return Status(user.error());
            return Status(InvalidArgumentError("assignee_id is not a user of this organization"));
          }
          if (user->disabled) return Status(InvalidArgumentError("assignee_id is a disabled user"));
        }
        request->assignee = assignee;
        Result<ReleaseRequest> stored = tx.Requests().Update(*request);
        if (!stored) return stored.error();
        note =
            RequestNote(*stored, AuditAction::kUpdate,
                        assignee.IsSet() ? "assigned to user " + Id(assignee.value) : "unassigned");
        return out.Set(View(tx, *stored));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<QueuePage> RequestService::Queue(const Principal& caller, const QueueCommand& command) {
  RequestQuery query = command.query;
  query.today = clock_.Today();
  query.after_id = RequestId();
  query.after_due_on.reset();
  if (Status cursor = ApplyCursor(command.cursor, query); !cursor) return cursor.error();
  if (query.limit < 1 || query.limit > 1000) {
    return InvalidArgumentError("limit must be 1 to 1000");
  }
  Out<QueuePage> out;
  Status status = InOrganization(
      caller, TxMode::kRead, "list requests", [&](Transaction& tx, AuditNote& note) -> Status {
        Result<std::vector<ReleaseRequest>> rows = tx.Requests().List(query);
        if (!rows) return rows.error();
        QueuePage page;
        for (ReleaseRequest& row : *rows) {
          Result<Patient> patient = tx.Patients().Find(row.patient_id);
          if (!patient) return patient.error();
          Result<std::vector<RequestNotice>> notices = tx.Notices().ListForRequest(row.id);
          if (!notices) return notices.error();
          bool escalated = false;
          for (const RequestNotice& notice : *notices) {
            escalated = escalated || notice.kind == kEscalationNotice;
          }
          page.items.push_back(
              {.request = std::move(row), .patient = std::move(*patient), .escalated = escalated});
        }
        if (page.items.size() == static_cast<std::size_t>(query.limit)) {
          page.next_cursor = CursorFor(page.items.back().request, query.sort);
        }
        note.entity_kind = "request_queue";
        note.detail = "work queue page of " + std::to_string(page.items.size()) + " requests";
        out.value = std::move(page);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<ReleaseRequest> RequestService::RedecideIn(Transaction& tx, RequestId id) {
  Result<ReleaseRequest> request = tx.Requests().Find(id);
  if (!request) return request.error();
  if (request->state == RequestState::kClosed || request->state == RequestState::kCancelled) {
    return FailedPreconditionError("a " + std::string(RequestStateName(request->state)) +
                                   " request cannot change");
  }
  Result<Organization> organization = tx.OrganizationSettings().Get();
  if (!organization) return organization.error();
  return Redecide(tx, *organization, id);
}

}  // namespace roi
