// The work queue: GET /api/v1/requests with the filters (state, assignee, overdue only, requester
// role) and the order (due date, soonest first, or received) chosen in the form; each row's due date
// carries its aging in words and colour (overdue, due soon, on track) and an "Escalated" badge when
// the deadline scan escalated it.  Saved views are the user's named filter sets, stored by the
// server per user (GET/POST /api/v1/saved-views, DELETE /api/v1/saved-views/{id}); names travel in
// bodies, and views hold filter choices only, never a free-text search that could hold patient
// data.  Rows link to requests by id.
import { ApiError, request, type Session } from '../api';
import { h } from '../dom';
import { checkField, ErrorSummary, selectField, sentence, setFieldError, textField } from '../forms';
import {
  agingOf, decodeViews, DEFAULT_FILTERS, normalizeFilters, type QueueFilters, queueQuery, QUEUE_SCREEN,
  QUEUE_STATES, REQUESTER_ROLES, type SavedView, upsertView, viewBody, viewNameProblem,
} from '../queue_logic';
import { words } from '../requests';

interface QueueItem {
  id: number;
  number: string;
  state: string;
  requester_role: string;
  received_on: string;
  due_on: string | null;
  outcome: string;
  assignee_id: number | null;
  escalated?: boolean;
  patient?: { pending_match?: boolean };
}

