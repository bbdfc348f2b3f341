// The fixture and helpers shared by the contract suites: a Store from the factory under test,
// migrated, with two organizations (A and B) to check isolation between tenants.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "app/store.h"
#include "contract/store_factories.h"

namespace roi::contract {

// Runs `fn(transaction)` in one transaction bound to `organization` and returns its result; the
// transaction commits only if `fn` returned a value.
template <typename Fn>
auto InTx(Store& store, OrganizationId organization, TxMode mode, Fn fn)
    -> decltype(fn(std::declval<Transaction&>())) {
  std::optional<decltype(fn(std::declval<Transaction&>()))> out;
  Status status = store.InTransaction(organization, mode, [&](Transaction& tx) -> Status {
    out.emplace(fn(tx));
    if (!*out) return out->error();
    return OkStatus();
  });
  if (!status) return status.error();
  return std::move(*out);
}

// Like InTx, for a system transaction.
template <typename Fn>
auto InSystemTx(Store& store, TxMode mode, Fn fn)
    -> decltype(fn(std::declval<SystemTransaction&>())) {
  std::optional<decltype(fn(std::declval<SystemTransaction&>()))> out;
  Status status = store.InSystemTransaction(mode, [&](SystemTransaction& tx) -> Status {
    out.emplace(fn(tx));
    if (!*out) return out->error();
    return OkStatus();
  });
  if (!status) return status.error();
  return std::move(*out);
}

// A valid organization; tests change only what they are about.
inline Organization MakeOrganization(const std::string& slug) {
  return Organization{.id = {}, .name = "Org " + slug, .slug = slug, .state = "CA", .version = 0};
}

// A valid, obviously synthetic patient.
inline Patient MakePatient(const std::string& mrn, const std::string& family_name = "Testperson") {
  return Patient{.id = {},
                 .organization_id = {},
                 .mrn = mrn,
                 .given_name = "Sample",
                 .family_name = family_name,
                 .birth_date = *Date::FromYmd(1980, 2, 29),
                 .deceased_on = std::nullopt,
                 .phone = "555-0100",
                 .email = "sample@example.org",
                 .address = "1 Example Street",
                 .version = 0};
}

inline Result<Organization> CreateOrganization(Store& store, const std::string& slug) {
  return InSystemTx(store, TxMode::kWrite, [&](SystemTransaction& tx) {
    return tx.Organizations().Insert(MakeOrganization(slug));
  });
}

inline Result<Patient> InsertPatient(Store& store, OrganizationId organization,
                                     const Patient& patient) {
  return InTx(store, organization, TxMode::kWrite,
              [&](Transaction& tx) { return tx.Patients().Insert(patient); });
}

inline Result<Patient> FindPatient(Store& store, OrganizationId organization, PatientId id) {
  return InTx(store, organization, TxMode::kRead,
              [&](Transaction& tx) { return tx.Patients().Find(id); });
}

inline Result<Patient> UpdatePatient(Store& store, OrganizationId organization,
                                     const Patient& patient) {
  return InTx(store, organization, TxMode::kWrite,
              [&](Transaction& tx) { return tx.Patients().Update(patient); });
}

// The error code of a failed result (kInternal with a test failure when it succeeded).
template <typename T>
ErrorCode CodeOf(const Result<T>& result) {
  if (result) {
    ADD_FAILURE() << "expected an error, got a value";
    return ErrorCode::kInternal;
  }
  return result.error().code;
}

// A Store from the factory under test, not yet migrated.
template <typename Factory>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::optional<std::string> skip = factory_.SkipReason()) GTEST_SKIP() << *skip;
    Result<std::unique_ptr<Store>> opened = factory_.Open();
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  Store& Db() { return *store_; }

  Factory factory_;
  std::unique_ptr<Store> store_;
};

// A migrated Store with organizations A and B.
template <typename Factory>
class MigratedStoreTest : public StoreTest<Factory> {
 protected:
  void SetUp() override {
    StoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    Result<MigrationReport> migrated = this->Db().Migrate();
    ASSERT_TRUE(migrated) << migrated.error().ToString();
    Result<Organization> a = CreateOrganization(this->Db(), "org-a");
    ASSERT_TRUE(a) << a.error().ToString();
    Result<Organization> b = CreateOrganization(this->Db(), "org-b");
    ASSERT_TRUE(b) << b.error().ToString();
    org_a_ = a->id;
    org_b_ = b->id;
  }

  OrganizationId org_a_;
  OrganizationId org_b_;
};

}  // namespace roi::contract
