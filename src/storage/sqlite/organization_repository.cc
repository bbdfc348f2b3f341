// SQLite OrganizationRepository and the helpers shared by the SQLite repositories.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, name, slug, state, version, entity_type, part2_program, assignment_scoped_roles";

Organization ReadOrganization(const Statement& row) {
  Organization organization{.id = OrganizationId(row.Int64(0)),
                            .name = row.Text(1),
                            .slug = row.Text(2),
                            .state = row.Text(3),
                            .version = row.Int64(4)};
  // The CHECK constraint keeps the type in the vocabulary; an unknown one reads as "other".
  Result<EntityType> type = ParseEntityType(row.Text(5));
  if (type) organization.entity_type = *type;
  organization.part2_program = row.Int64(6) != 0;
  if (!row.IsNull(7)) {
    Result<std::vector<Role>> roles = SplitRoleNames(row.Text(7));
    organization.assignment_scoped_roles = roles ? *roles : std::vector<Role>{};
  }
  return organization;
}

SqlParam ScopedRoles(const Organization& organization, std::string& text) {
  if (!organization.assignment_scoped_roles) return nullptr;
  text = JoinRoleNames(*organization.assignment_scoped_roles);
  return std::string_view(text);
}

Result<Organization> One(Result<Statement> query, const std::string& missing) {
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(missing);
  return ReadOrganization(*query);
}

Error SlugTaken(const Error& error) {
  if (error.code != ErrorCode::kAlreadyExists) return error;
  return AlreadyExistsError("organization slug is already taken");
}

}  // namespace

Status RequireWrite(TxMode mode) {
  if (mode == TxMode::kWrite) return OkStatus();
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

Result<Organization> SqliteOrganizationRepository::Insert(const Organization& organization) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateOrganization(organization); !valid) return valid.error();
  std::string roles;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO organizations (name, slug, state, version, entity_type, part2_program,"
      " assignment_scoped_roles) VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6)",
      {organization.name, organization.slug, organization.state,
       EntityTypeName(organization.entity_type),
       static_cast<std::int64_t>(organization.part2_program ? 1 : 0),
       ScopedRoles(organization, roles)},
      "insert organization");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return SlugTaken(done.error());
  Organization stored = organization;
  stored.id = OrganizationId(connection_.LastInsertId());
  stored.version = 1;
  return stored;
}

Result<Organization> SqliteOrganizationRepository::Find(OrganizationId id) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM organizations WHERE id = ?1";
  return One(connection_.Query(sql, {id.value}, "find organization"),
             "organization " + std::to_string(id.value) + " not found");
}

Result<Organization> SqliteOrganizationRepository::FindBySlug(std::string_view slug) {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM organizations WHERE slug = ?1";
  return One(connection_.Query(sql, {slug}, "find organization by slug"),
             "no organization has this slug");
}

Result<std::vector<Organization>> SqliteOrganizationRepository::List() {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM organizations ORDER BY id";
  Result<Statement> query = connection_.Query(sql, {}, "list organizations");
  if (!query) return query.error();
  std::vector<Organization> organizations;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return organizations;
    organizations.push_back(ReadOrganization(*query));
  }
}

Result<Organization> SqliteOrganizationRepository::Update(const Organization& organization) {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (Status valid = ValidateOrganization(organization); !valid) return valid.error();
  std::string roles;
  Result<Statement> update = connection_.Query(
      "UPDATE organizations SET name = ?1, slug = ?2, state = ?3, version = version + 1,"
      " entity_type = ?6, part2_program = ?7, assignment_scoped_roles = ?8"
      " WHERE id = ?4 AND version = ?5",
      {organization.name, organization.slug, organization.state, organization.id.value,
       organization.version, EntityTypeName(organization.entity_type),
       static_cast<std::int64_t>(organization.part2_program ? 1 : 0),
       ScopedRoles(organization, roles)},
      "update organization");
  if (!update) return update.error();
  if (Status done = update->Run(); !done) return SlugTaken(done.error());
  if (connection_.Changes() == 0) {
    Result<Organization> current = Find(organization.id);
    if (!current) return current.error();
    return AbortedError("organization " + std::to_string(organization.id.value) +
                        " was changed concurrently (stale version)");
  }
  Organization stored = organization;
  stored.version = organization.version + 1;
  return stored;
}

}  // namespace roi::sqlite
