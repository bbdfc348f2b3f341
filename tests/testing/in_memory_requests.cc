// The InMemoryStore's requesters, documents and requests (with transitions and letters).
#include <algorithm>
#include <string>
#include <tuple>

#include "base/ascii.h"
#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

constexpr int kMaxListLimit = 1000;

std::string Id(std::int64_t value) { return std::to_string(value); }

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// Requests without a due date sort after every dated one, as in the SQL adapters.
std::string DueKey(const std::optional<Date>& due) {
  return due ? due->ToString() : std::string("9999-12-31");
}

}  // namespace

// Requesters.

Result<Requester> InMemoryRequesters::Insert(const Requester& requester) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateRequester(requester); !valid) return valid.error();
  Requester stored = requester;
  stored.id = RequesterId(data_->next_id++);
  stored.organization_id = organization_;
  stored.version = 1;
  data_->requesters[stored.id] = stored;
  return stored;
}

Result<Requester> InMemoryRequesters::Find(RequesterId id) {
  auto found = view_.requesters.find(id);
  if (found == view_.requesters.end() || found->second.organization_id != organization_) {
    return NotFoundError("requester " + Id(id.value) + " not found");
  }
  return found->second;
}

// Documents.

Result<Document> InMemoryDocuments::Insert(const Document& document) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateDocument(document); !valid) return valid.error();
  auto patient = view_.patients.find(document.patient_id);
  if (patient == view_.patients.end() || patient->second.organization_id != organization_) {
    return NotFoundError("patient " + Id(document.patient_id.value) + " not found");
  }
  Document stored = document;
  stored.id = DocumentId(data_->next_id++);
  stored.organization_id = organization_;
  stored.version = 1;
  data_->documents[stored.id] = stored;
  return stored;
}

Result<Document> InMemoryDocuments::Find(DocumentId id) {
  auto found = view_.documents.find(id);
  if (found == view_.documents.end() || found->second.organization_id != organization_) {
    return NotFoundError("document " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<std::vector<Document>> InMemoryDocuments::ListForPatient(PatientId patient) {
  std::vector<Document> documents;
  for (const auto& [id, document] : view_.documents) {
    if (document.organization_id == organization_ && document.patient_id == patient) {
      documents.push_back(document);
    }
  }
  return documents;
}

// Requests.

Result<std::int64_t> InMemoryRequests::NextSequence(int year) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  return ++data_->request_sequences[{organization_, year}];
}

Result<ReleaseRequest> InMemoryRequests::Insert(const ReleaseRequest& request) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateReleaseRequest(request); !valid) return valid.error();
  auto patient = view_.patients.find(request.patient_id);
  if (patient == view_.patients.end() || patient->second.organization_id != organization_) {
    return NotFoundError("patient " + Id(request.patient_id.value) + " not found");
  }
  auto requester = view_.requesters.find(request.requester_id);
  if (requester == view_.requesters.end() || requester->second.organization_id != organization_) {
    return NotFoundError("requester " + Id(request.requester_id.value) + " not found");
  }
  for (const auto& [id, other] : view_.requests) {
    if (other.organization_id == organization_ && other.number == request.number) {
      return AlreadyExistsError("request number is already in use in organization " +
                                Id(organization_.value));
    }
  }
  ReleaseRequest stored = request;
  stored.id = RequestId(data_->next_id++);
  stored.organization_id = organization_;
  stored.version = 1;
  data_->requests[stored.id] = stored;
  return stored;
}

