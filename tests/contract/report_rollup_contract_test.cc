// Contract of the volume and turnaround reports under change: the SQL adapters answer them from
// daily rollups that triggers keep (migration 26), the fake from the rows themselves; after every
// kind of change (new requests, state changes, a completion, a due date moved after completion, a
// purge) both reports must equal what the requests themselves say, computed here from a model of
// what was stored, for several windows, and never count another organization's requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "contract/contract_fixture.h"

namespace roi::contract {
namespace {

Date Day(int y, int m, int d) { return *Date::FromYmd(y, m, d); }

constexpr std::int64_t kDay = 86'400'000'000;

// What the test stored about one request of organization A.
struct Modeled {
  RequestId id;
  std::string number;
  Date received;
  std::string role;
  RequestState state = RequestState::kReceived;
  std::optional<Date> due;
  std::optional<std::int64_t> completed_micros;  // Transition into released or denied.
  bool purged = false;
};

template <typename Factory>
class ReportRollupContractTest : public MigratedStoreTest<Factory> {
 protected:
  void SetUp() override {
    MigratedStoreTest<Factory>::SetUp();
    if (this->IsSkipped() || this->HasFatalFailure()) return;
    for (OrganizationId organization : {this->org_a_, this->org_b_}) {
      Result<User> user = Write(
          [](Transaction& tx) {
            return tx.Users().Insert(
                User{.email = "desk@example.test",
                     .display_name = "Sample Desk",
                     .role = Role::kPrivacyOfficer,
                     .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"});
          },
          organization);
      ASSERT_TRUE(user) << user.error().ToString();
      Result<Patient> patient =
          InsertPatient(this->Db(), organization, MakePatient("MRN-1", "Testpatient Alpha"));
      ASSERT_TRUE(patient) << patient.error().ToString();
      Result<Requester> requester = Write(
          [](Transaction& tx) {
            return tx.Requesters().Insert(
                Requester{.role = "attorney", .name = "Sample Law Office"});
          },
          organization);
      ASSERT_TRUE(requester) << requester.error().ToString();
      users_[organization.value] = user->id;
      patients_[organization.value] = patient->id;
      requesters_[organization.value] = requester->id;
    }
  }

  template <typename Fn>
  auto Write(Fn fn, OrganizationId organization = {}) {
    return InTx(this->Db(), organization.IsSet() ? organization : this->org_a_, TxMode::kWrite, fn);
  }
  template <typename Fn>
  auto Read(Fn fn) {
    return InTx(this->Db(), this->org_a_, TxMode::kRead, fn);
  }

  Status Complete(Transaction& tx, OrganizationId organization, RequestId id, RequestState to,
                  std::int64_t at_micros, const std::string& key) {
    return tx.Requests().AddTransition(
        RequestTransition{.request_id = id,
                          .event = WorkflowEvent{.action = RequestAction::kRelease,
                                                 .from = RequestState::kReadyToRelease,
                                                 .to = to,
                                                 .actor = users_[organization.value],
                                                 .at_micros = at_micros,
                                                 .idempotency_key = key},
                          .note = ""});
  }

  // Stores `request` (and its completion) in `organization`; models it when in organization A.
  void Add(Modeled request, OrganizationId organization = {}) {
    if (!organization.IsSet()) organization = this->org_a_;
    Result<ReleaseRequest> stored = Write(
        [&](Transaction& tx) -> Result<ReleaseRequest> {
          Result<ReleaseRequest> inserted = tx.Requests().Insert(ReleaseRequest{
              .number = request.number,
              .patient_id = patients_[organization.value],
              .requester_id = requesters_[organization.value],
              .requester_role = request.role,
              .received_on = request.received,
              .received_micros = request.received.DaysSinceEpoch() * kDay + kDay / 3,
              .facts = RequestFacts{.basis = "authorization", .purpose = "litigation"},
              .state = request.state,
              .due_on = request.due});
          if (!inserted) return inserted;
          if (request.completed_micros) {
            Status done = Complete(tx, organization, inserted->id, request.state,
                                   *request.completed_micros, "done-" + request.number);
            if (!done) return done.error();
          }
          return inserted;
        },
        organization);
    ASSERT_TRUE(stored) << stored.error().ToString();
    request.id = stored->id;
    if (organization == this->org_a_) model_.push_back(request);
  }

  Modeled& Model(const std::string& number) {
    for (Modeled& m : model_) {
      if (m.number == number) return m;
    }
    ADD_FAILURE() << "no modeled request " << number;
    return model_.front();
  }

  // Replaces the stored request's state and due date with the model's.
  void Save(const Modeled& m) {
    Result<ReleaseRequest> updated = Write([&](Transaction& tx) -> Result<ReleaseRequest> {
      Result<ReleaseRequest> found = tx.Requests().Find(m.id);
      if (!found) return found;
      found->state = m.state;
      found->due_on = m.due;
      return tx.Requests().Update(*found);
    });
    ASSERT_TRUE(updated) << updated.error().ToString();
  }

  std::vector<VolumeGroup> ExpectedVolume(Date from, Date to) const {
    std::map<std::pair<std::string, std::string>, std::int64_t> counts;
    for (const Modeled& m : model_) {
      if (m.purged || m.received < from || to < m.received) continue;
      ++counts[{m.role, std::string(RequestStateName(m.state))}];
    }
    std::vector<VolumeGroup> out;
    for (const auto& [key, count] : counts) {
      Result<RequestState> state = ParseRequestState(key.second);
      out.push_back({.requester_role = key.first, .state = *state, .count = count});
    }
    return out;
  }

  std::vector<TurnaroundGroup> ExpectedTurnaround(Date from, Date to) const {
    std::map<int, TurnaroundGroup> groups;
    for (const Modeled& m : model_) {
      if (m.purged || !m.completed_micros) continue;
      Date done = Date::FromDaysSinceEpoch(static_cast<int>(*m.completed_micros / kDay));
      if (done < from || to < done) continue;
      int days = done.DaysSinceEpoch() - m.received.DaysSinceEpoch();
      TurnaroundGroup& group = groups[days];
      group.days = days;
      ++group.completed;
      if (m.due) {
        ++group.with_due;
        if (!(*m.due < done)) ++group.on_time;
      }
    }
    std::vector<TurnaroundGroup> out;
    for (const auto& [days, group] : groups) out.push_back(group);
    return out;
  }

  // Both reports equal the model for several windows.
  void ExpectReportsMatch(const std::string& when) {
    const std::vector<std::pair<Date, Date>> windows = {
        {Day(2026, 1, 1), Day(2026, 12, 31)}, {Day(2026, 1, 1), Day(2026, 1, 31)},
        {Day(2026, 2, 10), Day(2026, 3, 5)},  {Day(2026, 3, 1), Day(2026, 3, 1)},
        {Day(2025, 1, 1), Day(2025, 12, 31)}, {Day(2020, 1, 1), Day(2030, 12, 31)}};
    for (const auto& [from, to] : windows) {
      SCOPED_TRACE(when + ", window " + from.ToString() + " to " + to.ToString());
      Result<std::vector<VolumeGroup>> volume =
          Read([&](Transaction& tx) { return tx.Reports().Volume(from, to); });
      ASSERT_TRUE(volume) << volume.error().ToString();
      std::vector<VolumeGroup> sorted = *volume;
      EXPECT_EQ(sorted, ExpectedVolume(from, to));
      Result<std::vector<TurnaroundGroup>> turnaround =
          Read([&](Transaction& tx) { return tx.Reports().Turnaround(from, to); });
      ASSERT_TRUE(turnaround) << turnaround.error().ToString();
      EXPECT_EQ(*turnaround, ExpectedTurnaround(from, to));
    }
  }

  std::map<std::int64_t, UserId> users_;
  std::map<std::int64_t, PatientId> patients_;
  std::map<std::int64_t, RequesterId> requesters_;
  std::vector<Modeled> model_;
};
TYPED_TEST_SUITE(ReportRollupContractTest, Implementations, ImplementationNames);

TYPED_TEST(ReportRollupContractTest, ReportsFollowEveryChangeToTheRequests) {
  // Organization A: two roles, several days, open and finished, completed late, on time, without
  // a due date, on the day of receipt, and at the last microsecond of a day.
  const std::int64_t noon = kDay / 2;
  auto at = [&](Date day, std::int64_t within) { return day.DaysSinceEpoch() * kDay + within; };
  this->Add({.number = "R-2026-000001",
             .received = Day(2026, 1, 5),
             .role = "attorney",
             .state = RequestState::kReleased,
             .due = Day(2026, 2, 4),
             .completed_micros = at(Day(2026, 1, 15), noon)});
  this->Add({.number = "R-2026-000002",
             .received = Day(2026, 1, 5),
             .role = "attorney",
             .state = RequestState::kDenied,
             .due = Day(2026, 1, 20),
             .completed_micros = at(Day(2026, 2, 10), noon)});
  this->Add({.number = "R-2026-000003",
             .received = Day(2026, 1, 5),
             .role = "insurer",
             .state = RequestState::kReleased,
             .due = std::nullopt,
             .completed_micros = at(Day(2026, 1, 5), 1)});
  this->Add({.number = "R-2026-000004",
             .received = Day(2026, 2, 18),
             .role = "insurer",
             .state = RequestState::kReleased,
             .due = Day(2026, 2, 28),
             .completed_micros = at(Day(2026, 2, 28), kDay - 1)});
  this->Add({.number = "R-2026-000005",
             .received = Day(2026, 2, 20),
             .role = "attorney",
             .state = RequestState::kRetrieving,
             .due = Day(2026, 3, 22)});
  this->Add({.number = "R-2026-000006",
             .received = Day(2026, 3, 1),
             .role = "attorney",
             .state = RequestState::kReceived,
             .due = Day(2026, 3, 31)});
  this->Add({.number = "R-2026-000007",
             .received = Day(2026, 3, 1),
             .role = "patient",
             .state = RequestState::kInReview,
             .due = Day(2026, 3, 31)});
  this->Add({.number = "R-2025-000001",
             .received = Day(2025, 12, 20),
             .role = "insurer",
             .state = RequestState::kReleased,
             .due = Day(2026, 1, 19),
             .completed_micros = at(Day(2026, 1, 2), noon)});
  // Organization B: the same days and roles, never counted for A.
  this->Add({.number = "R-2026-000001",
             .received = Day(2026, 1, 5),
             .role = "attorney",
             .state = RequestState::kReleased,
             .due = Day(2026, 2, 4),
             .completed_micros = at(Day(2026, 1, 15), noon)},
            this->org_b_);
  this->Add({.number = "R-2026-000002",
             .received = Day(2026, 3, 1),
             .role = "attorney",
             .state = RequestState::kReceived,
             .due = Day(2026, 3, 31)},
            this->org_b_);
  this->ExpectReportsMatch("after intake");

  // State changes move a request between volume groups.
  Modeled& moving = this->Model("R-2026-000006");
  moving.state = RequestState::kVerifying;
  this->Save(moving);
  moving.state = RequestState::kRetrieving;
  this->Save(moving);
  this->ExpectReportsMatch("after state changes");

  // A completion: the state and the transition change together.
  Modeled& finishing = this->Model("R-2026-000005");
  finishing.state = RequestState::kReleased;
  finishing.completed_micros = at(Day(2026, 3, 25), noon);  // Three days late.
  Status completed = this->Write([&](Transaction& tx) -> Status {
    Result<ReleaseRequest> found = tx.Requests().Find(finishing.id);
    if (!found) return found.error();
    found->state = RequestState::kReleased;
    Result<ReleaseRequest> updated = tx.Requests().Update(*found);
    if (!updated) return updated.error();
    return this->Complete(tx, this->org_a_, finishing.id, RequestState::kReleased,
                          *finishing.completed_micros, "done-late");
  });
  ASSERT_TRUE(completed) << completed.error().ToString();
  this->ExpectReportsMatch("after a completion");

  // A due date moved after completion (an extension recorded late) turns late into on time; a
  // due date removed leaves the completion without one.
  Modeled& extended = this->Model("R-2026-000005");
  extended.due = Day(2026, 4, 21);
  this->Save(extended);
  Modeled& undated = this->Model("R-2026-000001");
  undated.due = std::nullopt;
  this->Save(undated);
  this->ExpectReportsMatch("after due dates changed");

  // A purge (of a released request) removes it and its transitions from both reports.
  Modeled& purged = this->Model("R-2026-000003");
  Result<PurgeRecord> done = this->Write([&](Transaction& tx) {
    return tx.Retention().Purge(PurgeRecord{.request_id = purged.id,
                                            .request_number = purged.number,
                                            .patient_id = this->patients_[this->org_a_.value],
                                            .received_on = purged.received,
                                            .last_effective_on = Day(2026, 1, 5),
                                            .purged_micros = 99,
                                            .purged_by = this->users_[this->org_a_.value],
                                            .purged_via = "command line",
                                            .retention_years = 6});
  });
  ASSERT_TRUE(done) << done.error().ToString();
  purged.purged = true;
  this->ExpectReportsMatch("after a purge");
}

TYPED_TEST(ReportRollupContractTest, ARolledBackChangeLeavesTheReportsAsTheyWere) {
  this->Add({.number = "R-2026-000001",
             .received = Day(2026, 1, 5),
             .role = "attorney",
             .state = RequestState::kRetrieving,
             .due = Day(2026, 2, 4)});
  Modeled& request = this->Model("R-2026-000001");
  Status failed = this->Write([&](Transaction& tx) -> Status {
    Result<ReleaseRequest> found = tx.Requests().Find(request.id);
    if (!found) return found.error();
    found->state = RequestState::kReleased;
    if (Result<ReleaseRequest> updated = tx.Requests().Update(*found); !updated) {
      return updated.error();
    }
    if (Status added = this->Complete(tx, this->org_a_, request.id, RequestState::kReleased,
                                      Day(2026, 1, 20).DaysSinceEpoch() * kDay, "done");
        !added) {
      return added;
    }
    return AbortedError("synthetic failure after the change");
  });
  EXPECT_FALSE(failed);
  this->ExpectReportsMatch("after a rolled-back completion");
}

}  // namespace
}  // namespace roi::contract
