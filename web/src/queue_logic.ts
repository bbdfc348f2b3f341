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
  name: string;
  filters: QueueFilters;
}

export const MAX_VIEW_NAME = 60;
export const MAX_VIEWS = 20;

// Problems with a new view's name, or null when it may be saved.
export function viewNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name for the view.';
  if (trimmed.length > MAX_VIEW_NAME) return `Use at most ${MAX_VIEW_NAME} characters.`;
  return null;
}

// Saved views as stored: {"v":1,"views":[{name, filters}]}, sorted by name.
export function encodeViews(views: SavedView[]): string {
  const sorted = [...views].sort((a, b) => a.name.localeCompare(b.name));
  return JSON.stringify({ v: 1, views: sorted.map((view) => ({ name: view.name, filters: view.filters })) });
}

// The saved views in a stored string; anything unreadable or of another version gives none, and
// malformed entries are dropped (storage is the user's and may hold anything).
export function decodeViews(text: string | null): SavedView[] {
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const root = parsed as { v?: unknown; views?: unknown };
  if (typeof parsed !== 'object' || parsed === null || root.v !== 1 || !Array.isArray(root.views)) return [];
  const views: SavedView[] = [];
  for (const entry of root.views as unknown[]) {
    const e = entry as { name?: unknown; filters?: unknown };
    if (typeof entry !== 'object' || entry === null || typeof e.name !== 'string') continue;
    if (viewNameProblem(e.name) !== null) continue;
    const filters = normalizeFilters(e.filters);
    if (!filters || views.some((v) => v.name === e.name)) continue;
    views.push({ name: e.name.trim(), filters });
  }
  return views.slice(0, MAX_VIEWS);
}

// Adds or replaces the view of that name.
export function upsertView(views: SavedView[], view: SavedView): SavedView[] {
  const rest = views.filter((v) => v.name !== view.name);
  return [...rest, view].sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_VIEWS);
}

// The storage key of a user's saved views: per organization user id, so people sharing a browser
// profile keep their own.
export function viewsKey(userId: number): string {
  return `openroi.queue-views.user-${userId}`;
}
