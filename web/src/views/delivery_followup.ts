// The follow-up form of one recorded delivery (mail, fax or pickup) in the release panel
// (views/release_panel.ts): what happened next — sent, a new tracking number, delivered, or failed
// with a reason — → POST /api/v1/requests/{id}/deliveries/{n}/events {kind, tracking_number?,
// detail?}.  Checked on the form as the server checks it (followup_logic.ts); the server's refusal
// (e.g. 409 for a revoked delivery) goes to the panel's summary and, when it names a field, beside it.
import { ApiError, request } from '../api';
import { h } from '../dom';
import { type ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { FOLLOW_UP_KINDS, followUpBody, followUpDone, followUpProblems } from '../followup_logic';

const LABELS: Record<string, string> = { kind: 'What happened', tracking_number: 'Tracking number', detail: 'Reason or detail' };

export function followUpForm(requestBase: string, delivery: { id: number; tracking_number: string }, summary: ErrorSummary,
  done: (message: string) => Promise<void>): HTMLElement {
  const id = delivery.id;
  const kind = selectField('What happened', `follow_up_kind_${id}`, FOLLOW_UP_KINDS, 'tracking');
  const tracking = textField('Tracking number', `follow_up_tracking_${id}`, {
    hint: delivery.tracking_number ? `Now: ${delivery.tracking_number}. Needed for a new tracking number, optional otherwise.` : 'Needed for a new tracking number, optional otherwise.',
  });
  const detail = textField('Reason or detail', `follow_up_detail_${id}`, {
    hint: 'Needed when it failed (e.g. "returned: addressee unknown"); at most 500 bytes; never patient information.',
  });
  const fields: Record<string, Field> = { kind, tracking_number: tracking, detail };
  const submit = h('button', { type: 'submit' }, `Record follow-up for delivery ${id}`);
  const form = h('form', { novalidate: true, class: 'delivery-follow-up', 'data-delivery': id },
    h('fieldset', {}, h('legend', {}, `Follow up delivery ${id}`),
      h('div', { class: 'grid' }, kind.wrapper, tracking.wrapper, detail.wrapper),
      submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const field of Object.values(fields)) setFieldError(field, null);
    const values = { kind: kind.control.value, tracking_number: tracking.control.value, detail: detail.control.value };
    const problems = followUpProblems(values);
    const names = Object.keys(problems);
    if (names.length > 0) {
      for (const name of names) setFieldError(fields[name]!, problems[name]!);
      summary.show(`Nothing was recorded for delivery ${id}:`, names.map((name) => `${LABELS[name]}: ${problems[name]}`));
      return;
    }
    submit.disabled = true;
    try {
      await request('POST', `${requestBase}/deliveries/${id}/events`, followUpBody(values));
      summary.hide();
      await done(followUpDone(id, values));
    } catch (error) {
      if (error instanceof ApiError) {
        for (const name of Object.keys(fields)) {
          if (error.message.startsWith(name) || error.details.some((d) => d.path === `/${name}`)) setFieldError(fields[name]!, sentence(error.message));
        }
      }
      summary.showError(error);
      submit.disabled = false;
    }
  });
  return form;
}
