// PacketService: builds, stores, lists and hands out the release packet of a request, and tells
// anyone holding a packet whether this server issued it.  A packet is built for a request that is
// ready to release or released: its release cover letter (the stored one, or for a request not yet
// released one written from the stored decision), the notices the decision asks for, a copy of
// the authorization on file where the decision asks for one, and the documents the stored
// decision releases (never the withheld ones), read from the vault: PDFs merged as they are,
// text, C-CDA and FHIR JSON rendered as text, PNG and JPEG placed on a page, documents without a
// file rendered from their text.  Every page is stamped (app/packet_builder.h).  The PDF is
// stored encrypted in the vault with its signed manifest (app/packet_manifest.h) in the packets
// table, in one write transaction with the audit event.  See docs/documents.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/content_vault.h"
#include "app/packet_builder.h"
#include "app/packet_manifest.h"
#include "app/store.h"

namespace roi {

// Value type: a stored packet's bytes (the PDF, or the manifest JSON) for download.
struct PacketDownload {
  PacketRecord packet;
  std::string request_number;
  std::string bytes;
};

// Value type: what the public verification answers about a packet this server issued.  Nothing
// about the patient.
struct PacketIssue {
  std::string request_number;
  std::string organization_name;
  Date issued_on;
};

// Thread-safe.  Every reference must outlive it; `signer` may be null (Build then fails).
class PacketService {
 public:
  PacketService(Store& store, ContentVault& vault, const DocumentRenderer& renderer,
                const PdfAssembler& assembler, const PacketHasher& hasher,
                const AuditSigner* signer, const Clock& clock, const AuditTrail& audit)
      : store_(store),
        vault_(vault),
        renderer_(renderer),
        assembler_(assembler),
        hasher_(hasher),
        signer_(signer),
        clock_(clock),
        audit_(audit) {}

  // Builds the request's packet, signs its manifest and stores both; records a print event.  The
  // same inputs give the same PDF: when a stored packet of the request has the same bytes, it is
  // returned instead of a second one.  Returns PermissionDenied without kReleaseRecords,
  // FailedPrecondition when no packet signing key is configured, the request is neither ready
  // to release nor released, or it has redactions (not applied to stored packets yet), NotFound
  // unless the request is in the caller's organization, InvalidArgument when a document cannot be
  // laid out, and the vault's and store's errors.
  Result<PacketRecord> Build(const Principal& caller, RequestId request);
  // The request's packets by sequence (records a read event).  Returns PermissionDenied without
  // kReleaseRecords, NotFound as Build.
  Result<std::vector<PacketRecord>> List(const Principal& caller, RequestId request);
  // Packet `sequence`'s PDF, decrypted; records a download event.  Returns PermissionDenied
  // without kReleaseRecords, NotFound unless the request has that packet, DataLoss for tampered
  // content.
  Result<PacketDownload> DownloadPdf(const Principal& caller, RequestId request, int sequence);
  // Packet `sequence`'s manifest file; records a download event.  Errors as DownloadPdf.
  Result<PacketDownload> DownloadManifest(const Principal& caller, RequestId request, int sequence);

  // Whether some organization of this server stored a packet whose PDF has SHA-256 `sha256`
  // (64 hex digits, either case).  Returns InvalidArgument for anything else.  Public: reads no
  // patient data and records nothing.
  Result<std::optional<PacketIssue>> Lookup(std::string_view sha256);
  // Lookup of the SHA-256 of `pdf`.
  Result<std::optional<PacketIssue>> LookupPdf(std::string_view pdf);

 private:
  Result<PacketDownload> Download(const Principal& caller, RequestId request, int sequence,
                                  bool manifest);

  Store& store_;
  ContentVault& vault_;
  const DocumentRenderer& renderer_;
  const PdfAssembler& assembler_;
  const PacketHasher& hasher_;
  const AuditSigner* signer_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

// "YYYY-MM-DDTHH:MM:SSZ" for microseconds since the epoch (UTC).
std::string IsoTimeOfMicros(std::int64_t micros);

}  // namespace roi
