/**
 * A workspace's invitation links (facilitators): creating one (role, label, how long, how many
 * uses), its link shown once — the server keeps only a hash of the token —, the list with each
 * link's state, and revoking.
 */
import type { CreatedInvitation, Invitation } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { format, formatDateTime, t } from '../i18n';
import {
  canRevoke,
  DEFAULT_EXPIRY_HOURS,
  DEFAULT_MAX_USES,
  expiryHours,
  invitationStateKey,
  maxUses,
  type ExpiryUnit,
} from '../invitations';
import { isRole, roleKey, ROLES } from '../roles';
import type { AppContext } from './context';
import { field, FormError, onSubmit, whileBusy } from './forms';
import { errorText } from './home';

export interface WorkspaceInvitations {
  readonly element: HTMLElement;
  destroy(): void;
}

export function workspaceInvitations(ctx: AppContext, workspaceId: string, changed: () => void): WorkspaceInvitations {
  const heading = h('h2', { text: 'invitationsHeading', attrs: { id: uid('invitations-heading'), tabindex: -1 } });
  const list = h('ul', { className: 'list invitations', attrs: { 'data-testid': 'invitations' } });
  const status = h('p', { className: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } }, t('loading'));
  const created = h('div', { className: 'invitation-link', attrs: { hidden: true, 'data-testid': 'invitation-created' } });
  const element = h('section', { className: 'card', attrs: { 'aria-labelledby': heading.id } }, heading, newInvitationForm(), created, status, list);
  /** Undefined until the first answer. */
  let invitations: Invitation[] | undefined;

  function newInvitationForm(): HTMLFormElement {
    const headingId = uid('new-invitation');
    const roleId = uid('invitation-role');
    const role = h(
      'select',
      { attrs: { id: roleId, name: 'role' } },
      ...ROLES.map((value) => h('option', { text: roleKey(value), attrs: { value, selected: value === 'editor' } })),
    );
    const label = field('invitationLabelLabel', { name: 'label', maxlength: 100 });
    const expiry = field('invitationExpiryLabel', { name: 'expires', type: 'number', min: 1, max: 720, step: 1, value: DEFAULT_EXPIRY_HOURS / 24, required: true });
    const unit = h(
      'select',
      { attrs: { name: 'unit' }, i18nAttrs: { 'aria-label': 'invitationExpiryUnitLabel' } },
      h('option', { text: 'unitDays', attrs: { value: 'days', selected: true } }),
      h('option', { text: 'unitHours', attrs: { value: 'hours' } }),
    );
    expiry.element.append(unit);
    const uses = field('invitationMaxUsesLabel', { name: 'max-uses', type: 'number', min: 1, max: 1000, step: 1, value: DEFAULT_MAX_USES, required: true });
    const error = new FormError();
    const submit = h('button', { className: 'primary', text: 'invitationCreate', attrs: { type: 'submit' } });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form',
        attrs: { 'aria-labelledby': headingId, 'data-testid': 'new-invitation', novalidate: true },
        on: {
          submit: onSubmit(() => {
            error.clear();
            const hours = expiryHours(expiry.input.value, unit.value as ExpiryUnit);
            const times = maxUses(uses.input.value);
            if (hours === undefined) {
              error.show(t('invitationExpiryInvalid'), expiry.input);
              return;
            }
            if (times === undefined) {
              error.show(t('invitationMaxUsesInvalid'), uses.input);
              return;
            }
            if (!isRole(role.value)) {
              return;
            }
            const chosenLabel = label.input.value.trim();
            whileBusy(form, submit, 'invitationCreating', () =>
              ctx.api.createInvitation(workspaceId, {
                role: role.value as Invitation['role'],
                ...(chosenLabel === '' ? {} : { label: chosenLabel }),
                expiresInHours: hours,
                maxUses: times,
              }),
            ).then(
              (invitation) => {
                label.input.value = '';
                showOnce(invitation);
                invitations = [invitation, ...(invitations ?? [])];
                render();
                changed();
              },
              (failure: unknown) => error.show(errorText(failure)),
            );
          }),
        },
      },
      h('h3', { text: 'invitationNewHeading', attrs: { id: headingId } }),
      h('div', { className: 'field' }, h('label', { text: 'roleLabel', attrs: { for: roleId } }), role),
      label.element,
      expiry.element,
      uses.element,
      error.element,
      submit,
    );
    return form;
  }

  /** The new link, this once: with a copy button and the warning that it will not be shown again. */
  const showOnce = (invitation: CreatedInvitation): void => {
    const linkHeading = h('h3', { text: 'invitationLinkHeading', attrs: { id: uid('link-heading'), tabindex: -1 } });
    const link = h('input', {
      attrs: { type: 'text', readonly: true, value: invitation.link, 'aria-labelledby': linkHeading.id, 'data-testid': 'invitation-link', spellcheck: 'false' },
    });
    const copied = h('p', { className: 'muted', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'invitation-copied' } });
    const copy = h('button', {
      text: 'copyLink',
      attrs: { type: 'button', 'data-testid': 'invitation-copy' },
      on: {
        click: () => {
          copyText(link).then(
            (done) => {
              copied.dataset['i18n'] = done ? 'linkCopied' : 'copyFailed';
              copied.textContent = t(done ? 'linkCopied' : 'copyFailed');
            },
            () => undefined,
          );
        },
      },
    });
    link.addEventListener('focus', () => link.select());
    created.replaceChildren(
      linkHeading,
      h('p', { className: 'warning', text: 'invitationLinkOnce' }),
      h('div', { className: 'inline-form' }, link, copy),
      copied,
    );
    created.hidden = false;
    linkHeading.focus();
  };

  const item = (invitation: Invitation): HTMLElement => {
    const name = invitation.label ?? t('invitationUntitled');
    const error = h('p', { className: 'error', attrs: { role: 'alert' } });
    const li = h(
      'li',
      { className: 'invitation', attrs: { 'data-invitation': invitation.id, 'data-state': invitation.state, 'data-testid': 'invitation' } },
      h('span', { className: 'invitation__label' }, name),
      ' · ',
      h('span', { text: roleKey(invitation.role) }),
      h('span', { className: `badge badge--${invitation.state}`, text: invitationStateKey(invitation.state), attrs: { 'data-testid': 'invitation-state' } }),
      ' ',
      h('span', { className: 'muted' }, format('invitationUses', { uses: invitation.uses, max: invitation.maxUses })),
      ' · ',
      h('span', { className: 'muted' }, format('invitationUntil', { date: formatDateTime(invitation.expiresAt) })),
      ' · ',
      h('span', { className: 'muted' }, format('invitationBy', { name: invitation.createdBy.name })),
    );
    if (canRevoke(invitation.state)) {
      const revoke = h('button', {
        text: 'invitationRevoke',
        attrs: { type: 'button', 'aria-label': format('invitationRevokeOf', { label: name }), 'data-testid': 'invitation-revoke' },
      });
      revoke.addEventListener('click', () => {
        revoke.disabled = true;
        error.textContent = '';
        ctx.api.revokeInvitation(workspaceId, invitation.id).then(
          () => {
            status.textContent = t('invitationRevokedDone');
            heading.focus();
            load();
            changed();
          },
          (failure: unknown) => {
            revoke.disabled = false;
            error.textContent = errorText(failure);
          },
        );
      });
      li.append(' ', revoke);
    }
    li.append(error);
    return li;
  };

  const render = (): void => {
    if (invitations === undefined) {
      return;
    }
    list.replaceChildren(...(invitations.length === 0 ? [h('li', { className: 'muted', text: 'invitationsEmpty' })] : invitations.map(item)));
  };

  const load = (): void => {
    ctx.api.listInvitations(workspaceId).then(
      (loaded) => {
        if (invitations === undefined) {
          status.textContent = ''; // "loading" goes; later announcements (revoked…) stay
        }
        invitations = loaded;
        render();
      },
      (failure: unknown) => {
        status.textContent = errorText(failure);
      },
    );
  };
  load();
  const stopTranslating = onLanguageChange(render);
  return { element, destroy: stopTranslating };
}

/** Copies the input's text: the Clipboard API, else the selection and the old copy command. */
async function copyText(input: HTMLInputElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}
