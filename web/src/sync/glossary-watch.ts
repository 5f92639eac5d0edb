/**
 * Watching one glossary over the WebSocket (`watch` / `watching` / `glossary` / `unwatch`), for the
 * screens that show it outside a document: every change the server announces arrives as a
 * `glossary` message without `doc`, and the screen reads what changed over REST. Reconnects with
 * backoff like the document session; after a reconnect the screen is told to read everything
 * again (`resumed`), since changes made while it was away were not announced to it.
 */
import { ACCESS_CHANGED } from './document-session';
import { parseServerMessage, type GlossaryMessage } from './messages';

export type WatchStatus = 'connecting' | 'watching' | 'reconnecting';

export interface GlossaryWatchEvents {
  /** The glossary changed: read it again (what, `message.change` and `message.entry` say). */
  changed(message: GlossaryMessage): void;
  /** Watching again after a lost connection: changes may have been missed. */
  resumed(): void;
  status(status: WatchStatus): void;
  /** The server refused the watch (no such glossary, or not a member): nothing more comes. */
  refused(code: string, message: string): void;
  /** The caller's role changed (close 4003): what the screen offers may have to change. */
  accessChanged(): void;
}

export interface GlossaryWatchOptions {
  readonly glossaryId: string;
  /** Full ws:// or wss:// URL of /ws (the session cookie says who connects). */
  readonly wsUrl: string;
  readonly webSocket?: typeof WebSocket;
  readonly reconnectDelaysMs?: readonly number[];
  readonly pingEveryMs?: number;
}

const DEFAULT_DELAYS = [250, 500, 1000, 2000, 5000];
const PING_EVERY_MS = 30_000;
const PONG_TIMEOUT_MS = 10_000;
const OPEN = 1;

export class GlossaryWatch {
  readonly #options: GlossaryWatchOptions;
  readonly #events: Partial<GlossaryWatchEvents>;
  #socket: WebSocket | null = null;
  #closed = false;
  #everWatched = false;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #pongTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #onOnline = (): void => {
    if (this.#socket === null && !this.#closed) {
      clearTimeout(this.#reconnectTimer);
      this.#connect();
    }
  };

  constructor(options: GlossaryWatchOptions, events: Partial<GlossaryWatchEvents>) {
    this.#options = options;
    this.#events = events;
  }

  start(): void {
    globalThis.addEventListener?.('online', this.#onOnline);
    this.#connect();
  }

  /** Stops watching for good: `unwatch`, then the socket is closed. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    globalThis.removeEventListener?.('online', this.#onOnline);
    clearTimeout(this.#reconnectTimer);
    const socket = this.#socket;
    if (socket !== null && socket.readyState === OPEN && this.#everWatched) {
      socket.send(JSON.stringify({ type: 'unwatch', glossary: this.#options.glossaryId }));
    }
    this.#drop(1000, 'closed by the client');
  }

  #connect(): void {
    if (this.#closed) {
      return;
    }
    this.#events.status?.(this.#everWatched ? 'reconnecting' : 'connecting');
    const Socket = this.#options.webSocket ?? WebSocket;
    let socket: WebSocket;
    try {
      socket = new Socket(this.#options.wsUrl);
    } catch {
      this.#reconnectLater();
      return;
    }
    this.#socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ type: 'watch', glossary: this.#options.glossaryId }));
      this.#pingTimer = setInterval(() => this.#ping(socket), this.#options.pingEveryMs ?? PING_EVERY_MS);
    };
    socket.onmessage = (event: MessageEvent) => {
      clearTimeout(this.#pongTimer);
      this.#pongTimer = undefined;
      if (typeof event.data === 'string') {
        this.#onFrame(event.data);
      }
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.#socket !== socket) {
        return;
      }
      this.#drop();
      if (event.code === ACCESS_CHANGED) {
        this.#events.accessChanged?.();
      }
      this.#reconnectLater();
    };
  }

  #onFrame(frame: string): void {
    let message;
    try {
      message = parseServerMessage(frame);
    } catch {
      return; // a frame this page cannot read says nothing about the glossary
    }
    if (message === null) {
      return;
    }
    const glossary = this.#options.glossaryId;
    if (message.type === 'watching' && message.glossary === glossary) {
      this.#attempt = 0;
      const again = this.#everWatched;
      this.#everWatched = true;
      this.#events.status?.('watching');
      if (again) {
        this.#events.resumed?.();
      }
    } else if (message.type === 'glossary' && message.glossary === glossary && message.doc === null) {
      this.#events.changed?.(message);
    } else if (message.type === 'error' && !this.#everWatched && (message.code === 'not-found' || message.code === 'forbidden')) {
      this.close();
      this.#events.refused?.(message.code, message.message);
    }
  }

  #ping(socket: WebSocket): void {
    if (this.#socket !== socket || socket.readyState !== OPEN) {
      return;
    }
    socket.send('{"type":"ping"}');
    this.#pongTimer ??= setTimeout(() => {
      if (this.#socket === socket) {
        this.#drop(4000, 'no answer');
        this.#reconnectLater();
      }
    }, PONG_TIMEOUT_MS);
  }

  #reconnectLater(): void {
    if (this.#closed) {
      return;
    }
    this.#events.status?.('reconnecting');
    const delays = this.#options.reconnectDelaysMs ?? DEFAULT_DELAYS;
    const base = delays[Math.min(this.#attempt, delays.length - 1)] ?? 1000;
    this.#attempt++;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = setTimeout(() => this.#connect(), base * (0.5 + Math.random()));
  }

  #drop(code?: number, reason?: string): void {
    const socket = this.#socket;
    this.#socket = null;
    clearInterval(this.#pingTimer);
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
    if (socket !== null) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      if (code !== undefined) {
        try {
          socket.close(code, reason);
        } catch {
          // already closing
        }
      }
    }
  }
}

/** The WebSocket endpoint of the page's own server. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}
