// Internal to roi_testing: the InMemoryStore's repositories.  Each reads from `view` and, in a
// write transaction, writes to `data` (the same object); `data` is null in read transactions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/store.h"
#include "testing/in_memory_store.h"

namespace roi::testing {

// Not thread-safe; lives inside one transaction.
class InMemoryOrganizations final : public OrganizationRepository {
 public:
  InMemoryOrganizations(InMemoryData* data, const InMemoryData& view) : data_(data), view_(view) {}
  Result<Organization> Insert(const Organization& organization) override;
  Result<Organization> Find(OrganizationId id) override;
  Result<Organization> FindBySlug(std::string_view slug) override;
  Result<std::vector<Organization>> List() override;
  Result<Organization> Update(const Organization& organization) override;

 private:
  bool SlugTaken(const std::string& slug, OrganizationId except) const;
  InMemoryData* data_;
  const InMemoryData& view_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryFacilities final : public FacilityRepository {
 public:
  InMemoryFacilities(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Facility> Insert(const Facility& facility) override;
  Result<Facility> Find(FacilityId id) override;
  Result<std::vector<Facility>> List() override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryPatients final : public PatientRepository {
 public:
  InMemoryPatients(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Patient> Insert(const Patient& patient) override;
  Result<Patient> Find(PatientId id) override;
  Result<Patient> FindByMrn(std::string_view mrn) override;
  Result<std::vector<Patient>> List(const PatientQuery& query) override;
  Result<Patient> Update(const Patient& patient) override;
  Result<std::int64_t> Count() override;

 private:
  bool MrnTaken(const std::string& mrn, PatientId except) const;
  bool Matches(const Patient& patient, const PatientQuery& query) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryUsers final : public UserRepository {
 public:
  InMemoryUsers(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<User> Insert(const User& user) override;
  Result<User> Find(UserId id) override;
  Result<User> FindByEmail(std::string_view email) override;
  Result<std::vector<User>> List() override;
  Result<User> Update(const User& user) override;

 private:
  bool EmailTaken(const std::string& email, UserId except) const;
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemorySessions final : public SessionRepository {
 public:
  InMemorySessions(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Session> Insert(const Session& session) override;
  Result<Session> FindByTokenHash(std::string_view token_hash) override;
  Status Touch(std::string_view token_hash, std::int64_t last_seen_micros) override;
  Status Delete(std::string_view token_hash) override;
  Result<std::int64_t> DeleteForUser(UserId user) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; bound to one organization inside one transaction.
class InMemoryJobs final : public JobRepository {
 public:
  InMemoryJobs(InMemoryData* data, const InMemoryData& view, OrganizationId organization)
      : data_(data), view_(view), organization_(organization) {}
  Result<Job> Enqueue(const Job& job) override;
  Result<Job> Find(JobId id) override;
  Result<std::int64_t> CancelPending(std::string_view kind, std::string_view dedupe_key) override;
  Status Complete(JobId id, std::string_view owner, std::int64_t now_micros) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
  OrganizationId organization_;
};

// Not thread-safe; lives inside one system transaction.
class InMemoryJobQueue final : public JobQueue {
 public:
  InMemoryJobQueue(InMemoryData* data, const InMemoryData& view) : data_(data), view_(view) {}
  Result<std::vector<Job>> Claim(std::string_view owner, std::int64_t now_micros,
                                 std::int64_t lease_micros, int limit) override;
  Status Fail(JobId id, std::string_view owner, std::string_view error,
              std::optional<std::int64_t> retry_at_micros) override;

 private:
  InMemoryData* data_;
  const InMemoryData& view_;
};

// Returns FailedPrecondition when `data` is null (a read transaction).
Status RequireWrite(const InMemoryData* data);

}  // namespace roi::testing
