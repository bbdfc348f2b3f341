#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<Redaction> InMemoryRedactions::Insert(const Redaction& redaction) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateRedaction(redaction); !valid) return valid.error();
  auto request = view_.requests.find(redaction.request_id);
  if (request == view_.requests.end() || request->second.organization_id != organization_) {
    return NotFoundError("request " + std::to_string(redaction.request_id.value) + " not found");
  }
  auto document = view_.documents.find(redaction.document_id);
  if (document == view_.documents.end() || document->second.organization_id != organization_) {
    return NotFoundError("document " + std::to_string(redaction.document_id.value) + " not found");
  }
  auto user = view_.users.find(redaction.marked_by);
  if (user == view_.users.end() || user->second.organization_id != organization_) {
    return NotFoundError("user " + std::to_string(redaction.marked_by.value) + " not found");
  }
  Redaction stored = redaction;
  stored.id = data_->next_id++;
  data_->redactions.emplace_back(organization_, stored);
  return stored;
}

Result<std::vector<Redaction>> InMemoryRedactions::ListForRequest(RequestId request) {
  std::vector<Redaction> out;
  for (const auto& [organization, redaction] : view_.redactions) {
    if (organization == organization_ && redaction.request_id == request) out.push_back(redaction);
  }
  return out;
}

Status InMemoryRedactions::Delete(RequestId request, std::int64_t id) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto& all = data_->redactions;
  for (auto it = all.begin(); it != all.end(); ++it) {
    if (it->first == organization_ && it->second.request_id == request && it->second.id == id) {
      all.erase(it);
      return OkStatus();
    }
  }
  return NotFoundError("redaction " + std::to_string(id) + " of request " +
                       std::to_string(request.value) + " not found");
}

}  // namespace roi::testing
