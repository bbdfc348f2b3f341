#include "app/deadline_jobs.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "app/denial_review_deadlines.h"
#include "domain/field_text.h"

namespace roi {
namespace {

constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
constexpr int kPage = 500;

std::string Id(std::int64_t value) { return std::to_string(value); }

std::string Days(std::int64_t n) { return n == 1 ? "1 day" : Id(n) + " days"; }

Date DayOf(std::int64_t micros) {
  std::int64_t days = micros / kMicrosPerDay;
  if (micros < 0 && micros % kMicrosPerDay != 0) --days;
  return Date::FromDaysSinceEpoch(static_cast<std::int32_t>(days));
}

// What the scan will do to one request.
struct Action {
  enum class Kind { kRemind, kEscalate, kExpire } kind = Kind::kRemind;
  ReleaseRequest request;
  int days = 0;            // kRemind: the threshold; kExpire: days pending.
  std::int64_t since = 0;  // kExpire: when the request entered pending_information.
};

// Pages through `query` (sorted by due date) calling `visit` per row until it returns false.
Status Walk(RequestRepository& requests, RequestQuery query,
            const std::function<bool(const ReleaseRequest&)>& visit) {
  query.limit = kPage;
  for (;;) {
    Result<std::vector<ReleaseRequest>> rows = requests.List(query);
    if (!rows) return rows.error();
    for (const ReleaseRequest& row : *rows) {
      if (!visit(row)) return OkStatus();
    }
    if (rows->size() < static_cast<std::size_t>(kPage)) return OkStatus();
    const ReleaseRequest& last = rows->back();
    query.after_id = last.id;
    query.after_due_on = last.due_on;
  }
}

// The (code, text) pairs of the request's last pending-information letter.
Result<std::vector<std::pair<std::string, std::string>>> LastDeficiencies(Transaction& tx,
                                                                          RequestId request) {
  Result<std::vector<Letter>> letters = tx.Requests().Letters(request);
  if (!letters) return letters.error();
  for (auto it = letters->rbegin(); it != letters->rend(); ++it) {
    if (it->kind == kPendingInformationLetter) return LetterDeficiencies(*it);
  }
  return std::vector<std::pair<std::string, std::string>>{};
}

}  // namespace

Result<std::vector<int>> ParseReminderDays(std::string_view text) {
  std::vector<int> days;
  for (const std::string& item : SplitList(text)) {
    if (item.empty() || item.size() > 3 ||
        item.find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgumentError("reminder days must be whole numbers 0..365 separated by ','");
    }
    int day = std::stoi(item);
    if (day > 365) return InvalidArgumentError("reminder days must be 0..365");
    days.push_back(day);
  }
  if (days.size() > 10) return InvalidArgumentError("at most 10 reminder days");
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

void DeadlineJobs::Register(JobRunner& runner) const {
  runner.Register(std::string(kDeadlineScanJob), [this](Transaction& tx, const Job& job) -> Status {
    Result<Fields> payload = DecodeFields(job.payload);
    std::string name = payload ? std::string(FieldValue(*payload, "organization_name")) : "";
    Result<DeadlineScanReport> report = Scan(tx, name);
    if (!report) return report.error();
    return OkStatus();
  });
}

Result<DeadlineScanReport> DeadlineJobs::Scan(Transaction& tx,
                                              const std::string& organization_name) const {
  const Date today = clock_.Today();
  const std::int64_t now = clock_.NowMicros();
  std::vector<int> thresholds = options_.reminder_days;
  std::sort(thresholds.begin(), thresholds.end());
  const int horizon = thresholds.empty() ? -1 : thresholds.back();
  std::vector<Action> actions;

  // Overdue: open requests due before today (the overdue filter of the work queue's index).
  RequestQuery overdue{.overdue = true, .today = today};
  Status walked = Walk(tx.Requests(), overdue, [&](const ReleaseRequest& request) {
    actions.push_back({.kind = Action::Kind::kEscalate, .request = request});
    return true;
  });
  if (!walked) return walked.error();

  // Due soon: open requests due today .. today + the largest threshold, in due order.
  if (horizon >= 0) {
    RequestQuery soon{.after_id = RequestId(std::numeric_limits<std::int64_t>::max()),
                      .after_due_on = today.AddDays(-1)};
    walked = Walk(tx.Requests(), soon, [&](const ReleaseRequest& request) {
      if (!request.due_on || today.DaysUntil(*request.due_on) > horizon) return false;
      if (!IsOpenState(request.state)) return true;
      int left = today.DaysUntil(*request.due_on);
      // The smallest threshold not yet passed: 3 days left with {1, 5} is the 5-day reminder.
      for (int threshold : thresholds) {
        if (left <= threshold) {
          actions.push_back({.kind = Action::Kind::kRemind, .request = request, .days = threshold});
          break;
        }
      }
      return true;
    });
    if (!walked) return walked.error();
  }

  // Stale pending-information requests.
  RequestQuery pending{.state = RequestState::kPendingInformation};
  std::vector<ReleaseRequest> waiting;
  walked = Walk(tx.Requests(), pending, [&](const ReleaseRequest& request) {
    waiting.push_back(request);
    return true;
  });
  if (!walked) return walked.error();
  for (const ReleaseRequest& request : waiting) {
    Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request.id);
    if (!history) return history.error();
    std::optional<std::int64_t> since;
    for (const RequestTransition& done : *history) {
      if (done.event.to == RequestState::kPendingInformation) since = done.event.at_micros;
    }
    if (!since) continue;
    int days = DayOf(*since).DaysUntil(today);
    if (days >= options_.pending_expiry_days) {
      actions.push_back(
          {.kind = Action::Kind::kExpire, .request = request, .days = days, .since = *since});
    }
  }

  // Urgent requests first; then expiries, escalations, reminders; then by due date and id.
  auto rank = [](const Action& a) {
    return std::make_tuple(a.request.priority == Priority::kUrgent ? 0 : 1,
                           a.kind == Action::Kind::kExpire     ? 0
                           : a.kind == Action::Kind::kEscalate ? 1
                                                               : 2,
                           a.request.due_on.value_or(
                               Date::FromDaysSinceEpoch(std::numeric_limits<std::int32_t>::max())),
                           a.request.id.value);
  };
  std::stable_sort(actions.begin(), actions.end(),
                   [&](const Action& a, const Action& b) { return rank(a) < rank(b); });

  Organization organization{.id = tx.Organization(), .name = organization_name};
  DeadlineScanReport report;
  int budget = options_.max_actions_per_scan;
  std::set<RequestId> expired;
  for (const Action& action : actions) {
    if (budget <= 0) break;
    const ReleaseRequest& request = action.request;
    if (expired.count(request.id) != 0) continue;  // Cancelled by this scan: nothing more is due.
    RequestNotice notice{.request_id = request.id, .due_on = request.due_on, .raised_micros = now};
    switch (action.kind) {
      case Action::Kind::kRemind:
        notice.kind = std::string(kReminderNotice);
        notice.key = Id(action.days) + "d@" + request.due_on->ToString();
        notice.message = "due in " + Days(today.DaysUntil(*request.due_on));
        break;
      case Action::Kind::kEscalate:
        notice.kind = std::string(kEscalationNotice);
        notice.key = "overdue@" + request.due_on->ToString();
        notice.message = "overdue since " + request.due_on->ToString();
        break;
      case Action::Kind::kExpire:
        notice.kind = std::string(kExpiryNotice);
        notice.key = "pending@" + Id(action.since);
        notice.message = "no information received in " + Days(action.days) + "; request cancelled";
        break;
    }
    Result<bool> raised = tx.Notices().Raise(notice);
    if (!raised) return raised.error();
    if (!*raised) continue;  // Done before, by this or another scan.
    --budget;
    if (Status recorded = audit_.RecordNote(
            tx, AuditActor{.id = {}, .label = "system", .remote_address = ""},
            AuditNote{.action = action.kind == Action::Kind::kExpire ? AuditAction::kUpdate
                                                                     : AuditAction::kCreate,
                      .patient = request.patient_id,
                      .entity_kind = "request",
                      .entity_id = std::to_string(request.id.value),
                      .detail = notice.kind + " " + notice.key});
        !recorded) {
      return recorded.error();
    }
    if (action.kind == Action::Kind::kRemind) {
      ++report.reminders;
      continue;
    }
    if (action.kind == Action::Kind::kEscalate) {
      ++report.escalations;
      continue;
    }
    // Expiry: cancel through the workflow, as the system (no user), and write the letter.
    Result<std::vector<RequestTransition>> history = tx.Requests().Transitions(request.id);
    if (!history) return history.error();
    std::vector<WorkflowEvent> events;
    for (const RequestTransition& done : *history) events.push_back(done.event);
    Result<RequestWorkflow> workflow = RequestWorkflow::FromHistory(std::move(events));
    if (!workflow) return workflow.error();
    WorkflowFacts facts{.decision = request.decision,
                        .days_since_receipt = request.received_on.DaysUntil(today)};
    std::string key = "expiry:" + Id(action.since);
    if (Status applied = workflow->Apply(RequestAction::kCancel, facts, UserId(), now, key);
        !applied) {
      return applied.error();
    }
    RequestTransition transition{.request_id = request.id,
                                 .event = workflow->History().back(),
                                 .note = "expired: no information received within " +
                                         Id(options_.pending_expiry_days) + " days"};
    if (Status recorded = tx.Requests().AddTransition(transition); !recorded) {
      return recorded.error();
    }
    ReleaseRequest updated = request;
    updated.state = workflow->State();
    updated.held_from = workflow->HeldFrom();
    Result<ReleaseRequest> stored = tx.Requests().Update(updated);
    if (!stored) return stored.error();
    Result<Patient> patient = tx.Patients().Find(request.patient_id);
    if (!patient) return patient.error();
    Result<Requester> requester = tx.Requesters().Find(request.requester_id);
    if (!requester) return requester.error();
    Result<std::vector<std::pair<std::string, std::string>>> deficiencies =
        LastDeficiencies(tx, request.id);
    if (!deficiencies) return deficiencies.error();
    Letter letter = ExpiryLetter({.organization = organization,
                                  .request = *stored,
                                  .patient = *patient,
                                  .requester = *requester,
                                  .today = today},
                                 DayOf(action.since), options_.pending_expiry_days, *deficiencies);
    if (Result<Letter> added = tx.Requests().AddLetter(letter); !added) return added.error();
    expired.insert(request.id);
    ++report.expiries;
  }

  // Reviews of denials the individuals asked for (app/denial_review_deadlines.h).
  Result<ReviewDeadlineCounts> reviews =
      ScanDenialReviewDeadlines(tx, audit_, today, now, thresholds, budget);
  if (!reviews) return reviews.error();
  report.review_reminders = reviews->reminders;
  report.review_escalations = reviews->escalations;
  return report;
}

Result<int> DeadlineJobs::ScheduleScans(Store& store, const Clock& clock) {
  std::vector<Organization> organizations;
  Status listed = store.InSystemTransaction(TxMode::kRead, [&](SystemTransaction& tx) -> Status {
    Result<std::vector<Organization>> all = tx.Organizations().List();
    if (!all) return all.error();
    organizations = std::move(*all);
    return OkStatus();
  });
  if (!listed) return listed.error();
  for (const Organization& organization : organizations) {
    Status scheduled =
        store.InTransaction(organization.id, TxMode::kWrite, [&](Transaction& tx) -> Status {
          Job job{.kind = std::string(kDeadlineScanJob),
                  .payload = EncodeFields({{"organization_name", organization.name}}),
                  .dedupe_key = "scan",
                  .priority = 5,
                  .run_at_micros = clock.NowMicros()};
          Result<Job> enqueued = tx.Jobs().Enqueue(job);
          if (!enqueued) return enqueued.error();
          return OkStatus();
        });
    if (!scheduled) return scheduled.error();
  }
  return static_cast<int>(organizations.size());
}

}  // namespace roi
