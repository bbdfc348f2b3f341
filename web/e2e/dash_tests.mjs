// Browser tests of the dashboards, the review work list, break-the-glass, the rule viewer and
// audit verification.  Registered by run.mjs after its own tests, so the demo data already holds
// their changes (request 1 in review, its clinician review completed, a released request).
// Screenshots: dashboard, review-tasks, break-glass, rules, audit-verify.

// The JSON of a GET from inside the page (the page's session cookie goes along).
async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json() };
  }, path);
}

// A POST from inside the page, with the session's CSRF token.
async function apiPost(page, path, body) {
  return page.evaluate(async ([p, b]) => {
    const me = await (await fetch('/api/v1/auth/me')).json();
    const response = await fetch(p, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: JSON.stringify(b),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, [path, body]);
}

const dollars = (cents) => `$${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, navLinks, base, assert, ADMIN, CLINICIAN, SPECIALIST } = t;
  // Pages shared by consecutive tests: the server limits sign-ins per address and minute.
  let adminPage = null;
  let clinicianPage = null;

  test('dashboards: charts with their figures match the reports API; a bad window is flagged', async () => {
    const page = await freshPage();
    adminPage = page;
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    assert.ok((await navLinks(page)).includes('Dashboards'));
    await page.getByRole('link', { name: 'Dashboards' }).first().click();
    await page.getByRole('heading', { name: 'Dashboards', level: 1 }).waitFor();
    for (const chart of ['backlog', 'turnaround', 'fees']) {
      await page.locator(`figure[data-chart="${chart}"]`).waitFor();
    }
    // Every chart is an image with a label and a table of the same numbers.
    const figures = page.locator('figure.chart-figure');
    for (let i = 0; i < (await figures.count()); i += 1) {
      const figure = figures.nth(i);
      assert.equal(await figure.locator('svg[role="img"]').count(), 1);
      assert.ok((await figure.locator('svg[role="img"]').getAttribute('aria-label')).length > 20);
      assert.ok((await figure.locator('table.chart-table tbody tr').count()) > 0);
    }
    // The numbers are the API's (same window: the default 30 days ending today).
    const backlog = (await apiGet(page, '/api/v1/reports/backlog')).body;
    assert.equal(await page.locator('[data-stat="open"] dd').textContent(), String(backlog.open));
    assert.equal(await page.locator('[data-stat="overdue"] dd').textContent(), String(backlog.overdue));
    const backlogCells = await page.locator('figure[data-chart="backlog"] table tbody td').allTextContents();
    assert.deepEqual(backlogCells, backlog.buckets.map((b) => String(b.count)));
    const backlogBars = await page.locator('figure[data-chart="backlog"] svg rect').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-value')));
    assert.deepEqual(backlogBars, backlog.buckets.map((b) => String(b.count)));
    assert.ok(backlog.open > 0, 'the demo data has open requests');
    const turnaround = (await apiGet(page, '/api/v1/reports/turnaround')).body;
    assert.equal(await page.locator('[data-stat="completed"] dd').textContent(), String(turnaround.completed));
    assert.deepEqual(await page.locator('figure[data-chart="turnaround"] table tbody td').allTextContents(),
      turnaround.histogram.map((b) => String(b.count)));
    const fees = (await apiGet(page, '/api/v1/reports/fees')).body;
    assert.deepEqual(await page.locator('figure[data-chart="fees"] table tbody td').allTextContents(),
      [fees.invoiced_cents, fees.collected_cents, fees.waived_cents, fees.outstanding_cents].map(dollars));
    const volume = (await apiGet(page, '/api/v1/reports/volume')).body;
    const total = volume.rows.reduce((n, r) => n + r.count, 0);
    const volumeTotals = await page.locator('figure[data-chart="volume"] table tbody tr td:last-child').allTextContents();
    assert.equal(volumeTotals.reduce((n, v) => n + Number(v), 0), total);
    assert.ok(total > 0, 'the demo requests were received in the window');
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'dashboard');
    // A window that ends before it starts is flagged on the form.
    await page.getByLabel('From', { exact: true }).fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    assert.equal(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('.error-summary').textContent(), /on or after/);
  });

  test('rules: the packs are listed with citations and filter by jurisdiction and code', async () => {
    // The administrator's page of the dashboards test (sign-ins are rate-limited per address).
    const page = adminPage;
    await page.goto(`${base}/#/`);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Rules' }).first().click();
    await page.getByRole('heading', { name: 'Rules', level: 1 }).waitFor();
    await page.locator('section.rule-pack[data-jurisdiction="US"]').waitFor();
    assert.match(await page.locator('tr[data-code="ACCESS_30_DAYS"]').textContent(), /45 CFR 164\.524\(b\)\(2\)/);
    assert.ok((await page.locator('section.rule-pack').count()) >= 2);
    await page.getByLabel('Jurisdiction').selectOption('US-CA');
    await page.getByLabel('Code contains').fill('15_DAYS');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('section.rule-pack[data-jurisdiction="US"]').waitFor({ state: 'detached' });
    const codes = await page.locator('table.rules tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-code')));
    assert.ok(codes.length > 0);
    assert.ok(codes.every((c) => c.includes('15_DAYS')), codes.join());
    assert.match(await page.locator('tr[data-code="CA_ACCESS_COPIES_15_DAYS"]').textContent(), /Cal\. Health & Safety Code 123110\(b\)/);
    await page.getByLabel('Code contains').fill('bad code!');
    await page.getByRole('button', { name: 'Filter' }).click();
    assert.equal(await page.getByLabel('Code contains').getAttribute('aria-invalid'), 'true');
    await page.getByLabel('Code contains').fill('15_DAYS');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.locator('tr[data-code="CA_ACCESS_COPIES_15_DAYS"]').waitFor();
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'rules');
  });

  test('audit: verifying the whole chain says intact and is itself audited', async () => {
    const page = adminPage;
    await page.goto(`${base}/#/`);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Audit trail' }).first().click();
    await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Verify the whole chain' }).click();
    const status = page.locator('.verify-status[data-verified]');
    await status.waitFor();
    assert.equal(await status.getAttribute('data-verified'), 'intact');
    assert.match(await status.textContent(), /^Audit chain intact: \d+ events and \d+ seals verified\.$/);
    const events = (await apiGet(page, '/api/v1/audit?limit=1000')).body.events;
    const checks = events.filter((e) => e.entity.kind === 'audit_chain');
    assert.ok(checks.length >= 1);
    assert.match(checks.at(-1).detail, /intact/);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'audit-verify');
  });
  test('review tasks: the demo clinician sees the open reviews of their pool and opens one', async () => {
    // The specialist sends demo request 2 (psychotherapy notes) to review.
    const specialist = await freshPage();
    await signIn(specialist, SPECIALIST);
    await specialist.getByRole('heading', { name: /Welcome/ }).waitFor();
    for (const action of ['start_verification', 'start_retrieval', 'send_to_review']) {
      const moved = await apiPost(specialist, '/api/v1/requests/2/transitions', { action, idempotency_key: `dash-${action}` });
      assert.ok(moved.status < 300, `${action}: ${moved.status} ${JSON.stringify(moved.body)}`);
    }
    const page = await freshPage();
    clinicianPage = page;
    await signIn(page, CLINICIAN);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Review tasks' }).first().click();
    await page.getByRole('heading', { name: 'Review tasks', level: 1 }).waitFor();
    const rows = page.locator('table.worklist tbody tr');
    await rows.first().waitFor();
    const api = (await apiGet(page, '/api/v1/review-tasks')).body;
    assert.equal(await rows.count(), api.tasks.length);
    assert.ok(api.tasks.every((task) => task.kind === 'clinician' || task.kind === 'licensed_professional'));
    const row = page.locator('table.worklist tbody tr', { hasText: /R-\d{4}-000002/ });
    assert.match(await row.textContent(), /Clinician/);
    assert.match(await row.textContent(), /Unassigned \(your role\)/);
    assert.match(await row.textContent(), /Opened today|Open \d+ day/);
    assert.equal(await row.locator('.aging').count(), 1);
    // The open-by-id form is still there.
    await page.getByLabel('Request id').waitFor();
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'review-tasks');
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Review tasks of request 2', level: 1 }).waitFor();
    await page.locator('form.review-form').waitFor();
  });

  test('break-the-glass: a patient outside the clinician\'s assignments asks for a reason, then opens', async () => {
    // The clinician's page of the work-list test (sign-ins are rate-limited per address).
    const page = clinicianPage;
    await page.goto(`${base}/#/`);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    // Demo patient 4 has no requests: nothing assigns the clinician to it.
    await page.goto(`${base}/#/patients/4`);
    const dialog = page.getByRole('dialog', { name: 'Break the glass' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Open the record' }).click();
    assert.equal(await dialog.getByLabel('Reason for access').getAttribute('aria-invalid'), 'true');
    assert.match(await dialog.locator('.error-summary').textContent(), /say why/);
    await shot(page, 'break-glass');
    await dialog.getByLabel('Reason for access').fill('Emergency department admission (synthetic test)');
    await dialog.getByRole('button', { name: 'Open the record' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Patient 4', level: 1 }).waitFor();
    await page.getByText('No documents.').waitFor();
    assert.equal(await page.locator('.error-summary:visible').count(), 0);
    // The grant lasts: the page opens again without asking.
    await page.reload();
    await page.getByText('No documents.').waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
  });

}
