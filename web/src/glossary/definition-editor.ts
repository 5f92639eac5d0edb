/**
 * One perspective's definition on the glossary screen: read it, edit it (or, for an annotator,
 * propose a new text for an editor to accept), see its history and restore an old version. A save refused because someone saved meanwhile (409) keeps the writer's
 * text in the box, shows the saved text beside it, and saves next on that version
 * (definition-draft.ts): nobody's words are lost.
 */
import { ApiError, type Api, type Definition, type Entry } from '../api';
import { h, uid } from '../dom';
import { format, getLanguage, t } from '../i18n';
import { errorText } from '../screens/home';
import { perspectiveHeading } from './card';
import type { ContributionMode } from './glossary-rights';
import { edit, keepBoth, onConflict, onSaved, startDraft, type DraftState } from './definition-draft';
import { perspectiveLabel } from './perspectives';
import { onSubmit } from '../screens/forms';

export interface DefinitionEditorContext {
  readonly api: Api;
  readonly entry: Entry;
  readonly perspective: string;
  readonly definition: Definition | undefined;
  readonly isReader: boolean;
  /** Something was saved or restored: read the entry again. */
  readonly changed: () => void;
  /**
   * The drafts open on the screen, by `entry/perspective`: the editor is rebuilt whenever its entry
   * is read again, and an open draft must survive that.
   */
  readonly drafts: Map<string, DraftState>;
  /** Open in the editor at once (a perspective just added). */
  readonly startEditing?: boolean;
  /** `edit` saves, `propose` sends a proposal, `read` offers neither (nor restoring). */
  readonly mode: ContributionMode;
  /** Proposals being written, by `entry/perspective` (kept across rebuilds like `drafts`). */
  readonly proposing: Map<string, ProposalDraft>;
  /** A proposal was sent, with the message to announce. */
  readonly proposed: (message: string) => void;
}

export interface ProposalDraft {
  readonly text: string;
  readonly note: string;
}

