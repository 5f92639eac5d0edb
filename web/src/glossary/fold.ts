/**
 * Character classes and case/accent folding for glossary matching.
 *
 * Folding works one code point at a time so that a token built from folded characters still knows
 * its original UTF-16 range: a character may fold to several (œ → "oe", ß → "ss", ﬁ → "fi") or to
 * none (a combining accent), and neither ever shifts an offset, because offsets are only ever taken
 * from the original text at token edges (see `tokens.ts`).
 *
 * fold(c) = lower-case(remove-marks(NFKD(c))), then the letters that Unicode does not decompose
 * but a French or English reader considers equal: œ = oe, æ = ae, ß = ss, ø = o, ł = l, đ = d, ı = i.
 * NFKD also takes compatibility ligatures (ﬁ, ﬂ, ﬀ) and full-width letters to plain ones.
 */

/** Not part of any word, and no match crosses it (punctuation, symbols, emoji). */
export const HARD = 0;
/** A Unicode letter (\p{L}) or digit (\p{N}). */
export const WORD = 1;
/** A combining mark (\p{M}) or a soft hyphen: part of the word it follows, folds to nothing. */
export const MARK = 2;
/** White space, including line breaks, U+00A0 and U+202F: may separate the words of a term. */
export const SPACE = 3;
/** ' (U+0027), ’ (U+2019), ʼ (U+02BC): joins two letters, or ends a French elided article. */
export const APOSTROPHE = 4;
/** - (U+002D), ‐ (U+2010), ‑ (U+2011): joins two letters into one compound word. */
export const HYPHEN = 5;

export type CharClass = typeof HARD | typeof WORD | typeof MARK | typeof SPACE | typeof APOSTROPHE | typeof HYPHEN;

/** Classes of the ASCII characters, for the scanning loops to read inline. */
export const asciiClass = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  asciiClass[c] = /[A-Za-z0-9]/.test(ch) ? WORD : /\s/.test(ch) ? SPACE : c === 0x27 ? APOSTROPHE : c === 0x2d ? HYPHEN : HARD;
}

/** Classes of the basic plane, computed on first sight (255: not yet); a typed array beats a Map here. */
const bmpClass = new Uint8Array(0x10000).fill(255);
const astralClass = new Map<number, CharClass>();

/** The class of code point `cp`. */
export function classOf(cp: number): CharClass {
  if (cp < 128) return asciiClass[cp] as CharClass;
  if (cp < 0x10000) {
    let cls = bmpClass[cp] as number;
    if (cls === 255) bmpClass[cp] = cls = computeClass(cp);
    return cls as CharClass;
  }
  let cls = astralClass.get(cp);
  if (cls === undefined) astralClass.set(cp, (cls = computeClass(cp)));
  return cls;
}

function computeClass(cp: number): CharClass {
  if (cp === 0x2019 || cp === 0x02bc) return APOSTROPHE; // ʼ is a letter (Lm) to Unicode; here it is an apostrophe
  if (cp === 0x2010 || cp === 0x2011) return HYPHEN;
  if (cp === 0x00ad) return MARK;
  const ch = String.fromCodePoint(cp);
  if (/[\p{L}\p{N}]/u.test(ch)) return WORD;
  if (/\p{M}/u.test(ch)) return MARK;
  if (/\s/u.test(ch)) return SPACE;
  return HARD;
}

const SPECIAL: Readonly<Record<string, string>> = {
  'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ı': 'i', 'ð': 'd', 'þ': 'th',
};

const bmpFold: (string | undefined)[] = [];
const astralFold = new Map<number, string>();

/** The folded form of a word character or mark (see the file comment); "" for a mark. */
export function fold(cp: number): string {
  if (cp < 128) return cp >= 65 && cp <= 90 ? String.fromCharCode(cp + 32) : String.fromCharCode(cp);
  let folded = cp < 0x10000 ? bmpFold[cp] : astralFold.get(cp);
  if (folded === undefined) {
    folded = computeFold(cp);
    if (cp < 0x10000) bmpFold[cp] = folded;
    else astralFold.set(cp, folded);
  }
  return folded;
}

function computeFold(cp: number): string {
  let folded = '';
  const lower = String.fromCodePoint(cp).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  // Lower-casing can itself yield a composed letter or a mark (İ → i̇), hence the second pass.
  for (const ch of lower.normalize('NFKD').replace(/\p{M}/gu, '')) folded += SPECIAL[ch] ?? ch;
  return folded;
}

const bmpLower = new Uint8Array(0x10000).fill(255);

/** Whether `cp` is a lower-case letter (for telling an acronym "AMI" from the word "ami"). */
export function isLowerCase(cp: number): boolean {
  if (cp < 128) return cp >= 97 && cp <= 122;
  if (cp < 0x10000) {
    let lower = bmpLower[cp] as number;
    if (lower === 255) bmpLower[cp] = lower = computeLower(cp) ? 1 : 0;
    return lower === 1;
  }
  return computeLower(cp);
}

function computeLower(cp: number): boolean {
  const ch = String.fromCodePoint(cp);
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}
