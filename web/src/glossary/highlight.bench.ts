/**
 * Benchmark of typing with highlighting on: 200 terms with aliases over a 100,000-character
 * document, one keystroke at a time at random places. Each keystroke is the editor's whole glossary
 * cost: the transaction (the text joined, the matcher's `rescan` around the change) and the marks
 * of a screenful (3,000 characters) around it. Prints one JSON line and fails if the median
 * keystroke exceeds 4 ms (a quarter of a 60 Hz frame). Run with `npm run bench:highlight`.
 */
import { EditorState } from '@codemirror/state';
import { expect, test } from 'vitest';
import type { FullGlossary } from '../api';
import { prng } from '../ot/random-ops';
import { GlossaryIndex } from './glossary-index';
import { setGlossaries, termField, termMarks, termState } from './highlight';
import { sampleGlossary, sampleText } from './sample-glossary';

const KEYSTROKES = 400;
const TARGET_MS = 4;
const SCREEN = 3_000;

test('a keystroke in 100,000 characters with 200 terms costs the highlighting under 4 ms', () => {
  const terms = sampleGlossary();
  const random = prng(7);
  const text = sampleText(random, terms, 100_000, 4).text.slice(0, 100_000);
  const glossary: FullGlossary = {
    id: 'g', workspaceId: 'w', name: 'bench', createdAt: 0, updatedAt: 0, documents: [],
    entries: terms.map((term) => ({
      id: term.id, glossaryId: 'g', term: term.term, lang: 'fr', aliases: term.aliases.map((label) => ({ label, lang: 'fr' })),
      status: 'contested' as const, gapNote: '', examples: [], sources: [], version: 1, createdAt: 0, updatedAt: 0, definitions: [],
    })),
  };
  let state = EditorState.create({ doc: text, extensions: [termField] });
  let t0 = performance.now();
  state = state.update({ effects: setGlossaries.of(new GlossaryIndex([glossary])) }).state;
  const loadMs = performance.now() - t0;

  const times: number[] = [];
  let marks = 0;
  for (let i = 0; i < KEYSTROKES; i++) {
    const at = Math.floor(random() * state.doc.length);
    const char = i % 7 === 0 ? ' ' : 'e';
    t0 = performance.now();
    state = state.update({ changes: { from: at, insert: char } }).state;
    const from = Math.max(0, at - SCREEN / 2);
    marks += termMarks(termState(state), [{ from, to: Math.min(state.doc.length, from + SCREEN) }]).length;
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  const round = (x: number): number => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      benchmark: 'glossary-highlight-keystroke',
      chars: state.doc.length,
      terms: terms.length,
      occurrences: termState(state).occurrences.length,
      loadMs: round(loadMs),
      keystrokeMs: { median: round(median), p99: round(sorted[Math.floor(sorted.length * 0.99)] as number), max: round(sorted.at(-1) as number) },
      marksPerScreen: Math.round(marks / KEYSTROKES),
      targetMs: TARGET_MS,
    }),
  );
  expect(marks).toBeGreaterThan(0);
  expect(median).toBeLessThan(TARGET_MS);
});
