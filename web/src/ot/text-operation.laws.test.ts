/**
 * The TextOperation laws on seeded random documents and operations. A failure names its seed:
 * replay it with `lawsFor(seed)`.
 */
import { describe, expect, it } from 'vitest';
import { prng, randomOperation, randomText, int } from './random-ops';
import { InvalidOperationError, TextOperation, transformSelection } from './text-operation';

const SEEDS = 500;

/** Checks every law for one seed; returns a description of the first broken one, or null. */
function lawsFor(seed: number): string | null {
  const random = prng(seed);
  const doc = randomText(random, 12);
  const a = randomOperation(random, doc);
  const b = randomOperation(random, doc);
  const afterA = a.apply(doc);
  const c = randomOperation(random, afterA);

  if (JSON.stringify(TextOperation.fromJSON(a.toJSON()).toJSON()) !== JSON.stringify(a.toJSON())) {
    return `fromJSON(toJSON(a)) changed ${a}`;
  }
  if (a.compose(c).apply(doc) !== c.apply(afterA)) {
    return `compose: doc=${JSON.stringify(doc)} a=${a} c=${c}`;
  }
  const [a1, b1] = TextOperation.transform(a, b);
  const left = b1.apply(afterA);
  if (left !== a1.apply(b.apply(doc))) {
    return `transform convergence: doc=${JSON.stringify(doc)} a=${a} b=${b}`;
  }
  // transform then compose: a.compose(b1) and b.compose(a1) are the same change
  if (a.compose(b1).apply(doc) !== left || b.compose(a1).apply(doc) !== left) {
    return `transform/compose: doc=${JSON.stringify(doc)} a=${a} b=${b}`;
  }
  if (a.invert(doc).apply(afterA) !== doc) {
    return `invert: doc=${JSON.stringify(doc)} a=${a}`;
  }
  // a caret moves with the text around it: the text before the caret only grows by inserts
  const pos = int(random, doc.length + 1);
  const moved = a.transformPosition(pos, 'after');
  const before = a.transformPosition(pos, 'before');
  if (moved < before || moved > a.targetLength || before < 0) {
    return `position ${pos}: after=${moved} before=${before} through ${a}`;
  }
  const [anchor, head] = transformSelection([pos, pos], a);
  if (anchor !== moved || head !== moved) {
    return `transformSelection of a caret at ${pos} through ${a}`;
  }
  return null;
}

describe('TextOperation laws', () => {
  it(`hold for ${SEEDS} seeded random cases`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const problem = lawsFor(seed);
      if (problem !== null) {
        failures.push(`seed ${seed}: ${problem}`);
      }
    }
    if (failures.length > 0) {
      console.log(`failing seeds (replay with lawsFor(seed)):\n${failures.join('\n')}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('TextOperation building', () => {
  it('builds ot.js canonical form: inserts before deletes, neighbours merged, empties dropped', () => {
    const op = TextOperation.builder().retain(1).retain(0).delete(2).insert('x').insert('').insert('y').retain(3).build();
    expect(op.toJSON()).toEqual([1, 'xy', -2, 3]);
    expect(op.baseLength).toBe(6);
    expect(op.targetLength).toBe(6);
  });

  it('normalises a non-canonical wire op and refuses nonsense with a reason', () => {
    expect(TextOperation.fromJSON([-1, 'a', 1, 1]).toJSON()).toEqual(['a', -1, 2]);
    const reason = (json: unknown): string => {
      try {
        TextOperation.fromJSON(json);
        return 'accepted';
      } catch (e) {
        return e instanceof InvalidOperationError ? e.reason : String(e);
      }
    };
    expect(reason('abc')).toBe('bad-component');
    expect(reason([0])).toBe('bad-component');
    expect(reason([-2147483648])).toBe('bad-component');
    expect(reason(['\ud83d'])).toBe('unpaired-surrogate');
    expect(reason([2147483647, 1])).toBe('base-length');
  });

  it('replace() is what an editor change is', () => {
    expect(TextOperation.replace(5, 1, 3, 'XY').apply('hello')).toBe('hXYlo');
    expect(TextOperation.replace(0, 0, 0, '').isNoop()).toBe(true);
    expect(() => TextOperation.replace(3, 2, 1, '')).toThrow(RangeError);
  });

  it('hands out a copy in toJSON: the operation stays immutable', () => {
    const op = TextOperation.insertAt(2, 1, 'z');
    op.toJSON().push(7);
    expect(op.toJSON()).toEqual([1, 'z', 1]);
  });
});
