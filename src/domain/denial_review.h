// Denial review: the review of an access denial that the individual asks for after the denial
// (45 CFR 164.524(a)(3), (a)(4), (d)(4)).  A licensed health care professional's harm
// determination on a document is the reviewable ground the policy engine withholds for
// (spec/decision.md documents[].harm_determination); the individual may ask for a review by a
// licensed professional the covered entity designates who did not take part in the denial; the
// reviewer upholds it or overturns it in whole or in part, with reasons, and an overturned harm
// determination is set aside so the re-decided request releases those documents.  Pure values
// and rules: no I/O, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/release_request.h"
#include "domain/user.h"

namespace roi {

// The reviewable grounds of 164.524(a)(3): access is reasonably likely to
// (i) endanger the life or physical safety of the individual or another person,
// (ii) cause substantial harm to another person the record refers to (not a provider),
// (iii) cause substantial harm to the individual or another person, when a personal
//       representative asks.
enum class HarmGround { kEndangerLifeOrSafety, kHarmToReferencedPerson, kHarmViaRepresentative };
// "endanger_life_or_safety", "harm_to_referenced_person", "harm_via_representative".
std::string_view HarmGroundName(HarmGround ground);
Result<HarmGround> ParseHarmGround(std::string_view name);
// The paragraph of 45 CFR 164.524 the ground rests on, e.g. "45 CFR 164.524(a)(3)(i)".
std::string_view HarmGroundCite(HarmGround ground);

// A licensed professional's determination that access to one document of a request is reasonably
// likely to cause harm.  In force until a denial review sets it aside or it is withdrawn (by its
// maker or a supervisor, with a reason, before any review of the request is decided); a withdrawn
// one stays recorded.  Value type.
struct HarmDetermination {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  DocumentId document_id;
  HarmGround ground = HarmGround::kEndangerLifeOrSafety;
  std::string reasons;  // The professional's reasons; 1..4000 bytes.
  UserId made_by;
  std::int64_t made_micros = 0;
  std::int64_t set_aside_by_review = 0;  // The denial review that overturned it; 0 in force.
  UserId withdrawn_by;                   // Unset unless withdrawn.
  std::int64_t withdrawn_micros = 0;
  std::string withdrawal_reason;  // Why it was withdrawn; 1..2000 bytes when withdrawn.
  bool Withdrawn() const { return withdrawn_by.IsSet(); }
  bool InForce() const { return set_aside_by_review == 0 && !Withdrawn(); }
  bool operator==(const HarmDetermination&) const = default;
};

// Returns InvalidArgument naming the first bad field: request, document or maker unset, reasons
// empty or over 4000 bytes, a negative set_aside_by_review, a withdrawal without its time or
// reason (or a reason over 2000 bytes, or a time or reason without the withdrawer).
Status ValidateHarmDetermination(const HarmDetermination& determination);

// Withdraws `determination` by `by` (`may_withdraw_any`: a supervisor, who may withdraw anyone's)
// with `reason`.  `review_decided`: a review of the request's denial has been decided.  Returns
// PermissionDenied unless `by` made it or may withdraw any, FailedPrecondition when it is no
// longer in force or a review has decided, InvalidArgument for an empty reason or one over 2000
// bytes.
Result<HarmDetermination> WithdrawHarmDetermination(const HarmDetermination& determination,
                                                    UserId by, bool may_withdraw_any,
                                                    bool review_decided, std::string reason,
                                                    std::int64_t now_micros);

// Whether `requester_role` is someone acting for the patient (ground (iii) needs one).
bool IsPersonalRepresentativeRole(std::string_view requester_role);

// What the reviewer decided.
enum class DenialDetermination { kNone, kUpheld, kOverturned, kOverturnedInPart };
// "none", "upheld", "overturned", "overturned_in_part".
std::string_view DenialDeterminationName(DenialDetermination determination);
Result<DenialDetermination> ParseDenialDetermination(std::string_view name);

// How many days after the individual's request the review is due.  The rule says "promptly" and
// "within a reasonable time" and sets no number; this is the desk's own standard, chosen to match
// the 30-day access clock of 164.524(b)(2).
inline constexpr int kDenialReviewDueDays = 30;

// One review of a denial asked for by the individual.  Open until a determination is recorded.
// Value type.
struct DenialReview {
  std::int64_t id = 0;  // Assigned by storage.
  RequestId request_id;
  Date requested_on;                 // When the individual asked (not before the denial).
  Channel channel = Channel::kMail;  // How they asked.
  std::string note;                  // What the desk noted with the request; at most 2000 bytes.
  UserId recorded_by;
  std::int64_t recorded_micros = 0;
  Date due_on;         // requested_on + kDenialReviewDueDays.
  UserId reviewer;     // The designated licensed professional; unset until assigned.
  UserId assigned_by;  // Unset until assigned.
  std::int64_t assigned_micros = 0;
  DenialDetermination determination = DenialDetermination::kNone;
  std::vector<DocumentId> overturned_documents;  // Empty unless overturned (in whole or part).
  std::string reasons;                           // The reviewer's reasons; 1..4000 bytes.
  UserId decided_by;
  std::int64_t decided_micros = 0;
  std::int64_t version = 0;  // Storage's optimistic-concurrency counter.

