#include "app/audit_trail.h"

#include <string>
#include <utility>

namespace roi {
namespace {

constexpr int kScanPage = 4096;
// How far past a broken event verify looks for where it belongs.
constexpr int kClassifyWindow = 1024;
constexpr std::int64_t kRenumberWindow = 16;

std::string Seq(std::int64_t sequence) { return std::to_string(sequence); }

AuditProblem Problem(AuditProblemKind kind, std::int64_t sequence, std::string message) {
  return AuditProblem{.kind = kind, .sequence = sequence, .message = std::move(message)};
}

}  // namespace

std::string_view AuditProblemKindName(AuditProblemKind kind) {
  switch (kind) {
    case AuditProblemKind::kAltered:
      return "altered";
    case AuditProblemKind::kMissing:
      return "missing";
    case AuditProblemKind::kReordered:
      return "reordered";
    case AuditProblemKind::kBadSeal:
      return "bad_seal";
  }
  return "unknown";
}

Result<std::string> AuditTrail::ComputeHash(const AuditHasher& hasher, const AuditEvent& event) {
  Result<std::string> prev = HexDecode(event.prev_hash);
  if (!prev || prev->size() != 32) {
    return InvalidArgumentError("audit event prev_hash is not 64 hex digits");
  }
  return HexEncode(hasher.ChainHash(*prev, CanonicalAuditBytes(event)));
}

Result<AuditEvent> AuditTrail::Record(Transaction& tx, const AuditEntry& entry) const {
  AuditRepository& audit = tx.Audit();
  Result<AuditChainHead> head = audit.LockHead();
  if (!head) return head.error();
  AuditEvent event{.organization_id = tx.Organization(),
                   .sequence = head->sequence + 1,
                   .occurred_micros = clock_.NowMicros(),
                   .actor_id = entry.actor,
                   .actor_label = entry.actor_label,
                   .action = entry.action,
                   .patient_id = entry.patient,
                   .entity_kind = entry.entity_kind,
                   .entity_id = entry.entity_id,
                   .outcome = entry.outcome,
                   .remote_address = entry.remote_address,
                   .detail = entry.detail,
                   .prev_hash = head->hash,
                   .hash = {}};
  Result<std::string> hash = ComputeHash(hasher_, event);
  if (!hash) return InternalError("stored audit chain head is not a hash");
  event.hash = std::move(*hash);
  if (Status valid = ValidateAuditEvent(event); !valid) return valid.error();
  if (Status appended = audit.Append(event); !appended) return appended.error();
  if (signer_ != nullptr && seal_every_ > 0 && event.sequence % seal_every_ == 0) {
    if (Result<AuditSeal> sealed = Seal(tx); !sealed) return sealed.error();
  }
  return event;
}

Status AuditTrail::RecordNote(Transaction& tx, const AuditActor& actor,
                              const AuditNote& note) const {
  if (guard_ != nullptr && actor.role && actor.id.IsSet() && note.patient.IsSet()) {
    if (Status allowed = guard_->Check(tx, actor.id, *actor.role, note.patient); !allowed) {
      return allowed;
    }
  }
  std::string label = actor.label;
  if (label.empty()) {
    label = actor.id.IsSet() ? "user " + std::to_string(actor.id.value) : std::string("system");
  }
  Result<AuditEvent> recorded = Record(tx, {.actor = actor.id,
                                            .actor_label = std::move(label),
                                            .action = note.action,
                                            .patient = note.patient,
                                            .entity_kind = note.entity_kind,
                                            .entity_id = note.entity_id,
                                            .outcome = AuditOutcome::kSuccess,
                                            .remote_address = actor.remote_address,
                                            .detail = note.detail});
  return recorded ? OkStatus() : Status(recorded.error());
}

Result<AuditSeal> AuditTrail::Seal(Transaction& tx) const {
  if (signer_ == nullptr) return FailedPreconditionError("no audit seal key is configured");
  Result<AuditChainHead> head = tx.Audit().LockHead();
  if (!head) return head.error();
  if (head->sequence == 0) return FailedPreconditionError("the audit chain is empty");
  AuditSeal seal{.organization_id = tx.Organization(),
                 .sequence = head->sequence,
                 .head_hash = head->hash,
                 .sealed_micros = clock_.NowMicros(),
                 .public_key = signer_->PublicKeyHex(),
                 .signature = {}};
  seal.signature = signer_->SignHex(CanonicalSealBytes(seal));
  if (Status stored = tx.Audit().InsertSeal(seal); !stored) return stored.error();
  return seal;
}

std::optional<AuditProblem> AuditChainChecker::Next(const AuditEvent& event) {
  std::int64_t expected = last_sequence_ + 1;
  if (event.sequence > expected) {
    return Problem(AuditProblemKind::kMissing, expected,
                   "event " + Seq(expected) + " is missing (the next stored event is " +
                       Seq(event.sequence) + ")");
  }
  if (event.sequence < expected) {
    return Problem(AuditProblemKind::kReordered, event.sequence,
                   "event " + Seq(event.sequence) + " is stored out of order");
  }
  bool links = event.prev_hash == head_hash_;
  std::string digest;
  if (!HashMatches(event, links, digest)) {
    return Problem(AuditProblemKind::kAltered, expected,
                   "event " + Seq(expected) + " was altered (its fields do not match its hash)");
  }
  if (!links) {
    if (expected == 1) {
      return Problem(AuditProblemKind::kAltered, 1,
                     "event 1 was altered (it does not start from the genesis hash)");
    }
    return Problem(AuditProblemKind::kAltered, expected - 1,
                   "event " + Seq(expected - 1) + " was altered (its hash no longer matches what " +
                       "event " + Seq(expected) + " recorded)");
  }
  last_sequence_ = event.sequence;
  head_hash_ = event.hash;
  head_raw_ = digest;
  return std::nullopt;
}

bool AuditChainChecker::HashMatches(const AuditEvent& event, bool prev_is_head,
                                    std::string& digest) {
  std::string decoded;
  if (!prev_is_head) {
    Result<std::string> prev = HexDecode(event.prev_hash);
    if (!prev || prev->size() != 32) return false;
    decoded = std::move(*prev);
  }
  buffer_.clear();
  AppendCanonicalAuditBytes(event, buffer_);
  digest = hasher_.ChainHash(prev_is_head ? head_raw_ : decoded, buffer_);
  // Compare with the stored hex without building a string.
  static constexpr char kDigits[] = "0123456789abcdef";
  if (digest.size() != 32 || event.hash.size() != 64) return false;
  for (std::size_t i = 0; i < 32; ++i) {
    auto byte = static_cast<unsigned char>(digest[i]);
    if (event.hash[2 * i] != kDigits[byte >> 4] || event.hash[2 * i + 1] != kDigits[byte & 0x0F]) {
      return false;
    }
  }
  return true;
}

Result<AuditVerification> AuditVerifier::Verify(Store& store, OrganizationId organization) const {
  AuditVerification out{.organization = organization};
  Status done = store.InTransaction(organization, TxMode::kRead,
                                    [&](Transaction& tx) { return VerifyIn(tx, out); });
  if (!done) return done.error();
  return out;
}

Status AuditVerifier::VerifyIn(Transaction& tx, AuditVerification& out) const {
  AuditRepository& audit = tx.Audit();
  Result<std::vector<AuditSeal>> seals = audit.Seals();
  if (!seals) return seals.error();
  Result<AuditChainHead> head = audit.Head();
  if (!head) return head.error();
  AuditChainChecker chain(hasher_);
  std::size_t next_seal = 0;
  std::int64_t after = 0;
  for (;;) {
    Result<std::vector<AuditEvent>> page = audit.Scan(after, kScanPage);
    if (!page) return page.error();
    if (page->empty()) break;
    for (const AuditEvent& event : *page) {
      if (std::optional<AuditProblem> problem = chain.Next(event)) {
        out.last_sequence = chain.LastSequence();
        out.problem = Classify(tx, event, std::move(*problem));
        return OkStatus();
      }
      ++out.events;
      for (; next_seal < seals->size() && (*seals)[next_seal].sequence <= chain.LastSequence();
           ++next_seal) {
        if (std::optional<AuditProblem> bad = CheckSeal((*seals)[next_seal], chain)) {
          out.last_sequence = chain.LastSequence();
          out.problem = std::move(bad);
          return OkStatus();
        }
        ++out.seals;
      }
    }
    after = page->back().sequence;
  }
  std::int64_t last = chain.LastSequence();
  out.last_sequence = last;
  if (next_seal < seals->size()) {
    out.problem = Problem(AuditProblemKind::kMissing, last + 1,
                          "events " + Seq(last + 1) + " to " + Seq((*seals)[next_seal].sequence) +
                              " are missing: a seal covers them (the tail was deleted)");
  } else if (head->sequence > last) {
    out.problem = Problem(AuditProblemKind::kMissing, last + 1,
                          "events " + Seq(last + 1) + " to " + Seq(head->sequence) +
                              " are missing: the chain head records them (the tail was deleted)");
  } else if (head->sequence < last) {
    out.problem = Problem(AuditProblemKind::kAltered, head->sequence + 1,
                          "event " + Seq(head->sequence + 1) +
                              " was added outside the audit trail (the chain head is at " +
                              Seq(head->sequence) + ")");
  } else if (head->hash != chain.HeadHash()) {
    out.problem = Problem(AuditProblemKind::kAltered, last,
                          "event " + Seq(last) + " was altered (it does not match the chain head)");
  }
  return OkStatus();
}

AuditProblem AuditVerifier::Classify(Transaction& tx, const AuditEvent& event,
                                     AuditProblem first) const {
  if (first.kind != AuditProblemKind::kAltered || first.sequence != event.sequence) return first;
  // The event's own hash fails.  If it chains after an event stored later, it was moved.
  Result<std::vector<AuditEvent>> later = tx.Audit().Scan(event.sequence, kClassifyWindow);
  if (later) {
    for (const AuditEvent& other : *later) {
      if (other.hash == event.prev_hash) {
        return Problem(AuditProblemKind::kReordered, event.sequence,
                       "event " + Seq(event.sequence) +
                           " is out of order (it chains after the event stored at sequence " +
                           Seq(other.sequence) + ")");
      }
    }
  }
  // If it hashes correctly under a later sequence number, the events before it were deleted and
  // the rest renumbered.
  AuditEvent renumbered = event;
  for (std::int64_t k = 1; k <= kRenumberWindow; ++k) {
    renumbered.sequence = event.sequence + k;
    Result<std::string> hash = AuditTrail::ComputeHash(hasher_, renumbered);
    if (hash && *hash == event.hash) {
      return Problem(AuditProblemKind::kMissing, event.sequence,
                     "event " + Seq(event.sequence) + " is missing (" + Seq(k) +
                         " event(s) deleted and the later ones renumbered)");
    }
  }
  return first;
}

std::optional<AuditProblem> AuditVerifier::CheckSeal(const AuditSeal& seal,
                                                     const AuditChainChecker& chain) const {
  std::string at = Seq(seal.sequence);
  if (seal.sequence != chain.LastSequence() || seal.head_hash != chain.HeadHash()) {
    return Problem(AuditProblemKind::kBadSeal, seal.sequence,
                   "the seal at sequence " + at +
                       " does not match the chain (events up to it were altered or replaced)");
  }
  if (!trusted_key_.empty() && seal.public_key != trusted_key_) {
    return Problem(AuditProblemKind::kBadSeal, seal.sequence,
                   "the seal at sequence " + at + " is not signed by the trusted seal key");
  }
  if (!checker_.Check(seal.public_key, CanonicalSealBytes(seal), seal.signature)) {
    return Problem(AuditProblemKind::kBadSeal, seal.sequence,
                   "the seal at sequence " + at + " has an invalid signature");
  }
  return std::nullopt;
}

}  // namespace roi
