// PostgreSQL FacilityRepository: every statement filters by the bound organization.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Facility ReadFacility(const pqxx::row& row) {
  return Facility{.id = FacilityId(row[0].as<std::int64_t>()),
                  .organization_id = OrganizationId(row[1].as<std::int64_t>()),
                  .name = row[2].as<std::string>(),
                  .npi = row[3].as<std::string>(),
                  .version = row[4].as<std::int64_t>()};
}

}  // namespace

Result<Facility> PgFacilityRepository::Insert(const Facility& facility) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateFacility(facility); !valid) return valid.error();
  return context_.Run("insert facility", [&]() -> Result<Facility> {
    pqxx::row inserted = context_.Transaction().exec_prepared1(
        "facility_insert", organization_.value, facility.name, facility.npi);
    Facility stored = facility;
    stored.id = FacilityId(inserted[0].as<std::int64_t>());
    stored.organization_id = organization_;
    stored.version = 1;
    return stored;
  });
}

Result<Facility> PgFacilityRepository::Find(FacilityId id) {
  return context_.Run("find facility", [&]() -> Result<Facility> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("facility_find", organization_.value, id.value);
    if (rows.empty()) return NotFoundError("facility " + std::to_string(id.value) + " not found");
    return ReadFacility(rows[0]);
  });
}

Result<std::vector<Facility>> PgFacilityRepository::List() {
  return context_.Run("list facilities", [&]() -> Result<std::vector<Facility>> {
    std::vector<Facility> facilities;
    for (const pqxx::row& row :
         context_.Transaction().exec_prepared("facility_list", organization_.value)) {
      facilities.push_back(ReadFacility(row));
    }
    return facilities;
  });
}

Result<Facility> PgFacilityRepository::Update(const Facility& facility) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateFacility(facility); !valid) return valid.error();
  return context_.Run("update facility", [&]() -> Result<Facility> {
    pqxx::result updated = context_.Transaction().exec_prepared(
        "facility_update", organization_.value, facility.id.value, facility.name, facility.npi,
        facility.version);
    pqxx::result rows = context_.Transaction().exec_prepared("facility_find", organization_.value,
                                                             facility.id.value);
    std::string id = std::to_string(facility.id.value);
    if (rows.empty()) return NotFoundError("facility " + id + " not found");
    if (updated.affected_rows() == 0) {
      return AbortedError("facility " + id + " was changed concurrently (stale version)");
    }
    return ReadFacility(rows[0]);
  });
}

}  // namespace roi::postgres
