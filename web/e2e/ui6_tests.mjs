// Browser tests of the web UI's remaining gaps (docs/ui.md): redaction by keyboard only, the
// follow-up of a recorded delivery (tracking number, failed with a reason, delivered), and a
// clinician making a harm determination on the review screen.  Each test makes its own fixture
// over the API (a requester, a request for an adult demo patient no other test uses, a document)
// and checks what the UI did through the API.  Screenshots: redaction-keyboard,
// delivery-follow-up, harm-make.
import assert from 'node:assert/strict';

const ORG = 'demo';
const PASSWORD = 'demo-password-change-me';
const SPECIALIST = 'specialist@demo.openroi.test';
const CLINICIAN = 'clinician@demo.openroi.test';

export async function apiSession(base, email) {
  let login;
  for (let attempt = 0; attempt < 15; attempt += 1) {
    login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ organization: ORG, email, password: PASSWORD }),
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

// A patient's own access request for demo patient `mrn` with one text document; moved through
// `actions`.  Returns { id, patient, document, version }.
async function fixture(staff, mrn, content, actions) {
  const requester = await staff('POST', '/api/v1/requesters', { role: 'patient', name: `Testpatient ${mrn} (synthetic)` });
  assert.equal(requester.status, 201, requester.text);
  const made = await staff('POST', '/api/v1/requests', {
    patient_mrn: mrn, requester_id: requester.json.id, priority: 'routine', basis: 'access', purpose: 'personal',
    format: 'electronic', medium: 'portal', written: true, signed: true, identity_verified: true,
    authority_documented: false, scope: { all_records: true, kinds: [], from: null, to: null }, authorization: null,
  });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const patient = made.json.patient.id;
  const doc = await staff('POST', '/api/v1/documents', {
    patient_id: patient, kind: 'progress_note', service_date: '2026-01-15', pages: 1, content,
  });
  assert.equal(doc.status, 201, doc.text);
  let version = made.json.version;
  for (const action of actions) {
    const moved = await staff('POST', `/api/v1/requests/${id}/transitions`, { action, idempotency_key: `ui6-${id}-${action}` });
    assert.equal(moved.status, 200, moved.text);
    version = moved.json.version;
  }
  return { id, patient, document: doc.json.id, version };
}

