// Error: what went wrong, as a value.  The code says what the caller should do; the message says
// what happened in words.  A message reaches logs and API clients, so it must never carry PHI:
// name records by id, never by patient name or content.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace roi {

// A closed set of codes, chosen by what the caller should do (see STYLE.md).  Each maps to one
// HTTP status and one CLI exit code in the adapters.
enum class ErrorCode {
  kInvalidArgument,     // The input itself is malformed.
  kUnauthenticated,     // The caller is not identified.
  kPermissionDenied,    // The caller is known and not allowed.
  kNotFound,            // No such entity.
  kAlreadyExists,       // The entity to create exists.
  kFailedPrecondition,  // Valid input, wrong state; do not retry until the state changes.
  kAborted,             // Concurrency conflict; retry the whole operation.
  kResourceExhausted,   // A limit was hit (size, rate); retry later or send less.
  kUnavailable,         // Transient (database down); retry the call.
  kDataLoss,            // Stored data is corrupt or was tampered with; do not retry.
  kInternal,            // A broken invariant: a bug.
};

// The canonical upper-snake name of `code`, e.g. "INVALID_ARGUMENT".
std::string_view ErrorCodeName(ErrorCode code);

// One problem found in an input, located by a JSON pointer or another path
// ("/documents/3/kind").  Used to list every problem at once instead of the first.
struct ErrorDetail {
  std::string path;
  std::string message;
  bool operator==(const ErrorDetail&) const = default;
};

// Value type.  Copyable; safe to share between threads when not mutated.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<ErrorDetail> details;  // Optional: every problem when there are several.

  // "INVALID_ARGUMENT: message".
  std::string ToString() const;
  bool operator==(const Error&) const = default;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}};
}
inline Error InvalidArgumentError(std::string message) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message));
}
inline Error UnauthenticatedError(std::string message) {
  return MakeError(ErrorCode::kUnauthenticated, std::move(message));
}
inline Error PermissionDeniedError(std::string message) {
  return MakeError(ErrorCode::kPermissionDenied, std::move(message));
}
inline Error NotFoundError(std::string message) {
  return MakeError(ErrorCode::kNotFound, std::move(message));
}
inline Error AlreadyExistsError(std::string message) {
  return MakeError(ErrorCode::kAlreadyExists, std::move(message));
}
inline Error FailedPreconditionError(std::string message) {
  return MakeError(ErrorCode::kFailedPrecondition, std::move(message));
}
inline Error AbortedError(std::string message) {
  return MakeError(ErrorCode::kAborted, std::move(message));
}
inline Error ResourceExhaustedError(std::string message) {
  return MakeError(ErrorCode::kResourceExhausted, std::move(message));
}
inline Error UnavailableError(std::string message) {
  return MakeError(ErrorCode::kUnavailable, std::move(message));
}
inline Error DataLossError(std::string message) {
  return MakeError(ErrorCode::kDataLoss, std::move(message));
}
inline Error InternalError(std::string message) {
  return MakeError(ErrorCode::kInternal, std::move(message));
}

}  // namespace roi
