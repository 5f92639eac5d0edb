/**
 * The ot.js `Client` state machine for one document (PROTOCOL.md §8) with Cahier's reconnect rules,
 * mirroring the Java `ClientState` and `DocumentSync`. Pure: no socket, no timer, no storage —
 * `DocumentSession` feeds it server messages and local edits and sends what it hands out.
 *
 * Invariants:
 * - `text` = `serverText` (the server's text at `rev`), then the outstanding op, then the buffer;
 *   the outstanding op is based on `rev`, the buffer on the text after the outstanding op;
 * - server operations are taken in revision order with no gap;
 * - a submission keeps its seq until it is acknowledged, however many sockets it is sent on, and
 *   seqs only grow: no `(doc, client, seq)` is ever reused for a different operation.
 */
import { TextOperation } from '../ot/text-operation';

/** An operation sent (or to be sent) under `seq`, not yet acknowledged; `edits` local changes composed. */
export interface Submission {
  readonly op: TextOperation;
  readonly seq: number;
  readonly edits: number;
}

/** Local edits composed while an operation is outstanding; not yet given a seq. */
export interface Buffer {
  readonly op: TextOperation;
  readonly edits: number;
}

/** ot.js's three client states, as values. */
export type PendingState =
  | { readonly kind: 'synchronized' }
  | { readonly kind: 'awaiting-confirm'; readonly outstanding: Submission }
  | { readonly kind: 'awaiting-with-buffer'; readonly outstanding: Submission; readonly buffer: Buffer };

export const SYNCHRONIZED: PendingState = Object.freeze({ kind: 'synchronized' });

/** A local edit, already applied to the local text; `nextSeq` numbers a new submission. */
export function applyClient(state: PendingState, op: TextOperation, nextSeq: () => number): PendingState {
  switch (state.kind) {
    case 'synchronized':
      return { kind: 'awaiting-confirm', outstanding: { op, seq: nextSeq(), edits: 1 } };
    case 'awaiting-confirm':
      return { kind: 'awaiting-with-buffer', outstanding: state.outstanding, buffer: { op, edits: 1 } };
    case 'awaiting-with-buffer':
      return {
        kind: 'awaiting-with-buffer',
        outstanding: state.outstanding,
        buffer: { op: state.buffer.op.compose(op), edits: state.buffer.edits + 1 },
      };
  }
}

/** A concurrent server operation based on the client's revision: the next state and the op to apply locally. */
export function applyServer(state: PendingState, op: TextOperation): { next: PendingState; toApply: TextOperation } {
  switch (state.kind) {
    case 'synchronized':
      return { next: state, toApply: op };
    case 'awaiting-confirm': {
      const [outstanding, toApply] = TextOperation.transform(state.outstanding.op, op);
      return { next: { kind: 'awaiting-confirm', outstanding: { ...state.outstanding, op: outstanding } }, toApply };
    }
    case 'awaiting-with-buffer': {
      const [outstanding, op1] = TextOperation.transform(state.outstanding.op, op);
      const [buffer, toApply] = TextOperation.transform(state.buffer.op, op1);
      return {
        next: {
          kind: 'awaiting-with-buffer',
          outstanding: { ...state.outstanding, op: outstanding },
          buffer: { ...state.buffer, op: buffer },
        },
        toApply,
      };
    }
  }
}

/** The outstanding operation was sequenced; the buffer, if any, becomes the new outstanding one. */
export function serverAck(state: PendingState, nextSeq: () => number): PendingState {
  switch (state.kind) {
    case 'synchronized':
      throw new ProtocolViolation('an acknowledgement with nothing outstanding');
    case 'awaiting-confirm':
      return SYNCHRONIZED;
    case 'awaiting-with-buffer':
      return { kind: 'awaiting-confirm', outstanding: { op: state.buffer.op, seq: nextSeq(), edits: state.buffer.edits } };
  }
}

/** The server did something this client cannot reconcile with the protocol. */
export class ProtocolViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolViolation';
  }
}

