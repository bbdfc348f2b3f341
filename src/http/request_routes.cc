// The request lifecycle over HTTP: requesters, documents, intake, the request with its decision,
// history and letters, changes of facts, transitions, assignment and the work queue.  Handlers
// only translate JSON; every rule lives in RequestService.
#include <charconv>

#include "app/request_service.h"
#include "http/api.h"
#include "http/error_mapping.h"
#include "http/request_json.h"
#include "http/route_util.h"

namespace roi::http {
namespace {

using nlohmann::json;

void AddRequesterRoutes(Router& router, RequestService& service) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/requesters",
              .operation_id = "createRequester",
              .summary = "Record a requester (role from the decision contract's requester.role; "
                         "NPI for providers).",
              .tag = "requests",
              .request_schema = RequesterSchema(),
              .response_schema = RequesterSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kManageRequests)},
             [&service](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<Requester> requester = ParseRequester(*body);
               if (!requester) return ErrorResponse(requester.error());
               Result<Requester> stored = service.AddRequester(*request.principal, *requester);
               if (!stored) return ErrorResponse(stored.error());
               return JsonResponse(201, RequesterJson(*stored));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requesters/{id}",
              .operation_id = "getRequester",
              .summary = "A requester of the caller's organization (404 for any other).",
              .tag = "requests",
              .response_schema = RequesterSchema(),
              .access = Access::Permission(Permission::kManageRequests)},
             [&service](const HttpRequest& request) {
               Result<RequesterId> id = RecordPathId<RequesterId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<Requester> found = service.GetRequester(*request.principal, *id);
               if (!found) return ErrorResponse(found.error());
               return JsonResponse(200, RequesterJson(*found));
             });
}

void AddDocumentRoutes(Router& router, RequestService& service) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/documents",
              .operation_id = "createDocument",
              .summary = "Record a document of a patient (kind, labels and part2 from the "
                         "decision contract's documents[]), with its text content.",
              .tag = "records",
              .request_schema = DocumentSchema(),
              .response_schema = DocumentSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kWritePatients)},
             [&service](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<Document> document = ParseDocument(*body);
               if (!document) return ErrorResponse(document.error());
               Result<Document> stored = service.AddDocument(*request.principal, *document);
               if (!stored) return ErrorResponse(stored.error());
               return JsonResponse(201, DocumentJson(*stored));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/patients/{id}/documents",
              .operation_id = "listPatientDocuments",
              .summary = "The documents of a patient of the caller's organization, by id.",
              .tag = "records",
              .response_schema = {{"type", "object"},
                                  {"properties",
                                   {{"items", {{"type", "array"}, {"items", DocumentSchema()}}}}}},
              .access = Access::Permission(Permission::kReadPatients)},
             [&service](const HttpRequest& request) {
               Result<PatientId> id = RecordPathId<PatientId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<std::vector<Document>> documents =
                   service.PatientDocuments(*request.principal, *id);
               if (!documents) return ErrorResponse(documents.error());
               json items = json::array();
               for (const Document& document : *documents) items.push_back(DocumentJson(document));
               return JsonResponse(200, {{"items", std::move(items)}});
             });
}

void AddIntakeAndGet(Router& router, RequestService& service) {
  router.Add({.method = "POST",
              .pattern = "/api/v1/requests",
              .operation_id = "createRequest",
              .summary = "Intake: receive a request today from any channel, number it "
                         "(R-YYYY-NNNNNN), decide it, and produce the acknowledgment letter. "
                         "`warnings` lists possible duplicates (same patient and requester "
                         "within 30 days); they do not block intake.",
              .tag = "requests",
              .request_schema = IntakeSchema(),
              .response_schema = RequestSchema(),
              .success_status = 201,
              .access = Access::Permission(Permission::kManageRequests)},
             [&service](const HttpRequest& request) {
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<IntakeCommand> command = ParseIntake(*body);
               if (!command) return ErrorResponse(command.error());
               Result<RequestView> view = service.Intake(*request.principal, *command);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(201, RequestViewJson(*view));
             });
  router.Add({.method = "GET",
              .pattern = "/api/v1/requests/{id}",
              .operation_id = "getRequest",
              .summary = "A request with its stored decision (openroi.decision/1, rules and "
                         "citations included), its transition history and its letters.",
              .tag = "requests",
              .response_schema = RequestSchema(),
              .access = Access::Permission(Permission::kManageRequests)},
             [&service](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<RequestView> view = service.Get(*request.principal, *id);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, RequestViewJson(*view));
             });
}

