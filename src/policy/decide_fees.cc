// Step 8 of Decide(): the most that may be charged.  Access: the lesser of the HIPAA amount
// (flat fee for electronic copies, else cost-based: labor, supplies only for paper or requested
// media, postage only when mailed; never search and retrieval) and the state cap.  Third parties
// (including directives, after Ciox): the state schedule for the pages released, else a
// cost-based fee (the sale-of-PHI guard).  Waivers make copies free; accountings: first free.
#include <algorithm>

#include "policy/decide_context.h"

namespace roi::policy {
namespace {

struct Released {
  std::int64_t pages = 0;
  std::int64_t years = 0;  // Distinct calendar years of service among released documents.
  std::size_t count = 0;
  bool all_electronic = true;
};

// Years of records matter only to schedules that charge per year (computing them is not free).
bool ChargesPerYear(const Context& ctx) {
  if (ctx.state == nullptr) return false;
  return std::any_of(ctx.state->fees.begin(), ctx.state->fees.end(),
                     [](const FeeSchedule& s) { return s.per_year_cents > 0; });
}

Released CountReleased(const Context& ctx) {
  Released r;
  bool per_year = ChargesPerYear(ctx);
  std::vector<int> years;
  for (std::size_t i = 0; i < ctx.c.documents.size(); ++i) {
    if (!ctx.releasable[i]) continue;
    const Document& doc = ctx.c.documents[i];
    ++r.count;
    r.pages += doc.pages;
    r.all_electronic = r.all_electronic && doc.electronic;
    if (per_year && doc.service_date) years.push_back(doc.service_date->Year());
  }
  std::sort(years.begin(), years.end());
  r.years = std::unique(years.begin(), years.end()) - years.begin();
  return r;
}

std::int64_t Labor(const Cost& cost) {
  return (cost.labor_minutes * cost.labor_rate_cents_per_hour + 30) / 60;
}

std::int64_t PageCharge(const FeeSchedule& s, std::int64_t pages) {
  if (!s.flat.empty()) {
    for (const FlatTier& tier : s.flat) {
      if (tier.max_pages == 0 || pages <= tier.max_pages) return tier.cents;
    }
    return s.flat.back().cents;
  }
  std::int64_t total = 0;
  for (std::size_t i = 0; i < s.tiers.size(); ++i) {
    std::int64_t first = std::max(s.tiers[i].from_page, s.base_pages + 1);
    std::int64_t last = i + 1 < s.tiers.size() ? s.tiers[i + 1].from_page - 1 : pages;
    last = std::min(last, pages);
    if (last >= first) total += (last - first + 1) * s.tiers[i].cents;
  }
  return total;
}

std::int64_t ScheduleAmount(const FeeSchedule& s, const Released& r, const Cost& cost,
                            bool mailed) {
  std::int64_t total = s.base_cents + PageCharge(s, r.pages) + r.years * s.per_year_cents;
  total += (cost.labor_minutes + 14) / 15 * s.clerical_cents_per_quarter_hour;
  if (s.actual_labor) total += Labor(cost);
  if (s.postage && mailed) total += cost.postage_cents;
  return total;
}

// The lowest applicable state schedule for `payer`, if any.
std::optional<std::pair<std::int64_t, const FeeSchedule*>> StateAmount(const Context& ctx,
                                                                       Payer payer,
                                                                       const Released& r,
                                                                       bool mailed) {
  std::optional<std::pair<std::int64_t, const FeeSchedule*>> best;
  if (ctx.state == nullptr) return best;
  RequestFacts facts = ctx.Facts();
  for (const FeeSchedule& s : ctx.state->fees) {
    if (!s.payers.Has(payer) || !Applies(s.when, facts)) continue;
    std::int64_t amount = ScheduleAmount(s, r, ctx.c.cost, mailed);
    if (!best || amount < best->first) best = std::pair{amount, &s};
  }
  return best;
}

Fee IndividualFee(Context& ctx, const Released& r) {
  const Case& c = ctx.c;
  bool mailed = c.request.medium == Medium::kMail;
  Fee fee;
  if (c.request.format == Format::kElectronic && r.all_electronic &&
      c.fee_policy.patient_electronic == PatientFee::kFlat) {
    fee = {std::min(c.fee_policy.flat_cents, ctx.fed.flat_fee_max_cents),
           Code::kHipaaFlatElectronic};
    ctx.Fire(Rule::kFeeFlatElectronic);
  } else {
    bool supplies =
        c.request.format == Format::kPaper || c.request.medium == Medium::kPortableMedia;
    fee = {Labor(c.cost) + (supplies ? c.cost.supplies_cents : 0) +
               (mailed ? c.cost.postage_cents : 0),
           Code::kHipaaCostBased};
    ctx.Fire(Rule::kFeeCostBased);
  }
  auto cap = StateAmount(ctx, Payer::kIndividual, r, mailed);
  if (cap && cap->first < fee.max_cents) {
    fee = {cap->first, Code::kStateCap};
    ctx.Fire(cap->second->hit);
  }
  return fee;
}

Fee ThirdPartyFee(Context& ctx, const Released& r) {
  if (ctx.basis == Basis::kDirective) ctx.Fire(Rule::kDirectiveFeeNotPatientRate);
  if (auto schedule = StateAmount(ctx, Payer::kThirdParty, r, true)) {
    ctx.Fire(schedule->second->hit);
    return {schedule->first, Code::kStateSchedule};
  }
  ctx.Fire(Rule::kFeeThirdPartyCostBased);
  const Cost& cost = ctx.c.cost;
  return {Labor(cost) + cost.supplies_cents + cost.postage_cents, Code::kHipaaCostBased};
}

Fee AccountingFee(Context& ctx) {
  if (ctx.c.prior_accountings_12m == 0) {
    ctx.Fire(Rule::kAccountingFirstFree);
    return {0, Code::kFirstAccountingFree};
  }
  ctx.Fire(Rule::kAccountingCostBasedFee);
  const Cost& cost = ctx.c.cost;
  return {Labor(cost) + cost.supplies_cents + cost.postage_cents, Code::kAccountingCostBased};
}

const FeeWaiver* FindWaiver(const Context& ctx) {
  if (ctx.state == nullptr) return nullptr;
  RequestFacts facts = ctx.Facts();
  for (const FeeWaiver& w : ctx.state->fee_waivers) {
    if (Applies(w.when, facts)) return &w;
  }
  return nullptr;
}

Fee ChooseFee(Context& ctx) {
  static constexpr BasisSet kChargeable = {Basis::kDirective, Basis::kAuthorization,
                                           Basis::kCourtOrder, Basis::kSubpoena,
                                           Basis::kWorkersComp};
  if (ctx.d.outcome == Outcome::kDeny) return {};
  if (ctx.basis == Basis::kAccounting) return AccountingFee(ctx);
  Released r = CountReleased(ctx);
  if (r.count == 0) return {};
  if (ctx.basis != Basis::kAccess && !kChargeable.Has(ctx.basis)) return {};
  if (const FeeWaiver* waiver = FindWaiver(ctx)) {
    ctx.Fire(waiver->hit);
    return {0, Code::kFreeBenefitsAppeal};
  }
  return ctx.basis == Basis::kAccess ? IndividualFee(ctx, r) : ThirdPartyFee(ctx, r);
}

}  // namespace

void ComputeFee(Context& ctx) {
  ctx.d.fee = ChooseFee(ctx);
  bool individual = ctx.basis == Basis::kAccess || ctx.basis == Basis::kAccounting;
  if (individual && ctx.d.fee.max_cents > 0) {
    ctx.Fire(Rule::kFeeAdvanceNotice);
    ctx.Notice(Code::kAdvanceFeeNotice);
  }
}

}  // namespace roi::policy
