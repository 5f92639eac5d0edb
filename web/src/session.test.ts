import { afterEach, describe, expect, it } from 'vitest';
import { Api } from './api';
import { setLanguage } from './i18n';
import { parseRoute, signInPath } from './router';
import { setupToken } from './screens/setup';
import { Session, SessionError, failureFor, retryAfterSeconds, safeNext, type FetchLike } from './session';
import { sessionErrorText, waitText } from './session-text';

const ORIGIN = 'https://cahier.example';
const USER = { id: 'u1', email: 'ada@example.org', name: 'Ada', facilitator: true };
const SIGNED_IN = { user: USER, csrfToken: 'csrf-123' };
const GUEST = { id: 'g1', name: 'Lou' };
const AS_GUEST = { guest: GUEST, csrfToken: 'csrf-guest' };

interface Sent {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** A fake `fetch` answering from a table of `METHOD path` → response, recording every request. */
function fakeFetch(routes: Record<string, () => Response>): FetchLike & { sent: Sent[] } {
  const sent: Sent[] = [];
  const fn = (async (input: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    const headers = { ...((init?.headers ?? {}) as Record<string, string>) };
    sent.push({ url: input, method, headers, body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined });
    const route = routes[`${method} ${input.split('?')[0]}`];
    if (route === undefined) {
      throw new TypeError('Failed to fetch');
    }
    return route();
  }) as FetchLike & { sent: Sent[] };
  fn.sent = sent;
  return fn;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function problem(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail: `detail of ${code}` }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

async function refused(promise: Promise<unknown>): Promise<SessionError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SessionError);
  return error as SessionError;
}

afterEach(() => setLanguage('en'));

describe('Session state', () => {
  it('learns who is signed in from GET /api/session, and that nobody is on 401', async () => {
    const signedIn = new Session(fakeFetch({ 'GET /api/session': () => json(200, SIGNED_IN) }));
    expect(await signedIn.refresh()).toBe('user');
    expect(signedIn.user).toEqual(USER);
    expect(signedIn.name).toBe('Ada');
    expect(signedIn.csrfToken()).toBe('csrf-123');

    const anonymous = new Session(fakeFetch({ 'GET /api/session': () => problem(401, 'unauthorized') }));
    expect(anonymous.status).toBe('unknown');
    expect(await anonymous.refresh()).toBe('anonymous');
    expect(anonymous.user).toBeUndefined();
    expect(anonymous.guest).toBeUndefined();
    expect(anonymous.csrfToken()).toBeUndefined();
    expect(anonymous.accountsAvailable).toBe(true);
  });

  it('learns a guest session from GET /api/session, with its CSRF token', async () => {
    const session = new Session(fakeFetch({ 'GET /api/session': () => json(200, AS_GUEST) }));
    let changes = 0;
    session.onChange(() => changes++);
    expect(await session.refresh()).toBe('guest');
    expect(session.guest).toEqual(GUEST);
    expect(session.user).toBeUndefined();
    expect(session.name).toBe('Lou');
    expect(session.csrfToken()).toBe('csrf-guest');
    expect(changes).toBe(1);
  });

  it('ignores a session answer of neither shape', async () => {
    const session = new Session(fakeFetch({ 'GET /api/session': () => json(200, { guest: { id: 3 }, csrfToken: 'x' }) }));
    expect(await session.refresh()).toBe('anonymous');
    expect(session.csrfToken()).toBeUndefined();
  });

  it('treats a 404 on GET /api/session as a server without accounts', async () => {
    const session = new Session(fakeFetch({ 'GET /api/session': () => new Response('Not Found', { status: 404 }) }));
    expect(await session.refresh()).toBe('anonymous');
    expect(session.accountsAvailable).toBe(false);
  });

  it('never fails to start when the server cannot be reached, and says it does not know', async () => {
    const session = new Session(fakeFetch({}));
    await expect(session.refresh()).resolves.toBe('unknown');
  });

  it('signs in, keeps the CSRF token in memory, tells listeners, and forgets it all on sign-out', async () => {
    const fetch = fakeFetch({
      'POST /api/session': () => json(200, SIGNED_IN),
      'DELETE /api/session': () => new Response(null, { status: 204 }),
    });
    const session = new Session(fetch);
    let changes = 0;
    session.onChange(() => changes++);
    expect(await session.signIn('ada@example.org', 'correct horse battery')).toEqual(USER);
    expect(fetch.sent[0]?.body).toEqual({ email: 'ada@example.org', password: 'correct horse battery' });
    expect(session.user).toEqual(USER);
    expect(changes).toBe(1);

    await session.signOut();
    expect(session.user).toBeUndefined();
    expect(session.csrfToken()).toBeUndefined();
    expect(changes).toBe(2);
  });

  it('sends set-up and password changes in the contract shape', async () => {
    const fetch = fakeFetch({
      'POST /api/setup': () => json(200, SIGNED_IN),
      'POST /api/session/password': () => new Response(null, { status: 204 }),
    });
    const session = new Session(fetch);
    await session.setup('tok', 'ada@example.org', 'Ada', 'a long enough password');
    await session.changePassword('a long enough password', 'another long password');
    expect(fetch.sent.map((s) => s.body)).toEqual([
      { token: 'tok', email: 'ada@example.org', name: 'Ada', password: 'a long enough password' },
      { current: 'a long enough password', new: 'another long password' },
    ]);
    expect(session.user).toEqual(USER);
  });

  it('refuses a sign-in answer without a user and a CSRF token', async () => {
    const session = new Session(fakeFetch({ 'POST /api/session': () => json(200, { user: USER }) }));
    expect((await refused(session.signIn('a@b', 'x'))).failure).toBe('server');
    expect(session.user).toBeUndefined();
  });
});

