#include "app/content_store.h"

namespace roi {

std::string_view DataKeyStateName(DataKeyState state) {
  return state == DataKeyState::kActive ? "active" : "retired";
}

Result<DataKeyState> ParseDataKeyState(std::string_view name) {
  if (name == "active") return DataKeyState::kActive;
  if (name == "retired") return DataKeyState::kRetired;
  return InvalidArgumentError("data key state must be active or retired");
}

Status ValidateDataKey(const DataKeyRecord& key) {
  if (key.version < 1) return InvalidArgumentError("data key version must be at least 1");
  if (key.wrapped_key.empty()) return InvalidArgumentError("wrapped data key is empty");
  if (key.master_key_id.empty()) return InvalidArgumentError("master key id is empty");
  return OkStatus();
}

namespace {

bool IsMediaTypeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$&-^_.+;= ").find(c) != std::string_view::npos;
}

bool ValidMediaType(std::string_view media_type) {
  if (media_type.empty() || media_type.size() > 255) return false;
  std::size_t slash = media_type.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == media_type.size()) {
    return false;
  }
  for (std::size_t i = 0; i < media_type.size(); ++i) {
    if (i != slash && !IsMediaTypeChar(media_type[i])) return false;
  }
  return media_type.find('/', slash + 1) == std::string_view::npos;
}

}  // namespace

Status ValidateContent(const ContentRecord& content) {
  if (!ValidMediaType(content.media_type)) {
    return InvalidArgumentError("media type must look like type/subtype (e.g. application/pdf)");
  }
  if (content.data_key_version < 1) {
    return InvalidArgumentError("data key version must be at least 1");
  }
  if (content.size < 0 || content.chunk_count < 0) {
    return InvalidArgumentError("content size and chunk count must not be negative");
  }
  return OkStatus();
}

}  // namespace roi