  bool Open() const { return determination == DenialDetermination::kNone; }
  bool operator==(const DenialReview&) const = default;
};

// Returns InvalidArgument naming the first bad field: request or recorder unset, note over 2000
// bytes, due_on before requested_on, an assignment without its assigner (or the reverse), a
// determination without reasons, decider or reviewer, an open review with them, overturned
// documents for an upheld review (or none for an overturned one), reasons over 4000 bytes.
Status ValidateDenialReview(const DenialReview& review);

// The individual asks for a review on `requested_on` through `channel`.  `denied_on` is the day of
// the request's (latest) denial, `today` the desk's day.  Returns InvalidArgument when
// requested_on is before the denial or after today, or the note is over 2000 bytes.
Result<DenialReview> RequestDenialReview(RequestId request, Date requested_on, Channel channel,
                                         std::string note, Date denied_on, Date today,
                                         UserId recorded_by, std::int64_t now_micros);

// Who took part in the original denial: the makers of the harm determinations, the actors of the
// request's deny transitions, and the completers of its review tasks that withheld or denied.
// Sorted, without repeats; never contains the unset id.
std::vector<UserId> DenialParticipants(std::span<const HarmDetermination> determinations,
                                       std::span<const UserId> deniers,
                                       std::span<const UserId> withholding_reviewers);

// Whether `user` may be the reviewer: enabled, a role that may complete a licensed-professional
// review (a clinician), and not among `participants`.  Returns InvalidArgument for a disabled user,
// PermissionDenied for another role, FailedPrecondition for someone who took part in the denial.
Status CheckDenialReviewer(const User& user, std::span<const UserId> participants);

// What the reviewer decides.
struct DenialReviewDecision {
  bool overturn = false;                         // false: uphold.
  std::vector<DocumentId> overturned_documents;  // For overturn; empty = every reviewable one.
  std::string reasons;
};

// Records `decision` by `by` on an open `review`.  `reviewable_documents` are the documents the
// denial withholds on a reviewable ground (in-force harm determinations).  Returns
// FailedPrecondition when the review is decided already or has no reviewer, PermissionDenied when
// `by` is not the assigned reviewer, InvalidArgument for missing or long reasons, an overturned
// document the denial does not withhold on a reviewable ground, or documents with an uphold.
Result<DenialReview> DecideDenialReview(const DenialReview& review,
                                        const DenialReviewDecision& decision, UserId by,
                                        std::span<const DocumentId> reviewable_documents,
                                        std::int64_t now_micros);

}  // namespace roi