describe('CSRF proof', () => {
  it('is added to every change once signed in, and never to reads', async () => {
    const fetch = fakeFetch({
      'POST /api/session': () => json(200, SIGNED_IN),
      'POST /api/session/password': () => new Response(null, { status: 204 }),
      'DELETE /api/session': () => new Response(null, { status: 204 }),
      'GET /api/session': () => json(200, SIGNED_IN),
    });
    const session = new Session(fetch);
    await session.signIn('ada@example.org', 'pw');
    await session.refresh();
    await session.changePassword('pw', 'a new long password');
    await session.signOut();
    expect(fetch.sent.map((s) => [s.method, s.url, s.headers['X-CSRF-Token']])).toEqual([
      ['POST', '/api/session', undefined],
      ['GET', '/api/session', undefined],
      ['POST', '/api/session/password', 'csrf-123'],
      ['DELETE', '/api/session', 'csrf-123'],
    ]);
  });

  it('is added by Api to POST, PUT, PATCH and DELETE only while signed in', async () => {
    const fetch = fakeFetch({
      'POST /api/session': () => json(200, SIGNED_IN),
      'DELETE /api/session': () => new Response(null, { status: 204 }),
      'GET /api/workspaces': () => json(200, []),
      'POST /api/workspaces': () => json(201, { id: 'w', name: 'W', createdAt: 0 }),
    });
    const session = new Session(fetch);
    const api = new Api({ headers: (m) => session.csrfHeaders(m), fetch });

    await api.createWorkspace('nobody').catch(() => undefined);
    await session.signIn('ada@example.org', 'pw');
    await api.listWorkspaces();
    await api.createWorkspace('signed in');
    await session.signOut();
    await api.createWorkspace('signed out again');

    const workspaceCalls = fetch.sent.filter((s) => s.url.startsWith('/api/workspaces'));
    expect(workspaceCalls.map((s) => [s.method, s.headers['X-CSRF-Token']])).toEqual([
      ['POST', undefined],
      ['GET', undefined],
      ['POST', 'csrf-123'],
      ['POST', undefined],
    ]);
    // Nobody is named in the query any more: the session cookie says who asks.
    expect(workspaceCalls.every((s) => !s.url.includes('?'))).toBe(true);
  });

  it('is added for a guest too, once the guest session is known', async () => {
    const fetch = fakeFetch({
      'POST /api/invitations/tok/redeem': () => json(200, { workspace: { id: 'w' }, participant: { id: 'g1' }, csrfToken: 'csrf-guest' }),
      'GET /api/session': () => json(200, AS_GUEST),
      'POST /api/workspaces/w/documents': () => json(201, { id: 'd' }),
    });
    const session = new Session(fetch);
    const api = new Api({ headers: (m) => session.csrfHeaders(m), fetch });
    await api.redeemInvitation('tok', 'Lou', 'jurist');
    await session.refresh();
    await api.createDocument('w', 'Notes', 'note');
    expect(fetch.sent.map((s) => [s.method, s.url, s.headers['X-CSRF-Token'], s.body])).toEqual([
      ['POST', '/api/invitations/tok/redeem', undefined, { name: 'Lou', discipline: 'jurist' }],
      ['GET', '/api/session', undefined, undefined],
      ['POST', '/api/workspaces/w/documents', 'csrf-guest', { title: 'Notes', kind: 'note' }],
    ]);
  });

  it('covers every changing method and no reading one', async () => {
    const session = new Session(fakeFetch({ 'POST /api/session': () => json(200, SIGNED_IN) }));
    expect(session.csrfHeaders('POST')).toEqual({});
    await session.signIn('ada@example.org', 'pw');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'delete']) {
      expect(session.csrfHeaders(method), method).toEqual({ 'X-CSRF-Token': 'csrf-123' });
    }
    for (const method of ['GET', 'HEAD', 'OPTIONS', undefined]) {
      expect(session.csrfHeaders(method), String(method)).toEqual({});
    }
  });
});

