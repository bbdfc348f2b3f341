#include "app/denial_review_deadlines.h"

#include <string>
#include <vector>

#include "domain/denial_review.h"
#include "domain/request_notice.h"

namespace roi {
namespace {

// Open reviews read per scan: far more than a desk ever has open at once.
constexpr int kMaxOpenReviews = 10000;

std::string Days(int n) { return n == 1 ? "1 day" : std::to_string(n) + " days"; }

}  // namespace

Result<ReviewDeadlineCounts> ScanDenialReviewDeadlines(Transaction& tx, const AuditTrail& audit,
                                                       Date today, std::int64_t now_micros,
                                                       std::span<const int> thresholds,
                                                       int& budget) {
  Result<std::vector<DenialReview>> open = tx.DenialReviews().OpenReviews(kMaxOpenReviews);
  if (!open) return open.error();
  ReviewDeadlineCounts counts;
  for (const DenialReview& review : *open) {  // Earliest due first: overdue ones lead.
    if (budget <= 0) break;
    const int left = today.DaysUntil(review.due_on);
    const std::string prefix = "review-" + std::to_string(review.id) + ":";
    RequestNotice notice{
        .request_id = review.request_id, .due_on = review.due_on, .raised_micros = now_micros};
    if (left < 0) {
      notice.kind = std::string(kEscalationNotice);
      notice.key = prefix + "overdue@" + review.due_on.ToString();
      notice.message = "denial review overdue since " + review.due_on.ToString();
    } else {
      // The smallest threshold not yet passed, as for requests.
      int crossed = -1;
      for (int threshold : thresholds) {
        if (left <= threshold) {
          crossed = threshold;
          break;
        }
      }
      if (crossed < 0) continue;
      notice.kind = std::string(kReminderNotice);
      notice.key = prefix + std::to_string(crossed) + "d@" + review.due_on.ToString();
      notice.message = "denial review due in " + Days(left);
    }
    Result<bool> raised = tx.Notices().Raise(notice);
    if (!raised) return raised.error();
    if (!*raised) continue;  // Done before, by this or another scan.
    --budget;
    Result<ReleaseRequest> request = tx.Requests().Find(review.request_id);
    if (!request) return request.error();
    if (Status recorded =
            audit.RecordNote(tx, AuditActor{.id = {}, .label = "system", .remote_address = ""},
                             AuditNote{.action = AuditAction::kCreate,
                                       .patient = request->patient_id,
                                       .entity_kind = "denial_review",
                                       .entity_id = std::to_string(review.id),
                                       .detail = notice.kind + " " + notice.key});
        !recorded) {
      return recorded.error();
    }
    if (left < 0) {
      ++counts.escalations;
    } else {
      ++counts.reminders;
    }
  }
  return counts;
}

}  // namespace roi
