/**
 * Finds every occurrence of the terms and aliases of a document's glossaries in its text, for the
 * editor to highlight as people type.
 *
 * How a label (a term or one of its aliases) matches, in short (the details live where they are
 * implemented, and each rule has rows in `matcher.test.ts`):
 * - case- and accent-insensitively (`fold.ts`: é = e = É, ç = c, œ = oe, ß = ss, ﬁ = fi);
 * - whole words only, hyphenated compounds being one word and French elided articles ("l'", "qu'",
 *   "jusqu'"...) standing apart (`tokens.ts`);
 * - each word of the label also in its simple plural (`plural.ts`). Every word may take it, not only
 *   the last, because French adjectives agree ("politiques publiques", "intérêts généraux"); the
 *   price is accepting a few non-forms such as "livings lab", harmless for highlighting;
 * - the words of a multi-word label may be separated by any run of white space holding at most
 *   one line break (spaces, tabs, U+00A0, U+202F, a line break; not a blank line);
 * - an acronym — a label word of two or more letters, all capitals, like "AMI" or "RGPD" — matches
 *   only when written in capitals (a final lower-case "s" allowed: "AMIs"). Otherwise "AMI" (appel à
 *   manifestation d'intérêt) would light up every French "ami" (friend). Accents still fold;
 * - an elided article at the start of a label is dropped ("l'Europe" is the label "Europe"), so the
 *   elision rule applies to it like to any other label.
 *
 * Occurrences are UTF-16 offsets into the original text, sorted and non-overlapping. Among
 * overlapping candidates the longest (in UTF-16 units) wins, then the earliest. When two entries
 * share a label, the first one given wins.
 *
 * Cost: the labels are cut into words once, into a trie keyed by folded word (and a table from every
 * plural form to the words it may stand for). A scan is one pass that cuts the text into words
 * plus, at each word that is a form of some label's first word, a walk down the trie: no regular
 * expression per term, no dependence on the number of terms beyond the trie's depth.
 */
import { pluralForms } from './plural';
import { TokenList, isCutBefore, tokenise } from './tokens';

export interface GlossaryTerm {
  readonly id: string;
  readonly term: string;
  readonly aliases: readonly string[];
}

export interface Occurrence {
  readonly termId: string;
  /** UTF-16 offset of the first character of the occurrence. */
  readonly from: number;
  /** UTF-16 offset just past its last character (or trailing combining mark). */
  readonly to: number;
}

/**
 * One edit of the text, as offsets: `removed` UTF-16 units were deleted at `from` of the old text
 * and `inserted` units put in their place. For a transaction with several changes, pass one change
 * covering them all (from the first one's start to the last one's end).
 */
export interface TextChange {
  readonly from: number;
  readonly removed: number;
  readonly inserted: number;
}

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  termId: string | undefined;
}

/** Prefix of the trie key of an acronym word, which must be written in capitals. */
const ACRONYM = '\u0000';

export class GlossaryMatcher {
  private readonly root: TrieNode = { children: new Map(), termId: undefined };
  /** Folded word as found in a text → the trie keys it may stand for (its singular, itself...). */
  private readonly forms = new Map<string, string[]>();

  constructor(terms: readonly GlossaryTerm[]) {
    for (const entry of terms) {
      for (const label of [entry.term, ...entry.aliases]) this.addLabel(entry.id, label);
    }
  }

  private addLabel(termId: string, label: string): void {
    const tokens = tokenise(label);
    let first = 0;
    while (first < tokens.length && (tokens.norm[first] as string).endsWith("'")) first++;
    if (first === tokens.length) return;
    let node = this.root;
    for (let k = first; k < tokens.length; k++) {
      const word = tokens.norm[k] as string;
      const key = isAcronym(label.slice(tokens.from[k], tokens.to[k])) ? ACRONYM + word : word;
      for (const form of pluralForms(word)) {
        const keys = this.forms.get(form);
        if (keys === undefined) this.forms.set(form, [key]);
        else if (!keys.includes(key)) keys.push(key);
      }
      let child = node.children.get(key);
      if (child === undefined) {
        child = { children: new Map(), termId: undefined };
        node.children.set(key, child);
      }
      node = child;
    }
    node.termId ??= termId;
  }

  /** Every occurrence in `text`, sorted by position. */
  scan(text: string): Occurrence[] {
    return this.scanRange(text, 0, text.length);
  }

