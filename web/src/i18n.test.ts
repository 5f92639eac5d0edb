import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  STORAGE_KEY,
  isMessageKey,
  messages,
  pickLanguage,
  readStoredLanguage,
  resolveLanguage,
  setLanguage,
  storeLanguage,
  t,
  type KeyValueStore,
} from './i18n';

/** In-memory stand-in for window.localStorage. */
function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => {
      data.set(key, value);
    },
  };
}

/** A storage whose every access throws, as when the browser blocks it. */
const blockedStore: KeyValueStore = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('catalogue', () => {
  it('has the same keys in French and English', () => {
    const frKeys = Object.keys(messages.fr).sort();
    const enKeys = Object.keys(messages.en).sort();
    expect(frKeys.length).toBeGreaterThan(0);
    expect(enKeys).toEqual(frKeys);
  });

  it('has a catalogue for every language and no other', () => {
    expect(Object.keys(messages).sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES)('has no empty or blank text in %s', (language) => {
    for (const [key, text] of Object.entries(messages[language])) {
      expect(typeof text, key).toBe('string');
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('shows the agreed server-available text', () => {
    expect(messages.fr.statusUp).toBe('Serveur disponible');
    expect(messages.en.statusUp).toBe('Server available');
  });

  it('knows its own keys and nothing inherited', () => {
    expect(isMessageKey('tagline')).toBe(true);
    expect(isMessageKey('nope')).toBe(false);
    expect(isMessageKey('toString')).toBe(false);
    expect(isMessageKey(undefined)).toBe(false);
  });
});

describe('pickLanguage', () => {
  it.each([
    [['fr-FR', 'en-US'], 'fr'],
    [['en-GB', 'fr'], 'en'],
    [['de-DE'], 'en'],
    [['FR'], 'fr'],
    [['EN-us', 'fr'], 'en'],
    [['de-DE', 'fr-CA', 'en'], 'fr'],
    [['es', 'it', 'en-AU', 'fr'], 'en'],
    [['fr_BE'], 'fr'],
    [[' fr-CH '], 'fr'],
    [[], 'en'],
    [[''], 'en'],
  ] as const)('picks from %j: %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });

  it('matches the primary language subtag, not any tag sharing its first letters', () => {
    // "frr" is North Frisian and "enq" is Enga: neither is French or English.
    expect(pickLanguage(['frr', 'fr'])).toBe('fr');
    expect(pickLanguage(['enq', 'fr'])).toBe('fr');
    expect(pickLanguage(['frr-DE'])).toBe(DEFAULT_LANGUAGE);
  });

  it('falls back to English', () => {
    expect(DEFAULT_LANGUAGE).toBe('en');
  });
});

describe('stored language choice', () => {
  it('overrides the browser preferences', () => {
    expect(resolveLanguage(memoryStore({ [STORAGE_KEY]: 'fr' }), ['en-US'])).toBe('fr');
    expect(resolveLanguage(memoryStore({ [STORAGE_KEY]: 'en' }), ['fr-FR'])).toBe('en');
  });

  it('is ignored when absent, unknown or unreadable', () => {
    expect(resolveLanguage(memoryStore(), ['fr-FR'])).toBe('fr');
    expect(resolveLanguage(memoryStore({ [STORAGE_KEY]: 'de' }), ['fr-FR'])).toBe('fr');
    expect(resolveLanguage(memoryStore({ [STORAGE_KEY]: 'FR' }), ['en'])).toBe('en');
    expect(resolveLanguage(blockedStore, ['fr-FR'])).toBe('fr');
    expect(resolveLanguage(undefined, ['fr-FR'])).toBe('fr');
  });

  it('is written under cahier.lang and read back', () => {
    const store = memoryStore();
    expect(storeLanguage(store, 'fr')).toBe(true);
    expect(store.data.get('cahier.lang')).toBe('fr');
    expect(readStoredLanguage(store)).toBe('fr');
    expect(resolveLanguage(store, ['en-GB'])).toBe('fr');
  });

  it('reports a choice that could not be stored', () => {
    expect(storeLanguage(blockedStore, 'en')).toBe(false);
    expect(storeLanguage(undefined, 'en')).toBe(false);
  });
});

describe('t', () => {
  afterEach(() => setLanguage(DEFAULT_LANGUAGE));

  it('follows the current language', () => {
    setLanguage('fr');
    expect(t('statusUp')).toBe('Serveur disponible');
    expect(t('languageLabel')).toBe('Langue');
    setLanguage('en');
    expect(t('statusUp')).toBe('Server available');
    expect(t('languageLabel')).toBe('Language');
  });

  it('rejects unknown keys at compile time', () => {
    // Never called: `npm run build` type-checks this file, and fails if the
    // directive below becomes unused, that is if t() accepts any string.
    const unknownKey = (): string =>
      // @ts-expect-error 'noSuchKey' is not a message key
      t('noSuchKey');
    expect(typeof unknownKey).toBe('function');
  });
});
