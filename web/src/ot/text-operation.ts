/**
 * Text operations with exactly the semantics of ot.js 0.0.15's `TextOperation` (PROTOCOL.md §2),
 * mirroring the Java `io.cahier.protocol.ot.TextOperation`. Lengths count UTF-16 code units.
 *
 * Invariants, held by every instance (a {@link TextOperationBuilder} is the only way to make one):
 * - canonical form: no empty component, adjacent components of one kind merged, and where an insert
 *   and a delete meet the insert comes first;
 * - no inserted string holds an unpaired surrogate;
 * - `baseLength` = retains + deletes, `targetLength` = retains + inserts, both ≤ 2^31 − 1.
 *
 * Laws (tested with seeded random operations in `text-operation.laws.test.ts`):
 * - `b.apply(a.apply(s)) === a.compose(b).apply(s)`
 * - with `[a1, b1] = transform(a, b)`: `b1.apply(a.apply(s)) === a1.apply(b.apply(s))`, and a's
 *   insert goes first when both insert at one place;
 * - `a.invert(s).apply(a.apply(s)) === s`.
 */

/** Why an operation was refused: the `reason` of a `bad-op` error and the vectors' `error` strings. */
export type InvalidOperationReason = 'base-length' | 'bad-component' | 'splits-surrogate' | 'unpaired-surrogate';

/** An operation that cannot be built or cannot be applied; thrown before anything is changed. */
export class InvalidOperationError extends Error {
  readonly reason: InvalidOperationReason;

  constructor(reason: InvalidOperationReason, message: string) {
    super(message);
    this.name = 'InvalidOperationError';
    this.reason = reason;
  }
}

/**
 * Which way a position moves when text is inserted exactly at it: `after` is ot.js's caret
 * behaviour (`Selection.Range.transform`), `before` keeps it in front of the new text.
 */
export type Stickiness = 'before' | 'after';

/** A wire component: positive retains, a non-empty string inserts, negative deletes. */
export type Component = number | string;

/** The largest count or length an operation may hold (Java's `int`). */
const MAX_LENGTH = 2147483647;

export class TextOperation {
  /** The components in ot.js wire form; never mutated. */
  readonly #ops: readonly Component[];
  readonly baseLength: number;
  readonly targetLength: number;

  /** @internal only the builder calls this, with canonical components. */
  constructor(ops: readonly Component[], baseLength: number, targetLength: number, token: typeof BUILD) {
    if (token !== BUILD) {
      throw new TypeError('use TextOperation.builder() or TextOperation.fromJSON()');
    }
    this.#ops = ops;
    this.baseLength = baseLength;
    this.targetLength = targetLength;
  }

  static builder(): TextOperationBuilder {
    return new TextOperationBuilder();
  }

  /** The operation that leaves a document of `length` units unchanged. */
  static identity(length: number): TextOperation {
    return new TextOperationBuilder().retain(length).build();
  }

  /** Inserts `text` at `position` of a document of `length` units. */
  static insertAt(length: number, position: number, text: string): TextOperation {
    return new TextOperationBuilder().retain(position).insert(text).retain(length - position).build();
  }

  /** Deletes `count` units at `position` of a document of `length` units. */
  static deleteAt(length: number, position: number, count: number): TextOperation {
    return new TextOperationBuilder().retain(position).delete(count).retain(length - position - count).build();
  }

  /** Replaces the units `from..to` of a document of `length` units with `text` (what an editor change is). */
  static replace(length: number, from: number, to: number, text: string): TextOperation {
    if (from < 0 || to < from || to > length) {
      throw new RangeError(`range ${from}..${to} outside 0..${length}`);
    }
    return new TextOperationBuilder().retain(from).insert(text).delete(to - from).retain(length - to).build();
  }

