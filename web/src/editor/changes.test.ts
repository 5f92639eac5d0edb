import { ChangeSet, EditorState, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { TextOperation } from '../ot/text-operation';
import { changesFromOperation, operationFromChanges } from './changes';

/** Small seeded generator (mulberry32) so a failure can be replayed from the printed seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = 'ab \nçé€😀';

function randomText(next: () => number, max: number): string {
  let out = '';
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) {
    out += [...ALPHABET][Math.floor(next() * [...ALPHABET].length)];
  }
  return out;
}

/** Positions that do not cut a surrogate pair in two. */
function boundaries(doc: string): number[] {
  const out = [0];
  let pos = 0;
  for (const ch of doc) {
    pos += ch.length;
    out.push(pos);
  }
  return out;
}

/** Several non-overlapping random changes, as one CodeMirror transaction can hold. */
function randomChanges(next: () => number, doc: string): ChangeSet {
  const cuts = boundaries(doc);
  const picks = new Set<number>();
  const count = Math.floor(next() * 4) * 2;
  for (let i = 0; i < count; i++) {
    picks.add(cuts[Math.floor(next() * cuts.length)] ?? 0);
  }
  const sorted = [...picks].sort((a, b) => a - b);
  const specs = [];
  for (let i = 0; i < sorted.length; i += 2) {
    const from = sorted[i] ?? 0;
    const to = next() < 0.5 ? from : (sorted[i + 1] ?? from);
    specs.push({ from, to, insert: next() < 0.3 ? '' : randomText(next, 4) });
  }
  return ChangeSet.of(specs, doc.length);
}

describe('operationFromChanges', () => {
  it('turns a typed character into retain/insert/retain', () => {
    const changes = ChangeSet.of({ from: 5, insert: 'X' }, 11);
    expect(operationFromChanges(changes).toJSON()).toEqual([5, 'X', 6]);
  });

  it('puts the insert before the delete of a replacement (canonical form)', () => {
    const changes = ChangeSet.of({ from: 2, to: 4, insert: 'xyz' }, 6);
    expect(operationFromChanges(changes).toJSON()).toEqual([2, 'xyz', -2, 2]);
  });

  it('keeps several changes of one transaction in order', () => {
    const changes = ChangeSet.of(
      [
        { from: 0, insert: '# ' },
        { from: 3, to: 5 },
      ],
      8,
    );
    expect(operationFromChanges(changes).toJSON()).toEqual(['# ', 3, -2, 3]);
  });

  it('counts UTF-16 code units, as CodeMirror does', () => {
    const doc = 'a😀b';
    const changes = ChangeSet.of({ from: 3, insert: 'é' }, doc.length);
    const op = operationFromChanges(changes);
    expect(op.toJSON()).toEqual([3, 'é', 1]);
    expect(op.apply(doc)).toBe('a😀éb');
  });

  it('does what the change set does, on random documents and changes', () => {
    const seed = Date.now() % 100000;
    const next = random(seed);
    for (let i = 0; i < 2000; i++) {
      const doc = randomText(next, 20);
      const changes = randomChanges(next, doc);
      const expected = changes.apply(Text.of(doc.split('\n'))).toString();
      expect(operationFromChanges(changes).apply(doc), `seed ${seed}, case ${i}`).toBe(expected);
    }
  });
});

describe('changesFromOperation', () => {
  function applyToState(doc: string, op: TextOperation): string {
    const state = EditorState.create({ doc });
    return state.update({ changes: changesFromOperation(op) }).state.doc.toString();
  }

  it('turns a replacement into one change', () => {
    const op = TextOperation.fromJSON([2, 'xyz', -2, 2]);
    expect(changesFromOperation(op)).toEqual([{ from: 2, to: 4, insert: 'xyz' }]);
  });

  it('gives positions in the document before the operation', () => {
    const op = TextOperation.fromJSON(['ab', 3, -1, 1, 'c']);
    expect(changesFromOperation(op)).toEqual([
      { from: 0, to: 0, insert: 'ab' },
      { from: 3, to: 4, insert: '' },
      { from: 5, to: 5, insert: 'c' },
    ]);
    expect(applyToState('01234', op)).toBe('ab0124c');
  });

  it('is the identity for a retain-only operation', () => {
    expect(changesFromOperation(TextOperation.identity(7))).toEqual([]);
  });

  it('does what the operation does, and converts back to the same operation', () => {
    const seed = (Date.now() >> 3) % 100000;
    const next = random(seed);
    for (let i = 0; i < 2000; i++) {
      const doc = randomText(next, 20);
      const op = operationFromChanges(randomChanges(next, doc));
      expect(applyToState(doc, op), `seed ${seed}, case ${i}`).toBe(op.apply(doc));
      const roundTrip = operationFromChanges(ChangeSet.of(changesFromOperation(op), doc.length));
      expect(roundTrip.equals(op), `seed ${seed}, case ${i}`).toBe(true);
    }
  });
});
