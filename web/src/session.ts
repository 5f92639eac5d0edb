/**
 * Who is signed in, and the requests that change it (`/api/session`, `/api/setup`).
 *
 * A person is either an account (signed in with a password) or a guest (who joined from an
 * invitation link); both hold a session, an HttpOnly cookie the page never sees. What the page keeps
 * is who it is and the CSRF token from the last session answer, in memory only (after a reload,
 * `refresh()` asks `GET /api/session` again). Every cookie-authenticated request that changes
 * something must carry that token as `X-CSRF-Token`, or the server refuses it (403): `csrfHeaders`
 * says which.
 */

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly facilitator: boolean;
}

/** Someone who joined from an invitation link, without an account. */
export interface Guest {
  readonly id: string;
  readonly name: string;
}

/**
 * What the page knows of who is using it: `unknown` until the server answered (or while it cannot
 * be reached), `anonymous` when it said nobody (401).
 */
export type SessionStatus = 'unknown' | 'anonymous' | 'user' | 'guest';

/** The server's limits on passwords (characters). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Why a session request was refused, in terms a screen can explain:
 * - `credentials`: wrong email or password (sign-in);
 * - `current-password`: the current password given to change it is wrong;
 * - `account-exists`: set-up was already done (409);
 * - `invalid-link`: the set-up link is wrong, expired or used (401 on set-up);
 * - `rate-limited`: too many attempts (429), retry after `retryAfterSeconds`;
 * - `invalid`: the server refused the input (400), `detail` says why;
 * - `signed-out`: the session expired or lacks its CSRF proof (401/403 on a signed-in change);
 * - `unavailable`: this server has no accounts (404);
 * - `network`: no answer; `server`: anything else.
 */
export type SessionFailure =
  | 'credentials'
  | 'current-password'
  | 'account-exists'
  | 'invalid-link'
  | 'rate-limited'
  | 'invalid'
  | 'signed-out'
  | 'unavailable'
  | 'network'
  | 'server';

export class SessionError extends Error {
  constructor(
    readonly failure: SessionFailure,
    readonly status: number,
    readonly detail: string,
    /** Seconds to wait before trying again, for `rate-limited` (undefined when the server did not say). */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${failure} (${status}): ${detail}`);
  }
}

type Operation = 'sign-in' | 'setup' | 'change-password' | 'sign-out';

/** What a refusal of `operation` with `status` means. */
export function failureFor(operation: Operation, status: number): SessionFailure {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return operation === 'sign-in'
        ? 'credentials'
        : operation === 'setup'
          ? 'invalid-link'
          : operation === 'change-password'
            ? 'current-password'
            : 'signed-out';
    case 403:
      return 'signed-out';
    case 404:
      return 'unavailable';
    case 409:
      return 'account-exists';
    case 429:
      return 'rate-limited';
    default:
      return 'server';
  }
}

/** `Retry-After` as seconds from `now`: either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null) {
    return undefined;
  }
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The path to go to after signing in, from `?next=`: only a path of this origin, never another
 * site (`//evil.example`, `https://…`, `/\evil.example`), never the sign-in page itself; `/` otherwise.
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return '/';
  }
  // Browsers drop tabs and newlines from URLs, so `/\t/evil.example` would become `//evil.example`.
  if (/[\u0000-\u001f\u007f]/.test(next)) {
    return '/';
  }
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(origin).origin || url.pathname === '/signin' || url.pathname === '/setup') {
    return '/';
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Methods that change something, and so need the CSRF proof when signed in. */
export function isChange(method: string | undefined): boolean {
  const upper = (method ?? 'GET').toUpperCase();
  return upper !== 'GET' && upper !== 'HEAD' && upper !== 'OPTIONS';
}

type SessionAnswer =
  | { readonly user: User; readonly guest?: undefined; readonly csrfToken: string }
  | { readonly guest: Guest; readonly user?: undefined; readonly csrfToken: string };

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { id, email, name, facilitator } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof email === 'string' && typeof name === 'string' && typeof facilitator === 'boolean';
}

function isGuest(value: unknown): value is Guest {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const { id, name } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof name === 'string';
}

/** `GET /api/session`'s answer: `{user, csrfToken}` or `{guest, csrfToken}`. */
export function parseSessionAnswer(value: unknown): SessionAnswer | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { user, guest, csrfToken } = value as { user?: unknown; guest?: unknown; csrfToken?: unknown };
  if (typeof csrfToken !== 'string') {
    return undefined;
  }
  if (isUser(user)) {
    return { user, csrfToken };
  }
  return isGuest(guest) ? { guest, csrfToken } : undefined;
}

/** How long the start-up question "who is signed in?" may take before the page goes on as a guest. */
const REFRESH_TIMEOUT_MS = 5000;

