// The audit search's logic, free of the DOM so the unit tests can check it: the search form's
// values → the query of GET /api/v1/audit, and how the events on a page link into the chain.

export interface AuditFilters {
  patient: string; // digits or ''
  actor: string; // digits or ''
  action: string;
  outcome: string;
  from: string; // YYYY-MM-DD or ''
  to: string; // YYYY-MM-DD or '' (inclusive: the whole day)
}

export const AUDIT_ACTIONS = [
  'login', 'login_failed', 'account_locked', 'logout', 'read', 'create', 'update', 'delete',
  'download', 'print', 'release', 'permission_change', 'break_glass', 'export',
] as const;

export const AUDIT_OUTCOMES = ['success', 'denied', 'failed'] as const;

// Problems per field name, empty when the filters may be sent.
export function auditFilterProblems(f: AuditFilters): Record<string, string> {
  const problems: Record<string, string> = {};
  const id = /^\d{1,15}$/;
  if (f.patient !== '' && (!id.test(f.patient) || Number(f.patient) === 0)) problems.patient = 'Enter a patient id (digits), or leave it empty.';
  if (f.actor !== '' && (!id.test(f.actor) || Number(f.actor) === 0)) problems.actor = 'Enter a user id (digits), or leave it empty.';
  if (f.from && f.to && f.to < f.from) problems.to = 'The end date must not be before the start date.';
  return problems;
}

// The query of GET /api/v1/audit (ids and codes only: no names, no free text).
export function auditQuery(f: AuditFilters, after: number | null, limit = 50): string {
  const params = new URLSearchParams();
  if (f.patient) params.set('patient', f.patient);
  if (f.actor) params.set('actor', f.actor);
  if (f.action) params.set('action', f.action);
  if (f.outcome) params.set('outcome', f.outcome);
  if (f.from) params.set('from', `${f.from}T00:00:00Z`);
  if (f.to) params.set('to', `${f.to}T23:59:59.999999Z`);
  if (after !== null) params.set('after', String(after));
  params.set('limit', String(limit));
  return params.toString();
}

export interface ChainEvent {
  sequence: number;
  prev_hash: string;
  hash: string;
}

export interface ChainLinks {
  checked: number; // Pairs of consecutive sequence numbers on the page that were compared.
  broken: number[]; // Sequences whose prev_hash is not the previous event's hash.
}

const GENESIS = /^0+$/;

// Compares each event's prev_hash with the hash of the event just before it in the chain, where
// both are on the page (event 1 must follow the all-zero genesis).  This shows the links only: it
// does not recompute hashes or check seals (`openroi audit verify` does).
export function chainLinks(events: ChainEvent[]): ChainLinks {
  const bySequence = new Map(events.map((e) => [e.sequence, e]));
  const result: ChainLinks = { checked: 0, broken: [] };
  for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
    if (event.sequence === 1) {
      result.checked += 1;
      if (!GENESIS.test(event.prev_hash)) result.broken.push(event.sequence);
      continue;
    }
    const previous = bySequence.get(event.sequence - 1);
    if (!previous) continue;
    result.checked += 1;
    if (previous.hash !== event.prev_hash) result.broken.push(event.sequence);
  }
  return result;
}
