#include "app/document_store.h"

#include <algorithm>
#include <utility>

#include "app/permissions.h"
#include "app/request_case.h"

namespace roi {
namespace {

constexpr std::size_t kUploadPiece = std::size_t{1} << 20;

Result<std::optional<DocumentFormat>> DeclaredFormat(const std::string& declared_type) {
  std::string_view bare = std::string_view(declared_type).substr(0, declared_type.find(';'));
  while (!bare.empty() && bare.back() == ' ') bare.remove_suffix(1);
  if (bare.empty() || bare == "application/octet-stream") {
    return std::optional<DocumentFormat>();
  }
  Result<DocumentFormat> format = ParseDocumentMediaType(declared_type);
  if (!format) return format.error();
  return std::optional<DocumentFormat>(*format);
}

Status Require(const Principal& caller, Permission permission) {
  if (caller.May(permission)) return OkStatus();
  return PermissionDeniedError("this needs the " + std::string(PermissionName(permission)) +
                               " permission");
}

}  // namespace

DocumentUpload::DocumentUpload(DocumentStore& owner, Principal caller, UploadCommand command,
                               std::optional<DocumentFormat> declared,
                               std::unique_ptr<SpoolFile> spool,
                               std::unique_ptr<ContentDigest> digest)
    : owner_(owner),
      caller_(std::move(caller)),
      command_(std::move(command)),
      scanner_(declared, owner.options_.max_bytes, owner.options_.text_lines_per_page),
      spool_(std::move(spool)),
      digest_(std::move(digest)) {}

DocumentUpload::~DocumentUpload() = default;

Status DocumentUpload::Fail(Error error) {
  error_ = error;
  spool_.reset();  // Removes the temporary file now rather than when the upload is destroyed.
  return error;
}

Status DocumentUpload::Append(std::string_view bytes) {
  if (error_) return *error_;
  if (finished_) return FailedPreconditionError("the upload was already committed");
  if (Status scanned = scanner_.Update(bytes); !scanned) return Fail(scanned.error());
  if (Status spooled = spool_->Append(bytes); !spooled) return Fail(spooled.error());
  digest_->Update(bytes);
  return OkStatus();
}

Result<StoredDocument> DocumentUpload::Commit() {
  if (error_) return *error_;
  if (finished_) return FailedPreconditionError("the upload was already committed");
  finished_ = true;
  Result<DocumentScan> scan = scanner_.Finish();
  if (!scan) return Fail(scan.error()).error();
  if (Status closed = spool_->Close(); !closed) return Fail(closed.error()).error();
  if (scan->format == DocumentFormat::kPdf) {
    Result<std::int64_t> pages = owner_.pdf_.CountPages(*spool_);
    if (!pages) return Fail(pages.error()).error();
    scan->pages = *pages;
  }
  std::string digest = digest_->FinishHex();
  Result<StoredDocument> stored = owner_.Save(caller_, command_.document, *scan, digest, *spool_);
  spool_.reset();
  if (!stored) error_ = stored.error();
  return stored;
}

Status DocumentStore::InOrganization(const Principal& caller, AuditAction action,
                                     std::string_view what,
                                     const std::function<Status(Transaction&, AuditNote&)>& work) {
  return store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
    AuditNote note{.action = action,
                   .patient = {},
                   .entity_kind = "document",
                   .entity_id = {},
                   .detail = std::string(what)};
    if (Status done = work(tx, note); !done) return done;
    return audit_.RecordNote(tx, ActorOf(caller), note);
  });
}

Result<std::unique_ptr<DocumentUpload>> DocumentStore::Begin(const Principal& caller,
                                                             const UploadCommand& command) {
  if (Status allowed = Require(caller, Permission::kWritePatients); !allowed) {
    return allowed.error();
  }
  return BeginChecked(caller, command);
}

Result<std::unique_ptr<DocumentUpload>> DocumentStore::BeginChecked(const Principal& caller,
                                                                    const UploadCommand& command) {
  if (!command.document.content.empty()) {
    return InvalidArgumentError("content must be empty: the uploaded bytes are the content");
  }
  Document metadata = command.document;
  metadata.pages = 0;
  if (Status valid = ValidateDocument(metadata); !valid) return valid.error();
  if (Status known = CheckDocumentVocabulary(metadata); !known) return known.error();
  Result<std::optional<DocumentFormat>> declared = DeclaredFormat(command.declared_type);
  if (!declared) return declared.error();
  // Only whether the patient exists (no patient data is read; the upload itself is audited).
  Status patient =
      store_.InTransaction(caller.organization, TxMode::kRead, [&](Transaction& tx) -> Status {
        Result<Patient> found = tx.Patients().Find(metadata.patient_id);
        if (!found) return found.error();
        return OkStatus();
      });
  if (!patient) return patient.error();
  Result<std::unique_ptr<SpoolFile>> spool = spooler_.Create();
  if (!spool) return spool.error();
  return std::unique_ptr<DocumentUpload>(
      new DocumentUpload(*this, caller, command, *declared, std::move(*spool), cipher_.Digest()));
}

