#include "http/patient_routes.h"

#include <nlohmann/json.hpp>

#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json PatientJson(const Patient& patient) {
  return {{"id", patient.id.value},
          {"mrn", patient.mrn},
          {"given_name", patient.given_name},
          {"family_name", patient.family_name},
          {"birth_date", patient.birth_date.ToString()},
          {"deceased_on", patient.deceased_on ? json(patient.deceased_on->ToString()) : json()},
          {"phone", patient.phone},
          {"email", patient.email},
          {"address", patient.address},
          {"version", patient.version}};
}

json PatientSchema() {
  json text = {{"type", "string"}};
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"mrn", text},
            {"given_name", text},
            {"family_name", text},
            {"birth_date", {{"type", "string"}, {"format", "date"}}},
            {"deceased_on", {{"type", {"string", "null"}}, {"format", "date"}}},
            {"phone", text},
            {"email", text},
            {"address", text},
            {"version", {{"type", "integer"}}}}}};
}

json NewPatientSchema() {
  json schema = PatientSchema();
  schema["properties"].erase("id");
  schema["properties"].erase("version");
  schema["required"] = {"mrn", "given_name", "family_name", "birth_date"};
  return schema;
}

Error FieldError(const std::string& field, const std::string& message) {
  Error error = InvalidArgumentError(field + " " + message);
  error.details.push_back({.path = field, .message = message});
  return error;
}

Result<std::string> Text(const json& value, const std::string& name) {
  if (!value.is_string()) return FieldError(name, "must be a string");
  return value.get<std::string>();
}

Result<Date> DateOf(const json& value, const std::string& name) {
  if (!value.is_string()) return FieldError(name, "must be a date (YYYY-MM-DD)");
  Result<Date> date = Date::Parse(value.get<std::string>());
  if (!date) return FieldError(name, "must be a date (YYYY-MM-DD)");
  return *date;
}

Result<Patient> ParseNewPatient(const json& body) {
  Patient patient;
  for (const char* name : {"mrn", "given_name", "family_name", "birth_date"}) {
    if (!body.contains(name)) return FieldError(name, "is required");
  }
  for (const auto& [key, value] : body.items()) {
    if (key == "birth_date") {
      Result<Date> date = DateOf(value, key);
      if (!date) return date.error();
      patient.birth_date = *date;
    } else if (key == "deceased_on") {
      if (value.is_null()) continue;
      Result<Date> date = DateOf(value, key);
      if (!date) return date.error();
      patient.deceased_on = *date;
    } else if (key == "mrn" || key == "given_name" || key == "family_name" || key == "phone" ||
               key == "email" || key == "address") {
      Result<std::string> text = Text(value, key);
      if (!text) return text.error();
      std::string& target = key == "mrn"           ? patient.mrn
                            : key == "given_name"  ? patient.given_name
                            : key == "family_name" ? patient.family_name
                            : key == "phone"       ? patient.phone
                            : key == "email"       ? patient.email
                                                   : patient.address;
      target = std::move(*text);
    } else {
      return FieldError(key, "is not a patient field");
    }
  }
  return patient;
}

Result<PatientChanges> ParseChanges(const json& body) {
  PatientChanges changes;
  auto version = body.find("version");
  if (version == body.end() || !version->is_number_integer()) {
    return FieldError("version", "is required: the version the change was made from");
  }
  changes.version = version->get<std::int64_t>();
  for (const auto& [key, value] : body.items()) {
    if (key == "version") continue;
    if (key == "birth_date") {
      Result<Date> date = DateOf(value, key);
      if (!date) return date.error();
      changes.birth_date = *date;
    } else if (key == "deceased_on") {
      if (value.is_null()) {
        changes.deceased_on = std::optional<Date>();
        continue;
      }
      Result<Date> date = DateOf(value, key);
      if (!date) return date.error();
      changes.deceased_on = std::optional<Date>(*date);
    } else if (key == "given_name" || key == "family_name" || key == "phone" || key == "email" ||
               key == "address") {
      Result<std::string> text = Text(value, key);
      if (!text) return text.error();
      std::optional<std::string>& target = key == "given_name"    ? changes.given_name
                                           : key == "family_name" ? changes.family_name
                                           : key == "phone"       ? changes.phone
                                           : key == "email"       ? changes.email
                                                                  : changes.address;
      target = std::move(*text);
    } else if (key == "mrn") {
      return FieldError("mrn", "cannot be changed: register the patient again");
    } else {
      return FieldError(key, "is not a patient field");
    }
  }
  return changes;
}

