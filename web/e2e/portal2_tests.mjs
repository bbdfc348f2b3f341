// Portal follow-ups in the browser (docs/ui.md "Portal" and "Requests"): staff re-match a portal
// request's pending-match patient from the request page; a portal patient downloads their released
// packet from their own request page with the access code (no link); and break-the-glass from the
// request page: a supervisor, made assignment-scoped for the test, opens a request outside their
// assignments, states a reason, sees the request, and the audit trail holds the flagged access.
// Screenshots: patient-match, portal-request-download, request-break-glass.
import { readFileSync } from 'node:fs';

const ORG = 'demo';
const STAFF_PASSWORD = 'demo-password-change-me';
const SPECIALIST = 'specialist@demo.openroi.test';
const ADMIN = 'admin@demo.openroi.test';
const PATIENT_EMAIL = 'portal2.patient.e2e@example.test';
const PATIENT_PASSWORD = 'portal2-e2e-password-1';
const SUPERVISOR = 'supervisor.portal2.e2e@demo.openroi.test';
const SUPERVISOR_PASSWORD = 'supervisor-portal2-e2e-password-1';

// An API session (staff or portal user): sign in, then JSON calls with the cookie and CSRF token.
// The suite signs in often from one address: past the per-minute limit (429), wait and retry.
async function apiSession(base, assert, email, password) {
  let login;
  for (let attempt = 0; attempt < 15; attempt += 1) {
    login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ organization: ORG, email, password }),
    });
    if (login.status !== 429) break;
    await new Promise((done) => setTimeout(done, 5000));
  }
  assert.equal(login.status, 200, `${email} signs in: ${await login.clone().text()}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  return async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON.
    }
    return { status: response.status, json, text };
  };
}

export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, base, assert } = t;
  let patientApi = null;
  let matchRequest = 0;

  // A portal patient (API) whose submission names nobody exactly: a pending-match patient.
  async function portalPatient() {
    if (patientApi) return patientApi;
    const registered = await fetch(`${base}/api/v1/portal/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ organization: ORG, email: PATIENT_EMAIL, password: PATIENT_PASSWORD,
        name: 'Testpatient Rematch', kind: 'patient' }),
    });
    assert.equal(registered.status, 201, await registered.clone().text());
    patientApi = await apiSession(base, assert, PATIENT_EMAIL, PATIENT_PASSWORD);
    return patientApi;
  }

  async function submitPending(family) {
    const portal = await portalPatient();
    const submitted = await portal('POST', '/api/v1/portal/requests', {
      patient_given_name: 'Rematch', patient_family_name: family, patient_birth_date: '1977-07-07',
    });
    assert.equal(submitted.status, 201, submitted.text);
    return submitted.json.id;
  }

  test('patient re-match: staff match a portal request\'s pending patient from the request page', async () => {
    matchRequest = await submitPending('Testpatient Pending');
    const page = await freshPage();
    await signIn(page, SPECIALIST, STAFF_PASSWORD);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    // The work queue flags the request.
    await page.goto(`${base}/#/queue`);
    const row = page.locator('table.queue tbody tr', { has: page.locator(`a[href="#/requests/${matchRequest}"]`) });
    await row.waitFor();
    assert.match(await row.textContent(), /Patient not matched/);
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: /^Request R-\d{4}-\d+$/, level: 1 }).waitFor();
    const header = page.locator('.request-header');
    assert.match(await header.textContent(), /PORTAL-/);
    assert.match(await header.textContent(), /Patient not matched/);
    const panel = page.locator('section.patient-match');
    await panel.getByRole('heading', { name: 'Match patient' }).waitFor();
    // Nothing typed: flagged beside the field; an unknown MRN: the server's 404 beside it.
    await panel.getByRole('button', { name: 'Match patient' }).click();
    assert.equal(await panel.getByLabel('Matched patient (MRN or patient id)').getAttribute('aria-invalid'), 'true');
    await panel.getByLabel('Matched patient (MRN or patient id)').fill('NO-SUCH-MRN-1');
    await panel.getByRole('button', { name: 'Match patient' }).click();
    await page.locator('.error-summary', { hasText: /no patient with this MRN/i }).waitFor();
    await panel.getByLabel('Matched patient (MRN or patient id)').fill('DEMO-000001');
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'patient-match');
    await panel.getByRole('button', { name: 'Match patient' }).click();
    await page.getByRole('status').filter({ hasText: /^Matched to .*DEMO-000001.*The decision is now:/ }).waitFor();
    assert.match(await header.textContent(), /DEMO-000001/);
    assert.doesNotMatch(await header.textContent(), /Patient not matched/);
    assert.equal(await page.locator('section.patient-match').count(), 0);
    // The API agrees, and a second match is refused (the patient is no longer pending).
    const specialist = await apiSession(base, assert, SPECIALIST, STAFF_PASSWORD);
    const view = await specialist('GET', `/api/v1/requests/${matchRequest}`);
    assert.equal(view.json.patient.mrn, 'DEMO-000001');
    assert.equal(view.json.patient.pending_match, false);
    const again = await specialist('POST', `/api/v1/requests/${matchRequest}/patient-match`, { patient_mrn: 'DEMO-000002' });
    assert.equal(again.status, 409, again.text);
  });

  test('portal: the patient downloads the released packet from their request page with the access code', async () => {
    const id = await submitPending('Testpatient Download');
    // The records office files a record for the (pending) patient, releases the request and makes
    // a download link (over the API).  The portal's authorization upload is not a record: without
    // one, nothing would be released.
    const specialist = await apiSession(base, assert, SPECIALIST, STAFF_PASSWORD);
    let current = await specialist('GET', `/api/v1/requests/${id}`);
    assert.equal(current.status, 200, current.text);
    const record = await specialist('POST', '/api/v1/documents', {
      patient_id: current.json.patient.id, kind: 'progress_note', pages: 1, content: 'Synthetic visit note.',
    });
    assert.equal(record.status, 201, record.text);
    current = await specialist('GET', `/api/v1/requests/${id}`);
    const verified = await specialist('PATCH', `/api/v1/requests/${id}`, {
      version: current.json.version, identity_verified: true, signed: true,
    });
    assert.equal(verified.status, 200, verified.text);
    for (const action of ['start_verification', 'start_retrieval', 'finish_retrieval', 'release']) {
      const moved = await specialist('POST', `/api/v1/requests/${id}/transitions`, {
        action, idempotency_key: `portal2-e2e-${action}`,
      });
      assert.equal(moved.status, 200, moved.text);
    }
    const packet = await specialist('POST', `/api/v1/requests/${id}/packet`);
    assert.equal(packet.status, 201, packet.text);
    const delivery = await specialist('POST', `/api/v1/requests/${id}/deliveries`, {
      medium: 'download_link', recipient: 'Testpatient Rematch',
    });
    assert.equal(delivery.status, 201, delivery.text);
    const accessCode = delivery.json.access_code;
    assert.match(accessCode, /^\d{8}$/);

    const page = await freshPage();
    await signIn(page, PATIENT_EMAIL, PATIENT_PASSWORD);
    await page.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
    await page.goto(`${base}/#/portal/requests/${id}`);
    await page.locator('.request-header [data-state="released"]').waitFor();
    const form = page.locator(`form.own-download[data-delivery="${delivery.json.id}"]`);
    await form.waitFor();
    // A malformed code is flagged on the form; a wrong one is refused by the server.
    await form.getByLabel('Access code').fill('12');
    await form.getByRole('button', { name: 'Download records' }).click();
    assert.equal(await form.getByLabel('Access code').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Access code').fill(accessCode === '00000000' ? '11111111' : '00000000');
    await form.getByRole('button', { name: 'Download records' }).click();
    await form.locator('.error-summary', { hasText: /access code is not right/ }).waitFor();
    await form.getByLabel('Access code').fill(accessCode);
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download records' }).click(),
    ]);
    const bytes = readFileSync(await saved.path());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
    await form.getByText(/^Downloaded \(/).waitFor();
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'portal-request-download');
    // The download is the link's: it counted, and staff see it among the delivery's events.
    const deliveries = await specialist('GET', `/api/v1/requests/${id}/deliveries`);
    assert.equal(deliveries.status, 200, deliveries.text);
    const events = deliveries.json.items.find((d) => d.id === delivery.json.id).events;
    assert.ok(events.some((e) => e.kind === 'download' && e.actor === 'Testpatient Rematch'), JSON.stringify(events));
  });

  test('break-the-glass from the request page: a request outside the assignments asks for a reason, then opens', async () => {
    const glassRequest = await submitPending('Testpatient Glass');
    const admin = await apiSession(base, assert, ADMIN, STAFF_PASSWORD);
    const created = await admin('POST', '/api/v1/users', {
      email: SUPERVISOR, display_name: 'Portal2 E2E Supervisor', role: 'supervisor', password: SUPERVISOR_PASSWORD,
    });
    assert.equal(created.status, 201, created.text);
    // Supervisors are assignment-scoped for this test only (clinicians cannot open request pages).
    const organization = await admin('GET', '/api/v1/organization');
    assert.equal(organization.status, 200, organization.text);
    const scoped = await admin('PUT', '/api/v1/organization', {
      version: organization.json.version, assignment_scoped_roles: ['clinician', 'supervisor'],
    });
    assert.equal(scoped.status, 200, scoped.text);
    try {
      const page = await freshPage();
      await signIn(page, SUPERVISOR, SUPERVISOR_PASSWORD);
      await page.getByRole('heading', { name: /Welcome/ }).waitFor();
      await page.goto(`${base}/#/requests/${glassRequest}`);
      const dialog = page.getByRole('dialog', { name: 'Break the glass' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Open the record' }).click();
      assert.equal(await dialog.getByLabel('Reason for access').getAttribute('aria-invalid'), 'true');
      await shot(page, 'request-break-glass');
      await dialog.getByLabel('Reason for access').fill('Covering the desk for a records audit (synthetic test)');
      await dialog.getByRole('button', { name: 'Open the record' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('heading', { name: /^Request R-\d{4}-\d+$/, level: 1 }).waitFor();
      assert.match(await page.locator('.request-header').textContent(), /Testpatient Glass \(PORTAL-/);
      assert.equal(await page.locator('.error-summary:visible').count(), 0);
      // The audit trail holds the flagged access, by this supervisor, for the request's patient.
      const audit = await admin('GET', '/api/v1/audit?action=break_glass&limit=100');
      assert.equal(audit.status, 200, audit.text);
      const flagged = audit.json.events.filter((e) => e.actor.label === 'Portal2 E2E Supervisor');
      assert.equal(flagged.length, 1, audit.text);
      const request = await admin('GET', `/api/v1/audit?patient=${flagged[0].patient_id}&limit=500`);
      assert.ok(request.json.events.some((e) => e.actor.label === 'Portal2 E2E Supervisor' && e.entity.kind === 'request'
        && e.entity.id === String(glassRequest)), 'the request read after the grant is audited');
    } finally {
      const now = await admin('GET', '/api/v1/organization');
      const restored = await admin('PUT', '/api/v1/organization', { version: now.json.version, assignment_scoped_roles: null });
      assert.equal(restored.status, 200, restored.text);
    }
  });
}
