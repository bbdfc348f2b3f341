// PostgreSQL AuditRepository: every statement filters by the bound organization.  Appends are
// serialized per organization by a row lock on its audit_chain_heads row.
#include <limits>
#include <string>

#include "storage/postgres/repositories.h"

namespace roi::postgres {
namespace {

Result<AuditEvent> ReadEvent(const pqxx::row& row) {
  AuditEvent event{.organization_id = OrganizationId(row[0].as<std::int64_t>()),
                   .sequence = row[1].as<std::int64_t>(),
                   .occurred_micros = row[2].as<std::int64_t>(),
                   .actor_id = UserId(row[3].as<std::int64_t>()),
                   .actor_label = row[4].as<std::string>(),
                   .action = AuditAction::kRead,
                   .patient_id = PatientId(row[6].as<std::int64_t>()),
                   .entity_kind = row[7].as<std::string>(),
                   .entity_id = row[8].as<std::string>(),
                   .outcome = AuditOutcome::kSuccess,
                   .remote_address = row[10].as<std::string>(),
                   .detail = row[11].as<std::string>(),
                   .prev_hash = row[12].as<std::string>(),
                   .hash = row[13].as<std::string>()};
  std::string sequence = std::to_string(event.sequence);
  Result<AuditAction> action = ParseAuditAction(row[5].as<std::string>());
  if (!action)
    return InternalError("stored action of audit event " + sequence + " is not an action");
  event.action = *action;
  Result<AuditOutcome> outcome = ParseAuditOutcome(row[9].as<std::string>());
  if (!outcome) {
    return InternalError("stored outcome of audit event " + sequence + " is not an outcome");
  }
  event.outcome = *outcome;
  return event;
}

Result<std::vector<AuditEvent>> ReadEvents(const pqxx::result& rows) {
  std::vector<AuditEvent> events;
  events.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    Result<AuditEvent> event = ReadEvent(row);
    if (!event) return event.error();
    events.push_back(std::move(*event));
  }
  return events;
}

}  // namespace

Result<AuditChainHead> PgAuditRepository::LockHead() {
  if (Status writable = context_.RequireWrite(); !writable) return writable.error();
  if (locked_) return *locked_;
  return context_.Run("lock audit chain head", [&]() -> Result<AuditChainHead> {
    pqxx::dbtransaction& tx = context_.Transaction();
    pqxx::result rows = tx.exec_prepared("audit_head_lock", organization_.value);
    if (rows.empty()) {
      // First event of this organization: create the head row (a concurrent creator makes this
      // a no-op after it commits), then lock it.
      tx.exec_prepared("audit_head_create", organization_.value, std::string(kAuditGenesisHash));
      rows = tx.exec_prepared("audit_head_lock", organization_.value);
    }
    if (rows.empty()) return InternalError("audit chain head row could not be created");
    locked_ = AuditChainHead{.sequence = rows[0][0].as<std::int64_t>(),
                             .hash = rows[0][1].as<std::string>()};
    return *locked_;
  });
}

Result<AuditChainHead> PgAuditRepository::Head() {
  return context_.Run("read audit chain head", [&]() -> Result<AuditChainHead> {
    pqxx::result rows = context_.Transaction().exec_prepared("audit_head", organization_.value);
    if (rows.empty()) return AuditChainHead{};
    return AuditChainHead{.sequence = rows[0][0].as<std::int64_t>(),
                          .hash = rows[0][1].as<std::string>()};
  });
}

Status PgAuditRepository::Append(const AuditEvent& event) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  if (Status valid = ValidateAuditEvent(event); !valid) return valid;
  if (!locked_) return FailedPreconditionError("append to the audit chain without LockHead");
  if (event.sequence != locked_->sequence + 1 || event.prev_hash != locked_->hash) {
    return FailedPreconditionError("audit event " + std::to_string(event.sequence) +
                                   " does not extend the chain head");
  }
  return context_.Run("append audit event", [&]() -> Status {
    pqxx::dbtransaction& tx = context_.Transaction();
    tx.exec_prepared("audit_append", organization_.value, event.sequence, event.occurred_micros,
                     event.actor_id.value, event.actor_label,
                     std::string(AuditActionName(event.action)), event.patient_id.value,
                     event.entity_kind, event.entity_id,
                     std::string(AuditOutcomeName(event.outcome)), event.remote_address,
                     event.detail, event.prev_hash, event.hash);
    tx.exec_prepared("audit_head_move", organization_.value, event.sequence, event.hash);
    locked_ = AuditChainHead{.sequence = event.sequence, .hash = event.hash};
    return OkStatus();
  });
}

Result<std::vector<AuditEvent>> PgAuditRepository::Scan(std::int64_t after_sequence, int limit) {
  if (limit < 1 || limit > 10000) return InvalidArgumentError("scan limit must be 1 to 10000");
  return context_.Run("scan audit events", [&]() -> Result<std::vector<AuditEvent>> {
    return ReadEvents(context_.Transaction().exec_prepared("audit_scan", organization_.value,
                                                           after_sequence, limit));
  });
}

Result<std::vector<AuditEvent>> PgAuditRepository::Query(const AuditQuery& query) {
  if (query.limit < 1 || query.limit > 1000) return InvalidArgumentError("limit must be 1 to 1000");
  return context_.Run("query audit events", [&]() -> Result<std::vector<AuditEvent>> {
    std::string action = query.action ? std::string(AuditActionName(*query.action)) : "";
    std::string outcome = query.outcome ? std::string(AuditOutcomeName(*query.outcome)) : "";
    return ReadEvents(context_.Transaction().exec_prepared(
        "audit_query", organization_.value, query.after_sequence, query.patient.value,
        query.actor.value, action, outcome,
        query.from_micros.value_or(std::numeric_limits<std::int64_t>::min()),
        query.to_micros.value_or(std::numeric_limits<std::int64_t>::max()), query.limit));
  });
}

Status PgAuditRepository::InsertSeal(const AuditSeal& seal) {
  if (Status writable = context_.RequireWrite(); !writable) return writable;
  return context_.Run("insert audit seal", [&]() -> Status {
    pqxx::result inserted = context_.Transaction().exec_prepared(
        "audit_seal_insert", organization_.value, seal.sequence, seal.head_hash, seal.sealed_micros,
        seal.public_key, seal.signature);
    if (inserted.affected_rows() == 0) {
      return AlreadyExistsError("the audit chain is already sealed at sequence " +
                                std::to_string(seal.sequence));
    }
    return OkStatus();
  });
}

Result<std::vector<AuditSeal>> PgAuditRepository::Seals() {
  return context_.Run("list audit seals", [&]() -> Result<std::vector<AuditSeal>> {
    std::vector<AuditSeal> seals;
    for (const pqxx::row& row :
         context_.Transaction().exec_prepared("audit_seals", organization_.value)) {
      seals.push_back(AuditSeal{.organization_id = OrganizationId(row[0].as<std::int64_t>()),
                                .sequence = row[1].as<std::int64_t>(),
                                .head_hash = row[2].as<std::string>(),
                                .sealed_micros = row[3].as<std::int64_t>(),
                                .public_key = row[4].as<std::string>(),
                                .signature = row[5].as<std::string>()});
    }
    return seals;
  });
}

}  // namespace roi::postgres
