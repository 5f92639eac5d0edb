// Starts the real Cahier server from its runnable jar, on a free port with a temporary data
// directory, and stops it the way an operator would (SIGTERM). Its REST helpers act as the first
// facilitator, created from the one-time set-up link the server prints at first start (or signed
// in with `signIn` when a test created that account itself).
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const ARTIFACTS = process.env.CAHIER_E2E_ARTIFACTS ?? join(REPO, 'target', 'e2e');
export const JAR = process.env.CAHIER_JAR ?? join(REPO, 'backend', 'target', 'cahier.jar');

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Waits until `check()` resolves truthy, polling; fails with `what` after `timeoutMs`. */
export async function until(what, check, timeoutMs = 20000, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) {
        return value;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The facilitator the REST helpers act as, unless a test signs in as someone else. */
export const FACILITATOR = { email: 'camille@example.org', name: 'Camille Animatrice', password: 'a facilitator password' };

export class CahierServer {
  /**
   * @param {{port?: number, dataDir?: string, name?: string, captureOutput?: boolean}} options
   * `captureOutput` (default true) keeps the server's output lines (still written to its log) for
   * `waitForOutput`: the set-up link is read from them.
   */
  constructor(options = {}) {
    this.port = options.port;
    this.dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cahier-e2e-'));
    this.name = options.name ?? 'server';
    this.captureOutput = options.captureOutput ?? true;
    /** The session the REST helpers use: `{ secret, csrfToken, user }` once set up or signed in. */
    this.session = undefined;
    this.process = undefined;
    /** Output lines seen so far (with `captureOutput`). */
    this.output = [];
    this.outputListeners = new Set();
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start() {
    this.port ??= await freePort();
    const log = openSync(join(ARTIFACTS, `${this.name}-${this.port}.log`), 'a');
    const opts = (process.env.CAHIER_E2E_JAVA_OPTS ?? '-Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1').split(/\s+/).filter(Boolean);
    this.process = spawn('java', [...opts, '-jar', JAR, '--port', String(this.port), '--data-dir', this.dataDir], {
      stdio: this.captureOutput ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
    });
    if (this.captureOutput) {
      for (const stream of [this.process.stdout, this.process.stderr]) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          writeSync(log, `${line}\n`);
          this.output.push(line);
          for (const listener of [...this.outputListeners]) {
            listener(line);
          }
        });
      }
    }
    const exited = new Promise((_, reject) =>
      this.process.once('exit', (code) => reject(new Error(`the server exited with ${code} while starting (see ${ARTIFACTS})`))),
    );
    exited.catch(() => {});
    await Promise.race([
      until(`${this.url}/health`, async () => (await fetch(`${this.url}/health`)).ok, 30000, 100),
      exited,
    ]);
    return this;
  }

  /**
   * The first output line (stdout or stderr, already printed or still to come) matching `pattern`;
   * needs `captureOutput`. E.g. the one-time set-up link printed at first start: `/\/setup#/`.
   */
  waitForOutput(pattern, timeoutMs = 30000) {
    if (!this.captureOutput) {
      throw new Error('waitForOutput needs new CahierServer({ captureOutput: true })');
    }
    const seen = this.output.find((line) => pattern.test(line));
    if (seen !== undefined) {
      return Promise.resolve(seen);
    }
    return new Promise((resolveLine, reject) => {
      const listener = (line) => {
        if (pattern.test(line)) {
          clearTimeout(timer);
          this.outputListeners.delete(listener);
          resolveLine(line);
        }
      };
      const timer = setTimeout(() => {
        this.outputListeners.delete(listener);
        reject(new Error(`the server printed no line matching ${pattern} within ${timeoutMs} ms (see ${ARTIFACTS}/${this.name}-${this.port}.log)`));
      }, timeoutMs);
      this.outputListeners.add(listener);
    });
  }

  /** SIGTERM, then wait for the process to end (SIGKILL after 15 s). */
  async stop() {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) {
      return;
    }
    const done = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await done;
    clearTimeout(timer);
  }

  // --- sessions

  /** The one-time set-up token, from the link the server printed at first start. */
  async setupToken() {
    const line = await this.waitForOutput(/\/setup#/);
    const token = /\/setup#(\S+)/.exec(line)?.[1];
    if (!token) {
      throw new Error(`no token after /setup# in: ${line}`);
    }
    return token;
  }

  /** Creates the first facilitator from the set-up link (POST /api/setup); the helpers then act as them. */
  async setUp(account = FACILITATOR) {
    const token = await this.setupToken();
    this.session = await this.#startSession('/api/setup', { token, ...account });
    return this.session;
  }

  /** Signs in as an account that exists already; the helpers then act as it. */
  async signIn(email, password) {
    this.session = await this.#startSession('/api/session', { email, password });
    return this.session;
  }

  /** The facilitator's session, set up on first use. */
  async facilitator() {
    return this.session ?? this.setUp();
  }

  async #startSession(path, body) {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const payload = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(payload)}`);
    }
    return { secret: sessionSecret(response), csrfToken: payload.csrfToken, user: payload.user };
  }

  /** Creates an account with the operator's command (`cahier admin create-user`), as the server runs. */
  async createAccount({ email, name, password }) {
    const child = spawn('java', ['-Xmx256m', '-cp', JAR, 'io.cahier.admin.Admin', 'create-user', '--email', email, '--name', name,
      '--password-stdin', '--data-dir', this.dataDir], { stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdin.end(`${password}\n`);
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) {
      throw new Error(`cahier admin create-user ${email} exited with ${code}: ${err}`);
    }
  }

  /** The helpers' session as browser cookies, for a Playwright context that should be signed in as the facilitator. */
  async cookies() {
    const { secret } = await this.facilitator();
    return [{ name: 'cahier_session', value: secret, url: this.url, httpOnly: true, sameSite: 'Lax' }];
  }

  // --- REST helpers (openapi.yaml), as the facilitator

  async api(method, path, body) {
    const { secret, csrfToken } = await this.facilitator();
    const headers = { Cookie: `cahier_session=${secret}` };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = csrfToken;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const payload = response.status === 204 ? undefined : await response.json();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
    }
    return payload;
  }

  async createDocument(title, kind = 'note') {
    const workspace = await this.api('POST', '/api/workspaces', { name: `Atelier ${title}` });
    return this.api('POST', `/api/workspaces/${workspace.id}/documents`, { title, kind });
  }

  /** A new invitation link to `workspaceId` (its `token` and `link` are only given now). */
  invite(workspaceId, role = 'editor', options = {}) {
    return this.api('POST', `/api/workspaces/${workspaceId}/invitations`, { role, ...options });
  }

  /** The document's text, as the facilitator reads it. */
  async text(id) {
    return (await this.api('GET', `/api/documents/${id}/text`)).text;
  }

  /**
   * The browser client lives at /d/{id}: the server must answer that path with the page, not 404.
   * Checked once up front so that a missing route is reported as what it is.
   */
  async checkDocumentRoute() {
    await this.checkPageRoute('/d/aaaaaaaaaaaaaaaa', 'e.g. router.get("/d/:id").handler(ctx -> ctx.reroute("/")) before the StaticHandler');
  }

  /** The server must answer a client-side route (`/signin`, `/setup`, `/d/…`) with the page. */
  async checkPageRoute(path, hint = `e.g. router.get("${path}").handler(ctx -> ctx.reroute("/")) before the StaticHandler`) {
    const response = await fetch(`${this.url}${path}`);
    const body = await response.text();
    if (!response.ok || !body.includes('id="main"')) {
      throw new Error(
        `GET ${path} answered ${response.status} without the web client's page: the server must serve index.html there (${hint})`,
      );
    }
  }
}

/** The session secret from a response's Set-Cookie. */
function sessionSecret(response) {
  const cookies = response.headers.getSetCookie?.() ?? [response.headers.get('set-cookie') ?? ''];
  for (const cookie of cookies) {
    const match = /(?:^|;\s*)cahier_session=([^;]+)/.exec(cookie);
    if (match) {
      return match[1];
    }
  }
  throw new Error(`no cahier_session cookie in ${JSON.stringify(cookies)}`);
}