describe('refusals', () => {
  it('maps 401 by what was asked: credentials, set-up link, current password', async () => {
    const session = new Session(
      fakeFetch({
        'POST /api/session': () => problem(401, 'invalid-credentials'),
        'POST /api/setup': () => problem(401, 'invalid-setup-token'),
        'POST /api/session/password': () => problem(401, 'wrong-password'),
      }),
    );
    expect((await refused(session.signIn('a@b', 'x'))).failure).toBe('credentials');
    expect((await refused(session.setup('t', 'a@b', 'A', 'xxxxxxxxxx'))).failure).toBe('invalid-link');
    expect((await refused(session.changePassword('x', 'yyyyyyyyyy'))).failure).toBe('current-password');
    expect(failureFor('sign-out', 401)).toBe('signed-out');
  });

  it('maps 409 on set-up to "an account already exists"', async () => {
    const session = new Session(fakeFetch({ 'POST /api/setup': () => problem(409, 'already-set-up') }));
    const error = await refused(session.setup('t', 'a@b', 'A', 'xxxxxxxxxx'));
    expect(error.failure).toBe('account-exists');
    expect(error.status).toBe(409);
    expect(session.user).toBeUndefined();
  });

  it('maps 429 to rate-limited with the wait from Retry-After', async () => {
    const session = new Session(fakeFetch({ 'POST /api/session': () => problem(429, 'rate-limited', { 'Retry-After': '42' }) }));
    const error = await refused(session.signIn('a@b', 'x'));
    expect(error.failure).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(42);
  });

  it('maps 400, 403, 404, 5xx and no answer', async () => {
    expect(failureFor('setup', 400)).toBe('invalid');
    expect(failureFor('change-password', 403)).toBe('signed-out');
    expect(failureFor('sign-in', 404)).toBe('unavailable');
    expect(failureFor('sign-in', 500)).toBe('server');
    const offline = new Session(fakeFetch({}));
    expect((await refused(offline.signIn('a@b', 'x'))).failure).toBe('network');
  });

  it('keeps the problem detail of a 400 for the user to read', async () => {
    const session = new Session(fakeFetch({ 'POST /api/setup': () => problem(400, 'password-too-short') }));
    expect((await refused(session.setup('t', 'a@b', 'A', 'x'))).detail).toBe('detail of password-too-short');
  });

  it('forgets the session on sign-out even when the server says it had expired, but not when offline', async () => {
    const expired = new Session(
      fakeFetch({ 'POST /api/session': () => json(200, SIGNED_IN), 'DELETE /api/session': () => problem(401, 'unauthenticated') }),
    );
    await expired.signIn('a@b', 'x');
    await expired.signOut();
    expect(expired.user).toBeUndefined();

    const routes: Record<string, () => Response> = { 'POST /api/session': () => json(200, SIGNED_IN) };
    const offline = new Session(fakeFetch(routes));
    await offline.signIn('a@b', 'x');
    expect((await refused(offline.signOut())).failure).toBe('network');
    expect(offline.user).toEqual(USER);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(' 7 ')).toBe(7);
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(retryAfterSeconds('Tue, 01 Jan 2030 00:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Mon, 31 Dec 2029 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });

  it('says what went wrong and when to retry, in French and English', () => {
    setLanguage('fr');
    expect(sessionErrorText(new SessionError('credentials', 401, ''))).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(sessionErrorText(new SessionError('rate-limited', 429, '', 30))).toBe('Trop de tentatives. Réessayez dans 30 secondes.');
    setLanguage('en');
    expect(sessionErrorText(new SessionError('rate-limited', 429, '', 150))).toBe('Too many attempts. Try again in 3 minutes.');
    expect(sessionErrorText(new SessionError('rate-limited', 429, ''))).toBe('Too many attempts. Try again later.');
    expect(sessionErrorText(new SessionError('account-exists', 409, ''))).toMatch(/already exists/);
    expect(sessionErrorText(new SessionError('invalid-link', 401, ''))).toMatch(/invalid, expired or already used/);
    expect(sessionErrorText(new SessionError('invalid', 400, 'password too short'))).toBe('Refused by the server: password too short');
    expect(sessionErrorText(new SessionError('network', 0, ''))).toMatch(/cannot be reached/);
    expect(waitText(1)).toBe('1 second');
    expect(waitText(90)).toBe('90 seconds');
    expect(waitText(91)).toBe('2 minutes');
    expect(waitText(60 * 60)).toBe('60 minutes');
  });
});

describe('where to go after signing in', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    expect(safeNext('/d/p3dq2b3uamugve8q', ORIGIN)).toBe('/d/p3dq2b3uamugve8q');
    expect(safeNext('/?workspace=w#top', ORIGIN)).toBe('/?workspace=w#top');
  });

  it('sends anything else home: other sites, scheme-relative and backslash tricks, the account pages', () => {
    for (const next of [
      null,
      undefined,
      '',
      'https://evil.example/',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'javascript:alert(1)',
      'd/relative',
      '/signin',
      '/signin?next=/d/x',
      '/setup#token',
    ]) {
      expect(safeNext(next, ORIGIN), String(next)).toBe('/');
    }
  });

  it('is written into the sign-in link, and read back unchanged', () => {
    const link = new URL(signInPath('/d/abc?x=1'), ORIGIN);
    expect(link.pathname).toBe('/signin');
    expect(safeNext(link.searchParams.get('next'), ORIGIN)).toBe('/d/abc?x=1');
    expect(signInPath('/')).toBe('/signin');
  });
});

describe('account routes', () => {
  it('routes /signin and /setup, and reads the set-up token from the fragment', () => {
    expect(parseRoute('/signin')).toEqual({ screen: 'signin' });
    expect(parseRoute('/setup')).toEqual({ screen: 'setup' });
    expect(parseRoute('/setup/extra')).toEqual({ screen: 'not-found' });
    expect(setupToken('#abc-DEF_123')).toBe('abc-DEF_123');
    expect(setupToken('#a%2Bb')).toBe('a+b');
    expect(setupToken('')).toBeUndefined();
    expect(setupToken('#')).toBeUndefined();
    expect(setupToken('#%E0%A4%A')).toBeUndefined();
  });
});
