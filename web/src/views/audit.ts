// Administration: the audit search (#/admin/audit, needs read_audit) over GET /api/v1/audit:
// filters (patient id, user id, action, outcome, date range), the events oldest first, 50 a page
// ("Next page" follows next_after), how the events on the page link into the hash chain, and
// "Verify the whole chain" (POST /api/v1/audit/verify, the check of `openroi audit verify`).
import { request, type Session } from '../api';
import { h } from '../dom';
import { ErrorSummary, type Field, selectField, setFieldError, textField } from '../forms';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditFilters, auditFilterProblems, auditQuery, chainLinks } from '../audit_logic';
import { words } from '../requests';

interface AuditEvent {
  sequence: number;
  occurred_at: string;
  actor: { id: number | null; label: string };
  action: string;
  patient_id: number | null;
  entity: { kind: string; id: string };
  outcome: string;
  remote_address: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export function renderAudit(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const patient = textField('Patient id', 'audit_patient', { hint: 'Digits, e.g. 2.' });
  const actor = textField('User id', 'audit_actor', { hint: 'Who did it (digits).' });
  const action = selectField('Action', 'audit_action', [['', 'Any action'], ...AUDIT_ACTIONS.map((a) => [a, words(a)] as [string, string])]);
  const outcome = selectField('Outcome', 'audit_outcome', [['', 'Any outcome'], ...AUDIT_OUTCOMES.map((o) => [o, words(o)] as [string, string])]);
  const from = textField('From', 'audit_from', { type: 'date' });
  const to = textField('To', 'audit_to', { type: 'date' });
  const fields: Record<string, Field> = { patient, actor, action, outcome, from, to };
  const search = h('button', { type: 'submit', class: 'primary' }, 'Search');
  const form = h('form', { novalidate: true, class: 'audit-search', role: 'search', 'aria-label': 'Audit events' },
    h('div', { class: 'grid' }, ...Object.values(fields).map((f) => f.wrapper)), search);
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const chain = h('p', { class: 'chain-status' });
  const results = h('div', { class: 'audit-results' });
  const more = h('button', { type: 'button', hidden: true }, 'Next page');

  // The whole chain, checked on the server (POST /api/v1/audit/verify); the check is audited too.
  const verifyButton = h('button', { type: 'button' }, 'Verify the whole chain');
  const verifyStatus = h('p', { role: 'status', 'aria-live': 'polite', class: 'verify-status' });
  const verifySection = h('section', { class: 'audit-verify', 'aria-label': 'Chain verification' }, verifyButton, verifyStatus);
  verifyButton.addEventListener('click', () => {
    verifyButton.disabled = true;
    verifyStatus.textContent = 'Verifying every event and seal…';
    delete verifyStatus.dataset.verified;
    request<{ intact: boolean; events: number; seals: number; last_sequence: number; problem: { kind: string; sequence: number; message: string } | null }>('POST', '/api/v1/audit/verify')
      .then((result) => {
        verifyStatus.dataset.verified = result.intact ? 'intact' : 'broken';
        verifyStatus.textContent = result.intact || !result.problem
          ? `Audit chain intact: ${result.events} events and ${result.seals} seals verified.`
          : `Audit chain BROKEN at event ${result.problem.sequence} (${words(result.problem.kind)}): ${result.problem.message} Events up to ${result.last_sequence} are intact.`;
      })
      .catch((error: unknown) => {
        verifyStatus.textContent = '';
        summary.showError(error);
      })
      .finally(() => {
        verifyButton.disabled = false;
      });
  });

  let current: AuditFilters | null = null;
  let nextAfter: number | null = null;

  const load = async (filters: AuditFilters, after: number | null) => {
    search.disabled = true;
    more.disabled = true;
    try {
      const page = await request<{ events: AuditEvent[]; next_after: number | null }>('GET', `/api/v1/audit?${auditQuery(filters, after)}`);
      summary.hide();
      current = filters;
      nextAfter = page.next_after;
      more.hidden = nextAfter === null;
      status.textContent = page.events.length === 0 ? 'No events match.'
        : `Events ${page.events[0]!.sequence} to ${page.events.at(-1)!.sequence}${nextAfter === null ? '' : '; more on the next page'}.`;
      const links = chainLinks(page.events);
      chain.textContent = links.checked === 0
        ? 'Chain: no consecutive events on this page to compare.'
        : links.broken.length === 0
          ? `Chain links on this page: intact (${links.checked} checked).`
          : `Chain links on this page: BROKEN before event ${links.broken.join(', ')}.`;
      chain.dataset.chain = links.broken.length === 0 ? 'intact' : 'broken';
      results.replaceChildren(page.events.length === 0 ? '' : h('table', { class: 'audit-events' },
        h('caption', { class: 'visually-hidden' }, 'Audit events'),
        h('thead', {}, h('tr', {}, ['#', 'Time (UTC)', 'Who', 'Action', 'Outcome', 'Patient', 'What', 'Detail'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, page.events.map((e) => h('tr', { 'data-outcome': e.outcome },
          h('td', {}, String(e.sequence)),
          h('td', {}, h('time', { datetime: e.occurred_at }, e.occurred_at.replace('T', ' ').slice(0, 19))),
          h('td', {}, e.actor.label || '—', e.actor.id === null ? '' : ` (${e.actor.id})`),
          h('td', {}, words(e.action)),
          h('td', { class: `audit-${e.outcome}` }, words(e.outcome)),
          h('td', {}, e.patient_id === null ? '—' : h('a', { href: `#/patients/${e.patient_id}` }, String(e.patient_id))),
          h('td', {}, `${e.entity.kind} ${e.entity.id}`.trim() || '—'),
          h('td', {}, e.detail || '—'))))));
      results.querySelector('table')?.setAttribute('tabindex', '-1');
    } catch (error) {
      summary.showError(error);
    } finally {
      search.disabled = false;
      more.disabled = false;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const filters: AuditFilters = {
      patient: patient.control.value.trim(), actor: actor.control.value.trim(), action: action.control.value,
      outcome: outcome.control.value, from: from.control.value, to: to.control.value,
    };
    for (const f of Object.values(fields)) setFieldError(f, null);
    const problems = auditFilterProblems(filters);
    const names = Object.keys(problems);
    if (names.length > 0) {
      for (const name of names) setFieldError(fields[name]!, problems[name]!);
      summary.show('The search was not run:', names.map((n) => problems[n]!));
      return;
    }
    void load(filters, null);
  });
  more.addEventListener('click', () => {
    if (current) void load(current, nextAfter);
  });

  main.append(h('h1', {}, 'Audit trail'),
    h('p', { class: 'lead' }, 'Every sign-in, read, change, download, print and release, oldest first. Each event carries the hash of the one before it.'),
    summary.element, form, status, chain,
    h('p', { class: 'hint' }, 'The page compares the links it shows; "Verify the whole chain" recomputes every hash and checks every seal, as `openroi audit verify` does.'),
    verifySection, results, more);
  void load({ patient: '', actor: '', action: '', outcome: '', from: '', to: '' }, null);
}
