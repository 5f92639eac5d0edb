/**
 * A glossary `/g/{id}`: its entries with every perspective side by side (each definition editable
 * with conflict handling, its history restorable), adding and editing entries, the documents it is
 * attached to, export (Markdown, SKOS) and CSV import with a preview; its proposals and vocabulary
 * rounds. What is offered follows the reader's role (glossary-rights.ts): annotators propose where
 * editors save, observers read. The screen watches the glossary over the WebSocket, so whatever
 * anyone changes appears here at once.
 */
import { ApiError, type DocumentInfo, type Entry, type FullGlossary, type Workspace } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { statusBadge, statusKey } from '../glossary/card';
import type { DraftState } from '../glossary/definition-draft';
import { definitionEditor, type ProposalDraft } from '../glossary/definition-editor';
import { entryFormPart } from '../glossary/entry-form';
import { contributionMode, glossaryRights, type GlossaryRights } from '../glossary/glossary-rights';
import { importPanel } from '../glossary/import-panel';
import { KNOWN_PERSPECTIVES, entryColumns, perspectiveLabel } from '../glossary/perspectives';
import { format, t } from '../i18n';
import { comparePath } from '../router';
import { GlossaryWatch, socketUrl } from '../sync/glossary-watch';
import type { AppContext, Screen } from './context';
import { FormError, onSubmit, whileBusy } from './forms';
import { renderGlossaryDocuments } from './glossary-documents';
import { newTermForm } from './glossary-new-term';
import { glossaryProposals, type GlossaryProposals } from './glossary-proposals';
import { glossaryRounds, type GlossaryRounds } from './glossary-rounds';
import { errorText } from './home';
import { rebuildKeepingFocus } from './keep-focus';