  /**
   * Decodes a wire operation. Non-canonical input is normalised as ot.js's `fromJSON` does (merge
   * neighbours, move an insert in front of the delete it follows); meaningless components are
   * refused with `bad-component`, inserts holding half a surrogate pair with `unpaired-surrogate`.
   */
  static fromJSON(json: unknown): TextOperation {
    if (!Array.isArray(json)) {
      throw new InvalidOperationError('bad-component', 'an operation must be a JSON array');
    }
    const builder = new TextOperationBuilder();
    json.forEach((component: unknown, i) => {
      if (typeof component === 'string') {
        if (component.length === 0) {
          throw bad(i, 'an empty string inserts nothing');
        }
        builder.insert(component);
      } else if (typeof component === 'number') {
        if (!Number.isInteger(component) || Math.abs(component) > MAX_LENGTH) {
          throw bad(i, `counts must be integers between -${MAX_LENGTH} and ${MAX_LENGTH}, not ${component}`);
        }
        if (component === 0) {
          throw bad(i, 'zero retains or deletes nothing');
        }
        if (component > 0) {
          builder.retain(component);
        } else {
          builder.delete(-component);
        }
      } else {
        throw bad(i, `expected an integer or a string, not ${component === null ? 'null' : typeof component}`);
      }
    });
    return builder.build();
  }

  /** The ot.js wire form (a fresh array). */
  toJSON(): Component[] {
    return this.#ops.slice();
  }

  /** The components, read-only. */
  get components(): readonly Component[] {
    return this.#ops;
  }

