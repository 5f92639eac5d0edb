import { afterEach, describe, expect, it } from 'vitest';
import { connectionMessage } from './connection-text';
import { DEFAULT_LANGUAGE, format, messages, setLanguage, type KeyValueStore } from './i18n';
import { cleanDisciplineName, cleanName, disciplineLabel } from './disciplines';
import { MAX_RECENT, readRecent, recentIn, rememberRecent, type RecentDocument } from './recent';
import { comparePath, documentPath, glossaryPath, invitationPath, needsPrincipal, parseRoute, workspacePath } from './router';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

afterEach(() => setLanguage(DEFAULT_LANGUAGE));

describe('routes', () => {
  it('knows home, documents and nothing else of that shape', () => {
    expect(parseRoute('/')).toEqual({ screen: 'home' });
    expect(parseRoute('/d/p3dq2b3uamugve8q')).toEqual({ screen: 'document', id: 'p3dq2b3uamugve8q' });
    expect(parseRoute('/d/p3dq2b3uamugve8q/')).toEqual({ screen: 'document', id: 'p3dq2b3uamugve8q' });
    expect(parseRoute('/d/')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/d/a/b')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/d/..%2f')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/autre')).toEqual({ screen: 'not-found' });
    expect(parseRoute(documentPath('abc'))).toEqual({ screen: 'document', id: 'abc' });
  });

  it('knows a workspace page and an invitation link', () => {
    expect(parseRoute('/w/w3dq2b3uamugve8q')).toEqual({ screen: 'workspace', id: 'w3dq2b3uamugve8q' });
    expect(parseRoute(workspacePath('abc'))).toEqual({ screen: 'workspace', id: 'abc' });
    expect(parseRoute('/w/abc/')).toEqual({ screen: 'workspace', id: 'abc' });
    expect(parseRoute('/w/')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/w/a/b')).toEqual({ screen: 'not-found' });
    const token = 'q9Xz-_Y0abcdefghijklmnopqrstuvwxyzABCDEFGHI';
    expect(parseRoute(`/i/${token}`)).toEqual({ screen: 'invitation', token });
    expect(parseRoute(invitationPath(token))).toEqual({ screen: 'invitation', token });
    expect(parseRoute('/i/')).toEqual({ screen: 'not-found' });
    expect(parseRoute('/i/a.b')).toEqual({ screen: 'not-found' });
    expect(parseRoute(`/i/${'a'.repeat(129)}`)).toEqual({ screen: 'not-found' });
  });

  it('asks for someone signed in or a guest on a workspace’s pages only', () => {
    expect(['/w/a', '/d/a', '/g/a', '/g/a/compare'].map((p) => needsPrincipal(parseRoute(p)))).toEqual([true, true, true, true]);
    expect(['/', '/i/tok', '/signin', '/setup', '/nowhere'].map((p) => needsPrincipal(parseRoute(p)))).toEqual([false, false, false, false, false]);
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

describe('disciplines', () => {
  it('accepts names of 1 to 80 characters once trimmed', () => {
    expect(cleanName('  Camille ')).toBe('Camille');
    expect(cleanName('   ')).toBeUndefined();
    expect(cleanName('x'.repeat(80))).toHaveLength(80);
    expect(cleanName('x'.repeat(81))).toBeUndefined();
  });

  it('names the built-in disciplines in both languages, added ones as written, none as none', () => {
    setLanguage('fr');
    expect(disciplineLabel('public-agent')).toBe('agent public');
    expect(disciplineLabel('urban-planner')).toBe('urban-planner');
    expect(disciplineLabel(null)).toBe(messages.fr.disciplineNone);
    setLanguage('en');
    expect(disciplineLabel('jurist')).toBe('jurist');
    expect(disciplineLabel('public-agent')).toBe('public agent');
    expect(disciplineLabel(undefined)).toBe(messages.en.disciplineNone);
  });

  it('checks an added discipline’s name as the server does', () => {
    expect(cleanDisciplineName(' urban-planner ')).toBe('urban-planner');
    expect(cleanDisciplineName('a'.repeat(40))).toHaveLength(40);
    for (const refused of ['', 'a'.repeat(41), 'Urbanist', 'urbaniste-é', '-lead', 'data2', 'two words']) {
      expect(cleanDisciplineName(refused), refused).toBeUndefined();
    }
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
