#!/usr/bin/env node
// Generator and checker for Cahier's text-operation conformance vectors.
//
//   node generate.mjs          writes apply.json, compose.json, transform.json,
//                              invert.json and position.json next to this file
//   node generate.mjs --check  regenerates in memory, compares with the
//                              checked-in files, and re-evaluates every
//                              checked-in case with ot.js (or with Cahier's own
//                              rules for the cases marked "source":"cahier");
//                              exits 1 on any mismatch
//
// Expected values are the answers of ot.js (npm package `ot`, pinned to 0.0.15).
// The only exceptions are the apply.json error cases marked "source":"cahier"
// (rules ot.js does not enforce) and the position.json cases with
// "stickiness":"before" (ot.js has no such function); see README.md.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const DIR = dirname(fileURLToPath(import.meta.url));
const FILES = ['apply.json', 'compose.json', 'transform.json', 'invert.json', 'position.json'];
const OT_VERSION = '0.0.15';
const INT_MAX = 2147483647;
const ERRORS = ['base-length', 'bad-component', 'splits-surrogate', 'unpaired-surrogate'];

const CHECK = process.argv.includes('--check');

let ot;
try {
  ot = createRequire(import.meta.url)('ot');
} catch (e) {
  console.error(`cannot load the 'ot' package (${e.message}); run 'npm ci' in ${DIR}`);
  console.log('vectors: 0 passed, 1 failed');
  process.exit(1);
}
if (ot.version !== OT_VERSION) {
  console.error(`expected ot ${OT_VERSION}, found ${ot.version}; run 'npm ci' in ${DIR}`);
  console.log('vectors: 0 passed, 1 failed');
  process.exit(1);
}
const TO = ot.TextOperation;
const Range = ot.Selection.Range;

// ---------------------------------------------------------------------------
// Small helpers

const J = (x) => JSON.stringify(x);

function short(x, max = 160) {
  const s = typeof x === 'string' ? x : J(x);
  return s.length > max ? `${s.slice(0, max)}... (${s.length} chars)` : s;
}

function same(a, b) {
  return J(a) === J(b);
}

class GenError extends Error {}
function assert(cond, msg) {
  if (!cond) throw new GenError(msg);
}

// Seeded PRNG (mulberry32). Every file has its own stream so that adding cases
// to one file leaves the others unchanged.
function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n); // 0 <= k < n
  next.pick = (arr) => arr[next.int(arr.length)];
  next.chance = (p) => next() < p;
  return next;
}

// ---------------------------------------------------------------------------
// UTF-16 helpers

const isHigh = (u) => u >= 0xd800 && u <= 0xdbff;
const isLow = (u) => u >= 0xdc00 && u <= 0xdfff;

function hasUnpairedSurrogate(s) {
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (isHigh(u)) {
      if (i + 1 < s.length && isLow(s.charCodeAt(i + 1))) i++;
      else return true;
    } else if (isLow(u)) {
      return true;
    }
  }
  return false;
}

// True when offset i (0 < i < s.length) falls between the halves of a pair.
function splitsPair(s, i) {
  return i > 0 && i < s.length && isHigh(s.charCodeAt(i - 1)) && isLow(s.charCodeAt(i));
}

// ---------------------------------------------------------------------------
// Operations (our own helpers; the expected values always come from ot.js)

const isRetain = (c) => typeof c === 'number' && c > 0;
const isDelete = (c) => typeof c === 'number' && c < 0;
const isInsert = (c) => typeof c === 'string';

function validComponent(c) {
  if (typeof c === 'string') return c !== '';
  return Number.isInteger(c) && c !== 0 && Math.abs(c) <= INT_MAX;
}

function kindOf(c) {
  return isInsert(c) ? 'insert' : isRetain(c) ? 'retain' : 'delete';
}

function isCanonical(op) {
  if (!Array.isArray(op)) return false;
  for (let i = 0; i < op.length; i++) {
    if (!validComponent(op[i])) return false;
    if (i > 0) {
      if (kindOf(op[i]) === kindOf(op[i - 1])) return false;
      if (isDelete(op[i - 1]) && isInsert(op[i])) return false;
    }
  }
  return true;
}

// Canonical form: merge neighbours of one kind, insert before delete.
function canon(raw) {
  const out = [];
  for (const c of raw) {
    const last = out.length - 1;
    if (isInsert(c)) {
      if (c === '') continue;
      if (last >= 0 && isInsert(out[last])) out[last] += c;
      else if (last >= 0 && isDelete(out[last])) {
        if (last >= 1 && isInsert(out[last - 1])) out[last - 1] += c;
        else out.splice(last, 0, c);
      } else out.push(c);
    } else if (isRetain(c)) {
      if (last >= 0 && isRetain(out[last])) out[last] += c;
      else out.push(c);
    } else if (isDelete(c)) {
      if (last >= 0 && isDelete(out[last])) out[last] += c;
      else out.push(c);
    }
  }
  return out;
}

function baseLength(op) {
  let n = 0;
  for (const c of op) if (typeof c === 'number') n += Math.abs(c);
  return n;
}

// Cahier's validation rules for an op received on the wire. Returns the list of
// distinct rules violated. Component-level rules are checked first; the length
// and surrogate-boundary rules only make sense once every component is valid.
function cahierViolations(doc, op) {
  const comp = new Set();
  for (const c of op) {
    if (typeof c === 'string') {
      if (c === '') comp.add('bad-component');
      else if (hasUnpairedSurrogate(c)) comp.add('unpaired-surrogate');
    } else if (!validComponent(c)) {
      comp.add('bad-component');
    }
  }
  if (comp.size) return [...comp];
  const out = new Set();
  if (baseLength(op) !== doc.length) out.add('base-length');
  let pos = 0;
  for (const c of op) {
    if (typeof c !== 'number') continue;
    pos += Math.abs(c);
    if (pos >= doc.length) break;
    if (splitsPair(doc, pos)) out.add('splits-surrogate');
  }
  return [...out];
}

// The caret walk of ot.js's Range.transform (transformIndex), with a choice of
// stickiness: "after" is exactly ot.js's walk (an insert at the caret pushes it
// right); "before" lets only inserts strictly before the caret move it.
function walkPosition(op, pos, stickiness) {
  const after = stickiness === 'after';
  let index = pos;
  let newIndex = pos;
  for (const c of op) {
    if (isRetain(c)) {
      index -= c;
    } else if (isInsert(c)) {
      if (after ? index >= 0 : index > 0) newIndex += c.length;
    } else {
      newIndex -= Math.min(index, -c);
      index += c;
    }
    if (index < 0) break;
  }
  return newIndex;
}

// ---------------------------------------------------------------------------
// ot.js entry points

