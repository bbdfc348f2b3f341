// SQLite AuditRepository: every statement filters by the bound organization.
#include <limits>
#include <string>

#include "storage/sqlite/repositories.h"

namespace roi::sqlite {
namespace {

constexpr std::string_view kSelect =
    "SELECT organization_id, sequence, occurred_micros, actor_id, actor_label, action, patient_id,"
    " entity_kind, entity_id, outcome, remote_address, detail, prev_hash, hash"
    " FROM audit_events WHERE organization_id = ?1";

Result<std::vector<AuditEvent>> Collect(Result<Statement> query) {
  if (!query) return query.error();
  std::vector<AuditEvent> events;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return events;
    AuditEvent event{.organization_id = OrganizationId(query->Int64(0)),
                     .sequence = query->Int64(1),
                     .occurred_micros = query->Int64(2),
                     .actor_id = UserId(query->Int64(3)),
                     .actor_label = query->Text(4),
                     .action = AuditAction::kRead,
                     .patient_id = PatientId(query->Int64(6)),
                     .entity_kind = query->Text(7),
                     .entity_id = query->Text(8),
                     .outcome = AuditOutcome::kSuccess,
                     .remote_address = query->Text(10),
                     .detail = query->Text(11),
                     .prev_hash = query->Text(12),
                     .hash = query->Text(13)};
    // An unknown stored name is kept detectable: verify will find the hash does not match.
    Result<AuditAction> action = ParseAuditAction(query->Text(5));
    if (!action) {
      return InternalError("stored action of audit event " + std::to_string(event.sequence) +
                           " is not an action");
    }
    event.action = *action;
    Result<AuditOutcome> outcome = ParseAuditOutcome(query->Text(9));
    if (!outcome) {
      return InternalError("stored outcome of audit event " + std::to_string(event.sequence) +
                           " is not an outcome");
    }
    event.outcome = *outcome;
    events.push_back(std::move(event));
  }
}

}  // namespace

Result<AuditChainHead> SqliteAuditRepository::LockHead() {
  if (Status writable = RequireWrite(mode_); !writable) return writable.error();
  if (locked_) return *locked_;
  Result<AuditChainHead> head = Head();
  if (head) locked_ = *head;
  return head;
}

Result<AuditChainHead> SqliteAuditRepository::Head() {
  Result<Statement> query =
      connection_.Query("SELECT sequence, hash FROM audit_chain_heads WHERE organization_id = ?1",
                        {organization_.value}, "read audit chain head");
  if (!query) return query.error();
  Result<bool> row = query->Step();
  if (!row) return row.error();
  if (!*row) return AuditChainHead{};
  return AuditChainHead{.sequence = query->Int64(0), .hash = query->Text(1)};
}

Status SqliteAuditRepository::Append(const AuditEvent& event) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  if (Status valid = ValidateAuditEvent(event); !valid) return valid;
  if (!locked_) return FailedPreconditionError("append to the audit chain without LockHead");
  if (event.sequence != locked_->sequence + 1 || event.prev_hash != locked_->hash) {
    return FailedPreconditionError("audit event " + std::to_string(event.sequence) +
                                   " does not extend the chain head");
  }
  Result<Statement> insert = connection_.Query(
      "INSERT INTO audit_events (organization_id, sequence, occurred_micros, actor_id,"
      " actor_label, action, patient_id, entity_kind, entity_id, outcome, remote_address, detail,"
      " prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
      {organization_.value, event.sequence, event.occurred_micros, event.actor_id.value,
       event.actor_label, AuditActionName(event.action), event.patient_id.value, event.entity_kind,
       event.entity_id, AuditOutcomeName(event.outcome), event.remote_address, event.detail,
       event.prev_hash, event.hash},
      "append audit event");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) return done;
  Result<Statement> head = connection_.Query(
      "INSERT INTO audit_chain_heads (organization_id, sequence, hash) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (organization_id) DO UPDATE SET sequence = excluded.sequence,"
      " hash = excluded.hash",
      {organization_.value, event.sequence, event.hash}, "move audit chain head");
  if (!head) return head.error();
  if (Status done = head->Run(); !done) return done;
  locked_ = AuditChainHead{.sequence = event.sequence, .hash = event.hash};
  return OkStatus();
}

Result<std::vector<AuditEvent>> SqliteAuditRepository::Scan(std::int64_t after_sequence,
                                                            int limit) {
  if (limit < 1 || limit > 10000) return InvalidArgumentError("scan limit must be 1 to 10000");
  static const std::string sql =
      std::string(kSelect) + " AND sequence > ?2 ORDER BY sequence LIMIT ?3";
  return Collect(connection_.Query(sql, {organization_.value, after_sequence, std::int64_t{limit}},
                                   "scan audit events"));
}

Result<std::vector<AuditEvent>> SqliteAuditRepository::Query(const AuditQuery& query) {
  if (query.limit < 1 || query.limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  static const std::string sql =
      std::string(kSelect) +
      " AND sequence > ?2 AND (?3 = 0 OR patient_id = ?3) AND (?4 = 0 OR actor_id = ?4)"
      " AND (?5 = '' OR action = ?5) AND (?6 = '' OR outcome = ?6)"
      " AND occurred_micros >= ?7 AND occurred_micros < ?8 ORDER BY sequence LIMIT ?9";
  std::string_view action = query.action ? AuditActionName(*query.action) : "";
  std::string_view outcome = query.outcome ? AuditOutcomeName(*query.outcome) : "";
  return Collect(connection_.Query(
      sql,
      {organization_.value, query.after_sequence, query.patient.value, query.actor.value, action,
       outcome, query.from_micros.value_or(std::numeric_limits<std::int64_t>::min()),
       query.to_micros.value_or(std::numeric_limits<std::int64_t>::max()),
       std::int64_t{query.limit}},
      "query audit events"));
}

Status SqliteAuditRepository::InsertSeal(const AuditSeal& seal) {
  if (Status writable = RequireWrite(mode_); !writable) return writable;
  Result<Statement> insert = connection_.Query(
      "INSERT INTO audit_seals (organization_id, sequence, head_hash, sealed_micros, public_key,"
      " signature) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {organization_.value, seal.sequence, seal.head_hash, seal.sealed_micros, seal.public_key,
       seal.signature},
      "insert audit seal");
  if (!insert) return insert.error();
  if (Status done = insert->Run(); !done) {
    if (done.error().code == ErrorCode::kAlreadyExists) {
      return AlreadyExistsError("the audit chain is already sealed at sequence " +
                                std::to_string(seal.sequence));
    }
    return done;
  }
  return OkStatus();
}

Result<std::vector<AuditSeal>> SqliteAuditRepository::Seals() {
  Result<Statement> query = connection_.Query(
      "SELECT organization_id, sequence, head_hash, sealed_micros, public_key, signature"
      " FROM audit_seals WHERE organization_id = ?1 ORDER BY sequence",
      {organization_.value}, "list audit seals");
  if (!query) return query.error();
  std::vector<AuditSeal> seals;
  for (;;) {
    Result<bool> row = query->Step();
    if (!row) return row.error();
    if (!*row) return seals;
    seals.push_back(AuditSeal{.organization_id = OrganizationId(query->Int64(0)),
                              .sequence = query->Int64(1),
                              .head_hash = query->Text(2),
                              .sealed_micros = query->Int64(3),
                              .public_key = query->Text(4),
                              .signature = query->Text(5)});
  }
}

}  // namespace roi::sqlite
