// PacketService: builds, stores, lists and hands out the release packet of a request, and tells
// anyone holding a packet whether this server issued it.  A packet is built for a request that is
// ready to release or released: its release cover letter (the stored one, or for a request not yet
// released one written from the stored decision), the notices the decision asks for, a copy of
// the authorization on file where the decision asks for one, and the documents the stored
// decision releases (never the withheld ones), read from the vault: PDFs merged as they are,
// text, C-CDA and FHIR JSON rendered as text, PNG and JPEG placed on a page, documents without a
// file rendered from their text.  The request's redactions are burned in first
// (app/redaction_burn_in.h: spans removed from the text before rendering, withheld PDF pages
// replaced by placeholders) and listed on a Redactions page.  Every page is stamped
// (app/packet_builder.h).  The PDF is stored encrypted in the vault with its signed manifest
// (app/packet_manifest.h: documents, every redaction with who marked it, the signer) in the
// packets table, in one write transaction with the audit event.  The manifest is signed with the
// organization's own key (app/packet_keyring.h) when it has one; the deployment-wide key is the
// fallback for organizations without one; with no deployment key either, the organization's key
// is made on first use.  See docs/documents.md.
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
#include "app/packet_keyring.h"
#include "app/packet_manifest.h"
#include "app/redaction_burn_in.h"
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
  std::string key_id;   // The public key that signed its manifest (64 hex digits).
  int key_version = 0;  // The organization key's version; 0 for the deployment key.
};

// Thread-safe.  Every reference must outlive it.  `signer` (the deployment-wide key) and
// `keyring` (the organizations' own keys) may be null: an organization's own key signs when it
// has one, else the deployment key when it is set, else a key the keyring makes; with neither,
// Build fails.
class PacketService {
 public:
  PacketService(Store& store, ContentVault& vault, const DocumentRenderer& renderer,
                const PdfAssembler& assembler, const PdfPageReplacer& pages,
                const PacketHasher& hasher, const AuditSigner* signer, const PacketKeyring* keyring,
                const Clock& clock, const AuditTrail& audit)
      : store_(store),
        vault_(vault),
        renderer_(renderer),
        assembler_(assembler),
        pages_(pages),
        hasher_(hasher),
        signer_(signer),
        keyring_(keyring),
        clock_(clock),
        audit_(audit) {}

  // Builds the request's packet, signs its manifest and stores both; records a print event.  The
  // same inputs give the same PDF: when a stored packet of the request has the same bytes, it is
  // returned instead of a second one.  Returns PermissionDenied without kReleaseRecords,
  // FailedPrecondition when there is neither a deployment key nor a keyring, the request is
  // neither ready to release nor released, or a released document has a text-span redaction but
  // its file is not text (redact its pages instead), NotFound unless the request is in the
  // caller's organization, InvalidArgument when a document cannot be laid out or a redaction does
  // not fit its document, and the vault's, keyring's and store's errors.
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
  const PdfPageReplacer& pages_;
  const PacketHasher& hasher_;
  const AuditSigner* signer_;
  const PacketKeyring* keyring_;
  const Clock& clock_;
  const AuditTrail& audit_;
};

// "YYYY-MM-DDTHH:MM:SSZ" for microseconds since the epoch (UTC).
std::string IsoTimeOfMicros(std::int64_t micros);

}  // namespace roi