const otOp = (json) => TO.fromJSON(json);
const otApply = (doc, op) => otOp(op).apply(doc);
const otCompose = (a, b) => otOp(a).compose(otOp(b)).toJSON();
const otTransform = (a, b) => TO.transform(otOp(a), otOp(b)).map((o) => o.toJSON());
const otInvert = (doc, op) => otOp(op).invert(doc).toJSON();
const otPositionAfter = (op, pos) => new Range(pos, pos).transform(otOp(op)).head;

// What ot.js does with a wire op and a doc: {result} or {threw, message}.
function otApplyOutcome(doc, op) {
  let o;
  try {
    o = TO.fromJSON(op);
  } catch (e) {
    return { threw: 'fromJSON', message: e.message };
  }
  try {
    return { result: o.apply(doc) };
  } catch (e) {
    return { threw: 'apply', message: e.message };
  }
}

// Does ot.js reject this op for the same reason as the expected error?
function otAgrees(error, outcome) {
  if (error === 'bad-component') {
    return outcome.threw === 'fromJSON' && /^unknown operation/.test(outcome.message);
  }
  if (error === 'base-length') {
    return outcome.threw === 'apply' && /base length/.test(outcome.message);
  }
  return false;
}

// ---------------------------------------------------------------------------
// Per-case verification, used both when generating and by --check.

const KEYS = {
  'apply.json': [
    ['comment', 'doc', 'op', 'result'],
    ['comment', 'doc', 'op', 'error'],
    ['comment', 'doc', 'op', 'error', 'source'],
  ],
  'compose.json': [['comment', 'doc', 'a', 'b', 'result']],
  'transform.json': [['comment', 'doc', 'a', 'b', 'a1', 'b1']],
  'invert.json': [['comment', 'doc', 'op', 'result']],
  'position.json': [['comment', 'op', 'pos', 'stickiness', 'result']],
};

function checkDoc(problems, name, doc) {
  if (typeof doc !== 'string') problems.push(`${name} is not a string`);
  else if (hasUnpairedSurrogate(doc)) problems.push(`${name} contains an unpaired surrogate`);
}

// A canonical op that is valid for doc under Cahier's rules.
function checkOp(problems, name, op, doc) {
  if (!Array.isArray(op)) {
    problems.push(`${name} is not an array`);
    return false;
  }
  if (!isCanonical(op)) problems.push(`${name} is not in canonical form: ${short(op)}`);
  const v = doc === undefined ? [] : cahierViolations(doc, op);
  if (doc === undefined) {
    for (const c of op) if (isInsert(c) && hasUnpairedSurrogate(c)) v.push('unpaired-surrogate');
  }
  if (v.length) problems.push(`${name} breaks Cahier's rules (${v.join(', ')})`);
  return problems.length === 0;
}

function verifyCase(file, c) {
  const problems = [];
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return ['case is not an object'];
  const keys = Object.keys(c);
  if (!KEYS[file].some((k) => same(k, keys))) {
    problems.push(`unexpected fields ${J(keys)}`);
    return problems;
  }
  if (typeof c.comment !== 'string' || c.comment.trim() === '') problems.push('comment is empty');
  try {
    switch (file) {
      case 'apply.json':
        verifyApply(problems, c);
        break;
      case 'compose.json':
        verifyCompose(problems, c);
        break;
      case 'transform.json':
        verifyTransform(problems, c);
        break;
      case 'invert.json':
        verifyInvert(problems, c);
        break;
      case 'position.json':
        verifyPosition(problems, c);
        break;
    }
  } catch (e) {
    problems.push(`ot.js threw unexpectedly: ${e.message}`);
  }
  return problems;
}

function verifyApply(problems, c) {
  checkDoc(problems, 'doc', c.doc);
  if (!Array.isArray(c.op)) problems.push('op is not an array');
  if (problems.length) return;
  if ('result' in c) {
    if (typeof c.result !== 'string') problems.push('result is not a string');
    const v = cahierViolations(c.doc, c.op);
    if (v.length) problems.push(`a valid case breaks Cahier's rules (${v.join(', ')})`);
    const out = otApplyOutcome(c.doc, c.op);
    if ('threw' in out) problems.push(`expected result ${short(J(c.result))}, ot.js throws: ${out.message}`);
    else if (out.result !== c.result) problems.push(`expected result ${short(J(c.result))}, ot.js gives ${short(J(out.result))}`);
    return;
  }
  if (!ERRORS.includes(c.error)) {
    problems.push(`unknown error ${J(c.error)}`);
    return;
  }
  const v = cahierViolations(c.doc, c.op);
  if (!same(v, [c.error])) problems.push(`expected error ${c.error}, Cahier's rules give ${J(v)}`);
  if ('source' in c) {
    // Cahier's own rule: ot.js is not asked.
    if (c.source !== 'cahier') problems.push(`unknown source ${J(c.source)}`);
    return;
  }
  const out = otApplyOutcome(c.doc, c.op);
  if (!otAgrees(c.error, out)) {
    const got = 'threw' in out ? `throws in ${out.threw}: ${out.message}` : `accepts it and gives ${short(J(out.result))}`;
    problems.push(`expected error ${c.error}, ot.js ${got}`);
  }
}

function verifyCompose(problems, c) {
  checkDoc(problems, 'doc', c.doc);
  if (problems.length || !checkOp(problems, 'a', c.a, c.doc)) return;
  const mid = otApply(c.doc, c.a);
  if (!checkOp(problems, 'b', c.b, mid)) return;
  const got = otCompose(c.a, c.b);
  if (!same(got, c.result)) {
    problems.push(`expected result ${short(c.result)}, ot.js gives ${short(got)}`);
    return;
  }
  if (otApply(c.doc, got) !== otApply(mid, c.b)) problems.push('compose result does not reproduce a then b');
}

function verifyTransform(problems, c) {
  checkDoc(problems, 'doc', c.doc);
  if (problems.length) return;
  if (!checkOp(problems, 'a', c.a, c.doc) || !checkOp(problems, 'b', c.b, c.doc)) return;
  const [a1, b1] = otTransform(c.a, c.b);
  if (!same(a1, c.a1)) problems.push(`expected a1 ${short(c.a1)}, ot.js gives ${short(a1)}`);
  if (!same(b1, c.b1)) problems.push(`expected b1 ${short(c.b1)}, ot.js gives ${short(b1)}`);
  if (problems.length) return;
  if (otApply(otApply(c.doc, c.a), b1) !== otApply(otApply(c.doc, c.b), a1)) {
    problems.push('a then b1 and b then a1 do not converge');
  }
}

function verifyInvert(problems, c) {
  checkDoc(problems, 'doc', c.doc);
  if (problems.length || !checkOp(problems, 'op', c.op, c.doc)) return;
  const got = otInvert(c.doc, c.op);
  if (!same(got, c.result)) {
    problems.push(`expected result ${short(c.result)}, ot.js gives ${short(got)}`);
    return;
  }
  if (otApply(otApply(c.doc, c.op), got) !== c.doc) problems.push('inverse does not restore doc');
}

