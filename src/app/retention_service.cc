#include "app/retention_service.h"

#include <optional>
#include <string>
#include <utility>

namespace roi {
namespace {

constexpr int kPageSize = 500;

Status NeedRetention(const Principal& caller) {
  if (caller.May(Permission::kManageRetention)) return OkStatus();
  return PermissionDeniedError("legal holds and retention need the manage_retention permission");
}

// The patient a hold concerns: its own, or its request's.
Result<PatientId> PatientOf(Transaction& tx, PatientId patient, RequestId request) {
  if (patient.IsSet()) return patient;
  Result<ReleaseRequest> found = tx.Requests().Find(request);
  if (!found) return found.error();
  return found->patient_id;
}

}  // namespace

Status ValidateRetentionSettings(const RetentionSettings& settings) {
  if (settings.years < 1 || settings.years > 100) {
    return InvalidArgumentError("retention.years must be 1 to 100");
  }
  if (settings.job_batch < 1 || settings.job_batch > 1000) {
    return InvalidArgumentError("the retention job batch must be 1 to 1000");
  }
  return OkStatus();
}

RetentionReport RetentionService::NewReport(bool dry_run) const {
  const Date today = clock_.Today();
  return RetentionReport{.as_of = today,
                         .years = settings_.years,
                         .cutoff = today.AddYears(-settings_.years),
                         .dry_run = dry_run,
                         .eligible = {},
                         .held = {},
                         .purged = {},
                         .truncated = false};
}

Status RetentionService::Select(Transaction& tx, int limit, RetentionReport& report) const {
  RequestId after;
  for (;;) {
    Result<std::vector<RetentionCandidate>> page =
        tx.Retention().Candidates(report.cutoff, after, kPageSize);
    if (!page) return page.error();
    for (RetentionCandidate& candidate : *page) {
      after = candidate.request_id;
      if (candidate.held) {
        report.held.push_back(std::move(candidate));
        continue;
      }
      if (static_cast<int>(report.eligible.size()) == limit) {
        report.truncated = true;
        return OkStatus();
      }
      report.eligible.push_back(std::move(candidate));
    }
    if (static_cast<int>(page->size()) < kPageSize) return OkStatus();
  }
}

Result<std::optional<PurgeRecord>> RetentionService::PurgeOne(Transaction& tx,
                                                              const AuditActor& actor,
                                                              std::string_view via,
                                                              RequestId request,
                                                              const RetentionReport& report) const {
  // Checked again inside the purge's own transaction: a hold placed or a transition made since
  // the selection keeps the request.
  Result<RetentionCandidate> now = tx.Retention().Describe(request);
  if (!now) {
    if (now.error().code == ErrorCode::kNotFound) return std::optional<PurgeRecord>();
    return now.error();
  }
  if (now->held || !IsRetentionState(now->state) || !(now->last_effective_on < report.cutoff)) {
    return std::optional<PurgeRecord>();
  }
  Result<PurgeRecord> stored =
      tx.Retention().Purge(PurgeRecord{.id = 0,
                                       .request_id = now->request_id,
                                       .request_number = now->number,
                                       .patient_id = now->patient_id,
                                       .received_on = now->received_on,
                                       .last_effective_on = now->last_effective_on,
                                       .purged_micros = clock_.NowMicros(),
                                       .purged_by = actor.id,
                                       .purged_via = std::string(via),
                                       .retention_years = report.years});
  if (!stored) return stored.error();
  Status audited = audit_.RecordNote(
      tx, actor,
      AuditNote{.action = AuditAction::kDelete,
                .patient = now->patient_id,
                .entity_kind = "request",
                .entity_id = std::to_string(request.value),
                .detail = "retention purge after " + std::to_string(report.years) + " years"});
  if (!audited) return audited.error();
  return std::optional<PurgeRecord>(std::move(*stored));
}

Result<RetentionReport> RetentionService::Preview(const Principal& caller, int limit) {
  if (Status allowed = NeedRetention(caller); !allowed) return allowed.error();
  if (limit < 1) return InvalidArgumentError("limit must be positive");
  RetentionReport report = NewReport(true);
  Status status =
      store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        if (Status selected = Select(tx, limit, report); !selected) return selected;
        return audit_.RecordNote(tx, ActorOf(caller),
                                 AuditNote{.action = AuditAction::kRead,
                                           .patient = {},
                                           .entity_kind = "retention",
                                           .entity_id = {},
                                           .detail = "retention preview"});
      });
  if (!status) return status.error();
  return report;
}

