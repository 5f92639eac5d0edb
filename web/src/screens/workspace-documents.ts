/** A workspace's documents, and (for editors and facilitators) a form to create one of a kind. */
import { DOCUMENT_KINDS, type DocumentInfo, type DocumentKind, type Workspace } from '../api';
import { h, uid } from '../dom';
import { t } from '../i18n';
import { canEdit } from '../roles';
import { documentPath } from '../router';
import type { AppContext } from './context';
import { FormError, onSubmit, whileBusy } from './forms';
import { errorText, KIND_KEYS, kindKey } from './home';

export function workspaceDocuments(ctx: AppContext, workspace: Workspace): HTMLElement {
  const heading = h('h2', { text: 'documentsTitle', attrs: { id: uid('docs-heading') } });
  const list = h('ul', { className: 'list', attrs: { 'data-testid': 'documents' } });
  const status = h('p', { className: 'muted', attrs: { role: 'status' } }, t('loading'));
  const section = h('section', { className: 'card', attrs: { 'aria-labelledby': heading.id } }, heading, status, list);
  if (canEdit(workspace.role)) {
    section.append(newDocumentForm(ctx, workspace.id));
  }

  const link = (doc: DocumentInfo): HTMLElement =>
    h(
      'li',
      {},
      h('a', { attrs: { href: documentPath(doc.id), 'data-link': true } }, doc.title),
      ' ',
      h('span', { className: 'muted', text: kindKey(doc.kind) }),
      doc.archived ? h('span', { className: 'badge', text: 'archived' }) : null,
    );
  ctx.api.listDocuments(workspace.id).then(
    (docs) => {
      status.textContent = docs.length === 0 ? t('documentsEmpty') : '';
      list.replaceChildren(...docs.map(link));
    },
    (error: unknown) => {
      status.textContent = errorText(error);
    },
  );
  return section;
}

function newDocumentForm(ctx: AppContext, workspaceId: string): HTMLFormElement {
  const headingId = uid('new-doc');
  const titleId = uid('doc-title');
  const kindId = uid('doc-kind');
  const title = h('input', { attrs: { id: titleId, name: 'title', required: true, maxlength: 200 } });
  const kind = h(
    'select',
    { attrs: { id: kindId, name: 'kind' } },
    ...DOCUMENT_KINDS.map((value) => h('option', { text: KIND_KEYS[value], attrs: { value } })),
  );
  const error = new FormError();
  const submit = h('button', { className: 'primary', text: 'documentCreate', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'aria-labelledby': headingId, 'data-testid': 'new-document', novalidate: true },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const chosen = title.value.trim();
          if (chosen === '') {
            title.focus();
            return;
          }
          whileBusy(form, submit, 'saving', () => ctx.api.createDocument(workspaceId, chosen, kind.value as DocumentKind)).then(
            (doc) => ctx.navigate(documentPath(doc.id)),
            (failure: unknown) => error.show(errorText(failure), title),
          );
        }),
      },
    },
    h('h3', { text: 'newDocumentHeading', attrs: { id: headingId } }),
    h('div', { className: 'field' }, h('label', { text: 'documentTitleLabel', attrs: { for: titleId } }), title),
    h('div', { className: 'field' }, h('label', { text: 'documentKindLabel', attrs: { for: kindId } }), kind),
    error.element,
    submit,
  );
  return form;
}
