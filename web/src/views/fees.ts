// Fee settings (#/admin/fees, for manage_users; linked from the Organization screen) over GET/PUT
// /api/v1/organization/fees, and the request page's "Copy costs" panel over GET/PUT
// /api/v1/requests/{id}/costs (docs/organizations.md, "Fee settings").  Amounts are shown and
// typed in dollars and sent in cents.  Each save sends the version read; a 409 offers a reload.
// The server validates (negative amounts, a flat fee above the rules' maximum); the browser only
// catches what is not a dollar amount or a whole number of minutes.
import { ApiError, request, type Session } from '../api';
import { clear, h } from '../dom';
import { ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { formatCents, parseDollars } from '../detail_logic';

export interface FeeSettings {
  patient_electronic: 'flat' | 'actual';
  flat_cents: number;
  labor_rate_cents_per_hour: number;
  supplies_cents: number;
  postage_cents: number;
  flat_fee_max_cents: number;
  version: number;
}

export interface RequestCosts {
  request_id: number;
  recorded: null | {
    labor_minutes: number;
    supplies_cents: number | null;
    postage_cents: number | null;
  };
  version: number;
  cost: { labor_minutes: number; labor_rate_cents_per_hour: number; supplies_cents: number; postage_cents: number };
  fee_policy: { patient_electronic: string; flat_cents: number };
  fee: { max_cents: number; basis: string };
}

const POLICIES: [string, string][] = [
  ['flat', 'Flat fee'],
  ['actual', 'Actual cost (labor, supplies, postage)'],
];

const dollars = (cents: number) => (cents / 100).toFixed(2);

// Shows an API failure beside the fields its details name, and in the summary; a 409 offers a
// reload.
function showFailure(error: unknown, fields: Record<string, Field>, summary: ErrorSummary, reload: () => void): void {
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const field = fields[detail.path];
      if (field) setFieldError(field, sentence(detail.message));
    }
    if (error.status === 409) {
      summary.show('Someone else changed this while you were editing. Reload to see their changes, then make yours again.');
      const again = h('button', { type: 'button' }, 'Reload');
      again.addEventListener('click', reload);
      summary.element.append(again);
      return;
    }
  }
  summary.showError(error);
}

// Reads a dollar field into cents; marks it and adds to `problems` when it is not an amount.
function readDollars(field: Field, label: string, problems: string[], optional = false): number | null | undefined {
  const text = field.control.value.trim();
  if (optional && text === '') return null;
  const cents = parseDollars(text);
  if (cents === null) {
    setFieldError(field, 'Enter an amount in dollars, such as 6.50.');
    problems.push(`${label}: enter an amount in dollars, such as 6.50.`);
    return undefined;
  }
  return cents;
}

function settingsForm(settings: FeeSettings, summary: ErrorSummary, status: HTMLElement,
  saved: (next: FeeSettings) => void, reload: () => void): HTMLElement {
  const policy = selectField('Patients pay for electronic copies by', 'fee_patient_electronic', POLICIES, settings.patient_electronic);
  const flat = textField('Flat fee (dollars)', 'fee_flat', {
    value: dollars(settings.flat_cents),
    hint: `At most ${formatCents(settings.flat_fee_max_cents)} under the rules; charged for an individual's electronic copy under the flat-fee policy.`,
  });
  const rate = textField('Labor rate (dollars per hour)', 'fee_labor_rate', { value: dollars(settings.labor_rate_cents_per_hour), hint: 'Copying labor, for cost-based fees. Never search and retrieval.' });
  const supplies = textField('Default supplies (dollars)', 'fee_supplies', { value: dollars(settings.supplies_cents), hint: 'Paper and toner for paper copies, or the disc or drive for portable media.' });
  const postage = textField('Default postage (dollars)', 'fee_postage', { value: dollars(settings.postage_cents), hint: 'Added only when copies are mailed.' });
  const fields: Record<string, Field> = {
    patient_electronic: policy, flat_cents: flat, labor_rate_cents_per_hour: rate, supplies_cents: supplies, postage_cents: postage,
  };
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save fee settings');
  const form = h('form', { novalidate: true, class: 'fee-settings' },
    h('fieldset', {}, h('legend', {}, 'How copies are charged'), policy.wrapper,
      h('div', { class: 'grid' }, flat.wrapper, rate.wrapper, supplies.wrapper, postage.wrapper)),
    save);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) setFieldError(f, null);
    const problems: string[] = [];
    const flatCents = readDollars(flat, 'Flat fee', problems);
    const rateCents = readDollars(rate, 'Labor rate', problems);
    const suppliesCents = readDollars(supplies, 'Default supplies', problems);
    const postageCents = readDollars(postage, 'Default postage', problems);
    if (problems.length > 0) {
      summary.show('The fee settings were not saved:', problems);
      return;
    }
    save.disabled = true;
    try {
      const next = await request<FeeSettings>('PUT', '/api/v1/organization/fees', {
        version: settings.version,
        patient_electronic: policy.control.value,
        flat_cents: flatCents,
        labor_rate_cents_per_hour: rateCents,
        supplies_cents: suppliesCents,
        postage_cents: postageCents,
      });
      summary.hide();
      saved(next);
      status.textContent = `Saved. Patients pay ${next.patient_electronic === 'flat' ? `a flat ${formatCents(next.flat_cents)}` : 'the actual cost'} for electronic copies.`;
    } catch (error) {
      showFailure(error, fields, summary, reload);
      save.disabled = false;
    }
  });
  return form;
}

