#include "app/audited_call.h"

#include <string>

namespace roi {

Status AuditedCall(Store& store, const AuditTrail& audit, const Principal& caller, TxMode mode,
                   RequestId request, std::string_view what,
                   const std::function<Status(Transaction&)>& work) {
  return store.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    if (Status done = work(tx); !done) return done;
    AuditNote note{.action = mode == TxMode::kRead ? AuditAction::kRead : AuditAction::kUpdate,
                   .patient = {},
                   .entity_kind = {},
                   .entity_id = {},
                   .detail = std::string(what)};
    if (request.IsSet()) {
      Result<ReleaseRequest> found = tx.Requests().Find(request);
      if (!found) return found.error();
      note.patient = found->patient_id;
      note.entity_kind = "request";
      note.entity_id = std::to_string(request.value);
    }
    return audit.RecordNote(tx, ActorOf(caller), note);
  });
}

}  // namespace roi
