// POST /api/v1/decide: the policy engine over HTTP, byte-identical to `openroi decide`.
#include "http/api.h"
#include "http/error_mapping.h"
#include "policy/engine.h"

namespace roi::http {

void AddPolicyRoutes(Router& router, const policy::RuleSet& rules) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/decide",
       .operation_id = "decide",
       .summary = "Decide a case (openroi.case/1) and return the decision (openroi.decision/1): "
                  "what may be released, what is missing, when it is due, the lawful fee, the "
                  "notices, and every rule that fired with its citation. An invalid case is "
                  "refused with 400 and one detail per problem, located by JSON pointer.",
       .tag = "policy",
       .request_schema = {{"type", "object"},
                          {"required", {"schema", "received_on", "as_of", "patient"}},
                          {"properties", {{"schema", {{"const", "openroi.case/1"}}}}}},
       .response_schema = {{"type", "object"},
                           {"properties", {{"schema", {{"const", "openroi.decision/1"}}}}}},
       .access = Access::Permission(Permission::kDecide)},
      [&rules](const HttpRequest& request) {
        Result<std::string> decision = policy::DecideJson(request.body, rules);
        if (!decision) return ErrorResponse(decision.error());
        return HttpResponse::Json(200, std::move(decision).value());
      });
}

}  // namespace roi::http
