/**
 * Other participants' carets and selections drawn in the editor: a caret widget carrying the
 * participant's name, and a tinted mark over a non-empty selection. The set is replaced whenever
 * the session reports participants, and mapped through every change in between so carets stay
 * on their text while one types.
 */
import { StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { caretColour, selectionColour } from './colour';

export interface RemoteSelection {
  readonly client: string;
  readonly name: string;
  readonly anchor: number;
  readonly head: number;
}

export const setRemoteSelections = StateEffect.define<readonly RemoteSelection[]>();

class CaretWidget extends WidgetType {
  constructor(
    readonly client: string,
    readonly name: string,
  ) {
    super();
  }

  override eq(other: CaretWidget): boolean {
    return other.client === this.client && other.name === this.name;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = 'cahier-remote-caret';
    caret.dataset['client'] = this.client;
    caret.style.setProperty('--cahier-colour', caretColour(this.client));
    // The participants list says who is here; inside the text the caret is only visual.
    caret.setAttribute('aria-hidden', 'true');
    const label = document.createElement('span');
    label.className = 'cahier-remote-caret__label';
    label.textContent = this.name;
    caret.append(label);
    return caret;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

function decorations(selections: readonly RemoteSelection[], length: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  const clamp = (n: number): number => Math.max(0, Math.min(length, n));
  for (const sel of selections) {
    const anchor = clamp(sel.anchor);
    const head = clamp(sel.head);
    if (anchor !== head) {
      ranges.push(
        Decoration.mark({
          class: 'cahier-remote-selection',
          attributes: { 'data-client': sel.client, style: `background-color: ${selectionColour(sel.client)}` },
        }).range(Math.min(anchor, head), Math.max(anchor, head)),
      );
    }
    ranges.push(Decoration.widget({ widget: new CaretWidget(sel.client, sel.name), side: 1 }).range(head));
  }
  return Decoration.set(ranges, true);
}

const remoteSelectionField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    let next = value.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setRemoteSelections)) {
        next = decorations(effect.value, tr.state.doc.length);
      }
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

export function remoteSelections(): Extension {
  return remoteSelectionField;
}