function verifyPosition(problems, c) {
  if (!checkOp(problems, 'op', c.op, undefined)) return;
  const base = baseLength(c.op);
  if (!Number.isInteger(c.pos) || c.pos < 0 || c.pos > base) {
    problems.push(`pos ${J(c.pos)} is not within 0..${base}`);
    return;
  }
  if (c.stickiness !== 'after' && c.stickiness !== 'before') {
    problems.push(`unknown stickiness ${J(c.stickiness)}`);
    return;
  }
  if (c.stickiness === 'after') {
    const got = otPositionAfter(c.op, c.pos);
    if (got !== c.result) problems.push(`expected ${J(c.result)}, ot.js Range.transform gives ${got}`);
    const mine = walkPosition(c.op, c.pos, 'after');
    if (mine !== got) problems.push(`our "after" walk gives ${mine} but ot.js gives ${got}`);
  } else {
    const got = walkPosition(c.op, c.pos, 'before');
    if (got !== c.result) problems.push(`expected ${J(c.result)}, the "before" walk gives ${got}`);
  }
}

// ---------------------------------------------------------------------------
// Text material

const GRIN = '😀';
const CLEF = '𝄞';
const FAMILY = '👩‍👩‍👧';
const FLAG_FR = '🇫🇷';
const EXT_B = '𠀀';
const NBSP = '\u00a0';
const NNBSP = '\u202f';

const ALPHABETS = {
  ascii: [...'abcdefghijklmnopqrstuvwxyz', 'A', 'B', 'Z', ' ', ' ', ' ', '.', ',', '!', '?', '\n', '0', '7', '-'],
  french: [
    'é', 'è', 'ê', 'ë', 'à', 'â', 'ç', 'ô', 'î', 'ù', 'û', 'É', 'È', 'À', 'Ç', 'Œ', 'œ', 'æ', '’', "'",
    `«${NBSP}`, `${NBSP}»`, `${NNBSP};`, `${NNBSP}!`, `${NNBSP}?`, `${NBSP}:`, '…', '—',
    "l'expérimentation", "à l'échelle", 'Œuvre', ' de ', ' la ', 'ça', 'Été',
  ],
  combining: ['e\u0301', 'n\u0303', 'a\u0300', 'o\u0308', 'c\u0327', 'u\u0302', '\u0301'],
  cjk: ['中', '文', '字', '汉', '語', '日', '本', '한', '글', '。'],
  astral: [GRIN, CLEF, EXT_B, '𠀁', '🎉', FLAG_FR, '🇨🇦', FAMILY, '👍🏽', '🙂', '𝔸'],
};
const ALPHABET_NAMES = Object.keys(ALPHABETS);

function randomMix(rng) {
  const names = [];
  if (rng.chance(0.6)) names.push('ascii');
  for (const n of ALPHABET_NAMES.slice(1)) if (rng.chance(0.35)) names.push(n);
  if (!names.length) names.push(rng.pick(ALPHABET_NAMES));
  return names;
}

function randomText(rng, mix, tokens) {
  let s = '';
  for (let i = 0; i < tokens; i++) s += rng.pick(ALPHABETS[rng.pick(mix)]);
  return s;
}

function randomDocTokens(rng) {
  const r = rng();
  if (r < 0.08) return 0;
  if (r < 0.2) return 1 + rng.int(3);
  if (r < 0.9) return 2 + rng.int(25);
  return 30 + rng.int(90);
}

const STYLES = {
  sparse: { ins: 0.12, del: 0.12, maxRun: 12, maxIns: 3 },
  dense: { ins: 0.3, del: 0.3, maxRun: 3, maxIns: 2 },
  'delete-heavy': { ins: 0.05, del: 0.6, maxRun: 6, maxIns: 2 },
  'insert-heavy': { ins: 0.5, del: 0.1, maxRun: 5, maxIns: 4 },
  rewrite: { ins: 0.35, del: 0.5, maxRun: 4, maxIns: 3 },
};
const STYLE_NAMES = Object.keys(STYLES);

// A random canonical op over doc that cuts only at code-point boundaries.
function randomOp(rng, doc, mix, style) {
  const P = STYLES[style];
  const cps = Array.from(doc);
  const raw = [];
  let i = 0;
  while (i < cps.length) {
    const r = rng();
    if (r < P.ins) {
      raw.push(randomText(rng, mix, 1 + rng.int(P.maxIns)));
    } else {
      const k = 1 + rng.int(Math.min(P.maxRun, cps.length - i));
      const units = cps.slice(i, i + k).join('').length;
      i += k;
      raw.push(r < P.ins + P.del ? -units : units);
    }
  }
  if (rng.chance(cps.length === 0 ? 0.75 : P.ins)) raw.push(randomText(rng, mix, 1 + rng.int(P.maxIns)));
  return canonChecked(raw);
}

// Ops that cut only at a few shared points, so that two of them over the same
// doc meet often: same-position inserts, identical and partial deletes.
function alignedOp(rng, doc, points, mix) {
  const raw = [];
  for (let k = 0; k < points.length; k++) {
    if (rng.chance(0.5)) raw.push(randomText(rng, mix, 1 + rng.int(2)));
    if (k + 1 < points.length) {
      const len = points[k + 1] - points[k];
      if (len > 0) raw.push(rng.chance(0.4) ? -len : len);
    }
  }
  return canonChecked(raw);
}

function codePointBoundaries(doc) {
  const out = [0];
  let i = 0;
  for (const cp of doc) {
    i += cp.length;
    out.push(i);
  }
  return out;
}

function sharedPoints(rng, doc) {
  const b = codePointBoundaries(doc);
  const set = new Set([0, doc.length]);
  const n = rng.int(4);
  for (let k = 0; k < n; k++) set.add(rng.pick(b));
  return [...set].sort((x, y) => x - y);
}

function canonChecked(raw) {
  const op = canon(raw);
  assert(same(op, TO.fromJSON(raw).toJSON()), `canon disagrees with ot.js on ${short(raw)}`);
  return op;
}

function describeOp(op) {
  const n = op.length;
  return `${n} component${n === 1 ? '' : 's'}`;
}

function describeDoc(doc, mix) {
  if (doc === '') return 'the empty doc';
  return `a ${doc.length}-unit doc${mix ? ` (${mix.join('+')})` : ''}`;
}

// Long material, from its own stream so it never changes with other cases.
const LONG = (() => {
  const rng = makeRng(0x10c4e5);
  const all = ALPHABET_NAMES;
  let doc = '';
  while (doc.length < 4000) doc += randomText(rng, all, 1);
  let big = '';
  while (big.length < 4990) big += randomText(rng, all, 1);
  while (big.length < 5000) big += rng.pick(ALPHABETS.ascii.slice(0, 26));
  return { doc, big, rng };
})();

