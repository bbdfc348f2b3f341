// DOM-free logic of the delivery follow-up form (views/release_panel.ts): for a recorded mail, fax
// or pickup, staff record what happened next — sent, a new tracking number, delivered, or failed
// with a reason — through POST /api/v1/requests/{id}/deliveries/{n}/events.  The checks mirror
// DeliveryService::RecordTracking (src/app/delivery_service.cc) and the limits of
// src/domain/delivery.h, so the form flags what the server would refuse.

// The event kinds, with the words the form shows (src/domain/delivery.h kDeliveryEvent*).
export const FOLLOW_UP_KINDS: readonly [string, string][] = [
  ['tracking', 'New tracking number'],
  ['sent', 'Sent (posted, faxed or handed over)'],
  ['delivered', 'Delivered'],
  ['failed', 'Failed (returned, not received or refused)'],
];

export const MAX_TRACKING_NUMBER = 100; // bytes, kMaxTrackingNumber
export const MAX_EVENT_DETAIL = 500; // bytes, kMaxDeliveryEventDetail

export interface FollowUpForm {
  kind: string;
  tracking_number: string;
  detail: string;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

// Which recorded deliveries take a follow-up: mail, fax and pickup, until delivered or revoked.
export function mayFollowUp(delivery: { medium: string; status: string }): boolean {
  return ['mail', 'fax', 'pickup'].includes(delivery.medium) && delivery.status !== 'delivered' && delivery.status !== 'revoked';
}

// The form's problems by field name (kind, tracking_number, detail); empty when it may be sent.
export function followUpProblems(form: FollowUpForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!FOLLOW_UP_KINDS.some(([kind]) => kind === form.kind)) problems.kind = 'Choose what happened.';
  const tracking = form.tracking_number.trim();
  const detail = form.detail.trim();
  if (form.kind === 'tracking' && tracking === '') problems.tracking_number = 'Enter the new tracking number.';
  else if (bytes(tracking) > MAX_TRACKING_NUMBER) problems.tracking_number = `Use at most ${MAX_TRACKING_NUMBER} characters.`;
  else if (CONTROL.test(tracking)) problems.tracking_number = 'Use letters, digits and punctuation only.';
  if (form.kind === 'failed' && detail === '') problems.detail = 'Say why the delivery failed (e.g. returned: addressee unknown).';
  else if (bytes(detail) > MAX_EVENT_DETAIL) problems.detail = `Use at most ${MAX_EVENT_DETAIL} bytes.`;
  else if (CONTROL.test(detail.replace(/\n/g, ' '))) problems.detail = 'Remove control characters.';
  return problems;
}

// The body of POST …/deliveries/{n}/events (empty fields left out).
export function followUpBody(form: FollowUpForm): Record<string, string> {
  const body: Record<string, string> = { kind: form.kind };
  const tracking = form.tracking_number.trim();
  const detail = form.detail.trim();
  if (tracking) body.tracking_number = tracking;
  if (detail) body.detail = detail;
  return body;
}

// The status line after a follow-up was recorded.
export function followUpDone(id: number, form: FollowUpForm): string {
  switch (form.kind) {
    case 'tracking': return `Delivery ${id}: tracking number ${form.tracking_number.trim()} recorded.`;
    case 'sent': return `Delivery ${id} recorded as sent.`;
    case 'delivered': return `Delivery ${id} recorded as delivered.`;
    default: return `Delivery ${id} recorded as failed: ${form.detail.trim()}.`;
  }
}
