/**
 * An in-memory Cahier sync server and a WebSocket class connected to it, for the simulation tests
 * (test support: nothing in the app imports it). It sequences as PROTOCOL.md §5 says the real
 * server does — transform a late op against the ops since its revision, dedupe `(doc, client,
 * seq)`, ack the submitter, broadcast to the others, resume a join from a revision — and the
 * network between it and each socket has random, order-preserving latency and can be cut, losing
 * whatever is in flight both ways.
 */
import { InvalidOperationError, TextOperation } from '../ot/text-operation';
import type { Random } from '../ot/random-ops';

interface StoredOp {
  op: TextOperation;
  client: string | null;
  seq: number | null;
}

interface Doc {
  text: string;
  ops: StoredOp[]; // ops[i] is revision i + 1
  last: Map<string, { seq: number; rev: number }>;
  subscribers: Map<Connection, { client: string; selection: [number, number] | null; rev: number }>;
}

export interface ServerFaults {
  /** Probability that an op is refused with `rate-limited` (nothing applied). */
  rateLimited?: number;
  /** Probability that an op is refused with `unavailable` (nothing applied). */
  unavailable?: number;
  /** Probability that an op is refused with `bad-op` (nothing applied). */
  badOp?: number;
}

const USER = (name: string) => ({ id: `guest-${name}`, name, discipline: null, role: 'editor' });

export class MemoryServer {
  readonly docs = new Map<string, Doc>();
  readonly connections = new Set<Connection>();
  /** Every frame that reached the server, in order. */
  readonly received: string[] = [];
  readonly #random: Random;
  readonly #maxLatencyMs: number;
  faults: ServerFaults = {};
  /** The joiner's role, said in `joined` (null: not said); an observer's or annotator's op is refused `forbidden`. */
  role: string | null = null;
  /**
   * `removed`: joins are refused as unknown documents (a member no more); `signed-out`: connections
   * fail before opening, as an upgrade refused with 401 looks to a browser.
   */
  access: 'member' | 'removed' | 'signed-out' = 'member';

  constructor(random: Random, maxLatencyMs = 30) {
    this.#random = random;
    this.#maxLatencyMs = maxLatencyMs;
  }

  createDoc(id: string, text = ''): void {
    this.docs.set(id, { text, ops: [], last: new Map(), subscribers: new Map() });
  }

  text(doc: string): string {
    return this.#doc(doc).text;
  }

  rev(doc: string): number {
    return this.#doc(doc).ops.length;
  }

  log(doc: string): readonly StoredOp[] {
    return this.#doc(doc).ops;
  }

  latency(): number {
    return 1 + Math.floor(this.#random() * this.#maxLatencyMs);
  }

  chance(p: number | undefined): boolean {
    return p !== undefined && p > 0 && this.#random() < p;
  }

  /** A WebSocket class whose sockets connect to this server. */
  webSocket(): typeof WebSocket {
    const server = this;
    class Bound extends MemorySocket {
      constructor(url: string | URL) {
        super(server, String(url));
      }
    }
    return Bound as unknown as typeof WebSocket;
  }

  /** Cuts every connection (as a network loss or a server restart would), with `code` at the clients. */
  dropAll(code = 1006): void {
    for (const c of [...this.connections]) {
      c.drop(code);
    }
  }

  #doc(id: string): Doc {
    const doc = this.docs.get(id);
    if (doc === undefined) {
      throw new Error(`no document ${id}`);
    }
    return doc;
  }