Result<ReleaseRequest> InMemoryRequests::Find(RequestId id) {
  auto found = view_.requests.find(id);
  if (found == view_.requests.end() || found->second.organization_id != organization_) {
    return NotFoundError("request " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<ReleaseRequest> InMemoryRequests::Update(const ReleaseRequest& request) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateReleaseRequest(request); !valid) return valid.error();
  auto found = data_->requests.find(request.id);
  if (found == data_->requests.end() || found->second.organization_id != organization_) {
    return NotFoundError("request " + Id(request.id.value) + " not found");
  }
  if (found->second.version != request.version) {
    return AbortedError("request " + Id(request.id.value) +
                        " was changed concurrently (stale version)");
  }
  ReleaseRequest stored = found->second;
  stored.facility_id = request.facility_id;
  stored.channel = request.channel;
  stored.priority = request.priority;
  stored.facts = request.facts;
  stored.state = request.state;
  stored.held_from = request.held_from;
  stored.assignee = request.assignee;
  stored.decision = request.decision;
  stored.decision_json = request.decision_json;
  stored.due_on = request.due_on;
  stored.version = request.version + 1;
  found->second = stored;
  return stored;
}

Result<std::vector<ReleaseRequest>> InMemoryRequests::ListForPair(PatientId patient,
                                                                  RequesterId requester,
                                                                  Date since) {
  std::vector<ReleaseRequest> requests;
  for (const auto& [id, request] : view_.requests) {
    if (request.organization_id == organization_ && request.patient_id == patient &&
        request.requester_id == requester && request.received_on >= since) {
      requests.push_back(request);
    }
  }
  return requests;
}

bool InMemoryRequests::Matches(const ReleaseRequest& request, const RequestQuery& query) const {
  if (request.organization_id != organization_) return false;
  if (query.state && request.state != *query.state) return false;
  if (query.overdue &&
      (!IsOpenState(request.state) || !request.due_on || !(*request.due_on < query.today))) {
    return false;
  }
  if (query.assignee.IsSet() && request.assignee != query.assignee) return false;
  if (!query.requester_role.empty() && request.requester_role != query.requester_role) {
    return false;
  }
  if (query.facility.IsSet() && request.facility_id != query.facility) return false;
  if (!query.search.empty()) {
    const Patient& patient = view_.patients.at(request.patient_id);
    bool hit = Upper(request.number) == Upper(query.search) || patient.mrn == query.search ||
               AsciiLower(patient.family_name).starts_with(AsciiLower(query.search));
    if (!hit) return false;
  }
  if (query.after_id.IsSet()) {
    if (query.sort == RequestSort::kReceived) return request.id > query.after_id;
    return std::tuple(DueKey(request.due_on), request.id) >
           std::tuple(DueKey(query.after_due_on), query.after_id);
  }
  return true;
}

Result<std::vector<ReleaseRequest>> InMemoryRequests::List(const RequestQuery& query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return InvalidArgumentError("request list limit must be 1 to 1000");
  }
  std::vector<ReleaseRequest> requests;
  for (const auto& [id, request] : view_.requests) {
    if (Matches(request, query)) requests.push_back(request);
  }
  if (query.sort == RequestSort::kDueOn) {
    std::sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) {
      return std::tuple(DueKey(a.due_on), a.id) < std::tuple(DueKey(b.due_on), b.id);
    });
  }
  if (requests.size() > static_cast<std::size_t>(query.limit)) {
    requests.resize(static_cast<std::size_t>(query.limit));
  }
  return requests;
}

Status InMemoryRequests::AddTransition(const RequestTransition& transition) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (transition.event.idempotency_key.empty() || transition.event.idempotency_key.size() > 200) {
    return InvalidArgumentError("idempotency_key must be 1 to 200 bytes");
  }
  if (transition.note.size() > 2000) return InvalidArgumentError("note is over 2000 bytes");
  if (Result<ReleaseRequest> request = Find(transition.request_id); !request) {
    return request.error();
  }
  for (const RequestTransition& other : view_.transitions) {
    if (other.request_id == transition.request_id &&
        other.event.idempotency_key == transition.event.idempotency_key) {
      return AlreadyExistsError("idempotency key already used on request " +
                                Id(transition.request_id.value));
    }
  }
  data_->transitions.push_back(transition);
  return OkStatus();
}

Result<std::vector<RequestTransition>> InMemoryRequests::Transitions(RequestId request) {
  std::vector<RequestTransition> transitions;
  if (Result<ReleaseRequest> found = Find(request); !found) return transitions;
  for (const RequestTransition& transition : view_.transitions) {
    if (transition.request_id == request) transitions.push_back(transition);
  }
  return transitions;
}

Result<Letter> InMemoryRequests::AddLetter(const Letter& letter) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateLetter(letter); !valid) return valid.error();
  if (Result<ReleaseRequest> request = Find(letter.request_id); !request) {
    return request.error();
  }
  Letter stored = letter;
  stored.id = data_->next_id++;
  data_->letters.push_back(stored);
  return stored;
}

Result<std::vector<Letter>> InMemoryRequests::Letters(RequestId request) {
  std::vector<Letter> letters;
  if (Result<ReleaseRequest> found = Find(request); !found) return letters;
  for (const Letter& letter : view_.letters) {
    if (letter.request_id == request) letters.push_back(letter);
  }
  return letters;
}

}  // namespace roi::testing
