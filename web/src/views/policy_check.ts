// Policy check: the staff describe a request (who asks, on what basis, in which state, when, and a
// few documents) and see the decision from POST /api/v1/decide: outcome, deadlines, fee,
// deficiencies, what happens to each document, and every rule that decided it with its citation.
// Nothing here is stored; the case goes in the request body, never in the URL.
import { ApiError, request, type Session } from '../api';
import { clear, h } from '../dom';
import {
  checkField,
  ErrorSummary,
  type Field,
  selectField,
  sentence,
  setFieldError,
  textField,
} from '../forms';

const JURISDICTIONS: [string, string][] = [
  ['US', 'Federal only (US)'],
  ['US-CA', 'California (US-CA)'],
  ['US-FL', 'Florida (US-FL)'],
  ['US-IL', 'Illinois (US-IL)'],
  ['US-NY', 'New York (US-NY)'],
  ['US-TX', 'Texas (US-TX)'],
];
const ENTITY_TYPES = ['hospital', 'physician_practice', 'behavioral_health', 'health_plan', 'other'];
const REQUESTER_ROLES = [
  'patient', 'personal_representative', 'parent', 'guardian', 'executor', 'family_involved_in_care',
  'heir', 'provider', 'health_plan', 'insurer', 'attorney', 'court', 'law_enforcement',
  'public_health_authority', 'workers_comp_carrier', 'researcher', 'employer', 'government_agency', 'other',
];
const BASES = [
  'access', 'directive', 'authorization', 'court_order', 'subpoena', 'grand_jury_subpoena',
  'administrative_request', 'law_enforcement_informal', 'public_health', 'workers_comp', 'treatment',
  'payment', 'operations', 'family_involvement', 'accounting',
];
const PURPOSES = [
  'personal', 'continuing_care', 'litigation', 'insurance', 'disability_benefits', 'public_benefits_appeal',
  'payment', 'operations', 'public_health', 'law_enforcement', 'workers_comp', 'research', 'other',
];
const MEDIUMS = ['portal', 'secure_email', 'email', 'mail', 'fax', 'pickup', 'portable_media'];
const DOCUMENT_KINDS = [
  'progress_note', 'psychotherapy_note', 'sud_counseling_note', 'lab_result', 'imaging',
  'discharge_summary', 'medication_list', 'billing', 'correspondence', 'litigation_material', 'emergency', 'other',
];
const LABELS = ['mental_health', 'hiv', 'sud', 'reproductive', 'genetic', 'std'];

interface Decision {
  outcome: string;
  documents: { id: string; action: string; reasons: string[] }[];
  deficiencies: string[];
  due_on: string | null;
  latest_due_on: string | null;
  fee: { max_cents: number; basis: string };
  minimum_necessary: boolean;
  accountable: boolean;
  notices: string[];
  denial_reviewable: boolean | null;
  rules: { code: string; cite: string }[];
}

const human = (code: string) => code.replace(/_/g, ' ');
const today = () => new Date().toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface DocumentRow {
  element: HTMLElement;
  id: Field;
  kind: Field;
  pages: Field;
  labels: Field[];
}

function fieldset(legend: string, ...children: (Node | Node[])[]): HTMLFieldSetElement {
  return h('fieldset', {}, h('legend', {}, legend), ...children);
}

