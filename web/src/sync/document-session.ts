/**
 * One document kept in step with a Cahier server over a WebSocket (PROTOCOL.md): the only API the
 * UI uses. The OT bookkeeping is {@link ClientState}'s; this class does the I/O around it — the
 * socket, reconnects with backoff, keep-alive, storage for offline edits, presence.
 *
 * Guarantees: every local edit is kept (in memory and in storage) until the server acknowledges
 * it, and is submitted under one `(client, seq)` however many times it is sent, so a reconnect or a
 * page reload neither loses it nor applies it twice. Events fire from the socket's callbacks and
 * timers; a call to {@link DocumentSession.local} only fires `status` (the waiting count) and
 * `participants` (carets moved by the edit), never `remote` or `ready`.
 */
import { InvalidOperationError, TextOperation } from '../ot/text-operation';
import { ClientState, ProtocolViolation, parseStoredState } from './client-state';
import { parseServerMessage, type GlossaryMessage, type ServerMessage } from './messages';
import { Participants } from './participants';

export { TextOperation };

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface User {
  id: string;
  name: string;
  discipline: string | null;
  role: string | null;
}

/**
 * What `SessionOptions.checkAccess` found after a connection could not even open (a browser does
 * not show why an upgrade failed: a 401 looks like a network error): `ok` the access is there (a
 * network or server trouble: retry), `removed` the document is no longer reachable (404), `signed-out`
 * the session ended (401), `unknown` no answer either.
 */
export type AccessCheck = 'ok' | 'removed' | 'signed-out' | 'unknown';

export interface Participant {
  client: string;
  user: User;
  selection: [number, number] | null;
}

export interface SessionOptions {
  docId: string;
  /** Full ws:// or wss:// URL of /ws (the session cookie says who connects). */
  wsUrl: string;
  /** Asked when a connection fails before opening: is the access still there? Without it, reconnect. */
  checkAccess?: () => Promise<AccessCheck>;
  /** The wait before reconnecting after close 4003 ("your access changed"), default 300 ms. */
  accessChangedDelayMs?: number;
  /** Default globalThis.localStorage; holds the clientId, the last server text+rev and unacknowledged local ops. */
  storage?: Storage | null;
  /** Default globalThis.WebSocket. */
  webSocket?: typeof WebSocket;
  /** Backoff with jitter, default [250, 500, 1000, 2000, 5000]. */
  reconnectDelaysMs?: number[];
}

export interface SessionEvents {
  /** First text available: from storage (offline reload) or from `joined`; may fire again when the server's text replaces a stale local copy with no pending ops. */
  ready(text: string, rev: number): void;
  /** An operation to apply to the editor, already transformed against local pending edits. */
  remote(op: TextOperation): void;
  /** waiting = number of local changes not yet acknowledged. */
  status(status: ConnectionStatus, waiting: number): void;
  /** Full list whenever it changes (selections in local text coordinates). */
  participants(list: Participant[]): void;
  /**
   * Server `error` messages and fatal conditions: `unknown-doc`, `forbidden`, `policy` (close
   * 1008), `access-removed` (after the access changed — close 4003 — or once connected, the
   * document became unknown or the session ended), `signed-out` (the session ended).
   */
  error(code: string, message: string): void;
  /** The role `joined` gave (null: the server did not say); fires on every join. */
  role(role: string | null): void;
  /** A glossary attached to this document changed (or was attached or detached): read it again over REST. */
  glossary(message: GlossaryMessage): void;
}

const DEFAULT_DELAYS = [250, 500, 1000, 2000, 5000];
const PING_EVERY_MS = 30_000;
/** A socket that answers nothing (no pong, no frame) this long after a ping is considered dead. */
const PONG_TIMEOUT_MS = 10_000;
/** A connection attempt that does not open within this is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 10_000;
const PRESENCE_INTERVAL_MS = 50;
const PERSIST_DELAY_MS = 1_000;
const RATE_LIMITED_RETRY_MS = 1_000;
const UNAVAILABLE_RETRY_MS = 2_000;
const ACCESS_CHANGED_DELAY_MS = 300;
/** Close code: the participant's role changed or they were removed (access contract). */
export const ACCESS_CHANGED = 4003;
/** Another tab renewing its claim on a document within this is still alive. */
const LEASE_MS = 15_000;
const OPEN = 1;

