// The dashboards, review work list and break-the-glass logic (src/dash_logic.ts), checked against
// the C++ they mirror where there is one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  addDays, ageLabel, backlogBars, breakGlassPatient, days, defaultWindow, dollars, feeBars,
  MAX_WINDOW_DAYS, MIN_REASON, niceMax, percent, rangeLabel, reasonProblem, turnaroundBars,
  volumeGroups, windowProblems, windowQuery,
} from '../src/dash_logic';

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

describe('the report window', () => {
  it('defaults to the 30 days ending today, like the API', () => {
    expect(defaultWindow('2026-03-10')).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(source('../../src/app/report_service.h')).toMatch(/kDefaultReportWindowDays = 30;/);
    expect(addDays('2026-02-27', 3)).toBe('2026-03-02');
  });
  it('flags bad dates and windows by field', () => {
    expect(windowProblems({ from: '2026-03-01', to: '2026-03-10' })).toEqual({});
    expect(windowProblems({ from: '', to: '2026-03-10' })).toHaveProperty('from');
    expect(windowProblems({ from: '2026-02-30', to: '2026-03-10' })).toHaveProperty('from');
    expect(windowProblems({ from: '2026-03-10', to: '2026-03-09' }).to).toMatch(/on or after/);
    expect(windowProblems({ from: '2000-01-01', to: '2026-03-09' }).to).toMatch(/at most/);
    expect(windowQuery({ from: '2026-03-01', to: '2026-03-10' })).toBe('from=2026-03-01&to=2026-03-10');
  });
  it('knows the API limit', () => {
    expect(source('../../src/app/report_service.h')).toContain(`kMaxReportWindowDays = ${MAX_WINDOW_DAYS};`);
  });
});

describe('chart series from the reports', () => {
  it('labels backlog and turnaround buckets', () => {
    expect(backlogBars({ as_of: '2026-03-10', open: 3, overdue: 1, buckets: [
      { label: '0-7', min_days: 0, max_days: 7, count: 2 }, { label: '31+', min_days: 31, max_days: null, count: 1 }] }))
      .toEqual([{ label: '0-7 days', value: 2 }, { label: '31+ days', value: 1 }]);
    expect(rangeLabel(0, 0)).toBe('0 days');
    expect(rangeLabel(1, 1)).toBe('1 day');
    expect(rangeLabel(8, 14)).toBe('8–14 days');
    expect(turnaroundBars({ from: 'a', to: 'b', completed: 1, median_days: 3, p90_days: 3, on_time: 1, on_time_rate: 1,
      histogram: [{ days_min: 0, days_max: 7, count: 1 }] })).toEqual([{ label: '0–7 days', value: 1 }]);
  });
  it('groups volume by role, largest first, one series per outcome', () => {
    const grouped = volumeGroups({ from: 'a', to: 'b', rows: [
      { requester_role: 'patient', outcome: 'released', count: 1 },
      { requester_role: 'attorney', outcome: 'released', count: 2 },
      { requester_role: 'attorney', outcome: 'denied', count: 1 },
    ] });
    expect(grouped).toEqual({ groups: ['attorney', 'patient'], series: ['denied', 'released'], values: [[1, 2], [0, 1]] });
  });
  it('formats money, rates and days', () => {
    expect(dollars(123456)).toBe('$1,234.56');
    expect(dollars(5)).toBe('$0.05');
    expect(percent(0.825)).toBe('83%');
    expect(percent(null)).toBe('—');
    expect(days(1)).toBe('1 day');
    expect(days(2.5)).toBe('2.5 days');
    expect(days(null)).toBe('—');
    expect(feeBars({ from: 'a', to: 'b', invoiced_cents: 100, collected_cents: 50, waived_cents: 0, outstanding_cents: 50 })
      .map((b) => b.label)).toEqual(['Invoiced', 'Collected', 'Waived', 'Outstanding']);
  });
  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(3)).toBe(5);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(120)).toBe(200);
    expect(niceMax(500)).toBe(500);
  });
});

describe('break-the-glass', () => {
  const refusal = {
    status: 403,
    message: 'patient 4 is outside your assignments; state a reason to break the glass',
    details: [{ path: 'break_glass', message: 'break_glass_required' }],
  };
  it('reads the patient from the server refusal', () => {
    expect(breakGlassPatient(refusal)).toBe(4);
    expect(breakGlassPatient({ ...refusal, status: 404 })).toBeNull();
    expect(breakGlassPatient({ ...refusal, details: [] })).toBeNull();
  });
  it('matches the message and detail of src/app/patient_access.cc', () => {
    const cc = source('../../src/app/patient_access.cc');
    expect(cc).toContain('" is outside your assignments; state a reason to break the glass"');
    expect(cc).toContain('"break_glass_required"');
    expect(cc).toContain('.path = "break_glass"');
  });
  it('asks for a reason of the length the server accepts', () => {
    expect(reasonProblem('')).toMatch(/say why/);
    expect(reasonProblem('   ')).toMatch(/say why/);
    expect(reasonProblem('too short')).toMatch(/at least 10/);
    expect(reasonProblem('Emergency department admission')).toBeNull();
    expect(source('../../src/domain/break_glass.h')).toContain(`kMinBreakGlassReasonBytes = ${MIN_REASON};`);
  });
});

describe('the review work list', () => {
  it('says how long a task has been open', () => {
    expect(ageLabel(0)).toBe('Opened today');
    expect(ageLabel(1)).toBe('Open 1 day');
    expect(ageLabel(5)).toBe('Open 5 days');
  });
});
