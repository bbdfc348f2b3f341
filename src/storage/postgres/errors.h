// Internal to roi_storage_postgres: turns libpqxx's exceptions into Errors, so that no exception
// leaves the adapter.  Messages carry the operation and SQLSTATE, never the server's text (whose
// DETAIL can quote row values, i.e. PHI).
#pragma once

#include <string_view>

#include "base/error.h"

namespace roi::postgres {

// The Error for the exception being handled: unique violation -> AlreadyExists; serialization
// failure, deadlock or other rollback -> Aborted; broken connection, server shutdown, unknown
// commit outcome -> Unavailable; anything else -> Internal.  REQUIRES: called in a catch block.
Error CurrentExceptionToError(std::string_view operation);

// Runs `fn` and returns its result, or the converted exception if it throws.
template <typename Fn>
auto Guarded(std::string_view operation, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (...) {
    return CurrentExceptionToError(operation);
  }
}

}  // namespace roi::postgres
