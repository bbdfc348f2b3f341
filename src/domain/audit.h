// AuditEvent and AuditSeal: the tamper-evident audit trail's records, and their canonical byte
// encodings (what the chain hashes and the seals sign).  Pure values: no I/O, no clock, no crypto
// (app/audit_trail.h computes the hashes through a port).
//
// Canonical encoding of an event, version 1 (docs/security.md, "Audit trail"):
//   "openroi-audit-event" 0x01
//   then each field in this order, integers as 8-byte big-endian two's complement and strings
//   as a 4-byte big-endian length followed by the UTF-8 bytes:
//   organization_id, sequence, occurred_micros, actor_id (0 = none), actor_label,
//   action name, patient_id (0 = none), entity_kind, entity_id, outcome name, remote_address,
//   detail.
// The chain hash of an event is BLAKE2b-256(prev_hash || canonical bytes), where prev_hash is the
// 32 raw bytes of the previous event's hash (32 zero bytes for sequence 1).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"

namespace roi {

// What happened.  Names (AuditActionName) are stable: they are hashed and exported.
enum class AuditAction {
  kLogin,
  kLoginFailed,
  kAccountLocked,
  kLogout,
  kRead,
  kCreate,
  kUpdate,
  kDelete,
  kDownload,
  kPrint,
  kRelease,
  kPermissionChange,
  kBreakGlass,
  kExport,
};

inline constexpr std::array<AuditAction, 14> kAllAuditActions = {
    AuditAction::kLogin,      AuditAction::kLoginFailed, AuditAction::kAccountLocked,
    AuditAction::kLogout,     AuditAction::kRead,        AuditAction::kCreate,
    AuditAction::kUpdate,     AuditAction::kDelete,      AuditAction::kDownload,
    AuditAction::kPrint,      AuditAction::kRelease,     AuditAction::kPermissionChange,
    AuditAction::kBreakGlass, AuditAction::kExport};

// "login", "login_failed", "account_locked", "logout", "read", "create", "update", "delete",
// "download", "print", "release", "permission_change", "break_glass", "export".
std::string_view AuditActionName(AuditAction action);
// Returns InvalidArgument for a name that is not one of AuditActionName's.
Result<AuditAction> ParseAuditAction(std::string_view name);

enum class AuditOutcome { kSuccess, kDenied, kFailed };

// "success", "denied", "failed".
std::string_view AuditOutcomeName(AuditOutcome outcome);
// Returns InvalidArgument for a name that is not one of AuditOutcomeName's.
Result<AuditOutcome> ParseAuditOutcome(std::string_view name);

// Field limits (bytes).
inline constexpr std::size_t kMaxAuditLabelBytes = 200;
inline constexpr std::size_t kMaxAuditEntityKindBytes = 64;
inline constexpr std::size_t kMaxAuditEntityIdBytes = 128;
inline constexpr std::size_t kMaxAuditRemoteBytes = 128;
inline constexpr std::size_t kMaxAuditDetailBytes = 1000;

// The hash of "nothing before": what sequence 1 chains to (64 hex zeros).
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Value type: one audit event.  Events of one organization form one chain ordered by
// `sequence` (1, 2, 3, ... without gaps).  `detail` is a short free text that must never hold
// PHI (name patients by id in `patient_id`, never by name).  Hashes are lower-case hex.
struct AuditEvent {
  OrganizationId organization_id;
  std::int64_t sequence = 0;
  std::int64_t occurred_micros = 0;  // Microseconds since the Unix epoch (UTC).
  UserId actor_id;                   // Unset for the system or an unidentified caller.
  std::string actor_label;           // Who, for humans: a display name or "system".
  AuditAction action = AuditAction::kRead;
  PatientId patient_id;     // Unset when no patient is concerned.
  std::string entity_kind;  // "user", "patient", "request", "session", ... (may be empty).
  std::string entity_id;    // The entity's id as text (may be empty).
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string remote_address;  // The client address, or "" for local (CLI) actions.
  std::string detail;
  std::string prev_hash;  // Hash of the event before (kAuditGenesisHash for sequence 1).
  std::string hash;       // BLAKE2b-256 over prev_hash and the canonical bytes.

  bool operator==(const AuditEvent&) const = default;
};

// Returns InvalidArgument naming the first bad field: sequence below 1, a field over its limit,
// a control character in a text field, or hashes that are not 64 lower-case hex digits.
Status ValidateAuditEvent(const AuditEvent& event);

// The canonical bytes of `event` (format above; prev_hash and hash are not part of them).
std::string CanonicalAuditBytes(const AuditEvent& event);
// Appends the canonical bytes of `event` to `out` (for callers that reuse a buffer).
void AppendCanonicalAuditBytes(const AuditEvent& event, std::string& out);

// Value type: a signed statement "the chain of `organization_id` had `head_hash` at `sequence`".
// Seals are stored next to the chain; verify checks each against the chain and the key.
struct AuditSeal {
  OrganizationId organization_id;
  std::int64_t sequence = 0;  // The last event covered.
  std::string head_hash;      // That event's hash (hex).
  std::int64_t sealed_micros = 0;
  std::string public_key;  // Ed25519 public key of the signer (hex).
  std::string signature;   // Ed25519 signature over CanonicalSealBytes (hex).

  bool operator==(const AuditSeal&) const = default;
};

// "openroi-audit-seal" 0x01, then organization_id, sequence, sealed_micros (8-byte big-endian)
// and head_hash as its 32 raw bytes.
std::string CanonicalSealBytes(const AuditSeal& seal);

// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);
// The bytes of `hex`; returns InvalidArgument for odd length or a non-hex digit.
Result<std::string> HexDecode(std::string_view hex);

}  // namespace roi