// Presses Tab until the focused element matches `wanted` ({tag, text, contains, name}: each given
// one must hold); fails after `limit` presses.
async function tabTo(page, wanted, limit = 250) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const matched = await page.evaluate((w) => {
      const el = document.activeElement;
      if (!el) return false;
      const text = (el.textContent ?? '').trim();
      return (!w.tag || el.tagName === w.tag) && (w.text === undefined || text === w.text)
        && (!w.contains || text.includes(w.contains)) && (!w.name || el.getAttribute('name') === w.name);
    }, wanted);
    if (matched) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(wanted)}`);
}

const active = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName.toLowerCase(), id: el?.id ?? '', text: (el?.textContent ?? '').trim(), name: el?.getAttribute('name') ?? '' };
});

const utf8 = (s) => Buffer.from(s, 'utf8');
const spanText = (content, span) => utf8(content).subarray(span.begin, span.end).toString('utf8');

export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, base } = t;

  test('redaction by keyboard only: a highlight by Enter, any text by Shift+arrows in the keyboard selection', async () => {
    const staff = await apiSession(base, SPECIALIST);
    // Line 1 has a two-byte letter and a CRLF before the words selected on line 2.
    const note = 'Zoë Testpatient (synthetic)\r\nTestrelative Beta came along.\r\nAssessment: HIV positive, stable.\r\n';
    const { id, document } = await fixture(staff, 'DEMO-000142', note, ['start_verification', 'start_retrieval']);

    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto(`${base}/#/requests/${id}`);
    await page.locator(`section.documents-panel tr[data-document="${document}"]`).waitFor();

    // From here on, only the keyboard.
    await tabTo(page, { tag: 'BUTTON', text: `Open document ${document}` });
    await page.keyboard.press('Enter');
    const editor = page.locator('section.redaction-editor');
    await editor.locator('pre.document-text mark', { hasText: 'HIV' }).first().waitFor();
    assert.equal((await active(page)).id, 'editor-title', 'the opened document\'s heading has focus');
    // Tab reaches the HIV highlight; focus alone chooses nothing.
    await tabTo(page, { tag: 'MARK', contains: 'HIV' });
    assert.match(await editor.locator('.chosen').textContent(), /^Nothing chosen yet\./);
    await page.keyboard.press('Enter');
    await editor.getByText(/^Chosen: the HIV highlight "HIV"/).waitFor();
    assert.equal((await active(page)).name, `redaction_reason_${document}`, 'Enter moved to the reason');
    // "Other" (the last reason) without words: refused on the form.
    await page.keyboard.press('End');
    assert.equal(await editor.getByLabel('Reason', { exact: true }).inputValue(), 'other');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal((await active(page)).text, 'Redact the chosen text');
    await page.keyboard.press('Enter');
    const alert = page.locator('section.documents-panel .error-summary');
    await alert.getByText(/needs words/).waitFor();
    const words = editor.getByLabel('Reason in words (needed for "Other")');
    assert.equal(await words.getAttribute('aria-invalid'), 'true');
    assert.ok(await alert.evaluate((el) => el === document.activeElement), 'the summary has focus');
    // Back to the words across the highlights: the choice stays.
    await tabTo(page, { name: `redaction_reason_text_${document}` });
    assert.match(await editor.locator('.chosen').textContent(), /^Chosen: the HIV highlight/);
    await page.keyboard.type('Synthetic: a diagnosis outside the request');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('section.documents-panel [role="status"]').filter({ hasText: /^Redacted the HIV highlight/ }).waitFor();

    // Any text: the keyboard selection.
    await tabTo(page, { tag: 'BUTTON', text: 'Select text with the keyboard' });
    await page.keyboard.press('Enter');
    assert.equal((await active(page)).tag, 'textarea', 'the keyboard selection has focus');
    assert.equal(await editor.getByRole('button', { name: 'Hide the keyboard selection' }).getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Enter');
    await editor.getByText(/^Nothing is selected/).waitFor();
    const before = await page.evaluate(() => document.activeElement.value);
    await page.keyboard.type('x');
    await page.keyboard.press('Backspace');
    assert.equal(await page.evaluate(() => document.activeElement.value), before, 'the text refuses edits');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    for (let i = 0; i < 'Testrelative Beta'.length; i += 1) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Enter');
    await editor.getByText('Chosen: the selected text "Testrelative Beta".').waitFor();
    assert.equal((await active(page)).name, `redaction_reason_${document}`);
    assert.equal(await editor.getByLabel('Reason', { exact: true }).inputValue(), 'third_party');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('section.documents-panel [role="status"]').filter({ hasText: /^Redacted the selected text "Testrelative Beta"/ }).waitFor();
    await editor.locator('pre.document-text del.redacted', { hasText: 'Testrelative Beta' }).waitFor();

    // The API holds exactly those two spans, in bytes of the stored text.
    const { json } = await staff('GET', `/api/v1/requests/${id}/redactions`);
    const mine = json.redactions.filter((r) => r.document_id === document);
    assert.equal(mine.length, 2, JSON.stringify(json));
    const byText = Object.fromEntries(mine.map((r) => [spanText(note, r.span), r]));
    assert.equal(byText.HIV?.reason, 'other', JSON.stringify(mine));
    assert.equal(byText.HIV?.reason_text, 'Synthetic: a diagnosis outside the request');
    assert.equal(byText['Testrelative Beta']?.reason, 'third_party', JSON.stringify(mine));
    assert.equal(byText['Testrelative Beta'].span.begin, utf8('Zoë Testpatient (synthetic)\r\n').length);
    assert.deepEqual(await lowContrast(page), []);
    await editor.scrollIntoViewIfNeeded();
    await shot(page, 'redaction-keyboard');
  });

  test('delivery follow-up: a mailing gets a tracking number, then fails with a reason; a pickup is delivered', async () => {
    const staff = await apiSession(base, SPECIALIST);
    const { id } = await fixture(staff, 'DEMO-000145', 'Synthetic visit note (test data).\n',
      ['start_verification', 'start_retrieval', 'finish_retrieval']);
    const packet = await staff('POST', `/api/v1/requests/${id}/packet`);
    assert.equal(packet.status < 300, true, packet.text);
    const released = await staff('POST', `/api/v1/requests/${id}/transitions`, { action: 'release', idempotency_key: `ui6-${id}-release` });
    assert.equal(released.status, 200, released.text);
    const mail = await staff('POST', `/api/v1/requests/${id}/deliveries`, {
      medium: 'mail', recipient: 'Testpatient Mail (synthetic)', address: '2 Synthetic Way, Exampleville, CA 90000',
    });
    assert.equal(mail.status, 201, mail.text);
    const pickup = await staff('POST', `/api/v1/requests/${id}/deliveries`, { medium: 'pickup', recipient: 'Testpatient Pickup (synthetic)' });
    assert.equal(pickup.status, 201, pickup.text);

    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.goto(`${base}/#/requests/${id}`);
    const release = page.locator('section.release-panel');
    const mailForm = release.locator(`form.delivery-follow-up[data-delivery="${mail.json.id}"]`);
    await mailForm.waitFor();
    assert.equal(await release.locator('form.delivery-follow-up').count(), 2, 'mail and pickup take follow-ups');

    // A new tracking number needs one.
    assert.equal(await mailForm.getByLabel('What happened').inputValue(), 'tracking');
    await mailForm.getByRole('button', { name: `Record follow-up for delivery ${mail.json.id}` }).click();
    assert.equal(await mailForm.getByLabel('Tracking number').getAttribute('aria-invalid'), 'true');
    const alert = release.locator('.error-summary');
    assert.match(await alert.textContent(), /Tracking number: Enter the new tracking number/);
    assert.ok(await alert.evaluate((el) => el === document.activeElement), 'the summary has focus');
    await mailForm.getByLabel('Tracking number').fill('SYNTH-UI6-0145');
    await mailForm.getByRole('button', { name: `Record follow-up for delivery ${mail.json.id}` }).click();
    await release.getByRole('status').filter({ hasText: `Delivery ${mail.json.id}: tracking number SYNTH-UI6-0145 recorded.` }).waitFor();
    const item = release.locator(`li.delivery[data-delivery="${mail.json.id}"]`);
    assert.match(await item.locator('dl').textContent(), /Tracking number\s*SYNTH-UI6-0145/);
    assert.ok(await release.locator('#deliveries-title').evaluate((el) => el === document.activeElement), 'focus on Deliveries');

    // Failed needs a reason.
    const again = release.locator(`form.delivery-follow-up[data-delivery="${mail.json.id}"]`);
    await again.getByLabel('What happened').selectOption('failed');
    await again.getByRole('button', { name: `Record follow-up for delivery ${mail.json.id}` }).click();
    assert.equal(await again.getByLabel('Reason or detail').getAttribute('aria-invalid'), 'true');
    assert.match(await alert.textContent(), /Reason or detail: Say why the delivery failed/);
    await again.getByLabel('Reason or detail').fill('Returned: addressee unknown (synthetic)');
    await again.getByRole('button', { name: `Record follow-up for delivery ${mail.json.id}` }).click();
    await release.locator(`li.delivery[data-delivery="${mail.json.id}"][data-status="failed"]`).waitFor();
    assert.match(await item.locator('.delivery-events').textContent(), /Failed.*Returned: addressee unknown \(synthetic\)/);
    assert.deepEqual(await lowContrast(page), []);
    await item.scrollIntoViewIfNeeded();
    await shot(page, 'delivery-follow-up');

    // The pickup is delivered: its form goes.
    const pickupForm = release.locator(`form.delivery-follow-up[data-delivery="${pickup.json.id}"]`);
    await pickupForm.getByLabel('What happened').selectOption('delivered');
    await pickupForm.getByRole('button', { name: `Record follow-up for delivery ${pickup.json.id}` }).click();
    await release.locator(`li.delivery[data-delivery="${pickup.json.id}"][data-status="delivered"]`).waitFor();
    assert.equal(await release.locator(`form.delivery-follow-up[data-delivery="${pickup.json.id}"]`).count(), 0);

    // The API agrees.
    const { json } = await staff('GET', `/api/v1/requests/${id}/deliveries`);
    const stored = Object.fromEntries(json.items.map((d) => [d.id, d]));
    assert.equal(stored[mail.json.id].status, 'failed');
    assert.equal(stored[mail.json.id].tracking_number, 'SYNTH-UI6-0145');
    const failed = stored[mail.json.id].events.find((e) => e.kind === 'failed');
    assert.equal(failed?.detail, 'Returned: addressee unknown (synthetic)');
    assert.ok(stored[mail.json.id].events.some((e) => e.kind === 'tracking' && e.tracking_number === 'SYNTH-UI6-0145'));
    assert.equal(stored[pickup.json.id].status, 'delivered');
  });

  test('a clinician makes a harm determination on the review screen (fields flagged, the server\'s refusal beside Ground)', async () => {
    const staff = await apiSession(base, SPECIALIST);
    const clinicianApi = await apiSession(base, CLINICIAN);
    const me = await clinicianApi('GET', '/api/v1/auth/me');
    assert.equal(me.status, 200, me.text);
    const { id, document, version } = await fixture(staff, 'DEMO-000150', 'Synthetic note naming nobody real.\n', ['start_verification']);
    // The clinician works on the request (an assigned clinician may open its patient).
    const assigned = await staff('POST', `/api/v1/requests/${id}/assignment`, { assignee_id: me.json.user.id, version });
    assert.equal(assigned.status, 200, assigned.text);

    const page = await freshPage();
    await signIn(page, CLINICIAN);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${base}/#/requests/${id}/reviews`);
    await page.getByRole('heading', { name: 'Harm determinations' }).waitFor();
    const form = page.locator('form.make-harm');
    await form.waitFor();
    await page.getByText('No harm determination has been made on this request.').waitFor();
    const box = form.getByLabel(new RegExp(`^Document ${document}: Progress note, 2026-01-15`));
    const submit = form.getByRole('button', { name: 'Record the harm determination' });

    // Nothing filled: every field flagged, nothing sent.
    await submit.click();
    const alert = page.locator('section.harm-panel .error-summary');
    await alert.getByText('The harm determination was not recorded:').waitFor();
    assert.match(await alert.textContent(), /Documents: Choose at least one document.*Ground: Choose the ground.*Your reasons: Give your reasons/);
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('Ground').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('Your reasons').getAttribute('aria-invalid'), 'true');
    assert.ok(await alert.evaluate((el) => el === document.activeElement), 'the summary has focus');

    // A ground that needs a personal representative: the server's refusal beside Ground.
    await box.check();
    await form.getByLabel('Ground').selectOption('harm_via_representative');
    await form.getByLabel('Your reasons').fill('Synthetic: access is likely to endanger the patient.');
    await submit.click();
    await alert.getByText(/applies only when a personal representative asks/).waitFor();
    assert.equal(await form.getByLabel('Ground').getAttribute('aria-invalid'), 'true');
    assert.equal(await box.getAttribute('aria-invalid'), null);

    await form.getByLabel('Ground').selectOption('endanger_life_or_safety');
    await submit.click();
    await page.getByText(`Harm determination recorded on document ${document}; it takes effect at the request's next step.`).waitFor();
    const item = page.locator('li[data-harm]', { hasText: `Document ${document}:` });
    await item.getByText('In force').waitFor();
    assert.match(await item.textContent(), /45 CFR 164\.524\(a\)\(3\)\(i\)/);
    assert.ok(await page.locator('section.harm-panel h2').evaluate((el) => el === document.activeElement), 'focus on the heading');
    assert.ok(await page.locator('form.make-harm').getByLabel(new RegExp(`^Document ${document}:`)).isDisabled(), 'in force: no second one');
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'harm-make');

    // The API agrees.
    const view = await clinicianApi('GET', `/api/v1/requests/${id}/denial-reviews`);
    assert.equal(view.status, 200, view.text);
    const made = view.json.harm_determinations.filter((d) => d.document_id === document);
    assert.equal(made.length, 1, view.text);
    assert.equal(made[0].ground, 'endanger_life_or_safety');
    assert.equal(made[0].reasons, 'Synthetic: access is likely to endanger the patient.');
    assert.equal(made[0].made_by, me.json.user.id);
    assert.equal(made[0].in_force, true);
  });
}
