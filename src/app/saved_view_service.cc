#include "app/saved_view_service.h"

#include <algorithm>
#include <utility>

namespace roi {

Result<std::vector<SavedView>> SavedViewService::List(const Principal& caller,
                                                      std::string_view screen) {
  // A well-formed probe view checks the screen name with the one validation.
  SavedView probe{
      .user_id = caller.user.id, .screen = std::string(screen), .name = "x", .filters_json = "{}"};
  if (Status valid = ValidateSavedView(probe); !valid) return valid.error();
  std::vector<SavedView> out;
  Status status = store_.InTransaction(caller.organization, TxMode::kRead, [&](Transaction& tx) {
    Result<std::vector<SavedView>> views = tx.SavedViews().List(caller.user.id, screen);
    if (!views) return Status(views.error());
    out = std::move(*views);
    return OkStatus();
  });
  if (!status) return status.error();
  return out;
}

Result<SavedView> SavedViewService::Save(const Principal& caller, std::string screen,
                                         std::string name, std::string filters_json) {
  SavedView view{.user_id = caller.user.id,
                 .screen = std::move(screen),
                 .name = std::move(name),
                 .filters_json = std::move(filters_json),
                 .updated_micros = clock_.NowMicros()};
  if (Status valid = ValidateSavedView(view); !valid) return valid.error();
  SavedView stored;
  Status status = store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    Result<std::vector<SavedView>> existing = tx.SavedViews().List(view.user_id, view.screen);
    if (!existing) return Status(existing.error());
    bool replaces = std::any_of(existing->begin(), existing->end(),
                                [&](const SavedView& v) { return v.name == view.name; });
    if (!replaces && existing->size() >= kSavedViewsPerScreen) {
      return Status(ResourceExhaustedError("at most " + std::to_string(kSavedViewsPerScreen) +
                                           " saved views per screen; delete one first"));
    }
    Result<SavedView> put = tx.SavedViews().Put(view);
    if (!put) return Status(put.error());
    stored = std::move(*put);
    return OkStatus();
  });
  if (!status) return status.error();
  return stored;
}

Status SavedViewService::Delete(const Principal& caller, std::int64_t id) {
  return store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) {
    return tx.SavedViews().Delete(caller.user.id, id);
  });
}

}  // namespace roi
