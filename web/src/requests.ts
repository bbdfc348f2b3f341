// The request logic shared by the intake form and the request page, free of the DOM so the unit
// tests can check it: the intake form's values → the intake body (POST /api/v1/requests) and the
// case for the live policy check (POST /api/v1/decide, openroi.case/1); a stored decision → the
// explanation shown to the staff; a state → the workflow actions worth offering.

export interface IntakeValues {
  patient: string; // An MRN ("DEMO-000001") or a numeric id.
  requesterId: string; // Empty when a new requester is created first.
  requesterRole: string;
  basis: string;
  purpose: string;
  scope: 'all' | 'kinds';
  kinds: string[];
  from: string; // YYYY-MM-DD or ''.
  to: string;
  format: string;
  medium: string;
  priority: string;
  written: boolean;
  signed: boolean;
  identityVerified: boolean;
  authorityDocumented: boolean;
  authorization: null | {
    signed: boolean;
    signedOn: string;
    expiresOn: string;
    describesInformation: boolean;
    namesDiscloser: boolean;
    namesRecipient: boolean;
    statesPurpose: boolean;
    revocationStatement: boolean;
    conditioningStatement: boolean;
    redisclosureStatement: boolean;
  };
}

export interface Decision {
  outcome: string;
  documents?: { id: string; action: string; reasons: string[] }[];
  deficiencies: string[];
  due_on?: string | null;
  notices?: string[];
  rules: { code: string; cite: string }[];
}

const orNull = (date: string) => (date === '' ? null : date);

function scope(v: IntakeValues) {
  return v.scope === 'all'
    ? { all_records: true, kinds: [], from: orNull(v.from), to: orNull(v.to) }
    : { all_records: false, kinds: v.kinds, from: orNull(v.from), to: orNull(v.to) };
}

function authorization(v: IntakeValues) {
  const a = v.authorization;
  if (!a) return null;
  return {
    signed: a.signed,
    signed_on: orNull(a.signedOn),
    expires_on: orNull(a.expiresOn),
    describes_information: a.describesInformation,
    names_discloser: a.namesDiscloser,
    names_recipient: a.namesRecipient,
    states_purpose: a.statesPurpose,
    revocation_statement: a.revocationStatement,
    conditioning_statement: a.conditioningStatement,
    redisclosure_statement: a.redisclosureStatement,
  };
}

// "DEMO-000001" → {patient_mrn}; "42" → {patient_id: 42}.
export function patientRef(text: string): { patient_id: number } | { patient_mrn: string } {
  const t = text.trim();
  return /^\d+$/.test(t) ? { patient_id: Number(t) } : { patient_mrn: t };
}

// The body of POST /api/v1/requests.  requesterId is the id chosen or just created.
export function buildIntake(v: IntakeValues, requesterId: number) {
  return {
    ...patientRef(v.patient),
    requester_id: requesterId,
    priority: v.priority,
    basis: v.basis,
    purpose: v.purpose,
    format: v.format,
    medium: v.medium,
    written: v.written,
    signed: v.signed,
    identity_verified: v.identityVerified,
    authority_documented: v.authorityDocumented,
    scope: scope(v),
    authorization: authorization(v),
  };
}

// The case for the live check.  The form does not know the patient's birth date or the
// organization's state, so the check assumes an adult patient (40 years old) under the law the
// specialist picks (federal only by default); the stored decision made at intake uses the
// patient's record and the organization's state.
export function buildCase(v: IntakeValues, today: string, jurisdiction = 'US') {
  const year = Number(today.slice(0, 4)) - 40;
  return {
    schema: 'openroi.case/1',
    jurisdiction,
    entity: { type: 'hospital' },
    received_on: today,
    as_of: today,
    patient: { birth_date: `${year}${today.slice(4)}` },
    requester: {
      role: v.requesterRole || 'patient',
      identity_verified: v.identityVerified,
      authority_documented: v.authorityDocumented,
    },
    basis: v.basis,
    purpose: v.purpose,
    request: {
      written: v.written,
      signed: v.signed,
      format: v.format,
      medium: v.medium,
      scope: scope(v),
    },
    authorization: authorization(v),
    documents: [],
  };
}

