/**
 * The glossary side of a document screen: the attached glossaries are loaded, their terms
 * highlighted in the editor (glossary/highlight.ts), listed in a side panel with their occurrence
 * counts, and read again whenever the server says one changed (the `glossary` message), so
 * highlights, cards and panel follow without a reload. Also the toolbar's "add to glossary" (from
 * the selection) and "term under the cursor" (F2). What is offered follows the reader's role:
 * editors add and attach, annotators propose, observers only read.
 */
import type { Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import { ApiError, type Api, type FullGlossary, type Glossary } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { openAddTermDialog } from '../glossary/add-term-dialog';
import { statusBadge, termCard } from '../glossary/card';
import { GlossaryIndex } from '../glossary/glossary-index';
import { glossaryHighlighting, setGlossaries, showTermUnderCursor, termState, type TermState } from '../glossary/highlight';
import { countByEntry, nextOccurrence } from '../glossary/occurrences';
import { glossaryRights } from '../glossary/glossary-rights';
import { format, t } from '../i18n';
import { glossaryPath } from '../router';
import { errorText } from './home';

/** The panel's counts follow the text at most this often (ms). */
const COUNT_EVERY_MS = 250;

export interface DocumentGlossary {
  readonly panel: HTMLElement;
  readonly toolbarButtons: readonly HTMLElement[];
  /** The editor extension (highlighting, cards, F2). */
  readonly extension: Extension;
  /** The editor exists: highlight what is loaded. */
  connect(view: EditorView, workspaceId: string): void;
  /** A `glossary` message arrived for this document. */
  changed(): void;
  /** The document's connection is back: a load that failed meanwhile is made again. */
  reconnected(): void;
  /** After every editor transaction. */
  updated(): void;
  /** The reader's role is known or changed: the controls follow. */
  roleChanged(): void;
  destroy(): void;
}

/** `reader`: the reader's discipline in the document's workspace, once known; `role`: their role there. */
export function documentGlossary(
  api: Api,
  documentId: string,
  reader: () => string | undefined,
  role: () => string | null | undefined,
): DocumentGlossary {
  const headingId = uid('glossary-heading');
  const announce = h('p', { className: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'glossary-announce' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert', 'data-testid': 'glossary-error' } });
  const list = h('div', { className: 'glossary-panel__list', attrs: { 'data-testid': 'glossary-panel-list' } });
  const attachSelect = h('select', { attrs: { id: uid('attach'), 'data-testid': 'glossary-attach-select' } });
  const attachForm = h(
    'form',
    { className: 'inline-form glossary-panel__attach', attrs: { hidden: true } },
    h('label', { text: 'glossaryAttachLabel', attrs: { for: attachSelect.id } }),
    attachSelect,
    h('button', { text: 'glossaryAttach', attrs: { type: 'submit' } }),
  );
  const panel = h(
    'section',
    { className: 'glossary-panel', attrs: { 'aria-labelledby': headingId, 'data-testid': 'glossary-panel', 'aria-busy': 'true' } },
    h('h2', { text: 'glossaryPanelHeading', attrs: { id: headingId } }),
    error,
    list,
    attachForm,
    announce,
  );
  const addButton = h('button', {
    text: 'addToGlossary',
    attrs: { type: 'button', 'aria-disabled': 'true', 'aria-haspopup': 'dialog', 'data-testid': 'add-to-glossary' },
  });
  const showButton = h('button', {
    text: 'showTerm',
    attrs: { type: 'button', 'aria-keyshortcuts': 'F2', 'data-testid': 'show-term' },
  });

  let view: EditorView | undefined;
  let workspaceId: string | undefined;
  let index = GlossaryIndex.EMPTY;
  let workspaceGlossaries: Glossary[] = [];
  let loaded = false;
  let destroyed = false;
  let loadSeq = 0;
  let shownState: TermState | undefined;
  let countTimer: ReturnType<typeof setTimeout> | undefined;

  const extension = glossaryHighlighting((entryId, keyboard) => {
    const found = index.get(entryId);
    return found === undefined ? null : termCard(found.entry, reader(), keyboard);
  });

  const renderPanel = (): void => {
    countTimer = undefined;
    if (!loaded) {
      return;
    }
    const state = view === undefined ? undefined : termState(view.state);
    shownState = state;
    const counts = countByEntry(state?.occurrences ?? []);
    if (index.glossaries.length === 0) {
      list.replaceChildren(h('p', { className: 'muted', text: 'glossaryPanelEmpty' }));
    } else {
      list.replaceChildren(...index.glossaries.map((g) => glossaryBlock(g, counts)));
    }
    const attachable = workspaceGlossaries.filter((g) => !index.glossaries.some((a) => a.id === g.id));
    attachSelect.replaceChildren(...attachable.map((g) => h('option', { attrs: { value: g.id } }, g.name)));
    attachForm.hidden = attachable.length === 0 || !glossaryRights(role()).edit;
  };

  /** Observers get no "add to glossary"; annotators get "propose". */
  const applyRole = (): void => {
    const rights = glossaryRights(role());
    addButton.hidden = !rights.edit && !rights.propose;
    const key = rights.edit ? 'addToGlossary' : 'proposeToGlossary';
    addButton.dataset['i18n'] = key;
    addButton.textContent = t(key);
    renderPanel();
  };

  const glossaryBlock = (glossary: FullGlossary, counts: ReadonlyMap<string, number>): HTMLElement =>
    h(
      'div',
      { className: 'glossary-panel__glossary', attrs: { 'data-glossary': glossary.id } },
      h(
        'h3',
        {},
        h('a', { attrs: { href: glossaryPath(glossary.id), 'data-link': true, 'aria-label': format('glossaryOpen', { name: glossary.name }) } }, glossary.name),
      ),
      h(
        'ul',
        { className: 'glossary-panel__terms' },
        ...index.sortedEntries(glossary).map((entry) => {
          const count = counts.get(entry.id) ?? 0;
          return h(
            'li',
            {},
            h(
              'button',
              {
                className: 'link-button glossary-panel__term',
                attrs: {
                  type: 'button',
                  'data-entry': entry.id,
                  'data-count': count,
                  'data-testid': 'glossary-term',
                  'aria-label': format('glossaryJump', { term: entry.term, count }),
                },
                on: { click: () => jump(entry.id, entry.term) },
              },
              h('span', { className: 'glossary-panel__label' }, entry.term),
              ' ',
              h('span', { className: 'glossary-panel__count', attrs: { 'aria-hidden': 'true' } }, String(count)),
            ),
            ' ',
            statusBadge(entry.status),
          );
        }),
      ),
    );

  const jump = (entryId: string, term: string): void => {
    if (view === undefined) {
      return;
    }
    const target = nextOccurrence(termState(view.state).occurrences, entryId, view.state.selection.main.head);
    if (target === undefined) {
      announce.textContent = format('glossaryNoOccurrence', { term });
      return;
    }
    view.dispatch({ selection: { anchor: target.from, head: target.to }, scrollIntoView: true });
    view.focus();
  };

  const apply = (): void => {
    view?.dispatch({ effects: setGlossaries.of(index) });
    renderPanel();
  };

  const load = (): void => {
    const seq = ++loadSeq;
    panel.setAttribute('aria-busy', 'true');
    const workspaceList = workspaceId === undefined ? Promise.resolve<Glossary[]>([]) : api.listGlossaries(workspaceId).catch(() => []);
    Promise.all([api.documentGlossaries(documentId), workspaceList]).then(
      ([glossaries, all]) => {
        if (destroyed || seq !== loadSeq) {
          return;
        }
        error.textContent = '';
        index = new GlossaryIndex(glossaries);
        workspaceGlossaries = all;
        loaded = true;
        panel.setAttribute('aria-busy', 'false');
        apply();
      },
      (failure: unknown) => {
        if (destroyed || seq !== loadSeq) {
          return;
        }
        panel.setAttribute('aria-busy', 'false');
        // Offline, the highlights of the last load stay; say why the panel may be stale.
        error.textContent = format('glossaryLoadError', { detail: failure instanceof ApiError && failure.code === 'network' ? t('networkError') : errorText(failure) });
      },
    );
  };

  const updateAddButton = (): void => {
    const empty = view === undefined || view.state.selection.main.empty;
    addButton.setAttribute('aria-disabled', String(empty));
  };

  addButton.addEventListener('mousedown', (event) => event.preventDefault()); // keep the editor's selection
  addButton.addEventListener('click', () => {
    if (view === undefined || workspaceId === undefined) {
      return;
    }
    const { from, to } = view.state.selection.main;
    if (from === to) {
      view.focus();
      return;
    }
    openAddTermDialog(
      {
        api,
        documentId,
        workspaceId,
        attached: index.glossaries,
        perspective: reader(),
        added: (message) => {
          announce.textContent = message;
          load();
        },
        returnFocus: () => view?.focus(),
        mode: glossaryRights(role()).edit ? 'create' : 'propose',
      },
      view.state.sliceDoc(from, to),
    );
  });
  showButton.addEventListener('mousedown', (event) => event.preventDefault());
  showButton.addEventListener('click', () => {
    if (view === undefined) {
      return;
    }
    view.focus();
    if (!showTermUnderCursor(view)) {
      announce.textContent = t('showTermNone');
    }
  });
  attachForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = attachSelect.value;
    if (chosen === '') {
      return;
    }
    api.attachGlossary(chosen, documentId).then(load, (failure: unknown) => {
      error.textContent = errorText(failure);
    });
  });

  const stopLanguage = onLanguageChange(renderPanel);

  return {
    panel,
    toolbarButtons: [addButton, showButton],
    extension,
    connect: (next, workspace) => {
      view = next;
      workspaceId = workspace;
      updateAddButton();
      load();
    },
    changed: load,
    reconnected: () => {
      if (error.textContent !== '') {
        load();
      }
    },
    roleChanged: applyRole,
    updated: () => {
      updateAddButton();
      if (view !== undefined && termState(view.state) !== shownState) {
        countTimer ??= setTimeout(renderPanel, COUNT_EVERY_MS);
      }
    },
    destroy: () => {
      destroyed = true;
      clearTimeout(countTimer);
      stopLanguage();
    },
  };
}
