// The work queue (src/queue_logic.ts), the request page's detail logic (src/detail_logic.ts) and
// the audit search (src/audit_logic.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditFilterProblems, auditQuery, chainLinks } from '../src/audit_logic';
import {
  explainDocuments, fieldOfMessage, formatCents, mayCompleteReview, parseDollars, parseIds, timelineEntries,
} from '../src/detail_logic';
import {
  agingOf, daysBetween, decodeViews, DEFAULT_FILTERS, normalizeFilters, QUEUE_STATES, queueQuery,
  upsertView, viewBody, viewNameProblem,
} from '../src/queue_logic';

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

describe('agingOf', () => {
  const today = '2026-03-10';
  it('counts calendar days across months', () => {
    expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
    expect(daysBetween('2026-03-10', '2026-03-09')).toBe(-1);
  });
  it('names the level in words as well as colour', () => {
    expect(agingOf('2026-03-07', 'verifying', today)).toEqual({ level: 'overdue', days: -3, label: 'Overdue by 3 days' });
    expect(agingOf('2026-03-09', 'verifying', today).label).toBe('Overdue by 1 day');
    expect(agingOf('2026-03-10', 'received', today)).toEqual({ level: 'due-soon', days: 0, label: 'Due today' });
    expect(agingOf('2026-03-11', 'received', today).label).toBe('Due in 1 day');
    expect(agingOf('2026-03-15', 'on_hold', today).level).toBe('due-soon');
    expect(agingOf('2026-03-16', 'received', today)).toEqual({ level: 'on-track', days: 6, label: 'Due in 6 days' });
  });
  it('does not age closed requests or requests without a deadline', () => {
    for (const state of ['released', 'denied', 'cancelled', 'closed']) {
      expect(agingOf('2026-01-01', state, today).level).toBe('closed');
    }
    expect(agingOf(null, 'received', today)).toEqual({ level: 'no-deadline', days: null, label: 'No legal deadline' });
  });
  it('knows every state of the workflow table', () => {
    const names = /kStateNames = \{([^}]*)\}/s.exec(source('../../src/domain/request_workflow.cc'))![1]!;
    const states = [...names.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]).sort();
    expect([...QUEUE_STATES].sort()).toEqual(states);
  });
});

describe('queueQuery', () => {
  it('sends only ids and codes, "me" as the caller id', () => {
    expect(queueQuery(DEFAULT_FILTERS, 7)).toBe('sort=due_on&limit=100');
    expect(queueQuery({ status: 'in_review', assignee: 'me', overdue: true, sort: 'received', requesterRole: 'attorney' }, 7))
      .toBe('status=in_review&overdue=true&assignee=7&requester_role=attorney&sort=received&limit=100');
    expect(queueQuery({ ...DEFAULT_FILTERS, assignee: '12' }, 7)).toContain('assignee=12');
  });
});