export function definitionEditor(ctx: DefinitionEditorContext): HTMLElement {
  const { api, entry, perspective } = ctx;
  const label = perspectiveLabel(perspective);
  const element = h('section', {
    className: `perspective${ctx.isReader ? ' perspective--reader' : ''}`,
    attrs: { 'data-perspective': perspective, 'data-testid': 'perspective' },
  });
  const headingId = uid('perspective');
  element.setAttribute('aria-labelledby', headingId);
  const heading = h('h4', { attrs: { id: headingId } }, perspectiveHeading(perspective, ctx.isReader));
  const message = h('p', { className: 'error', attrs: { role: 'alert' } });
  const key = `${entry.id}/${perspective}`;
  const kept = ctx.drafts.get(key);
  let draft: DraftState = kept ?? startDraft(ctx.definition);
  const setDraft = (next: DraftState): void => {
    draft = next;
    ctx.drafts.set(key, next);
  };

  const showView = (): void => {
    const editButton =
      ctx.mode === 'edit'
        ? h(
            'button',
            {
              attrs: { type: 'button', 'data-testid': 'definition-edit', 'aria-label': format('definitionEditOf', { perspective: label, term: entry.term }) },
              on: { click: () => showEditor() },
            },
            t(ctx.definition === undefined ? 'definitionWrite' : 'definitionEdit'),
          )
        : ctx.mode === 'propose'
          ? h(
              'button',
              {
                attrs: {
                  type: 'button',
                  'data-testid': 'definition-propose',
                  'aria-label': format('definitionProposeOf', { perspective: label, term: entry.term }),
                },
                on: { click: () => showProposal() },
              },
              t('definitionPropose'),
            )
          : null;
    const historyButton = h('button', {
      text: 'historyButton',
      attrs: { type: 'button', 'aria-expanded': 'false', 'data-testid': 'definition-history' },
      on: { click: () => toggleHistory(historyButton) },
    });
    element.replaceChildren(
      heading,
      ctx.definition === undefined
        ? h('p', { className: 'muted', text: 'noDefinitionYet' })
        : h('p', { className: 'perspective__text', attrs: { 'data-testid': 'definition-text' } }, ctx.definition.text),
      h('div', { className: 'glossary__actions' }, editButton, ctx.definition === undefined ? null : historyButton),
      message,
    );
  };

  const showEditor = (focus = true): void => {
    setDraft(draft);
    const box = h('textarea', {
      attrs: { id: uid('definition'), rows: 4, maxlength: 20000, 'data-testid': 'definition-input', 'data-focus-key': `definition-${key}` },
      on: { input: () => setDraft(edit(draft, box.value)) },
    });
    box.value = draft.kind === 'saved' ? draft.definition.text : draft.text;
    const conflictBox = h('div', { attrs: { 'data-testid': 'definition-conflict' } });
    const save = h('button', { className: 'primary', text: 'save', attrs: { type: 'submit' } });
    const cancel = h('button', {
      text: 'cancel',
      attrs: { type: 'button' },
      on: {
        click: () => {
          ctx.drafts.delete(key);
          draft = startDraft(ctx.definition);
          showView();
          element.querySelector<HTMLElement>('[data-testid=definition-edit]')?.focus();
        },
      },
    });
    const renderConflict = (): void => {
      if (draft.kind !== 'conflict') {
        conflictBox.replaceChildren();
        return;
      }
      const theirs = draft.theirs;
      const theirsText = theirs?.text ?? '';
      conflictBox.replaceChildren(
        h(
          'div',
          { className: 'conflict' },
          h('p', { attrs: { role: 'alert' }, text: 'definitionConflict' }),
          h(
            'div',
            {},
            h(
              'h5',
              {},
              theirs === null ? t('definitionTheirsNone') : format('definitionTheirs', { version: theirs.version, author: theirs.author.name }),
            ),
            h('p', { className: 'conflict__theirs', attrs: { 'data-testid': 'definition-theirs' } }, theirsText),
            h('button', {
              text: 'keepBoth',
              attrs: { type: 'button' },
              on: {
                click: () => {
                  box.value = keepBoth(box.value, theirsText);
                  setDraft(edit(draft, box.value));
                  box.focus();
                },
              },
            }),
          ),
        ),
      );
    };
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form',
        on: {
          submit: onSubmit(() => {
            message.textContent = '';
            const base = draft.kind === 'saved' ? draft.definition.version : draft.baseVersion;
            const text = box.value;
            if (base === 0 && text.trim() === '') {
              // a first definition with no words: there is nothing to save (an empty text clears an existing one)
              message.textContent = t('definitionTextRequired');
              box.focus();
              return;
            }
            form.setAttribute('aria-busy', 'true');
            save.disabled = true;
            api.saveDefinition(entry.id, perspective, base, text).then(
              (saved) => {
                ctx.drafts.delete(key);
                draft = onSaved(saved);
                ctx.changed();
              },
              (failure: unknown) => {
                form.removeAttribute('aria-busy');
                save.disabled = false;
                if (failure instanceof ApiError && failure.status === 409) {
                  setDraft(onConflict(edit(draft, text), (failure.problem['current'] ?? null) as Definition | null));
                  if (draft.kind === 'saved') {
                    ctx.drafts.delete(key);
                    ctx.changed();
                    return;
                  }
                  renderConflict();
                  box.focus();
                } else {
                  message.textContent = errorText(failure);
                }
              },
            );
          }),
        },
      },
      h('label', { attrs: { for: box.id } }, format('definitionFor', { perspective: label })),
      conflictBox,
      h('div', { className: 'field' }, h('span', { className: 'muted', text: 'definitionMine' }), box),
      h('div', { className: 'dialog__actions' }, save, cancel),
    );
    element.replaceChildren(heading, form, message);
    renderConflict();
    if (focus) {
      box.focus();
    }
  };

  /** An annotator's version: sent as a proposal, the definition itself unchanged until an editor accepts it. */
  const showProposal = (focus = true): void => {
    const kept = ctx.proposing.get(key);
    const box = h('textarea', { attrs: { id: uid('proposal'), rows: 4, maxlength: 20000, 'data-testid': 'proposal-input', 'data-focus-key': `proposal-${key}` } });
    box.value = kept?.text ?? ctx.definition?.text ?? '';
    const note = h('textarea', { attrs: { id: uid('proposal-note'), rows: 2, maxlength: 2000, 'data-testid': 'proposal-note', 'data-focus-key': `proposal-note-${key}` } });
    note.value = kept?.note ?? '';
    const remember = (): void => {
      ctx.proposing.set(key, { text: box.value, note: note.value });
    };
    box.addEventListener('input', remember);
    note.addEventListener('input', remember);
    remember();
    const send = h('button', { className: 'primary', text: 'proposalSend', attrs: { type: 'submit', 'data-testid': 'proposal-send' } });
    const cancel = h('button', {
      text: 'cancel',
      attrs: { type: 'button' },
      on: {
        click: () => {
          ctx.proposing.delete(key);
          showView();
          element.querySelector<HTMLElement>('[data-testid=definition-propose]')?.focus();
        },
      },
    });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form',
        on: {
          submit: onSubmit(() => {
            const text = box.value.trim();
            if (text === '') {
              message.textContent = t('proposalTextRequired');
              box.focus();
              return;
            }
            message.textContent = '';
            form.setAttribute('aria-busy', 'true');
            send.disabled = true;
            const written = note.value.trim();
            api.propose(entry.glossaryId, { entry: entry.id, perspective, text, ...(written === '' ? {} : { note: written }) }).then(
              () => {
                ctx.proposing.delete(key);
                showView();
                ctx.proposed(format('proposalSent', { term: entry.term, perspective: label }));
                element.querySelector<HTMLElement>('[data-testid=definition-propose]')?.focus();
              },
              (failure: unknown) => {
                form.removeAttribute('aria-busy');
                send.disabled = false;
                message.textContent = errorText(failure);
              },
            );
          }),
        },
      },
      h('label', { attrs: { for: box.id } }, format('proposalFor', { perspective: label })),
      box,
      h('label', { text: 'proposalNoteLabel', attrs: { for: note.id } }),
      note,
      h('div', { className: 'dialog__actions' }, send, cancel),
    );
    element.replaceChildren(heading, form, message);
    if (focus) {
      box.focus();
    }
  };

  let historyList: HTMLElement | undefined;
  const toggleHistory = (button: HTMLElement): void => {
    if (historyList !== undefined) {
      historyList.remove();
      historyList = undefined;
      button.setAttribute('aria-expanded', 'false');
      return;
    }
    const list = h('ol', { className: 'history', attrs: { 'data-testid': 'history', 'aria-label': format('historyOf', { perspective: label, term: entry.term }) } }, h('li', { className: 'muted', text: 'loading' }));
    historyList = list;
    button.setAttribute('aria-expanded', 'true');
    element.append(list);
    api.definitionHistory(entry.id, perspective).then(
      (versions) => {
        const current = versions[0]?.version ?? 0;
        list.replaceChildren(
          ...(versions.length === 0
            ? [h('li', { className: 'muted', text: 'historyEmpty' })]
            : versions.map((v) =>
                h(
                  'li',
                  { attrs: { 'data-version': v.version } },
                  h('span', {}, format('historyVersion', { version: v.version, author: v.author.name, time: new Date(v.time).toLocaleString(getLanguage()) })),
                  v.restoredFrom === undefined ? null : h('span', { className: 'muted' }, format('historyRestored', { version: v.restoredFrom })),
                  v.version === current || ctx.mode !== 'edit'
                    ? null
                    : h(
                        'button',
                        {
                          attrs: { type: 'button', 'data-testid': 'restore', 'aria-label': format('restoreOf', { version: v.version }) },
                          on: {
                            click: () =>
                              api.restoreDefinition(entry.id, perspective, v.version, current).then(ctx.changed, (failure: unknown) => {
                                message.textContent =
                                  failure instanceof ApiError && failure.status === 409 ? t('conflictGeneric') : errorText(failure);
                              }),
                          },
                        },
                        t('restore'),
                      ),
                  h('span', { className: 'history__text' }, v.text),
                ),
              )),
        );
      },
      (failure: unknown) => {
        list.replaceChildren(h('li', { className: 'error' }, errorText(failure)));
      },
    );
  };

  if (ctx.mode === 'propose' && ctx.proposing.has(key)) {
    showProposal(false);
  } else if (ctx.mode === 'propose' && ctx.startEditing === true) {
    showProposal();
  } else if (ctx.mode !== 'edit') {
    showView();
  } else if (ctx.startEditing === true) {
    showEditor();
  } else if (kept === undefined) {
    showView();
  } else {
    showEditor(false);
  }
  return element;
}
