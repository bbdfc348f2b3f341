// The requester/patient portal (docs/ui.md "Portal"): my requests (#/portal), a new request with
// the authorization upload (#/portal/new), one request's status timeline, letters, invoice with the
// card payment form and deliveries (#/portal/requests/{id}), and the download of a released packet
// with the link and access code the records office sent (#/portal/download).  Paths hold ids only.
import { ApiError, type Session } from '../api';
import { fill, h } from '../dom';
import { ErrorSummary, type Field, selectField, setFieldError, textField } from '../forms';
import { formatCents, parseDollars } from '../detail_logic';
import {
  downloadPacket,
  linkToken,
  myRequest,
  myRequests,
  pay,
  type PortalRequest,
  submitRequest,
  uploadAuthorization,
} from '../portal_api';
import { words } from '../requests';
import { downloadable, ownDownloadForm } from '../portal_download';

const STATE_WORDS: Record<string, string> = {
  received: 'Received',
  verifying: 'Checking your request',
  pending_information: 'Waiting for information from you',
  retrieving: 'Gathering the records',
  in_review: 'In review',
  on_hold: 'On hold',
  ready_to_release: 'Ready to release',
  released: 'Released',
  denied: 'Denied',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export function stateWords(state: string): string {
  return STATE_WORDS[state] ?? words(state);
}

// Shows the server's field errors beside the fields they name, and all of them in the summary.
function showErrors(error: unknown, fields: Record<string, Field>, summary: ErrorSummary): void {
  for (const field of Object.values(fields)) setFieldError(field, null);
  if (error instanceof ApiError) {
    for (const detail of error.details) {
      const field = fields[detail.path];
      if (field) setFieldError(field, detail.message);
    }
    if (error.details.length === 0) {
      const named = Object.keys(fields).find((name) => error.message.startsWith(name));
      if (named) setFieldError(fields[named]!, error.message);
    }
  }
  summary.showError(error);
}

function stateBadge(state: string): HTMLElement {
  return h('span', { class: 'state', 'data-state': state }, stateWords(state));
}

// #/portal (and the home page of portal users): the person's own requests.
export function renderPortalHome(main: HTMLElement, session: Session): void {
  const list = h('div', { 'aria-live': 'polite' }, h('p', {}, 'Loading your requests…'));
  main.append(
    h('h1', {}, 'My requests'),
    h('p', { class: 'lead' }, `Signed in as ${session.user.email}. Follow each request here without calling.`),
    h('p', {}, h('a', { href: '#/portal/new', class: 'button-link' }, 'Ask for records'), ' · ',
      h('a', { href: '#/portal/download' }, 'Download released records')),
    list,
  );
  myRequests().then(({ requests }) => {
    if (requests.length === 0) {
      fill(list, h('p', {}, 'You have no requests yet.'));
      return;
    }
    fill(list, h('table', { class: 'portal-requests' },
      h('caption', {}, 'Your requests, newest first'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Request'), h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Received'), h('th', { scope: 'col' }, 'Due by'), h('th', { scope: 'col' }, 'Balance'))),
      h('tbody', {}, requests.map((r) => h('tr', {},
        h('td', {}, h('a', { href: `#/portal/requests/${r.id}` }, r.number)),
        h('td', {}, stateBadge(r.state)),
        h('td', {}, r.received_on),
        h('td', {}, r.due_on ?? '—'),
        h('td', {}, r.invoice.issued ? formatCents(r.invoice.balance_cents) : 'No invoice'))))));
  }).catch((error: unknown) => {
    fill(list, h('p', { class: 'field-error', role: 'alert' }, error instanceof Error ? error.message : 'Could not load your requests.'));
  });
}

