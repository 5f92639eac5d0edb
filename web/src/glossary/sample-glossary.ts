/**
 * A realistic workshop glossary (200 entries, 1–3 aliases each) and deterministic French/English
 * texts full of its terms, for the benchmark and the property tests (test support: nothing in the
 * app imports it).
 */
import { int, type Random } from '../ot/random-ops';
import type { GlossaryTerm } from './matcher';

/** Single concepts: French term, then aliases (English, abbreviations, variants). */
const CONCEPTS: string[][] = [
  ['expérimentation', 'experimentation', 'experiment'], ['innovation', 'innovation publique'],
  ['intérêt général', 'general interest', 'public interest'], ['living lab', 'laboratoire vivant'],
  ['politique publique', 'public policy'], ["appel à manifestation d'intérêt", 'AMI', 'call for expressions of interest'],
  ['commun', 'commons'], ['tiers-lieu', 'third place'], ['usager', 'user'], ['design de service', 'service design'],
  ['co-construction', 'co-design'], ['évaluation', 'evaluation', 'assessment'], ['collectivité territoriale', 'local authority', 'collectivité'],
  ['décentralisation', 'devolution'], ['subsidiarité', 'subsidiarity'], ['gouvernance', 'governance'],
  ['participation citoyenne', 'citizen participation'], ['budget participatif', 'participatory budget'],
  ['démocratie délibérative', 'deliberative democracy'], ['convention citoyenne', "citizens' assembly"],
  ['dispositif', 'scheme'], ['mesure', 'measure'], ['indicateur', 'indicator', 'KPI'], ['impact', 'outcome'],
  ['externalité', 'externality'], ['coût-bénéfice', 'cost-benefit'], ['bien public', 'public good'],
  ['service public', 'public service'], ['délégation de service public', 'DSP'], ['marché public', 'public procurement'],
  ['commande publique', 'public purchasing'], ['droit à l’expérimentation', 'right to experiment'],
  ['dérogation', 'derogation', 'waiver'], ['compétence', 'competence', 'power'], ['loi 3DS', '3DS'],
  ['Agenda 2030', 'SDG', 'objectifs de développement durable'], ['transition écologique', 'ecological transition'],
  ['sobriété', 'sufficiency'], ['résilience', 'resilience'], ['vulnérabilité', 'vulnerability'],
  ['inclusion numérique', 'digital inclusion'], ['fracture numérique', 'digital divide'],
  ['donnée ouverte', 'open data'], ['algorithme public', 'public algorithm'], ['RGPD', 'GDPR'],
  ['consentement', 'consent'], ['protection des données', 'data protection'], ['prototype', 'prototyping'],
  ['persona', 'personae'], ['parcours usager', 'user journey'], ['irritant', 'pain point'],
  ['atelier', 'workshop'], ['facilitation', 'facilitator', 'animateur'], ['restitution', 'debrief'],
  ['passage à l’échelle', 'scaling up', 'essaimage'], ['pérennisation', 'sustainability'],
  ['essai contrôlé randomisé', 'randomised controlled trial', 'RCT'], ['groupe témoin', 'control group'],
  ['biais', 'bias'], ['hypothèse', 'hypothesis'], ['protocole', 'protocol'], ['terrain', 'fieldwork'],
  ['enquête', 'survey'], ['entretien', 'interview'], ['observation participante', 'participant observation'],
  ['recherche-action', 'action research'], ['savoir d’usage', 'lay expertise', 'expertise d’usage'],
  ['habitant', 'inhabitant', 'resident'], ['quartier prioritaire', 'QPV', 'priority neighbourhood'],
  ['politique de la ville', 'urban policy'], ['aménagement', 'planning'], ['foncier', 'land'],
  ['logement social', 'social housing'], ['mobilité', 'mobility'], ['économie sociale et solidaire', 'ESS', 'social economy'],
  ['entreprise à mission', 'purpose-driven company'], ['mécénat', 'sponsorship'], ['subvention', 'grant'],
  ['appel à projets', 'call for projects', 'AAP'], ['cahier des charges', 'specification'],
  ['maîtrise d’ouvrage', 'project owner', 'MOA'], ['maîtrise d’œuvre', 'project manager', 'MOE'],
  ['régie', 'in-house'], ['contractualisation', 'contracting'], ['responsabilité', 'accountability'],
  ['transparence', 'transparency'], ['redevabilité', 'answerability'], ['légitimité', 'legitimacy'],
  ['controverse', 'controversy'], ['paradigme', 'paradigm'], ['changement de paradigme', 'paradigm shift'],
  ['récit', 'narrative'], ['imaginaire', 'imaginary'], ['prospective', 'foresight'], ['scénario', 'scenario'],
  ['signal faible', 'weak signal'], ['capacitation', 'empowerment', 'pouvoir d’agir'],
  ['care', 'soin'], ['vulnérabilité sociale', 'social vulnerability'], ['précarité', 'precarity'],
];

