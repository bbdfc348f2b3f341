// DOM-free logic of the documents, redaction and release panels of the request page, unit-tested
// (web/test/release.test.ts): the scan's UTF-8 byte offsets ↔ JavaScript string indices, merging
// highlights, cutting a document's text into plain, highlighted and redacted pieces, the names of
// detection labels and redaction reasons, and the checks of the delivery form.
import { words } from './requests';

// A span the scan route answers (POST /api/v1/documents/{id}/scan): byte offsets of the UTF-8 text.
export interface ScanSpan {
  begin: number;
  end: number;
  category: string;
  label: string;
  term: string;
}

// A stored redaction (GET /api/v1/requests/{id}/redactions): a span of bytes or a PDF page.
export interface RedactionItem {
  id: number;
  request_id: number;
  document_id: number;
  reason: string;
  reason_text: string;
  marked_by: number;
  marked_micros: number;
  span?: { begin: number; end: number };
  page?: number;
}

function utf8Width(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

// For each string index (0..text.length) the UTF-8 byte offset where that index starts, or -1 for
// the index of a low surrogate (the middle of a character).
export function byteOffsets(text: string): number[] {
  const out: number[] = new Array(text.length + 1);
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const point = text.codePointAt(i) as number;
    out[i] = bytes;
    bytes += utf8Width(point);
    if (point > 0xffff) {
      i += 1;
      out[i] = -1;
    }
  }
  out[text.length] = bytes;
  return out;
}

// UTF-8 byte offset → string index, for the offsets that start a character (and the end).
export function indexByByte(offsets: readonly number[]): Map<number, number> {
  const out = new Map<number, number>();
  offsets.forEach((byte, index) => {
    if (byte >= 0) out.set(byte, index);
  });
  return out;
}

// A string range [from, to) as UTF-8 byte offsets; null when empty or cutting a character.
export function byteSpanOf(text: string, from: number, to: number): { begin: number; end: number } | null {
  const [a, b] = from <= to ? [from, to] : [to, from];
  if (a < 0 || b > text.length || a === b) return null;
  const offsets = byteOffsets(text);
  const begin = offsets[a] as number;
  const end = offsets[b] as number;
  if (begin === -1 || end === -1) return null;
  return { begin, end };
}

export interface Highlight {
  begin: number; // bytes
  end: number;
  labels: string[]; // the words of each distinct label, in order of appearance
  spans: ScanSpan[];
}

// Overlapping or touching highlights become one, naming every label once.
export function mergeHighlights(spans: readonly ScanSpan[]): Highlight[] {
  const sorted = [...spans].filter((s) => s.end > s.begin).sort((a, b) => a.begin - b.begin || a.end - b.end);
  const out: Highlight[] = [];
  for (const span of sorted) {
    const name = labelName(span);
    const last = out.at(-1);
    if (last && span.begin <= last.end) {
      last.end = Math.max(last.end, span.end);
      if (!last.labels.includes(name)) last.labels.push(name);
      last.spans.push(span);
    } else {
      out.push({ begin: span.begin, end: span.end, labels: [name], spans: [span] });
    }
  }
  return out;
}

const CATEGORY_NAMES: Record<string, string> = {
  substance_use: 'Substance use',
  hiv: 'HIV',
  std: 'Sexually transmitted infection',
  mental_health: 'Mental health',
  reproductive: 'Reproductive health',
  genetic: 'Genetic information',
  identifier: 'Identifier',
};

const LABEL_NAMES: Record<string, string> = {
  hiv: 'HIV',
  sud: 'Substance use disorder',
  std: 'Sexually transmitted infection',
  mental_health: 'Mental health',
  reproductive: 'Reproductive health',
  genetic: 'Genetic information',
};

// A sensitivity label of the policy vocabulary in words: "sud" → "Substance use disorder".
export function sensitivityName(label: string): string {
  return LABEL_NAMES[label] ?? words(label);
}

// "hiv" → "HIV"; an identifier names its term ("Identifier: ssn").
export function labelName(span: Pick<ScanSpan, 'category' | 'term'>): string {
  const name = CATEGORY_NAMES[span.category] ?? words(span.category);
  return span.category === 'identifier' && span.term ? `${name}: ${span.term.replace(/_/g, ' ')}` : name;
}

export const REDACTION_REASONS: readonly [string, string][] = [
  ['third_party', 'Third-party information'],
  ['psychotherapy_notes', 'Psychotherapy notes'],
  ['part2', 'Substance use treatment (42 CFR Part 2)'],
  ['harm', 'Risk of harm'],
  ['minor_consented', 'Care the minor consented to'],
  ['other', 'Other (say why)'],
];

export function reasonName(reason: string): string {
  return REDACTION_REASONS.find(([code]) => code === reason)?.[1].replace(' (say why)', '') ?? words(reason);
}

// A reason the form can send: "other" needs words (1..500 bytes, no control characters).
export function reasonProblem(reason: string, text: string): string | null {
  if (!REDACTION_REASONS.some(([code]) => code === reason)) return 'Choose a reason.';
  const trimmed = text.trim();
  if (reason === 'other' && trimmed === '') return 'Say why: the reason "other" needs words.';
  if (new TextEncoder().encode(trimmed).length > 500) return 'At most 500 bytes.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'No line breaks or control characters.';
  return null;
}

// One stretch of the document's text: `from`/`to` are string indices, `redacted` when a stored
// redaction covers it, `highlight` the index of the merged highlight it is in (or -1).
export interface Piece {
  text: string;
  from: number;
  to: number;
  redacted: boolean;
  highlight: number;
}

