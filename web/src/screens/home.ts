/**
 * Home. Nobody signed in: how to get in (sign in, or open an invitation link). Signed in or a
 * guest: their workspaces with their role in each, a form to create one (accounts that may
 * facilitate), and the documents recently opened in this browser.
 */
import { ApiError, type DocumentKind, type Workspace } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { format, t, type MessageKey } from '../i18n';
import { readRecent, type RecentDocument } from '../recent';
import { roleKey } from '../roles';
import { documentPath, signInPath, workspacePath } from '../router';
import type { AppContext, Screen } from './context';
import { field, FormError, onSubmit, whileBusy } from './forms';

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

/** For nobody signed in: `heading` and `intro` say why they are here; then the two ways in. */
export function welcomeScreen(heading: MessageKey, intro: MessageKey | undefined, from: string): Screen {
  const title = h('h1', { text: heading, attrs: { tabindex: -1 } });
  const element = h(
    'div',
    { className: 'card welcome', attrs: { 'data-testid': 'welcome' } },
    title,
    intro === undefined ? null : h('p', { text: intro }),
    h('p', { text: 'welcomeSignIn' }),
    h('p', {}, h('a', { className: 'button primary', text: 'signIn', attrs: { href: signInPath(from), 'data-link': true, 'data-testid': 'welcome-signin' } })),
    h('p', { text: 'welcomeInvitation' }),
  );
  return { element, heading: title, destroy: () => {} };
}

export function homeScreen(ctx: AppContext): Screen {
  if (ctx.session.status === 'anonymous') {
    return welcomeScreen('welcomeHeading', 'tagline', '/');
  }
  const heading = h('h1', { text: 'appName', attrs: { tabindex: -1 } });
  const facilitator = ctx.session.user?.facilitator === true;

  const workspaceList = h('ul', { className: 'list', attrs: { 'data-testid': 'workspaces' } });
  const workspaceStatus = h('p', { className: 'muted', attrs: { role: 'status' } });
  const workspacesHeading = h('h2', { text: 'workspacesHeading', attrs: { id: uid('ws-heading') } });
  const workspaceSection = h(
    'section',
    { className: 'card', attrs: { 'aria-labelledby': workspacesHeading.id } },
    workspacesHeading,
    workspaceStatus,
    workspaceList,
    facilitator ? newWorkspaceForm(ctx) : null,
  );

  const recentHeading = h('h2', { text: 'recentHeading', attrs: { id: uid('recent-heading') } });
  const recentList = h('ul', { className: 'list', attrs: { 'data-testid': 'recent' } });
  const recentSection = h('section', { className: 'card', attrs: { 'aria-labelledby': recentHeading.id } }, recentHeading, recentList);

  const element = h(
    'div',
    { className: 'home' },
    heading,
    h('p', { className: 'tagline', text: 'tagline' }),
    h('div', { className: 'home__grid' }, workspaceSection, recentSection),
  );

  let workspaces: Workspace[] | undefined;
  const renderWorkspaces = (): void => {
    if (workspaces === undefined) {
      return;
    }
    workspaceList.replaceChildren(
      ...workspaces.map((workspace) =>
        h(
          'li',
          { attrs: { 'data-workspace': workspace.id } },
          h('a', { attrs: { href: workspacePath(workspace.id), 'data-link': true } }, workspace.name),
          ' ',
          h('span', { className: 'muted', text: roleKey(workspace.role) }),
        ),
      ),
    );
    workspaceStatus.textContent =
      workspaces.length > 0 ? '' : facilitator ? t('workspacesEmpty') : t('workspacesEmptyMember');
  };

  const documentLink = (doc: RecentDocument): HTMLElement =>
    h(
      'li',
      {},
      h('a', { attrs: { href: documentPath(doc.id), 'data-link': true } }, doc.title),
      ' ',
      h('span', { className: 'muted', text: kindKey(doc.kind) }),
    );
  const recent = readRecent(ctx.storage);
  recentList.replaceChildren(
    ...(recent.length === 0 ? [h('li', { className: 'muted', text: 'recentEmpty' })] : recent.map(documentLink)),
  );

  workspaceStatus.textContent = t('loading');
  ctx.api.listWorkspaces().then(
    (list) => {
      workspaces = list;
      renderWorkspaces();
    },
    (error: unknown) => {
      workspaceStatus.textContent = errorText(error);
    },
  );
  const stopTranslating = onLanguageChange(renderWorkspaces);
  return { element, heading, destroy: stopTranslating };
}

/** Creating a workspace (accounts that may facilitate): its page opens, the creator its facilitator. */
function newWorkspaceForm(ctx: AppContext): HTMLElement {
  const headingId = uid('new-ws');
  const name = field('workspaceNameLabel', { name: 'workspace', required: true, maxlength: 200 });
  const error = new FormError();
  const submit = h('button', { text: 'workspaceCreate', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'aria-labelledby': headingId, 'data-testid': 'new-workspace', novalidate: true },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const chosen = name.input.value.trim();
          if (chosen === '') {
            name.input.focus();
            return;
          }
          whileBusy(form, submit, 'saving', () => ctx.api.createWorkspace(chosen)).then(
            (workspace) => ctx.navigate(workspacePath(workspace.id)),
            (failure: unknown) => error.show(errorText(failure), name.input),
          );
        }),
      },
    },
    h('h3', { text: 'newWorkspaceHeading', attrs: { id: headingId } }),
    name.element,
    error.element,
    submit,
  );
  return form;
}
