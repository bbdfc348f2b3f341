// The InMemoryStore's API token and second-factor repositories.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

std::string Id(std::int64_t value) { return std::to_string(value); }

bool UserIn(const InMemoryData& view, UserId user, OrganizationId organization) {
  auto found = view.users.find(user);
  return found != view.users.end() && found->second.organization_id == organization;
}

Error NoToken(ApiTokenId id) { return NotFoundError("API token " + Id(id.value) + " not found"); }

}  // namespace

// API tokens.

ApiToken* InMemoryApiTokens::Writable(ApiTokenId id) {
  auto found = data_->api_tokens.find(id);
  if (found == data_->api_tokens.end() || found->second.organization_id != organization_) {
    return nullptr;
  }
  return &found->second;
}

Result<ApiToken> InMemoryApiTokens::Insert(const ApiToken& token) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateApiToken(token); !valid) return valid.error();
  if (!UserIn(view_, token.user_id, organization_)) {
    return NotFoundError("user " + Id(token.user_id.value) + " not found");
  }
  for (const auto& [id, existing] : view_.api_tokens) {
    if (existing.organization_id == organization_ &&
        existing.secret_digest == token.secret_digest) {
      return AlreadyExistsError("API token digest is already in use");
    }
  }
  ApiToken stored = token;
  stored.id = ApiTokenId(data_->next_id++);
  stored.organization_id = organization_;
  data_->api_tokens[stored.id] = stored;
  return stored;
}

Result<ApiToken> InMemoryApiTokens::Find(ApiTokenId id) {
  auto found = view_.api_tokens.find(id);
  if (found == view_.api_tokens.end() || found->second.organization_id != organization_) {
    return NoToken(id);
  }
  return found->second;
}

Result<ApiToken> InMemoryApiTokens::FindByDigest(std::string_view secret_digest) {
  for (const auto& [id, token] : view_.api_tokens) {
    if (token.organization_id == organization_ && token.secret_digest == secret_digest) {
      return token;
    }
  }
  return NotFoundError("no such API token in organization " + Id(organization_.value));
}

Result<std::vector<ApiToken>> InMemoryApiTokens::ListForUser(UserId user) {
  std::vector<ApiToken> tokens;
  for (const auto& [id, token] : view_.api_tokens) {
    if (token.organization_id == organization_ && token.user_id == user) tokens.push_back(token);
  }
  return tokens;
}

Status InMemoryApiTokens::Touch(ApiTokenId id, std::int64_t last_used_micros) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  ApiToken* token = Writable(id);
  if (token == nullptr) return NoToken(id);
  token->last_used_micros = last_used_micros;
  return OkStatus();
}

Status InMemoryApiTokens::Revoke(ApiTokenId id, std::int64_t revoked_micros) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  ApiToken* token = Writable(id);
  if (token == nullptr) return NoToken(id);
  if (token->revoked_micros == 0) token->revoked_micros = revoked_micros;
  return OkStatus();
}

// Second factors.

Result<SecondFactor> InMemorySecondFactors::Find(UserId user) {
  auto found = view_.second_factors.find(user);
  if (found == view_.second_factors.end() || found->second.organization_id != organization_) {
    return NotFoundError("user " + Id(user.value) + " has no second factor");
  }
  return found->second;
}

Result<SecondFactor> InMemorySecondFactors::Put(const SecondFactor& factor) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (factor.secret.empty() || !factor.user_id.IsSet()) {
    return InvalidArgumentError("second factor needs a user and a secret");
  }
  if (!UserIn(view_, factor.user_id, organization_)) {
    return NotFoundError("user " + Id(factor.user_id.value) + " not found");
  }
  SecondFactor stored = factor;
  stored.organization_id = organization_;
  data_->second_factors[stored.user_id] = stored;
  return stored;
}

Status InMemorySecondFactors::Delete(UserId user) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->second_factors.find(user);
  if (found != data_->second_factors.end() && found->second.organization_id == organization_) {
    data_->second_factors.erase(found);
  }
  return OkStatus();
}

}  // namespace roi::testing
