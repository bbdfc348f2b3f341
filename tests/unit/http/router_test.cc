#include "http/router.h"

#include <gtest/gtest.h>

#include "http/dispatch.h"

namespace roi::http {
namespace {

Handler Reply(std::string body) {
  return [body](const HttpRequest&) { return HttpResponse::Json(200, body); };
}

HttpRequest Make(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

Router MakeRouter() {
  Router router;
  EXPECT_TRUE(router.Add({.method = "GET",
                          .pattern = "/healthz",
                          .operation_id = "healthz",
                          .access = Access::Public()},
                         Reply("health")));
  EXPECT_TRUE(router.Add({.method = "GET",
                          .pattern = "/api/v1/patients/{id}",
                          .operation_id = "getPatient",
                          .summary = "One patient",
                          .tag = "patients",
                          .access = Access::Permission(Permission::kReadPatients)},
                         [](const HttpRequest& request) {
                           return HttpResponse::Json(200, request.path_params.at("id"));
                         }));
  EXPECT_TRUE(router.Add({.method = "POST",
                          .pattern = "/api/v1/patients",
                          .operation_id = "createPatient",
                          .request_schema = {{"type", "object"}},
                          .success_status = 201,
                          .access = Access::SignedIn()},
                         Reply("created")));
  return router;
}

TEST(RouterTest, MatchesExactAndCapturedSegments) {
  Router router = MakeRouter();
  HttpRequest health = Make("GET", "/healthz");
  RouteMatch match = router.Match(health);
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ((*match.handler)(health).body, "health");

  HttpRequest patient = Make("GET", "/api/v1/patients/42");
  match = router.Match(patient);
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(patient.path_params.at("id"), "42");
  EXPECT_EQ(match.route_index, 1);
}

TEST(RouterTest, CapturesASegmentBeforeALiteralSuffix) {
  Router router;
  ASSERT_TRUE(router.Add({.method = "GET",
                          .pattern = "/letters/{letter_id}.pdf",
                          .operation_id = "letterPdf",
                          .access = Access::Public()},
                         [](const HttpRequest& request) {
                           return HttpResponse::Json(200, request.path_params.at("letter_id"));
                         }));
  HttpRequest pdf = Make("GET", "/letters/42.pdf");
  RouteMatch match = router.Match(pdf);
  ASSERT_NE(match.handler, nullptr);
  EXPECT_EQ(pdf.path_params.at("letter_id"), "42");
  HttpRequest bare = Make("GET", "/letters/.pdf");
  EXPECT_EQ(router.Match(bare).handler, nullptr);
  HttpRequest other = Make("GET", "/letters/42.txt");
  EXPECT_EQ(router.Match(other).handler, nullptr);
  nlohmann::json doc = router.OpenApi("test");
  EXPECT_EQ(doc["paths"]["/letters/{letter_id}.pdf"]["get"]["parameters"][0]["name"], "letter_id");
}

TEST(RouterTest, DistinguishesNotFoundFromMethodNotAllowed) {
  Router router = MakeRouter();
  HttpRequest missing = Make("GET", "/api/v1/nothing");
  RouteMatch match = router.Match(missing);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_FALSE(match.method_not_allowed);

  HttpRequest wrong_method = Make("DELETE", "/healthz");
  match = router.Match(wrong_method);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.method_not_allowed);

  HttpRequest empty_segment = Make("GET", "/api/v1/patients/");
  EXPECT_EQ(router.Match(empty_segment).handler, nullptr);
  HttpRequest too_deep = Make("GET", "/api/v1/patients/1/extra");
  EXPECT_EQ(router.Match(too_deep).handler, nullptr);
}

TEST(RouterTest, HeadIsAnsweredByGet) {
  Router router = MakeRouter();
  HttpRequest head = Make("HEAD", "/healthz");
  EXPECT_NE(router.Match(head).handler, nullptr);
}

TEST(RouterTest, RefusesDuplicateRoutes) {
  Router router = MakeRouter();
  EXPECT_FALSE(router.Add({.method = "GET", .pattern = "/healthz", .access = Access::Public()},
                          Reply("again")));
  EXPECT_EQ(router.RouteCount(), 3u);
}

TEST(RouterTest, OpenApiDescribesEveryRoute) {
  Router router = MakeRouter();
  nlohmann::json doc = router.OpenApi("9.9.9");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["version"], "9.9.9");
  ASSERT_TRUE(doc["paths"].contains("/api/v1/patients/{id}"));
  const nlohmann::json& get = doc["paths"]["/api/v1/patients/{id}"]["get"];
  EXPECT_EQ(get["operationId"], "getPatient");
  EXPECT_EQ(get["parameters"][0]["name"], "id");
  EXPECT_EQ(get["parameters"][0]["in"], "path");
  EXPECT_EQ(get["tags"][0], "patients");
  const nlohmann::json& post = doc["paths"]["/api/v1/patients"]["post"];
  EXPECT_TRUE(post.contains("requestBody"));
  EXPECT_TRUE(post["responses"].contains("201"));
  EXPECT_EQ(post["responses"]["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error");
  EXPECT_TRUE(doc["components"]["schemas"].contains("Error"));
}

TEST(DispatchTest, AnswersMissesAndExceptionsAsJsonErrors) {
  Router router = MakeRouter();
  ASSERT_TRUE(router.Add({.method = "GET", .pattern = "/boom", .access = Access::Public()},
                         [](const HttpRequest&) -> HttpResponse {
                           throw std::runtime_error("secret patient detail");
                         }));
  int route = 0;
  HttpRequest missing = Make("GET", "/nope");
  HttpResponse response = Dispatch(router, missing, route);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(route, -1);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "NOT_FOUND");