  /**
   * The occurrences of `text` after `change`, given those of the text before it (`previous`, as
   * returned by `scan` or `rescan`). Only the stretch around the change is scanned again: from the
   * last cut point before it to the first one after it (a cut point follows punctuation or a blank
   * line: no occurrence spans one, see `isCutBefore`), usually the sentence being typed.
   * Occurrences ending before that stretch are kept as they are; those starting after it keep
   * their place relative to the text, so their offsets move by `inserted - removed`.
   * Equal to `scan(text)` (a seeded property test holds it to that).
   */
  rescan(previous: readonly Occurrence[], text: string, change: TextChange): Occurrence[] {
    const delta = change.inserted - change.removed;
    let start = Math.max(0, change.from - 1);
    while (!isCutBefore(text, start)) start--;
    let end = Math.min(text.length, change.from + change.inserted + 1);
    while (!isCutBefore(text, end)) end++;
    const endBefore = end - delta;
    const before = previous.slice(0, firstEndingAfter(previous, start));
    const after = previous.slice(firstStartingAt(previous, endBefore));
    const result = before.concat(this.scanRange(text, start, end));
    for (const o of after) result.push({ termId: o.termId, from: o.from + delta, to: o.to + delta });
    return result;
  }

  /** Occurrences made of words starting in [start, end); `start` must be a cut point. */
  private scanRange(text: string, start: number, end: number): Occurrence[] {
    const tokens = tokenise(text, start, end);
    const found: Candidate[] = [];
    for (let k = 0; k < tokens.length; k++) this.walk(tokens, k, k, this.root, found);
    return selectLongest(found);
  }

  /** Collects the labels that start at token `first` and whose word at token `k` is below `node`. */
  private walk(tokens: TokenList, first: number, k: number, node: TrieNode, found: Candidate[]): void {
    const keys = this.forms.get(tokens.norm[k] as string);
    if (keys === undefined) return;
    for (const key of keys) {
      if (key.startsWith(ACRONYM) && !tokens.capitals[k]) continue;
      const child = node.children.get(key);
      if (child === undefined) continue;
      if (child.termId !== undefined) {
        found.push({ termId: child.termId, from: tokens.from[first] as number, to: tokens.to[k] as number });
      }
      if (child.children.size > 0 && k + 1 < tokens.length && tokens.joinsPrevious[k + 1]) {
        this.walk(tokens, first, k + 1, child, found);
      }
    }
  }
}

type Candidate = Occurrence;

/**
 * Keeps, among overlapping candidates, the longest, then the earliest. `found` is ordered by start,
 * so it splits into clusters of candidates chained by overlaps; clusters cannot affect each other,
 * and most are a single candidate (kept as it is).
 */
function selectLongest(found: readonly Candidate[]): Occurrence[] {
  const kept: Occurrence[] = [];
  let i = 0;
  while (i < found.length) {
    let j = i + 1;
    let reach = (found[i] as Candidate).to;
    while (j < found.length && (found[j] as Candidate).from < reach) {
      reach = Math.max(reach, (found[j] as Candidate).to);
      j++;
    }
    if (j === i + 1) kept.push(found[i] as Candidate);
    else kept.push(...resolveCluster(found.slice(i, j)));
    i = j;
  }
  return kept;
}

function resolveCluster(cluster: Candidate[]): Candidate[] {
  cluster.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
  const kept: Candidate[] = [];
  for (const c of cluster) {
    if (kept.every((k) => c.to <= k.from || k.to <= c.from)) kept.push(c);
  }
  return kept.sort((a, b) => a.from - b.from);
}

function isAcronym(word: string): boolean {
  return !/\p{Ll}/u.test(word) && (word.match(/\p{L}/gu)?.length ?? 0) >= 2;
}

/** Index of the first occurrence ending after `offset` (`occurrences` sorted and disjoint). */
function firstEndingAfter(occurrences: readonly Occurrence[], offset: number): number {
  let lo = 0;
  let hi = occurrences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((occurrences[mid] as Occurrence).to <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first occurrence starting at or after `offset`. */
function firstStartingAt(occurrences: readonly Occurrence[], offset: number): number {
  let lo = 0;
  let hi = occurrences.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((occurrences[mid] as Occurrence).from < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
