// Release and delivery on the request page (loaded on demand): the signed release packets
// (POST /api/v1/requests/{id}/packet builds one; GET …/packets lists them, each with its PDF and
// manifest links), the public verification page, and the deliveries (GET …/deliveries with their
// events; POST …/deliveries makes a secure link — its access code shown once — an email link, or
// records mail, fax or pickup; POST …/deliveries/{n}/revoke withdraws a link; POST …/events
// records "delivered").  The server decides every guard; a refusal (409) is shown in the panel's
// announced alert.
import { ApiError, request, type Session } from '../api';
import { fill, h } from '../dom';
import { ErrorSummary, type Field, selectField, sentence, setFieldError, textField } from '../forms';
import { allows } from '../permissions';
import { formatMicros, words } from '../requests';
import { mayFollowUp } from '../followup_logic';
import { followUpForm } from './delivery_followup';
import { absoluteLink, addressLabel, deliveryBody, deliveryProblems, groupHex, isLinkMedium, MEDIA, mayBuildPacket, mayDeliver, mediumName } from '../release_logic';

interface Packet {
  request_id: number;
  sequence: number;
  pages: number;
  sha256: string;
  signing_key_id: string;
  created_by: number | null;
  created_micros: number;
  pdf: string;
  manifest: string;
}

interface DeliveryEvent {
  id: number;
  kind: string;
  detail: string;
  tracking_number: string;
  actor: string;
  remote_address: string;
  occurred_micros: number;
}

interface Delivery {
  id: number;
  medium: string;
  status: string;
  recipient: string;
  address: string;
  tracking_number: string;
  created_micros: number;
  link?: { expires_micros: number; max_downloads: number; downloads: number; failed_codes: number; issued: boolean; revoked_micros: number };
  events?: DeliveryEvent[];
  access_code?: string;
  url?: string;
}

export interface ReleaseContext {
  id: number;
  state: string;
  requester: { name: string; organization: string };
}

