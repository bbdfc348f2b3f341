// PatientAccess: the assignment rule and break-the-glass (docs/security.md, "Break-the-glass").
//
// Rule.  Users of an assignment-scoped role (the organization's list, else the deployment's
// `security.assignment_scoped_roles`, by default clinician) may read or change a
// patient's data only while they are assigned to that patient's open work: an open request of the
// patient (not released, denied, closed or cancelled) is assigned to them, or has a review task
// assigned to them that is not cancelled.  Other roles are not scoped: the ROI desk (specialists,
// supervisors), billing, the privacy office and administrators work across the organization's
// patients, and the permission matrix (app/permissions.h) limits what each may do.
//
// Break-the-glass.  A scoped user may open a patient outside the rule by stating a reason
// (BreakGlass): a time-limited grant is stored, a kBreakGlass audit event is recorded in the same
// transaction, and the grant is the privacy office's notification (Grants lists them).
//
// Enforcement.  PatientAccess is the PatientAccessGuard that AuditTrail::RecordNote consults, so
// every use case that names a patient in its audit note is checked in its own transaction before
// it commits; a refusal rolls the use case back and nothing of the patient leaves the service.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/audit_trail.h"
#include "app/auth_service.h"
#include "app/clock.h"
#include "app/store.h"

namespace roi {

// The rule's settings.  Value type.
struct PatientAccessRules {
  // Roles limited to assigned patients where the organization keeps no list of its own
  // (Organization::assignment_scoped_roles).
  std::vector<Role> scoped_roles = {Role::kClinician};
  std::int64_t break_glass_minutes = 60;  // How long a grant lasts (1..1440).
};

// The roles named in `text`, comma-separated (spaces allowed; "none" or "" is none).  Returns
// InvalidArgument naming an unknown role or one that cannot read patients (requester, patient).
Result<std::vector<Role>> ParseRoleList(std::string_view text);

// Returns InvalidArgument for a grant length outside 1..1440 minutes or a scoped role that may not
// read patients anyway (requester, patient).
Status ValidatePatientAccessRules(const PatientAccessRules& rules);

// The PermissionDenied error of a refused patient access: detail {path "break_glass", message
// "break_glass_required"}, which the web UI answers by asking for a reason.
Error BreakGlassRequiredError(PatientId patient);
// True iff `error` is BreakGlassRequiredError's.
bool IsBreakGlassRequired(const Error& error);

// Value type: one page of grants for the auditors.
struct BreakGlassPage {
  std::vector<BreakGlassGrant> grants;
  BreakGlassId next_after;  // Pass as `after_id` for the next page; unset on the last page.
};

// Thread-safe.  `store`, `clock` and `audit` must outlive it.
class PatientAccess final : public PatientAccessGuard {
 public:
  PatientAccess(Store& store, const Clock& clock, const AuditTrail& audit,
                PatientAccessRules rules = {})
      : store_(store), clock_(clock), audit_(audit), rules_(std::move(rules)) {}

  // True iff `role` is limited to assigned patients in `tx`'s organization: its own list, else
  // the rules' default.
  Result<bool> IsScoped(Transaction& tx, Role role) const;

  // PatientAccessGuard: OK for an unscoped role, an assigned user, or a user with a live grant.
  Status Check(Transaction& tx, UserId user, Role role, PatientId patient) const override;

  // Opens `patient` to the caller for the configured minutes, for `reason` (at least
  // kMinBreakGlassReasonBytes once trimmed).  Records a kBreakGlass event in the same
  // transaction.  Returns InvalidArgument for a short, long or malformed reason, NotFound unless
  // the patient is in the caller's organization, FailedPrecondition when the caller's role is not
  // scoped (there is nothing to break), PermissionDenied for an API token (a person must state
  // the reason).
  Result<BreakGlassGrant> BreakGlass(const Principal& caller, PatientId patient,
                                     std::string_view reason) const;

  // The organization's grants matching `query`, for the privacy office; records a read event.
  // Returns PermissionDenied unless the caller may read the audit trail, InvalidArgument for a
  // bad limit.
  Result<BreakGlassPage> Grants(const Principal& caller, const BreakGlassQuery& query) const;

  const PatientAccessRules& Rules() const { return rules_; }

 private:
  Store& store_;
  const Clock& clock_;
  const AuditTrail& audit_;
  PatientAccessRules rules_;
};

}  // namespace roi
