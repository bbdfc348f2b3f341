// The signed manifest of a release packet: what the packet holds (request, organization,
// recipient, issue time, each released document with the SHA-256 of its released bytes, the
// redactions, the decision's rules) and the SHA-256 of the packet PDF, signed with the
// organization's Ed25519 packet key.  The manifest travels as a detached JSON file beside the PDF
// (docs/adr/0004-packet-manifest.md); VerifyPacket checks both offline.  Pure apart from its ports
// (PacketHasher, AuditSigner, AuditSignatureChecker); see docs/documents.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "base/result.h"

namespace roi {

// The format name every manifest carries: version 2 is written; version 1 (no signer, redactions
// without span, reason text or who) is still read and verified.
inline constexpr std::string_view kPacketManifestFormat = "openroi.packet-manifest/2";
inline constexpr std::string_view kPacketManifestFormatV1 = "openroi.packet-manifest/1";

// One released document.  Value type.
struct ManifestDocument {
  std::int64_t id = 0;
  std::string title;
  std::string media_type;  // Of the stored content, e.g. "application/pdf".
  std::string sha256;      // Of the released bytes (the stored content, or the text rendered).
  std::int64_t pages = 0;  // Pages it takes in the packet.
  bool operator==(const ManifestDocument&) const = default;
};

// One redaction burned into a released document.  Version 1 carries only document_id, page and
// reason.
struct ManifestRedaction {
  std::int64_t document_id = 0;
  std::int64_t page = 0;        // 1-based page of the document; 0 for a text span.
  std::string reason;           // The reason's name, e.g. "third_party".
  std::int64_t span_begin = 0;  // [span_begin, span_end): bytes of the document's text; 0, 0 for
  std::int64_t span_end = 0;    // a page.
  std::string reason_text;      // The reason in words, as the Redactions page prints it.
  std::int64_t marked_by = 0;   // The user who marked it (id) ...
  std::string marked_by_name;   // ... and their display name.
  std::string marked_at;        // UTC, "YYYY-MM-DDTHH:MM:SSZ".
  bool operator==(const ManifestRedaction&) const = default;
};

// Which key signs a version-2 manifest.  Value type.
struct ManifestSigner {
  std::string scope;             // "organization" (its own key) or "deployment" (the shared key).
  std::int64_t key_version = 0;  // The organization key's version; 0 for the deployment key.
  std::string public_key;        // 64 lower-case hex digits: the key the signature must be by.
  bool operator==(const ManifestSigner&) const = default;
};

// Value type: what is signed.
struct PacketManifest {
  int version = 2;  // 1 or 2: picks the format and the fields written.
  std::string request_number;
  std::string organization;  // The organization's name.
  std::string recipient;     // The requester's name (and organization).
  std::string issued_at;     // UTC, "YYYY-MM-DDTHH:MM:SSZ".
  std::vector<ManifestDocument> documents;
  std::vector<ManifestRedaction> redactions;
  std::vector<std::string> rule_ids;  // The decision's rule codes, in order.
  std::string packet_sha256;          // Of the packet PDF's bytes.
  std::int64_t packet_pages = 0;
  ManifestSigner signer;  // Version 2 only.
  bool operator==(const PacketManifest&) const = default;
};

// Value type: a manifest with its Ed25519 signature.  `key_id` is the signer's public key (64
// lower-case hex digits); `signature` 128 hex digits over ManifestSignedBytes(manifest).
struct SignedManifest {
  PacketManifest manifest;
  std::string key_id;
  std::string signature;
  bool operator==(const SignedManifest&) const = default;
};

// The exact bytes that are signed: the manifest as canonical JSON (fixed member order, no
// whitespace, "format" first), in the shape of its `version`.
std::string ManifestSignedBytes(const PacketManifest& manifest);

// The manifest file: {"manifest":<signed bytes>,"signature":{"algorithm":"ed25519","key_id":..,
// "value":..}} and a newline.
std::string EncodeSignedManifest(const SignedManifest& signed_manifest);

// Parses a manifest file.  Returns InvalidArgument naming the first bad or missing field (or the
// JSON error) for anything EncodeSignedManifest could not have written.
Result<SignedManifest> DecodeSignedManifest(std::string_view json);

// Signs `manifest` with `signer`.
SignedManifest SignManifest(const PacketManifest& manifest, const AuditSigner& signer);

// Port: SHA-256.  Thread-safe.
class PacketHasher {
 public:
  virtual ~PacketHasher() = default;
  // Lower-case hex (64 digits).
  virtual std::string Sha256Hex(std::string_view bytes) const = 0;
};

// What can be wrong with a packet.
enum class PacketProblem {
  kMalformedManifest,  // The manifest file is not a manifest.
  kUnknownKey,         // Signed by a key that is not trusted (or no trusted key was given).
  kBadSignature,       // The signature does not match the manifest (it was altered).
  kAlteredPdf,         // The PDF's digest is not the one the manifest signs.
};

// "malformed_manifest", "unknown_key", "bad_signature", "altered_pdf".
std::string_view PacketProblemName(PacketProblem problem);

// Value type.  `problem` is empty when the packet is authentic.
struct PacketVerification {
  std::optional<PacketProblem> problem;
  std::string message;  // One line: the summary, or what failed.
  SignedManifest manifest;
};

// Checks, in order: the manifest parses, its key is one of `trusted_keys` (public keys, hex), its
// signature is valid (and, from version 2, is by the key its signer names), and the SHA-256 of
// `pdf` is the one it signs.
PacketVerification VerifyPacket(std::string_view manifest_json, std::string_view pdf,
                                const PacketHasher& hasher, const AuditSignatureChecker& checker,
                                const std::vector<std::string>& trusted_keys);

// True for 64 lower-case hex digits.
bool IsSha256Hex(std::string_view text);

}  // namespace roi
