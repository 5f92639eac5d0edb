/**
 * The other people in a document and their carets. Carets are kept in server coordinates with the
 * revision they are at, moved through each server operation as it is taken (ot.js
 * `Selection.transform`, "after" stickiness), and shown in local coordinates only when they are at
 * the client's revision (a caret announced for a later revision waits until the client gets there).
 */
import type { TextOperation } from '../ot/text-operation';
import type { WireParticipant, WireUser } from './messages';

export interface ParticipantView {
  client: string;
  user: WireUser;
  selection: [number, number] | null;
}

interface Entry {
  user: WireUser;
  /** Server coordinates at `rev`; null when there is no caret to draw. */
  selection: [number, number] | null;
  rev: number;
  /**
   * Connections the server counts under this client id: after a reconnect, the old connection's
   * "left" may come after the new one's "joined", and must not remove a participant still there.
   */
  connections: number;
}

/** How many recent server operations are kept to bring an older caret up to date. */
const HISTORY = 64;

export class Participants {
  readonly #self: string;
  readonly #entries = new Map<string, Entry>();
  /** Recent server operations, in revision order, each turning `rev - 1` into `rev`. */
  #history: { rev: number; op: TextOperation }[] = [];

  constructor(self: string) {
    this.#self = self;
  }

  /** The list of a `joined` answer, its selections at `rev`. */
  reset(list: readonly WireParticipant[], rev: number): void {
    this.#entries.clear();
    this.#history = [];
    for (const p of list) {
      if (p.client !== this.#self) {
        const connections = (this.#entries.get(p.client)?.connections ?? 0) + 1;
        this.#entries.set(p.client, { user: p.user, selection: p.selection, rev, connections });
      }
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#history = [];
  }

  /** Server operation `rev` was taken (someone else's, or this client's own, acknowledged). */
  onServerOp(rev: number, op: TextOperation): void {
    this.#history.push({ rev, op });
    if (this.#history.length > HISTORY) {
      this.#history.shift();
    }
    for (const entry of this.#entries.values()) {
      if (entry.rev === rev - 1) {
        entry.selection = entry.selection === null ? null : moveThrough(entry.selection, op);
        entry.rev = rev;
      }
    }
  }

  onPresence(client: string, user: WireUser, rev: number, selection: [number, number] | null, currentRev: number): void {
    if (client === this.#self || (selection === null && !this.#entries.has(client))) {
      return; // a leaver's "no caret" comes after its "left": it must not bring it back
    }
    const connections = this.#entries.get(client)?.connections ?? 1;
    let entry: Entry = { user, selection, rev, connections };
    if (rev < currentRev && selection !== null) {
      entry = { user, selection: this.#lift(selection, rev, currentRev), rev: currentRev, connections };
    }
    this.#entries.set(client, entry);
  }

  onParticipant(client: string, user: WireUser, joined: boolean, currentRev: number): void {
    if (client === this.#self) {
      return;
    }
    const entry = this.#entries.get(client);
    if (joined) {
      if (entry === undefined) {
        this.#entries.set(client, { user, selection: null, rev: currentRev, connections: 1 });
      } else {
        entry.connections++;
      }
    } else if (entry !== undefined && --entry.connections <= 0) {
      this.#entries.delete(client);
    }
  }

  /** Everyone, carets in local coordinates through `toLocal` when they are at `currentRev`. */
  view(currentRev: number, toLocal: (selection: [number, number]) => [number, number] | null): ParticipantView[] {
    const list: ParticipantView[] = [];
    for (const [client, entry] of this.#entries) {
      const shown = entry.selection !== null && entry.rev === currentRev ? toLocal(entry.selection) : null;
      list.push({ client, user: entry.user, selection: shown });
    }
    return list;
  }

  /** A caret at `from` moved to `to` through the kept history, or null when part of it is gone. */
  #lift(selection: [number, number], from: number, to: number): [number, number] | null {
    let current: [number, number] | null = selection;
    for (let rev = from + 1; rev <= to && current !== null; rev++) {
      const step = this.#history.find((h) => h.rev === rev);
      current = step === undefined ? null : moveThrough(current, step.op);
    }
    return current;
  }
}

function moveThrough(selection: [number, number], op: TextOperation): [number, number] | null {
  const [anchor, head] = selection;
  if (anchor > op.baseLength || head > op.baseLength) {
    return null;
  }
  return [op.transformPosition(anchor, 'after'), op.transformPosition(head, 'after')];
}