  toString(): string {
    return JSON.stringify(this.#ops);
  }

  /** True when the operation changes nothing. */
  isNoop(): boolean {
    const ops = this.#ops;
    return ops.length === 0 || (ops.length === 1 && isRetain(ops[0]));
  }

  equals(other: TextOperation): boolean {
    const a = this.#ops;
    const b = other.#ops;
    return a.length === b.length && a.every((c, i) => c === b[i]);
  }

  /**
   * Checks that this operation applies to `doc`: base length equal to the document's length and no
   * retain or delete boundary inside a surrogate pair.
   */
  checkAppliesTo(doc: string): void {
    if (doc.length !== this.baseLength) {
      throw new InvalidOperationError(
        'base-length',
        `the operation's base length ${this.baseLength} differs from the document's length ${doc.length}`,
      );
    }
    let position = 0;
    for (const c of this.#ops) {
      if (typeof c === 'number') {
        position += Math.abs(c);
        if (splitsPair(doc, position)) {
          throw new InvalidOperationError(
            'splits-surrogate',
            `the operation cuts a character in two at position ${position}`,
          );
        }
      }
    }
  }

  /** Applies this operation to `doc` and returns the new text. */
  apply(doc: string): string {
    this.checkAppliesTo(doc);
    const parts: string[] = [];
    let index = 0;
    for (const c of this.#ops) {
      if (typeof c === 'string') {
        parts.push(c);
      } else if (c > 0) {
        parts.push(doc.slice(index, index + c));
        index += c;
      } else {
        index -= c;
      }
    }
    return parts.join('');
  }

  /** The operation that undoes this one on `doc` (the document this one applies to). */
  invert(doc: string): TextOperation {
    this.checkAppliesTo(doc);
    const inverse = new TextOperationBuilder();
    let index = 0;
    for (const c of this.#ops) {
      if (typeof c === 'string') {
        inverse.delete(c.length);
      } else if (c > 0) {
        inverse.retain(c);
        index += c;
      } else {
        inverse.insert(doc.slice(index, index - c));
        index -= c;
      }
    }
    return inverse.build();
  }

  /** The single operation with the effect of this one followed by `next`. */
  compose(next: TextOperation): TextOperation {
    if (this.targetLength !== next.baseLength) {
      throw new InvalidOperationError(
        'base-length',
        `the second operation's base length ${next.baseLength} differs from the first one's target length ${this.targetLength}`,
      );
    }
    const out = new TextOperationBuilder();
    const a = new Cursor(this.#ops);
    const b = new Cursor(next.#ops);
    for (;;) {
      const x = a.current;
      const y = b.current;
      if (x === undefined && y === undefined) {
        break;
      }
      if (x !== undefined && isDelete(x)) {
        out.delete(-x);
        a.next();
        continue;
      }
      if (y !== undefined && typeof y === 'string') {
        out.insert(y);
        b.next();
        continue;
      }
      if (x === undefined || y === undefined) {
        throw new InvalidOperationError('base-length', 'operations of mismatched lengths');
      }
      const n = Math.min(length(x), length(y));
      if (typeof x === 'number') {
        // x retains
        if (y > 0) {
          out.retain(n);
        } else {
          out.delete(n);
        }
      } else if (y > 0) {
        // x inserts, y retains it
        out.insert(x.slice(0, n));
      }
      // x inserts and y deletes the same characters: they cancel out
      a.consume(n);
      b.consume(n);
    }
    return out.build();
  }

  /**
   * Transforms concurrent operations on one document: `[a1, b1]` with
   * `b1.apply(a.apply(s)) === a1.apply(b.apply(s))`. When both insert at one position, a's insert
   * comes first (ot.js's tie-break).
   */
  static transform(a: TextOperation, b: TextOperation): [TextOperation, TextOperation] {
    if (a.baseLength !== b.baseLength) {
      throw new InvalidOperationError(
        'base-length',
        `concurrent operations of different base lengths ${a.baseLength} and ${b.baseLength}`,
      );
    }
    const a1 = new TextOperationBuilder();
    const b1 = new TextOperationBuilder();
    const p = new Cursor(a.#ops);
    const q = new Cursor(b.#ops);
    for (;;) {
      const x = p.current;
      const y = q.current;
      if (x === undefined && y === undefined) {
        break;
      }
      if (x !== undefined && typeof x === 'string') {
        a1.insert(x);
        b1.retain(x.length);
        p.next();
        continue;
      }
      if (y !== undefined && typeof y === 'string') {
        a1.retain(y.length);
        b1.insert(y);
        q.next();
        continue;
      }
      if (x === undefined || y === undefined) {
        throw new InvalidOperationError('base-length', 'operations of mismatched lengths');
      }
      const n = Math.min(Math.abs(x), Math.abs(y));
      if (x > 0 && y > 0) {
        a1.retain(n);
        b1.retain(n);
      } else if (x < 0 && y > 0) {
        a1.delete(n);
      } else if (x > 0 && y < 0) {
        b1.delete(n);
      }
      // both delete the same characters: neither needs to any more
      p.consume(n);
      q.consume(n);
    }
    return [a1.build(), b1.build()];
  }

  /**
   * Where position `pos` of the base document is in the target document. A position inside a
   * deleted range moves to where the range was; an insert exactly at `pos` moves it after the new
   * text with `after` (ot.js's caret behaviour) and leaves it in front with `before`.
   */
  transformPosition(pos: number, stickiness: Stickiness): number {
    if (!Number.isInteger(pos) || pos < 0 || pos > this.baseLength) {
      throw new RangeError(`position ${pos} outside 0..${this.baseLength}`);
    }
    let ahead = pos; // distance from the walk's cursor in the base document to pos
    let result = pos;
    for (const c of this.#ops) {
      if (ahead < 0) {
        break;
      }
      if (typeof c === 'string') {
        if (ahead > 0 || stickiness === 'after') {
          result += c.length;
        }
      } else if (c > 0) {
        ahead -= c;
      } else {
        result -= Math.min(ahead, -c);
        ahead += c;
      }
    }
    return result;
  }
}

/** `op.transformPosition(pos, stickiness)`, as a function. */
export function transformPosition(pos: number, op: TextOperation, stickiness: Stickiness): number {
  return op.transformPosition(pos, stickiness);
}

/** A caret or selection `[anchor, head]` in UTF-16 units. */
export type Selection = readonly [number, number];

/**
 * Moves a selection through `op` as ot.js's `Selection.Range.transform` does: both ends stick
 * after text inserted exactly at them.
 */
export function transformSelection(selection: Selection, op: TextOperation): [number, number] {
  const anchor = op.transformPosition(selection[0], 'after');
  const head = selection[1] === selection[0] ? anchor : op.transformPosition(selection[1], 'after');
  return [anchor, head];
}

/**
 * Builds an operation component by component, keeping it canonical as ot.js's
 * `retain`/`insert`/`delete` do: empty components are dropped, neighbours of one kind merged, and an
 * insert that follows a delete is placed before it.
 */
export class TextOperationBuilder {
  #ops: Component[] | null = [];
  #baseLength = 0;
  #targetLength = 0;

  retain(n: number): this {
    const ops = this.#open();
    checkCount(n, 'retain');
    if (n === 0) {
      return this;
    }
    this.#baseLength = grow(this.#baseLength, n);
    this.#targetLength = grow(this.#targetLength, n);
    const last = ops.length - 1;
    const prev = ops[last];
    if (prev !== undefined && isRetain(prev)) {
      ops[last] = prev + n;
    } else {
      ops.push(n);
    }
    return this;
  }

  insert(text: string): this {
    const ops = this.#open();
    if (text.length === 0) {
      return this;
    }
    checkPaired(text);
    this.#targetLength = grow(this.#targetLength, text.length);
    const last = ops.length - 1;
    const prev = ops[last];
    if (typeof prev === 'string') {
      ops[last] = prev + text;
    } else if (prev !== undefined && isDelete(prev)) {
      // canonical order: the insert goes before the delete it meets
      const beforeDelete = ops[last - 1];
      if (typeof beforeDelete === 'string') {
        ops[last - 1] = beforeDelete + text;
      } else {
        ops[last] = text;
        ops.push(prev);
      }
    } else {
      ops.push(text);
    }
    return this;
  }

  delete(n: number): this {
    const ops = this.#open();
    checkCount(n, 'delete');
    if (n === 0) {
      return this;
    }
    this.#baseLength = grow(this.#baseLength, n);
    const last = ops.length - 1;
    const prev = ops[last];
    if (prev !== undefined && isDelete(prev)) {
      ops[last] = prev - n;
    } else {
      ops.push(-n);
    }
    return this;
  }

  build(): TextOperation {
    const ops = this.#open();
    this.#ops = null; // the operation owns the array now: it must stay immutable
    return new TextOperation(ops, this.#baseLength, this.#targetLength, BUILD);
  }

  #open(): Component[] {
    if (this.#ops === null) {
      throw new Error('this builder has already built its operation');
    }
    return this.#ops;
  }
}

const BUILD: unique symbol = Symbol('TextOperation.build');

/** Walks an operation's components, letting the walk consume part of the current one. */
class Cursor {
  readonly #ops: readonly Component[];
  #index = 0;
  current: Component | undefined;

  constructor(ops: readonly Component[]) {
    this.#ops = ops;
    this.current = ops[0];
  }

  next(): void {
    this.#index++;
    this.current = this.#ops[this.#index];
  }

  /** Consumes `n` units of the current component (n ≤ its length). */
  consume(n: number): void {
    const c = this.current;
    if (c === undefined) {
      return;
    }
    if (length(c) === n) {
      this.next();
    } else if (typeof c === 'string') {
      this.current = c.slice(n);
    } else {
      this.current = c > 0 ? c - n : c + n;
    }
  }
}

function isRetain(c: Component | undefined): c is number {
  return typeof c === 'number' && c > 0;
}

function isDelete(c: Component): c is number {
  return typeof c === 'number' && c < 0;
}

function length(c: Component): number {
  return typeof c === 'string' ? c.length : Math.abs(c);
}

function bad(index: number, why: string): InvalidOperationError {
  return new InvalidOperationError('bad-component', `component ${index}: ${why}`);
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_LENGTH) {
    throw new InvalidOperationError('bad-component', `${what} of an invalid count ${n}`);
  }
}

function grow(length: number, n: number): number {
  const sum = length + n;
  if (sum > MAX_LENGTH) {
    throw new InvalidOperationError('base-length', 'operation longer than any document (2^31-1 units)');
  }
  return sum;
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** True when `position` falls between the two halves of a surrogate pair of `doc`. */
function splitsPair(doc: string, position: number): boolean {
  return position > 0 && position < doc.length && isHigh(doc.charCodeAt(position - 1)) && isLow(doc.charCodeAt(position));
}

function checkPaired(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHigh(c) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      i++;
    } else if (isHigh(c) || isLow(c)) {
      throw new InvalidOperationError('unpaired-surrogate', `inserted text has an unpaired surrogate at offset ${i}`);
    }
  }
}
