// GET / and GET /assets/{file}: the web UI's static files (web/dist, built by Vite), read from the
// web root at request time so that a rebuilt UI is served without a restart.  Only plain file
// names directly under the root's assets/ folder are served; anything that would leave the root
// (dot segments, encoded slashes, symlinks pointing outside) answers 404.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "http/api.h"
#include "http/error_mapping.h"

namespace roi::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotBuilt =
    "the web UI is not built: run `npm ci && npm run build` in web/ (make run does it), or set "
    "web.root (OPENROI_WEB_ROOT)";

// True for a name made only of letters, digits, '-', '_' and '.', not starting with '.', as Vite
// names its assets (index-B2x9k1.js).  Rules out "..", hidden files, slashes and NUL.
bool IsPlainFileName(std::string_view name) {
  if (name.empty() || name.size() > 200 || name.front() == '.') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// True when canonical path `inner` lies strictly inside canonical directory `root`.
bool IsInside(const fs::path& root, const fs::path& inner) {
  auto root_it = root.begin();
  auto inner_it = inner.begin();
  for (; root_it != root.end(); ++root_it, ++inner_it) {
    if (inner_it == inner.end() || *root_it != *inner_it) return false;
  }
  return inner_it != inner.end();
}

// The bytes of `relative` below `root`, or nothing when it is missing, not a regular file, or
// resolves (through symlinks) outside the root.
std::optional<std::string> ReadBelow(const std::string& root, const fs::path& relative) {
  std::error_code ec;
  fs::path real_root = fs::canonical(root, ec);
  if (ec) return std::nullopt;
  fs::path real_file = fs::canonical(real_root / relative, ec);
  if (ec || !IsInside(real_root, real_file) || !fs::is_regular_file(real_file, ec)) {
    return std::nullopt;
  }
  std::ifstream in(real_file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

std::string_view StaticContentType(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (name.size() > extension.size() &&
        name.substr(name.size() - extension.size()) == extension) {
      return type;
    }
  }
  return "application/octet-stream";
}

void AddStaticRoutes(Router& router, const std::string& web_root) {
  router.Add({.method = "GET",
              .pattern = "/",
              .operation_id = "webIndex",
              .summary = "The web UI's page (index.html from web.root); never cached.",
              .tag = "web",
              .response_schema = {{"type", "string"}},
              .response_content_type = "text/html",
              .access = Access::Public()},
             [web_root](const HttpRequest&) {
               std::optional<std::string> page = ReadBelow(web_root, "index.html");
               if (!page) return ErrorResponse(404, ErrorCode::kNotFound, std::string(kNotBuilt));
               HttpResponse response =
                   HttpResponse::Text(200, std::move(*page), "text/html; charset=utf-8");
               response.headers.emplace_back("Cache-Control", "no-store");
               return response;
             });
  router.Add({.method = "GET",
              .pattern = "/assets/{file}",
              .operation_id = "webAsset",
              .summary = "A built, content-hashed asset of the web UI (script, style, image); "
                         "cacheable for a year.",
              .tag = "web",
              .response_schema = {{"type", "string"}},
              .response_content_type = "application/octet-stream",
              .access = Access::Public()},
             [web_root](const HttpRequest& request) {
               const std::string& name = request.path_params.at("file");
               std::optional<std::string> bytes;
               if (IsPlainFileName(name)) bytes = ReadBelow(web_root, fs::path("assets") / name);
               if (!bytes) return ErrorResponse(404, ErrorCode::kNotFound, "no such file");
               HttpResponse response =
                   HttpResponse::Text(200, std::move(*bytes), std::string(StaticContentType(name)));
               response.headers.emplace_back("Cache-Control",
                                             "public, max-age=31536000, immutable");
               return response;
             });
}

}  // namespace roi::http