void AddChangeRoutes(Router& router, RequestService& service) {
  json change = FactsSchema();
  change["properties"]["version"] = {{"type", "integer"}};
  change["properties"]["priority"] = {{"enum", {"routine", "urgent"}}};
  change["properties"]["facility_id"] = {{"type", {"integer", "null"}}};
  change["required"] = {"version"};
  router.Add({.method = "PATCH",
              .pattern = "/api/v1/requests/{id}",
              .operation_id = "updateRequest",
              .summary = "Change facts (authorization, scope, verification flags, priority, "
                         "facility) and re-decide. Fields present replace the stored ones; "
                         "\"authorization\": null removes it. 409 when `version` is stale.",
              .tag = "requests",
              .request_schema = change,
              .response_schema = RequestSchema(),
              .access = Access::Permission(Permission::kManageRequests)},
             [&service](const HttpRequest& request) {
               Result<RequestId> id = RecordPathId<RequestId>(request, "id");
               if (!id) return ErrorResponse(id.error());
               Result<json> body = ParseObject(request.body);
               if (!body) return ErrorResponse(body.error());
               Result<RequestView> current = service.Get(*request.principal, *id);
               if (!current) return ErrorResponse(current.error());
               Result<FactsChange> parsed = ParseFactsChange(*body, current->request.facts);
               if (!parsed) return ErrorResponse(parsed.error());
               Result<RequestView> view = service.ChangeFacts(*request.principal, *id, *parsed);
               if (!view) return ErrorResponse(view.error());
               return JsonResponse(200, RequestViewJson(*view));
             });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/transitions",
       .operation_id = "transitionRequest",
       .summary = "Apply a workflow action (start_verification, request_information, "
                  "start_retrieval, finish_retrieval, release, ...) after re-deciding from the "
                  "stored facts. Idempotent on idempotency_key. 409 when the workflow's guards "
                  "refuse (e.g. the decision is pend or the authorization is revoked). release "
                  "also needs the release_records permission.",
       .tag = "requests",
       .request_schema = {{"type", "object"},
                          {"required", {"action", "idempotency_key"}},
                          {"properties",
                           {{"action", {{"type", "string"}}},
                            {"idempotency_key", {{"type", "string"}}},
                            {"note", {{"type", "string"}}}}}},
       .response_schema = RequestSchema(),
       .access = Access::Permission(Permission::kManageRequests)},
      [&service](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        Result<TransitionCommand> command = ParseTransition(*body);
        if (!command) return ErrorResponse(command.error());
        if (command->action == RequestAction::kRelease &&
            !Allows(request.principal->user.role, Permission::kReleaseRecords)) {
          return ErrorResponse(PermissionDeniedError("role may not release records"));
        }
        Result<RequestView> view = service.Transition(*request.principal, *id, *command);
        if (!view) return ErrorResponse(view.error());
        return JsonResponse(200, RequestViewJson(*view));
      });
  router.Add(
      {.method = "POST",
       .pattern = "/api/v1/requests/{id}/assignment",
       .operation_id = "assignRequest",
       .summary = "Assign the request to a user of the organization (null unassigns).",
       .tag = "requests",
       .request_schema = {{"type", "object"},
                          {"required", {"assignee_id", "version"}},
                          {"properties",
                           {{"assignee_id", {{"type", {"integer", "null"}}}},
                            {"version", {{"type", "integer"}}}}}},
       .response_schema = RequestSchema(),
       .access = Access::Permission(Permission::kManageRequests)},
      [&service](const HttpRequest& request) {
        Result<RequestId> id = RecordPathId<RequestId>(request, "id");
        if (!id) return ErrorResponse(id.error());
        Result<json> body = ParseObject(request.body);
        if (!body) return ErrorResponse(body.error());
        const json& assignee = (*body)["assignee_id"];
        const json& version = (*body)["version"];
        if (!(assignee.is_null() || assignee.is_number_integer()) || !version.is_number_integer()) {
          return ErrorResponse(InvalidArgumentError(
              "assignee_id must be an integer or null and version an integer"));
        }
        UserId user(assignee.is_null() ? 0 : assignee.get<std::int64_t>());
        Result<RequestView> view =
            service.Assign(*request.principal, *id, user, version.get<std::int64_t>());
        if (!view) return ErrorResponse(view.error());
        return JsonResponse(200, RequestViewJson(*view));
      });
}

