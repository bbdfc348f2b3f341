// POST /api/v1/requests/{id}/patient-match: staff re-match a request whose patient is a pending
// match (a portal submission's "PORTAL-..." record) to an existing patient.  The rules live in
// RequestService::RematchPatient (app/request_rematch.cc; docs/lifecycle.md).
#include <nlohmann/json.hpp>

#include "app/request_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {

using nlohmann::json;

namespace {

// A 400 naming the patient field, so a form shows it beside the field.
Error PatientFieldError(const std::string& message) {
  Error error = InvalidArgumentError(message);
  error.details.push_back({.path = "/patient", .message = message});
  return error;
}

}  // namespace

void AddPatientMatchRoutes(Router& router, RequestService& service) {
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/patient-match",
       .operation_id = "rematchRequestPatient",
       .summary = "Re-match a request whose patient is a pending match (MRN PORTAL-..., made by a "
                  "portal submission that matched no patient exactly) to an existing patient "
                  "(patient_id, or patient_mrn), and re-decide it.  When no other request is left "
                  "on the pending "
                  "patient its documents (the portal's uploads) move too and it is marked merged. "
                  "409 when the request's patient is not a pending match or the request is "
                  "finished; a retry with the same patient_id returns the request unchanged.",
       .tag = "requests",
       .request_schema = {{"type", "object"},
                          {"properties",
                           {{"patient_id", {{"type", "integer"}}},
                            {"patient_mrn", {{"type", "string"}}}}}},
       .response_schema = RequestSchema(),
       .access = Access::Permission(Permission::kManageRequests)},
      [&service](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        PatientId patient;
        std::string mrn;
        if (auto found = body->find("patient_id"); found != body->end()) {
          if (!found->is_number_integer() || found->get<std::int64_t>() <= 0) {
            return ErrorResponse(PatientFieldError("patient_id must be a positive integer"));
          }
          patient = PatientId(found->get<std::int64_t>());
        } else if (auto named = body->find("patient_mrn"); named != body->end()) {
          if (!named->is_string() || named->get<std::string>().empty()) {
            return ErrorResponse(PatientFieldError("patient_mrn must be an MRN"));
          }
          mrn = named->get<std::string>();
        } else {
          return ErrorResponse(PatientFieldError("patient_id or patient_mrn is required"));
        }
        Result<RequestView> view = service.RematchPatient(*request.principal, *id, patient, mrn);
        if (!view) return ErrorResponse(view.error());
        return JsonResponse(200, RequestViewJson(*view));
      });
}

}  // namespace roi::http