  /** A frame from `conn` reached the server. */
  receive(conn: Connection, frame: string): void {
    this.received.push(frame);
    const m = JSON.parse(frame) as Record<string, unknown>;
    const docId = m['doc'] as string;
    const doc = this.docs.get(docId);
    switch (m['type']) {
      case 'ping':
        conn.send({ type: 'pong' });
        return;
      case 'join': {
        if (doc === undefined || this.access === 'removed') {
          conn.send({ type: 'error', code: 'unknown-doc', doc: docId, message: `no document "${docId}"` });
          return;
        }
        if (doc.subscribers.has(conn)) {
          conn.send({ type: 'error', code: 'bad-message', message: `already joined document "${docId}"` });
          return;
        }
        const client = (m['client'] as string | undefined) ?? conn.id;
        const participants = [...doc.subscribers.values()].map((s) => ({ client: s.client, user: USER(s.client), selection: s.selection }));
        const rev = m['rev'] as number | undefined;
        const role = this.role === null ? {} : { role: this.role };
        if (rev === undefined) {
          conn.send({ type: 'joined', doc: docId, rev: doc.ops.length, text: doc.text, ...role, participants });
        } else if (rev > doc.ops.length) {
          conn.send({ type: 'error', code: 'rev-unavailable', doc: docId, message: `revision ${rev} is ahead of the document` });
          return;
        } else {
          conn.send({ type: 'joined', doc: docId, rev, head: doc.ops.length, ...role, participants });
          for (let r = rev + 1; r <= doc.ops.length; r++) {
            conn.send(opFrame(docId, r, doc.ops[r - 1] as StoredOp));
          }
        }
        for (const other of doc.subscribers.keys()) {
          other.send({ type: 'participant', doc: docId, client, user: USER(client), state: 'joined' });
        }
        doc.subscribers.set(conn, { client, selection: null, rev: doc.ops.length });
        conn.joined.add(docId);
        return;
      }
      case 'leave':
        if (doc !== undefined) {
          this.leave(conn, docId, doc);
        }
        return;
      case 'op':
        if (doc === undefined || !doc.subscribers.has(conn)) {
          conn.send({ type: 'error', code: 'bad-message', message: 'join first', doc: docId, seq: m['seq'] });
          return;
        }
        this.#submit(conn, docId, doc, m);
        return;
      case 'presence': {
        const sub = doc?.subscribers.get(conn);
        if (doc === undefined || sub === undefined) {
          conn.send({ type: 'error', code: 'bad-message', message: 'join first', doc: docId });
          return;
        }
        let selection = m['selection'] as [number, number] | null;
        const rev = m['rev'] as number;
        if (rev > doc.ops.length) {
          conn.send({ type: 'error', code: 'bad-message', message: 'presence in the future', doc: docId });
          return;
        }
        for (let r = rev + 1; r <= doc.ops.length && selection !== null; r++) {
          const op = (doc.ops[r - 1] as StoredOp).op;
          selection = [op.transformPosition(selection[0], 'after'), op.transformPosition(selection[1], 'after')];
        }
        sub.selection = selection;
        sub.rev = doc.ops.length;
        for (const other of doc.subscribers.keys()) {
          if (other !== conn) {
            other.send({ type: 'presence', doc: docId, client: sub.client, user: USER(sub.client), rev: doc.ops.length, selection });
          }
        }
        return;
      }
      default:
        conn.send({ type: 'error', code: 'bad-message', message: `unknown type ${String(m['type'])}` });
    }
  }

  #submit(conn: Connection, docId: string, doc: Doc, m: Record<string, unknown>): void {
    const client = m['client'] as string;
    const seq = m['seq'] as number;
    if (this.role === 'observer' || this.role === 'annotator') {
      conn.send({ type: 'error', code: 'forbidden', doc: docId, seq, message: `an ${this.role} cannot edit the text` });
      return;
    }
    if (this.chance(this.faults.rateLimited)) {
      conn.send({ type: 'error', code: 'rate-limited', doc: docId, seq, message: 'slow down' });
      return;
    }
    if (this.chance(this.faults.unavailable)) {
      conn.send({ type: 'error', code: 'unavailable', doc: docId, seq, message: 'storage down' });
      return;
    }
    if (this.chance(this.faults.badOp)) {
      conn.send({ type: 'error', code: 'bad-op', doc: docId, seq, reason: 'base-length', message: 'refused' });
      return;
    }
    const last = doc.last.get(client);
    if (last !== undefined && seq <= last.seq) {
      if (seq === last.seq) {
        conn.send({ type: 'ack', doc: docId, rev: last.rev, seq });
      } else {
        const held = doc.ops.findIndex((o) => o.client === client && o.seq === seq);
        conn.send(
          held >= 0
            ? { type: 'ack', doc: docId, rev: held + 1, seq }
            : { type: 'error', code: 'bad-message', doc: docId, seq, message: `seq ${seq} is older than ${last.seq}` },
        );
      }
      return;
    }
    const rev = m['rev'] as number;
    if (rev > doc.ops.length) {
      conn.send({ type: 'error', code: 'bad-op', doc: docId, seq, reason: 'base-length', message: 'revision in the future' });
      return;
    }
    let op: TextOperation;
    let text: string;
    try {
      op = TextOperation.fromJSON(m['op']);
      for (let r = rev + 1; r <= doc.ops.length; r++) {
        op = TextOperation.transform(op, (doc.ops[r - 1] as StoredOp).op)[0];
      }
      text = op.apply(doc.text);
    } catch (e) {
      if (e instanceof InvalidOperationError) {
        conn.send({ type: 'error', code: 'bad-op', doc: docId, seq, reason: e.reason, message: e.message });
        return;
      }
      throw e;
    }
    doc.text = text;
    const stored = { op, client, seq };
    doc.ops.push(stored);
    doc.last.set(client, { seq, rev: doc.ops.length });
    conn.send({ type: 'ack', doc: docId, rev: doc.ops.length, seq });
    const frame = opFrame(docId, doc.ops.length, stored);
    for (const other of doc.subscribers.keys()) {
      if (other !== conn) {
        other.send(frame);
      }
    }
  }

  leave(conn: Connection, docId: string, doc: Doc): void {
    const sub = doc.subscribers.get(conn);
    if (sub === undefined) {
      return;
    }
    doc.subscribers.delete(conn);
    conn.joined.delete(docId);
    for (const other of doc.subscribers.keys()) {
      other.send({ type: 'participant', doc: docId, client: sub.client, user: USER(sub.client), state: 'left' });
      other.send({ type: 'presence', doc: docId, client: sub.client, user: USER(sub.client), rev: doc.ops.length, selection: null });
    }
  }
}

