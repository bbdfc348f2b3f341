#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

bool InOrganization(const InMemoryData& view, RequestId request, OrganizationId organization) {
  auto found = view.requests.find(request);
  return found != view.requests.end() && found->second.organization_id == organization;
}

}  // namespace

Result<bool> InMemoryNotices::Raise(const RequestNotice& notice) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateRequestNotice(notice); !valid) return valid.error();
  if (!InOrganization(view_, notice.request_id, organization_)) {
    return NotFoundError("request " + std::to_string(notice.request_id.value) + " not found");
  }
  for (const RequestNotice& existing : data_->notices) {
    if (existing.request_id == notice.request_id && existing.kind == notice.kind &&
        existing.key == notice.key) {
      return false;
    }
  }
  RequestNotice stored = notice;
  stored.id = data_->next_id++;
  data_->notices.push_back(stored);
  return true;
}

Result<std::vector<RequestNotice>> InMemoryNotices::ListForRequest(RequestId request) {
  std::vector<RequestNotice> out;
  if (!InOrganization(view_, request, organization_)) return out;
  for (const RequestNotice& notice : view_.notices) {
    if (notice.request_id == request) out.push_back(notice);
  }
  return out;
}

}  // namespace roi::testing