// An op with 100+ components over doc: retain a run, then delete, insert or replace.
function longOp(rng, doc) {
  const cps = Array.from(doc);
  const raw = [];
  let i = 0;
  while (i < cps.length) {
    const k = Math.min(5 + rng.int(20), cps.length - i);
    raw.push(cps.slice(i, i + k).join('').length);
    i += k;
    const r = rng();
    if (r < 0.7 && i < cps.length) {
      const d = Math.min(1 + rng.int(3), cps.length - i);
      raw.push(-cps.slice(i, i + d).join('').length);
      i += d;
    }
    if (r > 0.4) raw.push(randomText(rng, ALPHABET_NAMES, 1 + rng.int(2)));
  }
  const op = canonChecked(raw);
  assert(op.length >= 100, `long op has only ${op.length} components`);
  return op;
}

// ---------------------------------------------------------------------------
// Builders. Each computes the expected value with ot.js, then verifies the case
// exactly as --check will.

function built(file, c) {
  const problems = verifyCase(file, c);
  assert(problems.length === 0, `${file}: "${c.comment}": ${problems.join('; ')}`);
  return c;
}

// Runs a builder body, naming the case if ot.js throws while computing it.
function named(comment, fn) {
  try {
    return fn();
  } catch (e) {
    if (e instanceof GenError) throw e;
    throw new GenError(`"${comment}": ${e.message}`);
  }
}

function applyOk(comment, doc, op) {
  return named(comment, () => built('apply.json', { comment, doc, op, result: otApply(doc, op) }));
}

function applyErr(comment, doc, op, error) {
  const out = otApplyOutcome(doc, op);
  const c = { comment, doc, op, error };
  if (!otAgrees(error, out)) c.source = 'cahier';
  return built('apply.json', c);
}

function composeCase(comment, doc, a, b) {
  return named(comment, () => built('compose.json', { comment, doc, a, b, result: otCompose(a, b) }));
}

function transformCase(comment, doc, a, b) {
  return named(comment, () => {
    const [a1, b1] = otTransform(a, b);
    return built('transform.json', { comment, doc, a, b, a1, b1 });
  });
}

function invertCase(comment, doc, op) {
  return named(comment, () => built('invert.json', { comment, doc, op, result: otInvert(doc, op) }));
}

function describePos(op, pos) {
  const notes = [];
  const base = baseLength(op);
  if (pos === 0) notes.push('start of doc');
  if (pos === base) notes.push('end of doc');
  let p = 0;
  for (const c of op) {
    if (isInsert(c)) {
      if (p === pos) notes.push(`at the insertion point of ${short(J(c), 24)}`);
    } else if (isRetain(c)) {
      p += c;
    } else {
      const s = p;
      const e = p - c;
      if (pos === s) notes.push(`at the start of deleted range [${s},${e})`);
      else if (pos === e) notes.push(`at the end of deleted range [${s},${e})`);
      else if (pos > s && pos < e) notes.push(`inside deleted range [${s},${e})`);
      p = e;
    }
  }
  if (!notes.length) notes.push('in retained text');
  return notes.join(', ');
}

function positionCase(label, op, pos, stickiness) {
  let result;
  if (stickiness === 'after') {
    result = otPositionAfter(op, pos);
    assert(result === walkPosition(op, pos, 'after'), `after-walk disagrees with ot.js: ${short(op)} @${pos}`);
  } else {
    result = walkPosition(op, pos, 'before');
  }
  const comment = `${label}: pos ${pos} (${describePos(op, pos)}), ${stickiness}`;
  return built('position.json', { comment, op, pos, stickiness, result });
}

// ---------------------------------------------------------------------------
// apply.json

