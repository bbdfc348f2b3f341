// DOM-free logic of the manager dashboards, the review work list, the rule viewer and
// break-the-glass, unit-tested in test/dash.test.ts: the report window, the reports' JSON → chart
// series, money, and the break-the-glass refusal.
import type { ApiError } from './api';

// ---- The report window -------------------------------------------------------------------

export interface ReportWindow {
  from: string; // YYYY-MM-DD
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// The longest window the reports accept (src/app/report_service.h: kMaxReportWindowDays).
export const MAX_WINDOW_DAYS = 3660;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

function validDate(date: string): boolean {
  if (!DATE.test(date)) return false;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const parsed = new Date(Date.UTC(y, m - 1, d));
  return parsed.getUTCFullYear() === y && parsed.getUTCMonth() === m - 1 && parsed.getUTCDate() === d;
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * 86_400_000).toISOString().slice(0, 10);
}

// The default window: the 30 days ending `today` (the API's default too).
export function defaultWindow(today: string): ReportWindow {
  return { from: addDays(today, -29), to: today };
}

// What is wrong with a window, by field ("from", "to"); empty when it is good.
export function windowProblems(window: ReportWindow): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!validDate(window.from)) problems.from = 'From: enter a date (YYYY-MM-DD).';
  if (!validDate(window.to)) problems.to = 'To: enter a date (YYYY-MM-DD).';
  if (Object.keys(problems).length > 0) return problems;
  const days = dayNumber(window.to) - dayNumber(window.from) + 1;
  if (days < 1) problems.to = 'To: the window must end on or after its first day.';
  else if (days > MAX_WINDOW_DAYS) problems.to = `To: the window may span at most ${MAX_WINDOW_DAYS} days.`;
  return problems;
}

export function windowQuery(window: ReportWindow): string {
  return new URLSearchParams({ from: window.from, to: window.to }).toString();
}

// ---- The reports' JSON (src/http/report_routes.cc) → chart series --------------------------

export interface Bar {
  label: string;
  value: number;
}

export interface BacklogReport {
  as_of: string;
  open: number;
  overdue: number;
  buckets: { label: string; min_days: number; max_days: number | null; count: number }[];
}

export interface TurnaroundReport {
  from: string;
  to: string;
  completed: number;
  median_days: number | null;
  p90_days: number | null;
  on_time: number;
  on_time_rate: number | null;
  histogram: { days_min: number; days_max: number | null; count: number }[];
}

export interface VolumeReport {
  from: string;
  to: string;
  rows: { requester_role: string; outcome: string; count: number }[];
}

export interface FeeReport {
  from: string;
  to: string;
  invoiced_cents: number;
  collected_cents: number;
  waived_cents: number;
  outstanding_cents: number;
}

export function backlogBars(report: BacklogReport): Bar[] {
  return report.buckets.map((b) => ({ label: `${b.label} days`, value: b.count }));
}

export function rangeLabel(min: number, max: number | null): string {
  if (max === null) return `${min}+ days`;
  if (min === max) return `${min} day${min === 1 ? '' : 's'}`;
  return `${min}–${max} days`;
}

export function turnaroundBars(report: TurnaroundReport): Bar[] {
  return report.histogram.map((b) => ({ label: rangeLabel(b.days_min, b.days_max), value: b.count }));
}

// "82%" (whole percent), or "—" when nothing completed.
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

export function days(value: number | null): string {
  if (value === null) return '—';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} day${value === 1 ? '' : 's'}`;
}

// Requests by requester role, split by outcome: one group per role (sorted by total, largest
// first), one series per outcome (sorted by name), zero where a role has none.
export interface Grouped {
  groups: string[];
  series: string[];
  values: number[][]; // values[group][series]
}

export function volumeGroups(report: VolumeReport): Grouped {
  const totals = new Map<string, number>();
  const series = new Set<string>();
  for (const row of report.rows) {
    totals.set(row.requester_role, (totals.get(row.requester_role) ?? 0) + row.count);
    series.add(row.outcome);
  }
  const groups = [...totals.keys()].sort((a, b) => (totals.get(b)! - totals.get(a)!) || a.localeCompare(b));
  const names = [...series].sort();
  const values = groups.map((g) => names.map((s) =>
    report.rows.filter((r) => r.requester_role === g && r.outcome === s).reduce((n, r) => n + r.count, 0)));
  return { groups, series: names, values };
}

export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

export function feeBars(report: FeeReport): Bar[] {
  return [
    { label: 'Invoiced', value: report.invoiced_cents },
    { label: 'Collected', value: report.collected_cents },
    { label: 'Waived', value: report.waived_cents },
    { label: 'Outstanding', value: report.outstanding_cents },
  ];
}

// A "nice" axis maximum at or above `max` (1, 2, 5 × 10^n), at least 1.
export function niceMax(max: number): number {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

// ---- Break-the-glass -----------------------------------------------------------------------

// The patient a break_glass_required refusal names (src/app/patient_access.cc,
// BreakGlassRequiredError: detail {path "break_glass", message "break_glass_required"} and the
// message "patient N is outside your assignments; ..."), or null for any other error.
export function breakGlassPatient(error: Pick<ApiError, 'status' | 'details' | 'message'>): number | null {
  if (error.status !== 403) return null;
  if (!error.details.some((d) => d.path === 'break_glass' && d.message === 'break_glass_required')) return null;
  const match = /^patient (\d+) is outside your assignments/.exec(error.message);
  return match ? Number(match[1]) : null;
}

// The server wants 10 to 1000 bytes once trimmed (src/domain/break_glass.h).
export const MIN_REASON = 10;
export function reasonProblem(reason: string): string | null {
  const trimmed = reason.trim();
  if (trimmed.length === 0) return 'Reason: say why you need this record.';
  if (trimmed.length < MIN_REASON) return `Reason: write at least ${MIN_REASON} characters.`;
  if (trimmed.length > 1000) return 'Reason: keep it to 1000 characters.';
  return null;
}

// ---- Review work list --------------------------------------------------------------------

export interface ReviewWorkItem {
  id: number;
  request_id: number;
  request_number: string;
  request_state: string;
  kind: string;
  reason: string;
  status: string;
  assignee_id: number | null;
  due_on: string | null;
  age_days: number;
  assigned_to_me: boolean;
}

export function ageLabel(daysOld: number): string {
  if (daysOld <= 0) return 'Opened today';
  return `Open ${daysOld} day${daysOld === 1 ? '' : 's'}`;
}
