// The request page (#/requests/{id}): GET /api/v1/requests/{id} → header (number, id, state,
// priority, due date, overdue, assignee), the stored decision explained (outcome, deficiencies,
// each document's action with its reasons, the rules that gave them and their citations, every
// rule with its citation), the review tasks (roles that review records) and the billing (roles
// that manage billing), one timeline of transitions and deadline notices, the letters (each opens
// a readable view of its fields and a PDF preview), and buttons for the workflow actions of the
// current state.  The server decides every guard: a refused action's message (409) is shown in an
// announced alert.
import { request, type Session } from '../api';
import { h } from '../dom';
import { checkField, ErrorSummary, type Field, sentence, setFieldError, textField } from '../forms';
import { ApiError } from '../api';
import { allows } from '../permissions';
import { actionsFor, type Decision, explain, formatMicros, isOpen, isOverdue, words } from '../requests';
import { explainDocuments, type HistoryEntry, type NoticeEntry, timelineEntries } from '../detail_logic';
import { renderBillingPanel } from './billing';
import { renderCostsPanel } from './fees';
import { renderReviewsPanel } from './reviews';
import { renderHarmPanel } from './harm_determinations';
import { patientMatchPanel } from './patient_match';

interface Letter {
  id: string;
  kind: string;
  date: string;
  recipient: string;
  body: Record<string, string>;
}

export interface RequestView {
  id: number;
  number: string;
  version: number;
  state: string;
  priority: string;
  due_on: string | null;
  received_on: string;
  assignee_id: number | null;
  patient: { id: number; mrn: string; given_name: string; family_name: string; pending_match?: boolean };
  requester: { id: number; role: string; name: string; organization: string };
  decision: Decision | null;
  facts: { identity_verified: boolean; authority_documented: boolean; authorization: Record<string, unknown> | null };
  history: HistoryEntry[];
  letters: Letter[];
  warnings: string[];
  notices?: NoticeEntry[];
}

const today = () => new Date().toISOString().slice(0, 10);
let keyCounter = 0;
const idempotencyKey = () => `ui-${Date.now()}-${(keyCounter += 1)}`;

