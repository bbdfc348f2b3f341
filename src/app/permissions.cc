#include "app/permissions.h"

#include <array>
#include <cstddef>

namespace roi {
namespace {

constexpr std::size_t kPermissionCount = std::size(kAllPermissions);

struct PermissionRow {
  Permission permission;
  std::string_view name;
  // Order: roi_specialist, clinician, supervisor, billing, privacy_officer, administrator,
  // requester, patient (the order of Role).
  std::array<bool, 8> allowed;
};

// The matrix.  One row per permission, one column per role.
constexpr std::array<PermissionRow, kPermissionCount> kMatrix = {{
    //                                       spec   clin   sup    bill   priv   admin  reqr   pat
    {Permission::kReadPatients,
     "read_patients",
     {true, true, true, true, true, true, false, false}},
    {Permission::kWritePatients,
     "write_patients",
     {true, false, true, false, false, true, false, false}},
    {Permission::kManageRequests,
     "manage_requests",
     {true, false, true, false, false, false, false, false}},
    {Permission::kReviewRecords,
     "review_records",
     {true, true, true, false, true, false, false, false}},
    {Permission::kReleaseRecords,
     "release_records",
     {true, false, true, false, false, false, false, false}},
    {Permission::kManageBilling,
     "manage_billing",
     {false, false, true, true, false, false, false, false}},
    {Permission::kReadAudit, "read_audit", {false, false, true, false, true, true, false, false}},
    {Permission::kManageUsers,
     "manage_users",
     {false, false, false, false, false, true, false, false}},
    {Permission::kDecide, "decide", {true, true, true, false, true, false, false, false}},
    {Permission::kPortalSubmit,
     "portal_submit",
     {false, false, false, false, false, false, true, true}},
    {Permission::kPortalDownload,
     "portal_download",
     {false, false, false, false, false, false, true, true}},
    // Supervisors run the desk, privacy officers audit it, administrators oversee it.
    {Permission::kViewReports,
     "view_reports",
     {false, false, true, false, true, true, false, false}},
    // Legal holds and retention answer to the privacy officer (and the administrator).
    {Permission::kManageRetention,
     "manage_retention",
     {false, false, false, false, true, true, false, false}},
}};

const PermissionRow* FindRow(Permission permission) {
  for (const PermissionRow& row : kMatrix) {
    if (row.permission == permission) return &row;
  }
  return nullptr;
}

}  // namespace

std::string_view PermissionName(Permission permission) {
  const PermissionRow* row = FindRow(permission);
  return row == nullptr ? "unknown" : row->name;
}

Result<Permission> ParsePermission(std::string_view name) {
  for (const PermissionRow& row : kMatrix) {
    if (row.name == name) return row.permission;
  }
  return InvalidArgumentError("unknown permission");
}

bool Allows(Role role, Permission permission) {
  const PermissionRow* row = FindRow(permission);
  auto column = static_cast<std::size_t>(role);
  return row != nullptr && column < row->allowed.size() && row->allowed[column];
}

bool CanRelease(const User& user, Date today) {
  if (user.disabled || !user.release_authorized) return false;
  if (!Allows(user.role, Permission::kReleaseRecords)) return false;
  if (!user.training_attested_on || !user.training_expires_on) return false;
  return *user.training_attested_on <= today && today < *user.training_expires_on;
}

}  // namespace roi