describe('saved views', () => {
  const mine = { id: 4, name: 'Mine', filters: { ...DEFAULT_FILTERS, assignee: 'me' } };
  const late = { id: 9, name: 'Late attorneys', filters: { ...DEFAULT_FILTERS, overdue: true, requesterRole: 'attorney' } };
  it('sends the screen, the trimmed name and the filters', () => {
    expect(viewBody('  Mine ', mine.filters)).toEqual({ screen: 'queue', name: 'Mine', filters: mine.filters });
    // What the server stores comes back as it went: the round trip through JSON keeps the view.
    const stored = JSON.parse(JSON.stringify({ views: [{ id: 4, ...viewBody('Mine', mine.filters), updated_micros: 1 }] }));
    expect(decodeViews(stored)).toEqual([mine]);
  });
  it('reads the server answer, sorted by name', () => {
    expect(decodeViews({ views: [mine, late] })).toEqual([late, mine]);
  });
  it('reads nothing from the wrong shape', () => {
    for (const answer of [null, undefined, 'views', [], {}, { views: {} }, { views: 'x' }]) {
      expect(decodeViews(answer)).toEqual([]);
    }
  });
  it('drops malformed entries and unknown filter values', () => {
    const answer = { views: [
      { id: 1, name: '', filters: {} }, { id: 2, name: 'x'.repeat(61), filters: {} }, { id: 3, name: 7 }, 'view',
      { id: 'x', name: 'No id', filters: {} }, { id: 0, name: 'Zero', filters: {} }, { id: 5, name: 'Tab\there', filters: {} },
      { id: 6, name: 'Odd', filters: { status: 'drop table', assignee: '../1', overdue: 'yes', sort: 'name', requesterRole: 'spy', q: 'Smith' } },
      { id: 7, name: 'Odd', filters: {} },
    ] };
    expect(decodeViews(answer)).toEqual([{ id: 6, name: 'Odd', filters: DEFAULT_FILTERS }]);
  });
  it('never keeps a free-text search (it may hold patient data)', () => {
    expect(normalizeFilters({ q: 'Synthfield', status: 'received' })).toEqual({ ...DEFAULT_FILTERS, status: 'received' });
    expect(normalizeFilters('received')).toBeNull();
  });
  it('replaces a view of the same name; checks names as the server does', () => {
    const next = upsertView([mine, late], { id: 4, name: 'Mine', filters: DEFAULT_FILTERS });
    expect(next).toEqual([late, { id: 4, name: 'Mine', filters: DEFAULT_FILTERS }]);
    expect(viewNameProblem('  ')).toMatch(/Enter a name/);
    expect(viewNameProblem('y'.repeat(61))).toMatch(/at most 60/);
    expect(viewNameProblem('é'.repeat(31))).toMatch(/at most 60/); // 62 bytes in UTF-8.
    expect(viewNameProblem('a\u0007b')).toMatch(/only/);
    expect(viewNameProblem('Mine')).toBeNull();
  });
});

describe('explainDocuments', () => {
  it('gives each reason the rules that name it, with their citations', () => {
    const docs = explainDocuments({
      outcome: 'partial', deficiencies: [],
      documents: [{ id: '1', action: 'release', reasons: [] }, { id: '3', action: 'withhold', reasons: ['PSYCHOTHERAPY_NOTES', 'ODD'] }],
      rules: [{ code: 'ACCESS_EXCLUDES_PSYCHOTHERAPY_NOTES', cite: '45 CFR 164.524(a)(1)(i)' }, { code: 'ACCESS_30_DAYS', cite: '45 CFR 164.524(b)(2)' }],
    });
    expect(docs[0]).toEqual({ id: '1', action: 'release', reasons: [] });
    expect(docs[1]!.reasons[0]).toEqual({
      code: 'PSYCHOTHERAPY_NOTES', text: 'Psychotherapy notes',
      rules: [{ code: 'ACCESS_EXCLUDES_PSYCHOTHERAPY_NOTES', cite: '45 CFR 164.524(a)(1)(i)' }],
    });
    expect(docs[1]!.reasons[1]!.rules).toEqual([]);
    expect(explainDocuments(null)).toEqual([]);
  });
});

describe('timelineEntries', () => {
  it('merges transitions and notices by time, a notice after a transition of the same instant', () => {
    const t = (action: string, at: number) => ({ action, from: 'a', to: 'b', actor_id: 1, at_micros: at, note: '' });
    const n = (id: string, at: number) => ({ id, kind: 'due_soon', due_on: null, message: 'm', raised_micros: at });
    const entries = timelineEntries([t('start_verification', 10), t('start_retrieval', 30)], [n('x', 30), n('y', 20)]);
    expect(entries.map((e) => (e.type === 'notice' ? e.entry.id : e.entry.action)))
      .toEqual(['start_verification', 'y', 'start_retrieval', 'x']);
    expect(timelineEntries([], [])).toEqual([]);
  });
});

