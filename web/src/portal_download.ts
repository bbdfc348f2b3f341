// The portal's download of one's own released packet from the request page, without the link
// (only the link's digest is stored, so the portal cannot show it): the access code the records
// office sent goes to POST /api/v1/portal/requests/{id}/deliveries/{delivery_id}/download, which
// keeps the link's rules (expiry, downloads left, withdrawal, lock after wrong codes).
import { ApiError, type Session } from './api';
import { fill, h } from './dom';
import { ErrorSummary, setFieldError, textField } from './forms';
import type { PortalDelivery } from './portal_api';

// True for a delivery the person can still download from the request page.
export function downloadable(delivery: PortalDelivery, nowMicros: number): boolean {
  return delivery.medium.endsWith('link') && !delivery.revoked && delivery.downloads_left > 0 &&
    (delivery.expires_micros === 0 || delivery.expires_micros > nowMicros);
}

export async function downloadOwnPacket(requestId: number, deliveryId: number, accessCode: string, csrf: string): Promise<Blob> {
  const response = await fetch(`/api/v1/portal/requests/${requestId}/deliveries/${deliveryId}/download`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/pdf' },
    body: JSON.stringify({ access_code: accessCode }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(response.status, body?.error?.code ?? 'UNKNOWN',
      body?.error?.message ?? `The server answered ${response.status}.`);
  }
  return response.blob();
}

// The access-code form for one delivery; `changed` reloads the page (downloads left, lock).
export function ownDownloadForm(requestId: number, delivery: PortalDelivery, session: Session, changed: () => void): HTMLElement {
  const code = textField('Access code', `access_code_${delivery.id}`, {
    autocomplete: 'one-time-code',
    hint: 'The 8-digit code the records office sent you separately.',
  });
  const summary = new ErrorSummary();
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Download records');
  const form = h('form', { novalidate: true, class: 'own-download', 'data-delivery': String(delivery.id) },
    summary.element, code.wrapper, button, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const digits = code.control.value.trim();
    setFieldError(code, /^\d{8}$/.test(digits) ? null : 'Enter the 8-digit access code.');
    if (!/^\d{8}$/.test(digits)) return summary.show('Some fields need your attention.', ['Access code: enter the 8-digit access code.']);
    summary.hide();
    button.disabled = true;
    try {
      const pdf = await downloadOwnPacket(requestId, delivery.id, digits, session.csrf_token);
      const url = URL.createObjectURL(pdf);
      const save = h('a', { href: url, download: 'records.pdf' }, 'Save the records again');
      fill(status, h('p', { class: 'notice' }, `Downloaded (${Math.ceil(pdf.size / 1024)} KB). `, save));
      save.click();
    } catch (error) {
      if (error instanceof ApiError) setFieldError(code, error.message);
      summary.showError(error);
      changed();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