  HttpRequest wrong = Make("PUT", "/healthz");
  EXPECT_EQ(Dispatch(router, wrong, route).status, 405);

  HttpRequest boom = Make("GET", "/boom");
  response = Dispatch(router, boom, route);
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body.find("secret"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "INTERNAL");
}

TEST(DispatchTest, AddsSecurityHeaders) {
  Router router = MakeRouter();
  int route = 0;
  HttpRequest health = Make("GET", "/healthz");
  HttpResponse response = Dispatch(router, health, route);
  auto has = [&](const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("X-Content-Type-Options"));
  EXPECT_TRUE(has("Content-Security-Policy"));
  EXPECT_TRUE(has("X-Frame-Options"));
  EXPECT_TRUE(has("Cache-Control"));
}

// An authenticator for tests: the caller's role comes from the X-Test-Role header; no header
// means not signed in.
Authenticator RoleFromHeader() {
  return [](const HttpRequest& request) -> Result<Principal> {
    std::string_view name = request.Header("x-test-role");
    if (name.empty()) return UnauthenticatedError("sign in first");
    Result<Role> role = ParseRole(name);
    if (!role) return role.error();
    Principal principal;
    principal.user.role = *role;
    principal.organization = OrganizationId{7};
    return principal;
  };
}

TEST(DispatchTest, ProtectedRoutesNeedAnAuthenticator) {
  Router router = MakeRouter();
  int route = 0;
  HttpRequest patient = Make("GET", "/api/v1/patients/1");
  patient.headers.emplace("x-test-role", "roi_specialist");
  EXPECT_EQ(Dispatch(router, patient, route).status, 401);
  HttpRequest health = Make("GET", "/healthz");
  EXPECT_EQ(Dispatch(router, health, route).status, 200);
}

TEST(DispatchTest, ChecksSignInAndPermissionBeforeTheHandler) {
  Router router = MakeRouter();
  router.SetAuthenticator(RoleFromHeader());
  int route = 0;

  HttpRequest anonymous = Make("GET", "/api/v1/patients/1");
  HttpResponse response = Dispatch(router, anonymous, route);
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "UNAUTHENTICATED");

