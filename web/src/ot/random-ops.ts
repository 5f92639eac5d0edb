/**
 * Seeded random documents and operations, for the property tests and simulations (test support:
 * nothing in the app imports it). Operations cut only on code-point boundaries, as an editor does.
 */
import { TextOperation } from './text-operation';

/** mulberry32: a small seeded PRNG, so a failing seed can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function int(random: Random, max: number): number {
  return Math.floor(random() * max);
}

const ALPHABET = ['a', 'b', 'c', ' ', 'é', 'ç', 'Œ', '\u00a0', 'e\u0301', '😀', '𝄞', '中', '\n', '🇫🇷'];

export function randomText(random: Random, maxCodePoints: number): string {
  let s = '';
  const n = int(random, maxCodePoints + 1);
  for (let i = 0; i < n; i++) {
    s += ALPHABET[int(random, ALPHABET.length)];
  }
  return s;
}

/** Length in UTF-16 units of the next code point of `doc` at `index`. */
function codePointLength(doc: string, index: number): number {
  const cp = doc.codePointAt(index);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

/** A random operation over `doc`, in canonical form, cutting only between code points. */
export function randomOperation(random: Random, doc: string): TextOperation {
  const builder = TextOperation.builder();
  let index = 0;
  while (index < doc.length) {
    let span = 0;
    const units = 1 + int(random, 4);
    for (let k = 0; k < units && index + span < doc.length; k++) {
      span += codePointLength(doc, index + span);
    }
    const r = random();
    if (r < 0.15) {
      builder.insert(randomText(random, 3));
    } else if (r < 0.4) {
      builder.delete(span);
      index += span;
    } else {
      builder.retain(span);
      index += span;
    }
  }
  if (random() < 0.3) {
    builder.insert(randomText(random, 3));
  }
  return builder.build();
}
