#include "app/patient_authorizations.h"

#include <algorithm>
#include <map>
#include <optional>

#include "app/permissions.h"

namespace roi {

PatientAuthorizations::PatientAuthorizations(Store& store, const AuditTrail& audit)
    : store_(store), audit_(audit) {}

Result<std::vector<PatientAuthorization>> PatientAuthorizations::List(const Principal& caller,
                                                                      PatientId patient) const {
  if (!caller.May(Permission::kManageRequests)) {
    return PermissionDeniedError("this needs permission " +
                                 std::string(PermissionName(Permission::kManageRequests)));
  }
  std::vector<PatientAuthorization> out;
  // A kWrite transaction: the audit event of the read is a write.
  Status done = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    out.clear();
    Result<Patient> found = tx.Patients().Find(patient);
    if (!found) return Status(found.error());
    // The work queue's search matches a patient's MRN exactly; keep only this patient's requests
    // (a family name could start with the same characters).
    RequestQuery query{.search = found->mrn, .sort = RequestSort::kReceived, .limit = 1000};
    std::map<RequesterId, Requester> requesters;
    for (int read = 0; read < kMaxRequests;) {
      Result<std::vector<ReleaseRequest>> page = tx.Requests().List(query);
      if (!page) return Status(page.error());
      for (const ReleaseRequest& request : *page) {
        if (request.patient_id != patient || !request.facts.authorization) continue;
        auto known = requesters.find(request.requester_id);
        if (known == requesters.end()) {
          Result<Requester> requester = tx.Requesters().Find(request.requester_id);
          if (!requester) return Status(requester.error());
          known = requesters.emplace(request.requester_id, std::move(*requester)).first;
        }
        out.push_back({.request = request.id,
                       .number = request.number,
                       .state = request.state,
                       .received_on = request.received_on,
                       .requester_name = known->second.name,
                       .requester_role = request.requester_role,
                       .purpose = request.facts.purpose,
                       .authorization = *request.facts.authorization});
      }
      read += static_cast<int>(page->size());
      if (static_cast<int>(page->size()) < query.limit) break;
      query.after_id = page->back().id;
    }
    std::sort(out.begin(), out.end(),
              [](const PatientAuthorization& a, const PatientAuthorization& b) {
                return a.request.value > b.request.value;
              });
    return audit_.RecordNote(tx, ActorOf(caller),
                             AuditNote{.action = AuditAction::kRead,
                                       .patient = patient,
                                       .entity_kind = "patient_authorizations",
                                       .entity_id = std::to_string(patient.value),
                                       .detail = "list the patient's authorizations"});
  });
  if (!done) return done.error();
  return out;
}

}  // namespace roi
