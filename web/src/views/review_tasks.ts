// The review work list (#/reviews, needs review_records): the open review tasks the caller may act
// on across requests (GET /api/v1/review-tasks: assigned to them, or unassigned in their role's
// pool), oldest first, 50 a page, each linking to the request's review tasks; then the form that
// opens a request's reviews by its id.
import { request, type Session } from '../api';
import { ageLabel, type ReviewWorkItem } from '../dash_logic';
import { h } from '../dom';
import { ErrorSummary } from '../forms';
import { agingOf } from '../queue_logic';
import { words } from '../requests';
import { renderReviewLookup } from './open_request';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function renderReviewWorklist(main: HTMLElement, session: Session): void {
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'review-worklist' });
  const more = h('button', { type: 'button', hidden: true }, 'Next page');
  let nextAfter: number | null = null;

  const load = async (after: number | null) => {
    more.disabled = true;
    try {
      const query = new URLSearchParams({ limit: '50' });
      if (after !== null) query.set('after', String(after));
      const page = await request<{ tasks: ReviewWorkItem[]; next_after: number | null }>('GET', `/api/v1/review-tasks?${query}`);
      summary.hide();
      nextAfter = page.next_after;
      more.hidden = nextAfter === null;
      status.textContent = page.tasks.length === 0
        ? 'No review tasks wait for you.'
        : `${page.tasks.length} review task${page.tasks.length === 1 ? '' : 's'} ${page.tasks.length === 1 ? 'waits' : 'wait'} for you or your role${nextAfter === null ? '' : '; more on the next page'}.`;
      const day = today();
      results.replaceChildren(page.tasks.length === 0 ? '' : h('table', { class: 'worklist' },
        h('caption', { class: 'visually-hidden' }, 'Review tasks'),
        h('thead', {}, h('tr', {}, ['Request', 'Review', 'Reason', 'Due', 'Age', 'Assigned'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, page.tasks.map((t) => {
          const aging = agingOf(t.due_on, t.request_state, day);
          return h('tr', { 'data-task': t.id, 'data-aging': aging.level },
            h('td', {}, h('a', { href: `#/requests/${t.request_id}/reviews` }, t.request_number), h('span', { class: 'hint' }, ` (id ${t.request_id})`)),
            h('td', {}, words(t.kind)),
            h('td', {}, words(t.reason), ' ', h('code', {}, t.reason)),
            h('td', {}, t.due_on ?? '—', h('span', { class: `aging aging-${aging.level}` }, aging.label)),
            h('td', {}, ageLabel(t.age_days)),
            h('td', {}, t.assigned_to_me ? 'You' : 'Unassigned (your role)'));
        }))));
    } catch (error) {
      // The summary joins the page only when there is something to say (the lookup below has its own).
      if (!summary.element.isConnected) status.before(summary.element);
      summary.showError(error);
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', () => void load(nextAfter));

  main.append(h('h1', {}, 'Review tasks'),
    h('p', { class: 'lead' }, 'Open reviews assigned to you, and unassigned reviews your role completes, oldest first. Open one to see the request\'s reviews and complete yours.'),
    status, results, more);
  const lookup = h('section', { class: 'open-by-id', 'aria-labelledby': 'open-by-id' });
  renderReviewLookup(lookup, session);
  // The lookup renders its own heading: make it a section heading here.
  const heading = lookup.querySelector('h1');
  if (heading) heading.replaceWith(h('h2', { id: 'open-by-id' }, 'Open a request by its id'));
  main.append(lookup);
  void load(null);
}
