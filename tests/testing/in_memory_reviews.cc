// The InMemoryStore's review tasks, notifications, review settings, invoices and credits.
#include <algorithm>
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

// Reviews.

Result<ReviewTask> InMemoryReviews::Insert(const ReviewTask& task) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateReviewTask(task); !valid) return valid.error();
  InMemoryRequests requests(data_, view_, organization_);
  if (Result<ReleaseRequest> request = requests.Find(task.request_id); !request) {
    return request.error();
  }
  ReviewTask stored = task;
  stored.id = ReviewId(data_->next_id++);
  data_->reviews[stored.id] = {organization_, stored};
  return stored;
}

Result<ReviewTask> InMemoryReviews::Find(ReviewId id) {
  auto it = view_.reviews.find(id);
  if (it == view_.reviews.end() || it->second.first != organization_) {
    return NotFoundError("review " + std::to_string(id.value) + " not found");
  }
  return it->second.second;
}

Result<std::vector<ReviewTask>> InMemoryReviews::ListForRequest(RequestId request) {
  std::vector<ReviewTask> out;
  for (const auto& [id, row] : view_.reviews) {
    if (row.first == organization_ && row.second.request_id == request) out.push_back(row.second);
  }
  return out;
}

Result<ReviewTask> InMemoryReviews::Update(const ReviewTask& task) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateReviewTask(task); !valid) return valid.error();
  Result<ReviewTask> existing = Find(task.id);
  if (!existing) return existing.error();
  ReviewTask stored = *existing;
  stored.status = task.status;
  stored.assignee = task.assignee;
  stored.outcome = task.outcome;
  stored.withheld_documents = task.withheld_documents;
  stored.notes = task.notes;
  stored.completed_by = task.completed_by;
  stored.completed_micros = task.completed_micros;
  data_->reviews[stored.id].second = stored;
  return stored;
}

Result<RequestNotification> InMemoryReviews::AddNotification(
    const RequestNotification& notification) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateNotification(notification); !valid) return valid.error();
  InMemoryRequests requests(data_, view_, organization_);
  if (Result<ReleaseRequest> request = requests.Find(notification.request_id); !request) {
    return request.error();
  }
  for (const auto& [organization, existing] : view_.notifications) {
    if (organization == organization_ && existing.request_id == notification.request_id &&
        existing.recipient == notification.recipient && existing.reason == notification.reason) {
      return AlreadyExistsError("the request already has this notification");
    }
  }
  RequestNotification stored = notification;
  stored.id = data_->next_id++;
  data_->notifications.emplace_back(organization_, stored);
  return stored;
}

Result<std::vector<RequestNotification>> InMemoryReviews::Notifications(RequestId request) {
  std::vector<RequestNotification> out;
  for (const auto& [organization, notification] : view_.notifications) {
    if (organization == organization_ && notification.request_id == request) {
      out.push_back(notification);
    }
  }
  return out;
}

Result<ReviewSettings> InMemoryReviews::Settings() {
  auto it = view_.review_settings.find(organization_);
  if (it == view_.review_settings.end()) return ReviewSettings{};
  return it->second;
}

Status InMemoryReviews::PutSettings(const ReviewSettings& settings) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  data_->review_settings[organization_] = settings;
  return OkStatus();
}

// Billing.

Result<Invoice> InMemoryBilling::InsertInvoice(const Invoice& invoice) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateInvoice(invoice); !valid) return valid.error();
  InMemoryRequests requests(data_, view_, organization_);
  if (Result<ReleaseRequest> request = requests.Find(invoice.request_id); !request) {
    return request.error();
  }
  if (FindInvoice(invoice.request_id)) {
    return AlreadyExistsError("the request already has an invoice");
  }
  Invoice stored = invoice;
  stored.id = InvoiceId(data_->next_id++);
  data_->invoices[stored.id] = {organization_, stored};
  return stored;
}

Result<Invoice> InMemoryBilling::FindInvoice(RequestId request) {
  for (const auto& [id, row] : view_.invoices) {
    if (row.first == organization_ && row.second.request_id == request) return row.second;
  }
  return NotFoundError("request " + std::to_string(request.value) + " has no invoice");
}

Result<InvoiceCredit> InMemoryBilling::AddCredit(const InvoiceCredit& credit) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateCredit(credit); !valid) return valid.error();
  auto it = view_.invoices.find(credit.invoice_id);
  if (it == view_.invoices.end() || it->second.first != organization_) {
    return NotFoundError("invoice " + std::to_string(credit.invoice_id.value) + " not found");
  }
  InvoiceCredit stored = credit;
  stored.id = data_->next_id++;
  data_->credits.emplace_back(organization_, stored);
  return stored;
}

Result<std::vector<InvoiceCredit>> InMemoryBilling::Credits(InvoiceId invoice) {
  std::vector<InvoiceCredit> out;
  for (const auto& [organization, credit] : view_.credits) {
    if (organization == organization_ && credit.invoice_id == invoice) out.push_back(credit);
  }
  return out;
}

Result<std::vector<ReviewTask>> InMemoryReviews::ListOpenFor(const OpenReviewQuery& query) {
  if (Status valid = ValidateOpenReviewQuery(query); !valid) return valid.error();
  std::vector<ReviewTask> out;
  for (const auto& [id, row] : view_.reviews) {
    const ReviewTask& task = row.second;
    if (row.first != organization_ || task.status != ReviewStatus::kOpen) continue;
    if (query.after.IsSet() && id.value <= query.after.value) continue;
    if (task.kind == ReviewKind::kQualityCheck && task.prepared_by == query.user) continue;
    bool pooled = !task.assignee.IsSet() &&
                  std::find(query.pool_kinds.begin(), query.pool_kinds.end(), task.kind) !=
                      query.pool_kinds.end();
    if (task.assignee != query.user && !pooled) continue;
    out.push_back(task);
    if (static_cast<int>(out.size()) == query.limit) break;
  }
  return out;
}

}  // namespace roi::testing
