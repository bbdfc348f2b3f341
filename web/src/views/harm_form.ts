// The form a licensed professional (a clinician) makes a harm determination with, under the harm
// determinations of a request (views/harm_determinations.ts): the documents of the request's
// patient (from GET …/denial-reviews `documents`: id, kind, service date; never their text) as
// checkboxes, the ground (the engine's three, each with its citation), the reasons → POST
// /api/v1/requests/{id}/harm-determinations.  Checked on the form (harm_logic.ts); the server's
// refusals (a document with a determination in force, harm_via_representative for a requester
// who is not a personal representative, a request no longer in progress) land beside the field
// they name and in the summary.
import { ApiError, request } from '../api';
import { h, uniqueId } from '../dom';
import { type ErrorSummary, selectField, sentence, setFieldError, textAreaField } from '../forms';
import { HARM_GROUNDS, harmBody, harmFieldOf, harmProblems } from '../harm_logic';
import { words } from '../requests';

export interface HarmDocument {
  id: number;
  kind: string;
  service_date: string | null;
  pages: number;
}

export function makeHarmForm(requestId: string, documents: readonly HarmDocument[], inForce: readonly number[],
  summary: ErrorSummary, done: (message: string) => void): HTMLElement {
  // The documents: a group of checkboxes with one error for the group.
  const groupId = uniqueId('harm-documents');
  const documentsError = h('p', { class: 'field-error', id: `${groupId}-error`, hidden: true });
  const boxes = documents.map((d) => {
    const box = h('input', { type: 'checkbox', id: `${groupId}-${d.id}`, name: 'harm_document', value: String(d.id),
      'aria-describedby': `${groupId}-error`, disabled: inForce.includes(d.id) });
    const label = h('label', { for: box.id }, `Document ${d.id}: ${words(d.kind)}`,
      d.service_date ? `, ${d.service_date}` : '', `, ${d.pages} page${d.pages === 1 ? '' : 's'}`,
      inForce.includes(d.id) ? ' (a determination is in force)' : '');
    return { box, wrapper: h('div', { class: 'field check' }, box, label) };
  });
  const documentsSet = h('fieldset', { class: 'document-choices', 'aria-describedby': `${groupId}-error` },
    h('legend', {}, 'Documents access to which is likely to cause harm'), boxes.map((b) => b.wrapper), documentsError);
  const setDocumentsError = (message: string | null) => {
    documentsError.textContent = message ?? '';
    documentsError.hidden = !message;
    for (const { box } of boxes) {
      if (message) box.setAttribute('aria-invalid', 'true');
      else box.removeAttribute('aria-invalid');
    }
  };

  const ground = selectField('Ground', `harm-ground-${requestId}`,
    [['', 'Choose the ground'], ...HARM_GROUNDS.map((g): [string, string] => [g.name, `${g.words} (${g.cite})`])]);
  const reasons = textAreaField('Your reasons', `harm-reasons-${requestId}`, {
    hint: 'Why access is reasonably likely to cause harm, as the professional judgment (at most 4000 bytes). Shown to a reviewer of the denial.', rows: 4,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Record the harm determination');
  const form = h('form', { novalidate: true, class: 'make-harm' },
    h('fieldset', {}, h('legend', {}, 'Make a harm determination (45 CFR 164.524(a)(3))'),
      h('p', { class: 'hint' }, 'It takes effect at the request\'s next step: the documents are then withheld on a ground the individual may ask to have reviewed.'),
      documentsSet, ground.wrapper, reasons.wrapper, submit));

  const clear = () => {
    setDocumentsError(null);
    setFieldError(ground, null);
    setFieldError(reasons, null);
  };
  const flag = (name: string, message: string) => {
    if (name === 'document_ids') setDocumentsError(message);
    else if (name === 'ground') setFieldError(ground, message);
    else if (name === 'reasons') setFieldError(reasons, message);
  };
  const LABELS: Record<string, string> = { document_ids: 'Documents', ground: 'Ground', reasons: 'Your reasons' };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clear();
    const values = {
      document_ids: boxes.filter((b) => b.box.checked).map((b) => Number(b.box.value)),
      ground: ground.control.value,
      reasons: reasons.control.value,
    };
    const problems = harmProblems(values, documents.map((d) => d.id));
    const names = Object.keys(problems);
    if (names.length > 0) {
      for (const name of names) flag(name, problems[name]!);
      summary.show('The harm determination was not recorded:', names.map((name) => `${LABELS[name]}: ${problems[name]}`));
      return;
    }
    submit.disabled = true;
    request<{ harm_determinations: { id: number; document_id: number }[] }>('POST', `/api/v1/requests/${requestId}/harm-determinations`, harmBody(values))
      .then((made) => {
        summary.hide();
        const list = made.harm_determinations.map((d) => `document ${d.document_id}`).join(', ');
        done(`Harm determination recorded on ${list}; it takes effect at the request's next step.`);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError) {
          const name = harmFieldOf(error.message, error.details.map((d) => d.path ?? ''));
          if (name) {
            const detail = error.details.find((d) => (d.path ?? '').startsWith(`/${name}`));
            flag(name, sentence(detail ? `${LABELS[name]} ${detail.message}` : error.message));
          }
        }
        summary.showError(error);
        submit.disabled = false;
      });
  });
  return form;
}
