#include "app/permissions.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

namespace roi {
namespace {

using P = Permission;

// The expected matrix, written out as the set of allowed (role, permission) pairs; every pair not
// listed must be denied.
const std::set<std::pair<Role, Permission>>& Expected() {
  static const std::set<std::pair<Role, Permission>> allowed = {
      {Role::kRoiSpecialist, P::kReadPatients},
      {Role::kRoiSpecialist, P::kWritePatients},
      {Role::kRoiSpecialist, P::kManageRequests},
      {Role::kRoiSpecialist, P::kReviewRecords},
      {Role::kRoiSpecialist, P::kReleaseRecords},
      {Role::kRoiSpecialist, P::kDecide},
      {Role::kClinician, P::kReadPatients},
      {Role::kClinician, P::kReviewRecords},
      {Role::kClinician, P::kDecide},
      {Role::kSupervisor, P::kReadPatients},
      {Role::kSupervisor, P::kWritePatients},
      {Role::kSupervisor, P::kManageRequests},
      {Role::kSupervisor, P::kReviewRecords},
      {Role::kSupervisor, P::kReleaseRecords},
      {Role::kSupervisor, P::kManageBilling},
      {Role::kSupervisor, P::kReadAudit},
      {Role::kSupervisor, P::kDecide},
      {Role::kBilling, P::kReadPatients},
      {Role::kBilling, P::kManageBilling},
      {Role::kPrivacyOfficer, P::kReadPatients},
      {Role::kPrivacyOfficer, P::kReviewRecords},
      {Role::kPrivacyOfficer, P::kReadAudit},
      {Role::kPrivacyOfficer, P::kDecide},
      {Role::kAdministrator, P::kReadPatients},
      {Role::kAdministrator, P::kWritePatients},
      {Role::kAdministrator, P::kReadAudit},
      {Role::kAdministrator, P::kManageUsers},
      {Role::kRequester, P::kPortalSubmit},
      {Role::kRequester, P::kPortalDownload},
      {Role::kPatient, P::kPortalSubmit},
      {Role::kPatient, P::kPortalDownload},
      {Role::kSupervisor, P::kViewReports},
      {Role::kPrivacyOfficer, P::kViewReports},
      {Role::kAdministrator, P::kViewReports},
      {Role::kPrivacyOfficer, P::kManageRetention},
      {Role::kAdministrator, P::kManageRetention},
  };
  return allowed;
}

TEST(PermissionsTest, EveryRoleAndPermissionMatchesTheMatrix) {
  for (Role role : kAllRoles) {
    for (Permission permission : kAllPermissions) {
      bool expected = Expected().count({role, permission}) > 0;
      EXPECT_EQ(Allows(role, permission), expected)
          << RoleName(role) << " x " << PermissionName(permission);
    }
  }
}

TEST(PermissionsTest, EveryPermissionHasAName) {
  std::set<std::string> names;
  for (Permission permission : kAllPermissions) {
    std::string name(PermissionName(permission));
    EXPECT_NE(name, "unknown");
    EXPECT_TRUE(names.insert(name).second) << name;
  }
}

User ReleaseUser() {
  return User{.role = Role::kRoiSpecialist,
              .release_authorized = true,
              .training_attested_on = *Date::FromYmd(2026, 1, 1),
              .training_expires_on = *Date::FromYmd(2027, 1, 1)};
}

TEST(PermissionsTest, CanReleaseNeedsAuthorizationAndCurrentTraining) {
  Date today = *Date::FromYmd(2026, 6, 1);
  EXPECT_TRUE(CanRelease(ReleaseUser(), today));
  EXPECT_FALSE(CanRelease(ReleaseUser(), *Date::FromYmd(2027, 1, 1)));    // Expired that day.
  EXPECT_FALSE(CanRelease(ReleaseUser(), *Date::FromYmd(2025, 12, 31)));  // Not yet attested.
  User user = ReleaseUser();
  user.release_authorized = false;
  EXPECT_FALSE(CanRelease(user, today));
  user = ReleaseUser();
  user.training_expires_on.reset();
  EXPECT_FALSE(CanRelease(user, today));
  user = ReleaseUser();
  user.role = Role::kClinician;
  EXPECT_FALSE(CanRelease(user, today));
  user = ReleaseUser();
  user.disabled = true;
  EXPECT_FALSE(CanRelease(user, today));
}

}  // namespace
}  // namespace roi
