// Review tasks of a request (GET /api/v1/requests/{id}/reviews): the tasks with their status and
// outcome, the reviews the decision asks for, the documents held back; a clinician, supervisor or
// privacy officer completes an open task with an outcome and notes
// (POST /api/v1/requests/{id}/reviews/{rid}); a supervisor or privacy officer may cancel one.
// Used on the request page and on its own screen (#/requests/{id}/reviews) for roles that review
// records but do not manage requests (clinicians).
import { ApiError, request, type Session } from '../api';
import { fill, h } from '../dom';
import { ErrorSummary, type Field, selectField, sentence, setFieldError, textAreaField, textField } from '../forms';
import { fieldOfMessage, mayCompleteReview, parseIds, reviewerOf } from '../detail_logic';
import { formatMicros, words } from '../requests';
import { renderHarmPanel } from './harm_determinations';

export interface ReviewTask {
  id: number;
  request_id: number;
  kind: string;
  reason: string;
  status: string;
  assignee_id: number | null;
  prepared_by: number | null;
  outcome: string | null;
  withheld_document_ids: number[];
  notes: string;
  completed_by: number | null;
  created_micros: number;
  completed_micros: number | null;
}

export interface ReviewsView {
  request_id: number;
  items: ReviewTask[];
  needed: { kind: string; reason: string }[];
  notifications: { id: number; recipient: string; reason: string; status: string; created_micros: number }[];
  withheld_document_ids: number[];
}

function who(id: number | null, session: Session): string {
  if (id === null) return '—';
  return id === session.user.id ? 'You' : `User ${id}`;
}

