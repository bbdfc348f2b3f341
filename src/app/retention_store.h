// RetentionRepository: the storage port of legal holds and of the retention purge
// (app/retention_service.h).  Reached through Transaction::Retention(), bound to the
// transaction's organization.
#pragma once

#include <cstdint>
#include <vector>

#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"
#include "domain/retention.h"

namespace roi {

// Interface; bound to the transaction's organization.
class RetentionRepository {
 public:
  virtual ~RetentionRepository() = default;

  // Stores a hold (id assigned; released fields ignored: a new hold is in force).  Returns
  // InvalidArgument as ValidateLegalHold, NotFound if its patient or request is not in this
  // organization.
  virtual Result<LegalHold> PlaceHold(const LegalHold& hold) = 0;
  // Returns NotFound if this organization has no hold with this id.
  virtual Result<LegalHold> FindHold(std::int64_t id) = 0;
  // Releases a hold in force.  Returns NotFound as FindHold, FailedPrecondition if it was released
  // already, InvalidArgument for an unset user or a time that is not positive.
  virtual Result<LegalHold> ReleaseHold(std::int64_t id, UserId by, std::int64_t micros) = 0;
  // Every hold (released ones too) placed on the patient itself, by id.
  virtual Result<std::vector<LegalHold>> HoldsOnPatient(PatientId patient) = 0;
  // Every hold (released ones too) placed on the request itself, by id.
  virtual Result<std::vector<LegalHold>> HoldsOnRequest(RequestId request) = 0;

  // Requests in a retention state (IsRetentionState) whose last effective date is before
  // `cutoff`, held ones included (flagged), with an id above `after`, by id, at most `limit`
  // (1..1000; InvalidArgument otherwise).
  virtual Result<std::vector<RetentionCandidate>> Candidates(Date cutoff, RequestId after,
                                                             int limit) = 0;
  // The request as Candidates describes it, whatever its state or dates.  Returns NotFound if it
  // is not in this organization.
  virtual Result<RetentionCandidate> Describe(RequestId request) = 0;
  // Removes the request's ROI documentation — the request, transitions, letters, notices, reviews,
  // notifications, invoice, credits, released holds, packets, deliveries and their events,
  // redactions, harm determinations, denial reviews, and the packets' vault content nothing else
  // holds — and stores `record` (id assigned).  Disclosure log entries are kept.  Returns
  // InvalidArgument as ValidatePurgeRecord, NotFound if not in this organization,
  // FailedPrecondition if not in a retention state or under an active hold (its own or patient's).
  virtual Result<PurgeRecord> Purge(const PurgeRecord& record) = 0;
  // Purge records with an id above `after_id`, by id, at most `limit` (1..1000).
  virtual Result<std::vector<PurgeRecord>> PurgeRecords(std::int64_t after_id, int limit) = 0;
};

}  // namespace roi
