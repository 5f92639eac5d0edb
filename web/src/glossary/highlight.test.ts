/** The decoration ranges the editor draws: the visible occurrences, with their entry and status. */
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { Entry, FullGlossary } from '../api';
import { GlossaryIndex } from './glossary-index';
import { setGlossaries, termField, termMarks, termState } from './highlight';

function entry(id: string, term: string, status: Entry['status'], aliases: string[] = []): Entry {
  return {
    id, glossaryId: 'g', term, lang: 'fr', aliases: aliases.map((label) => ({ label, lang: 'fr' })), status,
    gapNote: '', examples: [], sources: [], version: 1, createdAt: 0, updatedAt: 0, definitions: [],
  };
}
const glossary: FullGlossary = {
  id: 'g', workspaceId: 'w', name: 'Vocabulaire', createdAt: 0, updatedAt: 0, documents: [],
  entries: [entry('exp', 'expérimentation', 'contested'), entry('com', 'commun', 'shared', ['communs'])],
};

describe('glossary highlighting', () => {
  const text = "L'expérimentation d'un commun. Les communs, puis une expérimentation.";
  const index = new GlossaryIndex([glossary]);

  it('marks each visible occurrence with its entry and status, and only the visible ones', () => {
    let state = EditorState.create({ doc: text, extensions: [termField] });
    state = state.update({ effects: setGlossaries.of(index) }).state;
    const all = termMarks(termState(state), [{ from: 0, to: text.length }]);
    expect(all.map((m) => [text.slice(m.from, m.to), m.entryId, m.status])).toEqual([
      ['expérimentation', 'exp', 'contested'],
      ['commun', 'com', 'shared'],
      ['communs', 'com', 'shared'],
      ['expérimentation', 'exp', 'contested'],
    ]);
    // Two visible ranges (e.g. around a fold), the second overlapping the first's last mark.
    const cut = termMarks(termState(state), [{ from: 0, to: 25 }, { from: 24, to: 40 }]);
    expect(cut.map((m) => text.slice(m.from, m.to))).toEqual(['expérimentation', 'commun', 'communs']);
  });

  it('follows the text as it changes and knows nothing before glossaries arrive', () => {
    let state = EditorState.create({ doc: text, extensions: [termField] });
    expect(termState(state).occurrences).toEqual([]);
    state = state.update({ effects: setGlossaries.of(index) }).state;
    // Typing an "s" turns "commun." into "communs." — still one occurrence, now longer.
    const at = text.indexOf('commun.') + 'commun'.length;
    state = state.update({ changes: { from: at, insert: 's' } }).state;
    const marks = termMarks(termState(state), [{ from: 0, to: state.doc.length }]);
    expect(marks.map((m) => state.doc.sliceString(m.from, m.to))).toEqual(['expérimentation', 'communs', 'communs', 'expérimentation']);
    // Breaking a word removes its mark.
    state = state.update({ changes: { from: 3, insert: 'z' } }).state;
    expect(termMarks(termState(state), [{ from: 0, to: state.doc.length }]).map((m) => m.entryId)).toEqual(['com', 'com', 'exp']);
    // New glossaries replace the old ones at once.
    state = state.update({ effects: setGlossaries.of(GlossaryIndex.EMPTY) }).state;
    expect(termState(state).occurrences).toEqual([]);
  });
});
