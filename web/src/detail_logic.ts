// The request page's logic beyond requests.ts, free of the DOM so the unit tests can check it:
// the decision explained document by document (each reason with the rules that gave it and their
// citations), one timeline of transitions and deadline notices, money in cents ↔ dollars, and
// which form field a server message names.
import { type Decision, words } from './requests';

export interface DocumentExplanation {
  id: string;
  action: string; // release, withhold, …
  reasons: { code: string; text: string; rules: { code: string; cite: string }[] }[];
}

// A document's reason ("PSYCHOTHERAPY_NOTES") is explained by the rules whose code names it
// ("ACCESS_EXCLUDES_PSYCHOTHERAPY_NOTES"); a reason no rule names is shown with its words alone.
export function explainDocuments(decision: Decision | null | undefined): DocumentExplanation[] {
  if (!decision) return [];
  const rules = decision.rules ?? [];
  return (decision.documents ?? []).map((doc) => ({
    id: doc.id,
    action: doc.action,
    reasons: doc.reasons.map((code) => ({
      code,
      text: words(code),
      rules: rules.filter((r) => r.code === code || r.code.endsWith(`_${code}`) || r.code.includes(`_${code}_`))
        .map((r) => ({ code: r.code, cite: r.cite })),
    })),
  }));
}

export interface HistoryEntry {
  action: string;
  from: string;
  to: string;
  actor_id: number;
  at_micros: number;
  note: string;
}

export interface NoticeEntry {
  id: string;
  kind: string;
  due_on: string | null;
  message: string;
  raised_micros: number;
}

export type TimelineEntry =
  | { type: 'transition'; at: number; entry: HistoryEntry }
  | { type: 'notice'; at: number; entry: NoticeEntry };

// Transitions and deadline notices in one list, oldest first (a notice raised in the same
// microsecond as a transition comes after it).
export function timelineEntries(history: HistoryEntry[], notices: NoticeEntry[] = []): TimelineEntry[] {
  const all: TimelineEntry[] = [
    ...history.map((entry) => ({ type: 'transition' as const, at: entry.at_micros, entry })),
    ...notices.map((entry) => ({ type: 'notice' as const, at: entry.raised_micros, entry })),
  ];
  return all
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.at - b.item.at || (a.item.type === b.item.type ? a.index - b.index : a.item.type === 'transition' ? -1 : 1))
    .map(({ item }) => item);
}

// 1250 → "$12.50"; -5 → "-$0.05".
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

// "12.50", "$12.5", "12" → 1250; anything else (negative, three decimals, letters) → null.
export function parseDollars(text: string): number | null {
  const match = /^\$?\s*(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/,/g, ''));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

// The field a server message names when it has no details: "reference: a card payment needs …"
// "training_attested_on must be YYYY-MM-DD" or "user email must be …" → "reference" /
// "training_attested_on" / "email", when that is one of `fields`.
export function fieldOfMessage(message: string, fields: readonly string[]): string | null {
  const match = /^\/?(?:user\s+)?([a-z_]+)\b/.exec(message.trim());
  if (!match) return null;
  const name = match[1]!;
  return fields.includes(name) ? name : null;
}

// Which role may complete which kind of review: a copy of RoleMayComplete in
// src/domain/review.cc, used to decide where to offer the completion form (the server decides).
export function mayCompleteReview(kind: string, role: string): boolean {
  switch (kind) {
    case 'clinician':
    case 'licensed_professional':
      return role === 'clinician';
    case 'supervisor':
      return role === 'supervisor' || role === 'privacy_officer';
    case 'quality_check':
      return ['roi_specialist', 'clinician', 'supervisor', 'privacy_officer'].includes(role);
    default:
      return false;
  }
}

// Who may complete a kind of review, in words.
export function reviewerOf(kind: string): string {
  switch (kind) {
    case 'clinician':
    case 'licensed_professional':
      return 'a clinician';
    case 'supervisor':
      return 'a supervisor or privacy officer';
    default:
      return 'someone other than who prepared the release';
  }
}

// "3, 5 7" → [3, 5, 7]; null when anything but positive integers is there.
export function parseIds(text: string): number[] | null {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  if (!parts.every((p) => /^\d{1,15}$/.test(p) && Number(p) > 0)) return null;
  return [...new Set(parts.map(Number))];
}
