/**
 * "Add to glossary" from a selection in the editor: a modal dialog prefilled with the selected
 * words. The entry goes into the chosen attached glossary; when none is attached, a new glossary is
 * created in the document's workspace and attached first. An annotator's dialog proposes the term
 * instead (an editor of the glossary accepts or declines it), to an attached glossary only.
 */
import type { Api, Glossary } from '../api';
import { h, uid } from '../dom';
import { format, t } from '../i18n';
import { errorText } from '../screens/home';
import { FormError, onSubmit, whileBusy } from '../screens/forms';
import { entryFormPart, labelled, newTermFailure } from './entry-form';
import { perspectiveLabel } from './perspectives';
import { proposeTermPart } from './propose-term-part';

export interface AddTermContext {
  readonly api: Api;
  readonly documentId: string;
  readonly workspaceId: string;
  /** The glossaries attached to the document now. */
  readonly attached: readonly Glossary[];
  /** The reader's discipline (their definition is asked for), undefined for none. */
  readonly perspective: string | undefined;
  /** After the entry exists or the proposal is sent, with the message to announce. */
  readonly added: (message: string) => void;
  readonly returnFocus: () => void;
  /** `create` writes the entry; `propose` sends it as a proposal. */
  readonly mode: 'create' | 'propose';
}

export function openAddTermDialog(ctx: AddTermContext, selected: string): void {
  if (ctx.mode === 'propose') {
    openProposeTermDialog(ctx, selected);
    return;
  }
  const heading = h('h2', { text: 'addTermHeading', attrs: { id: uid('add-term-heading') } });
  const part = entryFormPart({ term: selected.trim().replace(/\s+/g, ' ') });
  const choice = h(
    'select',
    { attrs: { name: 'glossary', 'data-testid': 'add-term-glossary' } },
    ...ctx.attached.map((g) => h('option', { attrs: { value: g.id } }, g.name)),
  );
  const newName = h('input', { attrs: { name: 'glossary-name', maxlength: 200, required: true, 'data-testid': 'add-term-new-glossary' } });
  newName.value = t('newGlossaryDefaultName');
  const definition = h('textarea', { attrs: { id: uid('definition'), name: 'definition', rows: 3, 'data-testid': 'add-term-definition' } });
  const error = new FormError();
  const submit = h('button', { className: 'primary', text: 'addToGlossary', attrs: { type: 'submit' } });
  const cancel = h('button', { text: 'cancel', attrs: { type: 'button' } });
  const dialog = h('dialog', { className: 'dialog', attrs: { 'aria-labelledby': heading.id, 'data-testid': 'add-term-dialog' } });

  const definitionField =
    ctx.perspective === undefined
      ? null
      : h(
          'div',
          { className: 'field' },
          h('label', { attrs: { for: definition.id } }, format('definitionFor', { perspective: perspectiveLabel(ctx.perspective) })),
          definition,
        );

  const glossaryId = async (): Promise<{ id: string; name: string }> => {
    if (ctx.attached.length > 0) {
      const chosen = ctx.attached.find((g) => g.id === choice.value) ?? (ctx.attached[0] as Glossary);
      return { id: chosen.id, name: chosen.name };
    }
    const created = await ctx.api.createGlossary(ctx.workspaceId, newName.value.trim());
    await ctx.api.attachGlossary(created.id, ctx.documentId);
    return { id: created.id, name: created.name };
  };

  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { novalidate: true },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const values = part.values();
          if (values.term === '') {
            error.show(t('termRequired'), part.term);
            return;
          }
          if (ctx.attached.length === 0 && newName.value.trim() === '') {
            error.show(t('nameRequired'), newName);
            return;
          }
          const text = definition.value.trim();
          const definitions = ctx.perspective !== undefined && text !== '' ? { [ctx.perspective]: text } : undefined;
          whileBusy(form, submit, 'saving', async () => {
            const target = await glossaryId();
            const entry = await ctx.api.createEntry(target.id, { ...values, ...(definitions === undefined ? {} : { definitions }) });
            return { entry, name: target.name };
          }).then(
            ({ entry, name }) => {
              dialog.close();
              ctx.added(format('termAdded', { term: entry.term, name }));
            },
            (failure: unknown) => error.show(newTermFailure(failure, values.term)),
          );
        }),
      },
    },
    ctx.attached.length > 0
      ? labelled('glossaryChoiceLabel', choice)
      : h('div', {}, h('p', { className: 'muted hint', text: 'noGlossaryHint' }), labelled('newGlossaryNameLabel', newName)),
    part.element,
    definitionField,
    error.element,
    h('div', { className: 'dialog__actions' }, submit, cancel),
  );
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    ctx.returnFocus();
  });
  dialog.append(heading, form);
  document.body.append(dialog);
  dialog.showModal();
  part.term.focus();
}

function openProposeTermDialog(ctx: AddTermContext, selected: string): void {
  const heading = h('h2', { text: 'proposeToGlossary', attrs: { id: uid('propose-term-heading') } });
  const dialog = h('dialog', { className: 'dialog', attrs: { 'aria-labelledby': heading.id, 'data-testid': 'add-term-dialog' } });
  const cancel = h('button', { text: ctx.attached.length === 0 ? 'close' : 'cancel', attrs: { type: 'button' } });
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    ctx.returnFocus();
  });
  if (ctx.attached.length === 0) {
    dialog.append(heading, h('p', { text: 'proposeNoGlossary' }), h('div', { className: 'dialog__actions' }, cancel));
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
    return;
  }
  const choice = h(
    'select',
    { attrs: { name: 'glossary', 'data-testid': 'add-term-glossary' } },
    ...ctx.attached.map((g) => h('option', { attrs: { value: g.id } }, g.name)),
  );
  const part = proposeTermPart(ctx.perspective, selected.trim().replace(/\s+/g, ' '));
  const error = new FormError();
  const submit = h('button', { className: 'primary', text: 'proposalSend', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { novalidate: true },
      on: {
        submit: onSubmit(() => {
          const values = part.values();
          if (values.term === '') {
            error.show(t('termRequired'), part.term);
            return;
          }
          if (values.text === '') {
            error.show(t('proposalTextRequired'));
            part.definition.focus();
            return;
          }
          whileBusy(form, submit, 'saving', () => ctx.api.propose(choice.value, values)).then(
            () => {
              dialog.close();
              ctx.added(format('proposalTermSent', { term: values.term }));
            },
            (failure: unknown) => error.show(errorText(failure)),
          );
        }),
      },
    },
    labelled('glossaryChoiceLabel', choice),
    h('p', { className: 'muted hint', text: 'proposeTermHint' }),
    part.element,
    error.element,
    h('div', { className: 'dialog__actions' }, submit, cancel),
  );
  dialog.append(heading, form);
  document.body.append(dialog);
  dialog.showModal();
  part.definition.focus();
}