function dl(pairs: [string, Node | string][]): HTMLElement {
  return h('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function renderRequest(main: HTMLElement, session: Session, params: Record<string, string>): void {
  const id = params.id ?? '';
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the request…');
  const heading = h('h1', {}, 'Request');
  const body = h('div', { class: 'request-page' });
  main.append(heading, summary.element, status, body);

  const show = (view: RequestView, focus: boolean) => {
    heading.textContent = `Request ${view.number}`;
    const overdue = isOverdue(view.due_on, view.state, today());
    const mine = view.assignee_id === session.user.id;
    const header = h('section', { class: 'request-header', 'aria-label': 'Summary' },
      dl([
        ['Id', String(view.id)],
        ['State', h('span', { class: 'state', 'data-state': view.state }, words(view.state))],
        ['Priority', words(view.priority)],
        ['Received', view.received_on],
        ['Due', h('span', {}, view.due_on ?? 'No legal deadline',
          overdue ? h('span', { class: 'badge overdue' }, 'Overdue') : null)],
        ['Assignee', view.assignee_id === null ? 'Unassigned' : mine ? 'You' : `User ${view.assignee_id}`],
        ['Patient', h('span', {}, h('a', { href: `#/patients/${view.patient.id}` },
          `${view.patient.given_name} ${view.patient.family_name} (${view.patient.mrn})`),
          view.patient.pending_match ? h('span', { class: 'badge unmatched' }, 'Patient not matched') : null)],
        ['Requester', `${view.requester.name}${view.requester.organization ? `, ${view.requester.organization}` : ''} (${words(view.requester.role)})`],
      ]));

    const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' });
    const note = h('input', { id: 'transition-note', name: 'note', type: 'text', autocomplete: 'off' });
    const run = async (button: HTMLButtonElement, path: string, payload: unknown, done: string) => {
      button.disabled = true;
      try {
        const next = await request<RequestView>('POST', path, payload);
        summary.hide();
        show(next, false);
        status.textContent = done;
        // The clicked button is gone with the old page: keep keyboard users at the actions.
        (body.querySelector('#actions-title') as HTMLElement | null)?.focus();
      } catch (error) {
        summary.showError(error);
        button.disabled = false;
      }
    };
    for (const action of actionsFor(view.state, allows(session.user.role, 'release_records'))) {
      const button = h('button', { type: 'button', 'data-action': action, class: action === 'release' ? 'primary' : undefined }, words(action));
      button.addEventListener('click', () => void run(button, `/api/v1/requests/${view.id}/transitions`,
        { action, idempotency_key: idempotencyKey(), note: note.value.trim() }, `${words(action)}: done.`));
      actions.append(button);
    }
    if (!mine) {
      const assign = h('button', { type: 'button' }, 'Assign to me');
      assign.addEventListener('click', () => void run(assign, `/api/v1/requests/${view.id}/assignment`,
        { assignee_id: session.user.id, version: view.version }, 'Assigned to you.'));
      actions.append(assign);
    }

    const x = explain(view.decision);
    const decision = h('section', { class: 'decision', 'aria-labelledby': 'explain-title' },
      h('h2', { id: 'explain-title', tabindex: '-1' }, 'Decision'),
      h('p', { class: `outcome outcome-${x.outcome}`, 'data-outcome': x.outcome }, h('strong', {}, x.summary)),
      h('h3', {}, 'Deficiencies to cure'),
      x.deficiencies.length === 0 ? h('p', {}, 'None.')
        : h('ul', { class: 'deficiencies' }, x.deficiencies.map((d) => h('li', {}, d.text, ' ', h('code', {}, d.code)))),
      x.withheld.length === 0 ? null : [h('h3', {}, 'Documents withheld'),
        h('ul', {}, x.withheld.map((d) => h('li', {}, `Document ${d.id}: `, d.reasons.map((r) => h('code', {}, r)))))],
      documentsExplained(view.decision),
      h('h3', {}, 'Rules that decided it'),
      h('table', { class: 'rules' },
        h('thead', {}, h('tr', {}, ['Rule', 'Meaning', 'Citation'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, x.rules.map((r) => h('tr', {}, h('td', {}, h('code', {}, r.code)), h('td', {}, r.text), h('td', { class: 'cite' }, r.cite))))));

    const entries = timelineEntries(view.history, view.notices ?? []);
    const timeline = h('section', { 'aria-labelledby': 'timeline-title' },
      h('h2', { id: 'timeline-title' }, 'Timeline'),
      h('p', { class: 'hint' }, `Received ${view.received_on}.`),
      entries.length === 0 ? h('p', {}, 'No transitions or notices yet.')
        : h('ol', { class: 'timeline' }, entries.map((item) => {
          if (item.type === 'notice') {
            const n = item.entry;
            return h('li', { class: 'timeline-notice', 'data-kind': 'notice' },
              h('strong', {}, `Notice: ${words(n.kind)}`), n.due_on ? ` (due ${n.due_on})` : '', `: ${sentence(n.message)} `,
              h('time', {}, formatMicros(n.raised_micros)));
          }
          const t = item.entry;
          return h('li', { 'data-kind': 'transition' },
            h('strong', {}, words(t.action)), ` (${words(t.from)} → ${words(t.to)}) by ${t.actor_id === session.user.id ? 'you' : `user ${t.actor_id}`}, `,
            h('time', {}, formatMicros(t.at_micros)), t.note ? h('span', { class: 'note' }, `: ${t.note}`) : null);
        })));

    const letterView = h('div', { class: 'letter-view', 'aria-live': 'polite' });
    const letters = h('section', { 'aria-labelledby': 'letters-title' },
      h('h2', { id: 'letters-title' }, 'Letters'),
      view.letters.length === 0 ? h('p', {}, 'No letters.')
        : h('table', {},
          h('thead', {}, h('tr', {}, ['Kind', 'Date', 'Recipient', 'Read', 'PDF'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, view.letters.map((letter) => {
            const open = h('button', { type: 'button', class: 'link-button' }, `Read ${words(letter.kind).toLowerCase()} letter`);
            open.addEventListener('click', () => {
              letterView.replaceChildren(
                h('h3', { tabindex: '-1' }, `${words(letter.kind)} letter, ${letter.date}`),
                dl([['Recipient', letter.recipient], ...Object.entries(letter.body).map(([k, v]) => [words(k), v] as [string, string])]));
              (letterView.querySelector('h3') as HTMLElement).focus();
            });
            const pdf = h('a', { href: `/api/v1/requests/${view.id}/letters/${encodeURIComponent(letter.id)}.pdf`, target: '_blank', rel: 'noopener' },
              `Preview ${words(letter.kind).toLowerCase()} letter (PDF, opens a new tab)`);
            return h('tr', {}, h('td', {}, words(letter.kind)), h('td', {}, letter.date), h('td', {}, letter.recipient), h('td', {}, open), h('td', {}, pdf));
          }))),
      letterView);

    const reviews = h('section', { class: 'reviews-panel' });
    if (allows(session.user.role, 'review_records')) {
      renderReviewsPanel(reviews, session, String(view.id), { level: 'h2', title: 'Review tasks' });
    }
    const harms = h('section', { class: 'harm-panel' });
    if (allows(session.user.role, 'review_records')) {
      renderHarmPanel(harms, session, String(view.id));
    }
    const costs = h('section', { class: 'costs-panel', 'aria-labelledby': 'costs-title' });
    if (allows(session.user.role, 'read_patients')) {
      renderCostsPanel(costs, String(view.id), isOpen(view.state) && allows(session.user.role, 'manage_requests'), () => {
        request<RequestView>('GET', `/api/v1/requests/${view.id}`).then((next) => show(next, false)).catch((error: unknown) => summary.showError(error));
      });
    }
    const billing = h('section', { class: 'billing-panel' });
    if (allows(session.user.role, 'manage_billing')) {
      renderBillingPanel(billing, session, String(view.id), { level: 'h2', title: 'Billing' });
    }
    // Documents with redaction, and release with delivery: loaded on demand (views/*_panel.ts).
    const documentsPanel = h('section', { class: 'documents-panel' });
    if (allows(session.user.role, 'review_records')) void import('./documents_panel').then((m) => m.renderDocumentsPanel(documentsPanel, session, view));
    const releasePanel = h('section', { class: 'release-panel' });
    void import('./release_panel').then((m) => m.renderReleasePanel(releasePanel, session, view));
    body.replaceChildren(header,
      h('section', { 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title', tabindex: '-1' }, 'Next step'),
        h('div', { class: 'field' }, h('label', { for: 'transition-note' }, 'Note for the timeline (optional)'), note),
        actions),
      h('ul', { class: 'warnings', hidden: view.warnings.length === 0 }, view.warnings.map((w) => h('li', {}, sentence(w)))),
      view.patient.pending_match && isOpen(view.state)
        ? patientMatchPanel<RequestView>(view.id, view.patient, summary, (next) => {
          summary.hide();
          show(next, false);
          status.textContent = `Matched to ${next.patient.given_name} ${next.patient.family_name} (${next.patient.mrn}). The decision is now: ${explain(next.decision).summary}`;
          (body.querySelector('#explain-title') as HTMLElement | null)?.focus();
        }) : '',
      decision,
      isOpen(view.state) ? factsForm(view, summary, (next) => {
        summary.hide();
        show(next, false);
        status.textContent = `Saved. The decision is now: ${explain(next.decision).summary}`;
        (body.querySelector('#explain-title') as HTMLElement | null)?.focus();
      }) : '',
      reviews, harms, costs, billing, documentsPanel, releasePanel, timeline, letters);
    if (focus) heading.focus();
  };

  request<RequestView>('GET', `/api/v1/requests/${id}`)
    .then((view) => {
      status.textContent = '';
      show(view, false);
    })
    .catch((error: unknown) => {
      status.textContent = '';
      summary.showError(error);
    });
}

const CHECKLIST: [string, string][] = [
  ['signed', 'Authorization signed'],
  ['describes_information', 'Describes the information to disclose'],
  ['names_discloser', 'Names who may disclose'],
  ['names_recipient', 'Names the recipient'],
  ['states_purpose', 'States the purpose'],
  ['revocation_statement', 'Right-to-revoke statement'],
  ['conditioning_statement', 'Conditioning statement'],
  ['redisclosure_statement', 'Redisclosure statement'],
];

// The facts a specialist cures most often (identity, authority, the authorization checklist),
// saved with PATCH /api/v1/requests/{id}; the server re-decides and answers the new view.
export function factsForm(view: RequestView, summary: ErrorSummary, saved: (next: RequestView) => void): HTMLElement {
  const verified = checkField('Identity verified', 'identity_verified', view.facts.identity_verified);
  const authority = checkField('Authority documented (representatives)', 'authority_documented', view.facts.authority_documented);
  const auth = view.facts.authorization;
  const checks = auth ? CHECKLIST.map(([key, label]) => [key, checkField(label, `fact_${key}`, auth[key] === true)] as [string, Field]) : [];
  const signedOn = textField('Authorization signed on', 'fact_signed_on', { type: 'date', value: (auth?.signed_on as string | null) ?? '' });
  const expires = textField('Authorization expires on', 'fact_expires_on', { type: 'date', value: (auth?.expires_on as string | null) ?? '' });
  const save = h('button', { type: 'submit' }, 'Save and re-decide');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'facts-title', class: 'facts-form' },
    h('div', { class: 'grid' }, verified.wrapper, authority.wrapper),
    auth ? h('fieldset', {}, h('legend', {}, 'Authorization checklist'), checks.map(([, f]) => f.wrapper), h('div', { class: 'grid' }, signedOn.wrapper, expires.wrapper)) : null,
    save);
  const on = (f: Field) => (f.control as HTMLInputElement).checked;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setFieldError(signedOn, null);
    setFieldError(expires, null);
    const body: Record<string, unknown> = { version: view.version, identity_verified: on(verified), authority_documented: on(authority) };
    if (auth) {
      body.authorization = {
        ...auth,
        ...Object.fromEntries(checks.map(([key, f]) => [key, on(f)])),
        signed_on: signedOn.control.value || null,
        expires_on: expires.control.value || null,
      };
    }
    save.disabled = true;
    try {
      saved(await request<RequestView>('PATCH', `/api/v1/requests/${view.id}`, body));
    } catch (error) {
      if (error instanceof ApiError) {
        for (const d of error.details) {
          if (d.path === '/authorization/signed_on') setFieldError(signedOn, sentence(d.message));
          if (d.path === '/authorization/expires_on') setFieldError(expires, sentence(d.message));
        }
      }
      summary.showError(error);
      save.disabled = false;
    }
  });
  return h('section', { 'aria-labelledby': 'facts-title' }, h('h2', { id: 'facts-title' }, 'Facts to cure'), form);
}

// The decision document by document: its action, and for each reason the rules that gave it with
// their citations.
function documentsExplained(decision: Decision | null): HTMLElement | null {
  const docs = explainDocuments(decision);
  if (docs.length === 0) return null;
  return h('div', { class: 'documents-explained' },
    h('h3', {}, 'Document by document'),
    h('table', { class: 'doc-explained' },
      h('caption', { class: 'visually-hidden' }, 'Each document\'s action and why'),
      h('thead', {}, h('tr', {}, ['Document', 'Action', 'Why', 'Rules and citations'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, docs.map((d) => h('tr', { 'data-document': d.id },
        h('td', {}, `Document ${d.id}`),
        h('td', { class: `action-${d.action}` }, words(d.action)),
        h('td', {}, d.reasons.length === 0 ? 'In scope; no rule holds it back.'
          : h('ul', {}, d.reasons.map((r) => h('li', {}, r.text, ' ', h('code', {}, r.code))))),
        h('td', {}, d.reasons.flatMap((r) => r.rules).length === 0 ? '—'
          : h('ul', {}, d.reasons.flatMap((r) => r.rules).map((rule) => h('li', {}, h('code', {}, rule.code), ' ', h('span', { class: 'cite' }, rule.cite))))))))));
}
