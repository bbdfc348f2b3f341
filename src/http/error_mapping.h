// Error -> HTTP: the one place where error codes become statuses, and the one JSON shape every
// error response takes: {"error":{"code":"INVALID_ARGUMENT","message":"...","details":[...]}}.
#pragma once

#include "base/error.h"
#include "http/http_types.h"

namespace roi::http {

// The HTTP status for `code` (STYLE.md's table; RESOURCE_EXHAUSTED is 429).
int HttpStatusFor(ErrorCode code);

// A JSON error response for `error`, with the status from HttpStatusFor.  Internal errors are
// answered with a generic message: their text may describe internals and is only logged.
HttpResponse ErrorResponse(const Error& error);

// A JSON error response with an explicit status (for protocol errors such as 413 or 405 that have
// no ErrorCode of their own).
HttpResponse ErrorResponse(int status, ErrorCode code, std::string message);

}  // namespace roi::http
