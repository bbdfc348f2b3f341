// RequestService::RematchPatient: moves a request from a pending-match patient (created by a portal
// submission whose patient did not match exactly) to the patient staff chose, in one transaction
// with its re-decision and audit events.  See docs/lifecycle.md "Re-matching the patient".
#include <optional>
#include <string>

#include "app/patient_match_store.h"
#include "app/request_service.h"

namespace roi {
namespace {

std::string Id(std::int64_t value) { return std::to_string(value); }

}  // namespace

Result<RequestView> RequestService::RematchPatient(const Principal& caller, RequestId id,
                                                   PatientId to, std::string_view to_mrn) {
  if (!to.IsSet() && to_mrn.empty()) {
    return InvalidArgumentError("patient_id or patient_mrn is required");
  }
  if (to_mrn.size() > 64) return InvalidArgumentError("patient_mrn is over 64 bytes");
  Result<Organization> organization = CallerOrganization(caller);
  if (!organization) return organization.error();
  std::optional<RequestView> out;
  Status status = InOrganization(
      caller, TxMode::kWrite, "re-match request patient",
      [&](Transaction& tx, AuditNote& note) -> Status {
        Result<ReleaseRequest> request = tx.Requests().Find(id);
        if (!request) return request.error();
        if (!to.IsSet()) {
          Result<Patient> named = tx.Patients().FindByMrn(to_mrn);
          if (!named) {
            if (named.error().code == ErrorCode::kNotFound ||
                named.error().code == ErrorCode::kInvalidArgument) {
              return NotFoundError("no patient with this MRN");
            }
            return named.error();
          }
          to = named->id;
        }
        auto request_note = [&](const ReleaseRequest& r, AuditAction action, std::string detail) {
          note = AuditNote{.action = action,
                           .patient = r.patient_id,
                           .entity_kind = "request",
                           .entity_id = Id(r.id.value),
                           .detail = std::move(detail)};
        };
        // A retry of a re-match that committed: the request as it is (read, not changed).
        Result<PatientRematch> earlier = tx.PatientMatches().ForRequest(id);
        if (earlier) {
          if (earlier->to_patient_id != to || request->patient_id != to) {
            return FailedPreconditionError("request " + Id(id.value) +
                                           " was already re-matched to another patient");
          }
          request_note(*request, AuditAction::kRead, "re-match patient: already matched");
          Result<RequestView> view = View(tx, *request);
          if (!view) return view.error();
          out = std::move(*view);
          return OkStatus();
        }
        if (earlier.error().code != ErrorCode::kNotFound) return earlier.error();
        Result<Patient> pending = tx.Patients().Find(request->patient_id);
        if (!pending) return pending.error();
        if (!IsPendingMatchMrn(pending->mrn)) {
          return FailedPreconditionError("the request's patient is not a pending match");
        }
        if (!IsOpenState(request->state)) {
          return FailedPreconditionError("a " + std::string(RequestStateName(request->state)) +
                                         " request cannot be re-matched");
        }
        Result<Patient> target = tx.Patients().Find(to);
        if (!target) return target.error();
        if (IsPendingMatchMrn(target->mrn)) {
          return InvalidArgumentError(
              "patient_id must name a matched patient, not a pending match");
        }
        PatientMatchRepository& matches = tx.PatientMatches();
        if (Status moved = matches.MoveRequest(id, to); !moved) return moved;
        Result<std::int64_t> remaining = matches.RequestCount(pending->id);
        if (!remaining) return remaining.error();
        // The pending patient's documents go with its last request: a portal submission makes a
        // pending patient per request, so they are that request's uploads.
        std::int64_t documents_moved = 0;
        if (*remaining == 0) {
          Result<std::int64_t> moved = matches.MoveDocuments(pending->id, to);
          if (!moved) return moved.error();
          documents_moved = *moved;
        }
        const bool merged = *remaining == 0;
        if (Status recorded = matches.Record({.request_id = id,
                                              .from_patient_id = pending->id,
                                              .to_patient_id = to,
                                              .matched_by = caller.user.id,
                                              .matched_micros = clock_.NowMicros(),
                                              .documents_moved = documents_moved,
                                              .pending_merged = merged});
            !recorded) {
          return recorded;
        }
        Result<ReleaseRequest> moved = tx.Requests().Find(id);
        if (!moved) return moved.error();
        if (Status decided = Decide(tx, *organization, *moved); !decided) return decided;
        Result<ReleaseRequest> stored = tx.Requests().Update(*moved);
        if (!stored) return stored.error();
        // The pending patient's own event: what happened to that record.
        if (Status recorded = audit_.RecordNote(
                tx, ActorOf(caller),
                {.action = AuditAction::kUpdate,
                 .patient = pending->id,
                 .entity_kind = "patient",
                 .entity_id = Id(pending->id.value),
                 .detail = std::string(merged ? "pending match merged into patient "
                                              : "pending match: request moved to patient ") +
                           Id(to.value) + "; request " + Id(id.value)});
            !recorded) {
          return recorded;
        }
        request_note(*stored, AuditAction::kUpdate,
                     "patient re-matched from pending patient " + Id(pending->id.value) + "; " +
                         Id(documents_moved) + " documents moved; re-decided");
        Result<RequestView> view = View(tx, *stored);
        if (!view) return view.error();
        out = std::move(*view);
        return OkStatus();
      });
  if (!status) return status.error();
  return std::move(*out);
}

}  // namespace roi