// #/portal/new: who the records are about, which records, and the signed authorization.
export function renderPortalNew(main: HTMLElement, session: Session): void {
  const fields = {
    patient_given_name: textField('Patient first name', 'patient_given_name', { required: true, autocomplete: 'given-name' }),
    patient_family_name: textField('Patient last name', 'patient_family_name', { required: true, autocomplete: 'family-name' }),
    patient_birth_date: textField('Patient date of birth', 'patient_birth_date', { type: 'date', required: true, autocomplete: 'bday' }),
    patient_mrn: textField('Medical record number (optional)', 'patient_mrn', {
      hint: 'From a letter or bill from us, if you have one. It helps us find the records faster.',
    }),
    purpose: selectField('Why you need the records', 'purpose', [
      ['personal', 'Personal use'], ['continuing_care', 'Care by another provider'], ['litigation', 'Legal matter'],
      ['insurance', 'Insurance'], ['disability_benefits', 'Disability benefits'], ['other', 'Other'],
    ], 'personal'),
    from: textField('Records from (optional)', 'from', { type: 'date', hint: 'Leave both dates empty for all records.' }),
    to: textField('Records to (optional)', 'to', { type: 'date' }),
  };
  const file = h('input', { type: 'file', id: 'portal-authorization', name: 'authorization', accept: 'application/pdf,image/png,image/jpeg,text/plain' });
  const fileError = h('p', { class: 'field-error', id: 'portal-authorization-error', hidden: true });
  file.setAttribute('aria-describedby', 'portal-authorization-hint portal-authorization-error');
  const fileField: Field = { wrapper: h('div', { class: 'field' },
    h('label', { for: 'portal-authorization' }, 'Signed authorization or ID (PDF, PNG, JPEG)'),
    h('p', { class: 'hint', id: 'portal-authorization-hint' }, 'Optional now; you can add it later from the request page.'),
    file, fileError), control: file, error: fileError };
  const summary = new ErrorSummary();
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Send request');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'portal-new-title' },
    h('fieldset', {}, h('legend', {}, 'Whose records'), fields.patient_given_name.wrapper, fields.patient_family_name.wrapper,
      fields.patient_birth_date.wrapper, fields.patient_mrn.wrapper),
    h('fieldset', {}, h('legend', {}, 'Which records'), fields.purpose.wrapper, fields.from.wrapper, fields.to.wrapper),
    fileField.wrapper, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const missing: string[] = [];
    for (const [name, message] of [['patient_given_name', 'Enter the patient’s first name.'],
      ['patient_family_name', 'Enter the patient’s last name.'], ['patient_birth_date', 'Enter the patient’s date of birth.']] as const) {
      const empty = fields[name].control.value.trim() === '';
      setFieldError(fields[name], empty ? message : null);
      if (empty) missing.push(message);
    }
    if (missing.length > 0) return summary.show('Some fields need your attention.', missing);
    summary.hide();
    submit.disabled = true;
    const value = (name: keyof typeof fields) => fields[name].control.value.trim() || undefined;
    try {
      const created = await submitRequest({
        patient_given_name: value('patient_given_name') ?? '',
        patient_family_name: value('patient_family_name') ?? '',
        patient_birth_date: value('patient_birth_date') ?? '',
        patient_mrn: value('patient_mrn'),
        purpose: value('purpose'),
        from: value('from'),
        to: value('to'),
      });
      const chosen = file.files?.[0];
      if (chosen) {
        fill(status, h('p', {}, 'Request received; uploading your file…'));
        try {
          await uploadAuthorization(created.id, chosen, session.csrf_token);
        } catch (error) {
          // The request exists; the file can be sent again from its page.
          window.location.hash = `#/portal/requests/${created.id}`;
          setTimeout(() => document.querySelector('main .upload-summary')?.append(
            h('p', { class: 'field-error', role: 'alert' }, `Your request was received, but the file was refused: ${error instanceof Error ? error.message : 'unknown error'}`)), 300);
          return;
        }
      }
      window.location.hash = `#/portal/requests/${created.id}`;
    } catch (error) {
      showErrors(error, fields, summary);
    } finally {
      submit.disabled = false;
    }
  });
  main.append(h('h1', { id: 'portal-new-title' }, 'Ask for records'),
    h('p', { class: 'lead' }, 'We match your request to the patient’s records ourselves; we never show records on this page before they are released.'),
    summary.element, status, form);
}

