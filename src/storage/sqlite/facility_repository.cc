// SQLite FacilityRepository: every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

Facility ReadFacility(const Statement& row) {
  return Facility{.id = FacilityId(row.Int64(0)),
                  .organization_id = OrganizationId(row.Int64(1)),
                  .name = row.Text(2),
                  .npi = row.Text(3),
                  .version = row.Int64(4)};
}

}  // namespace

Result<Facility> SqliteFacilityRepository::Insert(const Facility& facility) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateFacility(facility); !valid) return valid.error();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO facilities (organization_id, name, npi, version) VALUES (?1, ?2, ?3, 1)",
      {organization_.value, facility.name, facility.npi}, "insert facility");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done.error();
  Facility stored = facility;
  stored.id = FacilityId(connection_.LastInsertId());
  stored.organization_id = organization_;
  stored.version = 1;
  return stored;
}

Result<Facility> SqliteFacilityRepository::Find(FacilityId id) {
  Result<Statement> query = connection_.Query(
      "SELECT id, organization_id, name, npi, version FROM facilities"
      " WHERE organization_id = ?1 AND id = ?2",
      {organization_.value, id.value}, "find facility");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError("facility " + std::to_string(id.value) + " not found");
  return ReadFacility(*query);
}

Result<std::vector<Facility>> SqliteFacilityRepository::List() {
  Result<Statement> query = connection_.Query(
      "SELECT id, organization_id, name, npi, version FROM facilities"
      " WHERE organization_id = ?1 ORDER BY id",
      {organization_.value}, "list facilities");
  if (!query) return query.error();
  std::vector<Facility> facilities;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return facilities;
    facilities.push_back(ReadFacility(*query));
  }
}

Result<Facility> SqliteFacilityRepository::Update(const Facility& facility) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateFacility(facility); !valid) return valid.error();
  Result<Statement> update = connection_.Query(
      "UPDATE facilities SET name = ?3, npi = ?4, version = version + 1"
      " WHERE organization_id = ?1 AND id = ?2 AND version = ?5",
      {organization_.value, facility.id.value, facility.name, facility.npi, facility.version},
      "update facility");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return done.error();
  if (connection_.Changes() == 0) {
    Result<Facility> current = Find(facility.id);
    if (!current) return current.error();
    return AbortedError("facility " + std::to_string(facility.id.value) +
                        " was changed concurrently (stale version)");
  }
  Result<Facility> stored = Find(facility.id);
  return stored;
}

}  // namespace roi::sqlite
