/**
 * A workspace (`/w/{id}`): its documents and glossaries, its members and activity journal for
 * everyone in it; for its facilitators also invitations and disciplines, and members' roles.
 */
import { ApiError, type Workspace } from '../api';
import { disciplineLabel } from '../disciplines';
import { h, onLanguageChange } from '../dom';
import { format, t } from '../i18n';
import { canManage, roleKey } from '../roles';
import type { AppContext, Screen } from './context';
import { workspaceGlossaries } from './home-glossaries';
import { errorText } from './home';
import { workspaceDisciplines } from './workspace-disciplines';
import { workspaceDocuments } from './workspace-documents';
import { workspaceInvitations } from './workspace-invitations';
import { workspaceJournal } from './workspace-journal';
import { workspaceMembers } from './workspace-members';

export function workspaceScreen(ctx: AppContext, id: string, onNotFound: () => void): Screen {
  const heading = h('h1', { attrs: { tabindex: -1, 'data-testid': 'workspace-name' } }, t('loading'));
  const about = h('p', { className: 'muted', attrs: { 'data-testid': 'workspace-role' } });
  const body = h('div', { className: 'workspace__grid' });
  const element = h('div', { className: 'workspace' }, heading, about, body);
  const disposers: (() => void)[] = [];
  let destroyed = false;

  const show = (workspace: Workspace): void => {
    heading.textContent = workspace.name;
    document.title = `${workspace.name} — Cahier`;
    const describe = (): void => {
      about.textContent = `${format('workspaceYourRole', { role: t(roleKey(workspace.role)) })} · ${format('workspaceYourDiscipline', {
        discipline: disciplineLabel(workspace.discipline),
      })}`;
    };
    describe();
    disposers.push(onLanguageChange(describe));

    const journal = workspaceJournal(ctx, workspace.id);
    const self = ctx.session.user?.id ?? ctx.session.guest?.id;
    const members = workspaceMembers(ctx, workspace, self, (member, removed) => {
      if (member.id !== self) {
        journal.reload();
      } else if (removed) {
        ctx.navigate('/', { replace: true }); // one's own membership is gone: nothing here to show
      } else {
        ctx.navigate(location.pathname, { replace: true }); // one's own role changed: the page follows it
      }
    });
    const glossaries = workspaceGlossaries(ctx);
    glossaries.show(workspace);
    disposers.push(journal.destroy, members.destroy);
    body.append(workspaceDocuments(ctx, workspace), glossaries.element, members.element);
    if (canManage(workspace.role)) {
      const invitations = workspaceInvitations(ctx, workspace.id, () => journal.reload());
      const disciplines = workspaceDisciplines(ctx, workspace, (next) => {
        members.setWorkspace(next);
        journal.reload();
      });
      disposers.push(invitations.destroy, disciplines.destroy);
      body.append(invitations.element, disciplines.element);
    }
    body.append(journal.element);
  };

  ctx.workspace(id).then(
    (workspace) => {
      if (!destroyed) {
        show(workspace);
      }
    },
    (error: unknown) => {
      if (destroyed) {
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        onNotFound();
        return;
      }
      heading.textContent = t('appName');
      body.replaceChildren(
        h('p', { className: 'error', attrs: { role: 'alert' } }, errorText(error)),
        h('button', { text: 'retry', attrs: { type: 'button' }, on: { click: () => ctx.navigate(location.pathname) } }),
      );
    },
  );

  return {
    element,
    heading,
    destroy: () => {
      destroyed = true;
      disposers.forEach((dispose) => dispose());
    },
  };
}
