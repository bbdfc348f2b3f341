// LoadDemoData: fills a Store with a deterministic, obviously SYNTHETIC organization (slug "demo")
// so that a fresh install has something to show.  Nothing in it is a real person's data: names
// come from small made-up word lists, MRNs read DEMO-000123, phones are in the fictional
// 555-0100..0199 range, e-mail addresses use example.org.
#pragma once

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

}  // namespace roi
