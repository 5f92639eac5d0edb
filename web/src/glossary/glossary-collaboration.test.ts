/** Who may do what with a glossary, the proposals list and vocabulary rounds, as data. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Definition, Entry, Proposal, Round, RoundTerm } from '../api';
import { DEFAULT_LANGUAGE, isMessageKey, messages, setLanguage, t, type MessageKey } from '../i18n';
import { ROLES } from '../roles';
import { contributionMode, glossaryRights } from './glossary-rights';
import { PROPOSAL_FILTERS, proposalFilterKey, proposalRows, proposalStateKey } from './proposal-view';
import {
  MAX_ROUND_TERMS,
  answerGroups,
  initialSettleDraft,
  orderRounds,
  roundActions,
  roundStateKey,
  roundTerms,
  settleRequest,
} from './round-view';

const alice = { id: 'p-alice', name: 'Alice' };
const bruno = { id: 'p-bruno', name: 'Bruno' };
const chloe = { id: 'p-chloe', name: 'Chloé' };

function definition(perspective: string, text: string): Definition {
  return { perspective, text, version: 2, author: bruno, time: 0 };
}

function entry(id: string, term: string, definitions: Definition[]): Entry {
  return {
    id,
    glossaryId: 'g',
    term,
    lang: 'fr',
    aliases: [],
    status: 'contested',
    gapNote: '',
    examples: [],
    sources: [],
    version: 1,
    createdAt: 0,
    updatedAt: 0,
    definitions,
  };
}

function proposal(fields: Partial<Proposal>): Proposal {
  return {
    id: 'pr',
    glossaryId: 'g',
    entryId: null,
    kind: 'term',
    perspective: 'designer',
    term: null,
    text: 'texte',
    note: null,
    state: 'open',
    author: alice,
    createdAt: 0,
    ...fields,
  };
}

describe('glossaryRights', () => {
  it.each([
    ['facilitator', { edit: true, propose: false, decide: true, runRounds: true, answerRounds: true }, 'edit'],
    ['editor', { edit: true, propose: false, decide: true, runRounds: false, answerRounds: true }, 'edit'],
    ['annotator', { edit: false, propose: true, decide: false, runRounds: false, answerRounds: true }, 'propose'],
    ['observer', { edit: false, propose: false, decide: false, runRounds: false, answerRounds: false }, 'read'],
  ] as const)('%s', (role, rights, mode) => {
    expect(glossaryRights(role)).toEqual(rights);
    expect(contributionMode(glossaryRights(role))).toBe(mode);
  });

  it('reads only for a role not known (yet, or to this page)', () => {
    for (const role of [undefined, null, 'owner', '']) {
      expect(contributionMode(glossaryRights(role))).toBe('read');
      expect(glossaryRights(role).answerRounds).toBe(false);
    }
  });

  it('has exactly one way to contribute for every role', () => {
    for (const role of ROLES) {
      const rights = glossaryRights(role);
      expect(rights.edit && rights.propose).toBe(false);
    }
  });
});

describe('proposalRows', () => {
  const entries = [entry('e1', 'commun', [definition('economist', 'Ressource gérée ensemble.')])];

  it('puts a definition proposal beside the definition it would replace', () => {
    const [row] = proposalRows([proposal({ kind: 'definition', entryId: 'e1', perspective: 'economist' })], entries);
    expect(row?.term).toBe('commun');
    expect(row?.current?.text).toBe('Ressource gérée ensemble.');
    expect(row?.entryGone).toBe(false);
  });

  it('has no current definition for a perspective the entry lacks, nor for a new term', () => {
    const rows = proposalRows(
      [proposal({ kind: 'definition', entryId: 'e1', perspective: 'jurist' }), proposal({ kind: 'term', term: 'tiers-lieu' })],
      entries,
    );
    expect(rows.map((r) => [r.term, r.current, r.entryGone])).toEqual([
      ['commun', undefined, false],
      ['tiers-lieu', undefined, false],
    ]);
  });

  it('says when the entry a definition was proposed for is gone', () => {
    const [row] = proposalRows([proposal({ kind: 'definition', entryId: 'gone', perspective: 'jurist' })], entries);
    expect(row?.entryGone).toBe(true);
  });

  it('names an accepted term by the entry it created', () => {
    const [row] = proposalRows([proposal({ kind: 'term', term: 'commun', entryId: 'e1', state: 'accepted' })], entries);
    expect(row?.term).toBe('commun');
    expect(row?.current).toBeUndefined();
  });
});

describe('roundTerms', () => {
  it('keeps the ticked terms, then the typed ones, each once whatever its case', () => {
    expect(roundTerms(['commun', 'usager'], ' Commun \n tiers-lieu; ;usager\n\n  bien   commun ')).toEqual(['commun', 'usager', 'tiers-lieu', 'bien commun']);
  });

  it('gives nothing for nothing', () => {
    expect(roundTerms([], ' \n ; ')).toEqual([]);
  });

  it('knows the server’s limit', () => {
    expect(MAX_ROUND_TERMS).toBe(20);
  });
});

describe('roundActions', () => {
  const annotator = glossaryRights('annotator');
  const facilitator = glossaryRights('facilitator');
  const observer = glossaryRights('observer');

  it('lets members answer an open round in their discipline', () => {
    expect(roundActions('open', annotator, 'designer')).toMatchObject({ answer: true, needsDiscipline: false, reveal: false });
    expect(roundActions('open', annotator, null)).toMatchObject({ answer: false, needsDiscipline: true });
    expect(roundActions('open', observer, 'inhabitant')).toMatchObject({ answer: false, needsDiscipline: false });
  });

  it('lets only the facilitator reveal, then settle and close', () => {
    expect(roundActions('open', facilitator, null)).toEqual({ answer: false, needsDiscipline: true, reveal: true, settle: false, close: false });
    expect(roundActions('revealed', facilitator, 'jurist')).toEqual({ answer: false, needsDiscipline: false, reveal: false, settle: true, close: true });
    expect(roundActions('revealed', annotator, 'designer')).toEqual({ answer: false, needsDiscipline: false, reveal: false, settle: false, close: false });
    expect(roundActions('closed', facilitator, 'jurist')).toEqual({ answer: false, needsDiscipline: false, reveal: false, settle: false, close: false });
  });
});

describe('answers and settling', () => {
  const revealed: Pick<RoundTerm, 'answers'> = {
    answers: {
      jurist: [{ participant: bruno, text: 'Bien régi par une communauté.' }],
      designer: [
        { participant: alice, text: 'Ce que l’on partage.' },
        { participant: chloe, text: 'Ce dont on prend soin.' },
      ],
      'urban-planner': [{ participant: chloe, text: 'Un espace partagé.' }],
    },
  };

  it('groups answers by discipline, the reader’s first, then the usual order, added ones last', () => {
    expect(answerGroups(revealed, 'jurist').map((g) => g.discipline)).toEqual(['jurist', 'designer', 'urban-planner']);
    expect(answerGroups(revealed, undefined).map((g) => g.discipline)).toEqual(['designer', 'jurist', 'urban-planner']);
    expect(answerGroups(revealed, 'designer')[0]?.answers.map((a) => a.participant.name)).toEqual(['Alice', 'Chloé']);
  });

  it('shows no groups before the reveal', () => {
    expect(answerGroups({}, 'jurist')).toEqual([]);
  });

  it('starts by keeping the first answer of each discipline', () => {
    expect(initialSettleDraft(revealed)).toEqual({
      jurist: { kind: 'pick', participant: 'p-bruno' },
      designer: { kind: 'pick', participant: 'p-alice' },
      'urban-planner': { kind: 'pick', participant: 'p-chloe' },
    });
  });

  it('builds the settle request: an answer by its author, a merge by its text, a discipline left out', () => {
    expect(
      settleRequest({
        designer: { kind: 'pick', participant: 'p-chloe' },
        jurist: { kind: 'merge', text: '  Bien régi ensemble.  ' },
        'urban-planner': { kind: 'skip' },
      }),
    ).toEqual({ ok: true, perspectives: { designer: { from: 'p-chloe' }, jurist: { text: 'Bien régi ensemble.' } } });
  });

  it('refuses an empty merge, and a request that keeps nothing', () => {
    expect(settleRequest({ designer: { kind: 'pick', participant: 'p-alice' }, jurist: { kind: 'merge', text: ' ' } })).toEqual({
      ok: false,
      emptyMerges: ['jurist'],
      nothing: false,
    });
    expect(settleRequest({ designer: { kind: 'skip' } })).toEqual({ ok: false, emptyMerges: [], nothing: true });
    expect(settleRequest({})).toEqual({ ok: false, emptyMerges: [], nothing: true });
  });
});

describe('orderRounds', () => {
  const round = (id: string, state: Round['state'], createdAt: number): Round => ({
    id,
    glossaryId: 'g',
    prompt: null,
    state,
    createdBy: chloe,
    createdAt,
    terms: [],
  });

  it('puts rounds under way first, newest first, closed ones after', () => {
    const ordered = orderRounds([round('old-closed', 'closed', 1), round('old-open', 'open', 2), round('new-closed', 'closed', 4), round('revealed', 'revealed', 3)]);
    expect(ordered.map((r) => r.id)).toEqual(['revealed', 'old-open', 'new-closed', 'old-closed']);
  });
});

describe('round and proposal wording', () => {
  afterEach(() => setLanguage(DEFAULT_LANGUAGE));

  it('names the round states in French and English', () => {
    setLanguage('fr');
    expect([t(roundStateKey('open')), t(roundStateKey('revealed')), t(roundStateKey('closed'))]).toEqual(['En attente de la révélation', 'Révélé', 'Clos']);
    setLanguage('en');
    expect([t(roundStateKey('open')), t(roundStateKey('revealed')), t(roundStateKey('closed'))]).toEqual(['Waiting for the reveal', 'Revealed', 'Closed']);
  });

  it('has every key it names in both catalogues, with the same placeholders', () => {
    const keys = [
      ...PROPOSAL_FILTERS.map(proposalFilterKey),
      ...(['open', 'accepted', 'declined'] as const).map(proposalStateKey),
      ...Object.keys(messages.fr).filter((k): k is MessageKey => isMessageKey(k) && /^(proposal|propose|round|memberAdd)/.test(k)),
    ];
    const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
    expect(keys.length).toBeGreaterThan(60);
    for (const key of keys) {
      expect(messages.fr[key], key).toBeTruthy();
      expect(messages.en[key], key).toBeTruthy();
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.fr[key]));
    }
  });
});
