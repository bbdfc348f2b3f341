// Browser tests of the fee settings screen and the request page's "Copy costs" panel.  Registered
// by run.mjs: register(t) with t = { test, freshPage, shot, signIn, lowContrast, navLinks, base,
// assert, ADMIN, SPECIALIST }.
export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, assert, ADMIN, SPECIALIST } = t;
  const RATE_CENTS = 2400; // $24.00 an hour.
  const MINUTES = 25;
  const PATIENT_ID = 21;
  // Labor as the engine rounds it: minutes x rate per hour / 60, to the nearest cent.
  const labor = (minutes, rate) => Math.floor((minutes * rate + 30) / 60);
  const money = (cents) => `$${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

  // Calls the API from the signed-in page (the session's cookie and CSRF token).
  const api = (page, method, path, body) => page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch('/api/v1/auth/me', { credentials: 'same-origin' })).json();
    const response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }, { method, path, body });

  test('fees: the administrator chooses actual-cost fees; a flat fee above the rules is refused', async () => {
    const page = await freshPage();
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Organization' }).click();
    await page.getByRole('heading', { name: 'Organization', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Fee settings' }).click();
    await page.getByRole('heading', { name: 'Fee settings', level: 1 }).waitFor();
    const form = page.locator('form.fee-settings');
    await form.waitFor();
    assert.equal(await form.getByLabel('Patients pay for electronic copies by').inputValue(), 'flat');
    assert.equal(await form.getByLabel('Flat fee (dollars)').inputValue(), '6.50');
    // Not an amount: flagged on the field before anything is sent.
    await form.getByLabel('Labor rate (dollars per hour)').fill('lots');
    await form.getByRole('button', { name: 'Save fee settings' }).click();
    assert.equal(await form.getByLabel('Labor rate (dollars per hour)').getAttribute('aria-invalid'), 'true');
    await page.locator('.error-summary').filter({ hasText: /not saved/ }).waitFor();
    // Above the rules' $6.50: refused by the server, shown beside the field.
    await form.getByLabel('Labor rate (dollars per hour)').fill((RATE_CENTS / 100).toFixed(2));
    await form.getByLabel('Flat fee (dollars)').fill('7.00');
    await form.getByRole('button', { name: 'Save fee settings' }).click();
    await page.locator('.error-summary').filter({ hasText: /maximum flat fee/ }).waitFor();
    assert.equal(await form.getByLabel('Flat fee (dollars)').getAttribute('aria-invalid'), 'true');
    await form.getByLabel('Flat fee (dollars)').fill('6.50');
    await form.getByLabel('Patients pay for electronic copies by').selectOption('actual');
    await form.getByRole('button', { name: 'Save fee settings' }).click();
    await page.getByRole('status').filter({ hasText: /Saved\. Patients pay the actual cost/ }).waitFor();
    await page.reload();
    await page.locator('form.fee-settings').waitFor();
    assert.equal(await form.getByLabel('Patients pay for electronic copies by').inputValue(), 'actual');
    assert.equal(await form.getByLabel('Labor rate (dollars per hour)').inputValue(), (RATE_CENTS / 100).toFixed(2));
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'fee-settings');
  });

  test('fees: the specialist records labor minutes; the re-decided fee is the lesser of cost and the state cap', async () => {
    const page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    // Demo patient 21 (no demo documents; nothing else in the suite uses it) gets a two-page
    // synthetic note, so the decision releases pages.
    const note = await api(page, 'POST', '/api/v1/documents', {
      patient_id: PATIENT_ID, kind: 'progress_note', pages: 2,
      content: 'Synthetic progress note for the fee test (test data, not a real record).\n',
    });
    assert.equal(note.status, 201, JSON.stringify(note.body));
    // A patient's own request for an electronic copy through the portal.
    const requester = await api(page, 'POST', '/api/v1/requesters', { role: 'patient', name: 'Demo Fee Patient (synthetic)' });
    assert.equal(requester.status, 201, JSON.stringify(requester.body));
    const made = await api(page, 'POST', '/api/v1/requests', {
      patient_id: PATIENT_ID, requester_id: requester.body.id, channel: 'portal', basis: 'access',
      purpose: 'personal', format: 'electronic', medium: 'portal', written: true, signed: true,
      identity_verified: true, scope: { all_records: true },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const id = made.body.id;
    await page.goto(`${t.base}/#/requests/${id}`);
    const panel = page.locator('section.costs-panel');
    await panel.getByRole('heading', { name: 'Copy costs' }).waitFor();
    await panel.locator('form.costs-form').waitFor();
    // Bad minutes are flagged on the field.
    await panel.getByLabel('Labor minutes').fill('-3');
    await panel.getByRole('button', { name: 'Save costs and re-decide' }).click();
    assert.equal(await panel.getByLabel('Labor minutes').getAttribute('aria-invalid'), 'true');
    await panel.getByLabel('Labor minutes').fill(String(MINUTES));
    assert.equal(await panel.locator('.costs-fee').getAttribute('data-fee-cents'), '0'); // No labor yet.
    await panel.getByRole('button', { name: 'Save costs and re-decide' }).click();
    await page.waitForFunction(() => {
      const fee = document.querySelector('section.costs-panel .costs-fee');
      return fee !== null && fee.getAttribute('data-fee-cents') !== '0';
    });
    // Electronic through the portal: the cost is the labor alone; California caps an individual's
    // copies at 25 cents a page of what is released plus the labor.
    const documents = await api(page, 'GET', `/api/v1/patients/${made.body.patient.id}/documents`);
    assert.equal(documents.status, 200, JSON.stringify(documents.body));
    const decided = await api(page, 'GET', `/api/v1/requests/${id}`);
    const released = new Set(decided.body.decision.documents.filter((d) => d.action === 'release').map((d) => d.id));
    const pages = documents.body.items.filter((d) => released.has(String(d.id))).reduce((sum, d) => sum + d.pages, 0);
    assert.ok(pages > 0, 'the decision releases the note of the fee test');
    const cost = labor(MINUTES, RATE_CENTS);
    const cap = 25 * pages + labor(MINUTES, RATE_CENTS);
    const expected = Math.min(cost, cap);
    await panel.locator('.costs-status').filter({ hasText: `Fee decided: ${money(expected)}` }).waitFor();
    assert.equal(await panel.locator('.costs-fee').getAttribute('data-fee-cents'), String(expected));
    assert.equal(decided.body.decision.fee.max_cents, expected);
    assert.equal(decided.body.decision.fee.basis, expected === cap && cap < cost ? 'STATE_CAP' : 'HIPAA_COST_BASED');
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'copy-costs');
  });
}
