/**
 * Editing one perspective's definition without losing anyone's words. A save is made on the
 * version the writer started from (`baseVersion`); when someone saved in between, the server
 * refuses it (409) with the current definition, and the draft moves to the `conflict` state: the
 * writer's text is kept as it is, the other text is shown beside it, and the next save is made on
 * the current version — so it can only replace what the writer has seen.
 */
import type { Definition } from '../api';

export type DraftState =
  | { readonly kind: 'editing'; readonly baseVersion: number; readonly text: string }
  | {
      readonly kind: 'conflict';
      readonly baseVersion: number;
      /** What the writer typed, untouched. */
      readonly text: string;
      /** What is there now (null: the perspective has no definition, e.g. the writer saved on a stale version 1). */
      readonly theirs: Definition | null;
    }
  | { readonly kind: 'saved'; readonly definition: Definition };

export function startDraft(current: Definition | undefined): DraftState {
  return { kind: 'editing', baseVersion: current?.version ?? 0, text: current?.text ?? '' };
}

/** The writer typed: the text changes, the version the save is made on does not. */
export function edit(state: DraftState, text: string): DraftState {
  return state.kind === 'saved' ? { kind: 'editing', baseVersion: state.definition.version, text } : { ...state, text };
}

/**
 * The server refused the save with `current`. If it already says exactly what the writer wrote,
 * there is nothing to merge; otherwise the writer sees both and saves on `current`'s version.
 */
export function onConflict(state: DraftState, current: Definition | null): DraftState {
  const text = state.kind === 'saved' ? state.definition.text : state.text;
  if (current !== null && current.text === text) {
    return { kind: 'saved', definition: current };
  }
  return { kind: 'conflict', baseVersion: current?.version ?? 0, text, theirs: current };
}

export function onSaved(definition: Definition): DraftState {
  return { kind: 'saved', definition };
}

/** Both texts one after the other: a starting point for a merge that drops no one's words. */
export function keepBoth(mine: string, theirs: string): string {
  const a = mine.trim();
  const b = theirs.trim();
  if (a === '' || a === b) {
    return b;
  }
  if (b === '' || a.includes(b)) {
    return a;
  }
  return `${b}\n\n${a}`;
}
