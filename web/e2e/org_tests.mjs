// Browser tests of the administrator's Organization and Facilities screens.  Registered by
// run.mjs: register(t) with t = { test, freshPage, shot, signIn, lowContrast, navLinks, base,
// assert, ADMIN }.
export function register(t) {
  const { test, freshPage, shot, signIn, lowContrast, navLinks, assert, ADMIN } = t;

  test('organization: the administrator sets the entity type, Part 2 flag and scoped roles', async () => {
    const page = await freshPage();
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    const links = await navLinks(page);
    assert.ok(links.includes('Organization') && links.includes('Facilities'), links.join(','));
    await page.getByRole('link', { name: 'Organization' }).click();
    await page.getByRole('heading', { name: 'Organization', level: 1 }).waitFor();
    const form = page.locator('form.organization-settings');
    await form.waitFor();
    // `openroi demo` made the demo organization a hospital on the deployment's default roles.
    assert.equal(await form.getByLabel('Entity type').inputValue(), 'hospital');
    const useDefault = form.getByLabel(/Use the deployment's default/);
    assert.ok(await useDefault.isChecked());
    assert.ok(await form.getByLabel('Clinician', { exact: true }).isDisabled());
    // A bad state is flagged on the field before anything is sent.
    await form.getByLabel('State').fill('Florida');
    await form.getByRole('button', { name: 'Save settings' }).click();
    assert.equal(await form.getByLabel('State').getAttribute('aria-invalid'), 'true');
    await page.locator('.error-summary').filter({ hasText: /not saved/ }).waitFor();
    await form.getByLabel('State').fill('CA');
    await form.getByLabel('Entity type').selectOption('physician_practice');
    await form.getByLabel('Runs a 42 CFR Part 2 program').check();
    await useDefault.uncheck();
    await form.getByLabel('Clinician', { exact: true }).check();
    await form.getByLabel('Billing', { exact: true }).check();
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: /Saved\. Limited to assigned patients: Clinician, Billing/ }).waitFor();
    // The saved values come back from the server.
    await page.reload();
    await page.locator('form.organization-settings').waitFor();
    assert.equal(await form.getByLabel('Entity type').inputValue(), 'physician_practice');
    assert.ok(await form.getByLabel('Runs a 42 CFR Part 2 program').isChecked());
    assert.ok(!(await form.getByLabel(/Use the deployment's default/).isChecked()));
    assert.ok(await form.getByLabel('Billing', { exact: true }).isChecked());
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'organization');
    // Back to the demo's settings.
    await form.getByLabel('Entity type').selectOption('hospital');
    await form.getByLabel('Runs a 42 CFR Part 2 program').uncheck();
    await form.getByLabel(/Use the deployment's default/).check();
    await form.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: /Saved\. Limited to assigned patients: Clinician\./ }).waitFor();
  });

  test('facilities: added and renamed; a bad NPI is shown beside the field', async () => {
    const page = await freshPage();
    await signIn(page, ADMIN);
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await page.getByRole('link', { name: 'Facilities' }).click();
    await page.getByRole('heading', { name: 'Facilities', level: 1 }).waitFor();
    await page.locator('table tbody tr[data-facility]').first().waitFor();
    const create = page.locator('form.facility-create');
    // Not 10 digits: refused on the form.
    await create.getByLabel('Facility name').fill('Demo Riverside Clinic (synthetic)');
    await create.getByLabel('NPI').fill('12345');
    await create.getByRole('button', { name: 'Add facility' }).click();
    assert.equal(await create.getByLabel('NPI').getAttribute('aria-invalid'), 'true');
    // 10 digits with a wrong check digit: refused by the server, shown beside the field.
    await create.getByLabel('NPI').fill('1234567890');
    await create.getByRole('button', { name: 'Add facility' }).click();
    await page.locator('.error-summary').filter({ hasText: /check digit/ }).waitFor();
    assert.equal(await create.getByLabel('NPI').getAttribute('aria-invalid'), 'true');
    await create.getByLabel('NPI').fill('1234567893');
    await create.getByRole('button', { name: 'Add facility' }).click();
    await page.getByRole('status').filter({ hasText: 'Added Demo Riverside Clinic (synthetic).' }).waitFor();
    await page.getByRole('button', { name: 'Edit Demo Riverside Clinic (synthetic)' }).click();
    const edit = page.locator('form.facility-edit');
    await edit.getByLabel('Facility name').fill('');
    await edit.getByRole('button', { name: 'Save facility' }).click();
    assert.equal(await edit.getByLabel('Facility name').getAttribute('aria-invalid'), 'true');
    await edit.getByLabel('Facility name').fill('Demo Riverside Campus (synthetic)');
    await edit.getByRole('button', { name: 'Save facility' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Demo Riverside Campus (synthetic).' }).waitFor();
    assert.match(await page.locator('tr', { hasText: 'Demo Riverside Campus' }).textContent(), /1234567893/);
    assert.deepEqual(await lowContrast(page), []);
    await shot(page, 'facilities');
  });
}