/** What the client keeps across a page reload: enough to rebuild the local text and resubmit. */
export interface StoredState {
  readonly v: 1;
  readonly rev: number;
  readonly serverText: string;
  readonly lastSeq: number;
  readonly outstanding: { readonly op: unknown; readonly seq: number; readonly edits: number } | null;
  readonly buffer: { readonly op: unknown; readonly edits: number } | null;
}

/** Where the document is on the current connection. */
export type Phase = 'offline' | 'joining' | 'catching-up' | 'live';

/** The frames this state produces (PROTOCOL.md §4). */
export interface JoinFrame {
  type: 'join';
  doc: string;
  client: string;
  rev?: number;
}
export interface OpFrame {
  type: 'op';
  doc: string;
  rev: number;
  op: unknown;
  client: string;
  seq: number;
}

/** The server messages this state consumes (PROTOCOL.md §5), already checked for shape. */
export interface JoinedMessage {
  rev: number;
  text?: string;
  head?: number;
}
export interface OpMessage {
  rev: number;
  op: TextOperation;
  client: string | null;
  seq: number | null;
}

/** What a server `op` turned out to be. */
export type OpOutcome =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'ack'; readonly op: TextOperation }
  | { readonly kind: 'remote'; readonly op: TextOperation; readonly serverOp: TextOperation };

export class ClientState {
  readonly doc: string;
  readonly clientId: string;
  #serverText = '';
  #text = '';
  #rev = -1;
  #state: PendingState = SYNCHRONIZED;
  #lastSeq = 0;
  #phase: Phase = 'offline';
  /** The revision a resuming join's catch-up ends at, while it runs. */
  #head: number | null = null;
  /** The seq of the outstanding op as last written to the current connection, or null. */
  #sentSeq: number | null = null;
  #retryNotBefore = 0;

  constructor(doc: string, clientId: string, stored: StoredState | null = null) {
    this.doc = doc;
    this.clientId = clientId;
    if (stored !== null) {
      this.#restore(stored);
    }
  }

  /** The local text: the server's at {@link rev} plus this client's pending edits. */
  get text(): string {
    return this.#text;
  }

  /** The server text at {@link rev}. */
  get serverText(): string {
    return this.#serverText;
  }

  /** The last server revision this client has seen; -1 before the first snapshot. */
  get rev(): number {
    return this.#rev;
  }

  get hasSnapshot(): boolean {
    return this.#rev >= 0;
  }

  get state(): PendingState {
    return this.#state;
  }

  get phase(): Phase {
    return this.#phase;
  }

  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Local changes not yet acknowledged. */
  get waiting(): number {
    const s = this.#state;
    return s.kind === 'synchronized' ? 0 : s.outstanding.edits + (s.kind === 'awaiting-with-buffer' ? s.buffer.edits : 0);
  }

  /** Joined, caught up, and nothing waiting. */
  get isSynchronized(): boolean {
    return this.#phase === 'live' && this.#state.kind === 'synchronized';
  }