Result<PatientSearch> ParseSearch(const HttpRequest& request) {
  PatientSearch search{.text = std::string(request.Query("q"))};
  if (std::string_view day = request.Query("birth_date"); !day.empty()) {
    Result<Date> date = Date::Parse(day);
    if (!date) return FieldError("birth_date", "must be a date (YYYY-MM-DD)");
    search.birth_date = *date;
  }
  if (std::string_view limit = request.Query("limit"); !limit.empty()) {
    int value = 0;
    auto [end, error] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
    if (error != std::errc() || end != limit.data() + limit.size()) {
      return FieldError("limit", "must be a number");
    }
    search.limit = value;
  }
  return search;
}

const Access kRead = Access::Permission(Permission::kReadPatients);
const Access kWrite = Access::Permission(Permission::kWritePatients);

}  // namespace

void AddPatientRoutes(Router& router, PatientService& service) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/patients",
              .operation_id = "searchPatients",
              .summary = "Find a patient at intake: q is an exact MRN or the start of a family "
                         "name (at least 2 characters); birth_date narrows it; limit 1..50 "
                         "(default 20).  Each patient listed is audited as a read.",
              .tag = "records",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"items", {{"type", "array"}, {"items", PatientSchema()}}}}}},
              .query_parameters = {"q", "birth_date", "limit"},
              .access = kRead},
             [&service](const HttpRequest& request) {
               Result<PatientSearch> search = ParseSearch(request);
               if (!search) return ErrorResponse(search.error());
               Result<std::vector<Patient>> found = service.Search(*request.principal, *search);
               if (!found) return ErrorResponse(found.error());
               json items = json::array();
               for (const Patient& patient : *found) items.push_back(PatientJson(patient));
               return JsonResponse(200, {{"items", std::move(items)}});
             });
  router.Add({.method = "POST",
              .pattern = "/api/v1/patients",
              .operation_id = "createPatient",
              .summary = "Register a patient who is not yet on file (MRN unique in the "
                         "organization: 409 when taken).  Audited.",
              .tag = "records",
              .request_schema = NewPatientSchema(),
              .response_schema = PatientSchema(),
              .success_status = 201,
              .access = kWrite},
             [&service](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<Patient> patient = ParseNewPatient(*body);
               if (!patient) return ErrorResponse(patient.error());
               Result<Patient> created = service.Create(*request.principal, *patient);
               if (!created) return ErrorResponse(created.error());
               return JsonResponse(201, PatientJson(*created));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/patients/{id}",
              .operation_id = "getPatient",
              .summary = "One patient (name, birth date, date of death, contact).  Audited.",
              .tag = "records",
              .response_schema = PatientSchema(),
              .access = kRead},
             [&service](const HttpRequest& request) {
               Result<PatientId> id = RecordPathId<PatientId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<Patient> found = service.Get(*request.principal, *id);
               if (!found) return ErrorResponse(found.error());
               return JsonResponse(200, PatientJson(*found));
             });
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/patients/{id}",
              .operation_id = "updatePatient",
              .summary = "Correct a patient's names, birth date, date of death (null clears it) "
                         "or contact, from `version` (409 when someone changed it since).  The "
                         "MRN cannot change.  Audited with the fields changed.",
              .tag = "records",
              .request_schema = {{"type", "object"},
                                 {"required", {"version"}},
                                 {"properties", PatientSchema()["properties"]}},
              .response_schema = PatientSchema(),
              .access = kWrite},
             [&service](const HttpRequest& request) {
               Result<PatientId> id = RecordPathId<PatientId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<PatientChanges> changes = ParseChanges(*body);
               if (!changes) return ErrorResponse(changes.error());
               Result<Patient> changed = service.Update(*request.principal, *id, *changes);
               if (!changed) return ErrorResponse(changed.error());
               return JsonResponse(200, PatientJson(*changed));
             });
}

}  // namespace roi::http
