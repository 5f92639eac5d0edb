/**
 * The documents a glossary is attached to, on its screen: links to them, and for editors detaching
 * and attaching another document of the workspace.
 */
import type { DocumentInfo, FullGlossary } from '../api';
import { h, uid } from '../dom';
import type { GlossaryRights } from '../glossary/glossary-rights';
import { t } from '../i18n';
import { documentPath } from '../router';
import type { AppContext } from './context';
import { errorText } from './home';
import { onSubmit } from './forms';

/** Fills `section`; `changed` after an attach or a detach. */
export function renderGlossaryDocuments(
  ctx: AppContext,
  section: HTMLElement,
  glossary: FullGlossary,
  documents: readonly DocumentInfo[],
  rights: GlossaryRights,
  changed: () => void,
): void {
  const id = glossary.id;
  const attached = new Set(glossary.documents);
  const headingId = uid('documents');
  const select = h('select', { attrs: { id: uid('attach-doc'), 'data-testid': 'attach-document-select' } });
  const others = documents.filter((d) => !attached.has(d.id));
  select.append(...others.map((d) => h('option', { attrs: { value: d.id } }, d.title)));
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const change = (request: Promise<unknown>): void => {
    request.then(changed, (failure: unknown) => {
      error.textContent = errorText(failure);
    });
  };
  section.replaceChildren(
    ...[
    h('h2', { text: 'documentsAttachedHeading', attrs: { id: headingId } }),
    h(
      'ul',
      { className: 'list', attrs: { 'data-testid': 'attached-documents' } },
      ...(glossary.documents.length === 0
        ? [h('li', { className: 'muted', text: 'documentsAttachedEmpty' })]
        : glossary.documents.map((docId) => {
            const title = documents.find((d) => d.id === docId)?.title ?? docId;
            return h(
              'li',
              { attrs: { 'data-document': docId } },
              h('a', { attrs: { href: documentPath(docId), 'data-link': true } }, title),
              ' ',
              rights.edit
                ? h('button', {
                    text: 'glossaryDetach',
                    attrs: { type: 'button', 'aria-label': `${t('glossaryDetach')} — ${title}` },
                    on: { click: () => change(ctx.api.detachGlossary(id, docId)) },
                  })
                : null,
            );
          })),
    ),
    others.length === 0 || !rights.edit
      ? null
      : h(
          'form',
          {
            className: 'inline-form',
            on: {
              submit: onSubmit(() => {
                if (select.value !== '') {
                  change(ctx.api.attachGlossary(id, select.value));
                }
              }),
            },
          },
          h('label', { text: 'attachDocumentLabel', attrs: { for: select.id } }),
          select,
          h('button', { text: 'glossaryAttach', attrs: { type: 'submit', 'data-testid': 'attach-document' } }),
        ),
    error,
    ].filter(present),
  );
  section.setAttribute('aria-labelledby', headingId);
  section.hidden = false;
  }

function present<T>(item: T | null): item is T {
  return item !== null;
}
