/**
 * The glossary screen's form for a new term: an editor's new entry (its fields and the reader's
 * definition), or an annotator's proposed term (an editor accepts or declines it); none for an
 * observer.
 */
import { h, uid } from '../dom';
import { entryFormPart, newTermFailure } from '../glossary/entry-form';
import type { GlossaryRights } from '../glossary/glossary-rights';
import { perspectiveLabel } from '../glossary/perspectives';
import { proposeTermPart } from '../glossary/propose-term-part';
import { format, t } from '../i18n';
import type { AppContext } from './context';
import { FormError, onSubmit, whileBusy } from './forms';
import { errorText } from './home';

export interface NewTermOptions {
  readonly rights: GlossaryRights;
  /** The reader's discipline: the definition asked for (editors), the one offered first (annotators). */
  readonly reader: string | undefined;
  readonly perspective: string | undefined;
  readonly glossaryName: () => string;
  /** An entry was created, with the message to announce. */
  readonly created: (message: string) => void;
  /** A term was proposed, with the message to announce. */
  readonly proposed: (message: string) => void;
}

/** The form the reader's role allows, or null (observers). */
export function newTermForm(ctx: AppContext, glossaryId: string, options: NewTermOptions): HTMLElement | null {
  return options.rights.edit
    ? newEntryForm(ctx, glossaryId, options)
    : options.rights.propose
      ? proposeTermForm(ctx, glossaryId, options)
      : null;
}

function proposeTermForm(ctx: AppContext, id: string, options: NewTermOptions): HTMLElement {
  const headingId = uid('propose-term');
  const part = proposeTermPart(options.reader);
  const error = new FormError();
  const submit = h('button', { className: 'primary', text: 'proposalSend', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'aria-labelledby': headingId, 'data-testid': 'propose-term' },
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
          whileBusy(form, submit, 'saving', () => ctx.api.propose(id, values)).then(
            () => {
              error.clear();
              form.reset();
              options.proposed(format('proposalTermSent', { term: values.term }));
            },
            (failure: unknown) => error.show(errorText(failure)),
          );
        }),
      },
    },
    h('h2', { text: 'proposeTermHeading', attrs: { id: headingId } }),
    h('p', { className: 'muted hint', text: 'proposeTermHint' }),
    part.element,
    error.element,
    submit,
  );
  return form;
}

/** An editor's new entry, with the reader's definition of it. */
function newEntryForm(ctx: AppContext, id: string, options: NewTermOptions): HTMLElement {
  const { perspective } = options;
  const headingId = uid('new-entry');
  const part = entryFormPart();
  const definition = h('textarea', { attrs: { id: uid('definition'), rows: 3, 'data-testid': 'new-entry-definition' } });
  const error = new FormError();
  const submit = h('button', { className: 'primary', text: 'entryCreate', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'aria-labelledby': headingId, 'data-testid': 'new-entry' },
      on: {
        submit: onSubmit(() => {
          const values = part.values();
          if (values.term === '') {
            error.show(t('termRequired'), part.term);
            return;
          }
          const text = definition.value.trim();
          whileBusy(form, submit, 'saving', () =>
            ctx.api.createEntry(id, { ...values, ...(perspective !== undefined && text !== '' ? { definitions: { [perspective]: text } } : {}) }),
          ).then(
            (entry) => {
              options.created(format('termAdded', { term: entry.term, name: options.glossaryName() }));
            },
            (failure: unknown) => error.show(newTermFailure(failure, values.term)),
          );
        }),
      },
    },
    h('h2', { text: 'newEntryHeading', attrs: { id: headingId } }),
    part.element,
    perspective === undefined
      ? null
      : h('div', { className: 'field' }, h('label', { attrs: { for: definition.id } }, format('definitionFor', { perspective: perspectiveLabel(perspective) })), definition),
    error.element,
    submit,
  );
  return form;
}