// Draws the release panel of `view` into `container`.
export function renderReleasePanel(container: HTMLElement, session: Session, view: ReleaseContext): void {
  const mayRelease = allows(session.user.role, 'release_records');
  const heading = h('h2', { id: 'release-title', tabindex: '-1' }, 'Release and delivery');
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'release-status' });
  const packets = h('div', { class: 'packets' });
  const once = h('div', { class: 'one-time', tabindex: '-1', hidden: true });
  const deliveries = h('div', { class: 'deliveries' });
  container.setAttribute('aria-labelledby', 'release-title');
  container.replaceChildren(heading, summary.element, status, packets, once, deliveries);

  const base = `/api/v1/requests/${view.id}`;
  const fail = (error: unknown, button?: HTMLButtonElement) => {
    summary.showError(error);
    if (button) button.disabled = false;
  };

  // --- packets ---
  const drawPackets = (list: Packet[]) => {
    const build = h('button', { type: 'button', class: 'primary' }, list.length === 0 ? 'Build the release packet' : 'Build the packet again');
    build.addEventListener('click', async () => {
      build.disabled = true;
      status.textContent = 'Building the packet…';
      try {
        const packet = await request<Packet>('POST', `${base}/packet`);
        summary.hide();
        status.textContent = `Packet ${packet.sequence} built: ${packet.pages} pages, signed.`;
        await loadPackets();
        (packets.querySelector('h3') as HTMLElement | null)?.focus();
      } catch (error) {
        status.textContent = '';
        fail(error, build);
      }
    });
    fill(packets,
      h('h3', { tabindex: '-1' }, 'Release packet'),
      h('p', { class: 'hint' }, 'One PDF: the cover letter, notices, the list of redactions and the released documents with every redaction burned in, each page stamped; its manifest is signed.'),
      list.length === 0 ? h('p', {}, 'No packet has been built.')
        : h('table', { class: 'packet-list' },
          h('caption', { class: 'visually-hidden' }, 'Release packets'),
          h('thead', {}, h('tr', {}, ['Packet', 'Pages', 'SHA-256', 'Signed with key', 'Built', 'Files'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, list.map((p) => h('tr', { 'data-sequence': p.sequence },
            h('td', {}, String(p.sequence)),
            h('td', {}, String(p.pages)),
            h('td', {}, h('code', { class: 'digest' }, groupHex(p.sha256))),
            h('td', {}, h('code', { class: 'digest' }, groupHex(p.signing_key_id))),
            h('td', {}, formatMicros(p.created_micros), p.created_by === session.user.id ? ' by you' : p.created_by ? ` by user ${p.created_by}` : ''),
            h('td', {},
              h('a', { href: p.pdf, target: '_blank', rel: 'noopener', class: 'packet-pdf' }, `Packet ${p.sequence} (PDF, opens a new tab)`), h('br'),
              h('a', { href: p.manifest, class: 'packet-manifest' }, `Manifest ${p.sequence} (signed JSON)`)))))),
      h('p', {}, 'Recipients can check a packet they received at the public ',
        h('a', { href: '/verify', target: '_blank', rel: 'noopener', class: 'verify-link' }, 'packet verification page (opens a new tab)'),
        ': it says whether this organization issued the file and which key signed it, nothing about the patient.'),
      mayBuildPacket(view.state) ? build : h('p', { class: 'waiting' }, 'The packet can be built once the request is ready to release.'));
  };
  const loadPackets = async () => {
    try {
      const { packets: list } = await request<{ packets: Packet[] }>('GET', `${base}/packets`);
      drawPackets(list);
    } catch (error) {
      fail(error);
    }
  };

  // --- deliveries ---
  const drawDeliveries = (list: Delivery[]) => {
    fill(deliveries,
      h('h3', { id: 'deliveries-title', tabindex: '-1' }, 'Deliveries'),
      list.length === 0 ? h('p', {}, 'Not delivered yet.')
        : h('ul', { class: 'delivery-list' }, list.map((d) => deliveryItem(d))),
      !mayRelease ? null
        : mayDeliver(view.state) ? deliveryForm()
          : h('p', { class: 'waiting' }, 'Deliveries are made after the release (they belong to its disclosure entry).'));
  };
  const loadDeliveries = async () => {
    try {
      const { items } = await request<{ items: Delivery[] }>('GET', `${base}/deliveries`);
      drawDeliveries(items);
    } catch (error) {
      fail(error);
    }
  };

  const deliveryItem = (d: Delivery): HTMLElement => {
    const link = d.link;
    const facts: [string, string][] = [
      ['Status', words(d.status)],
      ['Recipient', d.recipient],
    ];
    if (d.address) facts.push([addressLabel(d.medium) ?? 'Address', d.address]);
    if (d.tracking_number) facts.push(['Tracking number', d.tracking_number]);
    if (link) {
      facts.push(['Link', link.revoked_micros > 0 ? `Revoked ${formatMicros(link.revoked_micros)}`
        : `${link.issued ? 'Issued' : 'Not sent yet'}; expires ${formatMicros(link.expires_micros)}`]);
      facts.push(['Downloads', `${link.downloads} of ${link.max_downloads}${link.failed_codes ? `; ${link.failed_codes} wrong access codes` : ''}`]);
    }
    const buttons: HTMLElement[] = [];
    if (mayRelease && link && link.revoked_micros === 0 && d.status !== 'revoked') {
      const revoke = h('button', { type: 'button', class: 'danger' }, `Revoke link ${d.id}`);
      revoke.addEventListener('click', () => void act(revoke, `${base}/deliveries/${d.id}/revoke`, undefined, `Link ${d.id} revoked: it never works again.`));
      buttons.push(revoke);
    }
    if (mayRelease && !link && d.status !== 'delivered') {
      const delivered = h('button', { type: 'button' }, `Record delivery ${d.id} as delivered`);
      delivered.addEventListener('click', () => void act(delivered, `${base}/deliveries/${d.id}/events`, { kind: 'delivered' }, `Delivery ${d.id} recorded as delivered.`));
      buttons.push(delivered);
    }
    return h('li', { class: 'delivery', 'data-delivery': d.id, 'data-status': d.status },
      h('h4', {}, `Delivery ${d.id}: ${mediumName(d.medium)}, ${formatMicros(d.created_micros)}`),
      h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      (d.events ?? []).length === 0 ? null
        : h('ol', { class: 'delivery-events', 'aria-label': `Events of delivery ${d.id}` }, (d.events ?? []).map((e) =>
          h('li', {}, h('strong', {}, words(e.kind)), ` ${formatMicros(e.occurred_micros)}`, e.actor ? `, ${e.actor}` : '',
            e.detail ? `: ${e.detail}` : '', e.tracking_number ? ` (tracking ${e.tracking_number})` : '',
            e.remote_address ? ` from ${e.remote_address}` : ''))),
      buttons.length ? h('div', { class: 'actions' }, buttons) : null,
      mayRelease && mayFollowUp(d) ? followUpForm(base, d, summary, async (message) => {
        // Announced once the list shows it.
        await loadDeliveries();
        status.textContent = message;
        (deliveries.querySelector('h3') as HTMLElement | null)?.focus();
      }) : null);
  };

  const act = async (button: HTMLButtonElement, path: string, body: unknown, done: string) => {
    button.disabled = true;
    try {
      await request<Delivery>('POST', path, body);
      summary.hide();
      await loadDeliveries();
      status.textContent = done;
      (deliveries.querySelector('h3') as HTMLElement | null)?.focus();
    } catch (error) {
      fail(error, button);
    }
  };

  const deliveryForm = (): HTMLElement => {
    const medium = selectField('How the records go', 'delivery_medium', MEDIA, 'download_link');
    const recipient = textField('Recipient', 'delivery_recipient', {
      value: view.requester.organization ? `${view.requester.name}, ${view.requester.organization}` : view.requester.name,
    });
    const address = textField('Address', 'delivery_address');
    const tracking = textField('Tracking number (optional)', 'delivery_tracking');
    const fields: Record<string, Field> = { medium, recipient, address, tracking_number: tracking };
    const addressLabelElement = address.wrapper.querySelector('label') as HTMLLabelElement;
    const sync = () => {
      const label = addressLabel(medium.control.value);
      address.wrapper.hidden = label === null;
      addressLabelElement.textContent = label ?? 'Address';
      tracking.wrapper.hidden = isLinkMedium(medium.control.value);
    };
    medium.control.addEventListener('change', sync);
    sync();
    const submit = h('button', { type: 'submit', class: 'primary' }, 'Create delivery');
    const form = h('form', { novalidate: true, class: 'delivery-form' },
      h('fieldset', {}, h('legend', {}, 'New delivery'),
        h('p', { class: 'hint' }, 'A secure link expires and allows a few downloads; its access code is shown once, here, and must reach the recipient by a second channel (phone or letter), never with the link.'),
        h('div', { class: 'grid' }, medium.wrapper, recipient.wrapper, address.wrapper, tracking.wrapper),
        submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      for (const f of Object.values(fields)) setFieldError(f, null);
      const values = { medium: medium.control.value, recipient: recipient.control.value, address: address.control.value, tracking_number: tracking.control.value };
      const problems = deliveryProblems(values);
      if (Object.keys(problems).length > 0) {
        for (const [name, message] of Object.entries(problems)) setFieldError(fields[name]!, message);
        summary.show('The delivery was not created:', Object.entries(problems).map(([name, message]) =>
          `${name === 'address' ? addressLabel(values.medium) ?? 'Address' : name === 'tracking_number' ? 'Tracking number' : words(name)}: ${message}`));
        return;
      }
      submit.disabled = true;
      try {
        const made = await request<Delivery>('POST', `${base}/deliveries`, deliveryBody(values));
        summary.hide();
        showOnce(made);
        status.textContent = `Delivery ${made.id} created (${mediumName(made.medium)}).`;
        await loadDeliveries();
        if (!once.hidden) once.focus();
      } catch (error) {
        if (error instanceof ApiError) {
          for (const name of ['recipient', 'address', 'tracking_number', 'medium']) {
            if (error.message.startsWith(name)) setFieldError(fields[name]!, sentence(error.message));
          }
        }
        fail(error, submit);
      }
    });
    return form;
  };

  // The link and its access code, shown once: the server keeps only their digests.
  const showOnce = (made: Delivery) => {
    if (!made.access_code) {
      once.hidden = true;
      once.replaceChildren();
      return;
    }
    const copy = h('button', { type: 'button' }, 'Hide the access code');
    copy.addEventListener('click', () => {
      once.hidden = true;
      once.replaceChildren();
      (deliveries.querySelector('h3') as HTMLElement | null)?.focus();
    });
    fill(once,
      h('h3', {}, `Access code for delivery ${made.id}: shown only now`),
      made.url ? h('p', {}, 'Link: ', h('code', { class: 'delivery-url' }, absoluteLink(made.url, window.location.origin))) : h('p', {}, `The link goes by email to ${made.address}.`),
      h('p', {}, 'Access code: ', h('strong', { class: 'access-code' }, made.access_code)),
      h('p', { class: 'second-channel' }, 'Give the access code to the recipient by a second channel (phone call or letter), never in the same message as the link. It is not stored in readable form and will not be shown again.'),
      copy);
    once.hidden = false;
  };

  if (mayRelease) void loadPackets();
  else packets.replaceChildren();
  void loadDeliveries();
}
