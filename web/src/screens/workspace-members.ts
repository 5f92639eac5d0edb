/**
 * A workspace's members: everyone sees who is there, with their discipline and role; a facilitator
 * also changes roles and disciplines (PATCH), removes members after confirming (DELETE) and adds an
 * existing account by its email (POST). The server closes a changed member's connections (4003), so
 * the change takes effect at once.
 */
import { ApiError, type Member, type Workspace } from '../api';
import { disciplineLabel } from '../disciplines';
import { h, onLanguageChange, uid } from '../dom';
import { format, t } from '../i18n';
import { canManage, isRole, roleKey, ROLES } from '../roles';
import type { AppContext } from './context';
import { FormError, onSubmit, whileBusy } from './forms';
import { errorText } from './home';

export interface WorkspaceMembers {
  readonly element: HTMLElement;
  /** The workspace changed (a discipline was added): the discipline choices follow. */
  setWorkspace(workspace: Workspace): void;
  destroy(): void;
}

/**
 * `self`: the caller's participant id; `changed`: after a change to `member` was saved (`removed`
 * when they were taken out), so the journal, or the caller's own rights, can follow.
 */
export function workspaceMembers(
  ctx: AppContext,
  initial: Workspace,
  self: string | undefined,
  changed: (member: Member, removed: boolean) => void,
): WorkspaceMembers {
  let workspace = initial;
  const manager = canManage(workspace.role);
  const heading = h('h2', { text: 'membersHeading', attrs: { id: uid('members-heading') } });
  const list = h('ul', { className: 'list members', attrs: { 'data-testid': 'members' } });
  const status = h('p', { className: 'muted', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'members-status' } }, t('loading'));
  const addHost = h('div');
  const element = h('section', { className: 'card', attrs: { 'aria-labelledby': heading.id } }, heading, list, status, addHost);
  let members: Member[] = [];

  /** A facilitator adds someone who has an account already, without an invitation link. */
  const addForm = (): HTMLElement => {
    const headingId = uid('member-add');
    const email = h('input', { attrs: { id: uid('member-email'), type: 'email', required: true, autocomplete: 'off', 'data-testid': 'member-add-email' } });
    const role = h(
      'select',
      { attrs: { id: uid('member-add-role'), 'data-testid': 'member-add-role' } },
      ...ROLES.map((value) => h('option', { text: roleKey(value), attrs: { value, selected: value === 'editor' } })),
    );
    const discipline = h(
      'select',
      { attrs: { id: uid('member-add-discipline'), 'data-testid': 'member-add-discipline' } },
      h('option', { text: 'disciplineNone', attrs: { value: '' } }),
      ...workspace.disciplines.map((value) => h('option', { attrs: { value } }, disciplineLabel(value))),
    );
    const error = new FormError();
    const submit = h('button', { className: 'primary', text: 'memberAdd', attrs: { type: 'submit', 'data-testid': 'member-add' } });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form',
        attrs: { 'aria-labelledby': headingId, 'data-testid': 'member-add-form', novalidate: true },
        on: {
          submit: onSubmit(() => {
            const address = email.value.trim();
            if (!/^[^@\s]+@[^@\s]+$/.test(address)) {
              error.show(t('emailInvalid'), email);
              return;
            }
            const chosenRole = isRole(role.value) ? role.value : 'editor';
            whileBusy(form, submit, 'saving', () =>
              ctx.api.addMember(workspace.id, address, chosenRole, discipline.value === '' ? undefined : discipline.value),
            ).then(
              (added) => {
                error.clear();
                form.reset();
                members = [...members, added];
                render();
                status.textContent = format('memberAdded', { name: added.name });
                changed(added, false);
              },
              (failure: unknown) => {
                if (failure instanceof ApiError && failure.status === 404) {
                  error.show(t('memberAddNoAccount'), email);
                } else if (failure instanceof ApiError && failure.status === 409) {
                  error.show(t('memberAddAlready'), email);
                } else {
                  error.show(errorText(failure));
                }
              },
            );
          }),
        },
      },
      h('h3', { text: 'memberAddHeading', attrs: { id: headingId } }),
      h('div', { className: 'field' }, h('label', { text: 'memberAddEmail', attrs: { for: email.id } }), email),
      h('div', { className: 'field' }, h('label', { text: 'memberAddRole', attrs: { for: role.id } }), role),
      h('div', { className: 'field' }, h('label', { text: 'memberAddDiscipline', attrs: { for: discipline.id } }), discipline),
      error.element,
      submit,
    );
    return form;
  };
  if (manager) {
    addHost.replaceChildren(addForm());
  }

  const row = (member: Member): HTMLElement => {
    const item = h('li', { className: 'member', attrs: { 'data-member': member.id, 'data-testid': 'member' } });
    const error = h('p', { className: 'error', attrs: { role: 'alert' } });
    const name = h(
      'span',
      { className: 'member__name' },
      member.name,
      member.id === self ? ` ${t('memberYou')}` : '',
      member.kind === 'guest' ? h('span', { className: 'badge', text: 'memberGuest' }) : null,
    );
    const email = member.email === undefined ? null : h('span', { className: 'muted member__email' }, member.email);
    if (!manager) {
      item.append(
        name,
        ' ',
        email ?? '',
        h('span', { className: 'muted member__discipline' }, disciplineLabel(member.discipline)),
        ' ',
        h('span', { className: 'member__role', attrs: { 'data-testid': 'member-role' }, text: roleKey(member.role) }),
      );
      return item;
    }
    const role = h(
      'select',
      { attrs: { 'aria-label': format('memberRoleOf', { name: member.name }), 'data-testid': 'member-role-select' } },
      ...ROLES.map((value) => h('option', { text: roleKey(value), attrs: { value, selected: value === member.role } })),
    );
    const discipline = h(
      'select',
      { attrs: { 'aria-label': format('memberDisciplineOf', { name: member.name }), 'data-testid': 'member-discipline-select' } },
      ...(member.discipline === null ? [h('option', { text: 'disciplineNone', attrs: { value: '', selected: true } })] : []),
      ...workspace.disciplines.map((value) => h('option', { attrs: { value, selected: value === member.discipline } }, disciplineLabel(value))),
    );
    const save = (change: { role?: Member['role']; discipline?: string }, revert: () => void): void => {
      error.textContent = '';
      role.disabled = true;
      discipline.disabled = true;
      ctx.api.changeMember(workspace.id, member.id, change).then(
        (after) => {
          members = members.map((m) => (m.id === after.id ? after : m));
          item.replaceWith(row(after));
          status.textContent = format('memberChanged', { name: after.name, role: t(roleKey(after.role)) });
          changed(after, false);
        },
        (failure: unknown) => {
          role.disabled = false;
          discipline.disabled = false;
          revert();
          error.textContent = errorText(failure);
        },
      );
    };
    role.addEventListener('change', () => {
      if (isRole(role.value)) {
        save({ role: role.value }, () => (role.value = member.role));
      }
    });
    discipline.addEventListener('change', () => {
      if (discipline.value !== '') {
        save({ discipline: discipline.value }, () => (discipline.value = member.discipline ?? ''));
      }
    });
    const remove = h('button', {
      text: 'memberRemove',
      attrs: { type: 'button', 'aria-label': format('memberRemoveOf', { name: member.name }), 'data-testid': 'member-remove' },
    });
    const actions = h('span', { className: 'member__actions' }, role, ' ', discipline, ' ', remove);
    remove.addEventListener('click', () => {
      // Asked in place rather than in a dialog: the question stays next to the person it is about.
      const yes = h('button', { className: 'primary', text: 'memberRemoveYes', attrs: { type: 'button', 'data-testid': 'member-remove-confirm' } });
      const no = h('button', { text: 'cancel', attrs: { type: 'button' } });
      const confirm = h(
        'span',
        { className: 'member__confirm', attrs: { role: 'group', 'aria-label': format('memberRemoveOf', { name: member.name }) } },
        h('span', {}, format('memberRemoveConfirm', { name: member.name })),
        ' ',
        yes,
        ' ',
        no,
      );
      actions.replaceWith(confirm);
      yes.focus();
      no.addEventListener('click', () => {
        confirm.replaceWith(actions);
        remove.focus();
      });
      yes.addEventListener('click', () => {
        yes.disabled = true;
        error.textContent = '';
        ctx.api.removeMember(workspace.id, member.id).then(
          () => {
            members = members.filter((m) => m.id !== member.id);
            item.remove();
            status.textContent = format('memberRemoved', { name: member.name });
            heading.focus();
            changed(member, true);
          },
          (failure: unknown) => {
            confirm.replaceWith(actions);
            error.textContent = errorText(failure);
            remove.focus();
          },
        );
      });
    });
    item.append(name, ' ', email ?? '', ' ', actions, error);
    return item;
  };

  const render = (): void => {
    list.replaceChildren(...members.map(row));
  };

  heading.tabIndex = -1;
  ctx.api.listMembers(workspace.id).then(
    (loaded) => {
      members = loaded;
      status.textContent = '';
      render();
    },
    (failure: unknown) => {
      status.textContent = errorText(failure);
    },
  );
  const stopTranslating = onLanguageChange(render);
  return {
    element,
    setWorkspace: (next) => {
      workspace = next;
      render();
      if (manager && !addHost.contains(document.activeElement)) {
        addHost.replaceChildren(addForm());
      }
    },
    destroy: stopTranslating,
  };
}