/** The part of the WebSocket API this class uses. */
interface Socket {
  readonly readyState: number;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export class DocumentSession {
  readonly #docId: string;
  readonly #url: string;
  readonly #events: Partial<SessionEvents>;
  readonly #WebSocket: typeof WebSocket;
  readonly #delays: number[];
  readonly #checkAccess: (() => Promise<AccessCheck>) | undefined;
  readonly #accessChangedDelay: number;
  /** Close 4003 came and no join succeeded since: a refusal now means the access was taken away. */
  #accessChanged = false;
  /** Null when nothing is persisted (no storage, or another tab owns this document's storage). */
  readonly #storage: Storage | null;
  /** This tab, stable across its reloads (sessionStorage), so a reloaded page keeps its claim. */
  readonly #tab = tabId();
  readonly #state: ClientState;
  readonly #participants: Participants;

  #socket: Socket | null = null;
  #status: ConnectionStatus = 'offline';
  #started = false;
  #closed = false;
  #everLive = false;
  #attempt = 0;
  #lastStatus = '';
  #lastParticipants = '';
  #mySelection: [number, number] | null = null;
  #presenceDirty = false;
  #lastPresenceAt = -Infinity;

  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #presenceTimer: ReturnType<typeof setTimeout> | undefined;
  #persistTimer: ReturnType<typeof setTimeout> | undefined;
  #leaseTimer: ReturnType<typeof setInterval> | undefined;
  readonly #onOnline = (): void => this.#reconnectNow();

  constructor(options: SessionOptions, events: Partial<SessionEvents>) {
    this.#docId = options.docId;
    this.#url = options.wsUrl;
    this.#events = events;
    const ws = options.webSocket ?? globalThis.WebSocket;
    if (ws === undefined) {
      throw new Error('no WebSocket implementation: pass options.webSocket');
    }
    this.#WebSocket = ws;
    this.#delays = options.reconnectDelaysMs !== undefined && options.reconnectDelaysMs.length > 0 ? options.reconnectDelaysMs : DEFAULT_DELAYS;
    this.#checkAccess = options.checkAccess;
    this.#accessChangedDelay = options.accessChangedDelayMs ?? ACCESS_CHANGED_DELAY_MS;
    const storage = options.storage === undefined ? defaultStorage() : options.storage;
    this.#storage = storage !== null && this.#claim(storage) ? storage : null;

    let clientId = this.#read('client');
    if (clientId === null || clientId.length === 0 || clientId.length > 64) {
      clientId = randomId();
      this.#write('client', clientId);
    }
    let state: ClientState;
    try {
      state = new ClientState(this.#docId, clientId, parseStoredState(this.#read('state')));
    } catch {
      state = new ClientState(this.#docId, clientId); // unreadable leftovers: start from the server's text
    }
    this.#state = state;
    this.#participants = new Participants(clientId);
  }

  /** Connects; reconnects forever with backoff until close(). */
  start(): void {
    if (this.#started || this.#closed) {
      return;
    }
    this.#started = true;
    if (this.#state.hasSnapshot) {
      this.#events.ready?.(this.#state.text, this.#state.rev);
    }
    globalThis.addEventListener?.('online', this.#onOnline);
    if (this.#storage !== null) {
      this.#leaseTimer = setInterval(() => this.#renewLease(), LEASE_MS / 3);
    }
    this.#connect();
  }

  /** Leaves, closes the socket, no reconnect. Unacknowledged edits stay in storage for the next session. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    globalThis.removeEventListener?.('online', this.#onOnline);
    const socket = this.#socket;
    if (socket !== null && socket.readyState === OPEN) {
      socket.send(JSON.stringify({ type: 'leave', doc: this.#docId }));
    }
    this.#dropSocket(1000, 'closed by the client');
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#presenceTimer);
    this.#persist();
    this.#release();
    this.#setStatus('offline');
  }

  get text(): string {
    return this.#state.text;
  }

  get revision(): number {
    return this.#state.rev;
  }

  get waiting(): number {
    return this.#state.waiting;
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  get clientId(): string {
    return this.#state.clientId;
  }

  /**
   * The editor made this change (based on the current local text).
   *
   * @throws InvalidOperationError when it does not apply to the local text
   * @throws Error before `ready`
   */
  local(op: TextOperation): void {
    this.#state.local(op);
    if (this.#mySelection !== null) {
      this.#mySelection = moveSelection(this.#mySelection, op);
    }
    this.#persist();
    this.#flush();
    this.#emitStatus();
    this.#emitParticipants();
  }

  /** My caret, local coordinates; throttled (≤ 20/s) and sent when the document is synchronized. */
  setSelection(selection: [number, number] | null): void {
    if (selection !== null) {
      const length = this.#state.text.length;
      if (!selection.every((n) => Number.isInteger(n) && n >= 0 && n <= length)) {
        throw new RangeError(`selection ${JSON.stringify(selection)} outside 0..${length}`);
      }
      this.#mySelection = [selection[0], selection[1]];
    } else {
      this.#mySelection = null;
    }
    this.#presenceDirty = true;
    this.#sendPresence();
  }

  // ---- connection ------------------------------------------------------------------------

  #connect(): void {
    if (this.#closed) {
      return;
    }
    this.#setStatus(this.#everLive ? 'reconnecting' : 'connecting');
    let socket: Socket;
    try {
      socket = new this.#WebSocket(this.#url) as Socket;
    } catch (e) {
      this.#events.error?.('connect', `cannot open ${this.#url}: ${String(e)}`);
      this.#scheduleReconnect(false);
      return;
    }
    this.#socket = socket;
    let opened = false;
    this.#connectTimer = setTimeout(() => this.#lost(socket), CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      if (this.#socket !== socket) {
        return;
      }
      opened = true;
      clearTimeout(this.#connectTimer);
      this.#send(this.#state.join());
      this.#pingTimer = setInterval(() => this.#ping(socket), PING_EVERY_MS);
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (this.#socket !== socket) {
        return;
      }
      clearTimeout(this.#pongTimer);
      this.#pongTimer = undefined;
      if (typeof ev.data === 'string') {
        this.#onFrame(ev.data);
      }
    };
    socket.onerror = () => {
      // a close event follows and says what to do
    };
    socket.onclose = (ev: CloseEvent) => {
      if (this.#socket !== socket) {
        return;
      }
      this.#onClose(ev.code, ev.reason, opened);
    };
  }

  #onClose(code: number, reason: string, opened: boolean): void {
    this.#dropSocket();
    if (this.#closed) {
      return;
    }
    if (code === 1008) {
      this.#fatal('policy', `the server closed the connection for too many refused messages${reason ? `: ${reason}` : ''}`);
      return;
    }
    if (code === ACCESS_CHANGED) {
      // Join again with the new rights; if there are none left, the join (or the upgrade) says so.
      this.#accessChanged = true;
      this.#setStatus('offline');
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = setTimeout(() => this.#connect(), this.#accessChangedDelay);
      return;
    }
    if (!opened && this.#checkAccess !== undefined) {
      this.#probe(this.#checkAccess);
      return;
    }
    // 4001 (slow consumer): at once; 1001 (server going away), 1006 (network), others: with backoff
    this.#scheduleReconnect(code === 4001);
  }

  /** The connection could not open: a network trouble (retry), or an access that is gone (stop). */
  #probe(check: () => Promise<AccessCheck>): void {
    this.#setStatus('offline');
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    const decide = (found: AccessCheck): void => {
      if (this.#closed || this.#socket !== null || this.#reconnectTimer !== undefined) {
        return; // closed, or reconnected meanwhile (the network came back)
      }
      if (found === 'removed' || (found === 'signed-out' && (this.#accessChanged || this.#everLive))) {
        this.#fatal('access-removed', 'your access to this document was removed');
      } else if (found === 'signed-out') {
        this.#fatal('signed-out', 'your session has ended');
      } else {
        this.#scheduleReconnect(false);
      }
    };
    check().then(decide, () => decide('unknown'));
  }

  /** The socket went quiet or never opened: treat it as closed by the network. */
  #lost(socket: Socket): void {
    if (this.#socket !== socket) {
      return;
    }
    this.#dropSocket(4000, 'no answer');
    this.#scheduleReconnect(false);
  }

  #dropSocket(code?: number, reason?: string): void {
    const socket = this.#socket;
    this.#socket = null;
    clearTimeout(this.#connectTimer);
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
    this.#state.connectionLost();
    if (socket !== null) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
      if (code !== undefined) {
        try {
          socket.close(code, reason);
        } catch {
          // already closing
        }
      }
    }
  }

  #scheduleReconnect(atOnce: boolean): void {
    if (this.#closed) {
      return;
    }
    this.#setStatus('offline');
    clearTimeout(this.#reconnectTimer);
    const base = this.#delays[Math.min(this.#attempt, this.#delays.length - 1)] ?? 1000;
    this.#attempt++;
    const delay = atOnce ? 0 : base * (0.5 + Math.random());
    this.#reconnectTimer = setTimeout(() => this.#connect(), delay);
  }

  /** The network is back: skip the rest of the backoff (or of the access check). */
  #reconnectNow(): void {
    if (this.#socket === null && !this.#closed && this.#started) {
      clearTimeout(this.#reconnectTimer);
      this.#connect();
    }
  }

  #ping(socket: Socket): void {
    if (this.#socket !== socket || socket.readyState !== OPEN) {
      return;
    }
    socket.send('{"type":"ping"}');
    if (this.#pongTimer === undefined) {
      this.#pongTimer = setTimeout(() => this.#lost(socket), PONG_TIMEOUT_MS);
    }
  }

  #fatal(code: string, message: string): void {
    this.#closed = true;
    this.#dropSocket(1000, code);
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#retryTimer);
    this.#persist();
    this.#release();
    this.#setStatus('offline');
    this.#events.error?.(code, message);
  }

