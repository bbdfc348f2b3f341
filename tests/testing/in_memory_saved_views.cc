#include <algorithm>
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {

Result<std::vector<SavedView>> InMemorySavedViews::List(UserId user, std::string_view screen) {
  std::vector<SavedView> out;
  for (const auto& [id, entry] : view_.saved_views) {
    const auto& [organization, saved] = entry;
    if (organization == organization_ && saved.user_id == user && saved.screen == screen) {
      out.push_back(saved);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const SavedView& a, const SavedView& b) { return a.name < b.name; });
  return out;
}

Result<SavedView> InMemorySavedViews::Put(const SavedView& view) {
  if (Status writable = RequireWrite(data_); !writable) return writable.error();
  if (Status valid = ValidateSavedView(view); !valid) return valid.error();
  auto user = data_->users.find(view.user_id);
  if (user == data_->users.end() || user->second.organization_id != organization_) {
    return NotFoundError("user " + std::to_string(view.user_id.value) + " not found");
  }
  for (auto& [id, entry] : data_->saved_views) {
    auto& [organization, saved] = entry;
    if (organization == organization_ && saved.user_id == view.user_id &&
        saved.screen == view.screen && saved.name == view.name) {
      saved.filters_json = view.filters_json;
      saved.updated_micros = view.updated_micros;
      return saved;
    }
  }
  SavedView stored = view;
  stored.id = data_->next_id++;
  data_->saved_views[stored.id] = {organization_, stored};
  return stored;
}

Status InMemorySavedViews::Delete(UserId user, std::int64_t id) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = data_->saved_views.find(id);
  if (found == data_->saved_views.end() || found->second.first != organization_ ||
      found->second.second.user_id != user) {
    return NotFoundError("saved view " + std::to_string(id) + " not found");
  }
  data_->saved_views.erase(found);
  return OkStatus();
}

}  // namespace roi::testing
