/**
 * DocumentSession behaviour on the in-memory server, one rule at a time: offline edits and page
 * reloads, close codes, server errors, presence, two tabs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prng } from '../ot/random-ops';
import { TextOperation } from '../ot/text-operation';
import { DocumentSession, type ConnectionStatus, type Participant, type SessionEvents } from './document-session';
import { MemoryServer, MemoryStorage } from './memory-server';
import type { GlossaryMessage } from './messages';

interface Recorder {
  ready: [string, number][];
  remote: TextOperation[];
  status: [ConnectionStatus, number][];
  participants: Participant[][];
  errors: [string, string][];
  events: Partial<SessionEvents>;
}

function recorder(): Recorder {
  const r: Recorder = { ready: [], remote: [], status: [], participants: [], errors: [], events: {} };
  r.events = {
    ready: (text, rev) => r.ready.push([text, rev]),
    remote: (op) => r.remote.push(op),
    status: (status, waiting) => r.status.push([status, waiting]),
    participants: (list) => r.participants.push(list),
    error: (code, message) => r.errors.push([code, message]),
  };
  return r;
}

let server: MemoryServer;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  server = new MemoryServer(prng(42), 5);
  server.createDoc('d', 'hello');
});

afterEach(() => {
  vi.useRealTimers();
});

function session(storage: Storage | null, r: Recorder, docId = 'd'): DocumentSession {
  const s = new DocumentSession(
    { docId, wsUrl: 'ws://memory/ws?name=Camille', storage, webSocket: server.webSocket(), reconnectDelaysMs: [100] },
    r.events,
  );
  s.start();
  return s;
}

const settle = () => vi.advanceTimersByTimeAsync(500);

/** Cuts the network until `restore` is called: every connection attempt fails meanwhile. */
function networkDown(): () => void {
  server.dropAll(1006);
  const timer = setInterval(() => server.dropAll(1006), 1);
  return () => clearInterval(timer);
}

