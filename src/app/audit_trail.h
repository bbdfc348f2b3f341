// The tamper-evident audit trail: what the rest of the application calls to record who did what
// to which patient's data, and the verifier that proves the record was not altered.
//
// Recording.  Every use case that reads or changes patient data, releases, prints or downloads
// it, signs a user in or out, or changes an account's rights calls AuditTrail::Record with the
// Transaction it is already running, so the event commits or rolls back with the action itself:
//
//   Status done = store.InTransaction(org, TxMode::kWrite, [&](Transaction& tx) -> Status {
//     Result<Patient> patient = tx.Patients().Find(id);
//     if (!patient) return patient.error();
//     return audit.Record(tx, {.actor = principal.user.id, .actor_label =
//     principal.user.display_name,
//                              .action = AuditAction::kRead, .patient = id,
//                              .entity_kind = "patient", .entity_id = std::to_string(id.value),
//                              .remote_address = request.remote_address});
//   });
//
// Reads must run in a kWrite transaction too (the event is a write).  Record never puts PHI in
// the event: pass ids, never names, and keep `detail` to words like "password changed".  A
// denied or failed attempt that should leave a trace must be recorded in a transaction that
// commits (record it, then return OK and report the denial outside the transaction, as
// AuthService::Login does).
//
// Chain.  Each organization's events form one chain: event n stores the hash of event n-1, and
// its own hash is BLAKE2b-256(prev_hash || CanonicalAuditBytes(event)) (domain/audit.h).  Appends
// lock the chain head (AuditRepository::LockHead) so they are serialized per organization.
// Seals are Ed25519 signatures over (organization, sequence, head hash); AuditTrail writes one
// every `seal_every` events when it has a signer, and Seal() writes one on demand.
//
// Verifying.  AuditVerifier streams an organization's chain in sequence order and reports the
// first event that was altered, deleted or reordered, and any seal that does not match or is not
// signed by the trusted key.  See docs/security.md, "Audit trail", for what it cannot detect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/clock.h"
#include "app/store.h"
#include "domain/audit.h"

namespace roi {

// Port: the chain hash.  Implementations must be thread-safe.  Adapter: crypto/audit_crypto.h.
class AuditHasher {
 public:
  virtual ~AuditHasher() = default;
  // BLAKE2b-256 of `prev_hash` (32 raw bytes) followed by `canonical`: 32 raw bytes.
  virtual std::string ChainHash(std::string_view prev_hash, std::string_view canonical) const = 0;
};

// Port: the sealing key.  Implementations must be thread-safe.
class AuditSigner {
 public:
  virtual ~AuditSigner() = default;
  // The Ed25519 public key, lower-case hex (64 digits).
  virtual std::string PublicKeyHex() const = 0;
  // The Ed25519 signature of `message`, lower-case hex (128 digits).
  virtual std::string SignHex(std::string_view message) const = 0;
};

// Port: checks seal signatures.  Implementations must be thread-safe.
class AuditSignatureChecker {
 public:
  virtual ~AuditSignatureChecker() = default;
  // True iff `signature_hex` is a valid Ed25519 signature of `message` by `public_key_hex`.
  // Malformed hex is simply not valid.
  virtual bool Check(std::string_view public_key_hex, std::string_view message,
                     std::string_view signature_hex) const = 0;
};

// Value type: who acts, for use cases that record on someone's behalf.
struct AuditActor {
  UserId id;                   // Unset for the system or the command line.
  std::string label;           // A display name, or e.g. "command line".
  std::string remote_address;  // "" for local actions.
  // The role of a signed-in user acting (ActorOf sets it); unset for the system, the command
  // line and anyone else the patient access guard does not concern.
  std::optional<Role> role;
};

// Decides whether a user may touch a patient's data: the assignment rule and break-the-glass
// (app/patient_access.h).  Implementations must be thread-safe.
class PatientAccessGuard {
 public:
  virtual ~PatientAccessGuard() = default;
  // OK when `user` (of `role`) may read or change `patient`'s data now; PermissionDenied with the
  // detail break_glass_required (BreakGlassRequiredError) when not; the store's errors.
  virtual Status Check(Transaction& tx, UserId user, Role role, PatientId patient) const = 0;
};

// Value type: what a caller says about one event; AuditTrail adds the organization, sequence,
// time and hashes.
struct AuditEntry {
  UserId actor;             // Unset for the system or an unidentified caller.
  std::string actor_label;  // A display name, "system", "command line"; never an email of a
                            // failed sign-in (it may be a mistyped password).
  AuditAction action = AuditAction::kRead;
  PatientId patient;  // Unset when no patient is concerned.
  std::string entity_kind;
  std::string entity_id;
  AuditOutcome outcome = AuditOutcome::kSuccess;
  std::string remote_address;
  std::string detail;  // Short, no PHI.
};

// Value type: what one use case did to patient data, filled in by the use case's work and then
// recorded as a successful event of the actor who asked (AuditTrail::RecordNote).
struct AuditNote {
  AuditAction action = AuditAction::kRead;
  PatientId patient;        // Unset when no single patient is concerned (e.g. the work queue).
  std::string entity_kind;  // "request", "document", "disclosure", "accounting", ...
  std::string entity_id;    // May be empty (a list).
  std::string detail;       // Short, no PHI: the operation, an action name, a count.
};

// Thread-safe (holds only references and constants).  `clock`, `hasher` and `signer` must
// outlive it.
class AuditTrail {
 public:
  // With `signer` null nothing is sealed (Seal returns FailedPrecondition).  With a signer and
  // `seal_every` > 0, Record seals the chain whenever an event's sequence is a multiple of it.
  AuditTrail(const Clock& clock, const AuditHasher& hasher, const AuditSigner* signer = nullptr,
             std::int64_t seal_every = 0)
      : clock_(clock), hasher_(hasher), signer_(signer), seal_every_(seal_every) {}

