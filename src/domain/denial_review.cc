#include "domain/denial_review.h"

#include <algorithm>
#include <array>
#include <utility>

#include "domain/review.h"

namespace roi {
namespace {

constexpr std::array<std::string_view, 3> kGroundNames = {
    "endanger_life_or_safety", "harm_to_referenced_person", "harm_via_representative"};
constexpr std::array<std::string_view, 3> kGroundCites = {
    "45 CFR 164.524(a)(3)(i)", "45 CFR 164.524(a)(3)(ii)", "45 CFR 164.524(a)(3)(iii)"};
constexpr std::array<std::string_view, 4> kDeterminationNames = {"none", "upheld", "overturned",
                                                                 "overturned_in_part"};

bool Contains(std::span<const DocumentId> ids, DocumentId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

Status ValidateAssignment(const DenialReview& review) {
  if (review.reviewer.IsSet() != review.assigned_by.IsSet()) {
    return InvalidArgumentError("reviewer and assigned_by are set together");
  }
  return OkStatus();
}

Status ValidateDetermination(const DenialReview& review) {
  if (review.reasons.size() > 4000) return InvalidArgumentError("reasons is over 4000 bytes");
  if (review.Open()) {
    if (!review.reasons.empty() || review.decided_by.IsSet() ||
        !review.overturned_documents.empty()) {
      return InvalidArgumentError("determination: an open review has no decision yet");
    }
    return OkStatus();
  }
  if (review.reasons.empty()) return InvalidArgumentError("reasons is required");
  if (!review.decided_by.IsSet() || !review.reviewer.IsSet()) {
    return InvalidArgumentError("decided_by: a decided review names its reviewer");
  }
  bool upheld = review.determination == DenialDetermination::kUpheld;
  if (upheld != review.overturned_documents.empty()) {
    return InvalidArgumentError(
        "overturned_documents: required exactly when the denial is overturned");
  }
  return OkStatus();
}

}  // namespace

std::string_view HarmGroundName(HarmGround ground) {
  return kGroundNames[static_cast<std::size_t>(ground)];
}

std::string_view HarmGroundCite(HarmGround ground) {
  return kGroundCites[static_cast<std::size_t>(ground)];
}

Result<HarmGround> ParseHarmGround(std::string_view name) {
  for (std::size_t i = 0; i < kGroundNames.size(); ++i) {
    if (kGroundNames[i] == name) return static_cast<HarmGround>(i);
  }
  return InvalidArgumentError(
      "ground must be one of endanger_life_or_safety, harm_to_referenced_person, "
      "harm_via_representative");
}

std::string_view DenialDeterminationName(DenialDetermination determination) {
  return kDeterminationNames[static_cast<std::size_t>(determination)];
}

Result<DenialDetermination> ParseDenialDetermination(std::string_view name) {
  for (std::size_t i = 0; i < kDeterminationNames.size(); ++i) {
    if (kDeterminationNames[i] == name) return static_cast<DenialDetermination>(i);
  }
  return InvalidArgumentError("unknown denial review determination");
}

Status ValidateHarmDetermination(const HarmDetermination& d) {
  if (!d.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (!d.document_id.IsSet()) return InvalidArgumentError("document_id is required");
  if (!d.made_by.IsSet()) return InvalidArgumentError("made_by is required");
  if (d.reasons.empty()) return InvalidArgumentError("reasons is required");
  if (d.reasons.size() > 4000) return InvalidArgumentError("reasons is over 4000 bytes");
  if (d.set_aside_by_review < 0) return InvalidArgumentError("set_aside_by_review is negative");
  if (d.Withdrawn()) {
    if (d.withdrawn_micros <= 0) return InvalidArgumentError("withdrawn_micros is required");
    if (d.withdrawal_reason.empty()) return InvalidArgumentError("withdrawal_reason is required");
    if (d.withdrawal_reason.size() > 2000) {
      return InvalidArgumentError("withdrawal_reason is over 2000 bytes");
    }
  } else if (d.withdrawn_micros != 0 || !d.withdrawal_reason.empty()) {
    return InvalidArgumentError("withdrawn_by is required with a withdrawal");
  }
  return OkStatus();
}

Result<HarmDetermination> WithdrawHarmDetermination(const HarmDetermination& determination,
                                                    UserId by, bool may_withdraw_any,
                                                    bool review_decided, std::string reason,
                                                    std::int64_t now_micros) {
  if (determination.made_by != by && !may_withdraw_any) {
    return PermissionDeniedError(
        "a harm determination is withdrawn by the professional who made it or a supervisor");
  }
  if (determination.Withdrawn()) {
    return FailedPreconditionError("the harm determination is withdrawn already");
  }
  if (!determination.InForce()) {
    return FailedPreconditionError("the harm determination was set aside by a denial review");
  }
  if (review_decided) {
    return FailedPreconditionError(
        "a review of the denial has been decided; the harm determination stands as reviewed");
  }
  if (reason.empty()) return InvalidArgumentError("reason is required");
  if (reason.size() > 2000) return InvalidArgumentError("reason is over 2000 bytes");
  HarmDetermination out = determination;
  out.withdrawn_by = by;
  out.withdrawn_micros = now_micros;
  out.withdrawal_reason = std::move(reason);
  return out;
}

bool IsPersonalRepresentativeRole(std::string_view role) {
  return role == "personal_representative" || role == "parent" || role == "guardian" ||
         role == "executor";
}

Status ValidateDenialReview(const DenialReview& review) {
  if (!review.request_id.IsSet()) return InvalidArgumentError("request_id is required");
  if (!review.recorded_by.IsSet()) return InvalidArgumentError("recorded_by is required");
  if (review.note.size() > 2000) return InvalidArgumentError("note is over 2000 bytes");
  if (review.due_on < review.requested_on) {
    return InvalidArgumentError("due_on is before requested_on");
  }
  if (Status assigned = ValidateAssignment(review); !assigned) return assigned;
  return ValidateDetermination(review);
}

Result<DenialReview> RequestDenialReview(RequestId request, Date requested_on, Channel channel,
                                         std::string note, Date denied_on, Date today,
                                         UserId recorded_by, std::int64_t now_micros) {
  if (requested_on < denied_on) {
    return InvalidArgumentError("requested_on is before the denial (" + denied_on.ToString() + ")");
  }
  if (today < requested_on) return InvalidArgumentError("requested_on is in the future");
  DenialReview review{.request_id = request,
                      .requested_on = requested_on,
                      .channel = channel,
                      .note = std::move(note),
                      .recorded_by = recorded_by,
                      .recorded_micros = now_micros,
                      .due_on = requested_on.AddDays(kDenialReviewDueDays)};
  if (Status valid = ValidateDenialReview(review); !valid) return valid.error();
  return review;
}

std::vector<UserId> DenialParticipants(std::span<const HarmDetermination> determinations,
                                       std::span<const UserId> deniers,
                                       std::span<const UserId> withholding_reviewers) {
  std::vector<UserId> out;
  auto add = [&out](UserId id) {
    if (id.IsSet()) out.push_back(id);
  };
  for (const HarmDetermination& d : determinations) add(d.made_by);
  for (UserId id : deniers) add(id);
  for (UserId id : withholding_reviewers) add(id);
  std::sort(out.begin(), out.end(), [](UserId a, UserId b) { return a.value < b.value; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Status CheckDenialReviewer(const User& user, std::span<const UserId> participants) {
  if (user.disabled) return InvalidArgumentError("reviewer_id is a disabled user");
  if (!RoleMayComplete(ReviewKind::kLicensedProfessional, user.role)) {
    return PermissionDeniedError("a " + std::string(RoleName(user.role)) +
                                 " is not a licensed health care professional reviewer");
  }
  if (std::find(participants.begin(), participants.end(), user.id) != participants.end()) {
    return FailedPreconditionError("user " + std::to_string(user.id.value) +
                                   " took part in the original denial and may not review it");
  }
  return OkStatus();
}

Result<DenialReview> DecideDenialReview(const DenialReview& review,
                                        const DenialReviewDecision& decision, UserId by,
                                        std::span<const DocumentId> reviewable_documents,
                                        std::int64_t now_micros) {
  if (!review.Open()) return FailedPreconditionError("the denial review is decided already");
  if (!review.reviewer.IsSet()) {
    return FailedPreconditionError("the denial review has no reviewer assigned yet");
  }
  if (review.reviewer != by) {
    return PermissionDeniedError("only the assigned reviewer may decide the denial review");
  }
  if (decision.reasons.empty()) return InvalidArgumentError("reasons is required");
  if (decision.reasons.size() > 4000) return InvalidArgumentError("reasons is over 4000 bytes");
  DenialReview out = review;
  out.reasons = decision.reasons;
  out.decided_by = by;
  out.decided_micros = now_micros;
  if (!decision.overturn) {
    if (!decision.overturned_documents.empty()) {
      return InvalidArgumentError("overturned_document_ids: only with an overturn");
    }
    out.determination = DenialDetermination::kUpheld;
    return out;
  }
  if (reviewable_documents.empty()) {
    return FailedPreconditionError("the denial withholds nothing on a reviewable ground");
  }
  std::vector<DocumentId> overturned = decision.overturned_documents;
  if (overturned.empty())
    overturned.assign(reviewable_documents.begin(), reviewable_documents.end());
  for (DocumentId id : overturned) {
    if (!Contains(reviewable_documents, id)) {
      return InvalidArgumentError("overturned_document_ids: document " + std::to_string(id.value) +
                                  " is not withheld on a reviewable ground");
    }
  }
  std::sort(overturned.begin(), overturned.end(),
            [](DocumentId a, DocumentId b) { return a.value < b.value; });
  overturned.erase(std::unique(overturned.begin(), overturned.end()), overturned.end());
  out.determination = overturned.size() == reviewable_documents.size()
                          ? DenialDetermination::kOverturned
                          : DenialDetermination::kOverturnedInPart;
  out.overturned_documents = std::move(overturned);
  return out;
}

}  // namespace roi
