// The request page's documents, redaction, release packet and delivery panels in the browser
// (docs/ui.md "Documents and redaction", "Release and delivery").  Over the API only the fixture
// is made: a text document with synthetic sensitive words and a patient's request for it.  Then a
// specialist, with clicks only, takes the request from received to ready to release, opens the
// document, redacts a highlighted span, builds the packet (its PDF, fetched through the page's
// link, starts %PDF and — read with pdftotext — no longer holds the redacted word; the manifest
// lists the redaction), releases, creates a secure link (the access code shown once) and sees
// the request released and delivered; then revokes the link.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ORG = 'demo';
const PASSWORD = 'demo-password-change-me';
const SPECIALIST = 'specialist@demo.openroi.test';
// Demo patient DEMO-000012 (an adult); nothing else in the suite uses it.
const PATIENT_ID = 12;
const NOTE = [
  'Synthetic progress note (test data, not a real record).',
  'Assessment: HIV positive, stable on antiretroviral therapy.',
  'Plan: continue current medication; follow up in three months.',
  '',
].join('\n');

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
  assert.equal(login.status, 200, `${email} signs in`);
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

// pdftotext's reading of a PDF, or null when poppler-utils is not installed.
function pdfText(bytes) {
  const folder = mkdtempSync(join(tmpdir(), 'openroi-packet-'));
  try {
    const file = join(folder, 'packet.pdf');
    writeFileSync(file, bytes);
    const run = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    return run.status === 0 ? run.stdout : null;
  } catch {
    return null;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, base } = t;
  let requestId = 0;
  let documentId = 0;
  let unpackedId = 0;

  test('release: the fixture (a text document with sensitive words, a patient request) over the API', async () => {
    const staff = await staffSession(base, SPECIALIST, PASSWORD);
    const doc = await staff('POST', '/api/v1/documents', {
      patient_id: PATIENT_ID, kind: 'progress_note', pages: 1, content: NOTE,
    });
    assert.equal(doc.status, 201, doc.text);
    documentId = doc.json.id;
    const requester = await staff('POST', '/api/v1/requesters', { role: 'patient', name: 'Testpatient Release (synthetic)' });
    assert.equal(requester.status, 201, requester.text);
    const intake = {
      patient_id: PATIENT_ID, requester_id: requester.json.id, priority: 'routine', basis: 'access', purpose: 'personal',
      format: 'electronic', medium: 'portal', written: true, signed: true, identity_verified: true,
      authority_documented: false, scope: { all_records: true, kinds: [], from: null, to: null }, authorization: null,
    };
    const made = await staff('POST', '/api/v1/requests', intake);
    assert.equal(made.status, 201, made.text);
    requestId = made.json.id;
    assert.ok(made.json.decision.documents.some((d) => Number(d.id) === documentId && d.action === 'release'), made.text);
    // A second request, released over the API without a packet: nothing to hand out by link.
    const bare = await staff('POST', '/api/v1/requests', intake);
    assert.equal(bare.status, 201, bare.text);
    unpackedId = bare.json.id;
    for (const action of ['start_verification', 'start_retrieval', 'finish_retrieval', 'release']) {
      const moved = await staff('POST', `/api/v1/requests/${unpackedId}/transitions`, { action, idempotency_key: `release-e2e-${action}` });
      assert.equal(moved.status, 200, moved.text);
    }
  });

  test('release: a specialist redacts a highlighted span, builds the packet, releases and delivers by secure link', async () => {
    assert.ok(requestId > 0, 'the fixture was made');
    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto(`${base}/#/requests/${requestId}`);
    await page.getByRole('heading', { name: /^Request R-\d{4}-\d+$/, level: 1 }).waitFor();
    for (const [action, next] of [['Start verification', 'verifying'], ['Start retrieval', 'retrieving'], ['Finish retrieval', 'ready_to_release']]) {
      await page.getByRole('button', { name: action, exact: true }).click();
      await page.locator(`.request-header [data-state="${next}"]`).waitFor();
    }

    // The documents in scope, with the decision's action for each.
    const panel = page.locator('section.documents-panel');
    const row = panel.locator(`table.request-documents tr[data-document="${documentId}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), /Progress note.*Release/);
    assert.deepEqual(await lowContrast(page), []);
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'request-documents');

    // The text opens with the scan's highlights; the HIV one is reached from the keyboard.
    await row.getByRole('button', { name: `Open document ${documentId}` }).click();
    const editor = panel.locator('section.redaction-editor');
    const hiv = editor.locator('pre.document-text mark', { hasText: 'HIV' }).first();
    await hiv.waitFor();
    assert.match(await hiv.textContent(), /\(HIV\)/, 'the label is in the mark as text');
    assert.ok((await editor.locator('pre.document-text mark').count()) >= 2, 'antiretroviral is highlighted too');
    await hiv.focus();
    await page.keyboard.press('Enter');
    await editor.getByText(/^Chosen: the HIV highlight "HIV"/).waitFor();
    // "Other" needs words: refused on the form, nothing sent.
    await editor.getByLabel('Reason', { exact: true }).selectOption('other');
    await editor.getByRole('button', { name: 'Redact the chosen text' }).click();
    assert.match(await panel.locator('.error-summary').textContent(), /needs words/);
    await editor.getByLabel('Reason', { exact: true }).selectOption('third_party');
    await editor.getByRole('button', { name: 'Redact the chosen text' }).click();
    await panel.getByRole('status').filter({ hasText: /^Redacted the HIV highlight/ }).waitFor();
    await editor.locator('pre.document-text del.redacted', { hasText: 'HIV' }).waitFor();
    assert.equal(await editor.locator('table.redaction-list tbody tr').count(), 1);
    assert.match(await editor.locator('table.redaction-list tbody').textContent(), /Text, bytes \d+–\d+.*Third-party information.*You/);
    assert.match(await row.textContent(), /Release\s*1/, 'the list counts the redaction');
    assert.deepEqual(await lowContrast(page), []);
    await editor.scrollIntoViewIfNeeded();
    await shot(page, 'redaction-editor');

    // The packet: built, listed, its PDF fetched through the page's own link.
    const release = page.locator('section.release-panel');
    await release.getByRole('button', { name: 'Build the release packet' }).click();
    await release.getByRole('status').filter({ hasText: /^Packet 1 built: \d+ pages, signed\./ }).waitFor();
    const pdfLink = release.getByRole('link', { name: 'Packet 1 (PDF, opens a new tab)' });
    const href = await pdfLink.getAttribute('href');
    assert.match(href, /^\/api\/v1\/requests\/\d+\/packets\/1\.pdf$/, 'ids only in the link');
    const pdf = await page.request.get(`${base}${href}`);
    assert.equal(pdf.status(), 200);
    const bytes = await pdf.body();
    assert.equal(bytes.subarray(0, 4).toString('latin1'), '%PDF');
    const text = pdfText(bytes);
    if (text !== null) {
      const flat = text.replace(/\s+/g, ' ');
      assert.ok(!/\bHIV\b/.test(flat), 'the redacted word is not in the packet');
      assert.match(flat, /REDACTED/);
      assert.match(flat, /antiretroviral/, 'the rest of the note is released');
    } else {
      console.log('    pdftotext is not installed: the packet text is not read');
    }
    const manifest = await page.request.get(`${base}${await release.getByRole('link', { name: 'Manifest 1 (signed JSON)' }).getAttribute('href')}`);
    assert.equal(manifest.status(), 200);
    const signed = JSON.parse(await manifest.text());
    const redactions = JSON.parse(typeof signed.manifest === 'string' ? signed.manifest : JSON.stringify(signed.manifest)).redactions;
    assert.equal(redactions.length, 1);
    assert.equal(redactions[0].document_id, documentId);
    assert.equal(redactions[0].reason, 'third_party');
    assert.equal(await release.getByRole('link', { name: /packet verification page/ }).getAttribute('href'), '/verify');

    // Release (the state table's action), then a secure link: the code is shown once.
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await page.locator('.request-header [data-state="released"]').waitFor();
    const form = release.locator('form.delivery-form');
    await form.waitFor();
    assert.equal(await form.getByLabel('How the records go').inputValue(), 'download_link');
    await form.getByLabel('Recipient').fill('');
    await form.getByRole('button', { name: 'Create delivery' }).click();
    assert.equal(await form.getByLabel('Recipient').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Recipient').fill('Testpatient Release (synthetic)');
    await form.getByRole('button', { name: 'Create delivery' }).click();
    const once = release.locator('.one-time');
    await once.waitFor();
    const code = await once.locator('.access-code').textContent();
    assert.match(code, /^\d{8}$/);
    assert.match(await once.locator('.delivery-url').textContent(), /^http:\/\/[\d.:]+\/d\/\d+\./);
    assert.match(await once.textContent(), /second channel/);
    assert.ok(await once.evaluate((el) => el === document.activeElement), 'the one-time box has focus');
    const delivery = release.locator('li.delivery').first();
    assert.equal(await delivery.getAttribute('data-status'), 'sent');
    assert.match(await delivery.textContent(), /Secure link.*Status\s*Sent.*Created/);
    assert.deepEqual(await lowContrast(page), []);
    await release.scrollIntoViewIfNeeded();
    await shot(page, 'release-panel');

    // Reloaded, the page shows it released and delivered, and never the access code again.
    await page.reload();
    await page.locator('.request-header [data-state="released"]').waitFor();
    await release.locator('li.delivery[data-status="sent"]').waitFor();
    assert.ok(!(await page.locator('main').textContent()).includes(code), 'the access code is gone');
    assert.equal(await page.locator('section.documents-panel').getByRole('button', { name: /^Remove redaction/ }).count(), 0,
      'a released request\'s redactions no longer change');
    // Revoking the link.
    await release.getByRole('button', { name: /^Revoke link \d+$/ }).click();
    await release.locator('li.delivery[data-status="revoked"]').waitFor();
    assert.match(await release.locator('li.delivery').first().textContent(), /Revoked/);
    // A copy by mail, recorded with its tracking number (the address is required), then delivered.
    const form2 = release.locator('form.delivery-form');
    await form2.getByLabel('How the records go').selectOption('mail');
    await form2.getByRole('button', { name: 'Create delivery' }).click();
    assert.equal(await form2.getByLabel('Mailing address').getAttribute('aria-invalid'), 'true');
    assert.match(await release.locator('.error-summary').textContent(), /Mailing address: Enter the mailing address/);
    await form2.getByLabel('Mailing address').fill('1 Synthetic Way, Exampleville, CA 90000');
    await form2.getByLabel('Tracking number (optional)').fill('SYNTH-TRACK-0001');
    await form2.getByRole('button', { name: 'Create delivery' }).click();
    const mailed = release.locator('li.delivery', { hasText: 'SYNTH-TRACK-0001' });
    await mailed.waitFor();
    assert.ok(await release.locator('.one-time').isHidden(), 'a recorded mailing has no access code');
    await mailed.getByRole('button', { name: /^Record delivery \d+ as delivered$/ }).click();
    await release.locator('li.delivery[data-status="delivered"]', { hasText: 'SYNTH-TRACK-0001' }).waitFor();
  });

  test('release: a refused delivery (no packet yet) is announced in the panel\'s alert', async () => {
    assert.ok(unpackedId > 0, 'the fixture was made');
    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto(`${base}/#/requests/${unpackedId}`);
    await page.locator('.request-header [data-state="released"]').waitFor();
    const release = page.locator('section.release-panel');
    await release.getByText('No packet has been built.').waitFor();
    await release.locator('form.delivery-form').getByRole('button', { name: 'Create delivery' }).click();
    const alert = release.locator('.error-summary');
    await alert.waitFor();
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.match(await alert.textContent(), /has no released packet to deliver/);
    assert.ok(await alert.evaluate((el) => el === document.activeElement), 'the alert has focus');
    assert.ok(await release.locator('.one-time').isHidden());
    await release.getByText('Not delivered yet.').waitFor();
  });

  test('release: the patient page lists the authorizations the patient\'s requests came with', async () => {
    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    // Demo request 2 (DEMO-000003, patient 3) is an attorney's, with an authorization.
    await page.goto(`${base}/#/patients/3`);
    const table = page.getByRole('table', { name: 'Authorizations' });
    await table.waitFor();
    const row = table.locator('tbody tr', { hasText: /R-\d{4}-000002/ });
    assert.match(await row.textContent(), /Litigation/);
    assert.match(await row.textContent(), /Missing: |All seven core elements/);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'patient-authorizations');
    await row.getByRole('link', { name: /^R-\d{4}-000002$/ }).click();
    await page.getByRole('heading', { name: /^Request R-\d{4}-000002$/, level: 1 }).waitFor();
    // The fixture's patient asked without an authorization.
    await page.goto(`${base}/#/patients/${PATIENT_ID}`);
    await page.getByText('No request of this patient came with an authorization.').waitFor();
  });
}