const NOUNS: [string, string][] = [
  ['démarche', 'approach'], ['projet', 'project'], ['stratégie', 'strategy'], ['plateforme', 'platform'],
  ['réseau', 'network'], ['programme', 'programme'], ['agence', 'agency'], ['observatoire', 'observatory'],
  ['laboratoire', 'laboratory'], ['fonds', 'fund'],
];
const ADJECTIVES: [string, string][] = [
  ['territorial', 'territorial'], ['numérique', 'digital'], ['social', 'social'], ['local', 'local'],
  ['européen', 'European'], ['national', 'national'], ['régional', 'regional'], ['culturel', 'cultural'],
  ['agricole', 'agricultural'], ['alimentaire', 'food'],
];

/** 200 entries: the concepts above, then noun + adjective phrases ("réseau territorial"). */
export function sampleGlossary(): GlossaryTerm[] {
  const terms: GlossaryTerm[] = CONCEPTS.map(([term, ...aliases], i) => ({ id: `c${i}`, term: term as string, aliases }));
  for (const [noun, nounEn] of NOUNS) {
    for (const [adjective, adjectiveEn] of ADJECTIVES) {
      if (terms.length === 200) break;
      terms.push({ id: `p${terms.length}`, term: `${noun} ${adjective}`, aliases: [`${adjectiveEn} ${nounEn}`] });
    }
  }
  return terms;
}

/** Words that are no label's word (so they never join or extend an occurrence). */
const FILLER = (
  'le la les un une des et ou mais donc pour avec sans sur sous dans entre chez vers selon pendant ' +
  'nous vous ils elles on avons sont était sera peut doit faut faire voir dire penser travailler ' +
  'the a an and or but with without into from over under while whereas we they were will can should ' +
  'ce cette ces notre leur très plus moins aussi encore déjà toujours jamais souvent parfois ici là ' +
  'question réponse exemple moment semaine année équipe groupe idée texte page carte table note'
).split(' ');

const SEPARATORS = [' ', ' ', ' ', ', ', '. ', ' ; ', ' : ', ' (', ') ', ' « ', ' » ', '\n', ' — ', ' 🙂 '];

/**
 * A text of about `length` UTF-16 units in which about one word in `every` is a label of `terms`,
 * written as a writer would: plural, after an elided article, capitalised, without accents, with a
 * no-break space inside. Returns the text and how many labels were written into it.
 */
export function sampleText(random: Random, terms: readonly GlossaryTerm[], length: number, every = 6): { text: string; written: number } {
  const parts: string[] = [];
  let size = 0;
  let written = 0;
  let sinceLabel = 0;
  while (size < length) {
    let word: string;
    if (sinceLabel >= 1 && int(random, every) === 0) {
      const entry = terms[int(random, terms.length)] as GlossaryTerm;
      const labels = [entry.term, ...entry.aliases];
      word = variant(random, labels[int(random, labels.length)] as string);
      written++;
      sinceLabel = 0;
    } else {
      word = FILLER[int(random, FILLER.length)] as string;
      sinceLabel++;
    }
    const part = word + (SEPARATORS[int(random, SEPARATORS.length)] as string);
    parts.push(part);
    size += part.length;
  }
  return { text: parts.join(''), written };
}

function variant(random: Random, label: string): string {
  const words = label.split(' ');
  const last = words.length - 1;
  switch (int(random, 6)) {
    case 0: // plural of the last word, when it is a plain one
      if (/[a-zé]$/.test(words[last] as string) && !/[sx]$/.test(words[last] as string)) words[last] += 's';
      break;
    case 1: // capitalised
      words[0] = (words[0] as string).charAt(0).toUpperCase() + (words[0] as string).slice(1);
      break;
    case 2: // accents left out
      return words.join(' ').normalize('NFD').replace(/\p{M}/gu, '');
    case 3: // no-break space inside
      return words.join('\u00a0');
    case 4: // after an elided article
      return `l’${words.join(' ')}`;
    default:
      break;
  }
  return words.join(' ');
}
