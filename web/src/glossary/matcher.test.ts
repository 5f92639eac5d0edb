import { describe, expect, test } from 'vitest';
import { GlossaryMatcher, type GlossaryTerm } from './matcher';

/** One glossary for the whole table, as a workshop might attach to a paper. */
const glossary: GlossaryTerm[] = [
  { id: 'experimentation', term: 'expérimentation', aliases: ['experiment'] },
  { id: 'interet-general', term: 'intérêt général', aliases: ['general interest'] },
  { id: 'living-lab', term: 'living lab', aliases: ['laboratoire vivant'] },
  { id: 'lab', term: 'lab', aliases: [] },
  { id: 'politique-publique', term: 'politique publique', aliases: ['public policy'] },
  { id: 'policy', term: 'policy', aliases: [] },
  { id: 'ami', term: "appel à manifestation d'intérêt", aliases: ['AMI'] },
  { id: 'art', term: 'art', aliases: [] },
  { id: 'local', term: 'local', aliases: [] },
  { id: 'eau', term: 'eau', aliases: [] },
  { id: 'bijou', term: 'bijou', aliases: [] },
  { id: 'oeuvre', term: 'œuvre', aliases: [] },
  { id: 'strasse', term: 'Straße', aliases: [] },
  { id: 'financement', term: 'financement', aliases: [] },
  { id: 'co-construction', term: 'co-construction', aliases: [] },
  { id: 'construction', term: 'construction', aliases: [] },
  { id: 'innovation', term: 'innovation', aliases: [] },
  { id: 'commun', term: 'commun', aliases: ['commons'] },
  { id: 'agenda-2030', term: 'Agenda 2030', aliases: [] },
  { id: 'loi-3ds', term: 'loi 3DS', aliases: [] },
  { id: 'state', term: 'state', aliases: [] },
  { id: 'hui', term: 'hui', aliases: [] },
  { id: 'ile', term: 'île', aliases: [] },
  { id: 'don', term: 'don', aliases: [] },
  { id: 'europe', term: "l'Europe", aliases: [] },
  { id: 'droit-usage', term: "droit d'usage", aliases: [] },
  { id: 'approach', term: 'approach', aliases: [] },
  { id: 'city', term: 'city', aliases: [] },
  { id: 'box', term: 'box', aliases: [] },
  { id: 'citizens-assembly', term: "citizens' assembly", aliases: [] },
];

const matcher = new GlossaryMatcher(glossary);

/** [what the row proves, text, the occurrences expected as [term id, the text they cover]] */
type Row = [string, string, [string, string][]];

