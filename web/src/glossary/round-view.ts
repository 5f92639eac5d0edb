/**
 * Vocabulary rounds as data for the screen: the terms a facilitator opens a round on, what each
 * member can do in a round's state, the answers grouped by discipline once revealed, and the
 * settle request built from the facilitator's choice per discipline (one answer, or a merge).
 */
import type { Round, RoundAnswer, RoundState, RoundTerm, SettleChoice } from '../api';
import type { MessageKey } from '../i18n';
import type { GlossaryRights } from './glossary-rights';
import { orderPerspectives } from './perspectives';

/** The server's limit on a round's terms. */
export const MAX_ROUND_TERMS = 20;

const STATE_KEYS: Record<RoundState, MessageKey> = {
  open: 'roundWaiting',
  revealed: 'roundRevealed',
  closed: 'roundClosed',
};

export function roundStateKey(state: RoundState): MessageKey {
  return STATE_KEYS[state];
}

/**
 * The terms of a new round: those ticked in the glossary, then those typed (one per line or
 * separated by ";"), trimmed, each once whatever its case, in that order.
 */
export function roundTerms(chosen: readonly string[], typed: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of [...chosen, ...typed.split(/[\n;]/)]) {
    const term = raw.trim().replace(/\s+/g, ' ');
    const key = term.toLocaleLowerCase('fr');
    if (term !== '' && !seen.has(key)) {
      seen.add(key);
      terms.push(term);
    }
  }
  return terms;
}

export interface RoundActions {
  /** Write one's own answers (open round, a role that answers, a discipline to answer in). */
  readonly answer: boolean;
  /** The role answers but the membership has no discipline: say so rather than fail. */
  readonly needsDiscipline: boolean;
  readonly reveal: boolean;
  readonly settle: boolean;
  readonly close: boolean;
}

export function roundActions(state: RoundState, rights: GlossaryRights, discipline: string | null | undefined): RoundActions {
  const hasDiscipline = discipline !== null && discipline !== undefined && discipline !== '';
  const open = state === 'open';
  return {
    answer: open && rights.answerRounds && hasDiscipline,
    needsDiscipline: open && rights.answerRounds && !hasDiscipline,
    reveal: open && rights.runRounds,
    settle: state === 'revealed' && rights.runRounds,
    close: state === 'revealed' && rights.runRounds,
  };
}

export interface DisciplineGroup {
  readonly discipline: string;
  readonly answers: readonly RoundAnswer[];
}

/** A revealed term's answers by discipline: the reader's first, then the usual order; none before the reveal. */
export function answerGroups(term: Pick<RoundTerm, 'answers'>, reader: string | undefined): DisciplineGroup[] {
  const answers = term.answers ?? {};
  return orderPerspectives(Object.keys(answers), reader).map((discipline) => ({ discipline, answers: answers[discipline] ?? [] }));
}

/** The facilitator's choice for one discipline: one participant's answer, a merged text, or leave it out. */
export type SettleDraftChoice =
  | { readonly kind: 'pick'; readonly participant: string }
  | { readonly kind: 'merge'; readonly text: string }
  | { readonly kind: 'skip' };

export type SettleDraft = Readonly<Record<string, SettleDraftChoice>>;

/** Where a settle form starts: each discipline with a single answer takes it; several: the first, to be reviewed. */
export function initialSettleDraft(term: Pick<RoundTerm, 'answers'>): SettleDraft {
  const draft: Record<string, SettleDraftChoice> = {};
  for (const [discipline, answers] of Object.entries(term.answers ?? {})) {
    const first = answers[0];
    draft[discipline] = first === undefined ? { kind: 'skip' } : { kind: 'pick', participant: first.participant.id };
  }
  return draft;
}

export type SettleRequest =
  | { readonly ok: true; readonly perspectives: Readonly<Record<string, SettleChoice>> }
  /** `emptyMerges`: disciplines whose merge has no text; `nothing`: every discipline left out. */
  | { readonly ok: false; readonly emptyMerges: readonly string[]; readonly nothing: boolean };

/** The body of `POST /api/rounds/{id}/terms/{term}/settle` for `draft`, or why it cannot be sent. */
export function settleRequest(draft: SettleDraft): SettleRequest {
  const perspectives: Record<string, SettleChoice> = {};
  const emptyMerges: string[] = [];
  for (const [discipline, choice] of Object.entries(draft)) {
    if (choice.kind === 'pick') {
      perspectives[discipline] = { from: choice.participant };
    } else if (choice.kind === 'merge') {
      const text = choice.text.trim();
      if (text === '') {
        emptyMerges.push(discipline);
      } else {
        perspectives[discipline] = { text };
      }
    }
  }
  const nothing = Object.keys(perspectives).length === 0 && emptyMerges.length === 0;
  return emptyMerges.length > 0 || nothing ? { ok: false, emptyMerges, nothing } : { ok: true, perspectives };
}

/** Rounds still under way first (newest first within each), closed ones after. */
export function orderRounds(rounds: readonly Round[]): Round[] {
  const rank = (r: Round): number => (r.state === 'closed' ? 1 : 0);
  return [...rounds].sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt);
}
