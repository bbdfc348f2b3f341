#include "domain/saved_view.h"

namespace roi {

Status ValidateSavedView(const SavedView& view) {
  if (!view.user_id.IsSet()) return InvalidArgumentError("user_id is required");
  if (view.screen.empty() || view.screen.size() > 32) {
    return InvalidArgumentError("screen must be 1 to 32 bytes");
  }
  for (char c : view.screen) {
    if ((c < 'a' || c > 'z') && c != '_') {
      return InvalidArgumentError("screen must be lower-case letters and '_'");
    }
  }
  if (view.name.empty()) return InvalidArgumentError("name is required");
  if (view.name.size() > kSavedViewNameMax) {
    return InvalidArgumentError("name is over " + std::to_string(kSavedViewNameMax) + " bytes");
  }
  for (char c : view.name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return InvalidArgumentError("name contains a control character");
    }
  }
  if (view.name.front() == ' ' || view.name.back() == ' ') {
    return InvalidArgumentError("name has leading or trailing spaces");
  }
  if (view.filters_json.size() < 2 || view.filters_json.front() != '{' ||
      view.filters_json.back() != '}') {
    return InvalidArgumentError("filters must be a JSON object");
  }
  if (view.filters_json.size() > kSavedViewFiltersMax) {
    return InvalidArgumentError("filters is over " + std::to_string(kSavedViewFiltersMax) +
                                " bytes");
  }
  if (view.updated_micros < 0) return InvalidArgumentError("updated_micros is negative");
  return OkStatus();
}

}  // namespace roi
