// Break-the-glass in the workspace (docs/security.md, "Break-the-glass"): when a call is refused
// with break_glass_required, a dialog asks the user why they need the patient's record; the reason
// goes to POST /api/v1/patients/{id}/break-glass (a time-limited grant, flagged in the audit trail
// for the privacy office) and the refused call is retried.  Cancelling leaves the refusal standing.
import { ApiError, request } from './api';
import { MIN_REASON, reasonProblem } from './dash_logic';
import { h, uniqueId } from './dom';
import { ErrorSummary, setFieldError, textAreaField, type Field } from './forms';

// One question per patient at a time: calls refused together share the answer.
const pending = new Map<number, Promise<boolean>>();

// Asks for a reason and opens `patientId`; resolves true when the grant was made.
export function askBreakGlass(patientId: number): Promise<boolean> {
  const asked = pending.get(patientId);
  if (asked) return asked;
  const answer = ask(patientId).finally(() => pending.delete(patientId));
  pending.set(patientId, answer);
  return answer;
}

function ask(patientId: number): Promise<boolean> {
  return new Promise((resolve) => {
    const previous = document.activeElement as HTMLElement | null;
    const summary = new ErrorSummary();
    const titleId = uniqueId('break-glass-title');
    const field: Field = textAreaField('Reason for access', 'break_glass_reason', {
      rows: 4,
      hint: `At least ${MIN_REASON} characters, e.g. "Emergency department admission, covering for the attending". Kept for the privacy office.`,
    });
    const textarea = field.control;
    const open = h('button', { type: 'submit', class: 'primary' }, 'Open the record');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const form = h('form', { novalidate: true, class: 'break-glass-form' }, field.wrapper, h('div', { class: 'actions' }, open, cancel));
    const dialog = h('dialog', { class: 'break-glass', 'aria-labelledby': titleId, 'aria-modal': 'true' },
      h('h2', { id: titleId }, 'Break the glass'),
      h('p', {}, `Patient ${patientId} is outside your assignments. You may open the record for a limited time if you state why; the access is recorded and reviewed by the privacy office.`),
      summary.element, form);
    const finish = (granted: boolean) => {
      dialog.close();
      dialog.remove();
      previous?.focus?.();
      resolve(granted);
    };
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problem = reasonProblem(textarea.value);
      setFieldError(field, problem);
      if (problem) {
        summary.show('The record was not opened:', [problem]);
        return;
      }
      open.disabled = true;
      request('POST', `/api/v1/patients/${patientId}/break-glass`, { reason: textarea.value.trim() })
        .then(() => finish(true))
        .catch((failure: unknown) => {
          open.disabled = false;
          if (failure instanceof ApiError && /reason/.test(failure.message)) setFieldError(field, failure.message);
          summary.showError(failure);
        });
    });
    document.body.append(dialog);
    dialog.showModal();
    textarea.focus();
  });
}