describe('money and ids', () => {
  it('formats cents as dollars', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(125)).toBe('$1.25');
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(-5)).toBe('-$0.05');
  });
  it('reads dollars strictly', () => {
    expect(parseDollars('12.50')).toBe(1250);
    expect(parseDollars('$12.5')).toBe(1250);
    expect(parseDollars(' 1,000 ')).toBe(100000);
    expect(parseDollars('0.05')).toBe(5);
    for (const bad of ['', '-1', '1.234', 'ten', '1e3', '.5']) expect(parseDollars(bad)).toBeNull();
  });
  it('reads document ids', () => {
    expect(parseIds('3, 5 5\n7')).toEqual([3, 5, 7]);
    expect(parseIds('')).toEqual([]);
    expect(parseIds('3, x')).toBeNull();
    expect(parseIds('0')).toBeNull();
  });
  it('finds the field a server message names', () => {
    const fields = ['reference', 'email', 'training_attested_on'];
    expect(fieldOfMessage("reference: a card payment needs the processor's reference", fields)).toBe('reference');
    expect(fieldOfMessage('user email must be a lower-case address', fields)).toBe('email');
    expect(fieldOfMessage('training_attested_on must be YYYY-MM-DD', fields)).toBe('training_attested_on');
    expect(fieldOfMessage('something else went wrong', fields)).toBeNull();
  });
});

describe('mayCompleteReview', () => {
  it('mirrors RoleMayComplete in src/domain/review.cc', () => {
    expect(mayCompleteReview('clinician', 'clinician')).toBe(true);
    expect(mayCompleteReview('licensed_professional', 'supervisor')).toBe(false);
    expect(mayCompleteReview('supervisor', 'privacy_officer')).toBe(true);
    expect(mayCompleteReview('supervisor', 'clinician')).toBe(false);
    expect(mayCompleteReview('quality_check', 'roi_specialist')).toBe(true);
    expect(mayCompleteReview('quality_check', 'billing')).toBe(false);
    const cc = source('../../src/domain/review.cc');
    const body = /bool RoleMayComplete[\s\S]*?\n}\n/.exec(cc)![0];
    expect(body).toContain('case ReviewKind::kSupervisor:\n      return role == Role::kSupervisor || role == Role::kPrivacyOfficer;');
  });
});

describe('audit search', () => {
  const none = { patient: '', actor: '', action: '', outcome: '', from: '', to: '' };
  it('sends ids and codes, the dates as whole UTC days', () => {
    expect(auditQuery(none, null)).toBe('limit=50');
    expect(auditQuery({ ...none, patient: '2', action: 'read', from: '2026-01-01', to: '2026-01-31' }, 40))
      .toBe('patient=2&action=read&from=2026-01-01T00%3A00%3A00Z&to=2026-01-31T23%3A59%3A59.999999Z&after=40&limit=50');
  });
  it('flags bad filters per field', () => {
    expect(auditFilterProblems({ ...none, patient: 'two', actor: '0', from: '2026-02-01', to: '2026-01-01' }))
      .toEqual({ patient: expect.any(String), actor: expect.any(String), to: expect.any(String) });
    expect(auditFilterProblems({ ...none, patient: '2' })).toEqual({});
  });
  it('knows every audit action of src/domain/audit.cc', () => {
    const names = /kActionNames = \{\{([\s\S]*?)\}\};/.exec(source('../../src/domain/audit.cc'))![1]!;
    expect([...AUDIT_ACTIONS]).toEqual([...names.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]));
  });
  it('compares the links between consecutive events on the page', () => {
    const zero = '0'.repeat(64);
    const events = [
      { sequence: 1, prev_hash: zero, hash: 'a' },
      { sequence: 2, prev_hash: 'a', hash: 'b' },
      { sequence: 3, prev_hash: 'WRONG', hash: 'c' },
      { sequence: 5, prev_hash: 'd', hash: 'e' },
    ];
    expect(chainLinks(events)).toEqual({ checked: 3, broken: [3] });
    expect(chainLinks([{ sequence: 1, prev_hash: 'x', hash: 'a' }]).broken).toEqual([1]);
    expect(chainLinks([])).toEqual({ checked: 0, broken: [] });
  });
});
