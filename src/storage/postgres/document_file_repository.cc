// PostgreSQL DocumentFileRepository: every statement passes the bound organization as $1.
// Conflicting inserts use ON CONFLICT DO NOTHING, so AlreadyExists does not abort the transaction.
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

constexpr std::string_view kFileSelect =
    "SELECT content_id, digest, media_type, size, pages, created_micros FROM document_files"
    " WHERE organization_id = $1";

DocumentFile ReadFile(const pqxx::row& row) {
  return DocumentFile{.content_id = ContentId(row[0].as<std::int64_t>()),
                      .digest = row[1].as<std::string>(),
                      .media_type = row[2].as<std::string>(),
                      .size = row[3].as<std::int64_t>(),
                      .pages = row[4].as<std::int64_t>(),
                      .created_micros = row[5].as<std::int64_t>()};
}

}  // namespace

Status PgDocumentFileRepository::Insert(const DocumentFile& file) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (Status valid = ValidateDocumentFile(file); !valid) return valid;
  return context_.Run("insert document file", [&]() -> Status {
    pqxx::result content = context_.Transaction().exec_params(
        "SELECT 1 FROM contents WHERE organization_id = $1 AND id = $2", organization_.value,
        file.content_id.value);
    if (content.empty()) {
      return NotFoundError("content " + std::to_string(file.content_id.value) + " not found");
    }
    pqxx::result inserted = context_.Transaction().exec_params(
        "INSERT INTO document_files (organization_id, content_id, digest, media_type, size, pages,"
        " created_micros) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        organization_.value, file.content_id.value, file.digest, file.media_type, file.size,
        file.pages, file.created_micros);
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("a document file with this content or digest already exists");
    }
    return OkStatus();
  });
}

Result<DocumentFile> PgDocumentFileRepository::Find(ContentId content) {
  return context_.Run("find document file", [&]() -> Result<DocumentFile> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kFileSelect) + " AND content_id = $2", organization_.value, content.value);
    if (rows.empty()) {
      return NotFoundError("document file " + std::to_string(content.value) + " not found");
    }
    return ReadFile(rows[0]);
  });
}

Result<DocumentFile> PgDocumentFileRepository::FindByDigest(std::string_view digest) {
  return context_.Run("find document file by digest", [&]() -> Result<DocumentFile> {
    pqxx::result rows = context_.Transaction().exec_params(
        std::string(kFileSelect) + " AND digest = $2", organization_.value, std::string(digest));
    if (rows.empty()) return NotFoundError("no document file has this digest");
    return ReadFile(rows[0]);
  });
}

Status PgDocumentFileRepository::Attach(DocumentId document, ContentId content) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("attach document file", [&]() -> Status {
    pqxx::result found = context_.Transaction().exec_params(
        "SELECT 1 FROM documents WHERE organization_id = $1 AND id = $2", organization_.value,
        document.value);
    if (found.empty()) {
      return NotFoundError("document " + std::to_string(document.value) + " not found");
    }
    pqxx::result file = context_.Transaction().exec_params(
        "SELECT 1 FROM document_files WHERE organization_id = $1 AND content_id = $2",
        organization_.value, content.value);
    if (file.empty()) {
      return NotFoundError("document file " + std::to_string(content.value) + " not found");
    }
    pqxx::result inserted = context_.Transaction().exec_params(
        "INSERT INTO document_file_links (organization_id, document_id, content_id)"
        " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        organization_.value, document.value, content.value);
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("document " + std::to_string(document.value) +
                                " already has a file");
    }
    return OkStatus();
  });
}

Result<DocumentFile> PgDocumentFileRepository::ForDocument(DocumentId document) {
  return context_.Run("find document's file", [&]() -> Result<DocumentFile> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT f.content_id, f.digest, f.media_type, f.size, f.pages, f.created_micros"
        " FROM document_file_links l JOIN document_files f ON f.organization_id ="
        " l.organization_id AND f.content_id = l.content_id"
        " WHERE l.organization_id = $1 AND l.document_id = $2",
        organization_.value, document.value);
    if (rows.empty()) {
      return NotFoundError("document " + std::to_string(document.value) +
                           " not found or has no file");
    }
    return ReadFile(rows[0]);
  });
}

Result<std::vector<DocumentId>> PgDocumentFileRepository::DocumentsOf(ContentId content) {
  return context_.Run("list documents of file", [&]() -> Result<std::vector<DocumentId>> {
    pqxx::result rows = context_.Transaction().exec_params(
        "SELECT document_id FROM document_file_links WHERE organization_id = $1 AND"
        " content_id = $2 ORDER BY document_id",
        organization_.value, content.value);
    std::vector<DocumentId> out;
    for (const pqxx::row& row : rows) out.push_back(DocumentId(row[0].as<std::int64_t>()));
    return out;
  });
}

}  // namespace roi::postgres
