// PostgreSQL OrganizationRepository and the helpers shared by the PostgreSQL repositories.
#include <optional>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Organization ReadOrganization(const pqxx::row& row) {
  Organization organization{.id = OrganizationId(row[0].as<std::int64_t>()),
                            .name = row[1].as<std::string>(),
                            .slug = row[2].as<std::string>(),
                            .state = row[3].as<std::string>(),
                            .version = row[4].as<std::int64_t>()};
  // The CHECK constraint keeps the type in the vocabulary; an unknown one reads as "other".
  Result<EntityType> type = ParseEntityType(row[5].as<std::string>());
  if (type) organization.entity_type = *type;
  organization.part2_program = row[6].as<bool>();
  if (!row[7].is_null()) {
    Result<std::vector<Role>> roles = SplitRoleNames(row[7].as<std::string>());
    organization.assignment_scoped_roles = roles ? *roles : std::vector<Role>{};
  }
  return organization;
}

std::optional<std::string> ScopedRoles(const Organization& organization) {
  if (!organization.assignment_scoped_roles) return std::nullopt;
  return JoinRoleNames(*organization.assignment_scoped_roles);
}

Error SlugTaken() { return AlreadyExistsError("organization slug is already taken"); }

}  // namespace

Status TxContext::RequireWrite() const {
  if (mode_ == TxMode::kWrite) return OkStatus();
  return FailedPreconditionError("write attempted in a read-only transaction");
}

std::string LikePrefix(std::string_view prefix) {
  std::string pattern;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

Result<Organization> PgOrganizationRepository::Insert(const Organization& organization) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateOrganization(organization); !valid) return valid.error();
  return context_.Run("insert organization", [&]() -> Result<Organization> {
    // ON CONFLICT DO NOTHING keeps the transaction usable after a taken slug.
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "organization_insert", organization.name, organization.slug, organization.state,
        std::string(EntityTypeName(organization.entity_type)), organization.part2_program,
        ScopedRoles(organization));
    if (inserted.empty()) return SlugTaken();
    Organization stored = organization;
    stored.id = OrganizationId(inserted[0][0].as<std::int64_t>());
    stored.version = 1;
    return stored;
  });
}

Result<Organization> PgOrganizationRepository::Find(OrganizationId id) {
  return context_.Run("find organization", [&]() -> Result<Organization> {
    pqxx::result rows = context_.Transaction().exec_prepared("organization_find", id.value);
    if (rows.empty()) {
      return NotFoundError("organization " + std::to_string(id.value) + " not found");
    }
    return ReadOrganization(rows[0]);
  });
}

Result<Organization> PgOrganizationRepository::FindBySlug(std::string_view slug) {
  return context_.Run("find organization by slug", [&]() -> Result<Organization> {
    pqxx::result rows =
        context_.Transaction().exec_prepared("organization_find_slug", std::string(slug));
    if (rows.empty()) return NotFoundError("no organization has this slug");
    return ReadOrganization(rows[0]);
  });
}

Result<std::vector<Organization>> PgOrganizationRepository::List() {
  return context_.Run("list organizations", [&]() -> Result<std::vector<Organization>> {
    std::vector<Organization> organizations;
    for (const pqxx::row& row : context_.Transaction().exec_prepared("organization_list")) {
      organizations.push_back(ReadOrganization(row));
    }
    return organizations;
  });
}

Result<Organization> PgOrganizationRepository::Update(const Organization& organization) {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (Status valid = ValidateOrganization(organization); !valid) return valid.error();
  return context_.Run("update organization", [&]() -> Result<Organization> {
    pqxx::result updated;
    try {
      // A savepoint, so that a taken slug leaves the transaction usable.
      pqxx::subtransaction savepoint(context_.Transaction(), "update_organization");
      updated =
          savepoint.exec_prepared("organization_update", organization.id.value, organization.name,
                                  organization.slug, organization.state, organization.version,
                                  std::string(EntityTypeName(organization.entity_type)),
                                  organization.part2_program, ScopedRoles(organization));
      savepoint.commit();
    } catch (const pqxx::unique_violation&) {
      return SlugTaken();
    }
    if (updated.affected_rows() == 0) {
      pqxx::result current =
          context_.Transaction().exec_prepared("organization_find", organization.id.value);
      std::string id = std::to_string(organization.id.value);
      if (current.empty()) return NotFoundError("organization " + id + " not found");
      return AbortedError("organization " + id + " was changed concurrently (stale version)");
    }
    Organization stored = organization;
    stored.version = organization.version + 1;
    return stored;
  });
}

}  // namespace roi::postgres