// The queue's filters from the query string, or InvalidArgument naming the parameter.
Result<QueueCommand> ParseQueue(const HttpRequest& request) {
  QueueCommand command;
  RequestQuery& query = command.query;
  auto id = [&](const char* name, std::int64_t& out) -> Status {
    std::string_view text = request.Query(name);
    if (text.empty()) return OkStatus();
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    if (error != std::errc() || end != text.data() + text.size() || out <= 0) {
      return InvalidArgumentError(std::string(name) + " must be a positive integer");
    }
    return OkStatus();
  };
  if (std::string_view status = request.Query("status"); !status.empty()) {
    Result<RequestState> state = ParseRequestState(status);
    if (!state) return InvalidArgumentError("status: unknown value");
    query.state = *state;
  }
  std::string_view overdue = request.Query("overdue");
  if (!overdue.empty() && overdue != "true" && overdue != "false") {
    return InvalidArgumentError("overdue must be true or false");
  }
  query.overdue = overdue == "true";
  std::int64_t assignee = 0, facility = 0, limit = 50;
  if (Status s = id("assignee", assignee); !s) return s.error();
  if (Status s = id("facility", facility); !s) return s.error();
  if (Status s = id("limit", limit); !s) return s.error();
  query.assignee = UserId(assignee);
  query.facility = FacilityId(facility);
  query.limit = static_cast<int>(std::min<std::int64_t>(limit, 100000));
  query.requester_role = std::string(request.Query("requester_role"));
  query.search = std::string(request.Query("q"));
  std::string_view sort = request.Query("sort");
  if (sort == "received") {
    query.sort = RequestSort::kReceived;
  } else if (!sort.empty() && sort != "due_on") {
    return InvalidArgumentError("sort must be due_on or received");
  }
  command.cursor = std::string(request.Query("cursor"));
  return command;
}

void AddQueue(Router& router, RequestService& service) {
  router.Add(
      {.method = "GET",
       .pattern = "/api/v1/requests",
       .operation_id = "listRequests",
       .summary = "The work queue: filter by status, overdue=true, assignee, requester_role, "
                  "facility; q searches the request number, a patient MRN or the start of a "
                  "family name; sort=due_on (default; no due date last) or received; keyset "
                  "paging with cursor=next_cursor and limit (1..1000, default 50).",
       .tag = "requests",
       .response_schema = QueueSchema(),
       .query_parameters = {"status", "overdue", "assignee", "requester_role", "facility", "q",
                            "sort", "cursor", "limit"},
       .access = Access::Permission(Permission::kManageRequests)},
      [&service](const HttpRequest& request) {
        Result<QueueCommand> command = ParseQueue(request);
        if (!command) return ErrorResponse(command.error());
        Result<QueuePage> page = service.Queue(*request.principal, *command);
        if (!page) return ErrorResponse(page.error());
        json items = json::array();
        for (const QueueItem& item : page->items) items.push_back(QueueItemJson(item));
        return JsonResponse(
            200,
            {{"items", std::move(items)},
             {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}});
      });
}

}  // namespace

void AddRequestRoutes(Router& router, RequestService& service) {
  AddRequesterRoutes(router, service);
  AddDocumentRoutes(router, service);
  AddIntakeAndGet(router, service);
  AddChangeRoutes(router, service);
  AddQueue(router, service);
}

}  // namespace roi::http
