// DocumentStore: the content of patients' documents (PDF, images, text, C-CDA, FHIR JSON),
// uploaded as a stream and stored encrypted at rest (ContentVault), each distinct content once per
// organization.  An upload is a chunked sink: Begin, Append as the bytes arrive, Commit.  While
// bytes arrive they are sniffed (domain/document_format.h), checked, counted, hashed and spooled
// to a private temporary file; Commit counts PDF pages, then in one write transaction either finds
// the same bytes already stored or encrypts the spooled file into the content store, adds the
// document row with its file, and records the audit event.  Any error before or during Commit
// leaves nothing stored.  Uploads, reads and downloads are audited in their own transaction.
// See docs/documents.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/content_cipher.h"
#include "app/content_vault.h"
#include "app/document_spool.h"
#include "app/store.h"
#include "domain/document.h"
#include "domain/document_format.h"

namespace roi {

// Value type.
struct DocumentStoreOptions {
  std::int64_t max_bytes = std::int64_t{512} << 20;  // Per document, in every organization.
  std::int64_t text_lines_per_page = kTextLinesPerPage;
};

// Value type: what an upload is.
struct UploadCommand {
  // The document's metadata (patient, kind, ...).  `pages` is replaced by the counted pages and
  // `content` must be empty (the bytes are the content).
  Document document;
  // The media type the uploader declared; empty or "application/octet-stream" declares none.
  std::string declared_type;
};

// Value type: a stored document and its file.
struct StoredDocument {
  Document document;
  DocumentFile file;
  bool deduplicated = false;  // The same bytes were already stored; the document shares them.
};

class DocumentStore;

// One upload in progress.  Not thread-safe.  Destroying it without Commit discards it.
class DocumentUpload {
 public:
  ~DocumentUpload();
  DocumentUpload(const DocumentUpload&) = delete;
  DocumentUpload& operator=(const DocumentUpload&) = delete;

  // Takes the next bytes.  Returns InvalidArgument when the content is of an unsupported type,
  // disagrees with the declared type or is malformed, ResourceExhausted past the size limit,
  // Unavailable when the spool cannot be written.  After an error the upload is dead: further
  // calls return the same error.
  Status Append(std::string_view bytes);
  // Ends the upload and stores it.  Returns Append's errors, InvalidArgument for empty, truncated
  // or malformed content (PDFs are checked here), NotFound if the patient is not in the caller's
  // organization, the vault's and the store's errors.  Callable once.
  Result<StoredDocument> Commit();

 private:
  friend class DocumentStore;
  DocumentUpload(DocumentStore& owner, Principal caller, UploadCommand command,
                 std::optional<DocumentFormat> declared, std::unique_ptr<SpoolFile> spool,
                 std::unique_ptr<ContentDigest> digest);
  Status Fail(Error error);

  DocumentStore& owner_;
  Principal caller_;
  UploadCommand command_;
  DocumentScanner scanner_;
  std::unique_ptr<SpoolFile> spool_;
  std::unique_ptr<ContentDigest> digest_;
  std::optional<Error> error_;
  bool finished_ = false;
};

// Service.  Thread-safe.  Every reference must outlive it.
class DocumentStore {
 public:
  DocumentStore(Store& store, ContentVault& vault, const ContentCipher& cipher,
                const Spooler& spooler, const PdfPageCounter& pdf, const Clock& clock,
                const AuditTrail& audit, DocumentStoreOptions options = {})
      : store_(store),
        vault_(vault),
        cipher_(cipher),
        spooler_(spooler),
        pdf_(pdf),
        clock_(clock),
        audit_(audit),
        options_(options) {}

  const DocumentStoreOptions& Options() const { return options_; }

  // Starts an upload by `caller` (who needs kWritePatients).  Returns PermissionDenied without
  // it, InvalidArgument for bad metadata or an unsupported declared type, NotFound if the patient
  // is not in the caller's organization, Unavailable when no spool file can be created.
  Result<std::unique_ptr<DocumentUpload>> Begin(const Principal& caller,
                                                const UploadCommand& command);
  // Begin for a caller whose right to add this document the calling use case has checked itself
  // (the portal: an authorization for the caller's own request, app/portal_service.h); no
  // permission is asked.  Otherwise as Begin.
  Result<std::unique_ptr<DocumentUpload>> BeginChecked(const Principal& caller,
                                                       const UploadCommand& command);
  // Begin, Append everything `source` yields (in pieces of at most 1 MiB), Commit.
  Result<StoredDocument> Upload(const Principal& caller, const UploadCommand& command,
                                ContentSource& source);

  // The document and its file, for `caller` (who needs kReadPatients).  Returns NotFound unless
  // the document is in the caller's organization and has a file.
  Result<StoredDocument> Describe(const Principal& caller, DocumentId document);
  // Describe, then writes the decrypted bytes to `sink` one authenticated chunk at a time.
  // Returns Describe's errors and the vault's (DataLoss for tampered content); on an error what
  // was written must be discarded.
  Result<StoredDocument> Download(const Principal& caller, DocumentId document, ContentSink& sink);

 private:
  friend class DocumentUpload;
  // Every audited call runs its work through here, in one write transaction with the audit event
  // it records (`note` starts as `action` with `what` as the detail; the work fills in the rest).
  Status InOrganization(const Principal& caller, AuditAction action, std::string_view what,
                        const std::function<Status(Transaction&, AuditNote&)>& work);
  Result<StoredDocument> Save(const Principal& caller, const Document& document,
                              const DocumentScan& scan, const std::string& digest,
                              const SpoolFile& spool);

  Store& store_;
  ContentVault& vault_;
  const ContentCipher& cipher_;
  const Spooler& spooler_;
  const PdfPageCounter& pdf_;
  const Clock& clock_;
  const AuditTrail& audit_;
  DocumentStoreOptions options_;
};

}  // namespace roi
