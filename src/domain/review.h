// Reviews: the human checks a request needs before its records go out — a clinician's review
// (discussing the release with the client) for behavioural-health and psychotherapy-adjacent
// records, a supervisor's review for red flags, a licensed professional's review of a reviewable
// denial, and a quality check by a second person.  Which reviews a request needs follows from its
// stored decision (domain/decision_terms.h), its facts and the organization's setting.  Also the
// notification owed to the provider and the administrator when an attorney or a court asks.
// Pure values and rules: no I/O, no clock.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "domain/decision_terms.h"
#include "domain/document.h"
#include "domain/user.h"

namespace roi {

enum class ReviewKind { kClinician, kSupervisor, kLicensedProfessional, kQualityCheck };
std::string_view ReviewKindName(ReviewKind kind);  // "licensed_professional"
Result<ReviewKind> ParseReviewKind(std::string_view name);

enum class ReviewStatus { kOpen, kCompleted, kCancelled };
std::string_view ReviewStatusName(ReviewStatus status);
Result<ReviewStatus> ParseReviewStatus(std::string_view name);

// What a completed review decided.  kNone only while open or cancelled.
enum class ReviewOutcome { kNone, kRelease, kWithhold, kDeny };
std::string_view ReviewOutcomeName(ReviewOutcome outcome);  // "none", "release", "withhold", ...
Result<ReviewOutcome> ParseReviewOutcome(std::string_view name);

// One review task of a request.  Value type.
struct ReviewTask {
  ReviewId id;  // Assigned by storage.
  RequestId request_id;
  ReviewKind kind = ReviewKind::kClinician;
  std::string reason;  // Why it is needed, e.g. "PSYCHOTHERAPY_NOTES" or "quality_check".
  ReviewStatus status = ReviewStatus::kOpen;
  UserId assignee;     // Optional.
  UserId prepared_by;  // Who sent the request to review (the quality check's first person).
  ReviewOutcome outcome = ReviewOutcome::kNone;
  std::vector<DocumentId> withheld_documents;  // For kWithhold: what the reviewer holds back.
  std::string notes;                           // At most 4000 bytes.
  UserId completed_by;                         // Who completed or cancelled it.
  std::int64_t created_micros = 0;
  std::int64_t completed_micros = 0;
  bool operator==(const ReviewTask&) const = default;
};

// Returns InvalidArgument naming the first bad field: request unset, reason empty or over 200
// bytes, notes over 4000 bytes, an open task with an outcome or a completer, a completed task
// without an outcome or completer, a withhold without documents (or documents without a
// withhold).
Status ValidateReviewTask(const ReviewTask& task);

// The organization's review configuration.  Value type.
struct ReviewSettings {
  bool quality_check = false;  // A second person checks every release before it goes.
  bool operator==(const ReviewSettings&) const = default;
};

// One review a request needs, and why.
struct ReviewNeed {
  ReviewKind kind = ReviewKind::kClinician;
  std::string reason;
  bool operator==(const ReviewNeed&) const = default;
};

// What decides the reviews of one request.
struct ReviewInputs {
  const DecisionTerms* terms = nullptr;  // Required.
  std::string basis;                     // The request's legal basis ("access", "subpoena", ...).
  std::string requester_role;            // "patient", "attorney", ...
  bool abuse_concern = false;            // The request's abuse-concern flag.
  std::span<const Document> documents;   // The patient's documents (kinds and labels).
  ReviewSettings settings;
};

// The reviews the request needs, at most one per kind, in ReviewKind order:
// - clinician: a document the decision names is a psychotherapy note or labelled mental_health,
//   a document is withheld for PSYCHOTHERAPY_NOTES, or a rule asks a professional to weigh
//   access (MINOR_PROFESSIONAL_DISCRETION, CA_MENTAL_HEALTH_ACCESS_REVIEW);
// - supervisor (red flags): a document withheld for a sensitive reason (psychotherapy or SUD
//   counselling notes, Part 2, HIV, litigation material, harm), an abuse concern, or legal
//   process (court order, subpoena, law enforcement);
// - licensed_professional: the decision says a denial or withholding is reviewable;
// - quality_check: the organization's setting is on and the decision releases something.
// Nothing is needed for a decision that releases nothing (pend, deny without review).
std::vector<ReviewNeed> RequiredReviews(const ReviewInputs& inputs);

// Whether `role` may complete (or cancel) a review of `kind`: clinician and licensed
// professional reviews need a clinician; supervisor reviews a supervisor or privacy officer;
// quality checks anyone who may review records.
bool RoleMayComplete(ReviewKind kind, Role role);

// What the reviewer decided.
struct ReviewCompletion {
  ReviewStatus status = ReviewStatus::kCompleted;  // kCompleted or kCancelled.
  ReviewOutcome outcome = ReviewOutcome::kNone;    // Required to complete.
  std::vector<DocumentId> withheld_documents;      // Required for kWithhold.
  std::string notes;
};

// Applies `completion` by `by` (with `role`) at `at_micros` to `task`.  Returns
// FailedPrecondition when the task is no longer open, or when a quality check is completed by
// the person who prepared the release; PermissionDenied when the role may not complete this
// kind, or cancels without being a supervisor or privacy officer; InvalidArgument for a missing
// outcome, a withhold without documents, documents that are not the request's (`known_documents`),
// documents for another outcome, or long notes.
Result<ReviewTask> CompleteReview(const ReviewTask& task, const ReviewCompletion& completion,
                                  UserId by, Role role, std::int64_t at_micros,
                                  std::span<const DocumentId> known_documents);

// A notification owed about a request; delivery comes later, this is the record that it is owed.
struct RequestNotification {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  std::string recipient;  // "provider" or "administrator".
  std::string reason;     // "NOTIFY_PROVIDER", "ATTORNEY_REQUEST" or "LEGAL_PROCESS".
  std::string status = "pending";
  std::int64_t created_micros = 0;
  bool operator==(const RequestNotification&) const = default;
};

// Returns InvalidArgument for an unset request, an unknown recipient, an empty reason or status.
Status ValidateNotification(const RequestNotification& notification);

// The notifications a request calls for (request_id and time left unset): the provider and the
// administrator are told when the decision carries NOTIFY_PROVIDER, when an attorney or a court
// asks, or when the basis is a court order or subpoena.  Empty otherwise.
std::vector<RequestNotification> OwedNotifications(const DecisionTerms& terms,
                                                   std::string_view basis,
                                                   std::string_view requester_role);

}  // namespace roi