function buildApply() {
  const out = [];
  const ok = (c, d, o) => out.push(applyOk(c, d, o));
  const err = (c, d, o, e) => out.push(applyErr(c, d, o, e));

  ok('empty op on the empty doc', '', []);
  ok('insert into the empty doc', '', ['Bonjour']);
  ok('retain-only op leaves the doc unchanged', 'abc', [3]);
  ok('delete the whole doc', 'abc', [-3]);
  ok('insert at the start', 'world', ['hello ', 5]);
  ok('insert at the end', 'hello', [5, ' world']);
  ok('insert in the middle', 'helo', [3, 'l', 1]);
  ok('replace a word (insert before delete)', 'le chat noir', [3, 'chien', -4, 5]);
  ok('delete at the start', 'xabc', [-1, 3]);
  ok('delete at the end', 'abcx', [3, -1]);
  ok('several edits in one op', 'abcdef', [1, -1, 1, 'X', 2, 'Y', -1]);
  ok('replace the whole doc', 'old', ['new', -3]);
  ok('newlines are ordinary characters', 'line 1\nline 2\n', [6, '\nline 1.5', 8]);

  // Non-canonical wire forms, normalised by ot.js's fromJSON.
  ok('non-canonical: adjacent retains [2,3] are merged', 'hello', [2, 3]);
  ok('non-canonical: adjacent inserts ["a","b"] are merged', '', ['a', 'b']);
  ok('non-canonical: delete then insert [-2,"x"] is reordered to insert then delete', 'ab', [-2, 'x']);
  ok('non-canonical: adjacent deletes are merged', 'abcd', [1, -1, -1, 1]);
  ok('non-canonical: insert, delete, insert becomes one insert then the delete', 'ab', ['x', -1, 'y', 1]);
  ok('non-canonical: delete, insert, delete becomes insert then one delete', 'abc', [-1, 'x', -1, 1]);
  ok('non-canonical: six one-unit retains', 'abcdef', [1, 1, 1, 1, 1, 1]);
  ok('non-canonical: adjacent inserts around a retain', 'ab', ['x', 'y', 1, 'z', 'w', 1]);

  // Non-BMP characters, ZWJ sequences, flags, combining marks.
  ok('insert an emoji (a surrogate pair) into the empty doc', '', [GRIN]);
  ok('delete an emoji: it counts 2 UTF-16 units', `a${GRIN}b`, [1, -2, 1]);
  ok('retain across an emoji, insert after it', `a${GRIN}b`, [3, '!', 1]);
  ok('insert between two emoji', GRIN + GRIN, [2, 'x', 2]);
  ok('replace U+1D11E musical symbol G clef', `clé ${CLEF} de sol`, [4, '♪', -2, 7]);
  ok('CJK Extension B: delete the second of two ideographs', '𠀀𠀁', [2, -2]);
  ok('CJK Extension B: insert U+20000 between CJK characters', '中文', [1, EXT_B, 1]);
  ok('ZWJ family sequence (8 units): delete it whole', `a${FAMILY}b`, [1, -8, 1]);
  ok('ZWJ family sequence cut at a code-point boundary (after the first ZWJ) is allowed', FAMILY, [3, -5]);
  ok('flag 🇫🇷 is two regional indicators: inserting between them is a code-point boundary', FLAG_FR, [2, 'x', 2]);
  ok('delete the flag 🇫🇷 (4 units)', `vive la ${FLAG_FR} !`, [8, -4, 2]);
  ok('insert a flag and a skin-tone emoji', 'ok', [2, ` ${FLAG_FR}👍🏽`]);
  ok('combining acute accent: delete only the combining mark', 'cafe\u0301', [4, -1]);
  ok('combining tilde: add U+0303 after n', 'Espana', [4, '\u0303', 2]);
  ok('precomposed é replaced by decomposed e + U+0301 (1 unit becomes 2)', 'é', ['e\u0301', -1]);
  ok('insert a lone combining mark at the start of the doc', 'abc', ['\u0301', 3]);

  // French text and typography.
  ok("l'expérimentation: insert the elided article", 'expérimentation', ["l'", 15]);
  ok('Œuvre: capitalise œ to Œ', 'œuvre', ['Œ', -1, 4]);
  ok("à l'échelle: straight apostrophe replaced by U+2019", "à l'échelle", [3, '’', -1, 7]);
  ok('« guillemets » with U+00A0 no-break spaces inserted around a word', 'il dit bonjour', [7, `«${NBSP}`, 7, `${NBSP}»`]);
  ok('U+202F narrow no-break space replaces the space before a semicolon', 'Voilà ; fini', [5, NNBSP, -1, 6]);
  ok('É and ç: "Ecole francaise" becomes "École française"', 'Ecole francaise', ['É', -1, 9, 'ç', -1, 4]);
  ok('delete the accented word in the middle of a French sentence', 'Une œuvre à l’échelle', [10, -1, 10]);

  // Long operations and documents.
  ok('a 5,000-unit insert into the empty doc', '', [LONG.big]);
  const lop = longOp(LONG.rng, LONG.doc);
  ok(`a ${lop.length}-component op on a ${LONG.doc.length}-unit doc`, LONG.doc, lop);
  ok(`delete the whole ${LONG.doc.length}-unit doc`, LONG.doc, [-LONG.doc.length]);
  ok(`retain the whole ${LONG.doc.length}-unit doc and append text`, LONG.doc, [LONG.doc.length, ' — fin.']);
  ok('replace a 5,000-unit doc by a short text', LONG.big, ['court', -LONG.big.length]);

  // Errors: base length.
  err('base-length: op shorter than the doc', 'abc', [2], 'base-length');
  err('base-length: op longer than the doc', 'abc', [4], 'base-length');
  err('base-length: retain 1 on the empty doc', '', [1], 'base-length');
  err('base-length: delete 1 on the empty doc', '', [-1], 'base-length');
  err('base-length: insert-only op on a non-empty doc', 'a', ['x'], 'base-length');
  err('base-length: empty op on a non-empty doc', 'a', [], 'base-length');
  err('base-length: delete runs past the end', 'abc', [1, -3], 'base-length');
  err('base-length: op counted in code points (2) instead of UTF-16 units (4)', GRIN + GRIN, [2], 'base-length');
  err('base-length: accented letters are one unit each, op one unit short', 'été', [2], 'base-length');
  err('base-length: each component fits in 32 bits but their sum (4294967294) does not; must not overflow', 'ab', [INT_MAX, INT_MAX], 'base-length');
  err('base-length: delete of 2147483647 (largest allowed magnitude) on a short doc', 'abc', [-INT_MAX], 'base-length');

  // Errors: bad components that ot.js rejects too.
  err('bad-component: zero', '', [0], 'bad-component');
  err('bad-component: zero between retains', 'abc', [1, 0, 2], 'bad-component');
  err('bad-component: true', '', [true], 'bad-component');
  err('bad-component: false after an insert', '', ['a', false], 'bad-component');
  err('bad-component: null', 'a', [1, null], 'bad-component');
  err('bad-component: object', '', [{}], 'bad-component');
  err('bad-component: object that looks like a retain', 'a', [{ retain: 1 }], 'bad-component');
  err('bad-component: empty array', '', [[]], 'bad-component');
  err('bad-component: nested array holding an insert', '', [['a']], 'bad-component');

  // Errors: bad components that ot.js accepts (Cahier's rule).
  err('bad-component: empty insert string (ot.js silently drops it)', '', [''], 'bad-component');
  err('bad-component: empty insert string between retains (ot.js gives "abc")', 'abc', [1, '', 2], 'bad-component');
  err('bad-component: fractional retains 1.5 + 1.5 (ot.js merges them into 3 and gives "abc")', 'abc', [1.5, 1.5], 'bad-component');
  err('bad-component: fractional delete -2.5 then retain 0.5 (ot.js gives "c")', 'abc', [-2.5, 0.5], 'bad-component');
  err('bad-component: fractional retain inside an otherwise valid op', 'abcd', [1, 'x', 1.5, -1.5], 'bad-component');
  err('bad-component: retain 3000000000 is beyond 32 bits (ot.js fails on base length instead)', 'abc', [3000000000], 'bad-component');
  err('bad-component: delete -3000000000 is beyond 32 bits (ot.js fails on base length instead)', 'abc', [-3000000000], 'bad-component');
  err('bad-component: retain 1e300 (ot.js fails on base length instead)', 'abc', [1e300], 'bad-component');
  err('bad-component: retain 2147483648, one past the 32-bit signed maximum', 'a', [2147483648], 'bad-component');

  // Errors: boundaries inside a surrogate pair (Cahier's rule).
  err('splits-surrogate: insert between the halves of 😀', `a${GRIN}b`, [2, 'x', 2], 'splits-surrogate');
  err('splits-surrogate: delete the low half of 😀', `a${GRIN}b`, [2, -1, 1], 'splits-surrogate');
  err('splits-surrogate: delete the high half of 😀', `a${GRIN}b`, [1, -1, 2], 'splits-surrogate');
  err('splits-surrogate: doc is a single emoji, retain 1 then delete 1', GRIN, [1, -1], 'splits-surrogate');
  err('splits-surrogate: insert inside CJK Extension B 𠀀', EXT_B, ['x', 1, 'y', 1], 'splits-surrogate');
  err('splits-surrogate: delete across the middle of both regional indicators of 🇫🇷', FLAG_FR, [1, -2, 1], 'splits-surrogate');
  err('splits-surrogate: retain ends inside the second 👩 of the ZWJ family', FAMILY, [4, -4], 'splits-surrogate');
  err('splits-surrogate: retain ends inside 𝄞 in French text', `clé ${CLEF}`, [5, -1], 'splits-surrogate');

  // Errors: unpaired surrogates in inserts (Cahier's rule).
  err('unpaired-surrogate: lone high surrogate U+D83D', '', ['\ud83d'], 'unpaired-surrogate');
  err('unpaired-surrogate: lone low surrogate U+DE00 after a retain', 'a', [1, '\ude00'], 'unpaired-surrogate');
  err('unpaired-surrogate: lone high surrogate inside a word', '', ['a\ud83db'], 'unpaired-surrogate');
  err('unpaired-surrogate: pair in the wrong order (low then high)', '', ['\ude00\ud83d'], 'unpaired-surrogate');
  err('unpaired-surrogate: valid 😀 followed by a lone high surrogate', 'ab', [1, `${GRIN}\ud83d`, 1], 'unpaired-surrogate');
  err('unpaired-surrogate: lone high surrogate at the end of a replacement', 'abc', ['é\udbff', -3], 'unpaired-surrogate');

  // Random valid cases.
  const rng = makeRng(0xa991);
  for (let k = 1; k <= 100; k++) {
    const mix = randomMix(rng);
    const doc = randomText(rng, mix, randomDocTokens(rng));
    const style = rng.pick(STYLE_NAMES);
    const op = randomOp(rng, doc, mix, style);
    ok(`random ${k}: ${style} op with ${describeOp(op)} on ${describeDoc(doc, mix)}`, doc, op);
  }
  return out;
}

