// The portal's calls (docs/portal.md): register, submit, my requests, the authorization upload,
// the card payment and the download behind a link with its access code.  Ids only in paths; names
// and dates go in bodies, never in URLs.
import { ApiError, request } from './api';

export interface PortalInvoice {
  request_id: number;
  issued: boolean;
  total_cents: number;
  paid_cents: number;
  balance_cents: number;
  lines: { description: string; quantity: number; unit_cents: number }[];
}

export interface PortalDelivery {
  id: number;
  medium: string;
  status: string;
  expires_micros: number;
  downloads_left: number;
  revoked: boolean;
}

export interface PortalRequest {
  id: number;
  number: string;
  state: string;
  received_on: string;
  due_on: string | null;
  history: { action: string; from: string; to: string; at_micros: number }[];
  letters: { id: number; kind: string; date: string }[];
  invoice: PortalInvoice;
  deliveries: PortalDelivery[];
}

export interface Registration {
  organization: string;
  email: string;
  password: string;
  name: string;
  kind: 'patient' | 'requester';
  requester_role?: string;
  requester_organization?: string;
  phone?: string;
}

export interface Submission {
  patient_given_name: string;
  patient_family_name: string;
  patient_birth_date: string;
  patient_mrn?: string;
  purpose?: string;
  format?: string;
  from?: string;
  to?: string;
}

export const register = (body: Registration) =>
  request<{ user_id: number; email: string; role: string; requester_id: number }>(
    'POST',
    '/api/v1/portal/register',
    body,
  );

export const submitRequest = (body: Submission) =>
  request<PortalRequest>('POST', '/api/v1/portal/requests', body);

export const myRequests = () =>
  request<{ requests: PortalRequest[] }>('GET', '/api/v1/portal/requests');

export const myRequest = (id: number) =>
  request<PortalRequest>('GET', `/api/v1/portal/requests/${id}`);

export const pay = (id: number, amount_cents: number, reference: string) =>
  request<PortalInvoice>('POST', `/api/v1/portal/requests/${id}/invoice/payments`, {
    amount_cents,
    reference,
  });

// Sends the file as the raw body; the server recognizes its type from the bytes.
export async function uploadAuthorization(
  id: number,
  file: File,
  csrf: string,
): Promise<{ document_id: number; media_type: string; pages: number }> {
  const response = await fetch(`/api/v1/portal/requests/${id}/authorization`, {
    method: 'POST',
    headers: {
      'Content-Type': file.type || 'application/octet-stream',
      'X-CSRF-Token': csrf,
      Accept: 'application/json',
    },
    body: file,
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string; details?: { path: string; message: string }[] };
  } | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'UNKNOWN',
      body?.error?.message ?? `The server answered ${response.status}.`,
      body?.error?.details ?? [],
    );
  }
  return body as unknown as { document_id: number; media_type: string; pages: number };
}

// The token of a download link: "https://host/d/TOKEN", "/d/TOKEN" or the token itself.
export function linkToken(link: string): string | null {
  const text = link.trim();
  const at = text.lastIndexOf('/d/');
  const token = at >= 0 ? text.slice(at + 3) : text;
  return /^[A-Za-z0-9._~-]{8,200}$/.test(token) ? token : null;
}

// Downloads the packet behind a link (POST /api/v1/downloads/{token} with the access code).
export async function downloadPacket(token: string, accessCode: string): Promise<Blob> {
  const response = await fetch(`/api/v1/downloads/${encodeURIComponent(token)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_code: accessCode }),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(
      response.status,
      body?.error?.code ?? 'UNKNOWN',
      body?.error?.message ?? `The server answered ${response.status}.`,
    );
  }
  return response.blob();
}
