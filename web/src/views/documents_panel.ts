// The request's documents with the decision's action for each, and the redaction editor (loaded on
// demand).  A text document opens with the scan's sensitive-content highlights
// (POST /api/v1/documents/{id}/scan: byte offsets) drawn as <mark> elements that name their label
// and take keyboard focus; the reviewer redacts the chosen highlight, a selected range, or every
// suggestion at once under one reason (POST /api/v1/requests/{id}/redactions); a PDF's whole pages
// are redacted by number.  The request's redactions are listed and removed
// (DELETE …/redactions/{n}) while the request is open.  Paths carry ids only.
import { request, type Session } from '../api';
import { fill, h } from '../dom';
import { ErrorSummary, selectField, setFieldError, textField } from '../forms';
import { type Decision, formatMicros, isOpen, words } from '../requests';
import {
  byteSpanOf, groupPieces, type Highlight, isRedacted, mergeHighlights, pieces, reasonName, reasonProblem,
  REDACTION_REASONS, type RedactionItem, redactionPlace, type ScanSpan, sensitivityName,
} from '../release_logic';
import { quoteOf, selectionSpan, textareaValue } from '../redaction_keys';

interface PatientDocument {
  id: number;
  kind: string;
  service_date: string | null;
  pages: number;
  labels: string[];
  content: string;
}

interface Scan {
  suggested_labels: string[];
  missing_labels: string[];
  labels: string[];
  spans: ScanSpan[];
  truncated: boolean;
}

export interface DocumentsContext {
  id: number;
  state: string;
  patient: { id: number };
  decision: Decision | null;
}

// The string index of (node, offset) within `root`, counting only the document's own text (the
// hidden label words inside highlights are skipped); null when outside.
function indexWithin(root: HTMLElement, node: Node, offset: number): number | null {
  if (!root.contains(node)) return null;
  const point = document.createRange();
  point.setStart(node, offset);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let index = 0;
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const skip = (text.parentElement as HTMLElement | null)?.closest('[data-skip]') !== null;
    if (text === node) return skip ? index : index + offset;
    if (point.comparePoint(text, 0) > 0) return index;
    if (!skip) index += (text.textContent ?? '').length;
  }
  return index;
}

