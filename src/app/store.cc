// Helpers over the storage port.
#include "app/store.h"

namespace roi {

Result<OrganizationId> FindOrganizationId(Store& store, std::string_view slug) {
  OrganizationId id;
  Status found = store.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    Result<Organization> organization = tx.Organizations().FindBySlug(slug);
    if (!organization) return organization.error();
    id = organization->id;
    return OkStatus();
  });
  if (!found) return found.error();
  return id;
}

Status ValidateDocumentFile(const DocumentFile& file) {
  if (!file.content_id.IsSet()) return InvalidArgumentError("document file content id is not set");
  bool hex = file.digest.size() >= 16 && file.digest.size() <= 128;
  for (char c : file.digest) hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!hex)
    return InvalidArgumentError("document file digest must be 16..128 lower-case hex digits");
  if (file.media_type.empty() || file.media_type.size() > 255) {
    return InvalidArgumentError("document file media type must be 1..255 bytes");
  }
  if (file.size < 0 || file.pages < 0) {
    return InvalidArgumentError("document file size and pages must not be negative");
  }
  return OkStatus();
}

Status ValidateOpenReviewQuery(const OpenReviewQuery& query) {
  if (!query.user.IsSet()) return InvalidArgumentError("review task query needs a user");
  if (query.limit < 1 || query.limit > 500) return InvalidArgumentError("limit must be 1 to 500");
  return OkStatus();
}

std::vector<std::string> PoolKindNames(const OpenReviewQuery& query) {
  std::vector<std::string> names;
  for (ReviewKind kind : {ReviewKind::kClinician, ReviewKind::kSupervisor,
                          ReviewKind::kLicensedProfessional, ReviewKind::kQualityCheck}) {
    for (ReviewKind wanted : query.pool_kinds) {
      if (wanted == kind) {
        names.emplace_back(ReviewKindName(kind));
        break;
      }
    }
  }
  names.resize(4);
  return names;
}

}  // namespace roi