  HttpRequest portal = Make("GET", "/api/v1/patients/1");
  portal.headers.emplace("x-test-role", "requester");
  response = Dispatch(router, portal, route);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("read_patients"), std::string::npos);
  EXPECT_FALSE(portal.principal.has_value());

  HttpRequest staff = Make("GET", "/api/v1/patients/1");
  staff.headers.emplace("x-test-role", "clinician");
  response = Dispatch(router, staff, route);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "1");
  ASSERT_TRUE(staff.principal.has_value());
  EXPECT_EQ(staff.principal->organization, OrganizationId{7});

  // Signed-in routes take any role; public routes never look at the caller.
  HttpRequest create = Make("POST", "/api/v1/patients");
  create.headers.emplace("x-test-role", "patient");
  EXPECT_EQ(Dispatch(router, create, route).body, "created");
  HttpRequest health = Make("GET", "/healthz");
  health.headers.emplace("x-test-role", "not-a-role");
  EXPECT_EQ(Dispatch(router, health, route).status, 200);
  EXPECT_FALSE(health.principal.has_value());
}

TEST(DispatchTest, AnApiTokenNeedsTheScopeAsWellAsTheRole) {
  Router router = MakeRouter();
  router.SetAuthenticator([](const HttpRequest&) -> Result<Principal> {
    Principal principal;
    principal.user.role = Role::kClinician;  // The role has read_patients...
    principal.organization = OrganizationId{7};
    principal.api_token = ApiTokenId{3};
    principal.scopes = {Permission::kDecide};  // ...the token does not.
    return principal;
  });
  int route = 0;
  HttpRequest request = Make("GET", "/api/v1/patients/1");
  HttpResponse response = Dispatch(router, request, route);
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.body.find("does not have the read_patients scope"), std::string::npos)
      << response.body;
  HttpRequest signed_in = Make("POST", "/api/v1/patients");
  EXPECT_EQ(Dispatch(router, signed_in, route).body, "created");
}

TEST(DispatchTest, HstsOnlyOverTls) {
  Router router = MakeRouter();
  int route = 0;
  HttpRequest plain = Make("GET", "/healthz");
  HttpResponse response = Dispatch(router, plain, route);
  for (const auto& [name, value] : response.headers) EXPECT_NE(name, "Strict-Transport-Security");
  HttpRequest tls = Make("GET", "/healthz");
  tls.tls = true;
  response = Dispatch(router, tls, route);
  bool found = false;
  for (const auto& [name, value] : response.headers) {
    if (name == "Strict-Transport-Security") found = value == "max-age=31536000";
  }
  EXPECT_TRUE(found);
}

TEST(DispatchTest, PrincipalIsNotTakenFromTheClient) {
  Router router = MakeRouter();
  router.SetAuthenticator(RoleFromHeader());
  int route = 0;
  HttpRequest forged = Make("GET", "/api/v1/patients/1");
  forged.principal = Principal{};
  forged.principal->user.role = Role::kAdministrator;
  EXPECT_EQ(Dispatch(router, forged, route).status, 401);
}

TEST(RouterTest, OpenApiNamesWhoMayCall) {
  Router router = MakeRouter();
  nlohmann::json doc = router.OpenApi("1");
  EXPECT_EQ(doc["paths"]["/healthz"]["get"]["security"], nlohmann::json::array());
  const nlohmann::json& get = doc["paths"]["/api/v1/patients/{id}"]["get"];
  EXPECT_EQ(get["x-openroi-permission"], "read_patients");
  EXPECT_TRUE(get["security"][0].contains("session"));
  EXPECT_EQ(doc["paths"]["/api/v1/patients"]["post"]["x-openroi-permission"], "signed_in");
  EXPECT_EQ(doc["components"]["securitySchemes"]["session"]["in"], "cookie");
  EXPECT_TRUE(get["security"][1].contains("api_token"));
  EXPECT_EQ(doc["components"]["securitySchemes"]["api_token"]["scheme"], "bearer");
}

TEST(RouterDeathTest, RefusesARouteThatDoesNotSayWhoMayCallIt) {
  Router router;
  EXPECT_DEATH(router.Add({.method = "GET", .pattern = "/open"}, Reply("x")), "ROI_CHECK");
}

TEST(AccessRecordTest, FormatsOneJsonLineWithoutThePath) {
  std::string line =
      FormatAccessRecord({"GET", "/api/v1/patients/{id}", 200, 17, 1500, "127.0.0.1", "req-1"});
  nlohmann::json parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["route"], "/api/v1/patients/{id}");
  EXPECT_EQ(parsed["status"], 200);
  EXPECT_DOUBLE_EQ(parsed["duration_ms"].get<double>(), 1.5);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace roi::http
