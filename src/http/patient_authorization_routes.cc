// The patient's authorizations over HTTP.  The handler only translates JSON; the reading and its
// audit event are PatientAuthorizations'.
#include "http/patient_authorization_routes.h"

#include <nlohmann/json.hpp>

#include "app/patient_authorizations.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json OptionalDate(const std::optional<Date>& date) {
  return date ? json(date->ToString()) : json(nullptr);
}

json ItemJson(const PatientAuthorization& item) {
  const AuthorizationElements& a = item.authorization;
  return {{"request_id", item.request.value},
          {"number", item.number},
          {"state", std::string(RequestStateName(item.state))},
          {"received_on", item.received_on.ToString()},
          {"requester", {{"name", item.requester_name}, {"role", item.requester_role}}},
          {"purpose", item.purpose},
          {"authorization",
           {{"signed", a.is_signed},
            {"signed_on", OptionalDate(a.signed_on)},
            {"signer", a.signer},
            {"expires_on", OptionalDate(a.expires_on)},
            {"expiration_event", a.expiration_event},
            {"revoked_on", OptionalDate(a.revoked_on)},
            {"covers", a.covers},
            {"describes_information", a.describes_information},
            {"names_discloser", a.names_discloser},
            {"names_recipient", a.names_recipient},
            {"states_purpose", a.states_purpose},
            {"revocation_statement", a.revocation_statement},
            {"conditioning_statement", a.conditioning_statement},
            {"redisclosure_statement", a.redisclosure_statement},
            {"part2_consent", a.part2_consent}}}};
}

json ListSchema() {
  json text = {{"type", "string"}};
  json date = {{"type", {"string", "null"}}, {"format", "date"}};
  json flag = {{"type", "boolean"}};
  json authorization = {{"type", "object"},
                        {"properties",
                         {{"signed", flag},
                          {"signed_on", date},
                          {"signer", text},
                          {"expires_on", date},
                          {"expiration_event", text},
                          {"revoked_on", date},
                          {"covers", {{"type", "array"}, {"items", text}}},
                          {"describes_information", flag},
                          {"names_discloser", flag},
                          {"names_recipient", flag},
                          {"states_purpose", flag},
                          {"revocation_statement", flag},
                          {"conditioning_statement", flag},
                          {"redisclosure_statement", flag},
                          {"part2_consent", flag}}}};
  json item = {
      {"type", "object"},
      {"properties",
       {{"request_id", {{"type", "integer"}}},
        {"number", text},
        {"state", text},
        {"received_on", {{"type", "string"}, {"format", "date"}}},
        {"requester", {{"type", "object"}, {"properties", {{"name", text}, {"role", text}}}}},
        {"purpose", text},
        {"authorization", authorization}}}};
  return {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", item}}}}}};
}

}  // namespace

void AddPatientAuthorizationRoutes(Router& router, Store& store, const AuditTrail& audit) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/patients/{id}/authorizations",
              .operation_id = "listPatientAuthorizations",
              .summary = "The authorizations recorded with the patient's requests (signed, "
                         "dates, what they cover, the core elements), newest request first. "
                         "The look is audited.",
              .tag = "records",
              .response_schema = ListSchema(),
              .access = Access::Permission(Permission::kManageRequests)},
             [&store, &audit](const HttpRequest& request) {
               Result<PatientId> id = RecordPathId<PatientId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::vector<PatientAuthorization>> found =
                   PatientAuthorizations(store, audit).List(*request.principal, *id);
               if (!found) return ErrorResponse(found.error());
               json items = json::array();
               for (const PatientAuthorization& item : *found) items.push_back(ItemJson(item));
               return JsonResponse(200, {{"items", std::move(items)}});
             });
}

}  // namespace roi::http
