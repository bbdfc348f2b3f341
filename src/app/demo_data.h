// LoadDemoData: fills a Store with a deterministic, obviously SYNTHETIC organization (slug "demo")
// so that a fresh install has something to show.  Nothing in it is a real person's data: names
// come from small made-up word lists, MRNs read DEMO-000123, phones are in the fictional
// 555-0100..0199 range, e-mail addresses use example.org.
#pragma once

#include <string>
#include <string_view>

#include "app/credentials.h"
#include "app/store.h"
#include "base/date.h"
#include "base/ids.h"
#include "base/result.h"

namespace roi {

// Value type.
struct DemoSummary {
  OrganizationId organization;
  int facilities = 0;
  int patients = 0;
  bool already_loaded = false;  // True when an earlier call had loaded the data.
  int users_created = 0;        // Demo users this call created (0 when all existed).
};

// The demo password printed by `openroi demo`.  Demo data only: never use it for real accounts.
inline constexpr std::string_view kDemoPassword = "demo-password-change-me";
// The demo sign-in printed by `openroi demo`: a release-authorized ROI specialist.
inline constexpr std::string_view kDemoLoginEmail = "specialist@demo.openroi.test";

// What LoadDemoData needs to create the demo users.  `hasher` must outlive the call.
struct DemoUserOptions {
  const PasswordHasher* hasher = nullptr;
  std::string password = std::string(kDemoPassword);
  Date today;  // Training attestations run from today for a year.
};

// The number of demo patients a load creates.
inline constexpr int kDemoPatientCount = 200;

// The fixed day demo ages are counted from (so the data never changes with the calendar).
Date DemoReferenceDate();

// Creates the "demo" organization (state CA) with 2 facilities and kDemoPatientCount patients
// aged 0 to 95, a few deceased.  Idempotent: if the organization already has facilities or
// patients, changes nothing and returns already_loaded = true with what is there.  The
// facilities and patients are written in one transaction, so a failed load leaves no partial
// data (at most the empty organization, which the next call fills).  Returns the Store's errors
// (FailedPrecondition before Migrate(), Unavailable, ...).
Result<DemoSummary> LoadDemoData(Store& store);

// Like LoadDemoData(store), and also creates the demo users that do not exist yet (each with
// `users.password`): admin@, specialist@ (release-authorized, trained from `users.today` for a
// year) and clinician@demo.openroi.test.  Returns InvalidArgument without a hasher.
Result<DemoSummary> LoadDemoData(Store& store, const DemoUserOptions& users);

}  // namespace roi
