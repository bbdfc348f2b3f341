// The InMemoryStore's user and session repositories.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

std::string Id(std::int64_t value) { return std::to_string(value); }

}  // namespace

// Users.

bool InMemoryUsers::EmailTaken(const std::string& email, UserId except) const {
  for (const auto& [id, user] : view_.users) {
    if (id != except && user.organization_id == organization_ && user.email == email) return true;
  }
  return false;
}

Result<User> InMemoryUsers::Insert(const User& user) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  User stored = user;
  stored.email = NormalizeEmail(user.email);
  if (Status valid = ValidateUser(stored); !valid) return valid.error();
  if (EmailTaken(stored.email, UserId())) {
    return AlreadyExistsError("email is already in use in organization " + Id(organization_.value));
  }
  stored.id = UserId(data_->next_id++);
  stored.organization_id = organization_;
  stored.version = 1;
  data_->users[stored.id] = stored;
  return stored;
}

Result<User> InMemoryUsers::Find(UserId id) {
  auto found = view_.users.find(id);
  if (found == view_.users.end() || found->second.organization_id != organization_) {
    return NotFoundError("user " + Id(id.value) + " not found");
  }
  return found->second;
}

Result<User> InMemoryUsers::FindByEmail(std::string_view email) {
  std::string normalized = NormalizeEmail(email);
  for (const auto& [id, user] : view_.users) {
    if (user.organization_id == organization_ && user.email == normalized) return user;
  }
  return NotFoundError("no user has this email in organization " + Id(organization_.value));
}

Result<std::vector<User>> InMemoryUsers::List() {
  std::vector<User> users;
  for (const auto& [id, user] : view_.users) {
    if (user.organization_id == organization_) users.push_back(user);
  }
  return users;
}

Result<User> InMemoryUsers::Update(const User& user) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  User stored = user;
  stored.email = NormalizeEmail(user.email);
  if (Status valid = ValidateUser(stored); !valid) return valid.error();
  auto found = data_->users.find(user.id);
  if (found == data_->users.end() || found->second.organization_id != organization_) {
    return NotFoundError("user " + Id(user.id.value) + " not found");
  }
  if (found->second.version != user.version) {
    return AbortedError("user " + Id(user.id.value) + " was changed concurrently (stale version)");
  }
  if (EmailTaken(stored.email, user.id)) {
    return AlreadyExistsError("email is already in use in organization " + Id(organization_.value));
  }
  stored.organization_id = organization_;
  stored.version = user.version + 1;
  found->second = stored;
  return stored;
}

// Sessions.

Result<Session> InMemorySessions::Insert(const Session& session) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateSession(session); !valid) return valid.error();
  auto user = view_.users.find(session.user_id);
  if (user == view_.users.end() || user->second.organization_id != organization_) {
    return NotFoundError("user " + Id(session.user_id.value) + " not found");
  }
  if (view_.sessions.contains(session.token_hash)) {
    return AlreadyExistsError("session token hash is already in use");
  }
  Session stored = session;
  stored.organization_id = organization_;
  data_->sessions[stored.token_hash] = stored;
  return stored;
}

Result<Session> InMemorySessions::FindByTokenHash(std::string_view token_hash) {
  auto found = view_.sessions.find(std::string(token_hash));
  if (found == view_.sessions.end() || found->second.organization_id != organization_) {
    return NotFoundError("no such session in organization " + Id(organization_.value));
  }
  return found->second;
}

Status InMemorySessions::Touch(std::string_view token_hash, std::int64_t last_seen_micros) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->sessions.find(std::string(token_hash));
  if (found == data_->sessions.end() || found->second.organization_id != organization_) {
    return NotFoundError("no such session in organization " + Id(organization_.value));
  }
  found->second.last_seen_micros = last_seen_micros;
  return OkStatus();
}

Status InMemorySessions::Delete(std::string_view token_hash) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->sessions.find(std::string(token_hash));
  if (found != data_->sessions.end() && found->second.organization_id == organization_) {
    data_->sessions.erase(found);
  }
  return OkStatus();
}

Result<std::int64_t> InMemorySessions::DeleteForUser(UserId user) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  std::int64_t deleted = 0;
  for (auto it = data_->sessions.begin(); it != data_->sessions.end();) {
    if (it->second.organization_id == organization_ && it->second.user_id == user) {
      it = data_->sessions.erase(it);
      ++deleted;
    } else {
      ++it;
    }
  }
  return deleted;
}

}  // namespace roi::testing
