/**
 * One document kept in step with a Cahier server over a WebSocket (PROTOCOL.md): the only API the
 * UI uses. Skeleton: the signatures are final, the behaviour lands in the next commits.
 */
import { TextOperation } from '../ot/text-operation';

export { TextOperation };

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface User {
  id: string;
  name: string;
  discipline: string | null;
}

export interface Participant {
  client: string;
  user: User;
  selection: [number, number] | null;
}

export interface SessionOptions {
  docId: string;
  /** Full ws:// or wss:// URL of /ws including ?name=&discipline= (guest identity). */
  wsUrl: string;
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
  /** Server `error` messages and fatal conditions (unknown-doc, forbidden, close 1008). */
  error(code: string, message: string): void;
}

export class DocumentSession {
  constructor(options: SessionOptions, events: Partial<SessionEvents>) {
    void options;
    void events;
  }

  /** Connects; reconnects forever with backoff until close(). */
  start(): void {
    throw new Error('DocumentSession.start: not implemented yet');
  }

  /** Leaves, closes the socket, no reconnect. */
  close(): void {
    throw new Error('DocumentSession.close: not implemented yet');
  }

  get text(): string {
    return '';
  }

  get revision(): number {
    return -1;
  }

  get waiting(): number {
    return 0;
  }

  get status(): ConnectionStatus {
    return 'offline';
  }

  get clientId(): string {
    return '';
  }

  /** The editor made this change (based on the current local text). */
  local(op: TextOperation): void {
    void op;
    throw new Error('DocumentSession.local: not implemented yet');
  }

  /** My caret, local coordinates; throttled and sent at the right revision. */
  setSelection(selection: [number, number] | null): void {
    void selection;
    throw new Error('DocumentSession.setSelection: not implemented yet');
  }
}
