// SavedView: a user's named set of filters for one screen of the staff workspace (e.g. the work
// queue's "Mine, overdue first").  The filters are an opaque JSON object that the screen reads;
// storage and the core never interpret it.  Names are unique per user and screen.  Views hold
// filter choices (states, ids, sort orders), never patient data: the screens leave free-text
// searches out.  Pure value: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Limits.
inline constexpr std::size_t kSavedViewNameMax = 60;       // Bytes.
inline constexpr std::size_t kSavedViewFiltersMax = 2048;  // Bytes of JSON.
inline constexpr std::size_t kSavedViewsPerScreen = 20;    // Per user.

// Value type.
struct SavedView {
  std::int64_t id = 0;  // Assigned by storage.
  UserId user_id;
  std::string screen;        // "queue": lower-case letters and '_', 1 to 32 bytes.
  std::string name;          // 1 to kSavedViewNameMax bytes, no control characters.
  std::string filters_json;  // A JSON object, 2 to kSavedViewFiltersMax bytes.
  std::int64_t updated_micros = 0;
  bool operator==(const SavedView&) const = default;
};

// Returns InvalidArgument naming the field: user unset; screen empty, over 32 bytes or not
// lower-case letters and '_'; name empty, over the limit, with a control character or with
// leading or trailing spaces; filters_json not starting with '{' and ending with '}' or over the
// limit; updated_micros negative.
Status ValidateSavedView(const SavedView& view);

}  // namespace roi