// ---------------------------------------------------------------------------
// compose.json

function buildCompose() {
  const out = [];
  const add = (c, d, a, b) => out.push(composeCase(c, d, a, b));

  add('two empty ops on the empty doc', '', [], []);
  add('insert then extend the insert', '', ['ab'], [2, 'c']);
  add('insert then delete all of it cancels out', '', ['abc'], [-3]);
  add('retain-only then retain-only', 'abc', [3], [3]);
  add('retain-only then insert', 'abc', [3], ['>', 3]);
  add('insert then retain-only', 'abc', [1, 'X', 2], [4]);
  add('insert, then delete part of the inserted text', 'xy', [1, 'abc', 1], [2, -1, 2]);
  add('delete, then insert at the same place', 'abc', [1, -1, 1], [1, 'X', 1]);
  add('delete everything, then insert', 'abc', [-3], ['new']);
  add('insert at the start, then insert at the end', 'mid', ['<', 3], [4, '>']);
  add('b deletes text a inserted plus original text around it', 'abcd', [2, 'XY', 2], [1, -4, 1]);
  add('a deletes, b deletes the neighbouring text', 'abcdef', [2, -2, 2], [1, -2, 1]);
  add('b inserts inside the text a inserted', '', ['hello'], [2, '--', 3]);
  add('b replaces the text a inserted', 'ab', [1, 'xyz', 1], [1, 'Q', -3, 1]);
  add('a deletes at the end, b inserts at the new end', 'abc', [2, -1], [2, '!']);
  add('op then its inverse composes to retain-only', 'abc', [1, 'X', -1, 1], [1, 'b', -1, 1]);
  add('insert an emoji, then delete the emoji that was there', `a${GRIN}b`, [3, '🎉', 1], [1, -2, 3]);
  add('insert 😀, then insert 𝄞 right after it', '', [GRIN], [2, CLEF]);
  add('build the ZWJ family in two steps', 'x', [1, '👩‍👩'], [6, '‍👧']);
  add('flag built from two regional indicators inserted separately', '', ['🇫'], [2, '🇷']);
  add('combining: add U+0301, then add U+0303 after another letter', 'ena', [1, '\u0301', 2], [3, '\u0303', 1]);
  add("l'experimentation: fix the accent, then capitalise L", "l'experimentation", [5, 'é', -1, 11], ['L', -1, 16]);
  add('add « » with no-break spaces, then U+202F before ?', 'quoi ?', ['«' + NBSP, 4, -1, 1, NBSP + '»'], [6, NNBSP, 3]);
  add('Œuvre and à l’échelle: replace, then delete an accented word', 'oeuvre a l’echelle', ['Œ', -2, 5, 'à', -1, 3, 'é', -1, 6], [6, -2, 9]);
  add('CJK Extension B and CJK: insert 𠀀, then delete 中', '中文', [2, EXT_B], [-1, 3]);

  const big = LONG.big;
  add('a 5,000-unit insert, then delete 1,000 units from its middle', '', [big], [2000, -1000, 2000]);
  add('a 5,000-unit insert, then delete all of it', '', [big], [-big.length]);
  const rngL = makeRng(0xc0305e);
  const la = longOp(rngL, LONG.doc);
  const lb = longOp(rngL, otApply(LONG.doc, la));
  add(`two 100+-component ops (${la.length} and ${lb.length}) over a ${LONG.doc.length}-unit doc`, LONG.doc, la, lb);
  add(`${la.length}-component op, then delete everything`, LONG.doc, la, [-otApply(LONG.doc, la).length]);

  const rng = makeRng(0xc0307);
  for (let k = 1; k <= 100; k++) {
    const mix = randomMix(rng);
    const doc = randomText(rng, mix, randomDocTokens(rng));
    const sa = rng.pick(STYLE_NAMES);
    const sb = rng.pick(STYLE_NAMES);
    const a = randomOp(rng, doc, mix, sa);
    const b = randomOp(rng, otApply(doc, a), mix, sb);
    add(`random ${k}: ${sa} a (${describeOp(a)}) then ${sb} b (${describeOp(b)}) on ${describeDoc(doc, mix)}`, doc, a, b);
  }
  return out;
}

// ---------------------------------------------------------------------------
// transform.json

