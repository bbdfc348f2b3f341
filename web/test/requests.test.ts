// The intake form's case building and the decision explanation (src/requests.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionsFor, buildCase, buildIntake, explain, formatMicros, type IntakeValues, isOpen, isOverdue, patientRef, words } from '../src/requests';

const base: IntakeValues = {
  patient: 'DEMO-000001', requesterId: '2', requesterRole: 'attorney', basis: 'authorization',
  purpose: 'litigation', scope: 'all', kinds: [], from: '', to: '', format: 'paper', medium: 'mail',
  priority: 'urgent', written: true, signed: true, identityVerified: false, authorityDocumented: false,
  authorization: {
    signed: false, signedOn: '', expiresOn: '2027-01-31', describesInformation: true, namesDiscloser: true,
    namesRecipient: false, statesPurpose: true, revocationStatement: true, conditioningStatement: true,
    redisclosureStatement: true,
  },
};

describe('patientRef', () => {
  it('reads digits as an id and anything else as an MRN', () => {
    expect(patientRef(' 42 ')).toEqual({ patient_id: 42 });
    expect(patientRef('DEMO-000001')).toEqual({ patient_mrn: 'DEMO-000001' });
  });
});

describe('buildIntake', () => {
  it('builds the intake body with the authorization checklist in API names', () => {
    const body = buildIntake(base, 7);
    expect(body).toMatchObject({
      patient_mrn: 'DEMO-000001', requester_id: 7, priority: 'urgent', basis: 'authorization',
      purpose: 'litigation', format: 'paper', medium: 'mail', written: true, signed: true,
      identity_verified: false, scope: { all_records: true, kinds: [], from: null, to: null },
    });
    expect(body.authorization).toMatchObject({ signed: false, signed_on: null, expires_on: '2027-01-31', names_recipient: false });
  });
  it('sends kinds and a date window for a partial scope, and null without an authorization', () => {
    const body = buildIntake({ ...base, scope: 'kinds', kinds: ['lab_result'], from: '2025-01-01', authorization: null }, 1);
    expect(body.scope).toEqual({ all_records: false, kinds: ['lab_result'], from: '2025-01-01', to: null });
    expect(body.authorization).toBeNull();
  });
});

describe('buildCase', () => {
  it('builds an openroi.case/1 for the live check: federal law, an adult patient, no documents', () => {
    const c = buildCase(base, '2026-11-23');
    expect(c).toMatchObject({
      schema: 'openroi.case/1', jurisdiction: 'US', received_on: '2026-11-23', as_of: '2026-11-23',
      patient: { birth_date: '1986-11-23' }, requester: { role: 'attorney', identity_verified: false },
      basis: 'authorization', request: { written: true, signed: true, format: 'paper', medium: 'mail' },
      documents: [],
    });
    expect(c.authorization?.names_recipient).toBe(false);
    expect(buildCase(base, '2026-11-23', 'US-CA').jurisdiction).toBe('US-CA');
  });
  it('uses only field names the case codec reads (src/policy/case_codec.cc)', () => {
    const codec = readFileSync(fileURLToPath(new URL('../../src/policy/case_codec.cc', import.meta.url)), 'utf8');
    const c = buildCase(base, '2026-11-23');
    const keys = (o: object): string[] => Object.entries(o).flatMap(([k, v]) =>
      [k, ...(v && typeof v === 'object' && !Array.isArray(v) ? keys(v) : [])]);
    for (const key of keys(c)) expect(codec, key).toContain(`"${key}"`);
  });
});

describe('explain', () => {
  const decision = {
    outcome: 'pend', deficiencies: ['AUTH_UNSIGNED', 'SOMETHING_NEW'],
    documents: [{ id: '3', action: 'withhold', reasons: ['PENDING'] }, { id: '4', action: 'release', reasons: [] }],
    rules: [{ code: 'AUTHORIZATION_SIGNATURE', cite: '45 CFR 164.508(c)(1)(vi)' }],
  };
  it('explains the outcome, each deficiency and each rule with its citation', () => {
    const x = explain(decision);
    expect(x.outcome).toBe('pend');
    expect(x.summary).toMatch(/deficiencies are cured/);
    expect(x.deficiencies).toEqual([
      { code: 'AUTH_UNSIGNED', text: 'The authorization is not signed.' },
      { code: 'SOMETHING_NEW', text: 'Something new' },
    ]);
    expect(x.rules).toEqual([{ code: 'AUTHORIZATION_SIGNATURE', text: 'Authorization signature', cite: '45 CFR 164.508(c)(1)(vi)' }]);
    expect(x.withheld).toEqual([{ id: '3', reasons: ['PENDING'] }]);
  });
  it('says so when there is no decision', () => {
    expect(explain(null)).toMatchObject({ outcome: 'none', rules: [], deficiencies: [] });
  });
  it('turns codes into words', () => {
    expect(words('ready_to_release')).toBe('Ready to release');
  });
});

describe('actionsFor', () => {
  it('offers the actions of the workflow table for the state', () => {
    expect(actionsFor('received', true)).toEqual(['start_verification', 'hold', 'cancel']);
    expect(actionsFor('ready_to_release', true)).toContain('release');
    expect(actionsFor('ready_to_release', false)).not.toContain('release');
    expect(actionsFor('on_hold', true)).toEqual(['resume', 'cancel']);
    expect(actionsFor('closed', true)).toEqual([]);
  });
  it('names only actions the server knows', () => {
    const source = readFileSync(fileURLToPath(new URL('../../src/domain/request_workflow.cc', import.meta.url)), 'utf8');
    const states = ['received', 'verifying', 'pending_information', 'denied', 'retrieving', 'in_review',
      'awaiting_payment', 'ready_to_release', 'released', 'closed', 'cancelled', 'on_hold'];
    for (const state of states) {
      expect(source).toContain(`"${state}"`);
      for (const action of actionsFor(state, true)) expect(source).toContain(`"${action}"`);
    }
  });
});

describe('dates', () => {
  it('flags an open request past its due date as overdue', () => {
    expect(isOverdue('2026-11-01', 'verifying', '2026-11-23')).toBe(true);
    expect(isOverdue('2026-11-01', 'released', '2026-11-23')).toBe(false);
    expect(isOverdue(null, 'verifying', '2026-11-23')).toBe(false);
    expect(isOpen('on_hold')).toBe(true);
    expect(isOpen('closed')).toBe(false);
  });
  it('formats transition times in UTC', () => {
    expect(formatMicros(Date.UTC(2026, 10, 23, 14, 5) * 1000)).toBe('2026-11-23 14:05 UTC');
  });
});
