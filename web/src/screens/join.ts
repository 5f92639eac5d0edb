/**
 * Joining a workspace from an invitation link (`/i/{token}`): what the link invites to (workspace,
 * role), then a display name and a discipline. Nobody signed in becomes a guest (the server starts
 * a guest session); someone signed in or already a guest joins as they are. A link that is unknown,
 * expired, used up or revoked says so.
 */
import type { InvitationPreview } from '../api';
import { ApiError } from '../api';
import { cleanName, disciplineLabel, MAX_NAME_LENGTH } from '../disciplines';
import { h, onLanguageChange, uid } from '../dom';
import { format, formatDateTime, t } from '../i18n';
import { invitationFailure } from '../invitations';
import { roleKey } from '../roles';
import { workspacePath } from '../router';
import type { AppContext, Screen } from './context';
import { errorText } from './home';
import { field, FormError, onSubmit, whileBusy } from './forms';

export function joinScreen(ctx: AppContext, token: string): Screen {
  const heading = h('h1', { text: 'loading', attrs: { tabindex: -1, id: uid('join-heading'), 'data-testid': 'join-heading' } });
  const body = h('div', {});
  const element = h('div', { className: 'card account join', attrs: { 'data-testid': 'join' } }, heading, body);
  let destroyed = false;

  /** The link cannot be used: say why, in the page's language, with the server's own words for a used link. */
  const refused = (error: unknown): void => {
    heading.removeAttribute('data-i18n');
    switch (invitationFailure(error)) {
      case 'unknown':
        heading.dataset['i18n'] = 'invitationUnknownHeading';
        heading.textContent = t('invitationUnknownHeading');
        body.replaceChildren(h('p', { text: 'invitationUnknownText', attrs: { 'data-testid': 'join-error' } }));
        break;
      case 'gone':
        heading.dataset['i18n'] = 'invitationGoneHeading';
        heading.textContent = t('invitationGoneHeading');
        body.replaceChildren(
          h('p', { text: 'invitationGoneText', attrs: { 'data-testid': 'join-error' } }),
          h('p', { className: 'muted' }, format('serverSays', { detail: error instanceof ApiError ? error.detail : '' })),
        );
        break;
      case 'rate-limited':
        heading.textContent = t('appName');
        body.replaceChildren(h('p', { className: 'error', text: 'invitationRateLimited', attrs: { role: 'alert', 'data-testid': 'join-error' } }));
        break;
      default:
        heading.textContent = t('appName');
        body.replaceChildren(
          h('p', { className: 'error', attrs: { role: 'alert', 'data-testid': 'join-error' } }, errorText(error)),
          h('button', { text: 'retry', attrs: { type: 'button' }, on: { click: () => ctx.navigate(location.pathname) } }),
        );
    }
  };

  const showForm = (invitation: InvitationPreview): void => {
    heading.removeAttribute('data-i18n');
    const signedInName = ctx.session.name;
    const name = field('nameLabel', { name: 'name', autocomplete: 'nickname', required: true, maxlength: MAX_NAME_LENGTH });
    const disciplineId = uid('join-discipline');
    const discipline = h(
      'select',
      { attrs: { id: disciplineId, name: 'discipline', required: true } },
      h('option', { text: 'disciplineChoose', attrs: { value: '' } }),
      ...invitation.disciplines.map((code) => h('option', { attrs: { value: code } }, disciplineLabel(code))),
    );
    const error = new FormError();
    error.element.dataset['testid'] = 'join-form-error';
    const submit = h('button', { className: 'primary', text: 'joinSubmit', attrs: { type: 'submit' } });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form',
        attrs: { novalidate: true, 'aria-labelledby': heading.id, 'data-testid': 'join-form' },
        on: {
          submit: onSubmit(() => {
            error.clear();
            const chosenName = signedInName === undefined ? cleanName(name.input.value) : undefined;
            if (signedInName === undefined && chosenName === undefined) {
              error.show(h('p', { text: 'nameRequired' }), name.input);
              return;
            }
            if (discipline.value === '') {
              error.show(t('disciplineRequired'));
              discipline.setAttribute('aria-invalid', 'true');
              discipline.focus();
              return;
            }
            discipline.removeAttribute('aria-invalid');
            whileBusy(form, submit, 'joining', () => ctx.api.redeemInvitation(token, chosenName, discipline.value)).then(
              async (redeemed) => {
                // A new guest session was started (its cookie set): learn who the page now is, and its CSRF token.
                await ctx.session.refresh();
                ctx.navigate(workspacePath(redeemed.workspace.id), { replace: true });
              },
              (failure: unknown) => {
                const kind = invitationFailure(failure);
                if (kind === 'unknown' || kind === 'gone') {
                  refused(failure);
                } else if (kind === 'rate-limited') {
                  error.show(t('invitationRateLimited'));
                  submit.focus();
                } else {
                  error.show(errorText(failure));
                  submit.focus();
                }
              },
            );
          }),
        },
      },
      signedInName === undefined ? name.element : h('p', { attrs: { 'data-testid': 'join-as' } }, format('joinAs', { name: signedInName })),
      h('div', { className: 'field' }, h('label', { text: 'disciplineLabel', attrs: { for: disciplineId } }), discipline),
      error.element,
      submit,
    );
    const role = h('p', { attrs: { 'data-testid': 'join-role' } });
    const expires = h('p', { className: 'muted' });
    const describe = (): void => {
      heading.textContent = format('joinHeading', { workspace: invitation.workspace.name });
      role.textContent = format('joinRole', { role: t(roleKey(invitation.role)) });
      expires.textContent = format('joinExpires', { date: formatDateTime(invitation.expiresAt) });
      for (const option of discipline.options) {
        if (option.value !== '') {
          option.textContent = disciplineLabel(option.value);
        }
      }
    };
    describe();
    body.replaceChildren(role, expires, h('p', { className: 'muted', text: 'joinIntro' }), form);
    stopTranslating = onLanguageChange(describe);
  };

  let stopTranslating = (): void => {};
  ctx.api.previewInvitation(token).then(
    (invitation) => {
      if (!destroyed) {
        showForm(invitation);
      }
    },
    (error: unknown) => {
      if (!destroyed) {
        refused(error);
      }
    },
  );
  return {
    element,
    heading,
    destroy: () => {
      destroyed = true;
      stopTranslating();
    },
  };
}