// Plain words for the codes staff meet most; any other code is shown as words from its name.
const WORDS: Record<string, string> = {
  AUTH_MISSING: 'No authorization is on file.',
  AUTH_UNSIGNED: 'The authorization is not signed.',
  AUTH_UNDATED: 'The authorization has no signature date.',
  AUTH_EXPIRED: 'The authorization has expired.',
  AUTH_REVOKED: 'The authorization was revoked.',
  AUTH_NO_DESCRIPTION: 'The authorization does not describe the information to disclose.',
  AUTH_NO_DISCLOSER: 'The authorization does not name who may disclose.',
  AUTH_NO_RECIPIENT: 'The authorization does not name the recipient.',
  AUTH_NO_PURPOSE: 'The authorization does not state the purpose.',
  AUTH_NO_EXPIRATION: 'The authorization has no expiration date or event.',
  AUTH_NO_REVOCATION_STATEMENT: 'The authorization lacks the statement of the right to revoke.',
  AUTH_NO_CONDITIONING_STATEMENT: 'The authorization lacks the statement on conditioning treatment.',
  AUTH_NO_REDISCLOSURE_STATEMENT: 'The authorization lacks the statement on redisclosure.',
  AUTH_REPRESENTATIVE_AUTHORITY_MISSING: "The representative's authority is not described.",
  IDENTITY_UNVERIFIED: "The requester's identity is not verified.",
  AUTHORITY_UNDOCUMENTED: "The requester's authority is not documented.",
  NOT_WRITTEN: 'The request is not in writing.',
  NOT_SIGNED: 'The request is not signed.',
};

// "ACCESS_30_DAYS" → "Access 30 days".
export function words(code: string): string {
  const known = WORDS[code];
  if (known) return known;
  const text = code.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const OUTCOMES: Record<string, string> = {
  release: 'Release: every document in scope may go.',
  partial: 'Partial release: some documents go, some are withheld.',
  deny: 'Deny: nothing may be disclosed.',
  pend: 'Pending: nothing may go until the deficiencies are cured.',
  none: 'Not decided yet.',
};

export interface Explanation {
  outcome: string;
  summary: string;
  deficiencies: { code: string; text: string }[];
  rules: { code: string; text: string; cite: string }[];
  withheld: { id: string; reasons: string[] }[];
}

export function explain(decision: Decision | null | undefined): Explanation {
  if (!decision) {
    return { outcome: 'none', summary: OUTCOMES.none!, deficiencies: [], rules: [], withheld: [] };
  }
  return {
    outcome: decision.outcome,
    summary: OUTCOMES[decision.outcome] ?? words(decision.outcome),
    deficiencies: decision.deficiencies.map((code) => ({ code, text: words(code) })),
    rules: decision.rules.map((r) => ({ code: r.code, text: words(r.code), cite: r.cite })),
    withheld: (decision.documents ?? [])
      .filter((d) => d.action !== 'release')
      .map((d) => ({ id: d.id, reasons: d.reasons })),
  };
}

// The actions the workflow table (src/domain/request_workflow.cc) accepts from a state.  The
// guards (decision, reviews, balance) are the server's: it answers 409 with the reason.
const FROM: Record<string, string[]> = {
  received: ['start_verification'],
  verifying: ['request_information', 'deny', 'start_retrieval'],
  pending_information: ['information_received'],
  retrieving: ['send_to_review', 'finish_retrieval'],
  in_review: ['complete_review', 'deny'],
  awaiting_payment: ['record_payment'],
  ready_to_release: ['release'],
  released: ['close'],
  denied: ['close'],
};
const ACTIVE = new Set([
  'received', 'verifying', 'pending_information', 'retrieving', 'in_review', 'awaiting_payment',
  'ready_to_release',
]);

export function actionsFor(state: string, mayRelease: boolean): string[] {
  const actions = [...(FROM[state] ?? [])];
  if (ACTIVE.has(state)) actions.push('hold');
  if (state === 'on_hold') actions.push('resume');
  if (ACTIVE.has(state) || state === 'on_hold') actions.push('cancel');
  return mayRelease ? actions : actions.filter((a) => a !== 'release');
}

// Open: facts may still change.
export function isOpen(state: string): boolean {
  return ACTIVE.has(state) || state === 'on_hold';
}

// The decision's due date has passed and the request is still open.
export function isOverdue(dueOn: string | null | undefined, state: string, today: string): boolean {
  return !!dueOn && dueOn < today && (ACTIVE.has(state) || state === 'on_hold');
}

// Microseconds since the epoch → "2026-11-23 14:05 UTC".
export function formatMicros(micros: number): string {
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