export function renderDocumentsPanel(container: HTMLElement, session: Session, view: DocumentsContext): void {
  const editable = isOpen(view.state);
  const heading = h('h2', { id: 'documents-panel-title', tabindex: '-1' }, 'Documents and redaction');
  const summary = new ErrorSummary();
  const status = h('p', { role: 'status', 'aria-live': 'polite', class: 'documents-status' }, 'Loading the documents…');
  const list = h('div', { class: 'documents-in-scope' });
  const editor = h('section', { class: 'redaction-editor', 'aria-labelledby': 'editor-title', hidden: true });
  container.setAttribute('aria-labelledby', 'documents-panel-title');
  container.replaceChildren(heading, summary.element, status, list, editor);

  const base = `/api/v1/requests/${view.id}`;
  let documents: PatientDocument[] = [];
  let redactions: RedactionItem[] = [];
  let open: { doc: PatientDocument; scan: Scan | null } | null = null;
  const actions = new Map((view.decision?.documents ?? []).map((d) => [Number(d.id), d]));

  const loadRedactions = async () => {
    const { redactions: items } = await request<{ redactions: RedactionItem[] }>('GET', `${base}/redactions`);
    redactions = items;
  };

  const drawList = () => {
    const inScope = documents.filter((d) => actions.has(d.id));
    const others = documents.length - inScope.length;
    fill(list,
      inScope.length === 0 ? h('p', {}, 'The decision lists no documents of the patient.')
        : h('table', { class: 'request-documents' },
          h('caption', { class: 'visually-hidden' }, 'Documents in the request\'s scope'),
          h('thead', {}, h('tr', {}, ['Document', 'Kind', 'Service date', 'Pages', 'Sensitivity', 'Decision', 'Redactions', 'Open'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, inScope.map((d) => {
            const action = actions.get(d.id)!;
            const count = redactions.filter((r) => r.document_id === d.id).length;
            const button = h('button', { type: 'button', class: 'link-button' }, `Open document ${d.id}`);
            button.addEventListener('click', () => void openDocument(d));
            return h('tr', { 'data-document': d.id },
              h('td', {}, `Document ${d.id}`), h('td', {}, words(d.kind)), h('td', {}, d.service_date ?? '—'), h('td', {}, String(d.pages)),
              h('td', {}, d.labels.length ? d.labels.map(sensitivityName).join(', ') : '—'),
              h('td', { class: `action-${action.action}` }, words(action.action),
                action.reasons.length ? h('span', {}, ' ', action.reasons.map((r) => h('code', {}, r))) : null),
              h('td', {}, count === 0 ? 'None' : String(count)),
              h('td', {}, action.action === 'withhold' ? 'Withheld: not released' : button));
          }))),
      others > 0 ? h('p', { class: 'hint' }, `${others} other document${others === 1 ? ' is' : 's are'} of the patient outside this request's scope.`) : null,
      editable ? null : h('p', { class: 'hint' }, 'The request is no longer open: its redactions can no longer change.'));
  };

  const openDocument = async (doc: PatientDocument) => {
    status.textContent = `Opening document ${doc.id}…`;
    let scan: Scan | null = null;
    try {
      if (doc.content !== '') scan = await request<Scan>('POST', `/api/v1/documents/${doc.id}/scan`);
      summary.hide();
    } catch (error) {
      summary.showError(error);
    }
    open = { doc, scan };
    status.textContent = '';
    drawEditor();
    (editor.querySelector('#editor-title') as HTMLElement | null)?.focus();
  };

  const drawEditor = () => {
    if (!open) return;
    const { doc, scan } = open;
    const mine = redactions.filter((r) => r.document_id === doc.id);
    const spans = mine.flatMap((r) => (r.span ? [r.span] : []));
    const reason = selectField('Reason', `redaction_reason_${doc.id}`, REDACTION_REASONS, 'third_party');
    const reasonText = textField('Reason in words (needed for "Other")', `redaction_reason_text_${doc.id}`, { hint: 'Shown in the packet\'s list of redactions: never the redacted words.' });
    const chosen = h('p', { class: 'chosen', 'aria-live': 'polite' }, 'Nothing chosen yet.');
    let target: { begin: number; end: number; what: string } | null = null;

    // Checks the reason; marks the items; redraws.
    const mark = async (button: HTMLButtonElement, items: Record<string, unknown>[], done: string) => {
      setFieldError(reasonText, null);
      const problem = reasonProblem(reason.control.value, reasonText.control.value);
      if (problem) {
        setFieldError(reasonText, problem);
        summary.show('Nothing was redacted:', [`Reason: ${problem}`]);
        return;
      }
      const extra = reasonText.control.value.trim();
      const body = { redactions: items.map((item) => ({ ...item, document_id: doc.id, reason: reason.control.value, ...(extra ? { reason_text: extra } : {}) })) };
      button.disabled = true;
      try {
        await request<{ redactions: RedactionItem[] }>('POST', `${base}/redactions`, body);
        summary.hide();
        await loadRedactions();
        drawList();
        drawEditor();
        status.textContent = done;
        (editor.querySelector('#editor-title') as HTMLElement | null)?.focus();
      } catch (error) {
        summary.showError(error);
        button.disabled = false;
      }
    };

    const parts: (HTMLElement | string | null)[] = [];
    if (doc.content !== '') {
      const highlights: Highlight[] = scan ? mergeHighlights(scan.spans) : [];
      const text = h('pre', { class: 'document-text', 'aria-label': `Text of document ${doc.id}` });
      for (const group of groupPieces(pieces(doc.content, highlights, spans))) {
        const inner = group.pieces.map((p) => p.redacted
          ? h('del', { class: 'redacted' }, p.text, h('span', { class: 'visually-hidden', 'data-skip': true }, ' (redacted)'))
          : p.text);
        if (group.highlight < 0) {
          text.append(...inner);
          continue;
        }
        const hl = highlights[group.highlight]!;
        const done = isRedacted(hl, spans);
        const label = hl.labels.join(', ');
        const element = h('mark', { tabindex: '0', 'data-begin': hl.begin, 'data-end': hl.end, 'data-redacted': done ? 'true' : undefined, title: label },
          ...inner, h('span', { class: 'visually-hidden', 'data-skip': true }, ` (${label}${done ? ', redacted' : ''})`));
        const choose = () => {
          const words_ = group.pieces.map((p) => p.text).join('');
          target = { begin: hl.begin, end: hl.end, what: `the ${label} highlight "${words_}"` };
          chosen.textContent = done ? `Chosen: ${target.what}, already redacted.` : `Chosen: ${target.what}.`;
          text.querySelectorAll('mark[aria-current]').forEach((m) => m.removeAttribute('aria-current'));
          element.setAttribute('aria-current', 'true');
        };
        // Clicking a highlight chooses it; from the keyboard, Enter (or Space) on it chooses it and
        // moves to the redaction form, past the other highlights.  Focus alone chooses nothing, so
        // tabbing across highlights (e.g. back to the form after an error) keeps the choice.
        element.addEventListener('click', choose);
        element.addEventListener('keydown', (event) => {
          if ((event.key !== 'Enter' && event.key !== ' ') || !editable) return;
          event.preventDefault();
          choose();
          reason.control.focus();
        });
        text.append(element);
      }
      // A range selected with the mouse (or the keyboard) inside the text.
      const takeSelection = () => {
        const selection = window.getSelection();
        if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
        const range = selection.getRangeAt(0);
        const from = indexWithin(text, range.startContainer, range.startOffset);
        const to = indexWithin(text, range.endContainer, range.endOffset);
        if (from === null || to === null) return;
        const span = byteSpanOf(doc.content, from, to);
        if (!span) return;
        target = { ...span, what: `the selected text "${doc.content.slice(Math.min(from, to), Math.max(from, to))}"` };
        chosen.textContent = `Chosen: ${target.what}.`;
      };
      text.addEventListener('mouseup', takeSelection);
      text.addEventListener('keyup', takeSelection);

      // Any range by keyboard: the text again in a read-only textarea, where the arrow keys move
      // the caret and Shift+arrows select; Enter there takes the selection to the redaction form.
      const keyboardId = `keyboard-text-${doc.id}`;
      const keyboardHint = h('p', { class: 'hint', id: `${keyboardId}-hint` },
        'Move with the arrow keys, select with Shift and the arrow keys (Shift+End to the end of the line), then press Enter to choose the selection.');
      // Not `readonly`: Chromium moves no caret in a read-only textarea, so the arrow keys would do
      // nothing.  Edits are refused instead (beforeinput), and undone should one slip through.
      const keyboardText = h('textarea', { id: keyboardId, class: 'keyboard-text', 'aria-readonly': 'true', rows: 8, spellcheck: 'false',
        'aria-describedby': `${keyboardId}-hint` });
      const keyboardValue = textareaValue(doc.content);
      keyboardText.value = keyboardValue;
      keyboardText.addEventListener('beforeinput', (event) => event.preventDefault());
      keyboardText.addEventListener('input', () => {
        if (keyboardText.value !== keyboardValue) keyboardText.value = keyboardValue;
      });
      const takeKeyboardSelection = (): boolean => {
        const picked = selectionSpan(doc.content, keyboardText.selectionStart, keyboardText.selectionEnd);
        if (!picked) return false;
        target = { begin: picked.begin, end: picked.end, what: `the selected text "${quoteOf(picked.text)}"` };
        chosen.textContent = `Chosen: ${target.what}.`;
        text.querySelectorAll('mark[aria-current]').forEach((m) => m.removeAttribute('aria-current'));
        return true;
      };
      keyboardText.addEventListener('keyup', () => void takeKeyboardSelection());
      keyboardText.addEventListener('mouseup', () => void takeKeyboardSelection());
      keyboardText.addEventListener('select', () => void takeKeyboardSelection());
      keyboardText.addEventListener('keydown', (event) => {
        if (event.key !== 'Enter') return;
        event.preventDefault();
        if (takeKeyboardSelection()) {
          if (editable) reason.control.focus();
        } else {
          chosen.textContent = 'Nothing is selected: hold Shift and use the arrow keys to select text first.';
        }
      });
      const keyboardBox = h('div', { class: 'field keyboard-selection', id: `${keyboardId}-box`, hidden: true },
        h('label', { for: keyboardId }, `Text of document ${doc.id} for keyboard selection (read-only)`), keyboardHint, keyboardText);
      const keyboardToggle = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': `${keyboardId}-box` }, 'Select text with the keyboard');
      keyboardToggle.addEventListener('click', () => {
        const show = keyboardBox.hidden;
        keyboardBox.hidden = !show;
        keyboardToggle.setAttribute('aria-expanded', String(show));
        keyboardToggle.textContent = show ? 'Hide the keyboard selection' : 'Select text with the keyboard';
        if (show) {
          keyboardText.focus();
          keyboardText.setSelectionRange(0, 0);
        }
      });

      const redactChosen = h('button', { type: 'button', class: 'primary' }, 'Redact the chosen text');
      redactChosen.addEventListener('click', () => {
        if (!target) {
          summary.show('Nothing was redacted:', ['Choose a highlight (click it, or Tab to it and press Enter) or select text in the document (with the mouse, or with "Select text with the keyboard") first.']);
          return;
        }
        const t = target;
        void mark(redactChosen, [{ span: { begin: t.begin, end: t.end } }], `Redacted ${t.what} (${reasonName(reason.control.value)}).`);
      });
      const open_ = scan ? scan.spans.filter((s) => !isRedacted(s, spans)) : [];
      const acceptAll = h('button', { type: 'button' }, open_.length === 1 ? 'Accept the 1 suggestion under this reason' : `Accept all ${open_.length} suggestions under this reason`);
      acceptAll.disabled = open_.length === 0;
      acceptAll.addEventListener('click', () => void mark(acceptAll, [{ spans: open_.map((s) => ({ begin: s.begin, end: s.end })) }],
        `Redacted ${open_.length} suggested passage${open_.length === 1 ? '' : 's'} (${reasonName(reason.control.value)}).`));

      parts.push(
        scan ? h('p', { class: 'hint' }, highlights.length === 0 ? 'The scan found nothing sensitive in this text.'
          : `The scan highlighted ${highlights.length} passage${highlights.length === 1 ? '' : 's'}${scan.suggested_labels.length ? ` (suggested labels: ${scan.suggested_labels.map(sensitivityName).join(', ')})` : ''}. Click a highlight, or Tab to it and press Enter, to choose it; select any other text with the mouse, or with "Select text with the keyboard".`)
          : h('p', { class: 'hint' }, 'The scan is not available; select text to redact it.'),
        scan && scan.truncated ? h('p', { class: 'hint' }, 'The scan stopped early: not every passage is highlighted.') : null,
        text,
        editable ? h('div', { class: 'keyboard-selection-toggle' }, keyboardToggle) : null,
        editable ? keyboardBox : null,
        editable ? h('div', { class: 'redaction-form' }, chosen, h('div', { class: 'grid' }, reason.wrapper, reasonText.wrapper),
          h('div', { class: 'actions' }, redactChosen, acceptAll)) : null);
    } else {
      const page = textField(`Page to withhold (1 to ${doc.pages})`, `redaction_page_${doc.id}`, { type: 'number', min: '1' });
      const redactPage = h('button', { type: 'button', class: 'primary' }, 'Redact the page');
      redactPage.addEventListener('click', () => {
        setFieldError(page, null);
        const n = Number(page.control.value);
        if (!Number.isInteger(n) || n < 1 || n > doc.pages) {
          setFieldError(page, `Enter a page from 1 to ${doc.pages}.`);
          summary.show('Nothing was redacted:', [`Page: enter a page from 1 to ${doc.pages}.`]);
          return;
        }
        void mark(redactPage, [{ page: n }], `Page ${n} of document ${doc.id} redacted (${reasonName(reason.control.value)}).`);
      });
      parts.push(
        h('p', { class: 'hint' }, 'This document has no text to highlight (a PDF or an image): whole pages are withheld and replaced by a placeholder page in the packet. ',
          h('a', { href: `/api/v1/documents/${doc.id}/content` }, `Download document ${doc.id}'s file to read it`), '.'),
        editable ? h('div', { class: 'redaction-form' }, h('div', { class: 'grid' }, page.wrapper, reason.wrapper, reasonText.wrapper),
          h('div', { class: 'actions' }, redactPage)) : null);
    }

    const close = h('button', { type: 'button' }, 'Close the document');
    close.addEventListener('click', () => {
      open = null;
      editor.hidden = true;
      editor.replaceChildren();
      heading.focus();
    });
    fill(editor,
      h('h3', { id: 'editor-title', tabindex: '-1' }, `Document ${doc.id}: ${words(doc.kind)}`),
      ...parts,
      h('h4', {}, `Redactions of document ${doc.id}`),
      mine.length === 0 ? h('p', {}, 'None.') : redactionTable(mine),
      close);
    editor.hidden = false;
  };

  const redactionTable = (items: RedactionItem[]) => h('table', { class: 'redaction-list' },
    h('caption', { class: 'visually-hidden' }, 'Redactions'),
    h('thead', {}, h('tr', {}, ['Where', 'Reason', 'Marked', editable ? 'Remove' : ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, items.map((r) => {
      const remove = h('button', { type: 'button', class: 'danger' }, `Remove redaction ${r.id}`);
      remove.addEventListener('click', async () => {
        remove.disabled = true;
        try {
          await request<void>('DELETE', `${base}/redactions/${r.id}`);
          summary.hide();
          await loadRedactions();
          drawList();
          drawEditor();
          status.textContent = `Redaction ${r.id} removed.`;
          (editor.querySelector('#editor-title') as HTMLElement | null)?.focus();
        } catch (error) {
          summary.showError(error);
          remove.disabled = false;
        }
      });
      return h('tr', { 'data-redaction': r.id },
        h('td', {}, redactionPlace(r)),
        h('td', {}, reasonName(r.reason), r.reason_text ? `: ${r.reason_text}` : ''),
        h('td', {}, `${r.marked_by === session.user.id ? 'You' : `User ${r.marked_by}`}, ${formatMicros(r.marked_micros)}`),
        h('td', {}, editable ? remove : ''));
    })));

  Promise.all([
    request<{ items: PatientDocument[] }>('GET', `/api/v1/patients/${view.patient.id}/documents`),
    loadRedactions(),
  ]).then(([{ items }]) => {
    documents = items;
    status.textContent = '';
    drawList();
  }).catch((error: unknown) => {
    status.textContent = '';
    summary.showError(error);
  });
}
