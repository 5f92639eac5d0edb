/**
 * The glossaries attached to one document, indexed for the editor: which entry an occurrence
 * belongs to, and the labels (term + aliases) the matcher looks for.
 *
 * Invariant: `terms` lists every entry once, in attachment order then entry order, so that when two
 * entries share a label the matcher gives it to the one of the glossary attached first.
 */
import type { Entry, FullGlossary } from '../api';
import type { GlossaryTerm } from './matcher';

export interface IndexedEntry {
  readonly entry: Entry;
  readonly glossary: FullGlossary;
}

export class GlossaryIndex {
  static readonly EMPTY = new GlossaryIndex([]);

  readonly glossaries: readonly FullGlossary[];
  readonly terms: readonly GlossaryTerm[];
  readonly #entries = new Map<string, IndexedEntry>();

  constructor(glossaries: readonly FullGlossary[]) {
    this.glossaries = glossaries;
    const terms: GlossaryTerm[] = [];
    for (const glossary of glossaries) {
      for (const entry of glossary.entries) {
        if (this.#entries.has(entry.id)) {
          continue;
        }
        this.#entries.set(entry.id, { entry, glossary });
        terms.push({ id: entry.id, term: entry.term, aliases: entry.aliases.map((alias) => alias.label) });
      }
    }
    this.terms = terms;
  }

  get size(): number {
    return this.terms.length;
  }

  get(entryId: string): IndexedEntry | undefined {
    return this.#entries.get(entryId);
  }

  /** Entries in display order: by glossary, then alphabetically by term (French collation). */
  sortedEntries(glossary: FullGlossary): Entry[] {
    return [...glossary.entries].sort((a, b) => a.term.localeCompare(b.term, 'fr', { sensitivity: 'base' }));
  }
}
