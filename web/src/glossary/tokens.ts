/**
 * Cuts a text into word tokens for glossary matching; the same cutting is applied to the terms
 * themselves, so a term and its occurrence agree by construction.
 *
 * Rules (each is proved in `matcher.test.ts`):
 * - A word is a maximal run of letters and digits (\p{L}, \p{N}); combining marks and soft hyphens
 *   inside it belong to it (so "e\u0301" is one letter é and its range covers the accent).
 * - A hyphen between two word characters joins them into one compound word: "co-construction" is
 *   one word, distinct from "construction"; the term "living-lab" is not "living lab".
 * - An apostrophe between two word characters joins them ("aujourd'hui", "presqu'île", "don't"
 *   are single words), except:
 *   - French elision: if everything before it in the word is one of l d j m n s t c qu jusqu
 *     lorsqu puisqu (any case), that article becomes a token of its own ("l'", kept so that a term
 *     like "droit d'usage" still lines up) and the rest starts a new word: "l'expérimentation" →
 *     "l'" + "expérimentation";
 *   - English possessive: "'s" at the end of a word becomes a token of its own: "state's" →
 *     "state" + "'s".
 *   ' (U+0027), ’ (U+2019) and ʼ (U+02BC) are all apostrophes.
 * - Everything else separates words. Each token records whether it may continue a multi-word term
 *   begun by the token before it (`joinsPrevious`): yes when only white space lies between them
 *   (any run, with at most one line break: a term never runs across a paragraph break) or nothing
 *   (after an elided article, before a possessive), or an apostrophe closing the previous word
 *   ("citizens' assembly").
 * - A token's text is folded (`fold.ts`), with hyphens written "-" and apostrophes "'".
 *   Offsets are those of the original text: a token's range starts at its first character and
 *   ends after its last character or mark, whatever the folding expanded or removed.
 */
import { APOSTROPHE, HARD, HYPHEN, MARK, SPACE, WORD, asciiClass, classOf, fold, isLowerCase } from './fold';

const ELISIONS: ReadonlySet<string> = new Set(['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu']);

/** Tokens of a text as parallel arrays (index k is the k-th token). */
export class TokenList {
  readonly from: number[] = [];
  readonly to: number[] = [];
  /** Folded text of the token. */
  readonly norm: string[] = [];
  /** No lower-case letter, except perhaps a final "s" ("AMI", "AMIs", "2030"). */
  readonly capitals: boolean[] = [];
  /** Whether a multi-word term may run from the previous token into this one. */
  readonly joinsPrevious: boolean[] = [];

  get length(): number {
    return this.from.length;
  }

  push(from: number, to: number, norm: string, capitals: boolean, joinsPrevious: boolean): void {
    this.from.push(from);
    this.to.push(to);
    this.norm.push(norm);
    this.capitals.push(capitals);
    this.joinsPrevious.push(joinsPrevious);
  }
}

/**
 * Tokens of `text` that start in [start, end). `start` must be a cut point: 0, or just after a
 * character that no token or multi-word gap contains (see `isCutBefore`).
 */
export function tokenise(text: string, start = 0, end = text.length): TokenList {
  const tokens = new TokenList();
  let i = start;
  let gapOk = false;
  let lineBreaks = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) as number) : c;
    const cls = cp < 128 ? (asciiClass[cp] as number) : classOf(cp);
    if (cls === WORD) {
      i = readWord(text, i, tokens, gapOk);
      gapOk = true;
      lineBreaks = 0;
      continue;
    }
    if (cls === SPACE) {
      if (cp === 0x0a || cp === 0x2028) lineBreaks++;
      if (lineBreaks > 1 || cp === 0x2029) gapOk = false;
    } else if (!(cls === APOSTROPHE && tokens.length > 0 && tokens.to[tokens.length - 1] === i)) {
      gapOk = false;
    }
    i += cp > 0xffff ? 2 : 1;
  }
  return tokens;
}

/** Reads the word starting at `i` (a word character), pushes its token(s), returns where it ends. */
function readWord(text: string, i: number, tokens: TokenList, joins: boolean): number {
  let from = i;
  let norm = '';
  // Start of the pending run of ASCII letters and digits, which fold to their lower case: the run
  // is added to `norm` in one slice (the common case, and most of the scanning time).
  let run = i;
  let lowerCase = 0;
  let lastIsS = false;
  let compound = false;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? (text.codePointAt(i) as number) : c;
    const cls = cp < 128 ? (asciiClass[cp] as number) : classOf(cp);
    if (cls === WORD) {
      if (cp < 128) {
        if (cp >= 0x61) lowerCase++;
        lastIsS = cp === 0x73;
        i++;
        continue;
      }
      norm += text.slice(run, i).toLowerCase() + fold(cp);
      if (isLowerCase(cp)) lowerCase++;
      lastIsS = false;
      i += cp > 0xffff ? 2 : 1;
      run = i;
      continue;
    }
    if (cls === MARK) {
      norm += text.slice(run, i).toLowerCase();
      i += cp > 0xffff ? 2 : 1;
      run = i;
      continue;
    }
    if ((cls === APOSTROPHE || cls === HYPHEN) && i + 1 < n && classOf(text.codePointAt(i + 1) as number) === WORD) {
      norm += text.slice(run, i).toLowerCase();
      run = i + 1;
      if (cls === HYPHEN) {
        norm += '-';
        compound = true;
        i++;
        continue;
      }
      if (!compound && ELISIONS.has(norm)) {
        tokens.push(from, i + 1, `${norm}'`, false, joins);
        from = i + 1;
        norm = '';
        lowerCase = 0;
        lastIsS = false;
        joins = true;
        i++;
        continue;
      }
      const next = text.charCodeAt(i + 1);
      if ((next === 0x73 || next === 0x53) && !continuesWord(text, i + 2)) {
        tokens.push(from, i, norm, isCapitals(lowerCase, lastIsS), joins);
        tokens.push(i, i + 2, "'s", false, true);
        return i + 2;
      }
      norm += "'";
      i++;
      continue;
    }
    break;
  }
  norm += text.slice(run, i).toLowerCase();
  tokens.push(from, i, norm, isCapitals(lowerCase, lastIsS), joins);
  return i;
}

function isCapitals(lowerCase: number, lastIsS: boolean): boolean {
  return lowerCase === 0 || (lowerCase === 1 && lastIsS);
}

function continuesWord(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const cls = classOf(text.codePointAt(i) as number);
  return cls === WORD || cls === MARK;
}

/**
 * Whether position `i` of `text` is a cut point: no token and no gap of a multi-word term spans it,
 * so text on either side can be matched separately. True at the ends, after a character that is
 * neither a word character, a mark, white space, an apostrophe nor a hyphen (".", ",", "(", an
 * emoji...), and between the two line breaks of "\n\n".
 */
export function isCutBefore(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const prev = text.charCodeAt(i - 1);
  if (prev === 0x0a && text.charCodeAt(i) === 0x0a) return true;
  // A low surrogate ends a pair: classify the whole code point.
  const cp = prev >= 0xdc00 && prev <= 0xdfff && i >= 2 ? (text.codePointAt(i - 2) as number) : prev;
  return classOf(cp) === HARD;
}
