// Permissions: the one place that says which role may do what.  Every handler and use case asks
// Allows(role, permission) rather than testing roles itself.
#pragma once

#include <array>
#include <string_view>

#include "base/date.h"
#include "domain/user.h"

namespace roi {

enum class Permission {
  kReadPatients,
  kWritePatients,
  kManageRequests,
  kReviewRecords,
  kReleaseRecords,
  kManageBilling,
  kReadAudit,
  kManageUsers,
  kDecide,
  kPortalSubmit,
  kPortalDownload,
  kViewReports,      // Management reports (turnaround, backlog, volume, fees).
  kManageRetention,  // Legal holds and the retention purge's preview.
};

inline constexpr std::array<Permission, 13> kAllPermissions = {
    Permission::kReadPatients,   Permission::kWritePatients,  Permission::kManageRequests,
    Permission::kReviewRecords,  Permission::kReleaseRecords, Permission::kManageBilling,
    Permission::kReadAudit,      Permission::kManageUsers,    Permission::kDecide,
    Permission::kPortalSubmit,   Permission::kPortalDownload, Permission::kViewReports,
    Permission::kManageRetention};

// A stable snake_case name, e.g. "read_patients".
std::string_view PermissionName(Permission permission);

// The permission named `name` (PermissionName's inverse).  Returns InvalidArgument for an
// unknown name.
Result<Permission> ParsePermission(std::string_view name);

// True iff `role` has `permission`, per the table in permissions.cc.
bool Allows(Role role, Permission permission);

// True iff `user` may release records on `today`: enabled, role allows kReleaseRecords,
// release_authorized, and a training attestation on or before today that expires after today.
bool CanRelease(const User& user, Date today);

}  // namespace roi
