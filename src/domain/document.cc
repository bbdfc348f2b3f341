#include "domain/document.h"

#include <algorithm>

namespace roi {
namespace {

bool IsCode(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

bool IsPlainIdentifier(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
  });
}

Status ValidateDocument(const Document& document) {
  if (!document.patient_id.IsSet()) return InvalidArgumentError("patient_id is required");
  if (!IsCode(document.kind)) return InvalidArgumentError("kind must be a code of 1 to 64 bytes");
  if (!IsCode(document.part2)) return InvalidArgumentError("part2 must be a code of 1 to 64 bytes");
  if (!document.encounter.empty() && !IsPlainIdentifier(document.encounter)) {
    return InvalidArgumentError("encounter must be at most 64 letters, digits and -_.:");
  }
  if (document.author.size() > 200) return InvalidArgumentError("author is over 200 bytes");
  if (document.pages < 0 || document.pages > 100000) {
    return InvalidArgumentError("pages must be 0 to 100000");
  }
  for (std::size_t i = 0; i < document.labels.size(); ++i) {
    if (!IsCode(document.labels[i])) {
      return InvalidArgumentError("labels must be codes of 1 to 64 bytes");
    }
    if (std::find(document.labels.begin(), document.labels.begin() + static_cast<long>(i),
                  document.labels[i]) != document.labels.begin() + static_cast<long>(i)) {
      return InvalidArgumentError("labels must not repeat");
    }
  }
  if (document.content.size() > (1u << 20)) return InvalidArgumentError("content is over 1 MiB");
  return OkStatus();
}

}  // namespace roi