Result<RetentionReport> RetentionService::Purge(OrganizationId organization,
                                                const AuditActor& actor, std::string_view via,
                                                bool dry_run, int limit) {
  if (limit < 1) return InvalidArgumentError("limit must be positive");
  RetentionReport report = NewReport(dry_run);
  Status selected = store_.InTransaction(
      organization, TxMode::kRead, [&](Transaction& tx) { return Select(tx, limit, report); });
  if (!selected) return selected.error();
  if (dry_run) return report;
  for (const RetentionCandidate& candidate : report.eligible) {
    Status purged = store_.InTransaction(organization, TxMode::kWrite, [&](Transaction& tx) {
      Result<std::optional<PurgeRecord>> record =
          PurgeOne(tx, actor, via, candidate.request_id, report);
      if (!record) return Status(record.error());
      if (*record) report.purged.push_back(std::move(**record));
      return OkStatus();
    });
    if (!purged) return purged.error();
  }
  return report;
}

Result<RetentionReport> RetentionService::PurgeIn(Transaction& tx) const {
  RetentionReport report = NewReport(false);
  if (Status selected = Select(tx, settings_.job_batch, report); !selected) {
    return selected.error();
  }
  const AuditActor system{.id = UserId(), .label = "system", .remote_address = ""};
  for (const RetentionCandidate& candidate : report.eligible) {
    Result<std::optional<PurgeRecord>> record =
        PurgeOne(tx, system, "job", candidate.request_id, report);
    if (!record) return record.error();
    if (*record) report.purged.push_back(std::move(**record));
  }
  return report;
}

void RetentionService::Register(JobRunner& runner) const {
  runner.Register(std::string(kRetentionPurgeJob), [this](Transaction& tx, const Job&) -> Status {
    if (!settings_.enabled) return OkStatus();
    Result<RetentionReport> report = PurgeIn(tx);
    if (!report) return report.error();
    return OkStatus();
  });
}

Result<int> RetentionService::SchedulePurges() const {
  if (!settings_.enabled) return 0;
  std::vector<Organization> organizations;
  Status listed = store_.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return all.error();
    organizations = std::move(*all);
    return OkStatus();
  });
  if (!listed) return listed.error();
  for (const Organization& organization : organizations) {
    Status scheduled =
        store_.InTransaction(organization.id, TxMode::kWrite, [&](Transaction& tx) -> Status {
          Job job{.kind = std::string(kRetentionPurgeJob),
                  .payload = "",
                  .dedupe_key = "purge",
                  .priority = 1,
                  .run_at_micros = clock_.NowMicros()};
          Result<Job> enqueued = tx.Jobs().Enqueue(job);
          if (!enqueued) return enqueued.error();
          return OkStatus();
        });
    if (!scheduled) return scheduled.error();
  }
  return static_cast<int>(organizations.size());
}

Result<LegalHold> RetentionService::Place(const Principal& caller, LegalHold hold) {
  if (Status allowed = NeedRetention(caller); !allowed) return allowed.error();
  hold.placed_by = caller.user.id;
  hold.placed_micros = clock_.NowMicros();
  std::optional<LegalHold> out;
  Status status =
      store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        Result<LegalHold> stored = tx.Retention().PlaceHold(hold);
        if (!stored) return stored.error();
        Result<PatientId> patient = PatientOf(tx, stored->patient_id, stored->request_id);
        if (!patient) return patient.error();
        out = *stored;
        return audit_.RecordNote(
            tx, ActorOf(caller),
            AuditNote{
                .action = AuditAction::kCreate,
                .patient = *patient,
                .entity_kind = "legal_hold",
                .entity_id = std::to_string(stored->id),
                .detail = stored->request_id.IsSet()
                              ? "legal hold on request " + std::to_string(stored->request_id.value)
                              : std::string("legal hold on patient")});
      });
  if (!status) return status.error();
  return std::move(*out);
}

