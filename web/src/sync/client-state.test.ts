import { describe, expect, it } from 'vitest';
import { TextOperation } from '../ot/text-operation';
import { ClientState, ProtocolViolation, applyClient, applyServer, serverAck, SYNCHRONIZED } from './client-state';

const ins = (len: number, pos: number, s: string) => TextOperation.insertAt(len, pos, s);

/** A client joined fresh at `rev` with `text`, live. */
function live(text: string, rev: number): ClientState {
  const c = new ClientState('d', 'me');
  expect(c.join()).toEqual({ type: 'join', doc: 'd', client: 'me' });
  c.onJoined({ rev, text });
  return c;
}

describe('ot.js client states', () => {
  it('go Synchronized → AwaitingConfirm → AwaitingWithBuffer, composing the buffer, and back on acks', () => {
    let seq = 0;
    const next = () => ++seq;
    let s = applyClient(SYNCHRONIZED, ins(0, 0, 'a'), next);
    expect(s.kind).toBe('awaiting-confirm');
    s = applyClient(s, ins(1, 1, 'b'), next);
    s = applyClient(s, ins(2, 2, 'c'), next);
    expect(s.kind === 'awaiting-with-buffer' && s.buffer.op.toJSON()).toEqual([1, 'bc']);
    expect(s.kind === 'awaiting-with-buffer' && s.buffer.edits).toBe(2);
    s = serverAck(s, next);
    expect(s.kind === 'awaiting-confirm' && [s.outstanding.seq, s.outstanding.op.toJSON()]).toEqual([2, [1, 'bc']]);
    expect(serverAck(s, next)).toBe(SYNCHRONIZED);
    expect(() => serverAck(SYNCHRONIZED, next)).toThrow(ProtocolViolation);
  });

  it('transform a server op through outstanding and buffer (both local inserts stay first at a tie)', () => {
    let s = applyClient(SYNCHRONIZED, ins(2, 1, 'X'), () => 1); // "aXb"
    s = applyClient(s, ins(3, 3, 'Y'), () => 2); // "aXbY"
    const step = applyServer(s, ins(2, 1, 'Z')); // server: "aZb"
    // the local outstanding op was not yet sequenced, so the server's op comes first at the tie
    expect(step.toApply.apply('aXbY')).toBe('aXZbY');
  });
});

