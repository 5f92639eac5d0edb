/**
 * Working with the matcher's occurrences (sorted by `from`, non-overlapping): counting them per
 * entry for the side panel, finding the next one to jump to, and cutting out those a visible range
 * shows so that only what is on screen is decorated.
 */
import type { ChangeSet } from '@codemirror/state';
import type { Occurrence, TextChange } from './matcher';

export function countByEntry(occurrences: readonly Occurrence[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of occurrences) {
    counts.set(o.termId, (counts.get(o.termId) ?? 0) + 1);
  }
  return counts;
}

/** Index of the first occurrence ending after `pos`. */
function firstEndingAfter(occurrences: readonly Occurrence[], pos: number): number {
  let lo = 0;
  let hi = occurrences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((occurrences[mid] as Occurrence).to <= pos) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** The occurrences that overlap [from, to). */
export function occurrencesIn(occurrences: readonly Occurrence[], from: number, to: number): Occurrence[] {
  const found: Occurrence[] = [];
  for (let i = firstEndingAfter(occurrences, from); i < occurrences.length; i++) {
    const o = occurrences[i] as Occurrence;
    if (o.from >= to) {
      break;
    }
    found.push(o);
  }
  return found;
}

/** The occurrence containing `pos` (its ends included, as a caret just after a word is "on" it). */
export function occurrenceAt(occurrences: readonly Occurrence[], pos: number): Occurrence | undefined {
  const i = firstEndingAfter(occurrences, pos - 1);
  const o = occurrences[i];
  return o !== undefined && o.from <= pos && pos <= o.to ? o : undefined;
}

/** The first occurrence of `entryId` starting after `pos`, wrapping round to the first one. */
export function nextOccurrence(occurrences: readonly Occurrence[], entryId: string, pos: number): Occurrence | undefined {
  let first: Occurrence | undefined;
  for (const o of occurrences) {
    if (o.termId !== entryId) {
      continue;
    }
    first ??= o;
    if (o.from > pos) {
      return o;
    }
  }
  return first;
}

/**
 * One change covering every change of a transaction, in old-document offsets, as the matcher's
 * `rescan` wants it: from the first change's start to the last one's end.
 */
export function changeSpan(changes: ChangeSet): TextChange | undefined {
  let fromA = Infinity;
  let toA = -Infinity;
  let toB = -Infinity;
  let fromB = Infinity;
  changes.iterChangedRanges((fa, ta, fb, tb) => {
    fromA = Math.min(fromA, fa);
    toA = Math.max(toA, ta);
    fromB = Math.min(fromB, fb);
    toB = Math.max(toB, tb);
  });
  if (fromA === Infinity) {
    return undefined;
  }
  return { from: fromA, removed: toA - fromA, inserted: toB - fromB };
}
