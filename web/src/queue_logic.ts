// The work queue's logic, free of the DOM so the unit tests can check it: how old a request's
// deadline is (the aging level and the words shown beside its colour), the queue's filters as the
// query of GET /api/v1/requests, and saved views (named filter sets) encoded for storage.

export type AgingLevel = 'overdue' | 'due-soon' | 'on-track' | 'no-deadline' | 'closed';

export interface Aging {
  level: AgingLevel;
  days: number | null; // Days until the due date (negative: days past it); null without one.
  label: string; // The words shown with the colour: never colour alone.
}

// Days from `from` to `to`, both YYYY-MM-DD (UTC calendar days).
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

const OPEN = new Set([
  'received', 'verifying', 'pending_information', 'retrieving', 'in_review', 'awaiting_payment',
  'ready_to_release', 'on_hold',
]);

// Due within this many days (and not past): "due soon".
export const DUE_SOON_DAYS = 5;

// The aging of a request's deadline on `today`.  Closed requests (released, denied, cancelled,
// closed) do not age.
export function agingOf(dueOn: string | null | undefined, state: string, today: string): Aging {
  if (!OPEN.has(state)) return { level: 'closed', days: null, label: 'Closed' };
  if (!dueOn) return { level: 'no-deadline', days: null, label: 'No legal deadline' };
  const days = daysBetween(today, dueOn);
  if (days < 0) {
    return { level: 'overdue', days, label: `Overdue by ${-days} day${days === -1 ? '' : 's'}` };
  }
  if (days === 0) return { level: 'due-soon', days, label: 'Due today' };
  if (days <= DUE_SOON_DAYS) {
    return { level: 'due-soon', days, label: `Due in ${days} day${days === 1 ? '' : 's'}` };
  }
  return { level: 'on-track', days, label: `Due in ${days} days` };
}

// The queue's filters.  `assignee`: '' anyone, 'me' the caller, or a user id in digits.
export interface QueueFilters {
  status: string; // '' any open state, or one state name.
  assignee: string;
  overdue: boolean;
  sort: 'due_on' | 'received';
  requesterRole: string; // '' any.
}

export const DEFAULT_FILTERS: QueueFilters = {
  status: '',
  assignee: '',
  overdue: false,
  sort: 'due_on',
  requesterRole: '',
};

export const QUEUE_STATES = [
  'received', 'verifying', 'pending_information', 'retrieving', 'in_review', 'awaiting_payment',
  'ready_to_release', 'on_hold', 'released', 'denied', 'cancelled', 'closed',
] as const;

// As the intake form's requester roles (src/views/intake.ts).
export const REQUESTER_ROLES = [
  'patient', 'personal_representative', 'parent', 'guardian', 'executor', 'provider', 'health_plan',
  'insurer', 'attorney', 'court', 'law_enforcement', 'public_health_authority',
  'workers_comp_carrier', 'researcher', 'employer', 'government_agency', 'other',
] as const;

// The query string of GET /api/v1/requests for the filters (the caller's id stands for "me").
// The free-text search is not a filter here: it may hold a patient's name or MRN, which must not
// go into a URL that is logged, nor into a saved view.
export function queueQuery(filters: QueueFilters, myId: number, limit = 100): string {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.overdue) params.set('overdue', 'true');
  const assignee = filters.assignee === 'me' ? String(myId) : filters.assignee;
  if (assignee) params.set('assignee', assignee);
  if (filters.requesterRole) params.set('requester_role', filters.requesterRole);
  params.set('sort', filters.sort);
  params.set('limit', String(limit));
  return params.toString();
}

// Reads filters from anything (a stored value, a form), keeping only known, well-formed values;
// null when it is not an object.
export function normalizeFilters(value: unknown): QueueFilters | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const status = typeof v.status === 'string' && (QUEUE_STATES as readonly string[]).includes(v.status) ? v.status : '';
  const assignee = typeof v.assignee === 'string' && /^(me|\d{1,18})$/.test(v.assignee) ? v.assignee : '';
  const role = typeof v.requesterRole === 'string' && (REQUESTER_ROLES as readonly string[]).includes(v.requesterRole)
    ? v.requesterRole : '';
  return {
    status,
    assignee,
    overdue: v.overdue === true,
    sort: v.sort === 'received' ? 'received' : 'due_on',
    requesterRole: role,
  };
}

export interface SavedView {
  id: number; // The server's id (0 before it is saved).
  name: string;
  filters: QueueFilters;
}

export const MAX_VIEW_NAME = 60;
export const MAX_VIEWS = 20;
export const QUEUE_SCREEN = 'queue';

// Problems with a new view's name, or null when it may be saved.
export function viewNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name for the view.';
  if (new TextEncoder().encode(trimmed).length > MAX_VIEW_NAME) return `Use at most ${MAX_VIEW_NAME} characters.`;
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'Use letters, digits, spaces and punctuation only.';
  return null;
}

// The body of POST /api/v1/saved-views for the queue's current filters.
export function viewBody(name: string, filters: QueueFilters) {
  return { screen: QUEUE_SCREEN, name: name.trim(), filters };
}

// The views in GET /api/v1/saved-views's answer ({"views":[{id, name, filters}]}), by name.
// Malformed entries are dropped and filters are read with normalizeFilters, so a view stored by
// another version of the UI never breaks the queue.
export function decodeViews(answer: unknown): SavedView[] {
  const list = (answer as { views?: unknown } | null)?.views;
  if (!Array.isArray(list)) return [];
  const views: SavedView[] = [];
  for (const entry of list as unknown[]) {
    const e = entry as { id?: unknown; name?: unknown; filters?: unknown } | null;
    if (typeof e !== 'object' || e === null || typeof e.name !== 'string' || typeof e.id !== 'number') continue;
    if (!Number.isInteger(e.id) || e.id <= 0 || viewNameProblem(e.name) !== null) continue;
    const filters = normalizeFilters(e.filters);
    if (!filters || views.some((v) => v.name === e.name)) continue;
    views.push({ id: e.id, name: e.name, filters });
  }
  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// Adds or replaces the view of that name.
export function upsertView(views: SavedView[], view: SavedView): SavedView[] {
  const rest = views.filter((v) => v.name !== view.name);
  return [...rest, view].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
