#include "app/denial_review_service.h"

#include <algorithm>
#include <utility>

#include "app/audited_call.h"
#include "app/decision_terms.h"

namespace roi {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

template <typename T>
struct Out {
  std::optional<T> value;
  Status Set(Result<T> result) {
    if (!result) return result.error();
    value = std::move(*result);
    return OkStatus();
  }
};

Date DayOf(std::int64_t micros) {
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(micros / kMicrosPerDay));
}

// The instant of the request's latest denial; nullopt when it was never denied.
Result<std::optional<std::int64_t>> LatestDenial(Transaction& tx, RequestId request) {
  Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request);
  if (!history) return history.error();
  std::optional<std::int64_t> at;
  for (const RequestTransition& done : *history) {
    if (done.event.action == RequestAction::kDeny) at = done.event.at_micros;
  }
  return at;
}

Result<std::vector<UserId>> Participants(Transaction& tx, RequestId request,
                                         const std::vector<HarmDetermination>& determinations) {
  Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request);
  if (!history) return history.error();
  std::vector<UserId> deniers;
  for (const RequestTransition& done : *history) {
    if (done.event.action == RequestAction::kDeny) deniers.push_back(done.event.actor);
  }
  Result<std::vector<ReviewTask>> tasks = tx.Reviews().ListForRequest(request);
  if (!tasks) return tasks.error();
  std::vector<UserId> withholding;
  for (const ReviewTask& task : *tasks) {
    if (task.outcome == ReviewOutcome::kWithhold || task.outcome == ReviewOutcome::kDeny) {
      withholding.push_back(task.completed_by);
    }
  }
  return DenialParticipants(determinations, deniers, withholding);
}

std::vector<DocumentId> InForce(const std::vector<HarmDetermination>& determinations) {
  std::vector<DocumentId> out;
  for (const HarmDetermination& d : determinations) {
    if (d.InForce() && std::find(out.begin(), out.end(), d.document_id) == out.end()) {
      out.push_back(d.document_id);
    }
  }
  return out;
}

// Why no review may be asked for now; empty when one may.
std::string Unavailable(const ReleaseRequest& request, const DecisionTerms& terms,
                        const std::vector<DocumentId>& reviewable,
                        const std::vector<DenialReview>& reviews) {
  if (request.state != RequestState::kDenied) return "the request is not denied";
  if (!terms.denial_reviewable.value_or(false) || reviewable.empty()) {
    return "the denial rests on grounds that are not reviewable (45 CFR 164.524(a)(2))";
  }
  for (const DenialReview& review : reviews) {
    if (review.Open()) return "a review of this denial is already open";
  }
  return "";
}

Result<DenialReview> ReviewOf(Transaction& tx, RequestId request, std::int64_t id) {
  Result<DenialReview> review = tx.DenialReviews().FindReview(id);
  if (!review) return review.error();
  if (review->request_id != request) {
    return NotFoundError("denial review " + std::to_string(id) + " not found");
  }
  return review;
}

}  // namespace

Result<std::vector<DocumentId>> HarmDeterminedDocuments(Transaction& tx, RequestId request) {
  if (!request.IsSet()) return std::vector<DocumentId>();
  Result<std::vector<HarmDetermination>> all = tx.DenialReviews().HarmDeterminations(request);
  if (!all) return all.error();
  return InForce(*all);
}

Result<DenialReviewGuard> DenialReviewGuardFor(Transaction& tx, RequestId request) {
  Result<std::vector<DenialReview>> reviews = tx.DenialReviews().ReviewsForRequest(request);
  if (!reviews) return reviews.error();
  Result<std::optional<std::int64_t>> denied = LatestDenial(tx, request);
  if (!denied) return denied.error();
  DenialReviewGuard guard;
  for (const DenialReview& review : *reviews) {
    if (review.Open()) guard.open = true;
    bool after_denial = !denied->has_value() || review.decided_micros >= **denied;
    if (!review.Open() && review.determination != DenialDetermination::kUpheld && after_denial) {
      guard.overturned = true;
    }
  }
  // A harm determination withdrawn after the denial takes away the ground the denial rested on.
  if (denied->has_value()) {
    Result<std::vector<HarmDetermination>> harms = tx.DenialReviews().HarmDeterminations(request);
    if (!harms) return harms.error();
    for (const HarmDetermination& harm : *harms) {
      if (harm.Withdrawn() && harm.withdrawn_micros >= **denied) guard.overturned = true;
    }
  }
  return guard;
}

