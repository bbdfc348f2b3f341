// "Match patient" on the request page: a portal submission whose patient did not match exactly
// is for a pending-match patient record (MRN PORTAL-…).  Staff name the right patient as the
// intake form does (an MRN, or a numeric patient id) and POST /api/v1/requests/{id}/patient-match
// moves the request (and, when it was the last one, the pending record's documents) to that
// patient and re-decides it.  The server decides every rule: its refusals are shown beside the
// field and in the summary.
import { ApiError, request } from '../api';
import { h } from '../dom';
import { type ErrorSummary, sentence, setFieldError, textField } from '../forms';

// The body for the patient typed: digits are an id, anything else an MRN (as at intake).
export function matchBody(text: string): { patient_id: number } | { patient_mrn: string } | null {
  const value = text.trim();
  if (value === '') return null;
  return /^[0-9]+$/.test(value) ? { patient_id: Number(value) } : { patient_mrn: value };
}

export function patientMatchPanel<T>(
  requestId: number,
  pending: { given_name: string; family_name: string; mrn: string },
  summary: ErrorSummary,
  matched: (next: T) => void,
): HTMLElement {
  const patient = textField('Matched patient (MRN or patient id)', 'match_patient', {
    hint: 'The patient record this request is for, e.g. DEMO-000001 or 12.',
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Match patient');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'match-title', class: 'match-form' },
    patient.wrapper, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setFieldError(patient, null);
    const body = matchBody(patient.control.value);
    if (body === null) {
      setFieldError(patient, 'Enter the MRN or the id of the patient this request is for.');
      summary.show('The patient could not be matched.', ['Matched patient: enter an MRN or a patient id.']);
      return;
    }
    submit.disabled = true;
    try {
      matched(await request<T>('POST', `/api/v1/requests/${requestId}/patient-match`, body));
    } catch (error) {
      if (error instanceof ApiError) setFieldError(patient, sentence(error.message));
      summary.showError(error);
      submit.disabled = false;
    }
  });
  return h('section', { class: 'patient-match', 'aria-labelledby': 'match-title' },
    h('h2', { id: 'match-title', tabindex: '-1' }, 'Match patient'),
    h('p', {}, `This request came through the portal for a patient who was not matched exactly: `,
      h('strong', {}, `${pending.given_name} ${pending.family_name}`), ` (pending record ${pending.mrn}). `,
      'Find the patient as on the intake form and match the request to them; it is decided again ',
      'with that patient\'s records, and the portal\'s uploads move with it.'),
    form);
}
