#include "http/router.h"

#include <cctype>

#include "base/check.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

// "{name}" captures a whole segment; "{name}.pdf" captures what precedes a literal suffix.
bool IsCapture(std::string_view segment) {
  std::size_t close = segment.find('}');
  return segment.size() > 2 && segment.front() == '{' && close != std::string_view::npos &&
         close > 1;
}

std::string_view CaptureName(std::string_view segment) {
  return segment.substr(1, segment.find('}') - 1);
}

std::string_view CaptureSuffix(std::string_view segment) {
  return segment.substr(segment.find('}') + 1);
}

nlohmann::json ErrorSchema() {
  nlohmann::json detail = {
      {"type", "object"},
      {"properties", {{"path", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}};
  nlohmann::json error = {{"type", "object"},
                          {"required", {"code", "message", "details"}},
                          {"properties",
                           {{"code", {{"type", "string"}, {"examples", {"INVALID_ARGUMENT"}}}},
                            {"message", {{"type", "string"}}},
                            {"details", {{"type", "array"}, {"items", detail}}}}}};
  return {{"type", "object"}, {"required", {"error"}}, {"properties", {{"error", error}}}};
}

nlohmann::json Operation(const RouteSpec& spec, const std::vector<std::string>& segments) {
  nlohmann::json op = {
      {"operationId", spec.operation_id}, {"summary", spec.summary}, {"tags", {spec.tag}}};
  nlohmann::json parameters = nlohmann::json::array();
  for (const std::string& segment : segments) {
    if (!IsCapture(segment)) continue;
    parameters.push_back({{"name", std::string(CaptureName(segment))},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  for (const std::string& name : spec.query_parameters) {
    parameters.push_back({{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}}}});
  }
  if (!parameters.empty()) op["parameters"] = parameters;
  if (!spec.request_schema.empty()) {
    op["requestBody"] = {{"required", true},
                         {"content", {{"application/json", {{"schema", spec.request_schema}}}}}};
  }
  nlohmann::json ok = {{"description", "Success"}};
  ok["content"][spec.response_content_type]["schema"] = spec.response_schema;
  nlohmann::json error = {
      {"description", "Error"},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  op["responses"] = {{std::to_string(spec.success_status), ok}, {"default", error}};
  const Access& access = *spec.access;
  if (access.kind == Access::Kind::kPublic) {
    op["security"] = nlohmann::json::array();
  } else {
    // Either a session or an API token (whose scopes must include the permission).
    op["security"] = {{{"session", nlohmann::json::array()}},
                      {{"api_token", nlohmann::json::array()}}};
    op["x-openroi-permission"] = access.kind == Access::Kind::kPermission
                                     ? std::string(PermissionName(access.permission))
                                     : std::string("signed_in");
  }
  return op;
}

}  // namespace

bool Router::Add(RouteSpec spec, Handler handler) {
  ROI_CHECK(spec.access.has_value());
  for (const Route& route : routes_) {
    if (route.spec.method == spec.method && route.spec.pattern == spec.pattern) return false;
  }
  std::vector<std::string> segments;
  for (std::string_view part : SplitPath(spec.pattern)) segments.emplace_back(part);
  routes_.push_back(Route{std::move(spec), std::move(segments), std::move(handler), nullptr});
  return true;
}

bool Router::AddStreaming(RouteSpec spec, StreamHandler handler) {
  auto stream = std::make_shared<const StreamHandler>(std::move(handler));
  Handler buffered = [stream](const HttpRequest& request) -> HttpResponse {
    StreamStart start = (*stream)(request);
    if (!start.sink) {
      return start.response ? std::move(*start.response)
                            : ErrorResponse(InternalError("stream handler gave nothing"));
    }
    if (Status appended = start.sink->Append(request.body); !appended) {
      return ErrorResponse(appended.error());
    }
    return start.sink->Finish();
  };
  if (!Add(std::move(spec), std::move(buffered))) return false;
  routes_.back().stream = std::move(stream);
  return true;
}

bool Router::MatchSegments(const Route& route, const std::vector<std::string_view>& parts,
                           HttpRequest* request) {
  if (route.segments.size() != parts.size()) return false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (IsCapture(segment)) {
      std::string_view suffix = CaptureSuffix(segment);
      if (parts[i].size() <= suffix.size() || !parts[i].ends_with(suffix)) return false;
      continue;
    }
    if (segment != parts[i]) return false;
  }
  if (request == nullptr) return true;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& segment = route.segments[i];
    if (IsCapture(segment)) {
      std::string_view part = parts[i];
      part.remove_suffix(CaptureSuffix(segment).size());
      request->path_params[std::string(CaptureName(segment))] = std::string(part);
    }
  }
  return true;
}

RouteMatch Router::Match(HttpRequest& request) const {
  std::vector<std::string_view> parts = SplitPath(request.path);
  RouteMatch match;
  // HEAD is answered by the GET route (the server drops the body).
  std::string_view method = request.method == "HEAD" ? std::string_view("GET") : request.method;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    const Route& route = routes_[i];
    if (!MatchSegments(route, parts, nullptr)) continue;
    if (route.spec.method != method) {
      match.method_not_allowed = true;
      continue;
    }
    MatchSegments(route, parts, &request);
    return RouteMatch{&route.handler, route.stream.get(), &*route.spec.access, static_cast<int>(i),
                      false};
  }
  return match;
}

nlohmann::json Router::OpenApi(std::string_view version) const {
  nlohmann::json doc = {{"openapi", "3.1.0"},
                        {"info",
                         {{"title", "OpenROI API"},
                          {"version", std::string(version)},
                          {"description",
                           "Release of Information for healthcare: intake, verification, review, "
                           "fees, release and accounting of disclosures."}}},
                        {"paths", nlohmann::json::object()},
                        {"components",
                         {{"schemas", {{"Error", ErrorSchema()}}},
                          {"securitySchemes",
                           {{"session",
                             {{"type", "apiKey"},
                              {"in", "cookie"},
                              {"name", "openroi_session"},
                              {"description",
                               "The session cookie set by /api/v1/auth/login. Unsafe methods "
                               "also need the X-CSRF-Token header. x-openroi-permission names "
                               "the permission an operation needs."}}},
                            {"api_token",
                             {{"type", "http"},
                              {"scheme", "bearer"},
                              {"description",
                               "An API token (oroi_...) from POST /api/v1/auth/tokens, as "
                               "Authorization: Bearer. No CSRF header; its scopes must include "
                               "x-openroi-permission."}}}}}}}};
  for (const Route& route : routes_) {
    std::string method = route.spec.method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    doc["paths"][route.spec.pattern][method] = Operation(route.spec, route.segments);
  }
  return doc;
}

}  // namespace roi::http
