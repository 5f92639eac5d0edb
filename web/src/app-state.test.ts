import { afterEach, describe, expect, it } from 'vitest';
import { connectionMessage } from './connection-text';
import { DEFAULT_LANGUAGE, format, messages, setLanguage, type KeyValueStore } from './i18n';
import { cleanName, disciplineKey, identityParams, readIdentity, storeIdentity } from './identity';
import { MAX_RECENT, readRecent, recentIn, rememberRecent, type RecentDocument } from './recent';
import { comparePath, documentPath, glossaryPath, parseRoute } from './router';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

afterEach(() => setLanguage(DEFAULT_LANGUAGE));

describe('routes', () => {
  it('knows home, documents and nothing else', () => {
    expect(parseRoute('/')).toEqual({ screen: 'home' });
    expect(parseRoute('/d/p3dq2b3uamugve8q')).toEqual({ screen: 'document', id: 'p3dq2b3uamugve8q' });
    expect(parseRoute('/d/p3dq2b3uamugve8q/')).toEqual({ screen: 'document', id: 'p3dq2b3uamugve8q' });
    expect(parseRoute('/d/')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/d/a/b')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/d/..%2f')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/autre')).toEqual({ screen: 'not-found' });
    expect(parseRoute(documentPath('abc'))).toEqual({ screen: 'document', id: 'abc' });
  });

  it('knows a glossary and its compare view', () => {
    expect(parseRoute('/g/g3dq2b3uamugve8q')).toEqual({ screen: 'glossary', id: 'g3dq2b3uamugve8q' });
    expect(parseRoute(glossaryPath('abc'))).toEqual({ screen: 'glossary', id: 'abc' });
    expect(parseRoute(comparePath('abc'))).toEqual({ screen: 'compare', id: 'abc' });
    expect(parseRoute('/g/abc/compare/')).toEqual({ screen: 'compare', id: 'abc' });
    expect(parseRoute('/g/abc/other')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/g/')).toEqual({ screen: 'not-found' });
  });
});

describe('identity', () => {
  it('is remembered and read back', () => {
    const store = memoryStore();
    expect(readIdentity(store)).toBeUndefined();
    storeIdentity(store, { name: 'Camille', discipline: 'jurist' });
    expect(readIdentity(store)).toEqual({ name: 'Camille', discipline: 'jurist' });
  });

  it('ignores a stored value that is damaged or no longer valid', () => {
    const store = memoryStore();
    for (const raw of ['{', 'null', '{"name":"","discipline":"jurist"}', '{"name":"A","discipline":"astronaut"}']) {
      store.setItem('cahier.identity', raw);
      expect(readIdentity(store), raw).toBeUndefined();
    }
  });

  it('accepts names of 1 to 80 characters once trimmed', () => {
    expect(cleanName('  Camille ')).toBe('Camille');
    expect(cleanName('   ')).toBeUndefined();
    expect(cleanName('x'.repeat(80))).toHaveLength(80);
    expect(cleanName('x'.repeat(81))).toBeUndefined();
  });

  it('says "other" to the server as no discipline', () => {
    expect(identityParams({ name: 'Lou', discipline: 'public-agent' }).toString()).toBe(
      'name=Lou&discipline=public-agent',
    );
    expect(identityParams({ name: 'Lou Ré', discipline: 'other' }).toString()).toBe('name=Lou+R%C3%A9');
  });

  it('names every discipline in both languages, unknown ones as other', () => {
    expect(messages.fr[disciplineKey('public-agent')]).toBe('agent public');
    expect(messages.en[disciplineKey('jurist')]).toBe('jurist');
    expect(disciplineKey('urbanist')).toBe('disciplineOther');
    expect(disciplineKey(null)).toBe('disciplineNone');
  });
});

describe('recent documents', () => {
  const doc = (id: string, workspaceId = 'w1'): RecentDocument => ({
    id,
    title: `T ${id}`,
    kind: 'note',
    workspaceId,
    openedAt: 1,
  });

  it('puts the last opened first, once', () => {
    const store = memoryStore();
    rememberRecent(store, doc('a'));
    rememberRecent(store, doc('b'));
    rememberRecent(store, doc('a'));
    expect(readRecent(store).map((d) => d.id)).toEqual(['a', 'b']);
  });

  it(`keeps at most ${MAX_RECENT}`, () => {
    const store = memoryStore();
    for (let i = 0; i < MAX_RECENT + 5; i++) {
      rememberRecent(store, doc(`d${i}`));
    }
    const list = readRecent(store);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0]?.id).toBe(`d${MAX_RECENT + 4}`);
  });

  it('filters by workspace and survives a damaged entry', () => {
    const store = memoryStore();
    store.setItem('cahier.recent', JSON.stringify([doc('a'), { id: 3 }, doc('b', 'w2')]));
    expect(recentIn(readRecent(store), 'w2').map((d) => d.id)).toEqual(['b']);
    store.setItem('cahier.recent', 'not json');
    expect(readRecent(store)).toEqual([]);
  });
});

describe('connection state text', () => {
  it('says the agreed French words', () => {
    setLanguage('fr');
    expect(connectionMessage('connected', 0)).toBe('Connecté');
    expect(connectionMessage('reconnecting', 2)).toBe('Reconnexion…');
    expect(connectionMessage('offline', 3)).toBe('Hors ligne — 3 modifications en attente');
    expect(connectionMessage('offline', 1)).toBe('Hors ligne — 1 modification en attente');
    expect(connectionMessage('offline', 0)).toBe('Hors ligne — 0 modification en attente');
  });

  it('says it in English too', () => {
    setLanguage('en');
    expect(connectionMessage('connected', 0)).toBe('Connected');
    expect(connectionMessage('offline', 1)).toBe('Offline — 1 change pending');
    expect(connectionMessage('offline', 0)).toBe('Offline — 0 changes pending');
    expect(connectionMessage('connecting', 0)).toBe('Connecting…');
  });
});

describe('format', () => {
  it('fills named parameters and leaves unknown ones visible', () => {
    setLanguage('fr');
    expect(format('participantsYou', { name: 'Camille' })).toBe('Camille (vous)');
    expect(format('participantsYou', {})).toBe('{name} (vous)');
  });

  it('has the same parameters in both languages for every key', () => {
    const params = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    for (const key of Object.keys(messages.fr) as (keyof typeof messages.fr)[]) {
      expect(params(messages.en[key]), key).toEqual(params(messages.fr[key]));
    }
  });
});
