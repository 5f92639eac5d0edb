import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityEntry } from './api';
import { DEFAULT_LANGUAGE, messages, setLanguage } from './i18n';
import { actionLabel, JOURNAL_ACTIONS, journalText } from './journal';
import { nextCursor } from './screens/workspace-journal';

afterEach(() => setLanguage(DEFAULT_LANGUAGE));

const ADA = { id: 'u1', name: 'Ada' };
const entry = (action: string, subject: string, details: Record<string, unknown> = {}): ActivityEntry => ({
  id: 'a1',
  at: 1_763_800_000_000,
  actor: ADA,
  action,
  subject,
  details,
});

/** One entry of each action, with the details the server records for it. */
const EXAMPLES: ActivityEntry[] = [
  entry('workspace.created', 'w1', { name: 'Atelier Rennes' }),
  entry('discipline.added', 'urban-planner'),
  entry('member.added', 'u2', { name: 'Bruno', kind: 'account', role: 'editor', discipline: null }),
  entry('member.changed', 'g1', { name: 'Lou', kind: 'guest', role: 'observer', discipline: 'jurist', before: { role: 'editor', discipline: 'jurist' } }),
  entry('member.changed', 'g1', { name: 'Lou', kind: 'guest', role: 'editor', discipline: 'economist', before: { role: 'editor', discipline: 'jurist' } }),
  entry('member.removed', 'g1', { name: 'Lou', kind: 'guest', role: 'editor', discipline: 'jurist' }),
  entry('invitation.created', 'i1', { role: 'editor', label: 'Atelier du 3', expiresAt: 1, maxUses: 30 }),
  entry('invitation.created', 'i2', { role: 'observer', label: null, expiresAt: 1, maxUses: 30 }),
  entry('invitation.revoked', 'i1'),
  { ...entry('invitation.redeemed', 'g1', { invitation: 'i1', role: 'editor', discipline: 'public-agent', kind: 'guest' }), actor: { id: 'g1', name: 'Lou' } },
];

describe('activity journal', () => {
  it('names every action in both languages', () => {
    setLanguage('fr');
    expect(JOURNAL_ACTIONS.slice(0, 8).map(actionLabel)).toEqual([
      'Espace créé',
      'Discipline ajoutée',
      'Membre ajouté',
      'Membre modifié',
      'Membre retiré',
      'Invitation créée',
      'Invitation révoquée',
      'Invitation utilisée',
    ]);
    setLanguage('en');
    expect(JOURNAL_ACTIONS.slice(0, 8).map(actionLabel)).toEqual([
      'Workspace created',
      'Discipline added',
      'Member added',
      'Member changed',
      'Member removed',
      'Invitation created',
      'Invitation revoked',
      'Invitation used',
    ]);
  });

  it('says who did what in French', () => {
    setLanguage('fr');
    expect(EXAMPLES.map(journalText)).toEqual([
      'Ada a créé l’espace « Atelier Rennes ».',
      'Ada a ajouté la discipline « urban-planner ».',
      'Ada a ajouté Bruno comme éditeur·rice.',
      'Ada a changé le rôle de Lou : éditeur·rice → observateur·rice.',
      'Ada a changé la discipline de Lou : économiste.',
      'Ada a retiré Lou de l’espace.',
      'Ada a créé l’invitation « Atelier du 3 » (éditeur·rice).',
      'Ada a créé une invitation (observateur·rice).',
      'Ada a révoqué une invitation.',
      'Lou a rejoint l’espace par une invitation, comme éditeur·rice (agent public).',
    ]);
  });

  it('says who did what in English', () => {
    setLanguage('en');
    expect(EXAMPLES.map(journalText)).toEqual([
      'Ada created the workspace “Atelier Rennes”.',
      'Ada added the discipline “urban-planner”.',
      'Ada added Bruno as editor.',
      'Ada changed the role of Lou: editor → observer.',
      'Ada changed the discipline of Lou: economist.',
      'Ada removed Lou from the workspace.',
      'Ada created the invitation “Atelier du 3” (editor).',
      'Ada created an invitation (observer).',
      'Ada revoked an invitation.',
      'Lou joined from an invitation, as editor (public agent).',
    ]);
  });

  it('names every action it knows and says it in a sentence with the actor, in both languages', () => {
    for (const language of ['fr', 'en'] as const) {
      setLanguage(language);
      for (const action of JOURNAL_ACTIONS) {
        expect(actionLabel(action), action).not.toBe(action);
        const sentence = journalText(entry(action, 'x1'));
        expect(sentence, `${language} ${action}`).toMatch(/^Ada /);
        expect(sentence, `${language} ${action}`).not.toMatch(/[{}]|undefined/);
      }
    }
  });

  it('says the document, glossary and vocabulary-round changes from their details', () => {
    const more = [
      entry('document.created', 'd1', { title: 'Charte', kind: 'note' }),
      entry('document.changed', 'd1', { title: 'Charte v2', before: 'Charte' }),
      entry('document.changed', 'd1', { archived: true }),
      entry('glossary.entry-created', 'e1', { glossary: 'g1', term: 'commun', perspectives: ['jurist'] }),
      entry('glossary.definition-changed', 'e1', { term: 'commun', perspective: 'public-agent', version: 2 }),
      entry('glossary.proposal-accepted', 'p1', { term: 'commun', proposer: 'Lou', kind: 'definition' }),
      entry('glossary.imported', 'g1', { entries: 12 }),
      entry('round.opened', 'r1', { glossary: 'g1', terms: ['commun', 'usager'] }),
      entry('round.answered', 'r1', { term: 'usager', discipline: 'inhabitant' }),
    ];
    setLanguage('fr');
    expect(more.map(journalText)).toEqual([
      'Ada a créé le document « Charte ».',
      'Ada a renommé le document « Charte » en « Charte v2 ».',
      'Ada a archivé un document.',
      'Ada a ajouté le terme « commun ».',
      'Ada a écrit la définition « agent public » de « commun ».',
      'Ada a accepté la proposition de Lou pour « commun ».',
      'Ada a importé 12 terme(s) dans un glossaire.',
      'Ada a ouvert un tour de vocabulaire (2 terme(s)).',
      'Ada a répondu pour « usager » (habitant·e).',
    ]);
    setLanguage('en');
    expect(more.map(journalText)).toEqual([
      'Ada created the document “Charte”.',
      'Ada renamed the document “Charte” to “Charte v2”.',
      'Ada archived a document.',
      'Ada added the term “commun”.',
      'Ada wrote the public agent definition of “commun”.',
      'Ada accepted Lou’s proposal for “commun”.',
      'Ada imported 12 term(s) into a glossary.',
      'Ada opened a vocabulary round (2 term(s)).',
      'Ada answered for “usager” (inhabitant).',
    ]);
  });

  it('shows an action it does not know by its code, and survives missing details', () => {
    setLanguage('en');
    expect(actionLabel('document.archived')).toBe('document.archived');
    expect(journalText(entry('document.archived', 'd1'))).toBe('Ada: document.archived');
    expect(journalText(entry('member.removed', 'g9'))).toBe('Ada removed g9 from the workspace.');
    expect(journalText(entry('member.added', 'g9', { role: 42 }))).toBe(`Ada added g9 as ${messages.en.roleObserver}.`);
  });

  it('reads the cursor of the next page from its URL', () => {
    expect(nextCursor('/api/workspaces/w1/activity?before=1763800000000-abcd&limit=50')).toBe('1763800000000-abcd');
    expect(nextCursor(undefined)).toBeUndefined();
    expect(nextCursor('/api/workspaces/w1/activity?limit=50')).toBeUndefined();
  });
});
