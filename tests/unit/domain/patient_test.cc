#include "domain/patient.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace roi {
namespace {

// A valid, synthetic patient; tests change only what they are about.
Patient MakePatient() {
  return Patient{.id = PatientId(1),
                 .organization_id = OrganizationId(1),
                 .mrn = "MRN-0001",
                 .given_name = "Sample",
                 .family_name = "Testperson",
                 .birth_date = *Date::FromYmd(1980, 2, 29),
                 .deceased_on = std::nullopt,
                 .phone = "555-0100",
                 .email = "sample@example.org",
                 .address = "1 Example Street",
                 .version = 1};
}

TEST(PatientTest, ValidPatientPasses) { EXPECT_TRUE(ValidatePatient(MakePatient())); }

struct PatientCase {
  const char* what;
  std::function<void(Patient&)> change;
  bool valid;
};

TEST(PatientTest, ValidationTable) {
  const std::vector<PatientCase> cases = {
      {"empty mrn", [](Patient& p) { p.mrn.clear(); }, false},
      {"mrn at 64", [](Patient& p) { p.mrn = std::string(64, '7'); }, true},
      {"mrn over 64", [](Patient& p) { p.mrn = std::string(65, '7'); }, false},
      {"mrn punctuation -_.", [](Patient& p) { p.mrn = "a-b_c.D9"; }, true},
      {"mrn with space", [](Patient& p) { p.mrn = "MRN 1"; }, false},
      {"mrn with slash", [](Patient& p) { p.mrn = "MRN/1"; }, false},
      {"mrn non-ascii", [](Patient& p) { p.mrn = "MRN\xc3\xa9"; }, false},
      {"empty given name", [](Patient& p) { p.given_name.clear(); }, false},
      {"given name over 200", [](Patient& p) { p.given_name = std::string(201, 'g'); }, false},
      {"empty family name", [](Patient& p) { p.family_name.clear(); }, false},
      {"family name at 200", [](Patient& p) { p.family_name = std::string(200, 'f'); }, true},
      {"family name over 200", [](Patient& p) { p.family_name = std::string(201, 'f'); }, false},
      {"deceased same day as birth", [](Patient& p) { p.deceased_on = p.birth_date; }, true},
      {"deceased before birth", [](Patient& p) { p.deceased_on = p.birth_date.AddDays(-1); },
       false},
      {"phone at 40", [](Patient& p) { p.phone = std::string(40, '5'); }, true},
      {"phone over 40", [](Patient& p) { p.phone = std::string(41, '5'); }, false},
      {"email over 254", [](Patient& p) { p.email = std::string(255, 'e'); }, false},
      {"address over 500", [](Patient& p) { p.address = std::string(501, 'a'); }, false},
      {"contact fields empty",
       [](Patient& p) {
         p.phone.clear();
         p.email.clear();
         p.address.clear();
       },
       true},
  };
  for (const PatientCase& c : cases) {
    Patient patient = MakePatient();
    c.change(patient);
    Status status = ValidatePatient(patient);
    EXPECT_EQ(status.has_value(), c.valid) << c.what;
    if (!status) {
      EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument) << c.what;
    }
  }
}

TEST(PatientTest, ErrorsNameFieldsNeverValues) {
  Patient patient = MakePatient();
  patient.family_name.clear();
  patient.mrn = "SECRET MRN";
  Status status = ValidatePatient(patient);
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("mrn"), std::string::npos);
  EXPECT_EQ(status.error().message.find("SECRET"), std::string::npos);
  patient = MakePatient();
  patient.deceased_on = patient.birth_date.AddDays(-3);
  status = ValidatePatient(patient);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message.find("1980"), std::string::npos);
}

}  // namespace
}  // namespace roi
