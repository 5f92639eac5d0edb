/**
 * First-start set-up (`/setup#<token>`): the one-time link the server prints creates the first
 * facilitator account, who is then signed in and sent home. The token rides in the fragment so that
 * it never reaches a server log or a Referer header.
 */
import { h, onLanguageChange, uid } from '../dom';
import { format } from '../i18n';
import { cleanName, MAX_NAME_LENGTH } from '../disciplines';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, SessionError } from '../session';
import { sessionErrorText } from '../session-text';
import type { AppContext, Screen } from './context';
import { field, FormError, onSubmit, whileBusy } from './forms';

/** The token from `location.hash` (`#<token>`), or undefined when there is none. */
export function setupToken(hash: string): string | undefined {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  let token: string;
  try {
    token = decodeURIComponent(raw).trim();
  } catch {
    return undefined;
  }
  return token.length > 0 ? token : undefined;
}

export function passwordRuleText(): string {
  return format('passwordRule', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
}

export function setupScreen(ctx: AppContext, token: string | undefined): Screen {
  const heading = h('h1', { text: 'setupHeading', attrs: { tabindex: -1, id: uid('setup-heading') } });
  const backHome = h('p', {}, h('a', { text: 'backHome', attrs: { href: '/', 'data-link': true } }));
  if (token === undefined) {
    const element = h(
      'div',
      { className: 'card account' },
      heading,
      h('p', { className: 'error', text: 'setupNoToken', attrs: { role: 'alert', 'data-testid': 'setup-error' } }),
      backHome,
    );
    return { element, heading, destroy: () => {} };
  }

  const name = field('nameLabel', { name: 'name', autocomplete: 'name', required: true, maxlength: MAX_NAME_LENGTH });
  const email = field('emailLabel', { name: 'email', type: 'email', autocomplete: 'email', required: true, spellcheck: 'false' });
  const rule = h('p', { className: 'muted hint' }, passwordRuleText());
  const password = field(
    'passwordLabel',
    { name: 'new-password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD_LENGTH, maxlength: MAX_PASSWORD_LENGTH },
    rule,
  );
  const repeat = field('passwordRepeatLabel', {
    name: 'new-password-repeat',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    maxlength: MAX_PASSWORD_LENGTH,
  });
  const error = new FormError();
  error.element.dataset['testid'] = 'setup-error';
  const submit = h('button', { className: 'primary', text: 'setupSubmit', attrs: { type: 'submit' } });
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { novalidate: true, 'aria-labelledby': heading.id, 'data-testid': 'setup-form' },
      on: {
        submit: onSubmit(() => {
          error.clear();
          const cleanedName = cleanName(name.input.value);
          const address = email.input.value.trim();
          const chosen = password.input.value;
          if (cleanedName === undefined) {
            error.show(h('p', { text: 'nameRequired' }), name.input);
          } else if (!address.includes('@')) {
            error.show(h('p', { text: 'emailInvalid' }), email.input);
          } else if (chosen.length < MIN_PASSWORD_LENGTH || chosen.length > MAX_PASSWORD_LENGTH) {
            error.show(format('passwordLength', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH }), password.input);
          } else if (repeat.input.value !== chosen) {
            error.show(h('p', { text: 'passwordsDiffer' }), repeat.input);
          } else {
            whileBusy(form, submit, 'settingUp', () => ctx.session.setup(token, address, cleanedName, chosen)).then(
              () => ctx.navigate('/', { replace: true }),
              (failure: unknown) => {
                if (failure instanceof SessionError && failure.failure === 'account-exists') {
                  const signIn = h('a', { text: 'signIn', attrs: { href: '/signin', 'data-link': true, 'data-testid': 'setup-signin' } });
                  error.show(h('p', {}, sessionErrorText(failure), ' ', signIn));
                  signIn.focus();
                } else {
                  error.show(sessionErrorText(failure));
                  submit.focus();
                }
              },
            );
          }
        }),
      },
    },
    name.element,
    email.element,
    password.element,
    repeat.element,
    error.element,
    submit,
  );
  const element = h('div', { className: 'card account' }, heading, h('p', { className: 'muted', text: 'setupIntro' }), form, backHome);
  const stopTranslating = onLanguageChange(() => {
    rule.textContent = passwordRuleText();
  });
  return { element, heading, destroy: stopTranslating };
}
