#include "http/error_mapping.h"

#include <nlohmann/json.hpp>

namespace roi::http {
namespace {

std::string ErrorBody(ErrorCode code, const std::string& message,
                      const std::vector<ErrorDetail>& details) {
  nlohmann::json list = nlohmann::json::array();
  for (const ErrorDetail& detail : details) {
    list.push_back({{"path", detail.path}, {"message", detail.message}});
  }
  nlohmann::json body = {
      {"error", {{"code", ErrorCodeName(code)}, {"message", message}, {"details", list}}}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kAborted:
      return 409;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kDataLoss:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse ErrorResponse(const Error& error) {
  if (error.code == ErrorCode::kInternal) {
    return HttpResponse::Json(500, ErrorBody(error.code, "internal error", {}));
  }
  return HttpResponse::Json(HttpStatusFor(error.code),
                            ErrorBody(error.code, error.message, error.details));
}

HttpResponse ErrorResponse(int status, ErrorCode code, std::string message) {
  return HttpResponse::Json(status, ErrorBody(code, message, {}));
}

}  // namespace roi::http
