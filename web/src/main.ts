/**
 * The application shell: language, who is writing (a signed-in account or a guest), client-side
 * routing between the screens.
 *
 * The UI layer is plain TypeScript on purpose: there are three screens with little shared state,
 * the heavy part (the editor) is CodeMirror, which owns its DOM imperatively, and the live parts
 * (preview, outline, carets) are patched by hand for speed on 100,000-character documents. A
 * framework would add a second rendering model around CodeMirror and weight to every page load for
 * little gain; a tiny `h()` helper (dom.ts) and `data-i18n` markers cover what the screens need.
 */
import './style.css';
import { Api } from './api';
import { h, notifyLanguageChange, onLanguageChange, translateTree } from './dom';
import { checkHealth, statusMessageKey, type ServerStatus } from './health';
import {
  format,
  getLanguage,
  isLanguage,
  resolveLanguage,
  setLanguage,
  storeLanguage,
  t,
  type KeyValueStore,
  type Language,
} from './i18n';
import { disciplineKey, readIdentity, storeIdentity, type Identity } from './identity';
import { parseRoute, signInPath } from './router';
import { Session, safeNext } from './session';
import { sessionErrorText } from './session-text';
import type { AppContext, Screen } from './screens/context';
import { compareScreen } from './screens/compare';
import { documentScreen } from './screens/document';
import { glossaryScreen } from './screens/glossary';
import { homeScreen } from './screens/home';
import { notFoundScreen } from './screens/not-found';
import { openPasswordDialog } from './screens/password-dialog';
import { setupScreen, setupToken } from './screens/setup';
import { signInScreen } from './screens/signin';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Reading window.localStorage itself throws when storage is blocked.
    return null;
  }
}

function requireElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`Missing #${id} in index.html`);
  }
  return element;
}

const localStore = browserStorage();
const storage: KeyValueStore | undefined = localStore ?? undefined;
const languageSelect = requireElement('language-select', HTMLSelectElement);
const statusLine = requireElement('server-status', HTMLElement);
const statusText = requireElement('server-status-text', HTMLElement);
const identitySlot = requireElement('identity-slot', HTMLElement);
const main = requireElement('main', HTMLElement);

let guest: Identity | undefined = readIdentity(storage);
let screen: Screen | undefined;
const session = new Session((input, init) => fetch(input, init));

/** A signed-in user writes under the account's name (the server uses it too); a guest under the stored one. */
function identity(): Identity | undefined {
  const user = session.user;
  return user === undefined ? guest : { name: user.name, discipline: guest?.discipline ?? 'other' };
}

function showStatus(status: ServerStatus): void {
  statusLine.dataset['status'] = status;
  const key = statusMessageKey(status);
  statusText.dataset['i18n'] = key;
  statusText.textContent = t(key);
}

function applyLanguage(language: Language): void {
  setLanguage(language);
  languageSelect.value = language;
  document.documentElement.lang = getLanguage();
  translateTree(document);
  notifyLanguageChange();
}

/** The header: the signed-in user with "change password" and "sign out", or the guest and "sign in". */
function renderIdentity(): void {
  const user = session.user;
  if (user !== undefined) {
    renderAccount(user.name);
    return;
  }
  const route = parseRoute(location.pathname).screen;
  const offerSignIn = session.accountsAvailable && route !== 'signin' && route !== 'setup';
  identitySlot.replaceChildren(
    ...(guest === undefined
      ? []
      : [
          h(
            'span',
            { className: 'identity__current', attrs: { 'data-testid': 'identity' } },
            format('identityCurrent', { name: guest.name, discipline: t(disciplineKey(guest.discipline)) }),
          ),
          h('button', {
            className: 'link-button',
            text: 'identityChange',
            attrs: { type: 'button' },
            on: { click: () => navigate('/', { editIdentity: true }) },
          }),
        ]),
    ...(offerSignIn
      ? [
          h('a', {
            className: 'identity__signin',
            text: 'signIn',
            attrs: { href: signInPath(`${location.pathname}${location.search}`), 'data-link': true, 'data-testid': 'signin-link' },
          }),
        ]
      : []),
  );
}