// Cuts the text at every boundary of the highlights and redactions (byte offsets; ones that do not
// fall on a character boundary are ignored, never cut through a character).
export function pieces(text: string, highlights: readonly Highlight[], redacted: readonly { begin: number; end: number }[]): Piece[] {
  const index = indexByByte(byteOffsets(text));
  const toIndex = (byte: number) => index.get(byte) ?? -1;
  const marks = highlights.map((h) => [toIndex(h.begin), toIndex(h.end)] as const);
  const cuts = redacted.map((r) => [toIndex(r.begin), toIndex(r.end)] as const).filter(([a, b]) => a >= 0 && b > a);
  const bounds = new Set<number>([0, text.length]);
  marks.forEach(([a, b]) => {
    if (a >= 0 && b > a) {
      bounds.add(a);
      bounds.add(b);
    }
  });
  cuts.forEach(([a, b]) => {
    bounds.add(a);
    bounds.add(b);
  });
  const sorted = [...bounds].sort((a, b) => a - b);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const from = sorted[i] as number;
    const to = sorted[i + 1] as number;
    if (to <= from) continue;
    const highlight = marks.findIndex(([a, b]) => a >= 0 && a <= from && to <= b);
    out.push({ text: text.slice(from, to), from, to, redacted: cuts.some(([a, b]) => a <= from && to <= b), highlight });
  }
  return out;
}

// Consecutive pieces of the same highlight go in one <mark>.
export function groupPieces(list: readonly Piece[]): { highlight: number; pieces: Piece[] }[] {
  const out: { highlight: number; pieces: Piece[] }[] = [];
  for (const piece of list) {
    const last = out.at(-1);
    if (last && last.highlight === piece.highlight && piece.highlight >= 0) last.pieces.push(piece);
    else out.push({ highlight: piece.highlight, pieces: [piece] });
  }
  return out;
}

// Whether a byte span is covered entirely by the stored redactions of the document.
export function isRedacted(span: { begin: number; end: number }, redacted: readonly { begin: number; end: number }[]): boolean {
  const sorted = [...redacted].sort((a, b) => a.begin - b.begin);
  let reach = span.begin;
  for (const r of sorted) {
    if (r.begin > reach) break;
    reach = Math.max(reach, r.end);
    if (reach >= span.end) return true;
  }
  return false;
}

// Where a redaction applies, in words: "Page 2" or "Bytes 10–14".
export function redactionPlace(r: RedactionItem): string {
  return r.span ? `Text, bytes ${r.span.begin}–${r.span.end}` : `Page ${r.page}`;
}

// --- release and delivery ------------------------------------------------------------------------

export const MEDIA: readonly [string, string][] = [
  ['download_link', 'Secure link'],
  ['email_link', 'Secure link by email'],
  ['mail', 'Mail'],
  ['fax', 'Fax'],
  ['pickup', 'Pickup in person'],
];

export function mediumName(medium: string): string {
  return MEDIA.find(([code]) => code === medium)?.[1] ?? words(medium);
}

// A link the server answers as a path (no delivery.base_url configured) made absolute.
export function absoluteLink(url: string, origin: string): string {
  return url.startsWith('/') ? `${origin}${url}` : url;
}

export const isLinkMedium = (medium: string) => medium === 'download_link' || medium === 'email_link';

// What the address field means for each medium (none for a staff-handled link or pickup).
export function addressLabel(medium: string): string | null {
  switch (medium) {
    case 'email_link':
      return 'Email address';
    case 'mail':
      return 'Mailing address';
    case 'fax':
      return 'Fax number';
    default:
      return null;
  }
}

export interface DeliveryForm {
  medium: string;
  recipient: string;
  address: string;
  tracking_number: string;
}

const bytes = (s: string) => new TextEncoder().encode(s).length;

// The form's own checks, as the server's (src/domain/delivery.cc): field → message.
export function deliveryProblems(form: DeliveryForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!MEDIA.some(([code]) => code === form.medium)) problems.medium = 'Choose how the records go.';
  const recipient = form.recipient.trim();
  if (recipient === '') problems.recipient = 'Enter the recipient.';
  else if (bytes(recipient) > 300) problems.recipient = 'At most 300 bytes.';
  const label = addressLabel(form.medium);
  if (label && form.address.trim() === '') problems.address = `Enter the ${label.toLowerCase()}.`;
  else if (form.medium === 'email_link' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.address.trim())) {
    problems.address = 'Enter an email address such as name@example.org.';
  } else if (bytes(form.address) > 1000) problems.address = 'At most 1000 bytes.';
  if (bytes(form.tracking_number.trim()) > 100) problems.tracking_number = 'At most 100 bytes.';
  return problems;
}

// The body of POST /api/v1/requests/{id}/deliveries: only the fields the medium uses.
export function deliveryBody(form: DeliveryForm): Record<string, string> {
  const body: Record<string, string> = { medium: form.medium, recipient: form.recipient.trim() };
  if (addressLabel(form.medium)) body.address = form.address.trim();
  if (!isLinkMedium(form.medium) && form.tracking_number.trim() !== '') body.tracking_number = form.tracking_number.trim();
  return body;
}

// A packet can be built from ready-to-release on; deliveries need the release (its disclosure).
export const mayBuildPacket = (state: string) => state === 'ready_to_release' || state === 'released';
export const mayDeliver = (state: string) => state === 'released';

// "a1b2c3…" → "a1b2 c3d4 …": a long hex digest in groups of 8, easier to read aloud and compare.
export function groupHex(hex: string): string {
  return (hex.match(/.{1,8}/g) ?? []).join(' ');
}