const rows: Row[] = [
  // case and accents
  ['upper case with accents', 'L’EXPÉRIMENTATION', [['experimentation', 'EXPÉRIMENTATION']]],
  ['accents left out', 'une experimentation', [['experimentation', 'experimentation']]],
  ['a feminine is not a plural: "locale" is not "local"', 'une politique locale', []],
  ['decomposed accent (e + U+0301) is é', 'expe\u0301rimentation', [['experimentation', 'expe\u0301rimentation']]],
  ['English alias, title case', 'An Experiment', [['experimentation', 'Experiment']]],
  ['œ in the text matches "œuvre", so does oe', 'Œuvre, oeuvre et OEUVRE', [['oeuvre', 'Œuvre'], ['oeuvre', 'oeuvre'], ['oeuvre', 'OEUVRE']]],
  ['ß = ss, both ways', 'STRASSE und strasse und Straße', [['strasse', 'STRASSE'], ['strasse', 'strasse'], ['strasse', 'Straße']]],
  ['ligature ﬁ = fi', 'le ﬁnancement', [['financement', 'ﬁnancement']]],
  ['dotted capital İ folds to i', 'İNNOVATION', [['innovation', 'İNNOVATION']]],
  // elision
  ["elision l' (ASCII apostrophe): range is the term only", "l'expérimentation", [['experimentation', 'expérimentation']]],
  ['elision with typographic apostrophe', 'l’intérêt général', [['interet-general', 'intérêt général']]],
  ["elision d'", "d'intérêt général", [['interet-general', 'intérêt général']]],
  ["elision qu'", "c'est qu'innovation rime", [['innovation', 'innovation']]],
  ["elision jusqu' and lorsqu'", "jusqu'à l'eau, lorsqu'innovation", [['eau', 'eau'], ['innovation', 'innovation']]],
  ["elision puisqu' in capitals", 'PUISQU’INNOVATION', [['innovation', 'INNOVATION']]],
  ["elision j' m' n' s' t'", "j'art m'art n'art s'art t'art", [['art', 'art'], ['art', 'art'], ['art', 'art'], ['art', 'art'], ['art', 'art']]],
  ["a label written with its article ('l'Europe') matches after another article", "d'Europe et l’Europe", [['europe', 'Europe'], ['europe', 'Europe']]],
  ['an elided article inside a label', 'des droits d’usage', [['droit-usage', 'droits d’usage']]],
  // apostrophes that are not elisions
  ["aujourd'hui is one word: 'hui' does not match", "aujourd'hui", []],
  ["presqu'île is one word: 'île' does not match", 'la presqu’île', []],
  ["don't is one word: 'don' does not match", "don't", []],
  ['quotation marks around a term are not apostrophes of the word', "'innovation'", [['innovation', 'innovation']]],
  ["English possessive 's: the word before matches", "the state's policy", [['state', 'state'], ['policy', 'policy']]],
  ['plural possessive: trailing apostrophe', "the states' policies", [['state', 'states'], ['policy', 'policies']]],
  ['an apostrophe closing a word does not end a multi-word term', 'a citizens’ assembly', [['citizens-assembly', 'citizens’ assembly']]],
  ['an apostrophe opening a word does end it', "citizens 'assembly", []],
  // plurals
  ['plural -s', 'des expérimentations', [['experimentation', 'expérimentations']]],
  ['plural -x after u: bijou, eau', 'bijoux et eaux', [['bijou', 'bijoux'], ['eau', 'eaux']]],
  ['plural -al → -aux', 'acteurs locaux', [['local', 'locaux']]],
  ['French multi-word: every word takes the plural', 'intérêts généraux et politiques publiques', [['interet-general', 'intérêts généraux'], ['politique-publique', 'politiques publiques']]],
  ['English multi-word: last word plural', 'two living labs', [['living-lab', 'living labs']]],
  ['English -y → -ies', 'public policies and cities', [['politique-publique', 'public policies'], ['city', 'cities']]],
  ['English -es after ch and x', 'approaches and boxes', [['approach', 'approaches'], ['box', 'boxes']]],
  ['alias plural: commons → commons, commun → communs', 'les communs, the commons', [['commun', 'communs'], ['commun', 'commons']]],
  // white space inside multi-word terms
  ['no-break space U+00A0', 'intérêt\u00a0général', [['interet-general', 'intérêt\u00a0général']]],
  ['narrow no-break space U+202F', 'intérêt\u202fgénéral', [['interet-general', 'intérêt\u202fgénéral']]],
  ['one line break', 'intérêt\ngénéral', [['interet-general', 'intérêt\ngénéral']]],
  ['a run of spaces and a tab', 'living  \t lab', [['living-lab', 'living  \t lab']]],
  ['a blank line ends the term', 'intérêt\n\ngénéral', []],
  ['punctuation between the words ends the term', 'intérêt, général', []],
  // whole words
  ["'art' not inside 'partie' nor 'artiste'", 'une partie des artistes', []],
  ["'art' plural 'arts' matches", 'les arts', [['art', 'arts']]],
  ["'lab' not inside 'laboratoire'", 'un laboratoire', []],
  ["'expérimentation' not inside a longer word", 'expérimentationnel', []],
  ['longest wins: living lab, not lab', 'un living lab', [['living-lab', 'living lab']]],
  ['a word glued to digits is another word', 'innovation2 et 2innovation', []],
  ['underscore separates words', 'innovation_lab', [['innovation', 'innovation'], ['lab', 'lab']]],
  ['slash separates words', 'living lab/lab', [['living-lab', 'living lab'], ['lab', 'lab']]],
  // hyphens: a compound is one word
  ['co-construction matches itself, not "construction"', 'la co-construction', [['co-construction', 'co-construction']]],
  ['non-breaking hyphen U+2011 is a hyphen', 'co\u2011construction', [['co-construction', 'co\u2011construction']]],
  ['"construction" inside another compound does not match', 'la pré-construction', []],
  ['"construction" alone matches', 'une construction', [['construction', 'construction']]],
  ['a hyphen not between letters separates', 'construction- et -lab', [['construction', 'construction'], ['lab', 'lab']]],
  // numbers
  ['a number in a term', "l'Agenda 2030", [['agenda-2030', 'Agenda 2030']]],
  ['a longer number is another word', 'Agenda 20301', []],
  ['letters and digits in one word', 'la loi 3DS et la loi 3DSX', [['loi-3ds', 'loi 3DS']]],
  // acronyms
  ['an acronym matches in capitals, and its plural', "l'AMI et les AMIs", [['ami', 'AMI'], ['ami', 'AMIs']]],
  ['an acronym does not match the common word', 'mon ami, Ami', []],
  ['the full form of the acronym', 'un appel à manifestation d’intérêt', [['ami', 'appel à manifestation d’intérêt']]],
  // emoji (surrogate pairs) and other separators
  ['emoji glued on both sides', '🙂innovation👍', [['innovation', 'innovation']]],
  ['emoji between the words of a term ends it', 'living🙂lab', [['lab', 'lab']]],
];

