/**
 * CodeMirror changes ↔ text operations. Both count UTF-16 code units from the start of the
 * document, so a position means the same thing on both sides.
 *
 * Invariant (tested): for a change set `c` on document `d`,
 * `operationFromChanges(c).apply(d) === c.apply(d)`, and for an operation `o` that applies to `d`,
 * `d` with `changesFromOperation(o)` dispatched equals `o.apply(d)`.
 */
import type { ChangeSet, ChangeSpec } from '@codemirror/state';
import { TextOperation } from '../ot/text-operation';

/** The operation doing what `changes` does (its base length is `changes.length`). */
export function operationFromChanges(changes: ChangeSet): TextOperation {
  const op = TextOperation.builder();
  let pos = 0;
  changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    op.retain(fromA - pos);
    op.insert(inserted.toString());
    op.delete(toA - fromA);
    pos = toA;
  });
  op.retain(changes.length - pos);
  return op.build();
}

/**
 * The change specs doing what `op` does, every position relative to the document before the
 * operation (as one CodeMirror transaction expects them).
 */
export function changesFromOperation(op: TextOperation): ChangeSpec[] {
  const changes: { from: number; to: number; insert: string }[] = [];
  let pos = 0;
  for (const component of op.components) {
    if (typeof component === 'string') {
      changes.push({ from: pos, to: pos, insert: component });
    } else if (component > 0) {
      pos += component;
    } else {
      const last = changes[changes.length - 1];
      // an insert directly followed by a delete at the same place is one replacement
      if (last !== undefined && last.to === pos) {
        last.to = pos - component;
      } else {
        changes.push({ from: pos, to: pos - component, insert: '' });
      }
      pos -= component;
    }
  }
  return changes;
}
