/**
 * Which perspectives (disciplines) to show, in which order: the reader's own first — what they
 * compare the others against —, then the disciplines Cahier knows in their usual order, then any a
 * workspace added, alphabetically.
 */
import type { Definition, Entry } from '../api';
import { BUILT_IN_DISCIPLINES, disciplineLabel } from '../disciplines';

/** The built-in perspectives (the server's codes). */
export const KNOWN_PERSPECTIVES: readonly string[] = BUILT_IN_DISCIPLINES;

/** `reader`: the reader's discipline (`other` or undefined: none, so no perspective comes first). */
export function orderPerspectives(codes: Iterable<string>, reader: string | undefined): string[] {
  const unique = [...new Set(codes)];
  const rank = (code: string): number => {
    if (code === reader) {
      return -1;
    }
    const known = KNOWN_PERSPECTIVES.indexOf(code);
    return known >= 0 ? known : KNOWN_PERSPECTIVES.length;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface PerspectiveColumn {
  readonly perspective: string;
  /** Undefined: this perspective has no definition yet. */
  readonly definition: Definition | undefined;
  readonly isReader: boolean;
}

/**
 * The columns of an entry's card: every perspective that has a definition, plus the reader's own
 * even when empty (an invitation to write it), the reader's first.
 */
export function entryColumns(entry: Pick<Entry, 'definitions'>, reader: string | undefined): PerspectiveColumn[] {
  const byPerspective = new Map(entry.definitions.map((d) => [d.perspective, d]));
  const readerCode = reader !== undefined && reader !== 'other' ? reader : undefined;
  const codes = [...byPerspective.keys(), ...(readerCode === undefined ? [] : [readerCode])];
  return orderPerspectives(codes, readerCode).map((perspective) => ({
    perspective,
    definition: byPerspective.get(perspective),
    isReader: perspective === readerCode,
  }));
}

/** The columns of a compare table: every perspective any entry has, plus the reader's. */
export function tableColumns(entries: readonly Pick<Entry, 'definitions'>[], reader: string | undefined): string[] {
  const readerCode = reader !== undefined && reader !== 'other' ? reader : undefined;
  const codes = entries.flatMap((e) => e.definitions.map((d) => d.perspective));
  return orderPerspectives(readerCode === undefined ? codes : [readerCode, ...codes], readerCode);
}

/** A perspective's name in the current language; a workspace's own perspective keeps its code. */
export function perspectiveLabel(code: string): string {
  return disciplineLabel(code);
}