Result<StoredDocument> DocumentStore::Upload(const Principal& caller, const UploadCommand& command,
                                             ContentSource& source) {
  Result<std::unique_ptr<DocumentUpload>> upload = Begin(caller, command);
  if (!upload) return upload.error();
  std::string buffer(kUploadPiece, '\0');
  for (;;) {
    Result<std::size_t> read = source.Read(buffer.data(), buffer.size());
    if (!read) return read.error();
    if (*read == 0) break;
    if (Status appended = (*upload)->Append(std::string_view(buffer.data(), *read)); !appended) {
      return appended.error();
    }
  }
  return (*upload)->Commit();
}

Result<StoredDocument> DocumentStore::Save(const Principal& caller, const Document& metadata,
                                           const DocumentScan& scan, const std::string& digest,
                                           const SpoolFile& spool) {
  const std::string media_type(DocumentFormatMediaType(scan.format));
  StoredDocument out;
  auto store_once = [&](Transaction& tx, AuditNote& note) -> Status {
    out = StoredDocument{};
    Result<Patient> patient = tx.Patients().Find(metadata.patient_id);
    if (!patient) return patient.error();
    Result<DocumentFile> existing = tx.DocumentFiles().FindByDigest(digest);
    if (existing) {
      out.file = *existing;
      out.deduplicated = true;
    } else if (existing.error().code != ErrorCode::kNotFound) {
      return existing.error();
    } else {
      Result<std::unique_ptr<ContentSource>> reader = spool.Open();
      if (!reader) return reader.error();
      Result<ContentRecord> content = vault_.PutStream(tx, **reader, media_type);
      if (!content) return content.error();
      if (content->digest != digest || content->size != scan.size) {
        return DataLossError("the spooled upload changed while it was being stored");
      }
      out.file = DocumentFile{.content_id = content->id,
                              .digest = digest,
                              .media_type = media_type,
                              .size = scan.size,
                              .pages = scan.pages,
                              .created_micros = clock_.NowMicros()};
      if (Status inserted = tx.DocumentFiles().Insert(out.file); !inserted) return inserted;
    }
    Document document = metadata;
    document.pages = out.file.pages;
    Result<Document> stored = tx.Documents().Insert(document);
    if (!stored) return stored.error();
    out.document = *stored;
    note.patient = out.document.patient_id;
    note.entity_id = std::to_string(out.document.id.value);
    note.detail = "upload " + media_type + (out.deduplicated ? ", same bytes already stored" : "");
    return tx.DocumentFiles().Attach(out.document.id, out.file.content_id);
  };
  // Two uploads of the same new bytes at once: the later insert of the file conflicts and rolls
  // back; the second attempt finds the other upload's file and shares it.
  Status status = OkStatus();
  for (int attempt = 0; attempt < 2; ++attempt) {
    status = InOrganization(caller, AuditAction::kCreate, "upload document", store_once);
    if (status || (status.error().code != ErrorCode::kAlreadyExists &&
                   status.error().code != ErrorCode::kAborted)) {
      break;
    }
  }
  if (!status) return status.error();
  return out;
}

Result<StoredDocument> DocumentStore::Describe(const Principal& caller, DocumentId document) {
  if (Status allowed = Require(caller, Permission::kReadPatients); !allowed) {
    return allowed.error();
  }
  StoredDocument out;
  Status status = InOrganization(caller, AuditAction::kRead, "describe document file",
                                 [&](Transaction& tx, AuditNote& note) -> Status {
                                   Result<Document> found = tx.Documents().Find(document);
                                   if (!found) return found.error();
                                   Result<DocumentFile> file =
                                       tx.DocumentFiles().ForDocument(document);
                                   if (!file) return file.error();
                                   note.patient = found->patient_id;
                                   note.entity_id = std::to_string(document.value);
                                   out.document = std::move(*found);
                                   out.file = std::move(*file);
                                   return OkStatus();
                                 });
  if (!status) return status.error();
  return out;
}

Result<StoredDocument> DocumentStore::Download(const Principal& caller, DocumentId document,
                                               ContentSink& sink) {
  if (Status allowed = Require(caller, Permission::kReadPatients); !allowed) {
    return allowed.error();
  }
  StoredDocument out;
  Status status = InOrganization(
      caller, AuditAction::kDownload, "download document",
      [&](Transaction& tx, AuditNote& note) -> Status {
        Result<Document> found = tx.Documents().Find(document);
        if (!found) return found.error();
        Result<DocumentFile> file = tx.DocumentFiles().ForDocument(document);
        if (!file) return file.error();
        note.patient = found->patient_id;
        note.entity_id = std::to_string(document.value);
        out.document = std::move(*found);
        out.file = std::move(*file);
        Result<ContentRecord> content = vault_.GetStream(tx, out.file.content_id, sink);
        if (!content) return content.error();
        return OkStatus();
      });
  if (!status) return status.error();
  return out;
}

}  // namespace roi
