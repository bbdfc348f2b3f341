// Browser test of the intake form's patient picker (docs/ui.md, "Intake: finding or registering
// the patient"): a specialist registers a patient who is not on file (missing fields flagged
// without a call, a taken MRN refused beside the field), finds them by the start of the family
// name narrowed by birth date, chooses them, and the request made is filed under that patient.
// The patient is the test's own (an MRN made from the time); checked through the API.
// Screenshot: intake-patient.
import assert from 'node:assert/strict';
import { apiSession } from './ui6_tests.mjs';

const SPECIALIST = 'specialist@demo.openroi.test';

export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, base } = t;

  test('intake patient picker: register a new patient, find them by name and birth date, file the request under them', async () => {
    const stamp = String(Date.now()).slice(-8);
    const mrn = `E2E-${stamp}`;
    const family = `Pickertest${stamp.replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByRole('heading', { name: 'New request', level: 1 }).waitFor();

    // A one-letter search is flagged without a call.
    await page.getByLabel('Find a patient').fill('P');
    await page.getByRole('button', { name: 'Search patients' }).click();
    assert.equal(await page.getByLabel('Find a patient').getAttribute('aria-invalid'), 'true');

    // Register: the panel opens from a disclosure button; missing fields are flagged.
    const toggle = page.getByRole('button', { name: 'Register a new patient' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.getByLabel('New patient MRN').fill(mrn);
    await page.getByLabel('Given name').fill('Synthetic');
    await page.getByLabel('Family name').fill(family);
    await page.getByRole('button', { name: 'Register patient' }).click();
    assert.equal(await page.getByLabel('Birth date', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('p.patient-status').textContent(), /not complete/);
    // A taken MRN: the server's 409 lands beside the MRN field.
    await page.getByLabel('New patient MRN').fill('DEMO-000001');
    await page.getByLabel('Birth date', { exact: true }).fill('1988-03-14');
    await page.getByRole('button', { name: 'Register patient' }).click();
    const mrnField = page.getByLabel('New patient MRN');
    await page.waitForFunction(() => document.querySelector('[name="new_patient_mrn"]')?.getAttribute('aria-invalid') === 'true');
    const mrnError = (await mrnField.getAttribute('aria-describedby')).split(' ').pop();
    assert.match(await page.locator(`#${mrnError}`).textContent(), /already/);
    // The right MRN registers the patient and chooses them.
    await mrnField.fill(mrn);
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByText(`Registered and chosen: ${family}, Synthetic · ${mrn} · born 1988-03-14.`).waitFor();
    assert.equal(await page.getByLabel('Patient MRN or id').inputValue(), mrn);
    assert.ok(await page.getByLabel('New patient MRN').isHidden(), 'the registration panel closes');

    // Find them again: by the start of the family name, narrowed by birth date; Enter searches.
    await page.getByLabel('Patient MRN or id').fill('');
    await page.getByLabel('Find a patient').fill(family.slice(0, 14).toLowerCase());
    await page.getByLabel('Born on (optional)').fill('1988-03-14');
    await page.getByLabel('Find a patient').press('Enter');
    const results = page.getByRole('list', { name: 'Patients found' });
    await results.waitFor();
    const found = await results.getByRole('button').allTextContents();
    assert.deepEqual(found, [`Use ${family}, Synthetic · ${mrn} · born 1988-03-14`]);
    assert.match(page.url(), /#\/intake$/, 'Enter in the search did not submit the request form');
    // A different birth date finds nobody.
    await page.getByLabel('Born on (optional)').fill('1988-03-15');
    await page.getByRole('button', { name: 'Search patients' }).click();
    await page.getByText('No patient found. Check the spelling, or register the patient.').waitFor();
    await page.getByLabel('Born on (optional)').fill('1988-03-14');
    await page.getByRole('button', { name: 'Search patients' }).click();
    await results.getByRole('button').first().waitFor();
    await results.getByRole('button', { name: `Use ${family}, Synthetic · ${mrn} · born 1988-03-14` }).click();
    assert.equal(await page.getByLabel('Patient MRN or id').inputValue(), mrn);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'intake-patient');

    // The request is made for the chosen patient.
    await page.getByLabel('Create a new requester').check();
    await page.getByLabel('Requester name').fill('Pickertest Requester (synthetic)');
    await page.getByRole('button', { name: 'Create request' }).click();
    await page.getByRole('heading', { name: /^Request R-\d{4}-\d+$/, level: 1 }).waitFor();
    const id = page.url().match(/#\/requests\/(\d+)$/)[1];
    const staff = await apiSession(base, SPECIALIST);
    const made = await staff('GET', `/api/v1/requests/${id}`);
    assert.equal(made.status, 200, made.text);
    const patient = await staff('GET', `/api/v1/patients/${made.json.patient.id}`);
    assert.equal(patient.status, 200, patient.text);
    assert.equal(patient.json.mrn, mrn);
    assert.equal(patient.json.family_name, family);
    await page.close();
  });
}