function buildTransform() {
  const out = [];
  const add = (c, d, a, b) => out.push(transformCase(c, d, a, b));

  add('two empty ops on the empty doc', '', [], []);
  add('a inserts into the empty doc, b does nothing', '', ['x'], []);
  add('a does nothing, b inserts into the empty doc', '', [], ['y']);
  add('tie-break on the empty doc: a inserts "x", b inserts "y"', '', ['x'], ['y']);
  add('tie-break on the empty doc, other order: a inserts "y", b inserts "x"', '', ['y'], ['x']);
  add('tie-break in the middle: both insert at 2', 'abcd', [2, 'X', 2], [2, 'Y', 2]);
  add('tie-break in the middle, other order', 'abcd', [2, 'Y', 2], [2, 'X', 2]);
  add('tie-break at the start', 'abc', ['1', 3], ['2', 3]);
  add('tie-break at the end', 'abc', [3, '1'], [3, '2']);
  add('tie-break with identical inserts', 'ab', [1, 'same', 1], [1, 'same', 1]);
  add('inserts at different positions', 'abcd', [1, 'X', 3], [3, 'Y', 1]);
  add('retain-only a vs an edit', 'abcd', [4], [1, 'zz', -2, 1]);
  add('overlapping deletes, partial: a deletes bcd, b deletes cde', 'abcdef', [1, -3, 2], [2, -3, 1]);
  add('overlapping deletes, partial, other order', 'abcdef', [2, -3, 1], [1, -3, 2]);
  add('identical deletes', 'abcdef', [1, -3, 2], [1, -3, 2]);
  add('nested deletes: a deletes bcde, b deletes cd', 'abcdef', [1, -4, 1], [2, -2, 2]);
  add('nested deletes: a deletes cd, b deletes bcde', 'abcdef', [2, -2, 2], [1, -4, 1]);
  add('adjacent deletes that do not overlap', 'abcdef', [1, -2, 3], [3, -2, 1]);
  add('delete vs insert inside the deleted range', 'abcdef', [1, -4, 1], [3, 'X', 3]);
  add('insert inside the range the other op deletes (other order)', 'abcdef', [3, 'X', 3], [1, -4, 1]);
  add('insert at the start of the deleted range', 'abcdef', [1, -3, 2], [1, 'X', 5]);
  add('insert at the end of the deleted range', 'abcdef', [1, -3, 2], [4, 'X', 2]);
  add('insert at the end of the deleted range (other order)', 'abcdef', [4, 'X', 2], [1, -3, 2]);
  add('a deletes everything, b inserts at the end', 'abc', [-3], [3, '!']);
  add('both delete everything', 'abc', [-3], [-3]);
  add('both replace the same range', 'abcd', [1, 'X', -2, 1], [1, 'Y', -2, 1]);
  add('a replaces a range, b deletes part of it and inserts after', 'abcdef', [1, 'XY', -3, 2], [2, -1, 2, 'Z', 1]);
  add('emoji: a inserts between two 😀, b deletes the second', GRIN + GRIN, [2, 'a', 2], [2, -2]);
  add('emoji: both insert emoji at the same place', 'x', [1, GRIN], [1, CLEF]);
  add('ZWJ family: a deletes it, b inserts inside it at a code-point boundary', `(${FAMILY})`, [1, -8, 1], [4, '👦', 6]);
  add('flags: a inserts 🇫🇷, b inserts 🇨🇦 at the same place', 'drapeaux ', [9, FLAG_FR], [9, '🇨🇦']);
  add('CJK Extension B: overlapping deletes over 𠀀𠀁𠀂', '𠀀𠀁𠀂', [-4, 2], [2, -4]);
  add('combining marks: a adds U+0301 after e, b deletes the e', 'cafe', [4, '\u0301'], [3, -1]);
  add('combining marks: both add a mark after n', 'pina', [3, '\u0303', 1], [3, '\u0301', 1]);
  add("French: a fixes l'experimentation's accent, b capitalises the article", "l'experimentation", [5, 'é', -1, 11], ['L', -1, 16]);
  add('French: a adds « » with U+00A0, b replaces a space with U+202F', 'dit oui ; non', [4, '«' + NBSP, 3, NBSP + '»', 6], [7, NNBSP, -1, 5]);
  add('French: Œuvre vs à l’échelle edits touching the same word', 'oeuvre a l’echelle', ['Œ', -2, 16], [7, 'à', -1, 10]);

  const big = LONG.big;
  add('a 5,000-unit insert vs deleting the whole doc', 'doc', [big, 3], [-3]);
  add('two 5,000-unit inserts at the same position (tie-break)', '', [big], [big.slice(0, 1000)]);
  const rngL = makeRng(0x7a45f0);
  const la = longOp(rngL, LONG.doc);
  const lb = longOp(rngL, LONG.doc);
  add(`two 100+-component ops (${la.length} and ${lb.length}) over a ${LONG.doc.length}-unit doc`, LONG.doc, la, lb);
  add(`${la.length}-component op vs deleting the whole long doc`, LONG.doc, la, [-LONG.doc.length]);

  const rng = makeRng(0x7a45);
  for (let k = 1; k <= 120; k++) {
    const mix = randomMix(rng);
    const doc = randomText(rng, mix, randomDocTokens(rng));
    let a;
    let b;
    let how;
    if (rng.chance(0.4)) {
      const points = sharedPoints(rng, doc);
      a = alignedOp(rng, doc, points, mix);
      b = alignedOp(rng, doc, points, mix);
      how = `ops cut at shared points ${J(points)}`;
    } else {
      const sa = rng.pick(STYLE_NAMES);
      const sb = rng.pick(STYLE_NAMES);
      a = randomOp(rng, doc, mix, sa);
      b = randomOp(rng, doc, mix, sb);
      how = `${sa} a vs ${sb} b`;
    }
    add(`random ${k}: ${how} (${describeOp(a)}, ${describeOp(b)}) on ${describeDoc(doc, mix)}`, doc, a, b);
  }
  return out;
}

// ---------------------------------------------------------------------------
// invert.json

function buildInvert() {
  const out = [];
  const add = (c, d, o) => out.push(invertCase(c, d, o));

  add('empty op on the empty doc', '', []);
  add('insert into the empty doc inverts to a delete', '', ['abc']);
  add('retain-only op inverts to itself', 'abc', [3]);
  add('delete the whole doc inverts to inserting it back', 'abc', [-3]);
  add('insert at the start', 'bc', ['a', 2]);
  add('insert at the end', 'ab', [2, 'c']);
  add('replace a word', 'le chat noir', [3, 'chien', -4, 5]);
  add('several edits', 'abcdef', [1, -1, 1, 'X', 2, 'Y', -1]);
  add('delete an emoji', `a${GRIN}b`, [1, -2, 1]);
  add('insert 𝄞 and CJK Extension B', 'ab', [1, CLEF + EXT_B, 1]);
  add('delete the ZWJ family sequence', `${FAMILY}!`, [-8, 1]);
  add('delete one regional indicator of 🇫🇷 (a code-point boundary)', FLAG_FR, [2, -2]);
  add('delete a combining mark', 'n\u0303o', [1, -1, 1]);
  add('replace precomposed é by e + U+0301', 'café', [3, 'e\u0301', -1]);
  add("French: l'expérimentation à l'échelle, delete the accented parts", "l'expérimentation à l'échelle", [5, -1, 12, -2, 2, -1, 6]);
  add('French: « guillemets » with U+00A0 and U+202F removed', `«${NBSP}oui${NBSP}»${NNBSP};`, [-2, 3, -3, 1]);
  add('French: Œuvre and ç', 'Oeuvre francaise', ['Œ', -2, 9, 'ç', -1, 4]);
  add('a 5,000-unit insert inverts to a 5,000-unit delete', '', [LONG.big]);
  add(`delete the whole ${LONG.doc.length}-unit doc inverts to a long insert`, LONG.doc, [-LONG.doc.length]);
  const lop = longOp(makeRng(0x1e7e57), LONG.doc);
  add(`a ${lop.length}-component op on a ${LONG.doc.length}-unit doc`, LONG.doc, lop);

  const rng = makeRng(0x1e7);
  for (let k = 1; k <= 70; k++) {
    const mix = randomMix(rng);
    const doc = randomText(rng, mix, randomDocTokens(rng));
    const style = rng.pick(STYLE_NAMES);
    const op = randomOp(rng, doc, mix, style);
    add(`random ${k}: ${style} op with ${describeOp(op)} on ${describeDoc(doc, mix)}`, doc, op);
  }
  return out;
}