Result<bool> DenialReviewDecided(Transaction& tx, RequestId request) {
  if (!request.IsSet()) return false;
  Result<std::vector<DenialReview>> reviews = tx.DenialReviews().ReviewsForRequest(request);
  if (!reviews) return reviews.error();
  return std::any_of(reviews->begin(), reviews->end(),
                     [](const DenialReview& review) { return !review.Open(); });
}

Status DenialReviewService::InOrganization(const Principal& caller, TxMode mode, RequestId request,
                                           std::string_view what,
                                           const std::function<Status(Transaction&)>& work) {
  return AuditedCall(store_, audit_, caller, mode, request, what, work);
}

Result<DenialReviewView> DenialReviewService::Get(const Principal& caller, RequestId request) {
  Out<DenialReviewView> out;
  Status status =
      InOrganization(caller, TxMode::kRead, request, "read denial reviews", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        DenialReviewView view{.request_id = request, .state = found->state};
        view.today = clock_.Today();
        Result<std::vector<HarmDetermination>> harms =
            tx.DenialReviews().HarmDeterminations(request);
        if (!harms) return Status(harms.error());
        view.harm_determinations = std::move(*harms);
        view.reviewable_documents = InForce(view.harm_determinations);
        Result<std::vector<DenialReview>> reviews = tx.DenialReviews().ReviewsForRequest(request);
        if (!reviews) return Status(reviews.error());
        view.reviews = std::move(*reviews);
        Result<std::vector<UserId>> participants =
            Participants(tx, request, view.harm_determinations);
        if (!participants) return Status(participants.error());
        view.participants = std::move(*participants);
        Result<DecisionTerms> terms = ReadDecisionTerms(found->decision_json);
        if (!terms) return Status(terms.error());
        view.unavailable_reason =
            Unavailable(*found, *terms, view.reviewable_documents, view.reviews);
        view.review_available = view.unavailable_reason.empty();
        Result<std::vector<Document>> documents = tx.Documents().ListForPatient(found->patient_id);
        if (!documents) return Status(documents.error());
        for (Document& document : *documents) document.content.clear();
        view.documents = std::move(*documents);
        out.value = std::move(view);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<std::vector<HarmDetermination>> DenialReviewService::RecordHarm(const Principal& caller,
                                                                       RequestId request,
                                                                       const HarmCommand& command) {
  if (!RoleMayComplete(ReviewKind::kLicensedProfessional, caller.user.role)) {
    return PermissionDeniedError(
        "harm determinations are made by a licensed health care "
        "professional (a clinician)");
  }
  if (command.document_ids.empty()) return InvalidArgumentError("document_ids is required");
  Out<std::vector<HarmDetermination>> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, request, "record harm determination", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        RequestState state = found->state;
        if (state != RequestState::kVerifying && state != RequestState::kRetrieving &&
            state != RequestState::kInReview) {
          return Status(FailedPreconditionError(
              "harm determinations are made while the request is verifying, retrieving or in "
              "review; it is " +
              std::string(RequestStateName(state))));
        }
        if (command.ground == HarmGround::kHarmViaRepresentative &&
            !IsPersonalRepresentativeRole(found->requester_role)) {
          return Status(FailedPreconditionError(
              "ground harm_via_representative applies only when a personal representative asks"));
        }
        Result<std::vector<Document>> documents = tx.Documents().ListForPatient(found->patient_id);
        if (!documents) return Status(documents.error());
        std::vector<HarmDetermination> stored;
        for (DocumentId id : command.document_ids) {
          bool known = std::any_of(documents->begin(), documents->end(),
                                   [id](const Document& d) { return d.id == id; });
          if (!known) {
            return Status(InvalidArgumentError("document_ids: document " +
                                               std::to_string(id.value) +
                                               " is not a document of the request's patient"));
          }
          Result<HarmDetermination> added =
              tx.DenialReviews().AddHarmDetermination({.request_id = request,
                                                       .document_id = id,
                                                       .ground = command.ground,
                                                       .reasons = command.reasons,
                                                       .made_by = caller.user.id,
                                                       .made_micros = clock_.NowMicros()});
          if (!added) return Status(added.error());
          stored.push_back(std::move(*added));
        }
        out.value = std::move(stored);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<HarmDetermination> DenialReviewService::WithdrawHarm(const Principal& caller,
                                                            RequestId request,
                                                            std::int64_t determination,
                                                            const std::string& reason) {
  Out<Organization> organization;
  Status read = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    return organization.Set(tx.Organizations().Find(caller.organization));
  });
  if (!read) return read.error();
  Out<HarmDetermination> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, request, "withdraw harm determination", [&](Transaction& tx) {
        if (Result<ReleaseRequest> found = tx.Requests().Find(request); !found) {
          return Status(found.error());
        }
        Result<std::vector<HarmDetermination>> harms =
            tx.DenialReviews().HarmDeterminations(request);
        if (!harms) return Status(harms.error());
        auto current = std::find_if(harms->begin(), harms->end(), [&](const HarmDetermination& d) {
          return d.id == determination;
        });
        if (current == harms->end()) {
          return Status(
              NotFoundError("harm determination " + std::to_string(determination) + " not found"));
        }
        Result<bool> decided = DenialReviewDecided(tx, request);
        if (!decided) return Status(decided.error());
        Result<HarmDetermination> withdrawn = WithdrawHarmDetermination(
            *current, caller.user.id, caller.user.role == Role::kSupervisor, *decided, reason,
            clock_.NowMicros());
        if (!withdrawn) return Status(withdrawn.error());
        if (Status stored = out.Set(tx.DenialReviews().WithdrawHarmDetermination(*withdrawn));
            !stored) {
          return stored;
        }
        Result<ReleaseRequest> redecided = requests_.Redecide(tx, *organization.value, request);
        if (!redecided) return Status(redecided.error());
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<DenialReview> DenialReviewService::RequestReview(const Principal& caller, RequestId request,
                                                        const ReviewRequestCommand& command) {
  Out<DenialReview> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, request, "request denial review", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        Result<DecisionTerms> terms = ReadDecisionTerms(found->decision_json);
        if (!terms) return Status(terms.error());
        Result<std::vector<DocumentId>> reviewable = HarmDeterminedDocuments(tx, request);
        if (!reviewable) return Status(reviewable.error());
        Result<std::vector<DenialReview>> reviews = tx.DenialReviews().ReviewsForRequest(request);
        if (!reviews) return Status(reviews.error());
        std::string why = Unavailable(*found, *terms, *reviewable, *reviews);
        if (why == "a review of this denial is already open") {
          return Status(AlreadyExistsError(why));
        }
        if (!why.empty()) return Status(FailedPreconditionError("no review is available: " + why));
        Result<std::optional<std::int64_t>> denied = LatestDenial(tx, request);
        if (!denied) return Status(denied.error());
        if (!denied->has_value()) {
          return Status(InternalError("a denied request has no deny transition"));
        }
        const Date today = clock_.Today();
        Result<DenialReview> review = RequestDenialReview(
            request, command.requested_on.value_or(today), command.channel, command.note,
            DayOf(**denied), today, caller.user.id, clock_.NowMicros());
        if (!review) return Status(review.error());
        return out.Set(tx.DenialReviews().InsertReview(*review));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<DenialReview> DenialReviewService::AssignReviewer(const Principal& caller, RequestId request,
                                                         std::int64_t review, UserId reviewer) {
  Out<DenialReview> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, request, "assign denial reviewer", [&](Transaction& tx) {
        if (Result<ReleaseRequest> found = tx.Requests().Find(request); !found) {
          return Status(found.error());
        }
        Result<DenialReview> current = ReviewOf(tx, request, review);
        if (!current) return Status(current.error());
        if (!current->Open()) {
          return Status(FailedPreconditionError("the denial review is decided already"));
        }
        Result<User> user = tx.Users().Find(reviewer);
        if (!user) {
          if (user.error().code != ErrorCode::kNotFound) return Status(user.error());
          return Status(InvalidArgumentError("reviewer_id is not a user of this organization"));
        }
        Result<std::vector<HarmDetermination>> harms =
            tx.DenialReviews().HarmDeterminations(request);
        if (!harms) return Status(harms.error());
        Result<std::vector<UserId>> participants = Participants(tx, request, *harms);
        if (!participants) return Status(participants.error());
        if (Status fits = CheckDenialReviewer(*user, *participants); !fits) return fits;
        current->reviewer = reviewer;
        current->assigned_by = caller.user.id;
        current->assigned_micros = clock_.NowMicros();
        return out.Set(tx.DenialReviews().UpdateReview(*current));
      });
  if (!status) return status.error();
  return std::move(*out.value);
}

Result<DenialReviewResult> DenialReviewService::Decide(const Principal& caller, RequestId request,
                                                       std::int64_t review,
                                                       const DenialReviewDecision& decision) {
  Out<Organization> organization;
  Status read = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    return organization.Set(tx.Organizations().Find(caller.organization));
  });
  if (!read) return read.error();
  Out<DenialReviewResult> out;
  Status status =
      InOrganization(caller, TxMode::kWrite, request, "decide denial review", [&](Transaction& tx) {
        Result<ReleaseRequest> found = tx.Requests().Find(request);
        if (!found) return Status(found.error());
        Result<DenialReview> current = ReviewOf(tx, request, review);
        if (!current) return Status(current.error());
        Result<std::vector<HarmDetermination>> harms =
            tx.DenialReviews().HarmDeterminations(request);
        if (!harms) return Status(harms.error());
        Result<std::vector<UserId>> participants = Participants(tx, request, *harms);
        if (!participants) return Status(participants.error());
        if (std::find(participants->begin(), participants->end(), caller.user.id) !=
            participants->end()) {
          return Status(FailedPreconditionError(
              "the reviewer took part in the original denial and may not review it"));
        }
        std::vector<DocumentId> reviewable = InForce(*harms);
        Result<DenialReview> decided =
            DecideDenialReview(*current, decision, caller.user.id, reviewable, clock_.NowMicros());
        if (!decided) return Status(decided.error());
        Result<DenialReview> stored = tx.DenialReviews().UpdateReview(*decided);
        if (!stored) return Status(stored.error());
        if (!stored->overturned_documents.empty()) {
          Result<int> set_aside = tx.DenialReviews().SetAsideHarmDeterminations(
              request, stored->overturned_documents, stored->id);
          if (!set_aside) return Status(set_aside.error());
        }
        Result<Patient> patient = tx.Patients().Find(found->patient_id);
        if (!patient) return Status(patient.error());
        Result<Requester> requester = tx.Requesters().Find(found->requester_id);
        if (!requester) return Status(requester.error());
        Result<std::vector<Document>> documents = tx.Documents().ListForPatient(found->patient_id);
        if (!documents) return Status(documents.error());
        Result<Letter> letter =
            tx.Requests().AddLetter(DenialReviewLetter({.organization = *organization.value,
                                                        .request = *found,
                                                        .patient = *patient,
                                                        .requester = *requester,
                                                        .today = clock_.Today()},
                                                       *stored, *documents, contacts_));
        if (!letter) return Status(letter.error());
        out.value = DenialReviewResult{
            .review = std::move(*stored), .letter_id = letter->id, .state = found->state};
        return OkStatus();
      });
  if (!status) return status.error();
  DenialReviewResult result = std::move(*out.value);
  if (result.review.determination == DenialDetermination::kUpheld) return result;
  // Comply with the determination (164.524(d)(4)): reopen the request, re-decided without the
  // set-aside harm determinations.  The key makes a retry of this step a no-op.
  Result<RequestView> reopened = requests_.Transition(
      caller, request,
      {.action = RequestAction::kReopen,
       .idempotency_key = "denial-review-" + std::to_string(result.review.id),
       .note = "denial review " + std::to_string(result.review.id) + " " +
               std::string(DenialDeterminationName(result.review.determination))});
  if (reopened) {
    result.state = reopened->request.state;
  } else {
    result.reopen_error = reopened.error().message;
  }
  return result;
}

}  // namespace roi
