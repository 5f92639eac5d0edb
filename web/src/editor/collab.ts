/**
 * Binds a CodeMirror view to a document session: the user's transactions become operations sent
 * to the session; the session's operations become transactions marked as remote, which are neither
 * sent back nor recorded in the undo history (so undo only undoes one's own changes).
 */
import { Annotation, Transaction, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { TextOperation } from '../ot/text-operation';
import { changesFromOperation, operationFromChanges } from './changes';

/** What the binding needs from a DocumentSession. */
export interface SessionPort {
  local(op: TextOperation): void;
  setSelection(selection: [number, number] | null): void;
}

/** Marks a transaction that came from the server. */
export const remoteChange = Annotation.define<boolean>();

export function collab(session: SessionPort): Extension {
  return EditorView.updateListener.of((update) => {
    for (const tr of update.transactions) {
      if (tr.docChanged && tr.annotation(remoteChange) !== true) {
        session.local(operationFromChanges(tr.changes));
      }
    }
    const local = update.transactions.some((tr) => tr.annotation(remoteChange) !== true);
    if (update.selectionSet && local) {
      const { anchor, head } = update.state.selection.main;
      session.setSelection([anchor, head]);
    }
  });
}

/** Applies an operation that the session received (already transformed to the local text). */
export function applyRemote(view: EditorView, op: TextOperation): void {
  if (op.baseLength !== view.state.doc.length) {
    throw new Error(`remote operation of base length ${op.baseLength} on a text of length ${view.state.doc.length}`);
  }
  view.dispatch({
    changes: changesFromOperation(op),
    annotations: [remoteChange.of(true), Transaction.addToHistory.of(false), Transaction.remote.of(true)],
  });
}

/** Replaces the whole text with the server's (a stale local copy), outside the undo history. */
export function replaceText(view: EditorView, text: string): void {
  if (view.state.doc.toString() === text) {
    return;
  }
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    annotations: [remoteChange.of(true), Transaction.addToHistory.of(false), Transaction.remote.of(true)],
  });
}
