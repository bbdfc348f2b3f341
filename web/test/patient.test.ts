// The intake form's patient picker (src/patient_logic.ts): the search path, a found patient's
// name, and the new-patient checks, against the server rules they copy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_SEARCH, newPatientBody, newPatientProblems, type NewPatientValues, patientLabel, searchPath } from '../src/patient_logic';

const source = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8');

const valid: NewPatientValues = {
  mrn: 'TEST-0001', given_name: 'Synthetic', family_name: 'Sample', birth_date: '1990-04-05',
  phone: '', email: '', address: '',
};

describe('patient search', () => {
  it('needs as many characters as the server (PatientService::kMinNamePrefix)', () => {
    expect(source('../../src/app/patient_service.h')).toMatch(new RegExp(`kMinNamePrefix = ${MIN_SEARCH};`));
    expect(searchPath(' S ', '')).toEqual({ error: expect.stringMatching(/at least 2/) });
    expect(searchPath('', '')).toHaveProperty('error');
  });
  it('sends the trimmed text, a limit and the birth date when given, encoded', () => {
    expect(searchPath(' Sam ', '')).toEqual({ path: '/api/v1/patients?q=Sam&limit=20' });
    expect(searchPath("O'Brien & Co", '1975-11-30')).toEqual({
      path: '/api/v1/patients?q=O%27Brien+%26+Co&limit=20&birth_date=1975-11-30',
    });
  });
  it('refuses control characters and an odd date', () => {
    expect(searchPath('Sa\nm', '')).toHaveProperty('error');
    expect(searchPath('Sam', '30/11/1975')).toHaveProperty('error');
  });
});

describe('a found patient', () => {
  it('is named by family name, given name, MRN and birth date, and date of death when recorded', () => {
    const p = { id: 1, mrn: 'DEMO-000001', given_name: 'Synthetic', family_name: 'Sample', birth_date: '1990-04-05',
      deceased_on: null, phone: '', email: '', address: '', version: 1 };
    expect(patientLabel(p)).toBe('Sample, Synthetic · DEMO-000001 · born 1990-04-05');
    expect(patientLabel({ ...p, deceased_on: '2024-12-01' })).toBe('Sample, Synthetic · DEMO-000001 · born 1990-04-05 · died 2024-12-01');
  });
});

describe('a new patient', () => {
  it('passes when complete', () => {
    expect(newPatientProblems(valid, '2026-11-24')).toEqual({});
  });
  it('flags each missing or malformed field by name', () => {
    expect(Object.keys(newPatientProblems({ ...valid, mrn: '', given_name: ' ', family_name: '', birth_date: '' }, '2026-11-24')).sort())
      .toEqual(['birth_date', 'family_name', 'given_name', 'mrn']);
    expect(newPatientProblems({ ...valid, mrn: 'TEST 0001' }, '2026-11-24')).toHaveProperty('mrn');
    expect(newPatientProblems({ ...valid, mrn: 'M'.repeat(65) }, '2026-11-24')).toHaveProperty('mrn');
    expect(newPatientProblems({ ...valid, birth_date: '2026-11-25' }, '2026-11-24')).toHaveProperty('birth_date');
    expect(newPatientProblems({ ...valid, email: 'nobody' }, '2026-11-24')).toHaveProperty('email');
    expect(newPatientProblems({ ...valid, address: 'a\nb' }, '2026-11-24')).toHaveProperty('address');
    expect(newPatientProblems({ ...valid, phone: '5'.repeat(41) }, '2026-11-24')).toHaveProperty('phone');
    expect(newPatientProblems({ ...valid, family_name: 'é'.repeat(101) }, '2026-11-24')).toHaveProperty('family_name');
  });
  it('copies the server MRN rule (src/domain/patient.cc)', () => {
    expect(source('../../src/domain/patient.cc')).toMatch(/mrn\.size\(\) > 64/);
    expect(newPatientProblems({ ...valid, mrn: 'A-b_c.9' }, '2026-11-24')).toEqual({});
  });
  it('sends trimmed values and leaves out empty contact fields', () => {
    expect(newPatientBody({ ...valid, mrn: ' TEST-0001 ', phone: ' ', email: ' a@example.test ' })).toEqual({
      mrn: 'TEST-0001', given_name: 'Synthetic', family_name: 'Sample', birth_date: '1990-04-05', email: 'a@example.test',
    });
  });
});