  /** The join for a new connection: fresh until a snapshot arrived, resuming from {@link rev} after. */
  join(): JoinFrame {
    this.#phase = 'joining';
    this.#head = null;
    this.#sentSeq = null;
    return this.hasSnapshot
      ? { type: 'join', doc: this.doc, client: this.clientId, rev: this.#rev }
      : { type: 'join', doc: this.doc, client: this.clientId };
  }

  /** The connection is gone (or the join failed): nothing goes out until the next join is caught up. */
  connectionLost(): void {
    this.#phase = 'offline';
    this.#head = null;
    this.#sentSeq = null;
  }

  /**
   * Forgets the pending edits and the snapshot, so that the next join fetches the server's text
   * (after the server refused this client's own operation, or cannot resume from {@link rev}).
   *
   * @returns the number of local changes dropped
   */
  discard(): number {
    const dropped = this.waiting;
    this.#state = SYNCHRONIZED;
    this.#rev = -1;
    this.#serverText = '';
    this.#text = '';
    this.#sentSeq = null;
    return dropped;
  }

  /**
   * The answer to {@link join}. A snapshot replaces the text (pending edits are impossible there:
   * a fresh join only happens without a snapshot); a resuming answer starts the catch-up.
   */
  onJoined(message: JoinedMessage): void {
    if (this.#phase !== 'joining') {
      throw new ProtocolViolation(`"joined" for ${this.doc} while ${this.#phase}`);
    }
    if (!this.hasSnapshot) {
      if (message.text === undefined) {
        throw new ProtocolViolation('a join without revision was answered without text');
      }
      this.#serverText = message.text;
      this.#text = message.text;
      this.#rev = message.rev;
      this.#state = SYNCHRONIZED;
      this.#phase = 'live';
      return;
    }
    if (message.head === undefined || message.rev !== this.#rev || message.head < this.#rev) {
      throw new ProtocolViolation(
        `a join from revision ${this.#rev} was answered with rev ${message.rev} and head ${String(message.head)}`,
      );
    }
    this.#head = message.head;
    this.#phase = 'catching-up';
    this.#catchUpDone();
  }

  /**
   * A server `op`. Its own outstanding operation (met in a catch-up after a drop) is its
   * acknowledgement; an op at or below {@link rev} was already seen; ops before `joined` belong to
   * an earlier subscription and are ignored.
   */
  onOp(message: OpMessage): OpOutcome {
    if (this.#phase === 'offline' || this.#phase === 'joining' || message.rev <= this.#rev) {
      return { kind: 'ignored' };
    }
    if (message.rev !== this.#rev + 1) {
      throw new ProtocolViolation(`operation ${message.rev} arrived at revision ${this.#rev}`);
    }
    const s = this.#state;
    if (s.kind !== 'synchronized' && message.client === this.clientId && message.seq === s.outstanding.seq) {
      const op = s.outstanding.op;
      this.#acknowledged(message.rev);
      return { kind: 'ack', op };
    }
    let step: { next: PendingState; toApply: TextOperation };
    let serverText: string;
    let text: string;
    try {
      serverText = message.op.apply(this.#serverText);
      step = applyServer(s, message.op);
      text = step.toApply.apply(this.#text);
    } catch (e) {
      throw new ProtocolViolation(`operation ${message.rev} does not fit revision ${this.#rev}: ${String(e)}`);
    }
    this.#serverText = serverText;
    this.#text = text;
    this.#state = step.next;
    this.#rev = message.rev;
    this.#catchUpDone();
    return { kind: 'remote', op: step.toApply, serverOp: message.op };
  }

  /**
   * An `ack`. One whose seq is not the outstanding one answers a resubmission the server had
   * already acknowledged (or an op met in the catch-up): ignored.
   *
   * @returns the acknowledged operation (as the server applied it), or null when ignored
   */
  onAck(rev: number, seq: number): TextOperation | null {
    const s = this.#state;
    if (this.#phase !== 'live' || s.kind === 'synchronized' || seq !== s.outstanding.seq) {
      return null;
    }
    if (rev !== this.#rev + 1) {
      throw new ProtocolViolation(`submission ${seq} acknowledged as revision ${rev} at revision ${this.#rev}`);
    }
    const op = s.outstanding.op;
    this.#acknowledged(rev);
    return op;
  }

  /**
   * A local edit based on the local text: applied at once, then sent or buffered.
   *
   * @throws InvalidOperationError when it does not apply to the local text
   */
  local(op: TextOperation): void {
    if (!this.hasSnapshot) {
      throw new Error(`document ${this.doc} has no text yet: wait for "ready"`);
    }
    this.#text = op.apply(this.#text);
    if (!op.isNoop()) {
      this.#state = applyClient(this.#state, op, () => ++this.#lastSeq);
    }
  }

  /**
   * The outstanding operation when it has to go out now: live, not yet written to this
   * connection, and not held back by {@link retryLater}.
   */
  takeOutgoing(now: number): OpFrame | null {
    const s = this.#state;
    if (this.#phase !== 'live' || s.kind === 'synchronized' || now < this.#retryNotBefore || this.#sentSeq === s.outstanding.seq) {
      return null;
    }
    this.#sentSeq = s.outstanding.seq;
    return {
      type: 'op',
      doc: this.doc,
      rev: this.#rev,
      op: s.outstanding.op.toJSON(),
      client: this.clientId,
      seq: s.outstanding.seq,
    };
  }

  /** The server refused `seq` for now (rate, storage): send it again, not before `notBefore`. */
  retryLater(seq: number, notBefore: number): boolean {
    const s = this.#state;
    if (s.kind === 'synchronized' || s.outstanding.seq !== seq) {
      return false;
    }
    this.#sentSeq = null;
    this.#retryNotBefore = notBefore;
    return true;
  }

  /** True when `seq` is the outstanding submission's. */
  isOutstanding(seq: number): boolean {
    const s = this.#state;
    return s.kind !== 'synchronized' && s.outstanding.seq === seq;
  }

  /** Moves a position of the server text at {@link rev} into the local text (ot.js `transformSelection`). */
  toLocal(selection: readonly [number, number]): [number, number] {
    let [anchor, head] = selection;
    const s = this.#state;
    const ops = s.kind === 'synchronized' ? [] : s.kind === 'awaiting-confirm' ? [s.outstanding.op] : [s.outstanding.op, s.buffer.op];
    for (const op of ops) {
      anchor = op.transformPosition(anchor, 'after');
      head = op.transformPosition(head, 'after');
    }
    return [anchor, head];
  }

  /** What to keep in storage; null before the first snapshot. */
  stored(): StoredState | null {
    if (!this.hasSnapshot) {
      return null;
    }
    const s = this.#state;
    return {
      v: 1,
      rev: this.#rev,
      serverText: this.#serverText,
      lastSeq: this.#lastSeq,
      outstanding: s.kind === 'synchronized' ? null : { op: s.outstanding.op.toJSON(), seq: s.outstanding.seq, edits: s.outstanding.edits },
      buffer: s.kind === 'awaiting-with-buffer' ? { op: s.buffer.op.toJSON(), edits: s.buffer.edits } : null,
    };
  }

  #restore(stored: StoredState): void {
    const outstanding = stored.outstanding === null ? null : { ...stored.outstanding, op: TextOperation.fromJSON(stored.outstanding.op) };
    const buffer = stored.buffer === null ? null : { ...stored.buffer, op: TextOperation.fromJSON(stored.buffer.op) };
    if (buffer !== null && outstanding === null) {
      throw new Error('stored state has a buffer without an outstanding operation');
    }
    let text = stored.serverText;
    if (outstanding !== null) {
      text = outstanding.op.apply(text);
    }
    if (buffer !== null) {
      text = buffer.op.apply(text);
    }
    this.#serverText = stored.serverText;
    this.#text = text;
    this.#rev = stored.rev;
    this.#lastSeq = Math.max(stored.lastSeq, outstanding?.seq ?? 0);
    this.#state =
      outstanding === null
        ? SYNCHRONIZED
        : buffer === null
          ? { kind: 'awaiting-confirm', outstanding }
          : { kind: 'awaiting-with-buffer', outstanding, buffer };
  }

  #acknowledged(rev: number): void {
    const s = this.#state;
    if (s.kind === 'synchronized') {
      return;
    }
    this.#serverText = s.outstanding.op.apply(this.#serverText);
    this.#rev = rev;
    this.#state = serverAck(s, () => ++this.#lastSeq);
    this.#sentSeq = null;
    this.#retryNotBefore = 0;
    this.#catchUpDone();
  }

  #catchUpDone(): void {
    if (this.#head !== null && this.#rev >= this.#head) {
      this.#head = null;
      this.#phase = 'live';
    }
  }
}

/** Parses a stored state, or null when it is missing or unreadable (then the server's text is used). */
export function parseStoredState(json: string | null): StoredState | null {
  if (json === null) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null) {
      return null;
    }
    const v = value as Partial<StoredState>;
    if (v.v !== 1 || typeof v.rev !== 'number' || typeof v.serverText !== 'string' || typeof v.lastSeq !== 'number') {
      return null;
    }
    return v as StoredState;
  } catch {
    return null;
  }
}
