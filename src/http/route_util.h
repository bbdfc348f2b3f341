// Small helpers shared by the JSON route files.
#pragma once

#include <charconv>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "http/http_types.h"

namespace roi::http {

// The positive integer path parameter `name` as a record id; NotFound for anything else (no such
// record), so a malformed id answers like a missing one.
template <typename Id>
Result<Id> RecordPathId(const HttpRequest& request, const char* name) {
  auto found = request.path_params.find(name);
  std::int64_t value = 0;
  if (found != request.path_params.end()) {
    const std::string& text = found->second;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) value = 0;
  }
  if (value <= 0) return NotFoundError(std::string(name) + " does not name a record");
  return Id(value);
}

// A JSON response that caches must not keep (patient data).
inline HttpResponse JsonResponse(int status, const nlohmann::json& body) {
  HttpResponse response = HttpResponse::Json(status, body.dump());
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace roi::http