export function renderQueue(main: HTMLElement, session: Session): void {
  const userId = session.user.id;
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the work queue…');
  const results = h('div', { class: 'queue-results' });

  // The filters.
  const state = selectField('State', 'queue_status', [['', 'Any state'], ...QUEUE_STATES.map((s) => [s, words(s)] as [string, string])]);
  const assignee = selectField('Assigned to', 'queue_assignee', [['', 'Anyone'], ['me', 'Me'], ['other', 'Another user (by id)']]);
  const assigneeId = textField('Assignee user id', 'queue_assignee_id', { hint: 'Digits, e.g. 3.' });
  assigneeId.wrapper.hidden = true;
  assignee.control.addEventListener('change', () => {
    assigneeId.wrapper.hidden = assignee.control.value !== 'other';
  });
  const role = selectField('Requester role', 'queue_requester_role', [['', 'Any requester'], ...REQUESTER_ROLES.map((r) => [r, words(r)] as [string, string])]);
  const sort = selectField('Order', 'queue_sort', [['due_on', 'Due date, soonest first'], ['received', 'Received, oldest first']]);
  const overdue = checkField('Overdue only', 'queue_overdue');
  const show = h('button', { type: 'submit', class: 'primary' }, 'Show requests');
  const filterForm = h('form', { novalidate: true, class: 'queue-filters', 'aria-labelledby': 'filters-title' },
    h('h2', { id: 'filters-title', class: 'visually-hidden' }, 'Filters'),
    h('div', { class: 'grid' }, state.wrapper, assignee.wrapper, assigneeId.wrapper, role.wrapper, sort.wrapper), overdue.wrapper, show);

  const readFilters = (): QueueFilters | null => {
    setFieldError(assigneeId, null);
    let who = assignee.control.value;
    if (who === 'other') {
      who = assigneeId.control.value.trim();
      if (!/^\d{1,15}$/.test(who) || Number(who) === 0) {
        setFieldError(assigneeId, 'Enter the user id: digits only, e.g. 3.');
        summary.show('The queue was not filtered:', ['Assignee user id: enter digits only.']);
        return null;
      }
    }
    return normalizeFilters({
      status: state.control.value, assignee: who, overdue: (overdue.control as HTMLInputElement).checked,
      sort: sort.control.value, requesterRole: role.control.value,
    });
  };
  const writeFilters = (f: QueueFilters) => {
    state.control.value = f.status;
    const other = f.assignee !== '' && f.assignee !== 'me';
    assignee.control.value = other ? 'other' : f.assignee;
    assigneeId.control.value = other ? f.assignee : '';
    assigneeId.wrapper.hidden = !other;
    role.control.value = f.requesterRole;
    sort.control.value = f.sort;
    (overdue.control as HTMLInputElement).checked = f.overdue;
  };

  // Saved views.
  let views: SavedView[] = [];
  const viewSelect = selectField('Saved view', 'queue_view', []);
  const apply = h('button', { type: 'button' }, 'Apply view');
  const remove = h('button', { type: 'button' }, 'Delete view');
  const viewName = textField('Name for the current filters', 'queue_view_name', { hint: 'Saved for your account; only you see it.' });
  const save = h('button', { type: 'submit' }, 'Save view');
  const fillViews = (selected = '') => {
    viewSelect.control.replaceChildren(
      h('option', { value: '' }, views.length === 0 ? 'No saved views' : 'Choose a view'),
      ...views.map((v) => h('option', { value: v.name }, v.name)));
    viewSelect.control.value = selected;
    apply.disabled = views.length === 0;
    remove.disabled = views.length === 0;
  };
  fillViews();
  const chosen = (): SavedView | null => {
    setFieldError(viewSelect, null);
    const view = views.find((v) => v.name === viewSelect.control.value) ?? null;
    if (!view) {
      setFieldError(viewSelect, 'Choose a saved view first.');
      summary.show('No view chosen:', ['Saved view: choose one of your saved views.']);
    }
    return view;
  };
  apply.addEventListener('click', () => {
    const view = chosen();
    if (!view) return;
    summary.hide();
    writeFilters(view.filters);
    void load(view.filters, `View "${view.name}": `);
  });
  remove.addEventListener('click', async () => {
    const view = chosen();
    if (!view) return;
    remove.disabled = true;
    try {
      await request<void>('DELETE', `/api/v1/saved-views/${view.id}`);
      views = views.filter((v) => v.id !== view.id);
      fillViews();
      summary.hide();
      status.textContent = `Deleted the view "${view.name}".`;
    } catch (error) {
      summary.showError(error);
    } finally {
      remove.disabled = views.length === 0;
    }
  });
  const saveForm = h('form', { novalidate: true, class: 'queue-views' },
    h('fieldset', {}, h('legend', {}, 'Saved views'),
      h('div', { class: 'row' }, viewSelect.wrapper, apply, remove),
      h('div', { class: 'row' }, viewName.wrapper, save)));
  saveForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const problem = viewNameProblem(viewName.control.value);
    setFieldError(viewName, problem);
    if (problem) {
      summary.show('The view was not saved:', [`Name for the current filters: ${problem}`]);
      return;
    }
    const filters = readFilters();
    if (!filters) return;
    const name = viewName.control.value.trim();
    save.disabled = true;
    try {
      const stored = await request<{ id: number; name: string; filters: unknown }>('POST', '/api/v1/saved-views', viewBody(name, filters));
      views = upsertView(views, { id: stored.id, name: stored.name, filters });
      summary.hide();
      fillViews(stored.name);
      viewName.control.value = '';
      status.textContent = `Saved the view "${stored.name}".`;
    } catch (error) {
      if (error instanceof ApiError && /name/.test(error.message)) setFieldError(viewName, sentence(error.message));
      summary.showError(error);
    } finally {
      save.disabled = false;
    }
  });

  const today = new Date().toISOString().slice(0, 10);
  const load = async (filters: QueueFilters, prefix = '') => {
    show.disabled = true;
    try {
      const { items } = await request<{ items: QueueItem[] }>('GET', `/api/v1/requests?${queueQuery(filters, userId)}`);
      summary.hide();
      const order = filters.sort === 'received' ? 'oldest received first' : 'soonest deadline first';
      status.textContent = `${prefix}${items.length === 0 ? 'No requests match.' : `${items.length} request${items.length === 1 ? "" : "s"}, ${order}.`}`;
      results.replaceChildren(items.length === 0 ? '' : h('table', { class: 'queue' },
        h('caption', { class: 'visually-hidden' }, 'Requests'),
        h('thead', {}, h('tr', {}, ['Number', 'State', 'Requester', 'Received', 'Due', 'Assignee', 'Decision'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, items.map((item) => {
          const aging = agingOf(item.due_on, item.state, today);
          return h('tr', { 'data-aging': aging.level },
            h('td', {}, h('a', { href: `#/requests/${item.id}` }, item.number)),
            h('td', {}, words(item.state)),
            h('td', {}, words(item.requester_role)),
            h('td', {}, item.received_on),
            h('td', {}, h('span', { class: 'due' }, item.due_on ?? '—'),
              aging.level === 'overdue' ? h('span', { class: 'badge overdue' }, 'Overdue') : null,
              aging.level === 'closed' || aging.level === 'no-deadline' ? null
                : h('span', { class: `aging aging-${aging.level}` }, aging.label),
              item.escalated ? h('span', { class: 'badge overdue' }, 'Escalated') : null,
              item.patient?.pending_match ? h('span', { class: 'badge unmatched' }, 'Patient not matched') : null),
            h('td', {}, item.assignee_id === null ? 'Unassigned' : item.assignee_id === userId ? 'You' : `User ${item.assignee_id}`),
            h('td', {}, words(item.outcome)));
        }))));
    } catch (error) {
      status.textContent = '';
      summary.showError(error);
    } finally {
      show.disabled = false;
    }
  };
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const filters = readFilters();
    if (filters) void load(filters);
  });

  main.append(h('h1', {}, 'Work queue'), summary.element, filterForm, saveForm, status, results);
  writeFilters(DEFAULT_FILTERS);
  void load(DEFAULT_FILTERS);
  request<unknown>('GET', `/api/v1/saved-views?screen=${QUEUE_SCREEN}`)
    .then((answer) => {
      views = decodeViews(answer);
      fillViews();
    })
    .catch((error: unknown) => summary.showError(error));
}
