/** The glossary watch: watch on open, changes passed on, a reconnect watches again and says so. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GlossaryWatch, type GlossaryWatchEvents } from './glossary-watch';
import type { GlossaryMessage } from './messages';
import { parseServerMessage } from './messages';

/** A WebSocket stand-in the test drives: it records what the client sends. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: unknown[] = [];
  closedWith: number | undefined;
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }

  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' } as CloseEvent);
  }
}

function watchWith(events: Partial<GlossaryWatchEvents>): GlossaryWatch {
  return new GlossaryWatch(
    { glossaryId: 'g1', wsUrl: 'ws://here/ws', webSocket: FakeSocket as unknown as typeof WebSocket, reconnectDelaysMs: [100] },
    events,
  );
}

describe('GlossaryWatch', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('watches once the socket opens, and passes on the changes of its glossary only', () => {
    const changes: GlossaryMessage[] = [];
    const statuses: string[] = [];
    const watch = watchWith({ changed: (m) => changes.push(m), status: (s) => statuses.push(s) });
    watch.start();
    const socket = FakeSocket.all[0] as FakeSocket;
    socket.open();
    expect(socket.sent).toEqual([{ type: 'watch', glossary: 'g1' }]);
    socket.receive({ type: 'watching', glossary: 'g1' });
    socket.receive({ type: 'glossary', glossary: 'g1', entry: 'e1', change: 'definition' });
    socket.receive({ type: 'glossary', glossary: 'g2', entry: null, change: 'round' });
    // The same change told to an attached document this connection joined is the editor's business.
    socket.receive({ type: 'glossary', doc: 'd1', glossary: 'g1', entry: null, change: 'round' });
    socket.receive({ type: 'glossary', glossary: 'g1', entry: null, change: 'round' });
    expect(changes.map((m) => [m.entry, m.change])).toEqual([
      ['e1', 'definition'],
      [null, 'round'],
    ]);
    expect(statuses).toEqual(['connecting', 'watching']);
    watch.close();
    expect(socket.sent.at(-1)).toEqual({ type: 'unwatch', glossary: 'g1' });
    expect(socket.closedWith).toBe(1000);
  });

  it('reconnects after a lost connection, watches again, and says changes may have been missed', () => {
    let resumed = 0;
    const watch = watchWith({ resumed: () => resumed++ });
    watch.start();
    const first = FakeSocket.all[0] as FakeSocket;
    first.open();
    first.receive({ type: 'watching', glossary: 'g1' });
    expect(resumed).toBe(0);
    first.drop();
    vi.advanceTimersByTime(200);
    const second = FakeSocket.all[1] as FakeSocket;
    expect(second).toBeDefined();
    second.open();
    expect(second.sent).toEqual([{ type: 'watch', glossary: 'g1' }]);
    second.receive({ type: 'watching', glossary: 'g1' });
    expect(resumed).toBe(1);
    watch.close();
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('stops for good when the server refuses the watch', () => {
    const refused: string[] = [];
    const watch = watchWith({ refused: (code) => refused.push(code) });
    watch.start();
    const socket = FakeSocket.all[0] as FakeSocket;
    socket.open();
    socket.receive({ type: 'error', code: 'not-found', message: 'no glossary "g1"', doc: null, seq: null });
    expect(refused).toEqual(['not-found']);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('tells the screen when the role changed (close 4003), and watches again', () => {
    let changed = 0;
    const watch = watchWith({ accessChanged: () => changed++ });
    watch.start();
    const socket = FakeSocket.all[0] as FakeSocket;
    socket.open();
    socket.receive({ type: 'watching', glossary: 'g1' });
    socket.drop(4003);
    expect(changed).toBe(1);
    vi.advanceTimersByTime(200);
    expect(FakeSocket.all).toHaveLength(2);
    watch.close();
  });
});

describe('glossary messages on the wire', () => {
  it('reads a watched glossary’s change, without doc, and the watch’s confirmation', () => {
    expect(parseServerMessage('{"type":"glossary","glossary":"g","entry":null,"change":"proposal"}')).toEqual({
      type: 'glossary',
      doc: null,
      glossary: 'g',
      entry: null,
      change: 'proposal',
    });
    expect(parseServerMessage('{"type":"watching","glossary":"g"}')).toEqual({ type: 'watching', glossary: 'g' });
    expect(() => parseServerMessage('{"type":"watching"}')).toThrow();
  });
});
