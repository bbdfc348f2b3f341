// Browser tests of harm determinations on the review screen: a clinician's own determination is
// listed with its ground and reasons and withdrawn with a reason through its Withdraw button; the
// list then shows it withdrawn (kept, not deleted) and the API agrees.  Registered by run.mjs after
// the other modules.  Screenshot: harm-withdrawn.

async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const response = await fetch(p, { headers: { Accept: 'application/json' } });
    return { status: response.status, body: await response.json().catch(() => null) };
  }, path);
}

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

export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, base, assert, CLINICIAN, SPECIALIST } = t;

  test('a clinician withdraws their harm determination with a reason; it stays listed as withdrawn', async () => {
    // A demo request where a determination may be made (verifying, retrieving or in review), and
    // a document of its patient, found by the specialist (a clinician may not read requests).
    let page = await freshPage();
    await signIn(page, SPECIALIST);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    let target = null;
    for (let id = 1; id <= 30 && target === null; id += 1) {
      const got = await apiGet(page, `/api/v1/requests/${id}`);
      if (got.status !== 200 || !['verifying', 'retrieving', 'in_review'].includes(got.body.state)) continue;
      const documents = await apiGet(page, `/api/v1/patients/${got.body.patient.id}/documents`);
      const items = documents.body?.items ?? documents.body ?? [];
      if (documents.status === 200 && items.length > 0) target = { id, document: items[0].id };
    }
    assert.ok(target, 'the demo data has a request in progress with documents');
    page = await freshPage();
    await signIn(page, CLINICIAN);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const made = await apiPost(page, `/api/v1/requests/${target.id}/harm-determinations`, {
      document_ids: [target.document],
      ground: 'endanger_life_or_safety',
      reasons: 'Synthetic: access likely to endanger the patient.',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const harm = made.body.harm_determinations[0].id;

    await page.goto(`${base}/#/requests/${target.id}/reviews`);
    await page.getByRole('heading', { name: 'Harm determinations' }).waitFor();
    const item = page.locator(`li[data-harm="${harm}"]`);
    await item.getByText('In force').waitFor();
    // No reason: flagged on the field, nothing sent.
    await item.getByRole('button', { name: `Withdraw determination ${harm}` }).click();
    await page.getByText('The determination was not withdrawn').waitFor();
    await item.getByLabel('Reason for withdrawing').fill('Synthetic: made on the wrong document.');
    await item.getByRole('button', { name: `Withdraw determination ${harm}` }).click();
    await page.getByText(`Harm determination ${harm} withdrawn; the request was re-decided.`).waitFor();
    const after = page.locator(`li[data-harm="${harm}"]`);
    await after.getByText('Withdrawn: Synthetic: made on the wrong document.').waitFor();
    assert.equal(await after.getAttribute('data-in-force'), 'false');
    assert.equal(await after.getByRole('button').count(), 0);
    const view = await apiGet(page, `/api/v1/requests/${target.id}/denial-reviews`);
    const stored = view.body.harm_determinations.find((d) => d.id === harm);
    assert.equal(stored.withdrawn, true);
    assert.equal(stored.withdrawal_reason, 'Synthetic: made on the wrong document.');
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'harm-withdrawn');
  });
}
