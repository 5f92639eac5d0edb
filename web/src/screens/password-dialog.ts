/**
 * The "change password" dialog, opened from the header. A modal `<dialog>`: focus moves into it
 * and stays there, Escape closes it, and focus goes back to the header after.
 */
import { h, uid } from '../dom';
import { format, t } from '../i18n';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, SessionError, type Session } from '../session';
import { sessionErrorText } from '../session-text';
import { field, FormError, onSubmit, whileBusy } from './forms';
import { passwordRuleText } from './setup';

/** `returnFocus` runs once the dialog closed (the header may have been redrawn meanwhile). */
export function openPasswordDialog(session: Session, returnFocus: () => void): void {
  const heading = h('h2', { text: 'changePassword', attrs: { id: uid('password-heading') } });
  const current = field('currentPasswordLabel', { name: 'current-password', type: 'password', autocomplete: 'current-password', required: true });
  const rule = h('p', { className: 'muted hint' }, passwordRuleText());
  const chosen = field(
    'newPasswordLabel',
    { name: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD_LENGTH, maxlength: MAX_PASSWORD_LENGTH },
    rule,
  );
  const repeat = field('newPasswordRepeatLabel', { name: 'new-password-repeat', type: 'password', autocomplete: 'new-password', required: true, maxlength: MAX_PASSWORD_LENGTH });
  const error = new FormError();
  const done = h('p', { className: 'ok', attrs: { role: 'status', 'data-testid': 'password-changed' } });
  const submit = h('button', { className: 'primary', text: 'save', attrs: { type: 'submit' } });
  const cancel = h('button', { text: 'cancel', attrs: { type: 'button' } });
  const dialog = h('dialog', { className: 'dialog', attrs: { 'aria-labelledby': heading.id, 'data-testid': 'password-dialog' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { novalidate: true },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const next = chosen.input.value;
          if (current.input.value.length === 0) {
            error.show(h('p', { text: 'passwordRequired' }), current.input);
          } else if (next.length < MIN_PASSWORD_LENGTH || next.length > MAX_PASSWORD_LENGTH) {
            error.show(format('passwordLength', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH }), chosen.input);
          } else if (repeat.input.value !== next) {
            error.show(h('p', { text: 'passwordsDiffer' }), repeat.input);
          } else {
            whileBusy(form, submit, 'saving', () => session.changePassword(current.input.value, next)).then(
              () => {
                for (const input of [current.input, chosen.input, repeat.input]) {
                  input.value = '';
                }
                done.textContent = t('passwordChanged');
                cancel.dataset['i18n'] = 'close';
                cancel.textContent = t('close');
                cancel.focus();
              },
              (failure: unknown) => {
                if (failure instanceof SessionError && failure.failure === 'current-password') {
                  error.show(sessionErrorText(failure), current.input);
                } else {
                  error.show(sessionErrorText(failure));
                  submit.focus();
                }
              },
            );
          }
        }),
        input: () => {
          done.textContent = '';
        },
      },
    },
    current.element,
    chosen.element,
    repeat.element,
    error.element,
    done,
    h('div', { className: 'dialog__actions' }, submit, cancel),
  );
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    dialog.remove();
    returnFocus();
  });
  dialog.append(heading, form);
  document.body.append(dialog);
  dialog.showModal();
  current.input.focus();
}