describe('ClientState', () => {
  it('sends the outstanding op once per connection, the buffer after the ack', () => {
    const c = live('ab', 3);
    c.local(ins(2, 2, 'c'));
    expect(c.takeOutgoing(0)).toEqual({ type: 'op', doc: 'd', rev: 3, op: [2, 'c'], client: 'me', seq: 1 });
    expect(c.takeOutgoing(0)).toBeNull();
    c.local(ins(3, 3, 'd'));
    expect(c.waiting).toBe(2);
    expect(c.onAck(4, 1)).not.toBeNull();
    expect(c.takeOutgoing(0)).toEqual({ type: 'op', doc: 'd', rev: 4, op: [3, 'd'], client: 'me', seq: 2 });
    expect(c.onAck(5, 2)).not.toBeNull();
    expect(c.isSynchronized).toBe(true);
    expect(c.text).toBe('abcd');
    expect(c.serverText).toBe('abcd');
  });

  it('ignores an ack whose seq is not the outstanding one (answer to a resubmission)', () => {
    const c = live('', 0);
    c.local(ins(0, 0, 'x'));
    c.takeOutgoing(0);
    expect(c.onAck(1, 7)).toBeNull();
    expect(c.waiting).toBe(1);
    expect(c.rev).toBe(0);
  });

  it('takes its own op met in the catch-up as the ack, and sends the buffer with a new seq once caught up', () => {
    const c = live('ab', 1);
    c.local(ins(2, 0, 'X')); // seq 1
    c.takeOutgoing(0);
    c.connectionLost();
    c.local(ins(3, 3, 'Y')); // offline: buffered
    expect(c.join()).toEqual({ type: 'join', doc: 'd', client: 'me', rev: 1 });
    c.onJoined({ rev: 1, head: 3 });
    expect(c.phase).toBe('catching-up');
    expect(c.takeOutgoing(0)).toBeNull(); // nothing goes out during the catch-up
    // rev 2: someone else; rev 3: this client's seq 1, sequenced before the drop
    expect(c.onOp({ rev: 2, op: ins(2, 2, 'z'), client: 'other', seq: 4 }).kind).toBe('remote');
    expect(c.onOp({ rev: 3, op: TextOperation.fromJSON(['X', 3]), client: 'me', seq: 1 }).kind).toBe('ack');
    expect(c.phase).toBe('live');
    expect(c.text).toBe('XabYz'); // at a tie the local (not yet sequenced) insert stays first
    expect(c.takeOutgoing(0)).toEqual({ type: 'op', doc: 'd', rev: 3, op: [3, 'Y', 1], client: 'me', seq: 2 });
  });

  it('resends the outstanding op with its original seq, rebased, once caught up', () => {
    const c = live('ab', 1);
    c.local(ins(2, 2, '!'));
    c.takeOutgoing(0);
    c.connectionLost();
    c.join();
    c.onJoined({ rev: 1, head: 2 });
    c.onOp({ rev: 2, op: ins(2, 0, '>'), client: 'other', seq: 1 });
    expect(c.takeOutgoing(0)).toEqual({ type: 'op', doc: 'd', rev: 2, op: [3, '!'], client: 'me', seq: 1 });
  });

  it('is live at once when the resuming join has nothing to catch up', () => {
    const c = live('ab', 5);
    c.local(ins(2, 0, 'q'));
    c.connectionLost();
    c.join();
    c.onJoined({ rev: 5, head: 5 });
    expect(c.phase).toBe('live');
    expect(c.takeOutgoing(0)?.seq).toBe(1);
  });

  it('ignores ops it has seen or that arrive before "joined"; a gap is a protocol violation', () => {
    const c = live('ab', 2);
    expect(c.onOp({ rev: 2, op: ins(1, 0, 'x'), client: 'o', seq: 1 }).kind).toBe('ignored');
    expect(() => c.onOp({ rev: 4, op: ins(2, 0, 'x'), client: 'o', seq: 1 })).toThrow(ProtocolViolation);
    c.connectionLost();
    c.join();
    expect(c.onOp({ rev: 3, op: ins(2, 0, 'x'), client: 'o', seq: 1 }).kind).toBe('ignored');
    expect(c.text).toBe('ab');
  });

  it('holds a refused op back until its retry time', () => {
    const c = live('', 0);
    c.local(ins(0, 0, 'x'));
    c.takeOutgoing(0);
    expect(c.retryLater(1, 1000)).toBe(true);
    expect(c.takeOutgoing(999)).toBeNull();
    expect(c.takeOutgoing(1000)?.seq).toBe(1);
    expect(c.retryLater(9, 0)).toBe(false);
  });

  it('survives storage: the stored state rebuilds the text and resubmits under the same seqs', () => {
    const c = live('ab', 1);
    c.local(ins(2, 0, 'X'));
    c.takeOutgoing(0);
    c.local(ins(3, 3, 'Y'));
    const stored = JSON.parse(JSON.stringify(c.stored()));
    const back = new ClientState('d', 'me', stored);
    expect(back.text).toBe('XabY');
    expect(back.rev).toBe(1);
    expect(back.waiting).toBe(2);
    back.join();
    back.onJoined({ rev: 1, head: 1 });
    expect(back.takeOutgoing(0)).toEqual({ type: 'op', doc: 'd', rev: 1, op: ['X', 2], client: 'me', seq: 1 });
    back.onAck(2, 1);
    expect(back.takeOutgoing(0)?.seq).toBe(2); // never reuses a seq
  });

  it('moves a server-coordinate caret into the local text through pending edits', () => {
    const c = live('abc', 0);
    c.local(ins(3, 0, '12'));
    expect(c.toLocal([1, 3])).toEqual([3, 5]);
  });

  it('refuses a local edit that does not fit the local text', () => {
    const c = live('abc', 0);
    expect(() => c.local(ins(2, 0, 'x'))).toThrow(/base length/);
    expect(c.text).toBe('abc');
  });
});
