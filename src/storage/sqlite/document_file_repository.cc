// SQLite DocumentFileRepository: every statement filters by the bound organization.
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kFileColumns =
    "content_id, digest, media_type, size, pages, created_micros";

DocumentFile ReadFile(const Statement& row) {
  return DocumentFile{.content_id = ContentId(row.Int64(0)),
                      .digest = row.Text(1),
                      .media_type = row.Text(2),
                      .size = row.Int64(3),
                      .pages = row.Int64(4),
                      .created_micros = row.Int64(5)};
}

Status Exists(Connection& connection, const std::string& sql, OrganizationId organization,
              std::int64_t id, const std::string& missing) {
  Result<Statement> query = connection.Query(sql, {organization.value, id}, "check row");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(missing);
  return OkStatus();
}

}  // namespace

Result<DocumentFile> SqliteDocumentFileRepository::One(Result<Statement> query,
                                                       std::string missing) {
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return NotFoundError(std::move(missing));
  return ReadFile(*query);
}

Status SqliteDocumentFileRepository::Insert(const DocumentFile& file) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status valid = ValidateDocumentFile(file); !valid) return valid;
  if (Status content =
          Exists(connection_, "SELECT 1 FROM contents WHERE organization_id = ?1 AND id = ?2",
                 organization_, file.content_id.value,
                 "content " + std::to_string(file.content_id.value) + " not found");
      !content) {
    return content;
  }
  Result<Statement> insert = connection_.Query(
      "INSERT INTO document_files (organization_id, content_id, digest, media_type, size, pages,"
      " created_micros) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {organization_.value, file.content_id.value, std::string_view(file.digest),
       std::string_view(file.media_type), file.size, file.pages, file.created_micros},
      "insert document file");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("a document file with this content or digest already exists");
    }
    return done;
  }
  return OkStatus();
}

Result<DocumentFile> SqliteDocumentFileRepository::Find(ContentId content) {
  static const std::string sql = "SELECT " + std::string(kFileColumns) +
                                 " FROM document_files WHERE organization_id = ?1 AND"
                                 " content_id = ?2";
  return One(connection_.Query(sql, {organization_.value, content.value}, "find document file"),
             "document file " + std::to_string(content.value) + " not found");
}

Result<DocumentFile> SqliteDocumentFileRepository::FindByDigest(std::string_view digest) {
  static const std::string sql = "SELECT " + std::string(kFileColumns) +
                                 " FROM document_files WHERE organization_id = ?1 AND digest = ?2";
  return One(connection_.Query(sql, {organization_.value, digest}, "find document file by digest"),
             "no document file has this digest");
}

Status SqliteDocumentFileRepository::Attach(DocumentId document, ContentId content) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status found =
          Exists(connection_, "SELECT 1 FROM documents WHERE organization_id = ?1 AND id = ?2",
                 organization_, document.value,
                 "document " + std::to_string(document.value) + " not found");
      !found) {
    return found;
  }
  if (Result<DocumentFile> file = Find(content); !file) return file.error();
  Result<Statement> insert = connection_.Query(
      "INSERT INTO document_file_links (organization_id, document_id, content_id)"
      " VALUES (?1, ?2, ?3)",
      {organization_.value, document.value, content.value}, "attach document file");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("document " + std::to_string(document.value) +
                                " already has a file");
    }
    return done;
  }
  return OkStatus();
}

Result<DocumentFile> SqliteDocumentFileRepository::ForDocument(DocumentId document) {
  static const std::string sql =
      "SELECT f.content_id, f.digest, f.media_type, f.size, f.pages, f.created_micros"
      " FROM document_file_links l JOIN document_files f ON f.organization_id = l.organization_id"
      " AND f.content_id = l.content_id WHERE l.organization_id = ?1 AND l.document_id = ?2";
  return One(connection_.Query(sql, {organization_.value, document.value}, "find document's file"),
             "document " + std::to_string(document.value) + " not found or has no file");
}

Result<std::vector<DocumentId>> SqliteDocumentFileRepository::DocumentsOf(ContentId content) {
  Result<Statement> query = connection_.Query(
      "SELECT document_id FROM document_file_links WHERE organization_id = ?1 AND content_id = ?2"
      " ORDER BY document_id",
      {organization_.value, content.value}, "list documents of file");
  if (!query) return query.error();
  std::vector<DocumentId> out;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(DocumentId(query->Int64(0)));
  }
}

}  // namespace roi::sqlite
