#include "domain/review.h"

#include <algorithm>
#include <array>
#include <utility>

namespace roi {
namespace {

constexpr std::array<std::pair<ReviewKind, std::string_view>, 4> kKinds = {{
    {ReviewKind::kClinician, "clinician"},
    {ReviewKind::kSupervisor, "supervisor"},
    {ReviewKind::kLicensedProfessional, "licensed_professional"},
    {ReviewKind::kQualityCheck, "quality_check"},
}};
constexpr std::array<std::pair<ReviewStatus, std::string_view>, 3> kStatuses = {{
    {ReviewStatus::kOpen, "open"},
    {ReviewStatus::kCompleted, "completed"},
    {ReviewStatus::kCancelled, "cancelled"},
}};
constexpr std::array<std::pair<ReviewOutcome, std::string_view>, 4> kOutcomes = {{
    {ReviewOutcome::kNone, "none"},
    {ReviewOutcome::kRelease, "release"},
    {ReviewOutcome::kWithhold, "withhold"},
    {ReviewOutcome::kDeny, "deny"},
}};

template <typename T, std::size_t N>
std::string_view NameOf(const std::array<std::pair<T, std::string_view>, N>& table, T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename T, std::size_t N>
Result<T> ValueOf(const std::array<std::pair<T, std::string_view>, N>& table, std::string_view name,
                  std::string_view what) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return InvalidArgumentError("unknown " + std::string(what));
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Withholding reasons that a supervisor looks at before anything goes out.
constexpr std::array<std::string_view, 10> kSensitiveReasons = {
    "PSYCHOTHERAPY_NOTES",
    "SUD_COUNSELING_NOTES",
    "PART2_CONSENT_REQUIRED",
    "PART2_COURT_ORDER_REQUIRED",
    "PART2_PROCEEDING_AGAINST_PATIENT",
    "HIV_SPECIFIC_RELEASE_REQUIRED",
    "LITIGATION_MATERIAL",
    "HARM_DETERMINATION",
    "MENTAL_HEALTH_CONSENT_REQUIRED",
    "REPRODUCTIVE_SPECIFIC_RELEASE_REQUIRED"};

constexpr std::array<std::string_view, 5> kLegalProcess = {
    "court_order", "subpoena", "grand_jury_subpoena", "administrative_request",
    "law_enforcement_informal"};

bool IsLegalProcess(std::string_view basis) {
  return std::find(kLegalProcess.begin(), kLegalProcess.end(), basis) != kLegalProcess.end();
}

// The first reason a clinician should discuss the release with the client, or "".
std::string ClinicianReason(const ReviewInputs& in) {
  const DecisionTerms& terms = *in.terms;
  if (terms.Withholds("PSYCHOTHERAPY_NOTES")) return "PSYCHOTHERAPY_NOTES";
  for (std::string_view rule :
       {"MINOR_PROFESSIONAL_DISCRETION", "CA_MENTAL_HEALTH_ACCESS_REVIEW"}) {
    if (terms.HasRule(rule)) return std::string(rule);
  }
  for (const DocumentTerms& line : terms.documents) {
    for (const Document& doc : in.documents) {
      if (doc.id != line.id) continue;
      if (doc.kind == "psychotherapy_note") return "psychotherapy_note";
      if (Contains(doc.labels, "mental_health")) return "mental_health";
    }
  }
  return "";
}

// The first red flag, or "".
std::string RedFlag(const ReviewInputs& in) {
  for (std::string_view reason : kSensitiveReasons) {
    if (in.terms->Withholds(reason)) return std::string(reason);
  }
  if (in.abuse_concern) return "abuse_concern";
  if (IsLegalProcess(in.basis)) return "legal_process";
  return "";
}

bool ReleasesSomething(const DecisionTerms& terms) {
  return terms.outcome == DecisionOutcome::kRelease || terms.outcome == DecisionOutcome::kPartial;
}

}  // namespace

bool DecisionTerms::HasNotice(std::string_view code) const {
  return std::find(notices.begin(), notices.end(), code) != notices.end();
}

bool DecisionTerms::HasRule(std::string_view code) const {
  return std::find(rules.begin(), rules.end(), code) != rules.end();
}

bool DecisionTerms::Withholds(std::string_view reason) const {
  return std::any_of(documents.begin(), documents.end(), [&](const DocumentTerms& d) {
    return d.withheld && Contains(d.reasons, reason);
  });
}

std::string_view ReviewKindName(ReviewKind kind) { return NameOf(kKinds, kind); }
Result<ReviewKind> ParseReviewKind(std::string_view name) {
  return ValueOf(kKinds, name, "review kind");
}
std::string_view ReviewStatusName(ReviewStatus status) { return NameOf(kStatuses, status); }
Result<ReviewStatus> ParseReviewStatus(std::string_view name) {
  return ValueOf(kStatuses, name, "review status");
}
std::string_view ReviewOutcomeName(ReviewOutcome outcome) { return NameOf(kOutcomes, outcome); }
Result<ReviewOutcome> ParseReviewOutcome(std::string_view name) {
  return ValueOf(kOutcomes, name, "review outcome");
}

Status ValidateReviewTask(const ReviewTask& task) {
  if (!task.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (task.reason.empty() || task.reason.size() > 200) {
    return InvalidArgumentError("reason must be 1 to 200 bytes");
  }
  if (task.notes.size() > 4000) return InvalidArgumentError("notes is over 4000 bytes");
  if (task.created_micros < 0 || task.completed_micros < 0) {
    return InvalidArgumentError("times must not be negative");
  }
  switch (task.status) {
    case ReviewStatus::kOpen:
      if (task.outcome != ReviewOutcome::kNone || task.completed_by.IsSet()) {
        return InvalidArgumentError("an open review has no outcome or completer");
      }
      break;
    case ReviewStatus::kCompleted:
      if (task.outcome == ReviewOutcome::kNone) {
        return InvalidArgumentError("outcome is required to complete a review");
      }
      if (!task.completed_by.IsSet()) return InvalidArgumentError("completed_by is required");
      break;
    case ReviewStatus::kCancelled:
      if (task.outcome != ReviewOutcome::kNone) {
        return InvalidArgumentError("a cancelled review has no outcome");
      }
      if (!task.completed_by.IsSet()) return InvalidArgumentError("completed_by is required");
      break;
  }
  if ((task.outcome == ReviewOutcome::kWithhold) != !task.withheld_documents.empty()) {
    return InvalidArgumentError(
        "withheld_document_ids: required for a withhold outcome, and only for it");
  }
  return OkStatus();
}

std::vector<ReviewNeed> RequiredReviews(const ReviewInputs& in) {
  std::vector<ReviewNeed> needs;
  if (in.terms == nullptr) return needs;
  const DecisionTerms& terms = *in.terms;
  bool releases = ReleasesSomething(terms);
  if (releases) {
    if (std::string why = ClinicianReason(in); !why.empty()) {
      needs.push_back({ReviewKind::kClinician, why});
    }
    if (std::string flag = RedFlag(in); !flag.empty()) {
      needs.push_back({ReviewKind::kSupervisor, flag});
    }
  }
  if (terms.denial_reviewable.value_or(false)) {
    needs.push_back({ReviewKind::kLicensedProfessional, "DENIAL_REVIEWABLE"});
  }
  if (releases && in.settings.quality_check) {
    needs.push_back({ReviewKind::kQualityCheck, "quality_check"});
  }
  return needs;
}

bool RoleMayComplete(ReviewKind kind, Role role) {
  switch (kind) {
    case ReviewKind::kClinician:
    case ReviewKind::kLicensedProfessional:
      return role == Role::kClinician;
    case ReviewKind::kSupervisor:
      return role == Role::kSupervisor || role == Role::kPrivacyOfficer;
    case ReviewKind::kQualityCheck:
      return role == Role::kRoiSpecialist || role == Role::kClinician ||
             role == Role::kSupervisor || role == Role::kPrivacyOfficer;
  }
  return false;
}

Result<ReviewTask> CompleteReview(const ReviewTask& task, const ReviewCompletion& completion,
                                  UserId by, Role role, std::int64_t at_micros,
                                  std::span<const DocumentId> known_documents) {
  if (task.status != ReviewStatus::kOpen) {
    return FailedPreconditionError("the review is already " +
                                   std::string(ReviewStatusName(task.status)));
  }
  if (completion.notes.size() > 4000) return InvalidArgumentError("notes is over 4000 bytes");
  ReviewTask done = task;
  done.notes = completion.notes;
  done.completed_by = by;
  done.completed_micros = at_micros;
  if (completion.status == ReviewStatus::kCancelled) {
    if (completion.outcome != ReviewOutcome::kNone || !completion.withheld_documents.empty()) {
      return InvalidArgumentError("outcome: a cancelled review has no outcome");
    }
    if (role != Role::kSupervisor && role != Role::kPrivacyOfficer) {
      return PermissionDeniedError("only a supervisor or privacy officer may cancel a review");
    }
    done.status = ReviewStatus::kCancelled;
    return done;
  }
  if (completion.status != ReviewStatus::kCompleted) {
    return InvalidArgumentError("status must be completed or cancelled");
  }
  if (!RoleMayComplete(task.kind, role)) {
    return PermissionDeniedError("a " + std::string(RoleName(role)) + " may not complete a " +
                                 std::string(ReviewKindName(task.kind)) + " review");
  }
  if (task.kind == ReviewKind::kQualityCheck && task.prepared_by.IsSet() &&
      task.prepared_by == by) {
    return FailedPreconditionError(
        "the quality check must be done by someone other than the person who prepared the "
        "release");
  }
  if (completion.outcome == ReviewOutcome::kNone) {
    return InvalidArgumentError("outcome is required (release, withhold or deny)");
  }
  if (completion.outcome == ReviewOutcome::kWithhold) {
    if (completion.withheld_documents.empty()) {
      return InvalidArgumentError("withheld_document_ids: a withhold outcome names documents");
    }
    for (DocumentId id : completion.withheld_documents) {
      if (std::find(known_documents.begin(), known_documents.end(), id) == known_documents.end()) {
        return InvalidArgumentError("withheld_document_ids: document " + std::to_string(id.value) +
                                    " is not a document of this request");
      }
    }
  } else if (!completion.withheld_documents.empty()) {
    return InvalidArgumentError("withheld_document_ids: only a withhold outcome names documents");
  }
  done.status = ReviewStatus::kCompleted;
  done.outcome = completion.outcome;
  done.withheld_documents = completion.withheld_documents;
  return done;
}

Status ValidateNotification(const RequestNotification& notification) {
  if (!notification.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (notification.recipient != "provider" && notification.recipient != "administrator") {
    return InvalidArgumentError("recipient must be provider or administrator");
  }
  if (notification.reason.empty() || notification.reason.size() > 64) {
    return InvalidArgumentError("reason must be 1 to 64 bytes");
  }
  if (notification.status.empty() || notification.status.size() > 32) {
    return InvalidArgumentError("status must be 1 to 32 bytes");
  }
  return OkStatus();
}

std::vector<RequestNotification> OwedNotifications(const DecisionTerms& terms,
                                                   std::string_view basis,
                                                   std::string_view requester_role) {
  std::string reason;
  if (terms.HasNotice("NOTIFY_PROVIDER")) {
    reason = "NOTIFY_PROVIDER";
  } else if (requester_role == "attorney") {
    reason = "ATTORNEY_REQUEST";
  } else if (requester_role == "court" || basis == "court_order" || basis == "subpoena" ||
             basis == "grand_jury_subpoena") {
    reason = "LEGAL_PROCESS";
  } else {
    return {};
  }
  std::vector<RequestNotification> out;
  for (std::string_view recipient : {"provider", "administrator"}) {
    RequestNotification n;
    n.recipient = std::string(recipient);
    n.reason = reason;
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace roi
