import './style.css';
import { checkHealth, statusMessageKey, type ServerStatus } from './health';
import {
  getLanguage,
  isLanguage,
  isMessageKey,
  resolveLanguage,
  setLanguage,
  storeLanguage,
  t,
  type KeyValueStore,
  type Language,
} from './i18n';

function browserStorage(): KeyValueStore | undefined {
  try {
    return window.localStorage;
  } catch {
    // Reading window.localStorage itself throws when storage is blocked.
    return undefined;
  }
}

function requireElement<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) {
    throw new Error(`Missing #${id} in index.html`);
  }
  return element;
}

/** Fills every element carrying `data-i18n="key"` with the text for that key. */
function translatePage(): void {
  document.documentElement.lang = getLanguage();
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = element.dataset['i18n'];
    if (isMessageKey(key)) {
      element.textContent = t(key);
    } else {
      console.warn(`Unknown message key in data-i18n: ${String(key)}`);
    }
  }
}

const storage = browserStorage();
const languageSelect = requireElement('language-select', HTMLSelectElement);
const statusLine = requireElement('server-status', HTMLElement);
const statusText = requireElement('server-status-text', HTMLElement);

function showStatus(status: ServerStatus): void {
  statusLine.dataset['status'] = status;
  const key = statusMessageKey(status);
  statusText.dataset['i18n'] = key;
  statusText.textContent = t(key);
}

function applyLanguage(language: Language): void {
  setLanguage(language);
  languageSelect.value = language;
  translatePage();
}

languageSelect.addEventListener('change', () => {
  const chosen = languageSelect.value;
  if (isLanguage(chosen)) {
    storeLanguage(storage, chosen);
    applyLanguage(chosen);
  }
});

const preferred = navigator.languages.length > 0 ? navigator.languages : [navigator.language];
applyLanguage(resolveLanguage(storage, preferred));
showStatus('loading');
void checkHealth((input, init) => fetch(input, init)).then(showStatus);
