// The requester/patient portal in the browser (docs/ui.md "Portal"): a patient registers, asks for
// records with an authorization upload and sees the request received; the records office (over
// the API, with a specialist's and a billing clerk's sessions) verifies, invoices, releases, builds
// the packet and makes a download link; the patient sees it released, pays the invoice by card
// reference and downloads the packet with the access code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const ORG = 'demo';
const STAFF_PASSWORD = 'demo-password-change-me';
const SPECIALIST = 'specialist@demo.openroi.test';
const ADMIN = 'admin@demo.openroi.test';
const PORTAL_EMAIL = 'portal.patient.e2e@example.test';
const PORTAL_PASSWORD = 'portal-e2e-password-1';
const PORTAL_BILLING = 'billing.portal.e2e@demo.openroi.test';
const PORTAL_BILLING_PASSWORD = 'billing-portal-e2e-password-1';
const PATIENT_BIRTH = '1991-03-14';

// A one-page PDF with a correct cross-reference table (synthetic: an authorization form).
function syntheticPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const text = 'BT /F1 18 Tf 72 720 Td (Synthetic authorization - Testpatient Portal) Tj ET';
  objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

// A staff session over the API: sign in, then JSON calls with the cookie and CSRF token.
// The suite signs in often from one address: past the per-minute limit (429), wait and retry.
async function staffSession(base, email, password) {
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
  const { test, freshPage, shot, lowContrast, navLinks, base } = t;
  let page = null;
  let requestId = 0;
  let link = '';
  let accessCode = '';
  let invoiced = false;

  test('portal: a patient registers, asks for records with an authorization and sees it received', async () => {
    page = await freshPage();
    await page.goto(`${base}/`);
    await page.getByRole('link', { name: 'Create a portal account' }).click();
    await page.getByRole('heading', { name: 'Create a portal account' }).waitFor();
    // Empty fields are flagged beside each field.
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.getByLabel('Your full name').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Organization').fill(ORG);
    await page.getByLabel('I am').selectOption('patient');
    assert.ok(await page.getByLabel('Your role').isHidden(), 'the requester role is only for requesters');
    await page.getByLabel('Your full name').fill('Testpatient Portal');
    await page.getByLabel('Email').fill(PORTAL_EMAIL);
    await page.getByLabel('Password').fill(PORTAL_PASSWORD);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'portal-register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
    // A portal user's navigation holds only the portal's screens.
    assert.deepEqual(await navLinks(page), ['My requests', 'Ask for records', 'Download records']);

    await page.getByRole('link', { name: 'Ask for records' }).first().click();
    await page.getByRole('heading', { name: 'Ask for records', level: 1 }).waitFor();
    // A missing birth date is flagged beside its field.
    await page.getByLabel('Patient first name').fill('Portal');
    await page.getByLabel('Patient last name').fill('Testpatient');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.getByLabel('Patient date of birth').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Patient date of birth').fill(PATIENT_BIRTH);
    await page.getByLabel('Why you need the records').selectOption('personal');
    await page.getByLabel('Signed authorization or ID (PDF, PNG, JPEG)').setInputFiles({
      name: 'authorization.pdf', mimeType: 'application/pdf', buffer: syntheticPdf(),
    });
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'portal-submit');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: /^Request R-\d{4}-\d+$/, level: 1 }).waitFor();
    const match = /#\/portal\/requests\/(\d+)$/.exec(page.url());
    assert.ok(match, page.url());
    requestId = Number(match[1]);
    await page.locator('.request-header [data-state="received"]').waitFor();
    assert.match(await page.locator('main').textContent(), /Acknowledgment letter/);
  });

  test('portal: the records office releases it with a secure link (over the API)', async () => {
    assert.ok(requestId > 0, 'the previous test made a request');
    const specialist = await staffSession(base, SPECIALIST, STAFF_PASSWORD);
    // Staff see the portal request in the work queue like any other.
    const queue = await specialist('GET', '/api/v1/requests?limit=100');
    assert.equal(queue.status, 200, queue.text);
    assert.ok(queue.json.items.some((item) => item.id === requestId), 'in the work queue');
    // The portal's authorization upload is not a record (kind authorization): file a record for
    // the patient, or the release would release nothing.
    const before = await specialist('GET', `/api/v1/requests/${requestId}`);
    assert.equal(before.status, 200, before.text);
    const record = await specialist('POST', '/api/v1/documents', {
      patient_id: before.json.patient.id, kind: 'progress_note', pages: 1, content: 'Synthetic visit note.',
    });
    assert.equal(record.status, 201, record.text);
    const current = await specialist('GET', `/api/v1/requests/${requestId}`);
    assert.equal(current.status, 200, current.text);
    assert.equal(current.json.channel, 'portal');
    const verified = await specialist('PATCH', `/api/v1/requests/${requestId}`, {
      version: current.json.version, identity_verified: true, signed: true,
    });
    assert.equal(verified.status, 200, verified.text);
    for (const action of ['start_verification', 'start_retrieval']) {
      const moved = await specialist('POST', `/api/v1/requests/${requestId}/transitions`, {
        action, idempotency_key: `portal-e2e-${action}`,
      });
      assert.equal(moved.status, 200, moved.text);
    }
    // A billing clerk issues the invoice (a patient's own copy is never held for payment).
    const admin = await staffSession(base, ADMIN, STAFF_PASSWORD);
    const created = await admin('POST', '/api/v1/users', {
      email: PORTAL_BILLING, display_name: 'Portal E2E Billing', role: 'billing', password: PORTAL_BILLING_PASSWORD,
    });
    assert.equal(created.status, 201, created.text);
    const billing = await staffSession(base, PORTAL_BILLING, PORTAL_BILLING_PASSWORD);
    const invoice = await billing('POST', `/api/v1/requests/${requestId}/invoice`, {});
    // Issued when the decision allows a fee; 409 when it allows none (then nothing to pay).
    assert.ok([201, 409].includes(invoice.status), invoice.text);
    invoiced = invoice.status === 201;
    for (const action of ['finish_retrieval', 'release']) {
      const moved = await specialist('POST', `/api/v1/requests/${requestId}/transitions`, {
        action, idempotency_key: `portal-e2e-${action}`,
      });
      assert.equal(moved.status, 200, moved.text);
    }
    const packet = await specialist('POST', `/api/v1/requests/${requestId}/packet`);
    assert.equal(packet.status, 201, packet.text);
    const delivery = await specialist('POST', `/api/v1/requests/${requestId}/deliveries`, {
      medium: 'download_link', recipient: 'Testpatient Portal',
    });
    assert.equal(delivery.status, 201, delivery.text);
    link = delivery.json.url;
    accessCode = delivery.json.access_code;
    assert.match(accessCode, /^\d{8}$/);
  });

  test('portal: the patient sees it released, pays the invoice and downloads the packet', async () => {
    assert.ok(link, 'the previous test made a link');
    // The page still shows the request as it was: load it afresh.
    await page.goto(`${base}/#/portal/requests/${requestId}`);
    await page.reload();
    await page.locator('.request-header [data-state="released"]').waitFor();
    assert.match(await page.locator('ol.timeline').textContent(), /Released/);
    if (!invoiced) {
      await page.getByText('No invoice has been issued.').waitFor();
    } else {
      await payTheBalance();
    }
    assert.match(await page.locator('main').textContent(), /Download link: /);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'portal-status');
    await download();
  });

  // Paying more than the balance is refused; then the balance, by card reference.
  async function payTheBalance() {
    const balance = await page.locator('td.balance').textContent();
    assert.notEqual(balance, '$0.00');
    await page.getByLabel('Amount (USD)').fill('99999.00');
    await page.getByLabel('Card payment reference').fill('ch_portal_e2e_over');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.locator('.error-summary', { hasText: /balance/ }).waitFor();
    await page.getByLabel('Amount (USD)').fill(balance.replace(/[$,]/g, ''));
    await page.getByLabel('Card payment reference').fill('ch_portal_e2e_1');
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByText('Paid in full. Thank you.').waitFor();
    assert.equal(await page.locator('td.balance').textContent(), '$0.00');
  }

  async function download() {
    await page.getByRole('link', { name: 'Download with your link and access code' }).click();
    await page.getByRole('heading', { name: 'Download released records', level: 1 }).waitFor();
    await page.getByLabel('Download link').fill(link);
    await page.getByLabel('Access code').fill('00000000');
    await page.getByRole('button', { name: 'Download' }).click();
    await page.locator('.error-summary', { hasText: /access code/ }).waitFor();
    await page.getByLabel('Access code').fill(accessCode);
    // The browser saves the PDF: read what it saved.
    const [saved] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download' }).click(),
    ]);
    const bytes = readFileSync(await saved.path());
    assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
    await page.getByText(/^Downloaded \(/).waitFor();
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'portal-download');
    // Another person's request id is not there for this patient.
    await page.goto(`${base}/#/portal/requests/1`);
    await page.getByText('There is no such request in your account.').waitFor();
  }
}