// The completion form of one open task.
function completionForm(task: ReviewTask, view: ReviewsView, session: Session, summary: ErrorSummary,
  done: (message: string) => void): HTMLElement {
  const outcome = selectField('Outcome', `outcome-${task.id}`,
    [['', 'Choose an outcome'], ['release', 'Release: nothing more to hold back'],
      ['withhold', 'Withhold the documents named below'], ['deny', 'Deny the request']]);
  const heldBack = view.withheld_document_ids.join(', ');
  const documents = textField('Documents to withhold (ids)', `withhold-${task.id}`, {
    hint: heldBack ? `Held back now: document ${heldBack}. Separate ids with commas.` : 'Separate ids with commas.',
    value: heldBack,
  });
  documents.wrapper.hidden = true;
  outcome.control.addEventListener('change', () => {
    documents.wrapper.hidden = outcome.control.value !== 'withhold';
  });
  const notes = textAreaField('Review notes', `notes-${task.id}`, { hint: 'What you checked and why (at most 4000 characters).' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Complete review');
  const mayCancel = ['supervisor', 'privacy_officer'].includes(session.user.role);
  const cancel = mayCancel ? h('button', { type: 'button' }, 'Cancel review') : null;
  const fields: Record<string, Field> = { outcome, withheld_document_ids: documents, notes };
  const form = h('form', { novalidate: true, class: 'review-form', 'data-task': task.id },
    h('fieldset', {},
      h('legend', {}, `Complete the ${words(task.kind).toLowerCase()} review (task ${task.id})`),
      outcome.wrapper, documents.wrapper, notes.wrapper,
      h('div', { class: 'actions' }, submit, cancel)));

  const send = async (body: Record<string, unknown>, button: HTMLButtonElement, message: string) => {
    button.disabled = true;
    try {
      await request<ReviewTask>('POST', `/api/v1/requests/${task.request_id}/reviews/${task.id}`, body);
      summary.hide();
      done(message);
    } catch (error) {
      if (error instanceof ApiError) {
        const name = fieldOfMessage(error.message, Object.keys(fields));
        if (name) setFieldError(fields[name]!, sentence(error.message));
      }
      summary.showError(error);
      button.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const field of Object.values(fields)) setFieldError(field, null);
    const problems: string[] = [];
    if (outcome.control.value === '') {
      setFieldError(outcome, 'Choose an outcome.');
      problems.push('Outcome: choose an outcome.');
    }
    let ids: number[] = [];
    if (outcome.control.value === 'withhold') {
      const parsed = parseIds(documents.control.value);
      if (parsed === null || parsed.length === 0) {
        setFieldError(documents, 'Enter the ids of the documents to withhold, e.g. 3, 5.');
        problems.push('Documents to withhold: enter document ids.');
      } else {
        ids = parsed;
      }
    }
    if (notes.control.value.length > 4000) {
      setFieldError(notes, 'Use at most 4000 characters.');
      problems.push('Review notes: at most 4000 characters.');
    }
    if (problems.length > 0) {
      summary.show('The review could not be completed:', problems);
      return;
    }
    void send({ status: 'completed', outcome: outcome.control.value, withheld_document_ids: ids, notes: notes.control.value },
      submit, `Review ${task.id} completed: ${words(outcome.control.value).toLowerCase()}.`);
  });
  cancel?.addEventListener('click', () => {
    for (const field of Object.values(fields)) setFieldError(field, null);
    void send({ status: 'cancelled', notes: notes.control.value }, cancel, `Review ${task.id} cancelled.`);
  });
  return form;
}

// Draws the review tasks of request `requestId` into `container` under a heading of `level`;
// `changed` runs after a task was completed or cancelled.
export function renderReviewsPanel(container: HTMLElement, session: Session, requestId: string,
  options: { level: 'h1' | 'h2'; title: string; changed?: () => void }): void {
  const headingId = `reviews-title-${requestId}`;
  const heading = h(options.level, { id: headingId, tabindex: '-1' }, options.title);
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, 'Loading the review tasks…');
  const body = h('div', { class: 'reviews-body' });
  container.replaceChildren(heading, summary.element, status, body);

  const load = (message: string, focus: boolean) => {
    request<ReviewsView>('GET', `/api/v1/requests/${requestId}/reviews`)
      .then((view) => {
        status.textContent = message;
        draw(view);
        if (focus) heading.focus();
      })
      .catch((error: unknown) => {
        status.textContent = '';
        summary.showError(error);
      });
  };

  const draw = (view: ReviewsView) => {
    const open = view.items.filter((t) => t.status === 'open');
    fill(body,
      view.items.length === 0
        ? h('p', {}, view.needed.length === 0
          ? 'No review tasks: the decision asks for none.'
          : 'No review tasks yet: they are created when the request is sent to review.')
        : h('table', { class: 'review-tasks' },
          h('caption', { class: 'visually-hidden' }, 'Review tasks'),
          h('thead', {}, h('tr', {}, ['Task', 'Kind', 'Reason', 'Status', 'Outcome', 'Notes', 'Completed by'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, view.items.map((t) => h('tr', { 'data-task': t.id, 'data-status': t.status },
            h('td', {}, String(t.id)),
            h('td', {}, words(t.kind)),
            h('td', {}, words(t.reason), ' ', h('code', {}, t.reason)),
            h('td', {}, words(t.status)),
            h('td', {}, t.outcome ? words(t.outcome) : '—',
              t.withheld_document_ids.length > 0 ? ` (documents ${t.withheld_document_ids.join(', ')})` : ''),
            h('td', {}, t.notes || '—'),
            h('td', {}, t.completed_by === null ? '—' : who(t.completed_by, session),
              t.completed_micros === null ? '' : h('span', { class: 'hint' }, ` ${formatMicros(t.completed_micros)}`)))))),
      view.withheld_document_ids.length === 0 ? null
        : h('p', {}, `Documents held back (by the decision and by reviews): ${view.withheld_document_ids.join(', ')}.`),
      view.notifications.length === 0 ? null : [h('h3', {}, 'Notifications'),
        h('ul', {}, view.notifications.map((n) => h('li', {}, `${n.recipient}: ${words(n.reason)} (${n.status}), `, h('time', {}, formatMicros(n.created_micros)))))],
      open.map((task) => mayCompleteReview(task.kind, session.user.role)
        ? completionForm(task, view, session, summary, (message) => {
          load(message, true);
          options.changed?.();
        })
        : h('p', { class: 'waiting' }, `Task ${task.id} (${words(task.kind).toLowerCase()} review) waits for ${reviewerOf(task.kind)}.`)),
    );
  };

  load('', false);
}

// #/requests/{id}/reviews: the review tasks alone, for reviewers.
export function renderReviewsScreen(main: HTMLElement, session: Session, params: Record<string, string>): void {
  const id = params.id ?? '';
  const panel = h('div', { class: 'reviews-screen' });
  const harms = h('section', { class: 'harm-panel' });
  main.append(panel, harms);
  renderReviewsPanel(panel, session, id, { level: 'h1', title: `Review tasks of request ${id}` });
  renderHarmPanel(harms, session, id);
}
