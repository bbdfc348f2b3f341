#include "domain/organization.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roi {
namespace {

// A valid organization; tests change only what they are about.
Organization MakeOrganization() {
  return Organization{.id = OrganizationId(1),
                      .name = "Riverbend Community Health",
                      .slug = "riverbend-2",
                      .state = "CA",
                      .version = 1};
}

TEST(OrganizationTest, ValidOrganizationPasses) {
  EXPECT_TRUE(ValidateOrganization(MakeOrganization()));
}

struct OrganizationCase {
  const char* what;
  std::string name;
  std::string slug;
  std::string state;
  bool valid;
};

TEST(OrganizationTest, ValidationTable) {
  const std::vector<OrganizationCase> cases = {
      {"empty name", "", "ok", "CA", false},
      {"name at 200 bytes", std::string(200, 'n'), "ok", "CA", true},
      {"name over 200 bytes", std::string(201, 'n'), "ok", "CA", false},
      {"empty slug", "Name", "", "CA", false},
      {"slug at 64", "Name", std::string(64, 'a'), "CA", true},
      {"slug over 64", "Name", std::string(65, 'a'), "CA", false},
      {"slug upper case", "Name", "Abc", "CA", false},
      {"slug with space", "Name", "a b", "CA", false},
      {"slug with underscore", "Name", "a_b", "CA", false},
      {"slug digits and dashes", "Name", "0-9-a", "CA", true},
      {"state lower case", "Name", "ok", "ca", false},
      {"state one letter", "Name", "ok", "C", false},
      {"state three letters", "Name", "ok", "CAL", false},
      {"state digits", "Name", "ok", "C1", false},
      {"state empty", "Name", "ok", "", false},
  };
  for (const OrganizationCase& c : cases) {
    Organization organization = MakeOrganization();
    organization.name = c.name;
    organization.slug = c.slug;
    organization.state = c.state;
    Status status = ValidateOrganization(organization);
    EXPECT_EQ(status.has_value(), c.valid) << c.what;
    if (!status) {
      EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << c.what;
    }
  }
}

TEST(OrganizationTest, ErrorNamesTheFieldNotTheValue) {
  Organization organization = MakeOrganization();
  organization.slug = "Secret Slug";
  Status status = ValidateOrganization(organization);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("slug"), std::string::npos);
  EXPECT_EQ(status.error().message.find("Secret"), std::string::npos);
}

Facility MakeFacility() {
  return Facility{.id = FacilityId(1),
                  .organization_id = OrganizationId(1),
                  .name = "North Clinic",
                  .npi = "",
                  .version = 1};
}

TEST(FacilityTest, ValidationTable) {
  struct Case {
    const char* what;
    std::string name;
    std::string npi;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"no npi", "Clinic", "", true},
      {"ten digit npi", "Clinic", "1234567893", true},
      {"nine digit npi", "Clinic", "123456789", false},
      {"eleven digit npi", "Clinic", "12345678931", false},
      {"npi with letter", "Clinic", "12345678a3", false},
      {"empty name", "", "", false},
      {"name over 200 bytes", std::string(201, 'n'), "", false},
  };
  for (const Case& c : cases) {
    Facility facility = MakeFacility();
    facility.name = c.name;
    facility.npi = c.npi;
    Status status = ValidateFacility(facility);
    EXPECT_EQ(status.has_value(), c.valid) << c.what;
    if (!status) {
      EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << c.what;
    }
  }
}

}  // namespace
}  // namespace roi