export function renderFeeSettings(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the fee settings…');
  const body = h('div');
  let settings: FeeSettings | null = null;
  const load = () => {
    request<FeeSettings>('GET', '/api/v1/organization/fees')
      .then((answer) => {
        settings = answer;
        summary.hide();
        status.textContent = `Fee settings version ${answer.version}.`;
        draw();
      })
      .catch((error: unknown) => {
        status.textContent = '';
        summary.showError(error);
      });
  };
  const draw = () => {
    clear(body);
    if (settings) {
      body.append(settingsForm(settings, summary, status, (next) => {
        settings = next;
        draw();
      }, load));
    }
  };
  main.append(h('h1', {}, 'Fee settings'),
    h('p', { class: 'hint' }, 'The rules engine charges the lesser of these and any state cap; the invoice never exceeds what it decides. Every change is recorded in the audit trail.'),
    summary.element, status, body);
  load();
}

// The request page's "Copy costs" panel: the labor spent (and this request's own supplies and
// postage, else the organization's defaults); saving re-decides the request and shows the fee.
// `changed` is called after a save (the page reloads the decision).
export function renderCostsPanel(container: HTMLElement, requestId: string, mayChange: boolean, changed: () => void): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'costs-status' }, 'Loading the copy costs…');
  const body = h('div');
  container.replaceChildren(h('h2', { id: 'costs-title' }, 'Copy costs'), summary.element, status, body);
  const feeText = (view: RequestCosts) =>
    `Fee decided: ${formatCents(view.fee.max_cents)} (${view.fee.basis}).`;
  const load = () => {
    request<RequestCosts>('GET', `/api/v1/requests/${requestId}/costs`)
      .then((view) => {
        status.textContent = feeText(view);
        draw(view);
      })
      .catch((error: unknown) => {
        status.textContent = '';
        summary.showError(error);
      });
  };
  const draw = (view: RequestCosts) => {
    const defaults = h('p', { class: 'hint' },
      `Labor rate ${formatCents(view.cost.labor_rate_cents_per_hour)} an hour; default supplies and postage come from the fee settings. `,
      `Patients pay ${view.fee_policy.patient_electronic === 'flat' ? `a flat ${formatCents(view.fee_policy.flat_cents)}` : 'the actual cost'} for electronic copies.`);
    const fee = h('p', { class: 'costs-fee', 'data-fee-cents': String(view.fee.max_cents) }, feeText(view));
    if (!mayChange) {
      body.replaceChildren(fee, defaults);
      return;
    }
    const minutes = textField('Labor minutes', 'cost_labor_minutes', { type: 'number', min: '0', value: String(view.recorded?.labor_minutes ?? 0), hint: 'Time spent copying; never search and retrieval.' });
    const supplies = textField('Supplies for this request (dollars, optional)', 'cost_supplies', {
      value: view.recorded?.supplies_cents == null ? '' : dollars(view.recorded.supplies_cents), hint: `Empty: the default, ${formatCents(view.cost.supplies_cents)} now.`,
    });
    const postage = textField('Postage for this request (dollars, optional)', 'cost_postage', {
      value: view.recorded?.postage_cents == null ? '' : dollars(view.recorded.postage_cents), hint: 'Empty: the default.',
    });
    const fields: Record<string, Field> = { labor_minutes: minutes, supplies_cents: supplies, postage_cents: postage };
    const save = h('button', { type: 'submit' }, 'Save costs and re-decide');
    const form = h('form', { novalidate: true, class: 'costs-form', 'aria-labelledby': 'costs-title' },
      h('div', { class: 'grid' }, minutes.wrapper, supplies.wrapper, postage.wrapper), save);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const f of Object.values(fields)) setFieldError(f, null);
      const problems: string[] = [];
      const minutesText = minutes.control.value.trim();
      if (!/^\d{1,4}$/.test(minutesText)) {
        setFieldError(minutes, 'Enter a whole number of minutes, such as 30.');
        problems.push('Labor minutes: enter a whole number of minutes, such as 30.');
      }
      const suppliesCents = readDollars(supplies, 'Supplies', problems, true);
      const postageCents = readDollars(postage, 'Postage', problems, true);
      if (problems.length > 0) {
        summary.show('The costs were not saved:', problems);
        return;
      }
      save.disabled = true;
      try {
        const next = await request<RequestCosts>('PUT', `/api/v1/requests/${requestId}/costs`, {
          version: view.version,
          labor_minutes: Number(minutesText),
          supplies_cents: suppliesCents,
          postage_cents: postageCents,
        });
        summary.hide();
        draw(next);
        status.textContent = `Saved. ${feeText(next)}`;
        changed();
      } catch (error) {
        showFailure(error, fields, summary, load);
        save.disabled = false;
      }
    });
    body.replaceChildren(fee, defaults, form);
  };
  load();
}
