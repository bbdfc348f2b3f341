// SavedViewService: the signed-in user's saved views of a workspace screen (named filter sets,
// e.g. the work queue's).  A user lists, saves (insert or replace by name) and deletes only their
// own views; nobody else's are reachable.  At most kSavedViewsPerScreen views per user and screen.
// Views are preferences, not patient data, so the audit trail does not record them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"
#include "base/result.h"
#include "domain/saved_view.h"

namespace roi {

// Thread-safe if `store` is; holds references to both, which must outlive it.
class SavedViewService {
 public:
  SavedViewService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // The caller's views of `screen`, by name.  InvalidArgument for a malformed screen name.
  Result<std::vector<SavedView>> List(const Principal& caller, std::string_view screen);
  // Saves the caller's view `name` of `screen` (replacing the filters of one with that name);
  // returns it stored.  InvalidArgument as ValidateSavedView; ResourceExhausted when the caller
  // already has kSavedViewsPerScreen other views of the screen.
  Result<SavedView> Save(const Principal& caller, std::string screen, std::string name,
                         std::string filters_json);
  // Deletes the caller's view `id`; NotFound unless it is the caller's.
  Status Delete(const Principal& caller, std::int64_t id);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace roi