export class Session {
  readonly #fetch: FetchLike;
  #user: User | undefined;
  #guest: Guest | undefined;
  #known = false;
  #csrfToken: string | undefined;
  /** False until the server said whether it has accounts (a 404 on `GET /api/session` says it has not). */
  #accounts = true;
  readonly #listeners = new Set<() => void>();

  constructor(fetchImpl: FetchLike) {
    this.#fetch = fetchImpl;
  }

  /** The signed-in account, if the session is one. */
  get user(): User | undefined {
    return this.#user;
  }

  /** The guest, if the session is one. */
  get guest(): Guest | undefined {
    return this.#guest;
  }

  get status(): SessionStatus {
    return this.#user !== undefined ? 'user' : this.#guest !== undefined ? 'guest' : this.#known ? 'anonymous' : 'unknown';
  }

  /** The name the person is shown under (account or guest). */
  get name(): string | undefined {
    return this.#user?.name ?? this.#guest?.name;
  }

  /** Whether this server offers accounts (false once `GET /api/session` answered 404). */
  get accountsAvailable(): boolean {
    return this.#accounts;
  }

  /** The CSRF token of the current session (an account's or a guest's), if any. */
  csrfToken(): string | undefined {
    return this.#csrfToken;
  }

  /** The headers a request with `method` must add: the CSRF proof, for a change while signed in. */
  csrfHeaders(method: string | undefined): Record<string, string> {
    return this.#csrfToken !== undefined && isChange(method) ? { 'X-CSRF-Token': this.#csrfToken } : {};
  }

  /** Runs `listener` after every sign-in or sign-out, until the returned function is called. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Asks the server who is signed in. Never fails: without an answer (offline, timeout) the page
   * keeps what it knew (`unknown` at first).
   */
  async refresh(): Promise<SessionStatus> {
    let response: Response;
    try {
      response = await this.#fetch('/api/session', {
        method: 'GET',
        headers: { Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'same-origin',
        signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS),
      });
    } catch {
      return this.status;
    }
    if (response.ok) {
      const payload: unknown = await response.json().catch(() => undefined);
      this.#set(parseSessionAnswer(payload));
    } else if (response.status === 401 || response.status === 404) {
      this.#accounts = response.status !== 404;
      this.#set(undefined);
    }
    return this.status;
  }

  async signIn(email: string, password: string): Promise<User> {
    return this.#signedIn(await this.#send('sign-in', 'POST', '/api/session', { email, password }));
  }

  /** Creates the first facilitator from the one-time set-up link's token, and signs them in. */
  async setup(token: string, email: string, name: string, password: string): Promise<User> {
    return this.#signedIn(await this.#send('setup', 'POST', '/api/setup', { token, email, name, password }));
  }

  async changePassword(current: string, next: string): Promise<void> {
    await this.#send('change-password', 'POST', '/api/session/password', { current, new: next });
  }

  /**
   * Signs out (a guest leaves: without the invitation link they cannot come back). The page
   * forgets the session even when the server could not be told (it may have expired already); a
   * network failure is still reported, since the cookie may live on.
   */
  async signOut(): Promise<void> {
    try {
      await this.#send('sign-out', 'DELETE', '/api/session');
    } catch (error) {
      if (error instanceof SessionError && error.failure === 'network') {
        throw error;
      }
    }
    this.#set(undefined);
  }

  #signedIn(payload: unknown): User {
    const answer = parseSessionAnswer(payload);
    if (answer?.user === undefined) {
      throw new SessionError('server', 200, 'the server answered without a user and a CSRF token');
    }
    this.#set(answer);
    return answer.user;
  }

  #set(answer: SessionAnswer | undefined): void {
    const before = `${this.status}:${this.#user?.id ?? this.#guest?.id ?? ''}:${this.name ?? ''}`;
    this.#known = true;
    this.#user = answer?.user;
    this.#guest = answer?.guest;
    this.#csrfToken = answer?.csrfToken;
    if (before !== `${this.status}:${this.#user?.id ?? this.#guest?.id ?? ''}:${this.name ?? ''}`) {
      for (const listener of [...this.#listeners]) {
        listener();
      }
    }
  }

  async #send(operation: Operation, method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json', ...this.csrfHeaders(method) };
    const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await this.#fetch(path, init);
    } catch {
      throw new SessionError('network', 0, 'no answer from the server');
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = (payload ?? {}) as { detail?: unknown; title?: unknown };
      const detail =
        typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : response.statusText;
      const failure = failureFor(operation, response.status);
      throw new SessionError(
        failure,
        response.status,
        detail,
        failure === 'rate-limited' ? retryAfterSeconds(response.headers.get('Retry-After')) : undefined,
      );
    }
    return payload;
  }
}
