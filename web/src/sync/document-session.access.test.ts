/**
 * DocumentSession and workspace access (access contract): the role `joined` gives, close 4003
 * ("your access changed"), and telling an access taken away from a network trouble.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prng } from '../ot/random-ops';
import { TextOperation } from '../ot/text-operation';
import { DocumentSession, type AccessCheck, type ConnectionStatus } from './document-session';
import { MemoryServer, MemoryStorage } from './memory-server';

interface Recorder {
  ready: string[];
  roles: (string | null)[];
  status: ConnectionStatus[];
  errors: [string, string][];
}

let server: MemoryServer;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  server = new MemoryServer(prng(7), 5);
  server.createDoc('d', 'hello');
});

afterEach(() => {
  vi.useRealTimers();
});

function session(r: Recorder, checkAccess?: () => Promise<AccessCheck>, storage: Storage | null = null): DocumentSession {
  const s = new DocumentSession(
    { docId: 'd', wsUrl: 'ws://memory/ws', storage, webSocket: server.webSocket(), reconnectDelaysMs: [100], ...(checkAccess ? { checkAccess } : {}) },
    {
      ready: (text) => r.ready.push(text),
      role: (role) => r.roles.push(role),
      status: (status) => r.status.push(status),
      error: (code, message) => r.errors.push([code, message]),
    },
  );
  s.start();
  return s;
}

const recorder = (): Recorder => ({ ready: [], roles: [], status: [], errors: [] });
const settle = () => vi.advanceTimersByTimeAsync(500);
const joins = () => server.received.filter((f) => f.includes('"join"')).length;

describe('DocumentSession and access', () => {
  it('reports the role of every join, and null from a server that does not say', async () => {
    const r = recorder();
    server.role = 'observer';
    const s = session(r);
    await settle();
    server.role = 'editor';
    server.dropAll(1001);
    await vi.advanceTimersByTimeAsync(1000);
    server.role = null;
    server.dropAll(1001);
    await vi.advanceTimersByTimeAsync(1000);
    expect(r.roles).toEqual(['observer', 'editor', null]);
    s.close();
  });

  it('reconnects soon after 4003 and takes the new role', async () => {
    const r = recorder();
    server.role = 'editor';
    const s = session(r);
    await settle();
    server.role = 'observer';
    server.dropAll(4003);
    await vi.advanceTimersByTimeAsync(400);
    expect(s.status).toBe('connected');
    expect(r.roles).toEqual(['editor', 'observer']);
    expect(r.errors).toEqual([]);
    s.close();
  });

  it('after 4003, a join refused as unknown says the access was removed, and stops', async () => {
    const r = recorder();
    const s = session(r);
    await settle();
    server.access = 'removed';
    server.dropAll(4003);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(r.errors.map(([code]) => code)).toEqual(['access-removed']);
    expect(s.status).toBe('offline');
    expect(joins()).toBe(2);
  });

  it('after 4003, an upgrade that fails while the session has ended says the access was removed', async () => {
    const r = recorder();
    const check = vi.fn(() => Promise.resolve<AccessCheck>('signed-out'));
    const s = session(r, check);
    await settle();
    server.access = 'signed-out';
    server.dropAll(4003);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(check).toHaveBeenCalledTimes(1);
    expect(r.errors.map(([code]) => code)).toEqual(['access-removed']);
    expect(s.status).toBe('offline');
    expect(server.connections.size).toBe(0);
  });

  it('keeps reconnecting while the failed connections are only the network', async () => {
    const r = recorder();
    const check = vi.fn(() => Promise.resolve<AccessCheck>('unknown'));
    const s = session(r, check);
    await settle();
    server.access = 'signed-out'; // every connection fails before opening, as when the network is down
    server.dropAll(1006);
    await vi.advanceTimersByTimeAsync(3000);
    expect(check.mock.calls.length).toBeGreaterThan(1);
    expect(r.errors).toEqual([]);
    server.access = 'member';
    await vi.advanceTimersByTimeAsync(3000);
    expect(s.status).toBe('connected');
    s.close();
  });

  it('a first connection refused with no session says signed-out, not removed', async () => {
    const r = recorder();
    server.access = 'signed-out';
    const s = session(r, () => Promise.resolve('signed-out'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(r.errors.map(([code]) => code)).toEqual(['signed-out']);
    expect(s.status).toBe('offline');
  });

  it('an op refused as forbidden (a stale edit of a demoted member) is dropped and the text taken again', async () => {
    const storage = new MemoryStorage();
    const r = recorder();
    const s = session(r, undefined, storage);
    await settle();
    server.role = 'observer';
    s.local(TextOperation.insertAt(5, 5, '!'));
    await settle();
    expect(r.errors.map(([code]) => code)).toEqual(['forbidden']);
    expect(s.text).toBe('hello');
    expect(s.waiting).toBe(0);
    expect(s.status).toBe('connected');
    expect(r.roles.at(-1)).toBe('observer');
    expect(server.text('d')).toBe('hello');
    s.close();
  });
});
