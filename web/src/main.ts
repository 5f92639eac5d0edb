/**
 * The application shell: language, who is using the page (an account, a guest who joined from an
 * invitation link, or nobody), client-side routing between the screens.
 *
 * The UI layer is plain TypeScript on purpose: there are three screens with little shared state,
 * the heavy part (the editor) is CodeMirror, which owns its DOM imperatively, and the live parts
 * (preview, outline, carets) are patched by hand for speed on 100,000-character documents. A
 * framework would add a second rendering model around CodeMirror and weight to every page load for
 * little gain; a tiny `h()` helper (dom.ts) and `data-i18n` markers cover what the screens need.
 */
import './style.css';
import { Api, type Workspace } from './api';
import { h, notifyLanguageChange, onLanguageChange, translateTree } from './dom';
import { statusMessageKey, watchHealth, type ServerStatus } from './health';
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
import { needsPrincipal, parseRoute, signInPath } from './router';
import { Session, safeNext } from './session';
import { sessionErrorText } from './session-text';
import type { AppContext, Screen } from './screens/context';
import { compareScreen } from './screens/compare';
import { documentScreen } from './screens/document';
import { glossaryScreen } from './screens/glossary';
import { homeScreen, welcomeScreen } from './screens/home';
import { joinScreen } from './screens/join';
import { notFoundScreen } from './screens/not-found';
import { openPasswordDialog } from './screens/password-dialog';
import { setupScreen, setupToken } from './screens/setup';
import { signInScreen } from './screens/signin';
import { workspaceScreen } from './screens/workspace';

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

let screen: Screen | undefined;
const session = new Session((input, init) => fetch(input, init));
/** Memberships asked during the screen on show; forgotten at each navigation, so a changed role is seen. */
let memberships = new Map<string, Promise<Workspace>>();

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

/**
 * The header: the signed-in user with "change password" and "sign out", the guest with "sign out",
 * or "sign in".
 */
function renderIdentity(): void {
  const user = session.user;
  if (user !== undefined) {
    renderAccount(user.name, true);
    return;
  }
  const guest = session.guest;
  if (guest !== undefined) {
    renderAccount(guest.name, false);
    return;
  }
  const route = parseRoute(location.pathname).screen;
  const offerSignIn = session.accountsAvailable && route !== 'signin' && route !== 'setup';
  identitySlot.replaceChildren(
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

/** `account`: a signed-in account (it has a password to change); else a guest. */
function renderAccount(name: string, account: boolean): void {
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
          // The open screen is built again, for nobody now.
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
    account
      ? h('span', { className: 'identity__current', attrs: { 'data-testid': 'account' } }, format('signedInAs', { name }))
      : h('span', { className: 'identity__current', attrs: { 'data-testid': 'guest' } }, format('guestCurrent', { name })),
    ...(account ? [changePassword] : []),
    signOut,
    error,
  );
}

const api = new Api({ headers: (method) => session.csrfHeaders(method) });
const context: AppContext = {
  api,
  session,
  storage,
  sessionStorage: localStore,
  workspace: (id) => {
    let membership = memberships.get(id);
    if (membership === undefined) {
      membership = api.getWorkspace(id);
      memberships.set(id, membership);
      // A failure is not kept: the next question asks the server again.
      membership.catch(() => memberships.delete(id));
    }
    return membership;
  },
  navigate: (path, options) => navigate(path, options),
};

function render(options: { focus?: boolean } = {}): void {
  screen?.destroy();
  memberships = new Map();
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
  if (needsPrincipal(route) && session.status === 'anonymous') {
    // A workspace's page opened by nobody: the server would refuse it (401). Offline (status
    // unknown) the screen opens anyway, from what this browser kept.
    show(welcomeScreen('signInNeededHeading', 'signInNeededText', `${location.pathname}${location.search}`), options.focus ?? false);
    return;
  }
  switch (route.screen) {
    case 'home':
      show(homeScreen(context), options.focus ?? false);
      break;
    case 'workspace':
      show(workspaceScreen(context, route.id, () => show(notFoundScreen('workspaceNotFound'), true)), options.focus ?? false);
      break;
    case 'invitation':
      show(joinScreen(context, route.token), options.focus ?? false);
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

function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) {
    history.replaceState(null, '', path);
  } else if (path !== `${location.pathname}${location.search}${location.hash}`) {
    history.pushState(null, '', path);
  }
  render({ focus: true });
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
watchHealth(
  (input, init) => fetch(input, init),
  (status) => {
    showStatus(status);
    // Opened while the server was down, the page does not know who it is: ask once it answers.
    if (status === 'up' && session.status === 'unknown') {
      void session.refresh();
    }
  },
);
session.onChange(renderIdentity);
// Who is signed in decides what the page may show: ask before the first screen opens. refresh()
// never fails and gives up after a few seconds, so an unreachable server still gets a page.
void session.refresh().then(() => render());
// Opened offline, the page does not know who it is: ask again once the network is back.
window.addEventListener('online', () => {
  if (session.status === 'unknown') {
    void session.refresh();
  }
});

// The service worker keeps the application itself available offline, so that a document opened
// before can be reloaded without a network and its unsent changes are not stranded.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('service worker', error));
}