describe('matching rules', () => {
  test('the table has at least 40 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  test.each(rows)('%s: %j', (_, text, expected) => {
    const found = matcher.scan(text).map((o) => [o.termId, text.slice(o.from, o.to)]);
    expect(found).toEqual(expected);
  });
});

describe('offsets into the original text', () => {
  const at = (text: string) => matcher.scan(text).map((o) => [o.termId, o.from, o.to]);

  test('œ (one unit, folded to two) keeps the offsets after it', () => {
    expect(at('x Œuvres ŒUVRE')).toEqual([['oeuvre', 2, 8], ['oeuvre', 9, 14]]);
  });

  test('ß (one unit, folded to two)', () => {
    expect(at('die Straße, STRASSE')).toEqual([['strasse', 4, 10], ['strasse', 12, 19]]);
  });

  test('a decomposed accent (two units, folded to one) stays inside the range', () => {
    expect(at("l'expe\u0301rimentation. eau")).toEqual([['experimentation', 2, 18], ['eau', 20, 23]]);
  });

  test('a trailing combining mark belongs to the word', () => {
    const m = new GlossaryMatcher([{ id: 'cafe', term: 'café', aliases: [] }]);
    expect(m.scan('un cafe\u0301 noir').map((o) => [o.from, o.to])).toEqual([[3, 8]]);
  });

  test('emoji (surrogate pairs) before and after', () => {
    expect(at('🙂 innovation 👍🏽 lab')).toEqual([['innovation', 3, 13], ['lab', 19, 22]]);
  });

  test('a letter outside the basic plane is a letter: no match glued to it', () => {
    expect(at('𝐀innovation 𝐀 innovation')).toEqual([['innovation', 16, 26]]);
  });
});

describe('overlapping candidates', () => {
  const m = new GlossaryMatcher([
    { id: 'service', term: 'service', aliases: [] },
    { id: 'service-public', term: 'service public', aliases: [] },
    { id: 'public-local-numerique', term: 'public local numérique', aliases: [] },
    { id: 'tiers-lieu', term: 'tiers lieu', aliases: [] },
    { id: 'lieu-tiers', term: 'lieu tiers', aliases: [] },
  ]);
  const found = (text: string) => m.scan(text).map((o) => [o.termId, text.slice(o.from, o.to)]);

  test('the longest candidate wins even when it starts later; the freed start still matches', () => {
    expect(found('service public local numérique')).toEqual([
      ['service', 'service'],
      ['public-local-numerique', 'public local numérique'],
    ]);
  });

  test('at equal length the earliest wins', () => {
    expect(found('tiers lieu tiers')).toEqual([['tiers-lieu', 'tiers lieu']]);
  });

  test('the longer of two labels starting at the same word wins', () => {
    expect(found('un service public.')).toEqual([['service-public', 'service public']]);
  });

  test('when two entries share a label, the first given wins', () => {
    const twice = new GlossaryMatcher([
      { id: 'first', term: 'innovation', aliases: [] },
      { id: 'second', term: 'Innovation', aliases: [] },
    ]);
    expect(twice.scan('innovation').map((o) => o.termId)).toEqual(['first']);
  });
});
