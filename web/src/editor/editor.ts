/** The Markdown editor: CodeMirror 6 with history, Markdown highlighting and the collaboration bits. */
import { defaultKeymap, history, historyKeymap, redo, undo, undoDepth, redoDepth } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, keymap, placeholder } from '@codemirror/view';
import { collab, type SessionPort } from './collab';
import { remoteSelections } from './remote-selections';

export interface EditorOptions {
  parent: HTMLElement;
  text: string;
  session: SessionPort;
  label: string;
  /** More extensions (the glossary highlighting). */
  extensions?: Extension;
  /** Start read-only (the role is known and does not allow editing). */
  readOnly?: boolean;
  /** Called after every transaction; `docChanged` when the text changed. */
  onUpdate: (docChanged: boolean) => void;
}

export interface Editor {
  readonly view: EditorView;
  /** Re-labels the text area (after a language switch). */
  relabel(label: string): void;
  /** Refuses (or accepts again) typing: for a role that may read but not edit. */
  setReadOnly(readOnly: boolean): void;
  readonly readOnly: boolean;
  undo(): boolean;
  redo(): boolean;
  canUndo(): boolean;
  canRedo(): boolean;
  destroy(): void;
}

/**
 * Both: `readOnly` stops changes from commands, `editable` stops the browser's own input. The text
 * stays reachable by keyboard (Tab, then the arrows, Ctrl+A and Ctrl+C), as a reader needs.
 */
export function readOnlyExtension(readOnly: boolean): Extension {
  return readOnly ? [EditorState.readOnly.of(true), EditorView.editable.of(false), EditorView.contentAttributes.of({ tabindex: '0' })] : [];
}

export function createEditor(options: EditorOptions): Editor {
  const label = new Compartment();
  const access = new Compartment();
  const labelled = (text: string): Extension =>
    EditorView.contentAttributes.of({ 'aria-label': text, 'aria-multiline': 'true' });
  const view = new EditorView({
    parent: options.parent,
    state: EditorState.create({
      doc: options.text,
      extensions: [
        history(),
        drawSelection(),
        EditorView.lineWrapping,
        markdown({ base: markdownLanguage }),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        // Ctrl-Z undoes, Ctrl-Shift-Z and Ctrl-Y redo on every platform. Tab is left to the browser,
        // so keyboard users can leave the editor.
        keymap.of([{ key: 'Mod-Shift-z', run: redo, preventDefault: true }, ...historyKeymap, ...defaultKeymap]),
        placeholder('…'),
        label.of(labelled(options.label)),
        access.of(readOnlyExtension(options.readOnly ?? false)),
        remoteSelections(),
        collab(options.session),
        options.extensions ?? [],
        EditorView.updateListener.of((update) => {
          if (update.transactions.length > 0) {
            options.onUpdate(update.docChanged);
          }
        }),
      ],
    }),
  });
  return {
    view,
    relabel: (text) => view.dispatch({ effects: label.reconfigure(labelled(text)) }),
    setReadOnly: (readOnly) => view.dispatch({ effects: access.reconfigure(readOnlyExtension(readOnly)) }),
    get readOnly() {
      return view.state.readOnly;
    },
    undo: () => undo(view),
    redo: () => redo(view),
    canUndo: () => undoDepth(view.state) > 0,
    canRedo: () => redoDepth(view.state) > 0,
    destroy: () => view.destroy(),
  };
}