describe('DocumentSession', () => {
  it('joins, reports ready and connected, and gets its edit acknowledged', async () => {
    const r = recorder();
    const s = session(new MemoryStorage(), r);
    expect(s.status).toBe('connecting');
    await settle();
    expect(r.ready).toEqual([['hello', 0]]);
    expect(s.status).toBe('connected');
    s.local(TextOperation.insertAt(5, 5, '!'));
    expect(s.waiting).toBe(1);
    expect(r.status.at(-1)).toEqual(['connected', 1]);
    await settle();
    expect(server.text('d')).toBe('hello!');
    expect(s.waiting).toBe(0);
    expect(r.status.at(-1)).toEqual(['connected', 0]);
    const sent = server.received.map((f) => JSON.parse(f) as Record<string, unknown>);
    expect(sent[0]).toEqual({ type: 'join', doc: 'd', client: s.clientId });
    expect(sent[1]).toEqual({ type: 'op', doc: 'd', rev: 0, op: [5, '!'], client: s.clientId, seq: 1 });
    s.close();
  });

  it('keeps offline edits through a page reload and submits them once when back online', async () => {
    const storage = new MemoryStorage();
    const r1 = recorder();
    const first = session(storage, r1);
    await settle();
    const clientId = first.clientId;
    const restore = networkDown();
    await vi.advanceTimersByTimeAsync(50);
    first.local(TextOperation.insertAt(5, 0, '» '));
    first.local(TextOperation.insertAt(7, 7, ' «'));
    expect(first.status).not.toBe('connected');
    expect(first.waiting).toBe(2);
    first.close(); // the page goes away while offline

    expect(storage.getItem('cahier:doc:d:client')).toBe(clientId);
    expect(JSON.parse(storage.getItem('cahier:doc:d:state') ?? 'null')).toMatchObject({ rev: 0, serverText: 'hello' });
    const r2 = recorder();
    const second = session(storage, r2); // the reloaded page, still offline
    expect(r2.ready).toEqual([['» hello «', 0]]); // at once, from storage
    expect(second.clientId).toBe(clientId);
    expect(second.waiting).toBe(2);
    second.local(TextOperation.insertAt(9, 9, '.'));

    restore();
    await vi.advanceTimersByTimeAsync(2000);
    expect(second.status).toBe('connected');
    expect(second.waiting).toBe(0);
    expect(server.text('d')).toBe('» hello «.');
    expect(second.text).toBe('» hello «.');
    const seqs = server.log('d').map((o) => [o.client, o.seq]);
    expect(seqs).toEqual([
      [clientId, 1],
      [clientId, 2],
    ]);
    expect(JSON.parse(storage.getItem('cahier:doc:d:state') ?? 'null')).toMatchObject({ rev: 2, outstanding: null, buffer: null });
    second.close();
  });

  it('does not apply an edit twice when its ack was lost with the connection', async () => {
    const r = recorder();
    const s = session(new MemoryStorage(), r);
    await settle();
    s.local(TextOperation.insertAt(5, 5, '?'));
    // the op reaches the server (latency ≤ 5 ms) but the connection drops before the ack is read
    await vi.advanceTimersByTimeAsync(6);
    server.dropAll(1006);
    await vi.advanceTimersByTimeAsync(3000);
    expect(server.text('d')).toBe('hello?');
    expect(s.text).toBe('hello?');
    expect(s.waiting).toBe(0);
    expect(server.log('d')).toHaveLength(1);
    // its own op met in the catch-up was the ack: it was never sent again
    expect(server.received.filter((f) => f.includes('"type":"op"'))).toHaveLength(1);
    s.close();
  });

  it('reconnects after 1001 and 4001, and stops for good on 1008 with an error', async () => {
    const r = recorder();
    const s = session(null, r);
    await settle();
    server.dropAll(1001);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.status).toBe('connected');
    server.dropAll(4001);
    await vi.advanceTimersByTimeAsync(50);
    expect(s.status).toBe('connected');
    expect(r.status.map(([status]) => status)).toContain('reconnecting');

    server.dropAll(1008);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.status).toBe('offline');
    expect(server.connections.size).toBe(0);
    expect(r.errors.map(([code]) => code)).toEqual(['policy']);
  });

  it('reports an unknown document once and does not reconnect', async () => {
    const r = recorder();
    const s = session(null, r, 'nope');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.errors).toEqual([['unknown-doc', 'no document "nope"']]);
    expect(s.status).toBe('offline');
    expect(server.received.filter((f) => f.includes('"join"'))).toHaveLength(1);
  });

  it('resends a rate-limited op later, under the same seq', async () => {
    const r = recorder();
    const s = session(null, r);
    await settle();
    server.faults = { rateLimited: 1 };
    s.local(TextOperation.insertAt(5, 0, 'x'));
    await vi.advanceTimersByTimeAsync(100);
    server.faults = {};
    expect(s.waiting).toBe(1);
    await vi.advanceTimersByTimeAsync(1500);
    expect(s.waiting).toBe(0);
    expect(server.text('d')).toBe('xhello');
    const ops = server.received.filter((f) => f.includes('"op"')).map((f) => (JSON.parse(f) as { seq: number }).seq);
    expect(ops).toEqual([1, 1]);
    expect(r.errors).toEqual([]);
    s.close();
  });

  it('on bad-op for its own op: reports, drops the pending edits and takes the server text again', async () => {
    const r = recorder();
    const s = session(new MemoryStorage(), r);
    await settle();
    server.faults = { badOp: 1 };
    s.local(TextOperation.insertAt(5, 5, ' world'));
    await settle();
    server.faults = {};
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.[0]).toBe('bad-op');
    expect(r.ready).toEqual([
      ['hello', 0],
      ['hello', 0],
    ]);
    expect(s.text).toBe('hello');
    expect(s.waiting).toBe(0);
    expect(s.status).toBe('connected');
    s.local(TextOperation.insertAt(5, 5, '.'));
    await settle();
    expect(server.text('d')).toBe('hello.');
    s.close();
  });

  it('shows other carets in local coordinates, moved through pending edits, and throttles its own', async () => {
    const ra = recorder();
    const rb = recorder();
    const a = session(null, ra);
    const b = session(null, rb);
    await settle();
    expect(ra.participants.at(-1)?.map((p) => p.client)).toEqual([b.clientId]);
    b.setSelection([5, 5]);
    await settle();
    expect(ra.participants.at(-1)?.[0]?.selection).toEqual([5, 5]);
    a.local(TextOperation.insertAt(5, 0, '>>')); // pending: b's caret moves with the text at once
    expect(ra.participants.at(-1)?.[0]?.selection).toEqual([7, 7]);
    await settle();
    expect(ra.participants.at(-1)?.[0]?.selection).toEqual([7, 7]);

    const before = server.received.filter((f) => f.includes('"presence"')).length;
    for (let i = 0; i < 50; i++) {
      b.setSelection([i % 7, i % 7]);
      await vi.advanceTimersByTimeAsync(2);
    }
    await settle();
    const presences = server.received.filter((f) => f.includes('"presence"')).length - before;
    expect(presences).toBeGreaterThan(0);
    expect(presences).toBeLessThanOrEqual(3); // 100 ms of moves at ≤ 20/s
    expect(ra.participants.at(-1)?.[0]?.selection).toEqual([49 % 7, 49 % 7]);

    b.close();
    await settle();
    expect(ra.participants.at(-1)).toEqual([]);
    a.close();
  });

  it('gives a second tab on the same storage its own client id', async () => {
    const storage = new MemoryStorage();
    const a = session(storage, recorder());
    const b = session(storage, recorder());
    await settle();
    expect(b.clientId).not.toBe(a.clientId);
    a.local(TextOperation.insertAt(5, 0, 'A'));
    b.local(TextOperation.insertAt(5, 5, 'B'));
    await settle();
    expect(server.text('d')).toBe('AhelloB');
    a.close();
    b.close();
  });
  it('surfaces a glossary message for its document, leaves the text alone, and ignores other documents', async () => {
    const r = recorder();
    const glossaries: GlossaryMessage[] = [];
    const s = session(new MemoryStorage(), r);
    await settle();
    const s2 = new DocumentSession(
      { docId: 'd', wsUrl: 'ws://memory/ws?name=Bruno', storage: null, webSocket: server.webSocket(), reconnectDelaysMs: [100] },
      { ...r.events, glossary: (m) => glossaries.push(m) },
    );
    s2.start();
    await settle();
    for (const c of server.connections) {
      c.send({ type: 'glossary', doc: 'other', glossary: 'g1', entry: 'e1', change: 'definition' });
      c.send({ type: 'glossary', doc: 'd', glossary: 'g1', entry: 'e1', change: 'definition' });
      c.send({ type: 'glossary', doc: 'd', glossary: 'g1', entry: null, change: 'entry' });
    }
    await settle();
    expect(glossaries).toEqual([
      { type: 'glossary', doc: 'd', glossary: 'g1', entry: 'e1', change: 'definition' },
      { type: 'glossary', doc: 'd', glossary: 'g1', entry: null, change: 'entry' },
    ]);
    // Without a glossary handler the message is dropped quietly, and neither session's text moved.
    expect(r.errors).toEqual([]);
    expect(r.remote).toEqual([]);
    expect(s.status).toBe('connected');
    expect(s2.status).toBe('connected');
    s.close();
    s2.close();
  });
});
