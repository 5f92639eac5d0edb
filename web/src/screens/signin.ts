/** Sign-in (`/signin?next=…`): email and password; then back where the user came from. */
import { h, uid } from '../dom';
import { SessionError } from '../session';
import { sessionErrorText } from '../session-text';
import type { AppContext, Screen } from './context';
import { field, FormError, onSubmit, whileBusy } from './forms';

/** `next` must already be a safe same-origin path (`safeNext`). */
export function signInScreen(ctx: AppContext, next: string): Screen {
  const heading = h('h1', { text: 'signInHeading', attrs: { tabindex: -1, id: uid('signin-heading') } });
  const email = field('emailLabel', { name: 'email', type: 'email', autocomplete: 'email', required: true, spellcheck: 'false' });
  const password = field('passwordLabel', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = new FormError();
  const submit = h('button', { className: 'primary', text: 'signIn', attrs: { type: 'submit', 'data-testid': 'signin-submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { novalidate: true, 'aria-labelledby': heading.id, 'data-testid': 'signin-form' },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const address = email.input.value.trim();
          if (!address.includes('@')) {
            error.show(h('p', { text: 'emailInvalid' }), email.input);
            return;
          }
          if (password.input.value.length === 0) {
            error.show(h('p', { text: 'passwordRequired' }), password.input);
            return;
          }
          whileBusy(form, submit, 'signingIn', () => ctx.session.signIn(address, password.input.value)).then(
            () => ctx.navigate(next, { replace: true }),
            (failure: unknown) => {
              if (failure instanceof SessionError && failure.failure === 'credentials') {
                error.show(sessionErrorText(failure), password.input);
                password.input.select();
              } else {
                error.show(sessionErrorText(failure));
                submit.focus();
              }
            },
          );
        }),
      },
    },
    email.element,
    password.element,
    error.element,
    submit,
  );
  const element = h(
    'div',
    { className: 'card account' },
    heading,
    h('p', { className: 'muted', text: 'signInIntro' }),
    form,
    h('p', {}, h('a', { text: 'backHome', attrs: { href: '/', 'data-link': true } })),
  );
  return { element, heading, destroy: () => {} };
}
