// Step 7 of Decide(): when the response is due.  HIPAA access (30 + one 30-day extension, or the
// proposed 15 + 15 behind a switch), accounting (60 + 30), and the state clocks; the earliest
// applies, and an extension is valid only if timely, written, the first, and within every
// clock that cannot be extended.
#include <algorithm>

#include "policy/decide_context.h"

namespace roi::policy {
namespace {

struct Deadline {
  Date due;
  std::optional<Date> extended;  // With one valid extension; nullopt if none is possible.
};

std::optional<Deadline> FederalDeadline(Context& ctx) {
  if (!ctx.hipaa) return std::nullopt;
  const FederalPack& fed = ctx.fed;
  Date received = ctx.c.received_on;
  if (ctx.basis == Basis::kAccess || ctx.basis == Basis::kDirective) {
    bool proposal = fed.access_15_day_proposal;
    ctx.Fire(proposal ? Rule::kAccess15DaysProposed : Rule::kAccess30Days);
    int days = proposal ? fed.proposal_days : fed.access_days;
    int more = proposal ? fed.proposal_extension_days : fed.access_extension_days;
    return Deadline{received.AddDays(days), received.AddDays(days + more)};
  }
  if (ctx.basis == Basis::kAccounting) {
    ctx.Fire(Rule::kAccounting60Days);
    return Deadline{received.AddDays(fed.accounting_days),
                    received.AddDays(fed.accounting_days + fed.accounting_extension_days)};
  }
  return std::nullopt;
}

std::vector<Date> StateDeadlines(Context& ctx) {
  std::vector<Date> out;
  if (ctx.state == nullptr) return out;
  RequestFacts facts = ctx.Facts();
  for (const StateDeadline& rule : ctx.state->deadlines) {
    if (!Applies(rule.when, facts) || (rule.written_only && !ctx.c.request.written)) continue;
    Date start = ctx.c.received_on;
    if (rule.clock == ClockStart::kPayment) {
      if (!ctx.c.payment_received_on) continue;  // The clock has not started.
      start = std::max(start, *ctx.c.payment_received_on);
    }
    ctx.Fire(rule.hit);
    out.push_back(rule.unit == DayUnit::kCalendar ? start.AddDays(rule.days)
                                                  : start.AddBusinessDays(rule.days));
  }
  return out;
}

bool ExtensionTimely(const Extension& e, const Deadline& federal, Date received) {
  return e.written && e.notice_on && *e.notice_on >= received && *e.notice_on <= federal.due &&
         e.prior_extensions == 0 && e.new_due_on && *e.new_due_on <= *federal.extended;
}

void EvaluateExtension(Context& ctx, const std::optional<Deadline>& federal,
                       const std::vector<Date>& states) {
  const Extension& e = *ctx.c.extension;
  Decision& d = ctx.d;
  d.extension_valid = false;
  if (!federal) return ctx.Fire(Rule::kExtensionNotAvailable);
  bool access = ctx.basis != Basis::kAccounting;
  Rule valid = access ? Rule::kAccessExtensionValid : Rule::kAccountingExtensionValid;
  Rule invalid = access ? Rule::kAccessExtensionInvalid : Rule::kAccountingExtensionInvalid;
  if (!ExtensionTimely(e, *federal, ctx.c.received_on)) return ctx.Fire(invalid);
  for (Date state_due : states) {
    if (state_due < *e.new_due_on) return ctx.Fire(Rule::kExtensionBeyondStateDeadline);
  }
  ctx.Fire(valid);
  d.extension_valid = true;
  ctx.Notice(Code::kExtensionNotice);
  if (*e.new_due_on > *d.due_on) d.due_on = *e.new_due_on;
  d.latest_due_on.reset();  // The one extension is used.
}

}  // namespace

void ComputeDeadlines(Context& ctx) {
  std::optional<Deadline> federal = FederalDeadline(ctx);
  std::vector<Date> states = StateDeadlines(ctx);
  std::optional<Date> due;
  std::optional<Date> latest;
  if (federal) {
    due = federal->due;
    latest = federal->extended;
  }
  for (Date state_due : states) {
    if (!due || state_due < *due) due = state_due;
    if (!latest || state_due < *latest) latest = state_due;
  }
  Decision& d = ctx.d;
  d.due_on = due;
  if (latest && due && *latest > *due) d.latest_due_on = latest;
  if (ctx.c.extension) EvaluateExtension(ctx, federal, states);
}

}  // namespace roi::policy
