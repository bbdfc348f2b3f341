// The intake form's patient picker: find a patient by MRN or the start of the family name
// (GET /api/v1/patients, optionally narrowed by birth date) and choose one, or register one who is
// not on file (POST /api/v1/patients).  Either way the chosen patient's MRN goes into the form's
// "Patient MRN or id" field, which is still what the request is made with.
import { ApiError, request } from '../api';
import { h } from '../dom';
import { type Field, sentence, setFieldError, textField } from '../forms';
import {
  newPatientBody, newPatientProblems, type NewPatientField, type NewPatientValues, type PatientRecord, patientLabel, searchPath,
} from '../patient_logic';

export function patientPicker(target: Field, onChosen: () => void, canRegister: boolean): HTMLElement {
  const status = h('p', { class: 'hint patient-status', role: 'status', 'aria-live': 'polite' });
  const choose = (p: PatientRecord, how: string) => {
    target.control.value = p.mrn;
    setFieldError(target, null);
    status.textContent = `${how}: ${patientLabel(p)}.`;
    onChosen();
    target.control.focus();
  };

  // Search.
  const query = textField('Find a patient', 'patient_search', { hint: 'An MRN, or the first letters of the family name.' });
  const born = textField('Born on (optional)', 'patient_search_born', { type: 'date' });
  const searchButton = h('button', { type: 'button' }, 'Search patients');
  const results = h('ul', { class: 'patient-results', 'aria-label': 'Patients found', hidden: true });
  const search = async () => {
    setFieldError(query, null);
    setFieldError(born, null);
    const built = searchPath(query.control.value, born.control.value);
    if ('error' in built) {
      setFieldError(query, built.error);
      query.control.focus();
      return;
    }
    searchButton.disabled = true;
    try {
      const found = await request<{ items: PatientRecord[] }>('GET', built.path);
      results.replaceChildren(...found.items.map((p) => {
        const use = h('button', { type: 'button', class: 'link', 'data-mrn': p.mrn }, `Use ${patientLabel(p)}`);
        use.addEventListener('click', () => choose(p, 'Chosen'));
        return h('li', {}, use);
      }));
      results.hidden = found.items.length === 0;
      status.textContent = found.items.length === 0
        ? 'No patient found. Check the spelling, or register the patient.'
        : `${found.items.length} patient${found.items.length === 1 ? '' : 's'} found.`;
    } catch (error) {
      const message = error instanceof ApiError ? sentence(error.details[0]?.message ?? error.message) : 'The search could not run.';
      setFieldError(query, message);
    } finally {
      searchButton.disabled = false;
    }
  };
  searchButton.addEventListener('click', () => void search());
  for (const input of [query.control, born.control]) {
    // Enter searches instead of submitting the request form.
    input.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') {
        event.preventDefault();
        void search();
      }
    });
  }
  const finder = h('div', { class: 'patient-finder' }, h('div', { class: 'grid' }, query.wrapper, born.wrapper), searchButton, results);
  if (!canRegister) return h('div', {}, finder, status);

  // Register.
  const fields: Record<NewPatientField, Field> = {
    mrn: textField('New patient MRN', 'new_patient_mrn'),
    given_name: textField('Given name', 'new_patient_given_name'),
    family_name: textField('Family name', 'new_patient_family_name'),
    birth_date: textField('Birth date', 'new_patient_birth_date', { type: 'date' }),
    phone: textField('Phone (optional)', 'new_patient_phone', { type: 'tel' }),
    email: textField('Patient email (optional)', 'new_patient_email', { type: 'email' }),
    address: textField('Address (optional)', 'new_patient_address'),
  };
  const register = h('button', { type: 'button' }, 'Register patient');
  const panel = h('div', { class: 'new-patient', id: 'new-patient-panel', hidden: true },
    h('div', { class: 'grid' }, Object.values(fields).map((f) => f.wrapper)), register);
  const toggle = h('button', { type: 'button', class: 'link', 'aria-expanded': 'false', 'aria-controls': 'new-patient-panel' },
    'Register a new patient');
  toggle.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) fields.mrn.control.focus();
  });
  for (const f of Object.values(fields)) {
    // Enter registers instead of submitting the request form.
    f.control.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') {
        event.preventDefault();
        register.click();
      }
    });
  }
  register.addEventListener('click', async () => {
    for (const f of Object.values(fields)) setFieldError(f, null);
    const values = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.control.value])) as unknown as NewPatientValues;
    const problems = newPatientProblems(values, new Date().toISOString().slice(0, 10));
    const first = Object.keys(problems)[0] as NewPatientField | undefined;
    if (first) {
      for (const [k, message] of Object.entries(problems)) setFieldError(fields[k as NewPatientField], message);
      status.textContent = 'The new patient is not complete.';
      fields[first].control.focus();
      return;
    }
    register.disabled = true;
    try {
      const created = await request<PatientRecord>('POST', '/api/v1/patients', newPatientBody(values));
      for (const f of Object.values(fields)) f.control.value = '';
      panel.hidden = true;
      toggle.setAttribute('aria-expanded', 'false');
      choose(created, 'Registered and chosen');
    } catch (error) {
      let placed = false;
      if (error instanceof ApiError) {
        for (const d of error.details) {
          const field = fields[d.path as NewPatientField];
          if (field) {
            setFieldError(field, sentence(d.message));
            if (!placed) field.control.focus();
            placed = true;
          }
        }
      }
      status.textContent = error instanceof ApiError ? `The patient was not registered: ${sentence(error.message)}` : 'The patient was not registered.';
    } finally {
      register.disabled = false;
    }
  });
  return h('div', {}, finder, toggle, panel, status);
}