  // Appends one event to the chain of `tx`'s organization, inside `tx`: it commits or rolls back
  // with the caller's work.  Returns the stored event.  Returns InvalidArgument if the entry does
  // not validate (too long, control characters), FailedPrecondition if `tx` is a kRead
  // transaction, and the store's errors.  A caller must return a failure of Record from its
  // transaction body, so that no action commits unaudited.
  Result<AuditEvent> Record(Transaction& tx, const AuditEntry& entry) const;
  // Records `note` as a successful event by `actor` (an empty label becomes "user N" or
  // "system").  Errors as Record.  With a patient access guard installed (GuardPatients), a note
  // that names a patient, by an actor with a role, is first checked by the guard, and its refusal
  // (PermissionDenied, break_glass_required) is returned instead: every use case names the
  // patient it touched in its note before its transaction commits, so this is the one place where
  // the assignment rule is enforced (docs/security.md, "Break-the-glass").
  Status RecordNote(Transaction& tx, const AuditActor& actor, const AuditNote& note) const;

  // Installs the guard RecordNote consults (null removes it).  Call while wiring, before the
  // trail is shared between threads; `guard` must outlive the trail.
  void GuardPatients(const PatientAccessGuard* guard) { guard_ = guard; }

  // Signs the current head of `tx`'s organization and stores the seal.  Returns
  // FailedPrecondition without a signer or for an empty chain, AlreadyExists if the head is
  // sealed already.
  Result<AuditSeal> Seal(Transaction& tx) const;

  // The hash event fields would have after `prev_hash` (hex): hex of
  // ChainHash(raw prev_hash, CanonicalAuditBytes(event)).  Returns InvalidArgument for bad hex.
  static Result<std::string> ComputeHash(const AuditHasher& hasher, const AuditEvent& event);

 private:
  const Clock& clock_;
  const AuditHasher& hasher_;
  const AuditSigner* signer_;
  std::int64_t seal_every_;
  const PatientAccessGuard* guard_ = nullptr;
};

// What verify found wrong first.
enum class AuditProblemKind {
  kAltered,    // The event's stored fields or hash were changed.
  kMissing,    // The event was deleted (a gap, a renumbered chain or a truncated tail).
  kReordered,  // The event's stored position is not where the chain puts it.
  kBadSeal,    // A seal does not match the chain or is not signed by the trusted key.
};

// "altered", "missing", "reordered", "bad_seal".
std::string_view AuditProblemKindName(AuditProblemKind kind);

// Value type.
struct AuditProblem {
  AuditProblemKind kind = AuditProblemKind::kAltered;
  std::int64_t sequence = 0;  // The first event (or seal) concerned.
  std::string message;        // Names the sequence and what is wrong; no event content.
};

// Value type: the outcome of verifying one organization's chain.
struct AuditVerification {
  OrganizationId organization;
  std::int64_t events = 0;              // Events read.
  std::int64_t last_sequence = 0;       // The last intact sequence.
  std::int64_t seals = 0;               // Seals checked.
  std::optional<AuditProblem> problem;  // Unset when the chain is intact.
};

// Checks a chain fed one event at a time, in stored order: the part of verification that needs
// no storage (and what the benchmark measures).  Not thread-safe.
class AuditChainChecker {
 public:
  explicit AuditChainChecker(const AuditHasher& hasher) : hasher_(hasher) {}
  // Checks `event` as the next one.  Returns the problem if it does not follow (the checker's
  // state is then unchanged).  The problem's kind is a first guess (kAltered or kMissing);
  // AuditVerifier refines it with the events around.
  std::optional<AuditProblem> Next(const AuditEvent& event);

  std::int64_t LastSequence() const { return last_sequence_; }
  const std::string& HeadHash() const { return head_hash_; }

 private:
  // True iff `event`'s fields and prev_hash hash to its stored hash; sets `digest` to the raw
  // hash.  `prev_is_head`: event.prev_hash equals the head (whose raw bytes are kept).
  bool HashMatches(const AuditEvent& event, bool prev_is_head, std::string& digest);

  const AuditHasher& hasher_;
  std::int64_t last_sequence_ = 0;
  std::string head_hash_ = std::string(kAuditGenesisHash);
  std::string head_raw_ = std::string(32, '\0');
  std::string buffer_;  // Reused for the canonical bytes.
};

// Thread-safe.  `hasher` and `checker` must outlive it.
class AuditVerifier {
 public:
  // `trusted_public_key` (hex) is the key seals must be signed with; when empty, seals are
  // checked against the key stored with them, which proves nothing against someone who can
  // write the database (documented in docs/security.md).
  AuditVerifier(const AuditHasher& hasher, const AuditSignatureChecker& checker,
                std::string trusted_public_key)
      : hasher_(hasher), checker_(checker), trusted_key_(std::move(trusted_public_key)) {}

  // Reads `organization`'s chain in one read transaction and checks every event and seal.
  // Returns the verification (problem set when the chain is broken), or the store's errors.
  Result<AuditVerification> Verify(Store& store, OrganizationId organization) const;

 private:
  Status VerifyIn(Transaction& tx, AuditVerification& out) const;
  // Refines a problem found at `event` using the events after it.
  AuditProblem Classify(Transaction& tx, const AuditEvent& event, AuditProblem first) const;
  std::optional<AuditProblem> CheckSeal(const AuditSeal& seal,
                                        const AuditChainChecker& chain) const;

  const AuditHasher& hasher_;
  const AuditSignatureChecker& checker_;
  std::string trusted_key_;
};

}  // namespace roi
