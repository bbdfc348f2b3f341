// AuditRefusals: the dispatcher's 403s to signed-in callers, recorded in the audit trail.
#include <string>

#include "http/api.h"

namespace roi::http {
namespace {

AuditAction ActionOf(std::string_view method) {
  if (method == "GET" || method == "HEAD") return AuditAction::kRead;
  if (method == "DELETE") return AuditAction::kDelete;
  return AuditAction::kUpdate;
}

}  // namespace

RefusalRecorder AuditRefusals(Store& store, const AuditTrail& audit) {
  return
      [&store, &audit](const Principal& caller, const RouteSpec& route, std::string_view reason) {
        std::string entity = route.method + " " + route.pattern;
        if (entity.size() > kMaxAuditEntityIdBytes) entity.resize(kMaxAuditEntityIdBytes);
        std::string detail(reason.substr(0, 200));
        // Its own transaction: the refused work never started, so there is nothing to roll back
        // with.
        (void)store.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
          Result<AuditEvent> recorded = audit.Record(tx, {.actor = caller.user.id,
                                                          .actor_label = caller.user.display_name,
                                                          .action = ActionOf(route.method),
                                                          .patient = {},
                                                          .entity_kind = "route",
                                                          .entity_id = entity,
                                                          .outcome = AuditOutcome::kDenied,
                                                          .remote_address = caller.remote_address,
                                                          .detail = detail});
          return recorded ? OkStatus() : Status(recorded.error());
        });
      };
}

}  // namespace roi::http
