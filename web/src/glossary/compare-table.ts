/**
 * The compare view's table as data: terms (rows) × perspectives (columns), filtered by status.
 * The columns are those of every entry in the glossary, not only the shown ones, so that filtering
 * never moves a discipline to another column.
 */
import type { Entry, EntryStatus } from '../api';
import { tableColumns } from './perspectives';

export type StatusFilter = EntryStatus | 'all';

export interface CompareRow {
  readonly entry: Entry;
  /** One cell per column: the definition's text, undefined when that perspective has none. */
  readonly cells: readonly (string | undefined)[];
}

export interface CompareTable {
  readonly columns: readonly string[];
  readonly rows: readonly CompareRow[];
}

export function isStatusFilter(value: unknown): value is StatusFilter {
  return value === 'all' || value === 'emerging' || value === 'contested' || value === 'shared';
}

export function compareTable(entries: readonly Entry[], filter: StatusFilter, reader: string | undefined): CompareTable {
  const columns = tableColumns(entries, reader);
  const rows = entries
    .filter((entry) => filter === 'all' || entry.status === filter)
    .sort((a, b) => a.term.localeCompare(b.term, 'fr', { sensitivity: 'base' }))
    .map((entry) => {
      const byPerspective = new Map(entry.definitions.map((d) => [d.perspective, d.text]));
      return { entry, cells: columns.map((c) => byPerspective.get(c)) };
    });
  return { columns, rows };
}
