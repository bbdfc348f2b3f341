#include "app/api_token.h"

#include <algorithm>

namespace roi {

Status ValidateApiToken(const ApiToken& token) {
  if (token.name.empty() || token.name.size() > 100) {
    return InvalidArgumentError("token name must be 1 to 100 bytes");
  }
  if (token.secret_digest.empty()) return InvalidArgumentError("token digest must not be empty");
  if (!token.user_id.IsSet()) return InvalidArgumentError("token user must be set");
  if (token.scopes.empty()) return InvalidArgumentError("token needs at least one scope");
  if (!std::is_sorted(token.scopes.begin(), token.scopes.end()) ||
      std::adjacent_find(token.scopes.begin(), token.scopes.end()) != token.scopes.end()) {
    return InvalidArgumentError("token scopes must be sorted without duplicates");
  }
  if (token.expires_micros <= token.created_micros) {
    return InvalidArgumentError("token must expire after it is created");
  }
  return OkStatus();
}

std::string JoinScopes(const std::vector<Permission>& scopes) {
  std::string joined;
  for (Permission scope : scopes) {
    if (!joined.empty()) joined += ' ';
    joined += PermissionName(scope);
  }
  return joined;
}

Result<std::vector<Permission>> SplitScopes(std::string_view joined) {
  std::vector<Permission> scopes;
  while (!joined.empty()) {
    std::size_t space = joined.find(' ');
    Result<Permission> scope = ParsePermission(joined.substr(0, space));
    if (!scope) return scope.error();
    scopes.push_back(*scope);
    joined = space == std::string_view::npos ? std::string_view() : joined.substr(space + 1);
  }
  return scopes;
}

}  // namespace roi
