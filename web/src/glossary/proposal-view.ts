/**
 * The proposals list of a glossary screen, as data: each proposal with the term it is about and,
 * for a definition, the definition it would replace, so that an editor decides with both in view.
 */
import type { Definition, Entry, Proposal, ProposalState } from '../api';
import type { MessageKey } from '../i18n';

export interface ProposalRow {
  readonly proposal: Proposal;
  /** The entry's term (a definition), or the term proposed. */
  readonly term: string;
  /** The entry's definition for the proposal's perspective now; undefined when it has none (or for a new term). */
  readonly current: Definition | undefined;
  /** A definition proposed for an entry no longer in the glossary. */
  readonly entryGone: boolean;
}

export function proposalRows(proposals: readonly Proposal[], entries: readonly Entry[]): ProposalRow[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return proposals.map((proposal) => {
    const entry = proposal.entryId === null ? undefined : byId.get(proposal.entryId);
    const definition = proposal.kind === 'definition';
    return {
      proposal,
      term: entry?.term ?? proposal.term ?? '',
      current: definition ? entry?.definitions.find((d) => d.perspective === proposal.perspective) : undefined,
      entryGone: definition && entry === undefined,
    };
  });
}

/** Which proposals the list shows. */
export type ProposalFilter = ProposalState | 'all';
export const PROPOSAL_FILTERS: readonly ProposalFilter[] = ['open', 'accepted', 'declined', 'all'];

const FILTER_KEYS: Record<ProposalFilter, MessageKey> = {
  open: 'proposalsShowOpen',
  accepted: 'proposalsShowAccepted',
  declined: 'proposalsShowDeclined',
  all: 'proposalsShowAll',
};

export function proposalFilterKey(filter: ProposalFilter): MessageKey {
  return FILTER_KEYS[filter];
}

const STATE_KEYS: Record<ProposalState, MessageKey> = {
  open: 'proposalOpen',
  accepted: 'proposalAccepted',
  declined: 'proposalDeclined',
};

export function proposalStateKey(state: ProposalState): MessageKey {
  return STATE_KEYS[state];
}
