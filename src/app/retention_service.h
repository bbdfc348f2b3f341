// RetentionService: legal holds on patients and requests, and the retention purge of ROI
// documentation.  A request is purged once it is closed, cancelled or released and its last
// effective date (the latest of its receipt, last transition, last disclosure and last letter) is
// more than `years` years before today, unless it or its patient is under an active legal hold.
// A purge removes the request and what hangs off it (app/retention_store.h Purge), leaves a purge
// record and records a `delete` audit event with the request's patient, all in one transaction
// per request.  Disclosure log entries are never purged here (the accounting of disclosures needs
// them).  The dry run reports the same selection and changes nothing.  docs/lifecycle.md,
// "Retention".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/job_runner.h"
#include "app/store.h"

namespace roi {

inline constexpr std::string_view kRetentionPurgeJob = "retention.purge";

// Value type.
struct RetentionSettings {
  int years = 6;         // 1..100: kept this long after the last effective date.
  bool enabled = false;  // Whether the periodic job purges (the CLI and the preview work anyway).
  int job_batch = 100;   // Requests one job run purges at most (the rest wait for the next run).
};

// Returns InvalidArgument naming retention.years outside 1..100.
Status ValidateRetentionSettings(const RetentionSettings& settings);

// What a purge (or its dry run) found and did.  Value type.
struct RetentionReport {
  Date as_of;
  int years = 0;
  Date cutoff;  // Requests whose last effective date is before this day are past retention.
  bool dry_run = true;
  std::vector<RetentionCandidate> eligible;  // Past retention and not held: purged (or would be).
  std::vector<RetentionCandidate> held;      // Past retention but under a legal hold: kept.
  std::vector<PurgeRecord> purged;           // Empty in a dry run.
  bool truncated = false;                    // Stopped at the limit; more remain.
};

// Thread-safe.  `store`, `clock` and `audit` must outlive it.
class RetentionService {
 public:
  RetentionService(Store& store, const Clock& clock, const AuditTrail& audit,
                   RetentionSettings settings)
      : store_(store), clock_(clock), audit_(audit), settings_(settings) {}

  const RetentionSettings& Settings() const { return settings_; }

  // Legal holds.  Each needs kManageRetention (PermissionDenied otherwise) and is audited with the
  // patient concerned.  Place returns InvalidArgument for a bad reason (1..500 bytes), NotFound
  // for a patient or request not in the caller's organization.  Release returns NotFound unless
  // the hold exists on that patient / request, FailedPrecondition if it was released already.
  Result<LegalHold> PlacePatientHold(const Principal& caller, PatientId patient,
                                     const std::string& reason);
  Result<LegalHold> PlaceRequestHold(const Principal& caller, RequestId request,
                                     const std::string& reason);
  Result<LegalHold> ReleasePatientHold(const Principal& caller, PatientId patient,
                                       std::int64_t hold);
  Result<LegalHold> ReleaseRequestHold(const Principal& caller, RequestId request,
                                       std::int64_t hold);
  // Every hold (released ones too) on the patient / request itself, by id.  NotFound as Place.
  Result<std::vector<LegalHold>> PatientHolds(const Principal& caller, PatientId patient);
  Result<std::vector<LegalHold>> RequestHolds(const Principal& caller, RequestId request);

  // The dry run for the caller's organization (kManageRetention), at most `limit` requests
  // listed; audited as "retention preview".
  Result<RetentionReport> Preview(const Principal& caller, int limit = 1000);

  // Purges (or, with `dry_run`, only reports) the organization's requests past retention, at
  // most `limit`, each in its own transaction, as `actor` through `via` ("command line", ...).
  Result<RetentionReport> Purge(OrganizationId organization, const AuditActor& actor,
                                std::string_view via, bool dry_run, int limit);

  // The periodic job's work inside its own transaction: purges up to settings().job_batch
  // requests of `tx`'s organization as the system (via "job").  Every purge is atomic; the whole
  // batch commits with the job.
  Result<RetentionReport> PurgeIn(Transaction& tx) const;

  // Registers the kRetentionPurgeJob handler on `runner` (it does nothing unless enabled).
  // REQUIRES: `this` outlives `runner`'s use.
  void Register(JobRunner& runner) const;
  // When enabled, schedules one purge job, due now, for every organization (one live job per
  // organization).  Returns how many were scheduled.
  Result<int> SchedulePurges() const;

 private:
  RetentionReport NewReport(bool dry_run) const;
  // Finds the requests past retention, at most `limit` eligible ones, into `report`.
  Status Select(Transaction& tx, int limit, RetentionReport& report) const;
  // Purges one request inside `tx` if it is still eligible; records the purge and the audit
  // event.  Returns the record, or nullopt when it no longer qualifies.
  Result<std::optional<PurgeRecord>> PurgeOne(Transaction& tx, const AuditActor& actor,
                                              std::string_view via, RequestId request,
                                              const RetentionReport& report) const;
  Result<LegalHold> Place(const Principal& caller, LegalHold hold);
  Result<LegalHold> Release(const Principal& caller, PatientId patient, RequestId request,
                            std::int64_t hold);
  Result<std::vector<LegalHold>> List(const Principal& caller, PatientId patient,
                                      RequestId request);

  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
  RetentionSettings settings_;
};

}  // namespace roi