// ---------------------------------------------------------------------------
// position.json

function interestingPositions(rng, op, doc) {
  const base = baseLength(op);
  const set = new Set([0, base]);
  const b = codePointBoundaries(doc);
  let p = 0;
  for (const c of op) {
    if (isInsert(c)) {
      set.add(p);
    } else if (isRetain(c)) {
      p += c;
    } else {
      const s = p;
      const e = p - c;
      set.add(s);
      set.add(e);
      const inside = b.filter((x) => x > s && x < e);
      if (inside.length) set.add(rng.pick(inside));
      p = e;
    }
  }
  set.add(rng.pick(b));
  let list = [...set].sort((x, y) => x - y);
  // Keep at most 5, always including the two ends.
  while (list.length > 5) list.splice(1 + rng.int(list.length - 2), 1);
  return list;
}

function buildPosition() {
  const out = [];
  // Every position 0..base, or only the code-point boundaries of a sample doc.
  const every = (label, op, doc) => {
    const base = baseLength(op);
    const positions = doc === undefined ? Array.from({ length: base + 1 }, (_, i) => i) : codePointBoundaries(doc);
    assert(doc === undefined || doc.length === base, `${label}: sample doc does not match the op`);
    for (const pos of positions) {
      for (const st of ['after', 'before']) out.push(positionCase(label, op, pos, st));
    }
  };

  every('empty op on the empty doc', []);
  every('insert into the empty doc', ['abc']);
  every('retain-only op', [3]);
  every('insert at the start', ['ab', 3]);
  every('insert at the end', [3, 'ab']);
  every('insert in the middle then delete', [2, 'xy', -3, 1]);
  every('replace at the start', ['ab', -2, 2]);
  every('delete then insert at the end', [1, -2, 1, 'Z']);
  every('delete everything', [-3]);
  every('replace everything', ['new', -3]);
  every('inserts at both ends', ['x', 3, 'y']);
  every('several replacements', [1, 'ab', -1, 1, 'cd', -1, 1]);
  every('insert an emoji (2 units) between two emoji', [2, GRIN, 2], '🙂🎉');
  every(`delete the ZWJ family sequence (8 units) from "(${FAMILY})", code-point boundaries only`, [1, -8, 1], `(${FAMILY})`);
  every(`replace 🇫🇷 by 🇨🇦 in "${FLAG_FR}!", code-point boundaries only`, ['🇨🇦', -4, 1], `${FLAG_FR}!`);

  const rngL = makeRng(0x905170);
  const lop = longOp(rngL, LONG.doc);
  for (const pos of interestingPositions(rngL, lop, LONG.doc)) {
    for (const st of ['after', 'before']) out.push(positionCase(`${lop.length}-component op on a ${LONG.doc.length}-unit doc`, lop, pos, st));
  }
  for (const pos of [0, 2500, 5000]) {
    for (const st of ['after', 'before']) out.push(positionCase('5,000-unit insert into the doc', [2500, LONG.big, 2500], pos, st));
  }

  const rng = makeRng(0x9051);
  for (let k = 1; k <= 20; k++) {
    const mix = randomMix(rng);
    const doc = randomText(rng, mix, randomDocTokens(rng));
    const style = rng.pick(STYLE_NAMES);
    const op = randomOp(rng, doc, mix, style);
    const label = `random ${k}: ${style} op with ${describeOp(op)} on ${describeDoc(doc, mix)}`;
    for (const pos of interestingPositions(rng, op, doc)) {
      for (const st of ['after', 'before']) out.push(positionCase(label, op, pos, st));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Main

const BUILDERS = {
  'apply.json': buildApply,
  'compose.json': buildCompose,
  'transform.json': buildTransform,
  'invert.json': buildInvert,
  'position.json': buildPosition,
};

function render(cases) {
  return `[\n${cases.map((c) => J(c)).join(',\n')}\n]\n`;
}

function describeDiff(file, have, want) {
  const keys = [...new Set([...Object.keys(have ?? {}), ...Object.keys(want ?? {})])];
  const parts = [];
  for (const k of keys) {
    if (J(have?.[k]) !== J(want?.[k])) {
      parts.push(`${k}: file has ${short(have?.[k] === undefined ? '(absent)' : J(have[k]))}, generator gives ${short(want?.[k] === undefined ? '(absent)' : J(want[k]))}`);
    }
  }
  if (!parts.length && J(have) !== J(want)) parts.push('field order differs from the generator');
  return parts.join('; ');
}

function generateAll() {
  const all = {};
  for (const f of FILES) all[f] = BUILDERS[f]();
  return all;
}

if (!CHECK) {
  const all = generateAll();
  let total = 0;
  for (const f of FILES) {
    writeFileSync(join(DIR, f), render(all[f]));
    console.log(`${f}: ${all[f].length} cases`);
    total += all[f].length;
  }
  console.log(`total: ${total} cases`);
  process.exit(0);
}

let passed = 0;
let failed = 0;
let generated = null;
try {
  generated = generateAll();
} catch (e) {
  console.log(`FAIL regeneration: ${e.message}`);
  failed++;
}

for (const f of FILES) {
  const path = join(DIR, f);
  const want = generated?.[f];
  if (!existsSync(path)) {
    console.log(`FAIL ${f}: missing (run node generate.mjs)`);
    failed += want ? want.length : 1;
    continue;
  }
  const text = readFileSync(path, 'utf8');
  let cases;
  try {
    cases = JSON.parse(text);
  } catch (e) {
    console.log(`FAIL ${f}: not valid JSON: ${e.message}`);
    failed += want ? want.length : 1;
    continue;
  }
  if (!Array.isArray(cases)) {
    console.log(`FAIL ${f}: not a JSON array`);
    failed += want ? want.length : 1;
    continue;
  }
  let fileFailed = 0;
  const n = Math.max(cases.length, want ? want.length : 0);
  for (let i = 0; i < n; i++) {
    const c = cases[i];
    const g = want?.[i];
    const problems = [];
    if (i >= cases.length) {
      problems.push('missing from the checked-in file (the generator produces it)');
    } else {
      if (want) {
        if (i >= want.length) problems.push('not produced by the generator');
        else if (J(c) !== J(g)) problems.push(`differs from the regenerated case: ${describeDiff(f, c, g)}`);
      }
      problems.push(...verifyCase(f, c));
    }
    if (problems.length) {
      fileFailed++;
      const comment = (c && typeof c.comment === 'string' ? c.comment : g?.comment) ?? '?';
      console.log(`FAIL ${f} #${i} (${comment}):`);
      for (const p of problems) console.log(`  - ${p}`);
    } else {
      passed++;
    }
  }
  if (want && fileFailed === 0 && text !== render(want)) {
    console.log(`FAIL ${f}: layout differs from the generator output (run node generate.mjs)`);
    fileFailed++;
  }
  failed += fileFailed;
}

console.log(`vectors: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
