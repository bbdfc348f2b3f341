// Entry screens for roles that work on one part of a request without managing requests
// (clinicians review, billing staff bill): the request's id (shown on the request page, e.g. handed
// over by the ROI specialist) opens its review tasks (#/reviews → #/requests/{id}/reviews) or its
// billing (#/billing → #/requests/{id}/billing).  Only the numeric id goes into the URL.
import type { Session } from '../api';
import { h } from '../dom';
import { ErrorSummary, setFieldError, textField } from '../forms';

function openForm(main: HTMLElement, title: string, lead: string, target: (id: string) => string): void {
  const summary = new ErrorSummary();
  const id = textField('Request id', 'request_id', { hint: 'The number shown as "Id" on the request page, e.g. 12.' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Open');
  const form = h('form', { novalidate: true, class: 'open-request' }, id.wrapper, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = id.control.value.trim();
    if (!/^\d{1,15}$/.test(value) || Number(value) === 0) {
      setFieldError(id, 'Enter the request id: digits only, e.g. 12.');
      summary.show('The request could not be opened:', ['Request id: enter digits only, e.g. 12.']);
      return;
    }
    setFieldError(id, null);
    window.location.hash = target(value);
  });
  main.append(h('h1', {}, title), h('p', { class: 'lead' }, lead), summary.element, form);
}

export function renderReviewLookup(main: HTMLElement, _session: Session): void {
  openForm(main, 'Review tasks', 'Open the review tasks of a request to complete the ones waiting for you.',
    (id) => `#/requests/${id}/reviews`);
}

export function renderBillingLookup(main: HTMLElement, _session: Session): void {
  openForm(main, 'Billing', "Open a request's billing to issue its invoice, record a payment or waive the fee.",
    (id) => `#/requests/${id}/billing`);
}
