// The HTTP API client: JSON in and out, the session cookie sent by the browser, and the CSRF token
// (from sign-in or /auth/me) sent as X-CSRF-Token on every unsafe request.  Every failure becomes
// an ApiError carrying the server's error shape: {"error":{"code","message","details"}}.

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export interface User {
  id: number;
  email: string;
  display_name: string;
  role: string;
}

export interface Session {
  user: User;
  csrf_token: string;
}

let csrfToken = '';
let sessionEnded: (() => void) | null = null;
let breakGlass: ((error: ApiError) => Promise<boolean>) | null = null;

// Called when a call is refused with break_glass_required (a patient outside the caller's
// assignments); resolving true retries the call once (src/break_glass.ts asks for the reason).
export function onBreakGlassRequired(handler: (error: ApiError) => Promise<boolean>): void {
  breakGlass = handler;
}

// Called when a signed-in call answers 401 (the session expired or was ended elsewhere).
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Reads the server's error shape, or describes what came back instead.
async function toError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall through to a generic message.
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } })
    ?.error;
  if (error && typeof error.message === 'string') {
    const details = Array.isArray(error.details)
      ? (error.details as ErrorDetail[]).filter(
          (d) => d && typeof d.path === 'string' && typeof d.message === 'string',
        )
      : [];
    return new ApiError(
      response.status,
      typeof error.code === 'string' ? error.code : 'UNKNOWN',
      error.message,
      details,
    );
  }
  return new ApiError(response.status, 'UNKNOWN', `The server answered ${response.status}.`);
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  try {
    return await requestOnce<T>(method, path, body);
  } catch (error) {
    const refused = error instanceof ApiError && error.status === 403 &&
      error.details.some((d) => d.path === 'break_glass' && d.message === 'break_glass_required');
    if (!refused || !breakGlass || path.endsWith('/break-glass')) throw error;
    if (!(await breakGlass(error))) throw error;
    return requestOnce<T>(method, path, body);
  }
}

async function requestOnce<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server could not be reached. Check your connection.');
  }
  if (!response.ok) {
    const error = await toError(response);
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) sessionEnded?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export async function login(organization: string, email: string, password: string) {
  const session = await request<Session>('POST', '/api/v1/auth/login', {
    organization,
    email,
    password,
  });
  setCsrfToken(session.csrf_token);
  return session;
}

// The current session, or null when nobody is signed in (401).
export async function me(): Promise<Session | null> {
  try {
    const session = await request<Session>('GET', '/api/v1/auth/me');
    setCsrfToken(session.csrf_token);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function logout(): Promise<void> {
  await request<void>('POST', '/api/v1/auth/logout');
  setCsrfToken('');
}
