/** The non-DOM logic of the glossary UI: index, perspective order, occurrences, drafts. */
import { ChangeSet, Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import type { Definition, Entry, FullGlossary } from '../api';
import { edit, keepBoth, onConflict, onSaved, startDraft } from './definition-draft';
import { GlossaryIndex } from './glossary-index';
import { GlossaryMatcher, type Occurrence } from './matcher';
import { compareTable, isStatusFilter } from './compare-table';
import { changeSpan, countByEntry, nextOccurrence, occurrenceAt, occurrencesIn } from './occurrences';
import { entryColumns, orderPerspectives, tableColumns } from './perspectives';

const author = { id: 'u', name: 'Camille' };
const def = (perspective: string, text: string, version = 1): Definition => ({ perspective, text, version, author, time: 0 });

function entry(id: string, term: string, aliases: string[] = [], definitions: Definition[] = []): Entry {
  return {
    id,
    glossaryId: 'g',
    term,
    lang: 'fr',
    aliases: aliases.map((label) => ({ label, lang: 'fr' })),
    status: 'contested',
    gapNote: '',
    examples: [],
    sources: [],
    version: 1,
    createdAt: 0,
    updatedAt: 0,
    definitions,
  };
}

function glossary(id: string, entries: Entry[]): FullGlossary {
  return { id, workspaceId: 'w', name: id, createdAt: 0, updatedAt: 0, documents: [], entries };
}

describe('GlossaryIndex', () => {
  it('gives the matcher every entry once, with its aliases, first attached glossary first', () => {
    const shared = entry('e1', 'expérimentation', ['experimentation']);
    const index = new GlossaryIndex([glossary('g1', [shared, entry('e2', 'usager')]), glossary('g2', [shared, entry('e3', 'commun')])]);
    expect(index.terms).toEqual([
      { id: 'e1', term: 'expérimentation', aliases: ['experimentation'] },
      { id: 'e2', term: 'usager', aliases: [] },
      { id: 'e3', term: 'commun', aliases: [] },
    ]);
    expect(index.get('e3')?.glossary.id).toBe('g2');
    expect(index.get('nope')).toBeUndefined();
    expect(GlossaryIndex.EMPTY.size).toBe(0);
  });

  it('sorts a glossary’s entries alphabetically, accents aside', () => {
    const index = new GlossaryIndex([]);
    const g = glossary('g', [entry('a', 'usager'), entry('b', 'Économie'), entry('c', 'commun')]);
    expect(index.sortedEntries(g).map((e) => e.term)).toEqual(['commun', 'Économie', 'usager']);
  });
});

describe('perspective order', () => {
  it('puts the reader’s discipline first, then the known ones in order, then the workspace’s own', () => {
    expect(orderPerspectives(['urbanist', 'jurist', 'designer', 'economist'], 'economist')).toEqual(['economist', 'designer', 'jurist', 'urbanist']);
    expect(orderPerspectives(['jurist', 'designer', 'jurist'], undefined)).toEqual(['designer', 'jurist']);
  });

  it('shows every defined perspective on a card, and the reader’s even when still empty', () => {
    const e = entry('e', 'expérimentation', [], [def('jurist', 'Dérogation'), def('designer', 'Prototype')]);
    expect(entryColumns(e, 'designer').map((c) => [c.perspective, c.definition?.text, c.isReader])).toEqual([
      ['designer', 'Prototype', true],
      ['jurist', 'Dérogation', false],
    ]);
    expect(entryColumns(e, 'inhabitant').map((c) => [c.perspective, c.definition?.text])).toEqual([
      ['inhabitant', undefined],
      ['designer', 'Prototype'],
      ['jurist', 'Dérogation'],
    ]);
    expect(entryColumns(e, 'other').map((c) => c.perspective)).toEqual(['designer', 'jurist']);
  });

  it('makes the compare table’s columns from every entry', () => {
    const entries = [entry('a', 'a', [], [def('jurist', 'x')]), entry('b', 'b', [], [def('researcher', 'y'), def('designer', 'z')])];
    expect(tableColumns(entries, 'public-agent')).toEqual(['public-agent', 'designer', 'jurist', 'researcher']);
  });
});

describe('occurrences', () => {
  const text = "L'expérimentation des usagers : deux expérimentations, un usager, l’experimentation.";
  const matcher = new GlossaryMatcher([
    { id: 'exp', term: 'expérimentation', aliases: [] },
    { id: 'usr', term: 'usager', aliases: [] },
  ]);
  const found = matcher.scan(text);

  it('counts elided and plural occurrences per entry', () => {
    expect(Object.fromEntries(countByEntry(found))).toEqual({ exp: 3, usr: 2 });
    expect(text.slice(found[0]?.from, found[0]?.to)).toBe('expérimentation');
  });

  it('cuts out the occurrences a visible range touches', () => {
    const cut = occurrencesIn(found, 20, 40);
    expect(cut.map((o) => text.slice(o.from, o.to))).toEqual(['usagers', 'expérimentations']);
    expect(occurrencesIn(found, 0, 0)).toEqual([]);
  });

  it('finds the occurrence under a caret, its ends included', () => {
    const first = found[0] as Occurrence;
    expect(occurrenceAt(found, first.from)?.termId).toBe('exp');
    expect(occurrenceAt(found, first.to)?.termId).toBe('exp');
    expect(occurrenceAt(found, first.to + 1)).toBeUndefined();
    expect(occurrenceAt([], 3)).toBeUndefined();
  });

  it('jumps to the next occurrence of an entry, wrapping round', () => {
    const usages = found.filter((o) => o.termId === 'usr');
    expect(nextOccurrence(found, 'usr', 0)).toBe(usages[0]);
    expect(nextOccurrence(found, 'usr', (usages[0] as Occurrence).from)).toBe(usages[1]);
    expect(nextOccurrence(found, 'usr', (usages[1] as Occurrence).from)).toBe(usages[0]);
    expect(nextOccurrence(found, 'none', 0)).toBeUndefined();
  });

  it('turns a transaction’s changes into one span the rescan gives the same result with', () => {
    const doc = Text.of([text]);
    const changes = ChangeSet.of(
      [
        { from: 2, to: 2, insert: 'X' },
        { from: 60, to: 66, insert: 'usagères et usagers' },
      ],
      doc.length,
    );
    expect(changeSpan(changes)).toEqual({ from: 2, removed: 64, inserted: 64 - 6 + 19 + 1 });
    const after = changes.apply(doc).toString();
    const span = changeSpan(changes);
    expect(span).toBeDefined();
    expect(matcher.rescan(found, after, span!)).toEqual(matcher.scan(after));
    expect(changeSpan(ChangeSet.empty(5))).toBeUndefined();
  });
});

describe('definition drafts', () => {
  it('keeps the writer’s words on a conflict and saves next on the current version', () => {
    let draft = startDraft(def('jurist', 'Dérogation', 3));
    expect(draft).toEqual({ kind: 'editing', baseVersion: 3, text: 'Dérogation' });
    draft = edit(draft, 'Dérogation temporaire');
    draft = onConflict(draft, def('jurist', 'Dérogation encadrée', 4));
    expect(draft).toEqual({ kind: 'conflict', baseVersion: 4, text: 'Dérogation temporaire', theirs: def('jurist', 'Dérogation encadrée', 4) });
    draft = edit(draft, keepBoth('Dérogation temporaire', 'Dérogation encadrée'));
    expect(draft.kind === 'conflict' && draft.text).toBe('Dérogation encadrée\n\nDérogation temporaire');
    expect(draft.kind === 'conflict' && draft.baseVersion).toBe(4);
    expect(onSaved(def('jurist', 'x', 5))).toEqual({ kind: 'saved', definition: def('jurist', 'x', 5) });
  });

  it('has nothing to merge when the other save says the same', () => {
    const draft = onConflict(edit(startDraft(undefined), 'Prototype'), def('designer', 'Prototype', 1));
    expect(draft).toEqual({ kind: 'saved', definition: def('designer', 'Prototype', 1) });
    expect(startDraft(undefined)).toEqual({ kind: 'editing', baseVersion: 0, text: '' });
    expect(onConflict(edit(startDraft(def('d', 'a', 2)), 'b'), null)).toEqual({ kind: 'conflict', baseVersion: 0, text: 'b', theirs: null });
  });

  it('merges without dropping either text', () => {
    expect(keepBoth('', 'theirs')).toBe('theirs');
    expect(keepBoth('mine', '')).toBe('mine');
    expect(keepBoth('mine and theirs', 'theirs')).toBe('mine and theirs');
  });
});

describe('compare table', () => {
  const entries = [
    { ...entry('b', 'usager', [], [def('public-agent', 'Usager du service')]), status: 'shared' as const },
    entry('a', 'expérimentation', [], [def('jurist', 'Dérogation'), def('designer', 'Prototype')]),
    { ...entry('c', 'commun', [], [def('economist', 'Ressource partagée')]), status: 'emerging' as const },
  ];

  it('keeps every column when filtering, the reader’s first, and sorts the terms', () => {
    const all = compareTable(entries, 'all', 'economist');
    expect(all.columns).toEqual(['economist', 'designer', 'jurist', 'public-agent']);
    expect(all.rows.map((r) => r.entry.term)).toEqual(['commun', 'expérimentation', 'usager']);
    expect(all.rows[1]?.cells).toEqual([undefined, 'Prototype', 'Dérogation', undefined]);
    const contested = compareTable(entries, 'contested', 'economist');
    expect(contested.columns).toEqual(all.columns);
    expect(contested.rows.map((r) => r.entry.id)).toEqual(['a']);
    expect(compareTable(entries, 'shared', undefined).rows.map((r) => r.entry.id)).toEqual(['b']);
  });

  it('recognises the filters', () => {
    expect(['all', 'contested', 'emerging', 'shared', 'other', null].map(isStatusFilter)).toEqual([true, true, true, true, false, false]);
  });
});
