// The signed-in user's saved views of a workspace screen (named filter sets):
// GET /api/v1/saved-views?screen=queue, POST /api/v1/saved-views (save or replace by name) and
// DELETE /api/v1/saved-views/{id}.  Any signed-in user, for their own views only; names travel in
// bodies, never in URLs.  Handlers only translate JSON; the rules live in SavedViewService.
#include <nlohmann/json.hpp>
#include <string>

#include "app/saved_view_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

json ViewJson(const SavedView& view) {
  json filters = json::parse(view.filters_json, nullptr, /*allow_exceptions=*/false);
  return {{"id", view.id},
          {"screen", view.screen},
          {"name", view.name},
          {"filters", filters.is_object() ? filters : json::object()},
          {"updated_micros", view.updated_micros}};
}

json ViewSchema() {
  return {{"type", "object"},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"screen", {{"type", "string"}}},
            {"name", {{"type", "string"}}},
            {"filters", {{"type", "object"}}},
            {"updated_micros", {{"type", "integer"}}}}}};
}

struct SaveCommand {
  std::string screen;
  std::string name;
  std::string filters_json;
};

Result<SaveCommand> ParseSave(const std::string& text) {
  json body = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return InvalidArgumentError("body must be a JSON object");
  }
  SaveCommand command;
  for (const char* field : {"screen", "name"}) {
    auto found = body.find(field);
    if (found == body.end() || !found->is_string()) {
      return InvalidArgumentError(std::string(field) + " must be a string");
    }
    (std::string_view(field) == "screen" ? command.screen : command.name) =
        found->get<std::string>();
  }
  auto filters = body.find("filters");
  if (filters == body.end() || !filters->is_object()) {
    return InvalidArgumentError("filters must be a JSON object");
  }
  command.filters_json = filters->dump();
  return command;
}

}  // namespace

void AddSavedViewRoutes(Router& router, SavedViewService& views) {
  router.Add({.method = "GET",
              .pattern = "/api/v1/saved-views",
              .operation_id = "listSavedViews",
              .summary = "Your saved views of a workspace screen (screen=queue), by name.",
              .tag = "workspace",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"views", {{"type", "array"}, {"items", ViewSchema()}}}}}},
              .query_parameters = {"screen"},
              .access = Access::SignedIn()},
             [&views](const HttpRequest& request) {
               Result<std::vector<SavedView>> listed =
                   views.List(*request.principal, request.Query("screen"));
               if (!listed) return ErrorResponse(listed.error());
               json list = json::array();
               for (const SavedView& view : *listed) list.push_back(ViewJson(view));
               return JsonResponse(200, json{{"views", list}});
             });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/saved-views",
       .operation_id = "saveView",
       .summary = "Save a named view of a screen (your own; the same name replaces its filters). "
                  "At most 20 per screen; names up to 60 bytes; filters a JSON object of at most "
                  "2048 bytes.",
       .tag = "workspace",
       .request_schema = {{"type", "object"},
                          {"required", {"screen", "name", "filters"}},
                          {"properties",
                           {{"screen", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"filters", {{"type", "object"}}}}}},
       .response_schema = ViewSchema(),
       .access = Access::SignedIn()},
      [&views](const HttpRequest& request) {
        Result<SaveCommand> command = ParseSave(request.body);
        if (!command) return ErrorResponse(command.error());
        Result<SavedView> saved =
            views.Save(*request.principal, std::move(command->screen), std::move(command->name),
                       std::move(command->filters_json));
        if (!saved) return ErrorResponse(saved.error());
        return JsonResponse(200, ViewJson(*saved));
      });
  router.Add({.method = "DELETE",
              .pattern = "/api/v1/saved-views/{id}",
              .operation_id = "deleteSavedView",
              .summary = "Delete one of your saved views (other users' views are 404).",
              .tag = "workspace",
              .success_status = 204,
              .access = Access::SignedIn()},
             [&views](const HttpRequest& request) {
               Result<std::int64_t> id = PathId(request, "id");
               if (!id) return ErrorResponse(id.error());
               if (Status deleted = views.Delete(*request.principal, *id); !deleted) {
                 return ErrorResponse(deleted.error());
               }
               return HttpResponse::Text(204, "", "text/plain");
             });
}

}  // namespace roi::http
