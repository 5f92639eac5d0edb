/**
 * The single catalogue of user-interface text, and the choice of language.
 *
 * Every string the page shows comes from `messages`. The French catalogue
 * defines the keys; the English one is typed against it, so a key missing from
 * or added to only one of them is a compile error (and is also checked by the
 * tests).
 */

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Used when no preferred language is French or English. */
export const DEFAULT_LANGUAGE: Language = 'en';

/** localStorage key holding the language the user chose explicitly. */
export const STORAGE_KEY = 'cahier.lang';

const fr = {
  pageTitle: 'Cahier',
  appName: 'Cahier',
  tagline:
    'Un espace de co-écriture en temps réel pour rédiger ensemble des articles de changement de paradigme et des spécifications d’expériences, appuyés sur des glossaires de vocabulaire partagé.',
  languageLabel: 'Langue',
  statusHeading: 'État du serveur',
  statusLoading: 'Vérification du serveur…',
  statusUp: 'Serveur disponible',
  statusError: 'Serveur injoignable pour le moment.',
} as const;

export type MessageKey = keyof typeof fr;
export type Catalogue = Readonly<Record<MessageKey, string>>;

const en: Catalogue = {
  pageTitle: 'Cahier',
  appName: 'Cahier',
  tagline:
    'A real-time co-writing workspace for drafting paradigm-shift papers and experiment specifications together, grounded in shared-vocabulary glossaries.',
  languageLabel: 'Language',
  statusHeading: 'Server status',
  statusLoading: 'Checking the server…',
  statusUp: 'Server available',
  statusError: 'The server cannot be reached right now.',
};

export const messages: Readonly<Record<Language, Catalogue>> = { fr, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(fr, value);
}

/**
 * Picks the UI language from a list of BCP 47 tags in order of preference
 * (as in `navigator.languages`). The first tag whose primary subtag is `fr` or
 * `en` (case-insensitive; `fr`, `fr-CA`, `EN_us`...) wins; if none is, English.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.trim().split(/[-_]/, 1)[0]?.toLowerCase();
    if (isLanguage(primary)) {
      return primary;
    }
  }
  return DEFAULT_LANGUAGE;
}

/** The part of the Web Storage API this module uses. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The language stored by an earlier explicit choice, if any and valid. */
export function readStoredLanguage(store: KeyValueStore | undefined): Language | undefined {
  if (store === undefined) {
    return undefined;
  }
  try {
    const value = store.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : undefined;
  } catch {
    // Storage can be disabled (privacy settings, sandboxed frames): ignore it.
    return undefined;
  }
}

/** Remembers an explicit choice; returns false when it could not be stored. */
export function storeLanguage(store: KeyValueStore | undefined, language: Language): boolean {
  if (store === undefined) {
    return false;
  }
  try {
    store.setItem(STORAGE_KEY, language);
    return true;
  } catch {
    return false;
  }
}

/** A stored explicit choice overrides the browser's preferences. */
export function resolveLanguage(
  store: KeyValueStore | undefined,
  preferred: readonly string[],
): Language {
  return readStoredLanguage(store) ?? pickLanguage(preferred);
}

let current: Language = DEFAULT_LANGUAGE;

export function getLanguage(): Language {
  return current;
}

export function setLanguage(language: Language): void {
  current = language;
}

/** The text for `key` in the current language. */
export function t(key: MessageKey): string {
  return messages[current][key];
}
