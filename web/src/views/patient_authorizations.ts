// The patient page's authorizations (GET /api/v1/patients/{id}/authorizations): each request that
// came with an authorization — request (a link to its page), received, requester, purpose — and
// the authorization: signed and when, expiry, revocation, what it covers, and which core elements
// of 45 CFR 164.508(c) it has.  Needs manage_requests; other roles get a line saying so.
import { ApiError, request } from '../api';
import { h } from '../dom';
import { words } from '../requests';

interface AuthorizationItem {
  request_id: number;
  number: string;
  state: string;
  received_on: string;
  requester: { name: string; role: string };
  purpose: string;
  authorization: {
    signed: boolean;
    signed_on: string | null;
    expires_on: string | null;
    expiration_event: string;
    revoked_on: string | null;
    covers: string[];
    describes_information: boolean;
    names_discloser: boolean;
    names_recipient: boolean;
    states_purpose: boolean;
    revocation_statement: boolean;
    conditioning_statement: boolean;
    redisclosure_statement: boolean;
  };
}

const ELEMENTS: [keyof AuthorizationItem['authorization'], string][] = [
  ['describes_information', 'describes the information'],
  ['names_discloser', 'names who discloses'],
  ['names_recipient', 'names the recipient'],
  ['states_purpose', 'states the purpose'],
  ['revocation_statement', 'right to revoke'],
  ['conditioning_statement', 'conditioning'],
  ['redisclosure_statement', 'redisclosure'],
];

// "Missing: names the recipient, …" or "All seven core elements."
export function missingElements(a: AuthorizationItem['authorization']): string {
  const missing = ELEMENTS.filter(([key]) => a[key] !== true).map(([, label]) => label);
  return missing.length === 0 ? 'All seven core elements.' : `Missing: ${missing.join(', ')}.`;
}

export function renderPatientAuthorizations(section: HTMLElement, patientId: string): void {
  section.setAttribute('aria-labelledby', 'authorizations-title');
  const status = h('p', { role: 'status' }, 'Loading…');
  section.replaceChildren(h('h2', { id: 'authorizations-title' }, 'Authorizations'), status);
  request<{ items: AuthorizationItem[] }>('GET', `/api/v1/patients/${patientId}/authorizations`)
    .then(({ items }) => {
      status.remove();
      section.append(items.length === 0 ? h('p', {}, 'No request of this patient came with an authorization.')
        : h('table', { class: 'patient-authorizations' },
          h('caption', { class: 'visually-hidden' }, 'Authorizations'),
          h('thead', {}, h('tr', {}, ['Request', 'Received', 'Requester', 'Purpose', 'Signed', 'Expires', 'Covers', 'Core elements'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, items.map((item) => {
            const a = item.authorization;
            return h('tr', { 'data-request': item.request_id },
              h('td', {}, h('a', { href: `#/requests/${item.request_id}` }, item.number), ` (${words(item.state)})`),
              h('td', {}, item.received_on),
              h('td', {}, `${item.requester.name} (${words(item.requester.role)})`),
              h('td', {}, words(item.purpose)),
              h('td', {}, a.signed ? `Yes${a.signed_on ? `, ${a.signed_on}` : ''}` : 'Not signed'),
              h('td', {}, a.revoked_on ? `Revoked ${a.revoked_on}` : a.expires_on ?? (a.expiration_event || '—')),
              h('td', {}, a.covers.length ? a.covers.map(words).join(', ') : '—'),
              h('td', {}, missingElements(a)));
          }))));
    })
    .catch((error: unknown) => {
      status.remove();
      section.append(h('p', {}, error instanceof ApiError && error.status === 403
        ? 'The authorizations are not available to your role.'
        : `The authorizations could not be loaded: ${error instanceof Error ? error.message : 'unknown error'}`));
    });
}
