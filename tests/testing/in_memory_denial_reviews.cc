#include <algorithm>
#include <string>
#include <tuple>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

template <typename Map, typename Id>
bool Owned(const Map& rows, Id id, OrganizationId organization) {
  auto found = rows.find(id);
  return found != rows.end() && found->second.organization_id == organization;
}

}  // namespace

Result<HarmDetermination> InMemoryDenialReviews::AddHarmDetermination(
    const HarmDetermination& determination) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateHarmDetermination(determination); !valid) return valid.error();
  if (!Owned(view_.requests, determination.request_id, organization_)) {
    return NotFoundError("request " + std::to_string(determination.request_id.value) +
                         " not found");
  }
  if (!Owned(view_.documents, determination.document_id, organization_)) {
    return NotFoundError("document " + std::to_string(determination.document_id.value) +
                         " not found");
  }
  if (!Owned(view_.users, determination.made_by, organization_)) {
    return NotFoundError("user " + std::to_string(determination.made_by.value) + " not found");
  }
  for (const auto& [organization, row] : view_.harm_determinations) {
    if (organization == organization_ && row.request_id == determination.request_id &&
        row.document_id == determination.document_id && row.InForce()) {
      return AlreadyExistsError("document " + std::to_string(row.document_id.value) +
                                " already has a harm determination in force");
    }
  }
  HarmDetermination stored = determination;
  stored.id = data_->next_id++;
  data_->harm_determinations.emplace_back(organization_, stored);
  return stored;
}

Result<std::vector<HarmDetermination>> InMemoryDenialReviews::HarmDeterminations(
    RequestId request) {
  std::vector<HarmDetermination> out;
  for (const auto& [organization, row] : view_.harm_determinations) {
    if (organization == organization_ && row.request_id == request) out.push_back(row);
  }
  return out;
}

Result<int> InMemoryDenialReviews::SetAsideHarmDeterminations(RequestId request,
                                                              std::span<const DocumentId> documents,
                                                              std::int64_t review_id) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  int marked = 0;
  for (auto& [organization, row] : data_->harm_determinations) {
    if (organization != organization_ || row.request_id != request || !row.InForce()) continue;
    if (std::find(documents.begin(), documents.end(), row.document_id) == documents.end()) continue;
    row.set_aside_by_review = review_id;
    ++marked;
  }
  return marked;
}

Result<HarmDetermination> InMemoryDenialReviews::WithdrawHarmDetermination(
    const HarmDetermination& withdrawn) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateHarmDetermination(withdrawn); !valid) return valid.error();
  if (!withdrawn.Withdrawn()) return InvalidArgumentError("withdrawn_by is required");
  for (auto& [organization, row] : data_->harm_determinations) {
    if (organization != organization_ || row.id != withdrawn.id) continue;
    if (!row.InForce()) {
      return FailedPreconditionError("harm determination " + std::to_string(row.id) +
                                     " is not in force");
    }
    row.withdrawn_by = withdrawn.withdrawn_by;
    row.withdrawn_micros = withdrawn.withdrawn_micros;
    row.withdrawal_reason = withdrawn.withdrawal_reason;
    return row;
  }
  return NotFoundError("harm determination " + std::to_string(withdrawn.id) + " not found");
}

Result<DenialReview> InMemoryDenialReviews::InsertReview(const DenialReview& review) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateDenialReview(review); !valid) return valid.error();
  if (!Owned(view_.requests, review.request_id, organization_)) {
    return NotFoundError("request " + std::to_string(review.request_id.value) + " not found");
  }
  for (const auto& [organization, row] : view_.denial_reviews) {
    if (organization == organization_ && row.request_id == review.request_id && row.Open()) {
      return AlreadyExistsError("request " + std::to_string(review.request_id.value) +
                                " already has an open denial review");
    }
  }
  DenialReview stored = review;
  stored.id = data_->next_id++;
  stored.version = 1;
  data_->denial_reviews.emplace_back(organization_, stored);
  return stored;
}

Result<DenialReview> InMemoryDenialReviews::FindReview(std::int64_t id) {
  for (const auto& [organization, row] : view_.denial_reviews) {
    if (organization == organization_ && row.id == id) return row;
  }
  return NotFoundError("denial review " + std::to_string(id) + " not found");
}

Result<std::vector<DenialReview>> InMemoryDenialReviews::ReviewsForRequest(RequestId request) {
  std::vector<DenialReview> out;
  for (const auto& [organization, row] : view_.denial_reviews) {
    if (organization == organization_ && row.request_id == request) out.push_back(row);
  }
  return out;
}

Result<std::vector<DenialReview>> InMemoryDenialReviews::OpenReviews(int limit) {
  if (limit < 1 || limit > 10000) return InvalidArgumentError("limit must be 1..10000");
  std::vector<DenialReview> out;
  for (const auto& [organization, row] : view_.denial_reviews) {
    if (organization == organization_ && row.Open()) out.push_back(row);
  }
  std::sort(out.begin(), out.end(), [](const DenialReview& a, const DenialReview& b) {
    return std::tie(a.due_on, a.id) < std::tie(b.due_on, b.id);
  });
  if (out.size() > static_cast<std::size_t>(limit)) out.resize(static_cast<std::size_t>(limit));
  return out;
}

Result<DenialReview> InMemoryDenialReviews::UpdateReview(const DenialReview& review) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateDenialReview(review); !valid) return valid.error();
  for (auto& [organization, row] : data_->denial_reviews) {
    if (organization != organization_ || row.id != review.id) continue;
    if (row.version != review.version) {
      return AbortedError("denial review " + std::to_string(review.id) +
                          " was changed concurrently (stale version)");
    }
    row.reviewer = review.reviewer;
    row.assigned_by = review.assigned_by;
    row.assigned_micros = review.assigned_micros;
    row.determination = review.determination;
    row.overturned_documents = review.overturned_documents;
    row.reasons = review.reasons;
    row.decided_by = review.decided_by;
    row.decided_micros = review.decided_micros;
    ++row.version;
    return row;
  }
  return NotFoundError("denial review " + std::to_string(review.id) + " not found");
}

}  // namespace roi::testing
