// The patient page (#/patients/{id}): the patient's documents (GET /api/v1/patients/{id}/documents)
// and the accounting of disclosures (GET /api/v1/patients/{id}/accounting: accountable
// disclosures of the last six years, repeated ones summarized).  Each part loads on its own, so
// a role that may read documents but not the accounting still sees the documents.
import { request, type Session } from '../api';
import { h } from '../dom';
import { ErrorSummary } from '../forms';
import { allows } from '../permissions';
import { words } from '../requests';
import { renderPatientAuthorizations } from './patient_authorizations';

interface Document {
  id: number;
  kind: string;
  service_date: string | null;
  encounter: string;
  author: string;
  pages: number;
  labels: string[];
}

interface AccountingLine {
  disclosure: { disclosed_on: string; recipient_name: string; purpose: string; description: string; citation: string };
  summary: boolean;
  count: number;
  last_disclosed_on: string;
}

const table = (caption: string, columns: string[], rows: (string | number)[][]) =>
  h('table', {},
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell) => h('td', {}, cell))))));

export function renderPatient(main: HTMLElement, session: Session, params: Record<string, string>): void {
  const id = params.id ?? '';
  const summary = new ErrorSummary();
  const documents = h('section', { 'aria-labelledby': 'documents-title' }, h('h2', { id: 'documents-title' }, 'Documents'),
    h('p', { role: 'status' }, 'Loading…'));
  const accounting = h('section', { 'aria-labelledby': 'accounting-title' }, h('h2', { id: 'accounting-title' }, 'Accounting of disclosures'),
    h('p', { role: 'status' }, 'Loading…'));
  // The authorizations its requests came with (views/patient_authorizations.ts).
  const authorizations = h('section', { class: 'authorizations' });
  renderPatientAuthorizations(authorizations, id);
  main.append(h('h1', {}, `Patient ${id}`), summary.element, documents, authorizations, accounting);
  // The full disclosure log (accountable or not) is for roles that read the audit trail.
  if (allows(session.user.role, 'read_audit')) {
    const log = h('section', { 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Disclosure log'),
      h('p', { role: 'status' }, 'Loading…'));
    main.append(log);
    request<{ items: (AccountingLine['disclosure'] & { means: string; basis: string; accountable: boolean })[] }>('GET', `/api/v1/patients/${id}/disclosures`)
      .then(({ items }) => {
        log.lastElementChild?.remove();
        log.append(items.length === 0 ? h('p', {}, 'No disclosures.')
          : table('Disclosure log', ['Date', 'Recipient', 'Purpose', 'Means', 'Basis', 'In the accounting'],
            items.map((d) => [d.disclosed_on, d.recipient_name, d.purpose, words(d.means), words(d.basis), d.accountable ? 'Yes' : 'No'])));
      })
      .catch((error: unknown) => {
        log.lastElementChild?.remove();
        summary.showError(error);
      });
  }

  request<{ items: Document[] }>('GET', `/api/v1/patients/${id}/documents`)
    .then(({ items }) => {
      documents.lastElementChild?.remove();
      documents.append(items.length === 0 ? h('p', {}, 'No documents.')
        : table('Documents', ['Id', 'Kind', 'Service date', 'Encounter', 'Author', 'Pages', 'Sensitivity'],
          items.map((d) => [d.id, words(d.kind), d.service_date ?? '—', d.encounter || '—', d.author || '—', d.pages,
            d.labels.length ? d.labels.map(words).join(', ') : '—'])));
    })
    .catch((error: unknown) => {
      documents.lastElementChild?.remove();
      summary.showError(error);
    });
  request<{ from: string; to: string; disclosure_count: number; lines: AccountingLine[] }>('GET', `/api/v1/patients/${id}/accounting`)
    .then((a) => {
      accounting.lastElementChild?.remove();
      accounting.append(h('p', {}, `${a.disclosure_count} accountable disclosures from ${a.from} to ${a.to}.`));
      if (a.lines.length > 0) {
        accounting.append(table('Accounting of disclosures', ['Date', 'Recipient', 'Purpose', 'What', 'Authority', 'Repeated'],
          a.lines.map((l) => [l.disclosure.disclosed_on, l.disclosure.recipient_name, l.disclosure.purpose,
            l.disclosure.description, l.disclosure.citation, l.summary ? `${l.count} times, last ${l.last_disclosed_on}` : '—'])));
      }
    })
    .catch((error: unknown) => {
      accounting.lastElementChild?.remove();
      accounting.append(h('p', {}, 'The accounting is not available to your role.'));
      void error;
    });
}
