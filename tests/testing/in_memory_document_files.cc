// The InMemoryStore's document file repository.
#include <string>

#include "testing/in_memory_repositories.h"

namespace roi::testing {
namespace {

Error NoFile(ContentId content) {
  return NotFoundError("document file " + std::to_string(content.value) + " not found");
}

}  // namespace

Status InMemoryDocumentFiles::Insert(const DocumentFile& file) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  if (Status valid = ValidateDocumentFile(file); !valid) return valid;
  auto content = view_.contents.find(file.content_id);
  if (content == view_.contents.end() || content->second.first != organization_) {
    return NotFoundError("content " + std::to_string(file.content_id.value) + " not found");
  }
  for (const auto& [id, entry] : view_.document_files) {
    if (entry.first != organization_) continue;
    if (id == file.content_id || entry.second.digest == file.digest) {
      return AlreadyExistsError("a document file with this content or digest already exists");
    }
  }
  data_->document_files[file.content_id] = {organization_, file};
  return OkStatus();
}

Result<DocumentFile> InMemoryDocumentFiles::Find(ContentId content) {
  auto found = view_.document_files.find(content);
  if (found == view_.document_files.end() || found->second.first != organization_) {
    return NoFile(content);
  }
  return found->second.second;
}

Result<DocumentFile> InMemoryDocumentFiles::FindByDigest(std::string_view digest) {
  for (const auto& [id, entry] : view_.document_files) {
    if (entry.first == organization_ && entry.second.digest == digest) return entry.second;
  }
  return NotFoundError("no document file has this digest");
}

Status InMemoryDocumentFiles::Attach(DocumentId document, ContentId content) {
  if (Status writable = RequireWrite(data_); !writable) return writable;
  auto found = view_.documents.find(document);
  if (found == view_.documents.end() || found->second.organization_id != organization_) {
    return NotFoundError("document " + std::to_string(document.value) + " not found");
  }
  if (Result<DocumentFile> file = Find(content); !file) return file.error();
  if (view_.document_file_of.contains(document)) {
    return AlreadyExistsError("document " + std::to_string(document.value) + " already has a file");
  }
  data_->document_file_of[document] = content;
  return OkStatus();
}

Result<DocumentFile> InMemoryDocumentFiles::ForDocument(DocumentId document) {
  auto found = view_.documents.find(document);
  if (found == view_.documents.end() || found->second.organization_id != organization_) {
    return NotFoundError("document " + std::to_string(document.value) + " not found");
  }
  auto file = view_.document_file_of.find(document);
  if (file == view_.document_file_of.end()) {
    return NotFoundError("document " + std::to_string(document.value) + " has no file");
  }
  return Find(file->second);
}

Result<std::vector<DocumentId>> InMemoryDocumentFiles::DocumentsOf(ContentId content) {
  std::vector<DocumentId> out;
  for (const auto& [document, file] : view_.document_file_of) {
    if (file != content) continue;
    auto found = view_.documents.find(document);
    if (found != view_.documents.end() && found->second.organization_id == organization_) {
      out.push_back(document);
    }
  }
  return out;
}

}  // namespace roi::testing
