// Billing of a request (GET /api/v1/requests/{id}/invoice): the lawful fee from the stored
// decision and whether release may wait for payment; "Issue invoice" (POST …/invoice, one line at
// the decision's fee, never above its maximum); the invoice's lines, payments and waivers with the
// balance; "Record payment" by cash, check (its number) or card (the processor's reference, never
// the card number) (POST …/invoice/payments); "Waive" all or part of the balance with a reason
// (POST …/invoice/waiver).  Used on the request page and on its own screen
// (#/requests/{id}/billing) for billing staff, who do not manage requests.
import { ApiError, request, type Session } from '../api';
import { fill, h } from '../dom';
import { ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { fieldOfMessage, formatCents, parseDollars } from '../detail_logic';
import { words } from '../requests';

interface InvoiceLine {
  description: string;
  quantity: number;
  unit_cents: number;
  amount_cents: number;
}

interface Credit {
  id: number;
  kind: string; // payment or waiver
  amount_cents: number;
  recorded_by: number;
  received_on: string;
  method?: string;
  reference?: string;
  reason?: string;
}

export interface BillingView {
  request_id: number;
  max_cents: number;
  fee_basis: string;
  hold_for_payment: boolean;
  hold_reason: string;
  invoice: null | {
    id: number;
    lines: InvoiceLine[];
    total_cents: number;
    max_cents: number;
    fee_basis: string;
    issued_on: string;
    issued_by: number;
  };
  credits: Credit[];
  balance_cents: number;
}

const today = () => new Date().toISOString().slice(0, 10);

// Runs a form's call: clears the field errors, shows the server's message beside the field it
// names and in the summary.
async function submitForm(fields: Record<string, Field>, summary: ErrorSummary, button: HTMLButtonElement,
  call: () => Promise<BillingView>, done: (view: BillingView) => void): Promise<void> {
  button.disabled = true;
  try {
    const view = await call();
    summary.hide();
    done(view);
  } catch (error) {
    if (error instanceof ApiError) {
      for (const d of error.details) {
        const field = fields[d.path.replace(/^\//, '')];
        if (field) setFieldError(field, sentence(d.message));
      }
      const name = fieldOfMessage(error.message, Object.keys(fields));
      if (name) setFieldError(fields[name]!, sentence(error.message));
    }
    summary.showError(error);
    button.disabled = false;
  }
}

function paymentForm(view: BillingView, summary: ErrorSummary, done: (v: BillingView, message: string) => void): HTMLElement {
  const amount = textField('Amount received (dollars)', 'payment_amount', { value: (view.balance_cents / 100).toFixed(2), hint: 'At most the balance.' });
  const method = selectField('Method', 'payment_method', [['cash', 'Cash'], ['check', 'Check'], ['card', 'Card']], 'check');
  const reference = textField('Check number or card reference', 'payment_reference', {
    hint: "For a card, the processor's reference: never the card number.",
  });
  const received = textField('Received on', 'payment_received_on', { type: 'date', value: today() });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Record payment');
  const fields: Record<string, Field> = { amount_cents: amount, method, reference, received_on: received };
  const form = h('form', { novalidate: true, class: 'payment-form' },
    h('fieldset', {}, h('legend', {}, 'Record a payment'),
      h('div', { class: 'grid' }, amount.wrapper, method.wrapper, reference.wrapper, received.wrapper), submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) setFieldError(f, null);
    const cents = parseDollars(amount.control.value);
    const problems: string[] = [];
    if (cents === null || cents === 0) {
      setFieldError(amount, 'Enter an amount in dollars, e.g. 12.50.');
      problems.push('Amount received: enter an amount in dollars.');
    } else if (cents > view.balance_cents) {
      setFieldError(amount, `The balance is ${formatCents(view.balance_cents)}.`);
      problems.push(`Amount received: at most the balance, ${formatCents(view.balance_cents)}.`);
    }
    const ref = reference.control.value.trim();
    if (method.control.value !== 'cash' && ref === '') {
      const what = method.control.value === 'check' ? 'the check number' : "the card processor's reference";
      setFieldError(reference, `Enter ${what}.`);
      problems.push(`Check number or card reference: enter ${what}.`);
    }
    if (/\d{13,19}/.test(ref.replace(/[\s-]/g, '')) && method.control.value === 'card') {
      setFieldError(reference, "This looks like a card number: enter the processor's reference instead.");
      problems.push('Check number or card reference: never a card number.');
    }
    if (problems.length > 0) {
      summary.show('The payment was not recorded:', problems);
      return;
    }
    const body: Record<string, unknown> = { method: method.control.value, amount_cents: cents, reference: ref };
    if (received.control.value) body.received_on = received.control.value;
    void submitForm(fields, summary, submit,
      () => request<BillingView>('POST', `/api/v1/requests/${view.request_id}/invoice/payments`, body),
      (next) => done(next, `Payment of ${formatCents(cents!)} recorded. Balance: ${formatCents(next.balance_cents)}.`));
  });
  return form;
}

function waiverForm(view: BillingView, summary: ErrorSummary, done: (v: BillingView, message: string) => void): HTMLElement {
  const amount = textField('Amount to waive (dollars)', 'waiver_amount', { hint: 'Leave empty to waive the whole balance.' });
  const reason = textField('Reason for the waiver', 'waiver_reason', { hint: 'E.g. hardship, or a fee not allowed for this requester.' });
  const submit = h('button', { type: 'submit' }, 'Waive');
  const fields: Record<string, Field> = { amount_cents: amount, reason };
  const form = h('form', { novalidate: true, class: 'waiver-form' },
    h('fieldset', {}, h('legend', {}, 'Waive the balance'), h('div', { class: 'grid' }, amount.wrapper, reason.wrapper), submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) setFieldError(f, null);
    const problems: string[] = [];
    const text = amount.control.value.trim();
    const cents = text === '' ? null : parseDollars(text);
    if (text !== '' && (cents === null || cents === 0)) {
      setFieldError(amount, 'Enter an amount in dollars, e.g. 5.00, or leave it empty.');
      problems.push('Amount to waive: enter an amount in dollars or leave it empty.');
    }
    if (reason.control.value.trim() === '') {
      setFieldError(reason, 'Enter why the fee is waived.');
      problems.push('Reason for the waiver: enter why the fee is waived.');
    }
    if (problems.length > 0) {
      summary.show('Nothing was waived:', problems);
      return;
    }
    const body: Record<string, unknown> = { reason: reason.control.value.trim() };
    if (cents !== null) body.amount_cents = cents;
    void submitForm(fields, summary, submit,
      () => request<BillingView>('POST', `/api/v1/requests/${view.request_id}/invoice/waiver`, body),
      (next) => done(next, `Waived. Balance: ${formatCents(next.balance_cents)}.`));
  });
  return form;
}

// Draws the billing of request `requestId` into `container` under a heading of `level`.
export function renderBillingPanel(container: HTMLElement, session: Session, requestId: string,
  options: { level: 'h1' | 'h2'; title: string; changed?: () => void }): void {
  const heading = h(options.level, { id: `billing-title-${requestId}`, tabindex: '-1' }, options.title);
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the billing…');
  const body = h('div', { class: 'billing-body' });
  container.replaceChildren(heading, summary.element, status, body);

  const after = (view: BillingView, message: string) => {
    status.textContent = message;
    draw(view);
    heading.focus();
    options.changed?.();
  };

  const draw = (view: BillingView) => {
    const fee = h('dl', { class: 'facts' },
      h('dt', {}, 'Lawful fee (at most)'), h('dd', {}, formatCents(view.max_cents), ' ', h('code', {}, view.fee_basis || '—')),
      h('dt', {}, 'Release waits for payment'), h('dd', {}, view.hold_for_payment ? 'Yes' : 'No', view.hold_reason ? `: ${sentence(view.hold_reason)}` : ''),
      h('dt', {}, 'Balance'), h('dd', { class: 'balance' }, formatCents(view.balance_cents)));
    if (!view.invoice) {
      const issue = h('button', { type: 'button', class: 'primary' }, `Issue invoice for ${formatCents(view.max_cents)}`);
      issue.addEventListener('click', () => void submitForm({}, summary, issue,
        () => request<BillingView>('POST', `/api/v1/requests/${view.request_id}/invoice`, {}),
        (next) => after(next, `Invoice issued for ${formatCents(next.invoice?.total_cents ?? 0)}; the advance fee notice letter is stored.`)));
      fill(body, fee, h('p', {}, view.max_cents === 0
        ? 'The decision allows no fee for this request; an invoice would be for nothing.'
        : 'No invoice yet. Issuing one bills the decision\'s fee and stores the advance fee notice letter.'),
      view.max_cents === 0 ? null : issue);
      return;
    }
    const inv = view.invoice;
    fill(body, fee,
      h('h3', {}, `Invoice ${inv.id}, issued ${inv.issued_on}`),
      h('table', { class: 'invoice-lines' },
        h('caption', { class: 'visually-hidden' }, 'Invoice lines'),
        h('thead', {}, h('tr', {}, ['Description', 'Quantity', 'Unit', 'Amount'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, inv.lines.map((l) => h('tr', {}, h('td', {}, l.description), h('td', {}, String(l.quantity)),
          h('td', {}, formatCents(l.unit_cents)), h('td', {}, formatCents(l.amount_cents))))),
        h('tfoot', {}, h('tr', {}, h('th', { scope: 'row', colspan: 3 }, 'Total'), h('td', {}, formatCents(inv.total_cents))))),
      h('h3', {}, 'Payments and waivers'),
      view.credits.length === 0 ? h('p', {}, 'None yet.')
        : h('table', { class: 'credits' },
          h('caption', { class: 'visually-hidden' }, 'Payments and waivers'),
          h('thead', {}, h('tr', {}, ['Date', 'Kind', 'Method or reason', 'Reference', 'Amount', 'Recorded by'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, view.credits.map((c) => h('tr', {},
            h('td', {}, c.received_on), h('td', {}, words(c.kind)),
            h('td', {}, c.kind === 'payment' ? words(c.method ?? '') : (c.reason ?? '')),
            h('td', {}, c.reference || '—'), h('td', {}, formatCents(c.amount_cents)),
            h('td', {}, c.recorded_by === session.user.id ? 'You' : `User ${c.recorded_by}`))))),
      view.balance_cents > 0 ? [paymentForm(view, summary, after), waiverForm(view, summary, after)]
        : h('p', { class: 'paid' }, 'Paid in full: nothing is owed.'));
  };

  request<BillingView>('GET', `/api/v1/requests/${requestId}/invoice`)
    .then((view) => {
      status.textContent = '';
      draw(view);
    })
    .catch((error: unknown) => {
      status.textContent = '';
      summary.showError(error);
    });
}

// #/requests/{id}/billing: the billing alone, for billing staff.
export function renderBillingScreen(main: HTMLElement, session: Session, params: Record<string, string>): void {
  const id = params.id ?? '';
  const panel = h('div', { class: 'billing-screen' });
  main.append(panel);
  renderBillingPanel(panel, session, id, { level: 'h1', title: `Billing of request ${id}` });
}
