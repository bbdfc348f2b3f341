// DOM-free parts of the intake form's patient picker (src/views/patient_picker.ts): the search's
// URL, how a found patient is named, and the new-patient form's checks and body.  The checks copy
// the server's (src/domain/patient.cc ValidatePatient, src/app/patient_service.cc CheckFields),
// so most mistakes are flagged without a call; the server still decides.

export interface PatientRecord {
  id: number;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  deceased_on: string | null;
  phone: string;
  email: string;
  address: string;
  version: number;
}

export interface NewPatientValues {
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  phone: string;
  email: string;
  address: string;
}

export type NewPatientField = keyof NewPatientValues;

// PatientService::kMinNamePrefix.
export const MIN_SEARCH = 2;
export const MAX_RESULTS = 20;
const MRN = /^[A-Za-z0-9._-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// C0 controls and DEL (the server refuses them in every field).
const CONTROL = /[\u0000-\u001f\u007f]/;

const bytes = (s: string) => new TextEncoder().encode(s).length;

// The search's path, or why there is none.  `birthDate` is "" or YYYY-MM-DD (a date input's value).
export function searchPath(text: string, birthDate: string): { path: string } | { error: string } {
  const q = text.trim();
  if (q.length < MIN_SEARCH) return { error: `Enter an MRN or at least ${MIN_SEARCH} letters of the family name.` };
  if (CONTROL.test(q) || bytes(q) > 200) return { error: 'Enter one line of at most 200 characters.' };
  const params = new URLSearchParams({ q, limit: String(MAX_RESULTS) });
  if (birthDate !== '') {
    if (!DATE.test(birthDate)) return { error: 'Enter the birth date as a date.' };
    params.set('birth_date', birthDate);
  }
  return { path: `/api/v1/patients?${params.toString()}` };
}

// "Sample, Synthetic · DEMO-000001 · born 1990-04-05" (and "· died …" when recorded).
export function patientLabel(p: PatientRecord): string {
  const parts = [`${p.family_name}, ${p.given_name}`, p.mrn, `born ${p.birth_date}`];
  if (p.deceased_on) parts.push(`died ${p.deceased_on}`);
  return parts.join(' · ');
}

// Problems by field; empty when the form may be sent.  `today` is YYYY-MM-DD.
export function newPatientProblems(v: NewPatientValues, today: string): Partial<Record<NewPatientField, string>> {
  const problems: Partial<Record<NewPatientField, string>> = {};
  const mrn = v.mrn.trim();
  if (mrn === '') problems.mrn = 'Enter the MRN.';
  else if (!MRN.test(mrn)) problems.mrn = 'Use 1 to 64 letters, digits, dots, dashes or underscores.';
  for (const [field, name] of [['given_name', 'given name'], ['family_name', 'family name']] as const) {
    const value = v[field].trim();
    if (value === '') problems[field] = `Enter the ${name}.`;
    else if (bytes(value) > 200 || CONTROL.test(value)) problems[field] = 'Use one line of at most 200 bytes.';
  }
  if (v.birth_date === '') problems.birth_date = 'Enter the birth date.';
  else if (!DATE.test(v.birth_date)) problems.birth_date = 'Enter the birth date as a date.';
  else if (v.birth_date > today) problems.birth_date = 'The birth date is in the future.';
  const phone = v.phone.trim();
  if (bytes(phone) > 40 || CONTROL.test(phone)) problems.phone = 'Use one line of at most 40 characters.';
  const email = v.email.trim();
  if (email !== '' && (!email.includes('@') || bytes(email) > 254 || CONTROL.test(email))) {
    problems.email = 'Enter an e-mail address, or leave it empty.';
  }
  const address = v.address.trim();
  if (bytes(address) > 500 || CONTROL.test(address)) problems.address = 'Use one line of at most 500 bytes.';
  return problems;
}

// POST /api/v1/patients's body: trimmed, optional contact fields only when given.
export function newPatientBody(v: NewPatientValues): Record<string, string> {
  const body: Record<string, string> = {
    mrn: v.mrn.trim(),
    given_name: v.given_name.trim(),
    family_name: v.family_name.trim(),
    birth_date: v.birth_date,
  };
  for (const field of ['phone', 'email', 'address'] as const) {
    const value = v[field].trim();
    if (value !== '') body[field] = value;
  }
  return body;
}
