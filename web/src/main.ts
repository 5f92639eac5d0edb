/**
 * The application shell: language, guest identity, client-side routing between the screens.
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
import { parseRoute } from './router';
import type { AppContext, Screen } from './screens/context';
import { documentScreen } from './screens/document';
import { homeScreen } from './screens/home';
import { notFoundScreen } from './screens/not-found';

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

let identity: Identity | undefined = readIdentity(storage);
let screen: Screen | undefined;

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

function renderIdentity(): void {
  if (identity === undefined) {
    identitySlot.replaceChildren();
    return;
  }
  identitySlot.replaceChildren(
    h(
      'span',
      { className: 'identity__current', attrs: { 'data-testid': 'identity' } },
      format('identityCurrent', { name: identity.name, discipline: t(disciplineKey(identity.discipline)) }),
    ),
    h('button', {
      className: 'link-button',
      text: 'identityChange',
      attrs: { type: 'button' },
      on: { click: () => navigate('/', { editIdentity: true }) },
    }),
  );
}

const context: AppContext = {
  api: new Api(() => identity),
  storage,
  sessionStorage: localStore,
  identity: () => identity,
  setIdentity: (next) => {
    identity = next;
    storeIdentity(storage, next);
    renderIdentity();
  },
  navigate: (path) => navigate(path),
};

function render(options: { editIdentity?: boolean; focus?: boolean } = {}): void {
  screen?.destroy();
  document.title = t('pageTitle');
  const route = parseRoute(location.pathname);
  const notFound = (): void => show(notFoundScreen('notFoundHeading'), true);
  if (route.screen === 'document' && identity === undefined) {
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

function navigate(path: string, options: { editIdentity?: boolean } = {}): void {
  if (path !== location.pathname) {
    history.pushState(null, '', path);
  }
  render({ ...options, focus: true });
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
    navigate(target.pathname);
  }
});
window.addEventListener('popstate', () => render({ focus: true }));
onLanguageChange(renderIdentity);

const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
applyLanguage(resolveLanguage(storage, preferred));
renderIdentity();
render();
showStatus('loading');
void checkHealth((input, init) => fetch(input, init)).then(showStatus);

// The service worker keeps the application itself available offline, so that a document opened
// before can be reloaded without a network and its unsent changes are not stranded.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('service worker', error));
}