function uploadForm(request: PortalRequest, session: Session, onDone: () => void): HTMLElement {
  const file = h('input', { type: 'file', id: 'portal-upload', name: 'authorization', accept: 'application/pdf,image/png,image/jpeg,text/plain' });
  const error = h('p', { class: 'field-error', id: 'portal-upload-error', hidden: true });
  file.setAttribute('aria-describedby', 'portal-upload-error');
  const button = h('button', { type: 'submit' }, 'Upload');
  const note = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'upload-summary', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'portal-upload' }, 'Add a signed authorization or ID'), file, error), button, note);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    error.hidden = true;
    file.removeAttribute('aria-invalid');
    if (!chosen) {
      error.textContent = 'Choose a file to upload.';
      error.hidden = false;
      file.setAttribute('aria-invalid', 'true');
      return;
    }
    button.disabled = true;
    try {
      const stored = await uploadAuthorization(request.id, chosen, session.csrf_token);
      fill(note, h('p', { class: 'notice' }, `File received (${stored.pages} page${stored.pages === 1 ? '' : 's'}). Thank you.`));
      onDone();
    } catch (failure) {
      error.textContent = failure instanceof Error ? failure.message : 'The file could not be uploaded.';
      error.hidden = false;
      file.setAttribute('aria-invalid', 'true');
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function payForm(request: PortalRequest, refresh: () => void): HTMLElement {
  const amount = textField('Amount (USD)', 'amount', { value: (request.invoice.balance_cents / 100).toFixed(2) });
  const reference = textField('Card payment reference', 'reference', {
    hint: 'The confirmation reference from the card payment page. Never enter your card number here.',
  });
  const summary = new ErrorSummary();
  const button = h('button', { type: 'submit', class: 'primary' }, 'Pay');
  const form = h('form', { novalidate: true, 'aria-label': 'Pay the invoice' }, summary.element, amount.wrapper, reference.wrapper, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const cents = parseDollars(amount.control.value);
    setFieldError(amount, cents === null || cents <= 0 ? 'Enter an amount such as 12.50.' : null);
    setFieldError(reference, reference.control.value.trim() === '' ? 'Enter the payment reference.' : null);
    if (cents === null || cents <= 0 || reference.control.value.trim() === '') {
      return summary.show('Some fields need your attention.');
    }
    button.disabled = true;
    try {
      await pay(request.id, cents, reference.control.value.trim());
      refresh();
    } catch (error) {
      showErrors(error, { amount_cents: amount, reference }, summary);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

// #/portal/requests/{id}
export function renderPortalRequest(main: HTMLElement, session: Session, params: Record<string, string>): void {
  const id = Number(params.id);
  const body = h('div', { 'aria-live': 'polite' }, h('p', {}, 'Loading…'));
  const heading = h('h1', {}, 'Request');
  main.append(heading, body);
  const load = () => myRequest(id).then((r) => {
    heading.textContent = `Request ${r.number}`;
    const timeline = h('ol', { class: 'timeline' },
      h('li', {}, `${r.received_on}: received`),
      r.history.map((step) => h('li', {}, `${new Date(step.at_micros / 1000).toISOString().slice(0, 10)}: ${stateWords(step.to)}`)));
    const invoice = r.invoice.issued
      ? h('section', { 'aria-labelledby': 'portal-invoice' },
        h('h2', { id: 'portal-invoice' }, 'Invoice'),
        h('table', {}, h('caption', {}, 'Charges'),
          h('tbody', {}, r.invoice.lines.map((line) => h('tr', {}, h('td', {}, line.description),
            h('td', {}, `${line.quantity} × ${formatCents(line.unit_cents)}`))),
          h('tr', {}, h('th', { scope: 'row' }, 'Total'), h('td', {}, formatCents(r.invoice.total_cents))),
          h('tr', {}, h('th', { scope: 'row' }, 'Paid'), h('td', {}, formatCents(r.invoice.paid_cents))),
          h('tr', {}, h('th', { scope: 'row' }, 'Balance'), h('td', { class: 'balance' }, formatCents(r.invoice.balance_cents))))),
        r.invoice.balance_cents > 0 ? payForm(r, () => void load()) : h('p', { class: 'notice' }, 'Paid in full. Thank you.'))
      : h('section', {}, h('h2', {}, 'Invoice'), h('p', {}, 'No invoice has been issued.'));
    const deliveries = r.deliveries.length === 0
      ? h('p', {}, r.state === 'released' ? 'Your records were released; the records office will send you how to get them.' : 'Nothing has been sent yet.')
      : h('ul', {}, r.deliveries.map((d) => h('li', {}, `${words(d.medium)}: ${words(d.status)}`,
        d.medium.endsWith('link') && !d.revoked ? ` (${d.downloads_left} download${d.downloads_left === 1 ? '' : 's'} left)` : '',
        d.revoked ? ' (withdrawn)' : '',
        downloadable(d, Date.now() * 1000) ? ownDownloadForm(r.id, d, session, () => undefined) : null)));
    fill(body,
      h('dl', { class: 'request-header' },
        h('dt', {}, 'Status'), h('dd', {}, stateBadge(r.state)),
        h('dt', {}, 'Received'), h('dd', {}, r.received_on),
        h('dt', {}, 'Answer due by'), h('dd', {}, r.due_on ?? '—')),
      h('section', {}, h('h2', {}, 'What has happened'), timeline),
      h('section', {}, h('h2', {}, 'Letters to you'), r.letters.length === 0 ? h('p', {}, 'No letters yet.')
        : h('ul', {}, r.letters.map((l) => h('li', {}, `${l.date}: ${words(l.kind)} letter`)))),
      invoice,
      h('section', {}, h('h2', {}, 'Delivery'), deliveries,
        r.state === 'released' ? h('p', {}, h('a', { href: '#/portal/download' }, 'Download with your link and access code')) : null),
      ['released', 'denied', 'closed', 'cancelled'].includes(r.state) ? null
        : h('section', {}, h('h2', {}, 'Files'), uploadForm(r, session, () => undefined)));
  }).catch((error: unknown) => {
    fill(body, h('p', { class: 'field-error', role: 'alert' }, error instanceof ApiError && error.status === 404
      ? 'There is no such request in your account.' : 'Could not load the request.'));
  });
  void load();
}

// #/portal/download: the link and the access code sent separately; the PDF is saved by the browser.
export function renderPortalDownload(main: HTMLElement): void {
  const link = textField('Download link', 'link', { required: true, hint: 'The link from the records office’s email or letter.' });
  const code = textField('Access code', 'access_code', { required: true, autocomplete: 'one-time-code', hint: 'The 8-digit code sent to you separately.' });
  const summary = new ErrorSummary();
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Download');
  const form = h('form', { novalidate: true, 'aria-labelledby': 'portal-download-title' }, link.wrapper, code.wrapper, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = linkToken(link.control.value);
    const digits = code.control.value.trim();
    setFieldError(link, token ? null : 'Paste the whole link, starting with https:// or /d/.');
    setFieldError(code, /^\d{8}$/.test(digits) ? null : 'Enter the 8-digit access code.');
    if (!token || !/^\d{8}$/.test(digits)) return summary.show('Some fields need your attention.');
    summary.hide();
    button.disabled = true;
    try {
      const pdf = await downloadPacket(token, digits);
      const url = URL.createObjectURL(pdf);
      const save = h('a', { href: url, download: 'records.pdf' }, 'Save the records again');
      fill(status, h('p', { class: 'notice' }, `Downloaded (${Math.ceil(pdf.size / 1024)} KB). `, save));
      save.click();
    } catch (error) {
      showErrors(error, { access_code: code }, summary);
    } finally {
      button.disabled = false;
    }
  });
  main.append(h('h1', { id: 'portal-download-title' }, 'Download released records'), summary.element, form, status);
}