export function renderPolicyCheck(main: HTMLElement, _session: Session): void {
  const jurisdiction = selectField('State law', 'jurisdiction', JURISDICTIONS, 'US-CA');
  const entity = selectField('Disclosing organization', 'entity', ENTITY_TYPES, 'hospital');
  const role = selectField('Requester role', 'requester_role', REQUESTER_ROLES, 'patient');
  const verified = checkField('Identity verified', 'identity_verified', true);
  const authority = checkField('Authority documented (representatives)', 'authority_documented');
  const basis = selectField('Legal basis', 'basis', BASES, 'access');
  const purpose = selectField('Purpose', 'purpose', PURPOSES, 'personal');
  const received = textField('Received on', 'received_on', { type: 'date', value: today(), required: true });
  const asOf = textField('Decide as of', 'as_of', { type: 'date', value: today(), required: true });
  const birth = textField('Patient birth date', 'birth_date', {
    type: 'date', required: true, hint: 'Used for minors and age-based rules; not stored.',
  });
  const written = checkField('Request is in writing', 'written', true);
  const signed = checkField('Request is signed', 'signed', true);
  const format = selectField('Format', 'format', ['electronic', 'paper'], 'electronic');
  const medium = selectField('Delivery', 'medium', MEDIUMS, 'portal');
  const authPresent = checkField('An authorization form is presented', 'authorization');
  const authSigned = checkField('Authorization signed', 'auth_signed', true);
  const authSignedOn = textField('Signed on', 'auth_signed_on', { type: 'date', value: today() });
  const authExpires = textField('Expires on', 'auth_expires_on', { type: 'date' });
  const authComplete = checkField('Has every core element and required statement', 'auth_complete', true);
  const authFields = h('div', { class: 'auth-fields', hidden: true },
    authSigned.wrapper, authSignedOn.wrapper, authExpires.wrapper, authComplete.wrapper);
  (authPresent.control as HTMLInputElement).addEventListener('change', () => {
    authFields.hidden = !(authPresent.control as HTMLInputElement).checked;
  });

  const rows: DocumentRow[] = [];
  const rowList = h('ol', { class: 'documents' });
  const addRow = (kind: string, pages: string, labels: string[] = []): DocumentRow => {
    const n = rows.length + 1;
    const id = textField(`Document ${n} id`, `doc_id_${n}`, { value: `d${n}` });
    const kindField = selectField(`Document ${n} kind`, `doc_kind_${n}`, DOCUMENT_KINDS, kind);
    const pagesField = textField(`Document ${n} pages`, `doc_pages_${n}`, { type: 'number', value: pages, min: '0' });
    const labelFields = LABELS.map((label) => checkField(human(label), `doc_label_${n}_${label}`, labels.includes(label)));
    const remove = h('button', { type: 'button', class: 'link-button' }, `Remove document ${n}`);
    const element = h('li', { class: 'document' },
      h('div', { class: 'row' }, id.wrapper, kindField.wrapper, pagesField.wrapper),
      h('fieldset', { class: 'labels' }, h('legend', {}, `Document ${n} sensitivity labels`), labelFields.map((f) => f.wrapper)),
      remove);
    const row: DocumentRow = { element, id, kind: kindField, pages: pagesField, labels: labelFields };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(row), 1);
      element.remove();
      addButton.focus();
    });
    rows.push(row);
    rowList.append(element);
    return row;
  };
  const addButton = h('button', { type: 'button' }, 'Add a document');
  addButton.addEventListener('click', () => {
    const row = addRow('progress_note', '1');
    row.id.control.focus();
  });
  addRow('progress_note', '12');
  addRow('psychotherapy_note', '3', ['mental_health']);

  const summary = new ErrorSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Check policy');
  const result = h('section', { class: 'decision', 'aria-live': 'polite', 'aria-labelledby': 'decision-title' });
  const form = h('form', { novalidate: true, 'aria-label': 'Case' },
    fieldset('Who asks, and why', h('div', { class: 'grid' }, role.wrapper, basis.wrapper, purpose.wrapper, verified.wrapper, authority.wrapper)),
    fieldset('Where and when', h('div', { class: 'grid' }, jurisdiction.wrapper, entity.wrapper, received.wrapper, asOf.wrapper, birth.wrapper)),
    fieldset('The request', h('div', { class: 'grid' }, written.wrapper, signed.wrapper, format.wrapper, medium.wrapper)),
    fieldset('Authorization', authPresent.wrapper, authFields),
    fieldset('Documents', rowList, addButton),
    submit);

  const checked = (field: Field) => (field.control as HTMLInputElement).checked;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problems: string[] = [];
    const dateFields: [Field, string, boolean][] = [
      [received, 'Received on', true],
      [asOf, 'Decide as of', true],
      [birth, 'Patient birth date', true],
      [authSignedOn, 'Authorization signed on', false],
      [authExpires, 'Authorization expires on', false],
    ];
    for (const [field, label, required] of dateFields) {
      const value = field.control.value;
      let message: string | null = null;
      if (value === '' && required) message = `Enter the ${label.toLowerCase()} date.`;
      else if (value !== '' && !DATE.test(value)) message = `${label} must be a date (YYYY-MM-DD).`;
      setFieldError(field, message);
      if (message) problems.push(message);
    }
    if (rows.length === 0) problems.push('Add at least one document.');
    for (const row of rows) {
      setFieldError(row.pages, null);
      setFieldError(row.kind, null);
      const message = row.id.control.value.trim() === '' ? 'Give every document an id.' : null;
      setFieldError(row.id, message);
      if (message) problems.push(message);
    }
    if (problems.length > 0) {
      summary.show('The case is not complete.', problems);
      return;
    }
    summary.hide();
    const authorization = checked(authPresent)
      ? {
          signed: checked(authSigned),
          signed_on: authSignedOn.control.value || null,
          expires_on: authExpires.control.value || null,
          ...Object.fromEntries(
            ['describes_information', 'names_discloser', 'names_recipient', 'states_purpose',
              'revocation_statement', 'conditioning_statement', 'redisclosure_statement'].map((k) => [k, checked(authComplete)]),
          ),
        }
      : null;
    const body = {
      schema: 'openroi.case/1',
      jurisdiction: jurisdiction.control.value,
      entity: { type: entity.control.value },
      received_on: received.control.value,
      as_of: asOf.control.value,
      patient: { birth_date: birth.control.value },
      requester: {
        role: role.control.value,
        identity_verified: checked(verified),
        authority_documented: checked(authority),
      },
      basis: basis.control.value,
      purpose: purpose.control.value,
      request: {
        written: checked(written),
        signed: checked(signed),
        format: format.control.value,
        medium: medium.control.value,
        scope: { all_records: true },
      },
      authorization,
      documents: rows.map((row) => ({
        id: row.id.control.value.trim(),
        kind: row.kind.control.value,
        pages: Number(row.pages.control.value || '0'),
        labels: LABELS.filter((_, i) => checked(row.labels[i]!)),
      })),
    };
    submit.disabled = true;
    submit.textContent = 'Checking…';
    try {
      const decision = await request<Decision>('POST', '/api/v1/decide', body);
      showDecision(result, decision);
      (result.querySelector('h2') as HTMLElement | null)?.focus();
    } catch (error) {
      clear(result);
      // Put each problem the server names (a JSON pointer into the case) beside its field too.
      if (error instanceof ApiError) {
        const byPath: Record<string, Field> = {
          '/received_on': received,
          '/as_of': asOf,
          '/patient/birth_date': birth,
          '/authorization/signed_on': authSignedOn,
          '/authorization/expires_on': authExpires,
        };
        rows.forEach((row, i) => {
          byPath[`/documents/${i}/id`] = row.id;
          byPath[`/documents/${i}/kind`] = row.kind;
          byPath[`/documents/${i}/pages`] = row.pages;
        });
        for (const detail of error.details) {
          const field = byPath[detail.path];
          if (field) setFieldError(field, sentence(detail.message));
        }
      }
      summary.showError(error);
    } finally {
      submit.disabled = false;
      submit.textContent = 'Check policy';
    }
  });

  main.append(
    h('h1', {}, 'Policy check'),
    h('p', { class: 'lead' }, 'Describe a request to see what federal and state rules allow. Nothing is saved.'),
    h('div', { class: 'policy-layout' }, h('div', {}, summary.element, form), result),
  );
}

