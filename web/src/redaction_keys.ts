// DOM-free logic of the keyboard selection in the redaction editor (views/documents_panel.ts):
// the document's text sits in a read-only <textarea>, where the caret moves with the arrow keys and
// Shift+arrows select, and the textarea's selection is turned into the byte span the API takes.
// A textarea normalizes line breaks ("\r\n" and a lone "\r" become "\n"), so its indices are
// mapped back onto the document's own text before counting bytes.
import { byteSpanOf } from './release_logic';

// What a textarea's value holds for `text`.
export function textareaValue(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

// The index in `text` of index `at` of textareaValue(text) (clamped to the ends).
export function contentIndex(text: string, at: number): number {
  if (at <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (seen === at) return i;
    if (text[i] === '\r' && text[i + 1] === '\n') i += 1;
    seen += 1;
  }
  return text.length;
}

export interface KeyboardSelection {
  begin: number; // bytes
  end: number;
  text: string; // the selected words, as the document has them
}

// The byte span of the textarea selection [start, end) over `text`; null when nothing (or only
// half a character) is selected.
export function selectionSpan(text: string, start: number, end: number): KeyboardSelection | null {
  const [a, b] = start <= end ? [start, end] : [end, start];
  const from = contentIndex(text, a);
  const to = contentIndex(text, b);
  const span = byteSpanOf(text, from, to);
  if (!span) return null;
  return { ...span, text: text.slice(from, to) };
}

// How the chosen text is named in the status line: short, on one line.
export function quoteOf(text: string, limit = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 1)}…`;
}
