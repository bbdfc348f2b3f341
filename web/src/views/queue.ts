// The work queue: GET /api/v1/requests, soonest deadline first.  Rows link to requests by id.
import { request, type Session } from '../api';
import { h } from '../dom';
import { ErrorSummary } from '../forms';
import { isOverdue } from '../requests';

interface QueueItem {
  id: number;
  number: string;
  state: string;
  requester_role: string;
  received_on: string;
  due_on: string | null;
  outcome: string;
  escalated?: boolean;
}

export function renderQueue(main: HTMLElement, _session: Session): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status' }, 'Loading the work queue…');
  main.append(h('h1', {}, 'Work queue'), summary.element, status);
  request<{ items: QueueItem[] }>('GET', '/api/v1/requests?limit=50')
    .then(({ items }) => {
      status.textContent = items.length === 0 ? 'No open requests.' : `${items.length} requests, soonest deadline first.`;
      if (items.length === 0) return;
      main.append(
        h('table', {},
          h('caption', { class: 'visually-hidden' }, 'Requests'),
          h('thead', {}, h('tr', {}, ['Number', 'State', 'Requester', 'Received', 'Due', 'Decision'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, items.map((item) =>
            h('tr', {},
              h('td', {}, h('a', { href: `#/requests/${item.id}` }, item.number)),
              h('td', {}, item.state),
              h('td', {}, item.requester_role),
              h('td', {}, item.received_on),
              h('td', {}, item.due_on ?? '—',
                isOverdue(item.due_on, item.state, new Date().toISOString().slice(0, 10)) ? h('span', { class: 'badge overdue' }, 'Overdue') : null,
                item.escalated ? h('span', { class: 'badge overdue' }, 'Escalated') : null),
              h('td', {}, item.outcome))))),
      );
    })
    .catch((error: unknown) => {
      status.textContent = '';
      summary.showError(error);
    });
}
