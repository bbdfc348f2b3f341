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

}  // namespace roi