function list(codes: string[], empty: string): HTMLElement {
  return codes.length === 0 ? h('p', {}, empty) : h('ul', {}, codes.map((c) => h('li', {}, h('code', {}, c))));
}

function showDecision(section: HTMLElement, d: Decision): void {
  const dollars = `$${(d.fee.max_cents / 100).toFixed(2)}`;
  section.replaceChildren(
    h('h2', { id: 'decision-title', tabindex: '-1' }, 'Decision'),
    h('p', { class: `outcome outcome-${d.outcome}`, 'data-outcome': d.outcome }, 'Outcome: ', h('strong', {}, d.outcome)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Due'), h('dd', {}, d.due_on ?? 'No legal deadline'),
      h('dt', {}, 'Latest (with extension)'), h('dd', {}, d.latest_due_on ?? 'No extension possible'),
      h('dt', {}, 'Maximum fee'), h('dd', {}, `${dollars} (`, h('code', {}, d.fee.basis), ')'),
      h('dt', {}, 'Minimum necessary applies'), h('dd', {}, d.minimum_necessary ? 'Yes' : 'No'),
      h('dt', {}, 'Goes in the accounting of disclosures'), h('dd', {}, d.accountable ? 'Yes' : 'No')),
    h('h3', {}, 'Deficiencies to cure'),
    list(d.deficiencies, 'None.'),
    h('h3', {}, 'Notices'),
    list(d.notices, 'None.'),
    h('h3', {}, 'Documents'),
    h('table', { class: 'doc-actions' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Document'), h('th', { scope: 'col' }, 'Action'), h('th', { scope: 'col' }, 'Reasons'))),
      h('tbody', {}, d.documents.map((doc) =>
        h('tr', {}, h('td', {}, doc.id), h('td', { class: `action-${doc.action}` }, doc.action),
          h('td', {}, doc.reasons.length ? doc.reasons.map((r) => h('code', {}, r)) : '—'))))),
    h('h3', {}, 'Rules applied'),
    h('table', { class: 'rules' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Citation'))),
      h('tbody', {}, d.rules.map((rule) => h('tr', {}, h('td', {}, h('code', {}, rule.code)), h('td', { class: 'cite' }, rule.cite))))),
  );
}
