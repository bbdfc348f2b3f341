// Harm determinations of a request (GET /api/v1/requests/{id}/denial-reviews): each licensed
// professional's determination that access to a document is reasonably likely to cause harm, with
// its ground and reasons and whether it is in force, withdrawn or set aside by a denial review.
// The clinician who made one, or a supervisor, withdraws it with a reason
// (POST /api/v1/requests/{id}/harm-determinations/{hid}/withdraw); the server re-decides the
// request and refuses (409) once a review of the denial has been decided.  A clinician makes one
// with the form below the list (views/harm_form.ts) while the request is verifying, retrieving or
// in review; the panel shows then even when the request has no determination yet.
import { request, type Session } from '../api';
import { fill, h } from '../dom';
import { ErrorSummary, sentence, setFieldError, textField } from '../forms';
import { formatMicros, words } from '../requests';
import { mayCompleteReview } from '../detail_logic';
import { mayDetermineHarmIn } from '../harm_logic';
import { type HarmDocument, makeHarmForm } from './harm_form';

export interface HarmDetermination {
  id: number;
  document_id: number;
  ground: string;
  cite: string;
  reasons: string;
  made_by: number;
  made_micros: number;
  in_force: boolean;
  set_aside_by_review: number | null;
  withdrawn: boolean;
  withdrawn_by: number | null;
  withdrawal_reason: string;
}

interface DenialReviewsView {
  state?: string;
  harm_determinations: HarmDetermination[];
  documents?: HarmDocument[];
}

// Whether `session`'s user may make a determination on the request in `view` now (the server decides).
function mayMake(view: DenialReviewsView, session: Session): boolean {
  return mayCompleteReview('licensed_professional', session.user.role) && mayDetermineHarmIn(view.state ?? '')
    && (view.documents ?? []).length > 0;
}

function statusOf(d: HarmDetermination): string {
  if (d.withdrawn) return `Withdrawn: ${d.withdrawal_reason}`;
  if (d.set_aside_by_review !== null) return `Set aside by denial review ${d.set_aside_by_review}`;
  return 'In force';
}

// Whether `session`'s user may try to withdraw `d` (the server decides).
function mayWithdraw(d: HarmDetermination, session: Session): boolean {
  return d.in_force && (d.made_by === session.user.id || session.user.role === 'supervisor');
}

function withdrawForm(requestId: string, d: HarmDetermination, summary: ErrorSummary,
  done: (message: string) => void): HTMLElement {
  const reason = textField('Reason for withdrawing', `withdraw-reason-${d.id}`, { hint: 'Required; at most 2000 characters.' });
  const submit = h('button', { type: 'submit' }, `Withdraw determination ${d.id}`);
  const form = h('form', { novalidate: true, class: 'withdraw-harm', 'data-harm': d.id }, reason.wrapper, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setFieldError(reason, null);
    const text = reason.control.value.trim();
    if (text === '' || text.length > 2000) {
      setFieldError(reason, 'Enter a reason of at most 2000 characters.');
      summary.show('The determination was not withdrawn:', ['Reason for withdrawing: enter a reason.']);
      return;
    }
    submit.disabled = true;
    request<HarmDetermination>('POST', `/api/v1/requests/${requestId}/harm-determinations/${d.id}/withdraw`, { reason: text })
      .then(() => {
        summary.hide();
        done(`Harm determination ${d.id} withdrawn; the request was re-decided.`);
      })
      .catch((error: unknown) => {
        summary.showError(error);
        if (error instanceof Error) setFieldError(reason, sentence(error.message));
        submit.disabled = false;
      });
  });
  return form;
}

// Draws the harm determinations of request `requestId` into `container` (nothing when it has
// none); `changed` runs after one was withdrawn.
export function renderHarmPanel(container: HTMLElement, session: Session, requestId: string,
  changed?: () => void): void {
  const heading = h('h2', { id: `harm-title-${requestId}`, tabindex: '-1' }, 'Harm determinations');
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite' }, '');
  const body = h('div', { class: 'harm-body' });

  const load = (message: string, focus: boolean) => {
    request<DenialReviewsView>('GET', `/api/v1/requests/${requestId}/denial-reviews`)
      .then((view) => {
        const making = mayMake(view, session);
        if (view.harm_determinations.length === 0 && !making) {
          container.replaceChildren();
          return;
        }
        container.replaceChildren(heading, summary.element, status, body);
        status.textContent = message;
        draw(view.harm_determinations);
        if (making) {
          const inForce = view.harm_determinations.filter((d) => d.in_force).map((d) => d.document_id);
          body.append(makeHarmForm(requestId, view.documents ?? [], inForce, summary, (done) => {
            load(done, true);
            changed?.();
          }));
        }
        if (focus) heading.focus();
      })
      .catch((error: unknown) => {
        container.replaceChildren(heading, summary.element);
        summary.showError(error);
      });
  };

  const draw = (items: HarmDetermination[]) => {
    if (items.length === 0) {
      fill(body, h('p', {}, 'No harm determination has been made on this request.'));
      return;
    }
    fill(body, h('ul', { class: 'harm-determinations' }, items.map((d) => h('li', { 'data-harm': d.id, 'data-in-force': String(d.in_force) },
      h('p', {}, `Document ${d.document_id}: ${words(d.ground)} (${d.cite}), `, h('time', {}, formatMicros(d.made_micros))),
      h('p', {}, d.reasons),
      h('p', { class: 'harm-status' }, statusOf(d)),
      mayWithdraw(d, session)
        ? withdrawForm(requestId, d, summary, (message) => {
          load(message, true);
          changed?.();
        })
        : null))));
  };

  load('', false);
}
