#include "storage/postgres/errors.h"

#include <exception>
#include <pqxx/pqxx>
#include <string>

namespace roi::postgres {
namespace {

std::string Describe(std::string_view operation, std::string_view what) {
  std::string message(operation);
  message += ": ";
  message += what;
  return message;
}

Error FromSqlState(std::string_view operation, const std::string& state) {
  std::string what = "database error (SQLSTATE " + state + ")";
  if (state == "23505") return AlreadyExistsError(Describe(operation, what));
  if (state.rfind("40", 0) == 0) return AbortedError(Describe(operation, what));
  // Class 08: connection exception; 57: operator intervention (shutdown, terminated backend);
  // 53: insufficient resources.
  if (state.rfind("08", 0) == 0 || state.rfind("57", 0) == 0 || state.rfind("53", 0) == 0) {
    return UnavailableError(Describe(operation, what));
  }
  return InternalError(Describe(operation, what));
}

}  // namespace

Error CurrentExceptionToError(std::string_view operation) {
  try {
    throw;
  } catch (const pqxx::broken_connection&) {
    return UnavailableError(Describe(operation, "connection to the database failed"));
  } catch (const pqxx::statement_completion_unknown&) {
    return UnavailableError(Describe(operation, "connection lost; statement outcome unknown"));
  } catch (const pqxx::in_doubt_error&) {
    return UnavailableError(Describe(operation, "connection lost; commit outcome unknown"));
  } catch (const pqxx::unique_violation&) {
    return AlreadyExistsError(Describe(operation, "unique constraint violated"));
  } catch (const pqxx::transaction_rollback&) {
    return AbortedError(Describe(operation, "concurrent transaction conflict; retry"));
  } catch (const pqxx::sql_error& error) {
    return FromSqlState(operation, error.sqlstate());
  } catch (const pqxx::usage_error&) {
    return InternalError(Describe(operation, "database client misuse"));
  } catch (const std::exception&) {
    return InternalError(Describe(operation, "unexpected database client error"));
  } catch (...) {
    return InternalError(Describe(operation, "unknown exception"));
  }
}

}  // namespace roi::postgres