Result<LegalHold> RetentionService::Release(const Principal& caller, PatientId patient,
                                            RequestId request, std::int64_t hold) {
  if (Status allowed = NeedRetention(caller); !allowed) return allowed.error();
  std::optional<LegalHold> out;
  Status status =
      store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        Result<LegalHold> found = tx.Retention().FindHold(hold);
        if (!found) return found.error();
        if (found->patient_id != patient || found->request_id != request) {
          return NotFoundError("legal hold " + std::to_string(hold) + " not found");
        }
        Result<LegalHold> released =
            tx.Retention().ReleaseHold(hold, caller.user.id, clock_.NowMicros());
        if (!released) return released.error();
        Result<PatientId> concerned = PatientOf(tx, patient, request);
        if (!concerned) return concerned.error();
        out = *released;
        return audit_.RecordNote(tx, ActorOf(caller),
                                 AuditNote{.action = AuditAction::kUpdate,
                                           .patient = *concerned,
                                           .entity_kind = "legal_hold",
                                           .entity_id = std::to_string(hold),
                                           .detail = "legal hold released"});
      });
  if (!status) return status.error();
  return std::move(*out);
}

Result<std::vector<LegalHold>> RetentionService::List(const Principal& caller, PatientId patient,
                                                      RequestId request) {
  if (Status allowed = NeedRetention(caller); !allowed) return allowed.error();
  std::vector<LegalHold> out;
  Status status =
      store_.InTransaction(caller.organization, TxMode::kWrite, [&](Transaction& tx) -> Status {
        Result<PatientId> concerned = patient;
        if (patient.IsSet()) {
          if (Result<Patient> found = tx.Patients().Find(patient); !found) return found.error();
        } else {
          concerned = PatientOf(tx, patient, request);
          if (!concerned) return concerned.error();
        }
        Result<std::vector<LegalHold>> holds = patient.IsSet()
                                                   ? tx.Retention().HoldsOnPatient(patient)
                                                   : tx.Retention().HoldsOnRequest(request);
        if (!holds) return holds.error();
        out = std::move(*holds);
        return audit_.RecordNote(
            tx, ActorOf(caller),
            AuditNote{.action = AuditAction::kRead,
                      .patient = *concerned,
                      .entity_kind = request.IsSet() ? "request" : "patient",
                      .entity_id = std::to_string(request.IsSet() ? request.value : patient.value),
                      .detail = "legal holds"});
      });
  if (!status) return status.error();
  return out;
}

Result<LegalHold> RetentionService::PlacePatientHold(const Principal& caller, PatientId patient,
                                                     const std::string& reason) {
  return Place(caller, LegalHold{.patient_id = patient, .reason = reason});
}

Result<LegalHold> RetentionService::PlaceRequestHold(const Principal& caller, RequestId request,
                                                     const std::string& reason) {
  return Place(caller, LegalHold{.request_id = request, .reason = reason});
}

Result<LegalHold> RetentionService::ReleasePatientHold(const Principal& caller, PatientId patient,
                                                       std::int64_t hold) {
  return Release(caller, patient, RequestId(), hold);
}

Result<LegalHold> RetentionService::ReleaseRequestHold(const Principal& caller, RequestId request,
                                                       std::int64_t hold) {
  return Release(caller, PatientId(), request, hold);
}

Result<std::vector<LegalHold>> RetentionService::PatientHolds(const Principal& caller,
                                                              PatientId patient) {
  return List(caller, patient, RequestId());
}

Result<std::vector<LegalHold>> RetentionService::RequestHolds(const Principal& caller,
                                                              RequestId request) {
  return List(caller, PatientId(), request);
}

}  // namespace roi
