#include "app/demo_data.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace roi {
namespace {

constexpr std::string_view kSlug = "demo";

constexpr std::array<std::string_view, 20> kGivenNames = {
    "Alpha", "Bravo", "Cedar",  "Delta",  "Ember", "Fable", "Garnet", "Harbor", "Indigo", "Juniper",
    "Kite",  "Lumen", "Meadow", "Nimbus", "Onyx",  "Pixel", "Quartz", "Ripple", "Sonnet", "Tundra"};

constexpr std::array<std::string_view, 12> kFamilyNames = {
    "Testperson", "Sampleton",  "Exampleby", "Placeholder", "Demoson",   "Mockworth",
    "Fakeley",    "Synthfield", "Dummyhill", "Specimenta",  "Trialford", "Prototyp"};

constexpr std::array<std::string_view, 5> kStreets = {
    "Sample Street", "Example Avenue", "Test Lane", "Placeholder Road", "Synthetic Way"};

std::string ZeroPad(int value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

// The i-th demo patient (0-based).  Pure arithmetic on i: the same every run.
Patient DemoPatient(int i) {
  const auto n = static_cast<std::size_t>(i);
  const Date today = DemoReferenceDate();
  const int age_years = (i * 37) % 96;
  const Date birth = today.AddYears(-age_years).AddDays(-((i * 53) % 365));
  std::optional<Date> deceased;
  if (i % 25 == 7) deceased = birth.AddDays(birth.DaysUntil(today) * 3 / 4);
  return Patient{.id = {},
                 .organization_id = {},
                 .mrn = "DEMO-" + ZeroPad(i + 1, 6),
                 .given_name = std::string(kGivenNames[n % kGivenNames.size()]),
                 .family_name = std::string(kFamilyNames[(n * 7 + n / 20) % kFamilyNames.size()]),
                 .birth_date = birth,
                 .deceased_on = deceased,
                 .phone = "555-01" + ZeroPad(i % 100, 2),
                 .email = "demo.patient" + std::to_string(i + 1) + "@example.org",
                 .address = std::to_string(100 + i) + " " +
                            std::string(kStreets[n % kStreets.size()]) + ", Exampleville, CA",
                 .version = 0};
}

std::array<Facility, 2> DemoFacilities() {
  return {Facility{.id = {},
                   .organization_id = {},
                   .name = "Demo General Hospital",
                   .npi = "",
                   .version = 0},
          Facility{.id = {},
                   .organization_id = {},
                   .name = "Demo Community Clinic",
                   .npi = "",
                   .version = 0}};
}

// Finds the demo organization, creating it if missing.
Result<Organization> EnsureOrganization(Store& store) {
  std::optional<Organization> organization;
  Status status = store.InSystemTransaction(TxMode::kWrite, [&](SystemTransaction& tx) -> Status {
    Result<Organization> found = tx.Organizations().FindBySlug(kSlug);
    if (!found && found.error().code != ErrorCode::kNotFound) return found.error();
    if (!found) {
      found = tx.Organizations().Insert(Organization{.id = {},
                                                     .name = "Demo Health (synthetic data)",
                                                     .slug = std::string(kSlug),
                                                     .state = "CA",
                                                     .version = 0,
                                                     .entity_type = EntityType::kHospital});
    }
    if (!found) return found.error();
    organization = *found;
    return OkStatus();
  });
  if (!status) return status.error();
  return *organization;
}

// Inserts the facilities and patients unless the organization already has some.
Status Fill(Transaction& tx, DemoSummary& summary) {
  Result<std::vector<Facility>> facilities = tx.Facilities().List();
  if (!facilities) return facilities.error();
  Result<std::int64_t> patients = tx.Patients().Count();
  if (!patients) return patients.error();
  if (!facilities->empty() || *patients > 0) {
    summary.facilities = static_cast<int>(facilities->size());
    summary.patients = static_cast<int>(*patients);
    summary.already_loaded = true;
    return OkStatus();
  }
  for (const Facility& facility : DemoFacilities()) {
    if (Result<Facility> stored = tx.Facilities().Insert(facility); !stored) return stored.error();
    ++summary.facilities;
  }
  for (int i = 0; i < kDemoPatientCount; ++i) {
    if (Result<Patient> stored = tx.Patients().Insert(DemoPatient(i)); !stored) {
      return stored.error();
    }
    ++summary.patients;
  }
  return OkStatus();
}

struct DemoUser {
  std::string_view email;
  std::string_view name;
  Role role;
  bool release_authorized;
};

constexpr std::array<DemoUser, 3> kDemoUsers = {{
    {"admin@demo.openroi.test", "Demo Administrator", Role::kAdministrator, false},
    {kDemoLoginEmail, "Demo Specialist", Role::kRoiSpecialist, true},
    {"clinician@demo.openroi.test", "Demo Clinician", Role::kClinician, false},
}};

// Inserts each demo user that does not exist yet, counting them in `summary.users_created`.
Status AddUsers(Transaction& tx, const DemoUserOptions& options, const std::string& hash,
                DemoSummary& summary) {
  for (const DemoUser& demo : kDemoUsers) {
    Result<User> found = tx.Users().FindByEmail(demo.email);
    if (found) continue;
    if (found.error().code != ErrorCode::kNotFound) return found.error();
    User user{.email = std::string(demo.email),
              .display_name = std::string(demo.name),
              .role = demo.role,
              .password_hash = hash,
              .release_authorized = demo.release_authorized};
    if (demo.release_authorized) {
      user.training_attested_on = options.today;
      user.training_expires_on = options.today.AddYears(1);
    }
    if (Result<User> stored = tx.Users().Insert(user); !stored) return stored.error();
    ++summary.users_created;
  }
  return OkStatus();
}

}  // namespace

Result<DemoSummary> LoadDemoData(Store& store, const DemoUserOptions& users) {
  if (users.hasher == nullptr) return InvalidArgumentError("demo users need a password hasher");
  Result<std::string> hash = users.hasher->Hash(users.password);
  if (!hash) return hash.error();
  Result<DemoSummary> summary = LoadDemoData(store);
  if (!summary) return summary;
  Status added = store.InTransaction(summary->organization, TxMode::kWrite, [&](Transaction& tx) {
    summary->users_created = 0;
    return AddUsers(tx, users, *hash, *summary);
  });
  if (!added) return added.error();
  return summary;
}

Date DemoReferenceDate() { return *Date::FromYmd(2025, 1, 1); }

Result<DemoSummary> LoadDemoData(Store& store) {
  Result<Organization> organization = EnsureOrganization(store);
  // Another loader may have created it at the same moment; the second attempt finds it.
  if (!organization && organization.error().code == ErrorCode::kAlreadyExists) {
    organization = EnsureOrganization(store);
  }
  if (!organization) return organization.error();
  DemoSummary summary{.organization = organization->id};
  Status filled = store.InTransaction(organization->id, TxMode::kWrite, [&](Transaction& tx) {
    summary.facilities = 0;
    summary.patients = 0;
    summary.already_loaded = false;
    return Fill(tx, summary);
  });
  if (!filled) return filled.error();
  return summary;
}

}  // namespace roi