function renderAccount(name: string): void {
  const error = h('span', { className: 'error', attrs: { role: 'alert', 'data-testid': 'signout-error' } });
  const signOut: HTMLButtonElement = h('button', {
    className: 'link-button',
    text: 'signOut',
    attrs: { type: 'button', 'data-testid': 'signout' },
    on: {
      click: () => {
        if (signOut.disabled) {
          return;
        }
        error.textContent = '';
        signOut.disabled = true;
        signOut.dataset['i18n'] = 'signingOut';
        signOut.textContent = t('signingOut');
        session.signOut().then(
          // The open screen is built again: a document reconnects as the guest, without the cookie.
          () => render({ focus: true }),
          (failure: unknown) => {
            signOut.disabled = false;
            signOut.dataset['i18n'] = 'signOut';
            signOut.textContent = t('signOut');
            error.textContent = sessionErrorText(failure);
            signOut.focus();
          },
        );
      },
    },
  });
  const changePassword = h('button', {
    className: 'link-button',
    text: 'changePassword',
    attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'change-password' },
    on: {
      click: () =>
        openPasswordDialog(session, () => {
          identitySlot.querySelector<HTMLElement>('[data-testid=change-password]')?.focus();
        }),
    },
  });
  identitySlot.replaceChildren(
    h('span', { className: 'identity__current', attrs: { 'data-testid': 'account' } }, format('signedInAs', { name })),
    changePassword,
    signOut,
    error,
  );
}

const context: AppContext = {
  api: new Api(identity, { headers: (method) => session.csrfHeaders(method) }),
  session,
  storage,
  sessionStorage: localStore,
  identity,
  setIdentity: (next) => {
    guest = next;
    storeIdentity(storage, next);
    renderIdentity();
  },
  navigate: (path, options) => navigate(path, options),
};

function render(options: { editIdentity?: boolean; focus?: boolean } = {}): void {
  screen?.destroy();
  document.title = t('pageTitle');
  const route = parseRoute(location.pathname);
  renderIdentity();
  const notFound = (): void => show(notFoundScreen('notFoundHeading'), true);
  const glossaryNotFound = (): void => show(notFoundScreen('glossaryNotFound'), true);
  if (route.screen === 'signin' && session.user !== undefined) {
    // Already signed in (a reload, a bookmark): straight on to where the sign-in would lead.
    history.replaceState(null, '', safeNext(new URLSearchParams(location.search).get('next'), location.origin));
    render(options);
    return;
  }
  if ((route.screen === 'document' || route.screen === 'glossary' || route.screen === 'compare') && identity() === undefined) {
    // A shared link opened for the first time: ask who is writing, then open the document.
    show(homeScreen({ ...context, setIdentity: (next) => (context.setIdentity(next), render({ focus: true })) }, { editIdentity: true }), options.focus ?? false);
    return;
  }
  switch (route.screen) {
    case 'home':
      show(homeScreen(context, options.editIdentity === true ? { editIdentity: true } : {}), options.focus ?? false);
      break;
    case 'document':
      show(documentScreen(context, route.id, notFound), options.focus ?? false);
      break;
    case 'glossary':
      show(glossaryScreen(context, route.id, glossaryNotFound), options.focus ?? false);
      break;
    case 'compare':
      show(compareScreen(context, route.id, glossaryNotFound), options.focus ?? false);
      break;
    case 'signin':
      show(signInScreen(context, safeNext(new URLSearchParams(location.search).get('next'), location.origin)), options.focus ?? false);
      break;
    case 'setup':
      show(setupScreen(context, setupToken(location.hash)), options.focus ?? false);
      break;
    case 'not-found':
      show(notFoundScreen('pageNotFoundHeading'), options.focus ?? false);
      break;
  }
}

function show(next: Screen, focus: boolean): void {
  screen?.destroy();
  screen = next;
  main.replaceChildren(next.element);
  if (focus) {
    // After an in-app navigation, move focus to the new screen's heading so screen readers announce it.
    next.heading.focus();
  }
}

function navigate(path: string, options: { editIdentity?: boolean; replace?: boolean } = {}): void {
  if (options.replace === true) {
    history.replaceState(null, '', path);
  } else if (path !== `${location.pathname}${location.search}${location.hash}`) {
    history.pushState(null, '', path);
  }
  render({ ...(options.editIdentity === true ? { editIdentity: true } : {}), focus: true });
}

languageSelect.addEventListener('change', () => {
  const chosen = languageSelect.value;
  if (isLanguage(chosen)) {
    storeLanguage(storage, chosen);
    applyLanguage(chosen);
  }
});

document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
  if (
    target instanceof HTMLAnchorElement &&
    event.button === 0 &&
    !event.metaKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.altKey &&
    target.origin === location.origin
  ) {
    event.preventDefault();
    navigate(`${target.pathname}${target.search}`);
  }
});
window.addEventListener('popstate', () => render({ focus: true }));
onLanguageChange(renderIdentity);

const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
applyLanguage(resolveLanguage(storage, preferred));
showStatus('loading');
void checkHealth((input, init) => fetch(input, init)).then(showStatus);
session.onChange(renderIdentity);
// Who is signed in decides who writes: ask before the first screen opens a document under a name.
// refresh() never fails and gives up after a few seconds, so an unreachable server still gets a page.
void session.refresh().then(() => render());

// The service worker keeps the application itself available offline, so that a document opened
// before can be reloaded without a network and its unsent changes are not stranded.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('service worker', error));
}
