// POST /api/v1/audit/verify: the audit chain check of `openroi audit verify`, from the workspace
// (app/audit_verification.h).
#include "app/audit_verification.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {

void AddAuditVerifyRoutes(Router& router, const AuditChainCheck& check) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/audit/verify",
       .operation_id = "verifyAuditChain",
       .summary = "Verify the organization's audit chain as `openroi audit verify` does: every "
                  "event's hash and link, and every seal. Answers intact with the counts, or the "
                  "first broken event (sequence, kind, message). One verification runs at a time "
                  "(429 meanwhile); each is itself recorded in the audit trail.",
       .tag = "audit",
       .response_schema = {{"type", "object"},
                           {"properties",
                            {{"intact", {{"type", "boolean"}}},
                             {"events", {{"type", "integer"}}},
                             {"seals", {{"type", "integer"}}},
                             {"last_sequence", {{"type", "integer"}}},
                             {"problem", {{"type", {"object", "null"}}}}}}},
       .access = Access::Permission(Permission::kReadAudit)},
      [&check](const HttpRequest& request) {
        Result<AuditVerification> result = check.Verify(*request.principal);
        if (!result) return ErrorResponse(result.error());
        nlohmann::json problem = nullptr;
        if (result->problem) {
          problem = {{"kind", std::string(AuditProblemKindName(result->problem->kind))},
                     {"sequence", result->problem->sequence},
                     {"message", result->problem->message}};
        }
        return JsonResponse(200, {{"intact", !result->problem.has_value()},
                                  {"events", result->events},
                                  {"seals", result->seals},
                                  {"last_sequence", result->last_sequence},
                                  {"problem", problem}});
      });
}

}  // namespace roi::http
