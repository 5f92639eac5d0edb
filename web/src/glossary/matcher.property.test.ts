/**
 * Seeded random properties of the matcher over the sample glossary. A failure names its seed and
 * the text: replay it by running the same property with that seed.
 */
import { describe, expect, test } from 'vitest';
import { int, prng, type Random } from '../ot/random-ops';
import { GlossaryMatcher, type Occurrence } from './matcher';
import { sampleGlossary, sampleText } from './sample-glossary';

const terms = sampleGlossary();
const matcher = new GlossaryMatcher(terms);
/** Every label with the entry it belongs to (the first one, when two entries share a label). */
const labels: [string, string][] = [];
{
  const seen = new Set<string>();
  for (const entry of terms) {
    for (const label of [entry.term, ...entry.aliases]) {
      const key = label.toLowerCase();
      if (!seen.has(key)) labels.push([label, entry.id]);
      seen.add(key);
    }
  }
}

/** Characters that are neither letters, digits, apostrophes nor hyphens. */
const SEPARATORS = [' ', '.', ',', ';', '(', ')', '«', '»', '"', '\n', '\u00a0', '\u202f', '\t', '—', '!', '?', '/', '🙂', '👍🏽', '🇫🇷', '*', '#', '[', ']'];
/** Letters to glue; no "s" or "x" after a label, which would make a plural. */
const LETTERS = ['a', 'b', 'e', 'é', 'ç', 'Œ', 'ß', 'k', 'z', '中', '𝐀', 'E\u0301'];

function separators(random: Random): string {
  let s = '';
  const n = 1 + int(random, 3);
  for (let i = 0; i < n; i++) s += SEPARATORS[int(random, SEPARATORS.length)];
  return s;
}

const SEEDS = 500;

describe('random separators and glued letters', () => {
  test(`non-letter separators around a label keep it matched, at its exact range (${SEEDS} seeds)`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = prng(seed);
      const [label, id] = labels[int(random, labels.length)] as [string, string];
      const before = (int(random, 2) === 0 ? 'voici' : '') + separators(random);
      const text = before + label + separators(random) + (int(random, 2) === 0 ? 'fin' : '');
      const expected: Occurrence = { termId: id, from: before.length, to: before.length + label.length };
      expect(matcher.scan(text), `seed ${seed}: ${JSON.stringify(text)}`).toContainEqual(expected);
    }
  });

  test(`a letter glued before or after a label never matches the word it is glued to (${SEEDS} seeds)`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const random = prng(seed);
      const [label, id] = labels[int(random, labels.length)] as [string, string];
      const letter = LETTERS[int(random, LETTERS.length)] as string;
      const before = separators(random);
      const words = label.split(' ');
      // The glued word: the letter and the label's first word, or its last word and the letter.
      let text: string;
      let glued: [number, number];
      if (int(random, 2) === 0) {
        text = before + letter + label;
        glued = [before.length, before.length + letter.length + (words[0] as string).length];
      } else {
        text = before + label + letter;
        glued = [text.length - letter.length - (words[words.length - 1] as string).length, text.length];
      }
      text += separators(random);
      const found = matcher.scan(text).filter((o) => o.termId === id && o.from < glued[1] && glued[0] < o.to);
      expect(found, `seed ${seed}: ${JSON.stringify(text)}`).toEqual([]);
    }
  });
});

describe('incremental re-scan', () => {
  test(`rescan after a random edit equals a full scan (${SEEDS} seeds)`, () => {
    const { text: initial } = sampleText(prng(42), terms, 3000);
    let text = initial;
    let occurrences = matcher.scan(text);
    expect(occurrences.length).toBeGreaterThan(30);
    const random = prng(7);
    const pieces = ['', ' ', 'x', '. ', ',', '\n', '\n\n', 'living lab', "l'", 'intérêt', ' général ', 's', '-', '’', '🙂', 'é', 'e\u0301'];
    for (let step = 1; step <= SEEDS; step++) {
      const from = int(random, text.length + 1);
      const removed = Math.min(int(random, 12), text.length - from);
      const insert = pieces[int(random, pieces.length)] as string;
      // Edit on code-point boundaries, as an editor does.
      if (isInsidePair(text, from) || isInsidePair(text, from + removed)) continue;
      const next = text.slice(0, from) + insert + text.slice(from + removed);
      occurrences = matcher.rescan(occurrences, next, { from, removed, inserted: insert.length });
      text = next;
      expect(occurrences, `step ${step}: ${JSON.stringify({ from, removed, insert })}`).toEqual(matcher.scan(text));
    }
  });
});

function isInsidePair(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

describe('the sample text', () => {
  test('every label written into it is found', () => {
    const { text, written } = sampleText(prng(1), terms, 20_000);
    expect(matcher.scan(text).length).toBe(written);
  });
});
