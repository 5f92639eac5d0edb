/**
 * The editor's glossary layer: every occurrence of a term or alias of the attached glossaries is
 * marked (`.cahier-term`, `data-entry`, `data-status`), and hovering one — or pressing F2 with the
 * caret on one — shows its card.
 *
 * Cost on a 100,000-character document: the occurrences are kept in a StateField, updated on each
 * transaction by the matcher's `rescan` around the change (not a full scan), and only the
 * occurrences inside the visible ranges become decorations.
 */
import { StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  hoverTooltip,
  keymap,
  showTooltip,
  type DecorationSet,
  type Tooltip,
  type ViewUpdate,
} from '@codemirror/view';
import type { EntryStatus } from '../api';
import { GlossaryIndex } from './glossary-index';
import { GlossaryMatcher, type Occurrence } from './matcher';
import { changeSpan, occurrenceAt, occurrencesIn } from './occurrences';

export interface TermState {
  readonly index: GlossaryIndex;
  readonly matcher: GlossaryMatcher;
  readonly occurrences: readonly Occurrence[];
}

/** New glossaries (after a load or a `glossary` message): the text is scanned again in full. */
export const setGlossaries = StateEffect.define<GlossaryIndex>();

const EMPTY: TermState = { index: GlossaryIndex.EMPTY, matcher: new GlossaryMatcher([]), occurrences: [] };

export const termField = StateField.define<TermState>({
  create: () => EMPTY,
  update(value, tr) {
    for (const effect of tr.effects) {
      if (effect.is(setGlossaries)) {
        const matcher = new GlossaryMatcher(effect.value.terms);
        return { index: effect.value, matcher, occurrences: matcher.scan(tr.state.doc.toString()) };
      }
    }
    if (!tr.docChanged || value.index.size === 0) {
      return value;
    }
    const span = changeSpan(tr.changes);
    if (span === undefined) {
      return value;
    }
    return { ...value, occurrences: value.matcher.rescan(value.occurrences, tr.state.doc.toString(), span) };
  },
});

export interface TermMark {
  readonly from: number;
  readonly to: number;
  readonly entryId: string;
  readonly status: EntryStatus;
}

/** The marks to draw for `ranges` (the visible ones), in document order, each occurrence once. */
export function termMarks(state: TermState, ranges: readonly { from: number; to: number }[]): TermMark[] {
  const marks: TermMark[] = [];
  let drawnTo = -1;
  for (const range of ranges) {
    for (const o of occurrencesIn(state.occurrences, range.from, range.to)) {
      if (o.from < drawnTo) {
        continue;
      }
      const found = state.index.get(o.termId);
      if (found !== undefined) {
        marks.push({ from: o.from, to: o.to, entryId: o.termId, status: found.entry.status });
        drawnTo = o.to;
      }
    }
  }
  return marks;
}

const markCache = new Map<string, Decoration>();
function markFor(entryId: string, status: EntryStatus): Decoration {
  const key = `${entryId} ${status}`;
  let mark = markCache.get(key);
  if (mark === undefined) {
    mark = Decoration.mark({ class: `cahier-term cahier-term--${status}`, attributes: { 'data-entry': entryId, 'data-status': status } });
    markCache.set(key, mark);
  }
  return mark;
}

function decorate(view: EditorView): DecorationSet {
  const marks = termMarks(view.state.field(termField), view.visibleRanges);
  return Decoration.set(marks.map((m) => markFor(m.entryId, m.status).range(m.from, m.to)));
}

const termDecorations = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.viewportChanged || update.startState.field(termField) !== update.state.field(termField)) {
        this.decorations = decorate(update.view);
      }
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Builds the card of an entry (see card.ts); `keyboard` when opened by F2 rather than by the pointer. */
export type CardRenderer = (entryId: string, keyboard: boolean) => HTMLElement | null;

const showCard = StateEffect.define<number | null>();

function cardTooltip(state: EditorState, pos: number, render: CardRenderer, keyboard: boolean): Tooltip | null {
  const o = occurrenceAt(state.field(termField).occurrences, pos);
  if (o === undefined) {
    return null;
  }
  return {
    pos: o.from,
    end: o.to,
    above: true,
    create: () => {
      const dom = render(o.termId, keyboard) ?? document.createElement('div');
      return { dom };
    },
  };
}

/** The card opened from the keyboard: stays until Escape, a move off the occurrence, or an edit of it. */
function keyboardCard(render: CardRenderer): StateField<Tooltip | null> {
  return StateField.define<Tooltip | null>({
    create: () => null,
    update(value, tr) {
      for (const effect of tr.effects) {
        if (effect.is(showCard)) {
          return effect.value === null ? null : cardTooltip(tr.state, effect.value, render, true);
        }
      }
      if (value === null) {
        return null;
      }
      if (tr.docChanged || tr.selection !== undefined || tr.state.field(termField) !== tr.startState.field(termField)) {
        const head = tr.state.selection.main.head;
        return occurrenceAt(tr.state.field(termField).occurrences, head) === undefined ? null : cardTooltip(tr.state, head, render, true);
      }
      return value;
    },
    provide: (field) => showTooltip.from(field),
  });
}

/** Opens the card of the term under the caret; false (nothing done) when the caret is on none. */
export function showTermUnderCursor(view: EditorView): boolean {
  const head = view.state.selection.main.head;
  if (occurrenceAt(view.state.field(termField).occurrences, head) === undefined) {
    return false;
  }
  view.dispatch({ effects: showCard.of(head) });
  return true;
}

export function glossaryHighlighting(render: CardRenderer): Extension {
  const card = keyboardCard(render);
  return [
    termField,
    termDecorations,
    card,
    hoverTooltip((view, pos) => cardTooltip(view.state, pos, render, false), { hoverTime: 250 }),
    keymap.of([
      { key: 'F2', run: showTermUnderCursor, preventDefault: true },
      {
        key: 'Escape',
        run: (view) => {
          if (view.state.field(card) === null) {
            return false;
          }
          view.dispatch({ effects: showCard.of(null) });
          return true;
        },
      },
    ]),
  ];
}

/** Occurrences of the current glossaries in the current text. */
export function termState(state: EditorState): TermState {
  return state.field(termField, false) ?? EMPTY;
}