export function glossaryScreen(ctx: AppContext, id: string, onNotFound: () => void): Screen {
  const heading = h('h1', { attrs: { tabindex: -1, 'data-testid': 'glossary-title' } }, t('loading'));
  const banner = h('p', { className: 'error', attrs: { role: 'alert', 'data-testid': 'glossary-error' } });
  const announce = h('p', { className: 'ok', attrs: { role: 'status', 'data-testid': 'glossary-status' } });
  /** Said only while the live link is down: the page may be missing others' changes. */
  const liveStatus = h('p', { className: 'muted live-status', attrs: { role: 'status', 'data-testid': 'glossary-live' } });
  const exportMarkdown = h('a', { text: 'exportMarkdown', attrs: { download: 'glossaire.md', 'data-testid': 'export-markdown' } });
  const exportSkos = h('a', { text: 'exportSkos', attrs: { download: 'glossaire.ttl', 'data-testid': 'export-skos' } });
  const actions = h(
    'div',
    { className: 'glossary__actions', attrs: { hidden: true } },
    h('a', { text: 'compareLink', attrs: { href: comparePath(id), 'data-link': true, 'data-testid': 'compare-link' } }),
    h('span', { className: 'muted', text: 'exportHeading' }),
    exportMarkdown,
    exportSkos,
  );
  const entriesHeading = h('h2', { text: 'entriesHeading', attrs: { id: uid('entries') } });
  const entryList = h('div', { attrs: { 'data-testid': 'entries', 'aria-busy': 'true' } }, h('p', { className: 'muted', text: 'loading' }));
  const newEntry = h('section', { className: 'card', attrs: { hidden: true } });
  const documentsSection = h('section', { className: 'card', attrs: { hidden: true, 'data-testid': 'glossary-documents' } });
  const importSection = h('section', { className: 'card', attrs: { hidden: true } });
  const collaboration = h('div', { className: 'glossary__collaboration' });
  const element = h(
    'div',
    { className: 'glossary' },
    heading,
    actions,
    banner,
    announce,
    liveStatus,
    h('section', { attrs: { 'aria-labelledby': entriesHeading.id } }, entriesHeading, entryList),
    newEntry,
    collaboration,
    documentsSection,
    importSection,
  );

  /** The reader's discipline in the glossary's workspace (known after the first load). */
  let reader: string | undefined;
  /** The disciplines a definition may be written from: the six built-in ones and the workspace's own. */
  let disciplines: readonly string[] = KNOWN_PERSPECTIVES;
  let perspective: string | undefined;
  /** Until the role is known, nothing is offered but reading. */
  let rights: GlossaryRights = glossaryRights(undefined);
  const drafts = new Map<string, DraftState>();
  const proposing = new Map<string, ProposalDraft>();
  let proposals: GlossaryProposals | undefined;
  let rounds: GlossaryRounds | undefined;
  let watch: GlossaryWatch | undefined;
  let glossary: FullGlossary | undefined;
  let documents: DocumentInfo[] = [];
  let destroyed = false;
  /** Entries whose field form is open, with the version it edits. */
  const editing = new Map<string, number>();

  const entryBlock = (entry: Entry): HTMLElement => {
    const block = h('article', { className: 'entry', attrs: { 'data-entry': entry.id, 'data-testid': 'entry', 'aria-labelledby': `term-${entry.id}` } });
    const editButton = rights.edit
      ? h('button', {
          attrs: { type: 'button', 'data-testid': 'entry-edit', 'aria-label': format('entryEditOf', { term: entry.term }) },
          on: { click: () => block.replaceWith(entryEditor(entry)) },
        }, t('entryEdit'))
      : null;
    // A perspective added on this screen and still being written has no definition yet: keep its editor.
    const columns = entryColumns(entry, reader);
    for (const key of [...drafts.keys(), ...proposing.keys()]) {
      const [entryId, code] = key.split('/');
      if (entryId === entry.id && code !== undefined && !columns.some((c) => c.perspective === code)) {
        columns.push({ perspective: code, definition: undefined, isReader: false });
      }
    }
    const perspectives = h(
      'div',
      { className: 'entry__perspectives' },
      ...columns.map((column) =>
        definitionEditor({
          api: ctx.api,
          entry,
          perspective: column.perspective,
          definition: column.definition,
          isReader: column.isReader,
          changed: () => reloadEntry(entry.id),
          drafts,
          mode: contributionMode(rights),
          proposing,
          proposed,
        }),
      ),
    );
    block.append(
      ...[
      h('div', { className: 'entry__header' }, h('h3', { attrs: { id: `term-${entry.id}` } }, entry.term), statusBadge(entry.status), editButton),
      entry.aliases.length > 0 ? h('p', { className: 'muted' }, entry.aliases.map((a) => a.label).join(' · ')) : null,
      perspectives,
      addPerspective(entry, columns.map((c) => c.perspective), perspectives),
      entry.gapNote === '' ? null : h('div', {}, h('h4', { text: 'gapNoteLabel' }), h('p', { attrs: { 'data-testid': 'entry-gap-note' } }, entry.gapNote)),
      entry.examples.length === 0 ? null : h('div', {}, h('h4', { text: 'examplesLabel' }), h('ul', {}, ...entry.examples.map((e) => h('li', {}, e)))),
      entry.sources.length === 0 ? null : h('div', {}, h('h4', { text: 'sourcesLabel' }), h('ul', {}, ...entry.sources.map((s) => h('li', {}, s)))),
      ].filter(present),
    );
    return block;
  };

  /** Writing the definition of a discipline the entry has none from yet (e.g. noted in a workshop). */
  const addPerspective = (entry: Entry, shown: readonly string[], into: HTMLElement): HTMLElement | null => {
    const missing = disciplines.filter((p) => !shown.includes(p));
    const mode = contributionMode(rights);
    if (missing.length === 0 || mode === 'read') {
      return null;
    }
    const select = h('select', { attrs: { id: uid('add-perspective'), 'data-testid': 'add-perspective-select' } }, ...missing.map((p) => h('option', { attrs: { value: p } }, perspectiveLabel(p))));
    return h(
      'form',
      {
        className: 'inline-form',
        on: {
          submit: onSubmit(() => {
            const chosen = select.value;
            select.querySelector(`option[value="${chosen}"]`)?.remove();
            into.append(
              definitionEditor({
                api: ctx.api,
                entry,
                perspective: chosen,
                definition: undefined,
                isReader: false,
                changed: () => reloadEntry(entry.id),
                drafts,
                startEditing: true,
                mode,
                proposing,
                proposed,
              }),
            );
          }),
        },
      },
      h('label', { text: mode === 'edit' ? 'perspectiveAddLabel' : 'perspectiveProposeLabel', attrs: { for: select.id } }),
      select,
      h('button', { text: mode === 'edit' ? 'perspectiveAdd' : 'definitionPropose', attrs: { type: 'submit' } }),
    );
  };

  /** The entry's fields in a form, saved on the version it was opened at (409: the writer's values stay). */
  const entryEditor = (entry: Entry): HTMLElement => {
    editing.set(entry.id, entry.version);
    const part = entryFormPart();
    part.set(entry);
    const error = new FormError();
    const current = h('div', { attrs: { 'data-testid': 'entry-current' } });
    const save = h('button', { className: 'primary', text: 'save', attrs: { type: 'submit' } });
    const cancel = h('button', { text: 'cancel', attrs: { type: 'button' } });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'entry stack-form',
        attrs: { 'data-entry': entry.id, 'aria-label': format('entryEditOf', { term: entry.term }) },
        on: {
          submit: onSubmit(() => {
            const values = part.values();
            if (values.term === '') {
              error.show(t('termRequired'), part.term);
              return;
            }
            whileBusy(form, save, 'saving', () => ctx.api.changeEntry(entry.id, editing.get(entry.id) ?? entry.version, values)).then(
              (saved) => {
                editing.delete(entry.id);
                form.replaceWith(entryBlock(saved));
                replaceInGlossary(saved);
                document.querySelector<HTMLElement>(`[data-entry="${saved.id}"] [data-testid=entry-edit]`)?.focus();
              },
              (failure: unknown) => {
                if (failure instanceof ApiError && failure.status === 409 && typeof failure.problem['current'] === 'object' && failure.problem['current'] !== null) {
                  const now = failure.problem['current'] as Entry;
                  editing.set(entry.id, now.version);
                  current.replaceChildren(h('p', { className: 'muted' }, `${now.term} · ${t(statusKey(now.status))}${now.gapNote === '' ? '' : ` · ${now.gapNote}`}`));
                  error.show(t('entryConflict'));
                } else {
                  error.show(errorText(failure));
                }
              },
            );
          }),
        },
      },
      part.element,
      current,
      error.element,
      h('div', { className: 'dialog__actions' }, save, cancel),
    );
    cancel.addEventListener('click', () => {
      editing.delete(entry.id);
      const latest = glossary?.entries.find((e) => e.id === entry.id) ?? entry;
      form.replaceWith(entryBlock(latest));
    });
    queueMicrotask(() => part.term.focus());
    return form;
  };

  const replaceInGlossary = (entry: Entry): void => {
    if (glossary !== undefined) {
      glossary = { ...glossary, entries: glossary.entries.map((e) => (e.id === entry.id ? entry : e)) };
    }
  };

  const reloadEntry = (entryId: string): void => {
    ctx.api.getEntry(entryId).then(
      (entry) => {
        if (destroyed) {
          return;
        }
        replaceInGlossary(entry);
        const old = entryList.querySelector(`article[data-entry="${entryId}"]`);
        rebuildKeepingFocus(entryList, () => old?.replaceWith(entryBlock(entry)));
        proposals?.setEntries(glossary?.entries ?? []);
      },
      (failure: unknown) => {
        banner.textContent = errorText(failure);
      },
    );
  };

  const renderEntries = (): void => {
    if (glossary === undefined) {
      return;
    }
    const sorted = [...glossary.entries].sort((a, b) => a.term.localeCompare(b.term, 'fr', { sensitivity: 'base' }));
    // An entry's field form being filled in stays as it is (its save is checked against its version).
    const open = (entry: Entry): HTMLElement | null =>
      editing.has(entry.id) ? entryList.querySelector<HTMLElement>(`form[data-entry="${entry.id}"]`) : null;
    rebuildKeepingFocus(entryList, () =>
      entryList.replaceChildren(...(sorted.length === 0 ? [h('p', { className: 'muted', text: 'entriesEmpty' })] : sorted.map((e) => open(e) ?? entryBlock(e)))),
    );
  };

  const proposed = (message: string): void => {
    announce.textContent = message;
    proposals?.reload();
  };

  const renderNewEntry = (): void => {
    const form = newTermForm(ctx, id, {
      rights,
      reader,
      perspective,
      glossaryName: () => glossary?.name ?? '',
      created: (message) => {
        announce.textContent = message;
        load();
        // a blank form for the next term, where the writer was
        renderNewEntry();
        newEntry.querySelector<HTMLInputElement>('input')?.focus();
      },
      proposed,
    });
    newEntry.replaceChildren(...(form === null ? [] : [form]));
    newEntry.hidden = form === null;
  };


  const renderDocuments = (): void => {
    if (glossary !== undefined) {
      renderGlossaryDocuments(ctx, documentsSection, glossary, documents, rights, load);
    }
  };

  const load = (): void => {
    ctx.api.getGlossary(id).then(
      async (loaded) => {
        if (glossary === undefined) {
          const membership = await ctx.workspace(loaded.workspaceId).catch((): Workspace | undefined => undefined);
          reader = membership?.discipline ?? undefined;
          disciplines = membership?.disciplines ?? KNOWN_PERSPECTIVES;
          perspective = reader;
          rights = glossaryRights(membership?.role);
          element.dataset['role'] = membership?.role ?? '';
        }
        if (destroyed) {
          return;
        }
        const firstLoad = glossary === undefined;
        glossary = loaded;
        heading.textContent = loaded.name;
        document.title = `${loaded.name} — Cahier`;
        exportMarkdown.href = ctx.api.exportUrl(id, 'markdown');
        exportSkos.href = ctx.api.exportUrl(id, 'skos');
        actions.hidden = false;
        entryList.setAttribute('aria-busy', 'false');
        renderEntries();
        if (firstLoad) {
          renderNewEntry();
          startCollaboration(reader ?? null);
          if (rights.edit) {
            importSection.replaceChildren(importPanel(ctx.api, id, () => load()));
            importSection.hidden = false;
          }
          ctx.api.listDocuments(loaded.workspaceId).then(
            (list) => {
              documents = list;
              renderDocuments();
            },
            () => renderDocuments(),
          );
        } else {
          renderDocuments();
        }
        proposals?.setEntries(loaded.entries);
        rounds?.setEntries(loaded.entries);
      },
      (failure: unknown) => {
        if (destroyed) {
          return;
        }
        if (failure instanceof ApiError && failure.status === 404) {
          onNotFound();
          return;
        }
        entryList.setAttribute('aria-busy', 'false');
        banner.textContent = errorText(failure);
        entryList.replaceChildren(h('button', { text: 'retry', attrs: { type: 'button' }, on: { click: () => ctx.navigate(location.pathname) } }));
      },
    );
  };

  /** Proposals, rounds and the live watch: once the glossary and the reader's role are known. */
  const startCollaboration = (discipline: string | null): void => {
    proposals = glossaryProposals(ctx, id, rights, () => undefined);
    rounds = glossaryRounds(ctx, id, rights, discipline);
    collaboration.replaceChildren(proposals.element, rounds.element);
    proposals.reload();
    rounds.reload();
    watch = new GlossaryWatch(
      { glossaryId: id, wsUrl: socketUrl(location) },
      {
        changed: (message) => {
          if (message.change === 'round') {
            rounds?.reload();
          } else if (message.change === 'proposal') {
            proposals?.reload();
          } else if ((message.change === 'definition' || message.change === 'entry') && message.entry !== null && glossary?.entries.some((e) => e.id === message.entry)) {
            // An accepted proposal is announced as its entry's change.
            reloadEntry(message.entry);
            proposals?.reload();
          } else {
            load();
            proposals?.reload();
          }
        },
        resumed: () => {
          load();
          proposals?.reload();
          rounds?.reload();
        },
        status: (state) => {
          element.dataset['live'] = state;
          if (state === 'reconnecting') {
            liveStatus.dataset['i18n'] = 'connectionReconnecting';
            liveStatus.textContent = t('connectionReconnecting');
          } else {
            liveStatus.removeAttribute('data-i18n');
            liveStatus.textContent = '';
          }
        },
        // The role changed: the screen is built again for the new one.
        accessChanged: () => ctx.navigate(location.pathname, { replace: true }),
        refused: () => {
          banner.textContent = t('glossaryNotLive');
        },
      },
    );
    watch.start();
  };

  const stopLanguage = onLanguageChange(() => {
    if (editing.size === 0 && drafts.size === 0 && proposing.size === 0) {
      renderEntries();
    }
    renderDocuments();
    proposals?.render();
    rounds?.render();
  });
  load();

  return {
    element,
    heading,
    destroy: () => {
      destroyed = true;
      watch?.close();
      stopLanguage();
    },
  };
}

function present<T>(item: T | null): item is T {
  return item !== null;
}
