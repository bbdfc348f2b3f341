// Internal to roi_storage_postgres: every prepared statement the repositories run, registered on
// each new connection.  Organization-scoped statements take the organization id as $1 and filter
// by it, so none can reach another organization's rows.
#pragma once

#include <span>
#include <string_view>

namespace roi::postgres {

// Value type.
struct PreparedStatement {
  std::string_view name;
  std::string_view sql;
};

std::span<const PreparedStatement> PreparedStatements();

}  // namespace roi::postgres
