/** Home: who is writing, the workspaces, the documents of the open one, and recently opened documents. */
import { ApiError, DOCUMENT_KINDS, type DocumentInfo, type DocumentKind, type Workspace } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { format, t, type MessageKey } from '../i18n';
import { readRecent, recentIn, type RecentDocument } from '../recent';
import { documentPath } from '../router';
import type { AppContext, Screen } from './context';
import { workspaceGlossaries } from './home-glossaries';
import { identityForm } from './identity-form';

const WORKSPACE_KEY = 'cahier.workspace';

export const KIND_KEYS: Record<DocumentKind, MessageKey> = {
  paper: 'kindPaper',
  'experiment-spec': 'kindExperimentSpec',
  note: 'kindNote',
};

export function kindKey(kind: string): MessageKey {
  return (KIND_KEYS as Record<string, MessageKey | undefined>)[kind] ?? 'kindNote';
}

/** Text for a failed request, in words a user can act on. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.code === 'network' ? t('networkError') : format('requestFailed', { detail: error.detail });
  }
  return format('requestFailed', { detail: String(error) });
}

export function homeScreen(ctx: AppContext, options: { editIdentity?: boolean } = {}): Screen {
  const heading = h('h1', { text: 'appName', attrs: { tabindex: -1 } });
  const body = h('div', { className: 'home__body' });
  const element = h('div', { className: 'home' }, heading, h('p', { className: 'tagline', text: 'tagline' }), body);
  const disposers: (() => void)[] = [];
  let workspaces: Workspace[] = [];
  let current: string | undefined = ctx.storage?.getItem(WORKSPACE_KEY) ?? undefined;

  const showIdentity = (): void => {
    body.replaceChildren(
      identityForm(ctx.identity(), (identity) => {
        ctx.setIdentity(identity);
        showMain();
      }),
    );
    body.querySelector('input')?.focus();
  };

  // --- workspaces
  const workspaceList = h('ul', { className: 'list', attrs: { 'data-testid': 'workspaces' } });
  const workspaceStatus = h('p', { className: 'muted', attrs: { role: 'status' } });
  const workspaceNameId = uid('workspace-name');
  const workspaceName = h('input', { attrs: { id: workspaceNameId, name: 'workspace', required: true, maxlength: 200 } });
  const workspaceError = h('p', { className: 'error', attrs: { role: 'alert' } });
  const workspacesHeading = h('h2', { text: 'workspacesHeading', attrs: { id: uid('ws-heading') } });
  const workspaceSection = h(
    'section',
    { className: 'card', attrs: { 'aria-labelledby': workspacesHeading.id } },
    workspacesHeading,
    workspaceStatus,
    workspaceList,
    h(
      'form',
      {
        className: 'inline-form',
        on: {
          submit: (event) => {
            event.preventDefault();
            const name = workspaceName.value.trim();
            if (name.length === 0) {
              workspaceName.focus();
              return;
            }
            workspaceError.textContent = '';
            ctx.api.createWorkspace(name).then(
              (workspace) => {
                workspaceName.value = '';
                workspaces.push(workspace);
                select(workspace.id);
              },
              (error: unknown) => {
                workspaceError.textContent = errorText(error);
              },
            );
          },
        },
      },
      h('label', { text: 'workspaceNameLabel', attrs: { for: workspaceNameId } }),
      workspaceName,
      h('button', { text: 'workspaceCreate', attrs: { type: 'submit' } }),
    ),
    workspaceError,
  );

  // --- documents of the open workspace
  const documentsHeading = h('h2', { attrs: { id: uid('docs-heading') } });
  const documentList = h('ul', { className: 'list', attrs: { 'data-testid': 'documents' } });
  const documentStatus = h('p', { className: 'muted', attrs: { role: 'status' } });
  const titleId = uid('doc-title');
  const kindId = uid('doc-kind');
  const docTitle = h('input', { attrs: { id: titleId, name: 'title', required: true, maxlength: 200 } });
  const docKind = h(
    'select',
    { attrs: { id: kindId, name: 'kind' } },
    ...DOCUMENT_KINDS.map((kind) => h('option', { text: KIND_KEYS[kind], attrs: { value: kind } })),
  );
  const documentError = h('p', { className: 'error', attrs: { role: 'alert' } });
  const newDocHeading = h('h3', { text: 'newDocumentHeading', attrs: { id: uid('new-doc') } });
  const createForm = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'aria-labelledby': newDocHeading.id, 'data-testid': 'new-document' },
      on: {
        submit: (event) => {
          event.preventDefault();
          const title = docTitle.value.trim();
          if (current === undefined || title.length === 0) {
            docTitle.focus();
            return;
          }
          documentError.textContent = '';
          ctx.api.createDocument(current, title, docKind.value as DocumentKind).then(
            (doc) => ctx.navigate(documentPath(doc.id)),
            (error: unknown) => {
              documentError.textContent = errorText(error);
            },
          );
        },
      },
    },
    newDocHeading,
    h('div', { className: 'field' }, h('label', { text: 'documentTitleLabel', attrs: { for: titleId } }), docTitle),
    h('div', { className: 'field' }, h('label', { text: 'documentKindLabel', attrs: { for: kindId } }), docKind),
    h('button', { className: 'primary', text: 'documentCreate', attrs: { type: 'submit' } }),
    documentError,
  );
  const documentSection = h(
    'section',
    { className: 'card', attrs: { 'aria-labelledby': documentsHeading.id } },
    documentsHeading,
    documentStatus,
    documentList,
    createForm,
  );

  // --- recently opened
  const recentHeading = h('h2', { text: 'recentHeading', attrs: { id: uid('recent-heading') } });
  const recentList = h('ul', { className: 'list', attrs: { 'data-testid': 'recent' } });
  const recentSection = h(
    'section',
    { className: 'card', attrs: { 'aria-labelledby': recentHeading.id } },
    recentHeading,
    recentList,
  );

  const documentLink = (doc: Pick<DocumentInfo | RecentDocument, 'id' | 'title' | 'kind'>, archived = false): HTMLElement =>
    h(
      'li',
      {},
      h('a', { attrs: { href: documentPath(doc.id), 'data-link': true } }, doc.title),
      ' ',
      h('span', { className: 'muted', text: kindKey(doc.kind) }),
      archived ? h('span', { className: 'badge', text: 'archived' }) : null,
    );

  const renderRecent = (): void => {
    const all = readRecent(ctx.storage);
    const list = current === undefined ? all : recentIn(all, current);
    recentList.replaceChildren(
      ...(list.length === 0 ? [h('li', { className: 'muted', text: 'recentEmpty' })] : list.map((d) => documentLink(d))),
    );
  };

  const renderWorkspaces = (): void => {
    workspaceList.replaceChildren(
      ...workspaces.map((workspace) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              className: 'link-button',
              attrs: { type: 'button', 'aria-pressed': workspace.id === current ? 'true' : 'false' },
              on: { click: () => select(workspace.id) },
            },
            workspace.name,
          ),
        ),
      ),
    );
    workspaceStatus.textContent = workspaces.length === 0 ? t('workspacesEmpty') : '';
  };

  const renderDocumentsHeading = (): void => {
    const workspace = workspaces.find((w) => w.id === current);
    documentsHeading.textContent = workspace ? format('documentsHeading', { workspace: workspace.name }) : t('chooseWorkspace');
    createForm.hidden = workspace === undefined;
  };

  const glossaries = workspaceGlossaries(ctx);
  let documentsRequest = 0;
  const loadDocuments = (): void => {
    renderDocumentsHeading();
    glossaries.show(workspaces.find((w) => w.id === current));
    documentList.replaceChildren();
    if (current === undefined || !workspaces.some((w) => w.id === current)) {
      documentStatus.textContent = '';
      return;
    }
    const request = ++documentsRequest;
    documentStatus.textContent = t('loading');
    ctx.api.listDocuments(current).then(
      (docs) => {
        if (request !== documentsRequest) {
          return;
        }
        documentStatus.textContent = docs.length === 0 ? t('documentsEmpty') : '';
        documentList.replaceChildren(...docs.map((doc) => documentLink(doc, doc.archived)));
      },
      (error: unknown) => {
        if (request === documentsRequest) {
          documentStatus.textContent = errorText(error);
        }
      },
    );
  };

  function select(id: string): void {
    current = id;
    try {
      ctx.storage?.setItem(WORKSPACE_KEY, id);
    } catch {
      // not remembered: fine
    }
    renderWorkspaces();
    loadDocuments();
    renderRecent();
  }

  function showMain(): void {
    body.replaceChildren(h('div', { className: 'home__grid' }, workspaceSection, documentSection, glossaries.element, recentSection));
    workspaceStatus.textContent = t('loading');
    renderRecent();
    renderDocumentsHeading();
    ctx.api.listWorkspaces().then(
      (list) => {
        workspaces = list;
        if (current !== undefined && !list.some((w) => w.id === current)) {
          current = undefined;
        }
        if (current === undefined && list.length === 1) {
          current = list[0]?.id;
        }
        renderWorkspaces();
        loadDocuments();
        renderRecent();
      },
      (error: unknown) => {
        workspaceStatus.textContent = errorText(error);
      },
    );
  }

  disposers.push(
    onLanguageChange(() => {
      renderDocumentsHeading();
      renderWorkspaces();
      glossaries.show(workspaces.find((w) => w.id === current));
    }),
  );

  if (ctx.identity() === undefined || options.editIdentity === true) {
    showIdentity();
  } else {
    showMain();
  }
  return {
    element,
    heading,
    destroy: () => disposers.forEach((dispose) => dispose()),
  };
}
