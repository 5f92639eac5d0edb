/**
 * Seeded simulation: several DocumentSessions on an in-memory server with random latency, random
 * edits and carets, dropped connections (1006, 1001, 4001), refused ops (rate-limited,
 * unavailable) and page reloads while offline. After the storm every session must hold the
 * server's text, with nothing lost and nothing applied twice. A failure names its seed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { int, prng, randomOperation, type Random } from '../ot/random-ops';
import { TextOperation } from '../ot/text-operation';
import { DocumentSession, type ConnectionStatus, type Participant } from './document-session';
import { MemoryServer, MemoryStorage } from './memory-server';

/** One browser tab: a session, its storage, and the editor text it drives from the events. */
class Tab {
  session!: DocumentSession;
  editor: string | null = null;
  readonly errors: string[] = [];
  status: ConnectionStatus = 'offline';
  participants: Participant[] = [];
  readonly storage = new MemoryStorage();
  #marks = 0;

  constructor(
    readonly index: number,
    readonly server: MemoryServer,
  ) {
    this.open();
  }

  open(): void {
    this.editor = null;
    this.session = new DocumentSession(
      { docId: 'd', wsUrl: 'ws://memory/ws?name=t', storage: this.storage, webSocket: this.server.webSocket(), reconnectDelaysMs: [20, 50, 100] },
      {
        ready: (text) => {
          this.editor = text;
        },
        remote: (op) => {
          if (this.editor === null) {
            throw new Error('remote before ready');
          }
          this.editor = op.apply(this.editor);
        },
        status: (status) => {
          this.status = status;
        },
        participants: (list) => {
          this.participants = list;
        },
        error: (code, message) => {
          this.errors.push(`${code}: ${message}`);
        },
      },
    );
    this.session.start();
  }

  /** A page reload: the page goes (its socket with it) and comes back on the same storage. */
  reload(): void {
    this.session.close();
    this.open();
  }

  /** A random edit; with `unique`, an insert of one character no other edit ever inserts. */
  edit(random: Random, unique: boolean): void {
    if (this.editor === null) {
      return;
    }
    const text = this.session.text;
    const op = unique
      ? TextOperation.insertAt(text.length, safePosition(text, int(random, text.length + 1)), mark(this.index, this.#marks++))
      : randomOperation(random, text);
    this.editor = op.apply(this.editor);
    this.session.local(op);
  }

  get marks(): number {
    return this.#marks;
  }
}

/** One BMP character per (tab, edit): never split, never produced by anything else. */
function mark(tab: number, n: number): string {
  return String.fromCharCode(0x4e00 + tab * 3000 + n);
}

/** A position at a code-point boundary at or before `pos`. */
function safePosition(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  return pos > 0 && c >= 0xdc00 && c <= 0xdfff ? pos - 1 : pos;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Runs one seeded storm; returns a description of what went wrong, or null. */
async function simulate(seed: number, tabsCount: number, steps: number, unique: boolean): Promise<string | null> {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  const random = prng(seed);
  vi.spyOn(Math, 'random').mockImplementation(prng(seed ^ 0x5eed));
  const server = new MemoryServer(random);
  server.createDoc('d', unique ? '' : 'Le cahier 😀 de l’atelier');
  server.faults = { rateLimited: 0.05, unavailable: 0.03 };
  const tabs = Array.from({ length: tabsCount }, (_, i) => new Tab(i, server));

  for (let step = 0; step < steps; step++) {
    const tab = tabs[int(random, tabs.length)] as Tab;
    const r = random();
    if (r < 0.55) {
      tab.edit(random, unique);
    } else if (r < 0.65 && tab.editor !== null) {
      const a = safePosition(tab.session.text, int(random, tab.session.text.length + 1));
      tab.session.setSelection([a, a]);
    } else if (r < 0.7) {
      server.dropAll([1006, 1001, 4001][int(random, 3)] as number);
    } else if (r < 0.73) {
      tab.reload();
    }
    await vi.advanceTimersByTimeAsync(int(random, 25));
    for (const t of tabs) {
      if (t.editor !== t.session.text && t.editor !== null) {
        return `step ${step}: tab ${t.index}'s editor (driven by events) differs from its session text`;
      }
    }
  }

  // calm: no more faults; everyone reaches the server's text
  server.faults = {};
  for (let i = 0; i < 200 && !tabs.every((t) => t.session.waiting === 0 && t.session.status === 'connected' && t.session.revision === server.rev('d')); i++) {
    await vi.advanceTimersByTimeAsync(100);
  }
  await vi.advanceTimersByTimeAsync(200);
  const expected = server.text('d');
  for (const t of tabs) {
    const s = t.session;
    if (s.status !== 'connected' || s.waiting !== 0) {
      return `tab ${t.index} did not settle: ${s.status}, ${s.waiting} waiting, rev ${s.revision} of ${server.rev('d')}`;
    }
    if (s.text !== expected || t.editor !== expected) {
      return `tab ${t.index} diverged: ${JSON.stringify(s.text)} vs server ${JSON.stringify(expected)}`;
    }
    if (t.errors.length > 0) {
      return `tab ${t.index} reported errors: ${t.errors.join('; ')}`;
    }
  }
  // nothing applied twice, nothing lost: each client's seqs in the log are 1..n without a gap
  const seqs = new Map<string, number[]>();
  for (const o of server.log('d')) {
    if (o.client !== null && o.seq !== null) {
      seqs.set(o.client, [...(seqs.get(o.client) ?? []), o.seq]);
    }
  }
  for (const [client, list] of seqs) {
    if (list.some((s, i) => s !== i + 1)) {
      return `client ${client}'s seqs in the log are ${list.join(',')}`;
    }
  }
  if (unique) {
    for (const t of tabs) {
      for (let n = 0; n < t.marks; n++) {
        const count = expected.split(mark(t.index, n)).length - 1;
        if (count !== 1) {
          return `tab ${t.index}'s edit ${n} is in the text ${count} times`;
        }
      }
    }
  }
  // carets: everyone sees everyone else, inside the text
  for (const t of tabs) {
    const others = t.participants.filter((p) => p.client !== t.session.clientId);
    if (others.length !== tabs.length - 1) {
      return `tab ${t.index} sees ${others.length} participants, not ${tabs.length - 1}`;
    }
    if (others.some((p) => p.selection !== null && p.selection.some((n) => n > expected.length))) {
      return `tab ${t.index} shows a caret outside the text`;
    }
  }
  for (const t of tabs) {
    t.session.close();
  }
  return null;
}

describe('DocumentSession simulation', () => {
  it('converges with nothing lost or doubled: 40 seeds of inserts of unique characters (3 tabs, 150 steps)', async () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= 40; seed++) {
      const problem = await simulate(seed, 3, 150, true);
      if (problem !== null) {
        failures.push(`seed ${seed}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('converges: 40 seeds of random inserts and deletes over non-BMP text (3 tabs, 150 steps)', async () => {
    const failures: string[] = [];
    for (let seed = 1001; seed <= 1040; seed++) {
      const problem = await simulate(seed, 3, 150, false);
      if (problem !== null) {
        failures.push(`seed ${seed}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