function opFrame(doc: string, rev: number, o: StoredOp): object {
  return { type: 'op', doc, rev, op: o.op.toJSON(), client: o.client, seq: o.seq, author: { id: 'x', name: 'x' } };
}

let connections = 0;

/** The server's end of one socket. */
export class Connection {
  readonly id = `conn-${++connections}`;
  readonly joined = new Set<string>();
  readonly #server: MemoryServer;
  readonly #socket: MemorySocket;
  #open = true;
  #deliverAt = 0;

  constructor(server: MemoryServer, socket: MemorySocket) {
    this.#server = server;
    this.#socket = socket;
  }

  get open(): boolean {
    return this.#open;
  }

  /** Sends a frame to the client, after the latency, in order. */
  send(message: object): void {
    if (!this.#open) {
      return;
    }
    const frame = JSON.stringify(message);
    this.#deliverAt = Math.max(this.#deliverAt, Date.now() + this.#server.latency());
    setTimeout(() => {
      if (this.#open) {
        this.#socket.deliver(frame);
      }
    }, this.#deliverAt - Date.now());
  }

  /** The connection is cut: frames in flight are lost, the client sees `code`. */
  drop(code: number): void {
    if (!this.#open) {
      return;
    }
    this.closed();
    setTimeout(() => this.#socket.closedByPeer(code), this.#server.latency());
  }

  /** Server side cleanup when the connection ends. */
  closed(): void {
    if (!this.#open) {
      return;
    }
    this.#open = false;
    this.#server.connections.delete(this);
    for (const docId of [...this.joined]) {
      const doc = this.#server.docs.get(docId);
      if (doc !== undefined) {
        this.#server.leave(this, docId, doc);
      }
    }
  }
}

/** The client's end: the subset of the browser WebSocket that DocumentSession uses. */
export class MemorySocket {
  readyState = 0;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  readonly url: string;
  readonly #server: MemoryServer;
  readonly #conn: Connection;
  #sendAt = 0;

  constructor(server: MemoryServer, url: string) {
    this.#server = server;
    this.url = url;
    this.#conn = new Connection(server, this);
    server.connections.add(this.#conn);
    setTimeout(() => {
      if (server.access === 'signed-out') {
        this.#conn.closed();
        this.closedByPeer(1006);
        return;
      }
      if (this.#conn.open && this.readyState === 0) {
        this.readyState = 1;
        this.onopen?.({} as Event);
      }
    }, server.latency());
  }

  send(data: string): void {
    if (this.readyState !== 1) {
      throw new Error('send on a socket that is not open');
    }
    this.#sendAt = Math.max(this.#sendAt, Date.now() + this.#server.latency());
    const conn = this.#conn;
    const server = this.#server;
    setTimeout(() => {
      if (conn.open) {
        server.receive(conn, data);
      }
    }, this.#sendAt - Date.now());
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState >= 2) {
      return;
    }
    this.readyState = 3;
    const conn = this.#conn;
    // frames already sent still reach the server (a clean close), then it sees the end
    setTimeout(() => conn.closed(), Math.max(0, this.#sendAt - Date.now()) + 1);
    setTimeout(() => this.onclose?.({ code, reason, wasClean: true } as CloseEvent), 0);
  }

  deliver(frame: string): void {
    if (this.readyState === 1) {
      this.onmessage?.({ data: frame } as MessageEvent);
    }
  }

  closedByPeer(code: number): void {
    if (this.readyState === 3) {
      return;
    }
    this.readyState = 3;
    this.onclose?.({ code, reason: '', wasClean: false } as CloseEvent);
  }
}

/** A Storage kept in a Map, as localStorage behaves within one page. */
export class MemoryStorage implements Storage {
  readonly #items = new Map<string, string>();
  get length(): number {
    return this.#items.size;
  }
  key(index: number): string | null {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
  clear(): void {
    this.#items.clear();
  }
}