  #send(frame: object): void {
    const socket = this.#socket;
    if (socket !== null && socket.readyState === OPEN) {
      socket.send(JSON.stringify(frame));
    }
  }

  // ---- server messages -------------------------------------------------------------------

  #onFrame(frame: string): void {
    let message: ServerMessage | null;
    try {
      message = parseServerMessage(frame);
      if (message !== null) {
        this.#handle(message);
      }
    } catch (e) {
      if (e instanceof ProtocolViolation) {
        // the server and this client disagree: start again from the last revision both agree on
        this.#events.error?.('protocol', e.message);
        const socket = this.#socket;
        if (socket !== null) {
          this.#lost(socket);
        }
        return;
      }
      throw e;
    }
  }

  #handle(message: ServerMessage): void {
    if (message.type === 'pong' || message.type === 'watching') {
      return;
    }
    if (message.type === 'error') {
      this.#onError(message);
      return;
    }
    if (message.doc !== this.#docId) {
      return;
    }
    if (message.type === 'glossary') {
      // Not part of the text's state: nothing to transform, nothing to persist.
      this.#events.glossary?.(message);
      return;
    }
    const state = this.#state;
    switch (message.type) {
      case 'joined': {
        const fresh = !state.hasSnapshot;
        state.onJoined(message);
        this.#accessChanged = false;
        this.#events.role?.(message.role);
        if (fresh) {
          this.#participants.reset(message.participants, message.rev);
          this.#events.ready?.(state.text, state.rev);
        } else {
          // their carets are at the head; the catch-up brings this client there
          this.#participants.reset(message.participants, message.head ?? message.rev);
        }
        this.#attempt = 0;
        break;
      }
      case 'op': {
        const outcome = state.onOp(message);
        if (outcome.kind === 'ignored') {
          return;
        }
        if (outcome.kind === 'remote') {
          this.#participants.onServerOp(message.rev, outcome.serverOp);
          if (this.#mySelection !== null) {
            this.#mySelection = moveSelection(this.#mySelection, outcome.op);
          }
          this.#events.remote?.(outcome.op);
        } else {
          this.#participants.onServerOp(message.rev, outcome.op);
        }
        break;
      }
      case 'ack': {
        const op = state.onAck(message.rev, message.seq);
        if (op === null) {
          return;
        }
        this.#participants.onServerOp(message.rev, op);
        break;
      }
      case 'presence':
        this.#participants.onPresence(message.client, message.user, message.rev, message.selection, state.rev);
        break;
      case 'participant':
        this.#participants.onParticipant(message.client, message.user, message.state === 'joined', state.rev);
        break;
    }
    this.#afterChange();
  }

  #onError(error: Extract<ServerMessage, { type: 'error' }>): void {
    if (error.doc !== null && error.doc !== this.#docId) {
      return;
    }
    const state = this.#state;
    const ownOp = error.seq !== null && state.isOutstanding(error.seq);
    const joining = state.phase === 'joining' && error.seq === null;
    switch (error.code) {
      case 'rate-limited':
        if (ownOp && error.seq !== null) {
          this.#retryLater(error.seq, RATE_LIMITED_RETRY_MS);
        }
        return;
      case 'unavailable':
      case 'internal':
        if (ownOp && error.seq !== null) {
          this.#retryLater(error.seq, UNAVAILABLE_RETRY_MS);
        } else if (joining) {
          this.#rejoinLater(UNAVAILABLE_RETRY_MS);
        }
        if (error.code === 'internal') {
          this.#events.error?.(error.code, error.message);
        }
        return;
      case 'unknown-doc':
      case 'forbidden':
        if (joining) {
          // Known before, unknown now: not a wrong link but an access taken away.
          const removed = error.code === 'unknown-doc' && (this.#accessChanged || this.#everLive);
          this.#fatal(removed ? 'access-removed' : error.code, error.message);
          return;
        }
        if (ownOp) {
          this.#resync(error.code, error.message);
          return;
        }
        break;
      case 'rev-unavailable':
        if (joining) {
          // the server does not have the revision this client was at (its data was reset)
          this.#resync(error.code, error.message);
          return;
        }
        break;
      case 'bad-op':
        if (ownOp) {
          this.#resync(error.code, error.reason !== null ? `${error.message} (${error.reason})` : error.message);
          return;
        }
        break;
      case 'bad-message':
        if (ownOp) {
          this.#resync(error.code, error.message);
          return;
        }
        break;
    }
    this.#events.error?.(error.code, error.message);
  }

  #retryLater(seq: number, delayMs: number): void {
    if (this.#state.retryLater(seq, Date.now() + delayMs)) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(() => this.#flush(), delayMs);
    }
  }

  #rejoinLater(delayMs: number): void {
    const socket = this.#socket;
    this.#state.connectionLost();
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (this.#socket === socket && socket !== null) {
        this.#send(this.#state.join());
      }
    }, delayMs);
  }

  /**
   * The server refused this client's own operation for good (or cannot resume): the pending edits
   * cannot be reconciled with the server's text. Report, drop them, and join again for a fresh copy.
   */
  #resync(code: string, message: string): void {
    const dropped = this.#state.discard();
    this.#participants.clear();
    this.#persist();
    this.#events.error?.(code, dropped > 0 ? `${message}; ${dropped} local change(s) could not be kept` : message);
    if (this.#socket !== null) {
      this.#send({ type: 'leave', doc: this.#docId });
      this.#send(this.#state.join());
    }
    this.#afterChange();
  }

  // ---- what goes out ---------------------------------------------------------------------

  #afterChange(): void {
    this.#persistSoon();
    this.#flush();
    this.#sendPresence();
    this.#emitStatus();
    this.#emitParticipants();
  }

  #flush(): void {
    if (this.#socket === null) {
      return;
    }
    const frame = this.#state.takeOutgoing(Date.now());
    if (frame !== null) {
      this.#send(frame);
    }
  }

  #sendPresence(): void {
    if (!this.#presenceDirty || !this.#state.isSynchronized || this.#socket === null || this.#presenceTimer !== undefined) {
      return;
    }
    const wait = this.#lastPresenceAt + PRESENCE_INTERVAL_MS - Date.now();
    if (wait > 0) {
      this.#presenceTimer = setTimeout(() => {
        this.#presenceTimer = undefined;
        this.#sendPresence();
      }, wait);
      return;
    }
    this.#presenceDirty = false;
    this.#lastPresenceAt = Date.now();
    this.#send({ type: 'presence', doc: this.#docId, rev: this.#state.rev, selection: this.#mySelection });
  }

  #setStatus(status: ConnectionStatus): void {
    this.#status = status;
    this.#emitStatus();
  }

  #emitStatus(): void {
    if (this.#status !== 'offline' && this.#socket !== null) {
      this.#status = this.#state.phase === 'live' ? 'connected' : this.#everLive ? 'reconnecting' : 'connecting';
      if (this.#status === 'connected') {
        this.#everLive = true;
      }
    }
    const key = `${this.#status}:${this.#state.waiting}`;
    if (key !== this.#lastStatus) {
      this.#lastStatus = key;
      this.#events.status?.(this.#status, this.#state.waiting);
    }
  }

  #emitParticipants(): void {
    const state = this.#state;
    const list = this.#participants.view(state.rev, (selection) => {
      try {
        return state.toLocal(selection);
      } catch {
        return null; // does not fit the text: not drawn until the next presence
      }
    });
    const key = JSON.stringify(list);
    if (key !== this.#lastParticipants) {
      this.#lastParticipants = key;
      this.#events.participants?.(list);
    }
  }

  // ---- storage ---------------------------------------------------------------------------

  /**
   * Server-driven changes (remote operations, acks) are written at most once a second: writing
   * the whole text to localStorage on every remote operation cost ~245 ms of main-thread time in
   * 5 s under 20 remote typists (scripts/bench web). A copy that lags behind is still consistent —
   * an older revision with the edits not yet acknowledged then — and resuming from it is the
   * ordinary reconnect path (the server acknowledges resubmissions it already holds). Local edits
   * are written at once.
   */
  #persistSoon(): void {
    if (this.#persistTimer !== undefined) {
      return;
    }
    this.#persistTimer = setTimeout(() => {
      this.#persistTimer = undefined;
      this.#persist();
    }, PERSIST_DELAY_MS);
  }

  #persist(): void {
    clearTimeout(this.#persistTimer);
    this.#persistTimer = undefined;
    const stored = this.#state.stored();
    if (stored === null) {
      this.#remove('state');
    } else {
      this.#write('state', JSON.stringify(stored));
    }
    this.#renewLease();
  }

  #key(name: string): string {
    return `cahier:doc:${this.#docId}:${name}`;
  }

  #read(name: string): string | null {
    try {
      return this.#storage?.getItem(this.#key(name)) ?? null;
    } catch {
      return null;
    }
  }

  #write(name: string, value: string): void {
    try {
      this.#storage?.setItem(this.#key(name), value);
    } catch (e) {
      this.#events.error?.('storage', `cannot keep local changes in the browser's storage: ${String(e)}`);
    }
  }

  #remove(name: string): void {
    try {
      this.#storage?.removeItem(this.#key(name));
    } catch {
      // nothing to keep
    }
  }

  /**
   * Two tabs on one document must not share a client id (they would reuse each other's seqs and
   * the server would take new edits for resubmissions). The first tab claims the document's
   * storage; a second one, while the first is alive, works with a client id of its own and keeps
   * nothing.
   */
  #claim(storage: Storage): boolean {
    try {
      const lease = storage.getItem(`cahier:doc:${this.#docId}:lease`);
      const [tab, at] = (lease ?? '').split(' ');
      if (lease !== null && tab !== this.#tab && Date.now() - Number(at) < LEASE_MS) {
        return false;
      }
      storage.setItem(`cahier:doc:${this.#docId}:lease`, `${this.#tab} ${Date.now()}`);
      return true;
    } catch {
      return false;
    }
  }

  #renewLease(): void {
    this.#write('lease', `${this.#tab} ${Date.now()}`);
  }

  #release(): void {
    clearInterval(this.#leaseTimer);
    if (this.#read('lease')?.startsWith(`${this.#tab} `) === true) {
      this.#remove('lease');
    }
  }
}

function moveSelection(selection: [number, number], op: TextOperation): [number, number] {
  try {
    return [op.transformPosition(selection[0], 'after'), op.transformPosition(selection[1], 'after')];
  } catch (e) {
    if (e instanceof RangeError || e instanceof InvalidOperationError) {
      return [op.targetLength, op.targetLength];
    }
    throw e;
  }
}

function defaultStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled by the browser
  }
}

function tabId(): string {
  try {
    const tabs = globalThis.sessionStorage;
    const id = tabs?.getItem('cahier:tab');
    if (id !== null && id !== undefined) {
      return id;
    }
    const fresh = randomId();
    tabs?.setItem('cahier:tab', fresh);
    return fresh;
  } catch {
    return randomId();
  }
}

function randomId(): string {
  const c = globalThis.crypto;
  if (c !== undefined && typeof c.randomUUID === 'function') {
    return c.randomUUID();
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
