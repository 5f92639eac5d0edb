/**
 * The proposals of a glossary screen: the open ones by default (who, when, which perspective, the
 * words and the note; for a definition, the definition it would replace beside it), with Accept and
 * Decline (and a note) for editors and facilitators; the decided ones on request.
 */
import { ApiError, type Entry, type Proposal } from '../api';
import { h, uid } from '../dom';
import { format, getLanguage, t } from '../i18n';
import type { GlossaryRights } from '../glossary/glossary-rights';
import { perspectiveLabel } from '../glossary/perspectives';
import { PROPOSAL_FILTERS, proposalFilterKey, proposalRows, proposalStateKey, type ProposalFilter, type ProposalRow } from '../glossary/proposal-view';
import type { AppContext } from './context';
import { errorText } from './home';
import { rebuildKeepingFocus } from './keep-focus';

export interface GlossaryProposals {
  readonly element: HTMLElement;
  /** Read the proposals again (a `proposal` or `entry` change, a reconnect). */
  reload(): void;
  /** The entries changed: the "current definition" beside each proposal follows. */
  setEntries(entries: readonly Entry[]): void;
  render(): void;
}

export function glossaryProposals(ctx: AppContext, glossaryId: string, rights: GlossaryRights, decided: () => void): GlossaryProposals {
  const heading = h('h2', { text: 'proposalsHeading', attrs: { id: uid('proposals-heading') } });
  const filter = h(
    'select',
    { attrs: { id: uid('proposal-filter'), 'data-testid': 'proposals-filter' } },
    ...PROPOSAL_FILTERS.map((f) => h('option', { text: proposalFilterKey(f), attrs: { value: f } })),
  );
  const list = h('ul', { className: 'list proposals', attrs: { 'data-testid': 'proposals', 'aria-busy': 'true' } });
  const status = h('p', { className: 'ok', attrs: { role: 'status', 'data-testid': 'proposals-status' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const element = h(
    'section',
    { className: 'card', attrs: { 'aria-labelledby': heading.id, 'data-testid': 'proposals-section' } },
    heading,
    h('div', { className: 'inline-form' }, h('label', { text: 'proposalsFilterLabel', attrs: { for: filter.id } }), filter),
    list,
    status,
    error,
  );
  let proposals: Proposal[] = [];
  let entries: readonly Entry[] = [];
  /** Decision notes being typed, by proposal: kept across live rebuilds. */
  const notes = new Map<string, string>();
  let seq = 0;

  const when = (time: number): string => new Date(time).toLocaleString(getLanguage());

  const row = ({ proposal, term, current, entryGone }: ProposalRow): HTMLElement => {
    const item = h('li', {
      className: 'proposal',
      attrs: { 'data-proposal': proposal.id, 'data-state': proposal.state, 'data-kind': proposal.kind, 'data-testid': 'proposal' },
    });
    const what =
      proposal.kind === 'term'
        ? format('proposalNewTerm', { term, perspective: perspectiveLabel(proposal.perspective) })
        : format('proposalDefinition', { term, perspective: perspectiveLabel(proposal.perspective) });
    const proposed = h(
      'div',
      { className: 'proposal__text' },
      h('h4', { text: 'proposalProposed' }),
      h('p', { attrs: { 'data-testid': 'proposal-text' } }, proposal.text),
    );
    const beside =
      proposal.kind !== 'definition'
        ? null
        : h(
            'div',
            { className: 'proposal__text proposal__current' },
            h('h4', { text: 'proposalCurrent' }),
            entryGone
              ? h('p', { className: 'muted', text: 'proposalEntryGone' })
              : current === undefined || current.text === ''
                ? h('p', { className: 'muted', text: 'noDefinitionYet' })
                : h('p', { attrs: { 'data-testid': 'proposal-current' } }, current.text),
          );
    item.append(
      h(
        'p',
        { className: 'proposal__head' },
        h('strong', {}, what),
        ' ',
        h('span', { className: `badge proposal__state proposal__state--${proposal.state}`, text: proposalStateKey(proposal.state) }),
      ),
      h('p', { className: 'muted' }, format('proposalBy', { name: proposal.author.name, time: when(proposal.createdAt) })),
      h('div', { className: 'proposal__compare' }, proposed, beside),
    );
    if (proposal.note !== null) {
      item.append(h('p', { className: 'proposal__note' }, format('proposalNoteShown', { note: proposal.note })));
    }
    if (proposal.decision !== undefined) {
      const decision = proposal.decision;
      item.append(
        h(
          'p',
          { className: 'muted', attrs: { 'data-testid': 'proposal-decision' } },
          format(proposal.state === 'accepted' ? 'proposalAcceptedBy' : 'proposalDeclinedBy', { name: decision.by.name, time: when(decision.at) }),
          decision.note === null ? '' : ` — ${decision.note}`,
        ),
      );
    }
    if (proposal.state === 'open' && rights.decide) {
      item.append(decisionForm(proposal, term));
    }
    return item;
  };

  const decisionForm = (proposal: Proposal, term: string): HTMLElement => {
    const note = h('textarea', {
      attrs: { id: uid('decision-note'), rows: 2, maxlength: 2000, 'data-focus-key': `decision-${proposal.id}`, 'data-testid': 'decision-note' },
      on: { input: () => notes.set(proposal.id, note.value) },
    });
    note.value = notes.get(proposal.id) ?? '';
    const message = h('p', { className: 'error', attrs: { role: 'alert' } });
    const accept = h('button', {
      className: 'primary',
      text: 'proposalAccept',
      attrs: { type: 'button', 'data-testid': 'proposal-accept', 'aria-label': format('proposalAcceptOf', { term }) },
    });
    const decline = h('button', {
      text: 'proposalDecline',
      attrs: { type: 'button', 'data-testid': 'proposal-decline', 'aria-label': format('proposalDeclineOf', { term }) },
    });
    const send = (yes: boolean): void => {
      accept.disabled = true;
      decline.disabled = true;
      message.textContent = '';
      const text = note.value.trim();
      ctx.api.decideProposal(proposal.id, yes, text === '' ? undefined : text).then(
        (done) => {
          notes.delete(proposal.id);
          status.textContent = format(yes ? 'proposalAcceptedDone' : 'proposalDeclinedDone', { name: done.author.name });
          decided();
          reload();
        },
        (failure: unknown) => {
          accept.disabled = false;
          decline.disabled = false;
          if (failure instanceof ApiError && failure.status === 409) {
            message.textContent = t('proposalAlreadyDecided');
            reload();
          } else {
            message.textContent = errorText(failure);
          }
        },
      );
    };
    accept.addEventListener('click', () => send(true));
    decline.addEventListener('click', () => send(false));
    return h(
      'div',
      { className: 'proposal__decide', attrs: { role: 'group', 'aria-label': format('proposalDecideOf', { term }) } },
      h('label', { text: 'proposalDecisionNote', attrs: { for: note.id } }),
      note,
      h('div', { className: 'glossary__actions' }, accept, decline),
      message,
    );
  };

  const render = (): void => {
    rebuildKeepingFocus(list, () => {
      const rows = proposalRows(proposals, entries);
      list.replaceChildren(
        ...(rows.length === 0
          ? [h('li', { className: 'muted', text: filter.value === 'open' ? 'proposalsNoneOpen' : 'proposalsNone' })]
          : rows.map(row)),
      );
    });
  };

  const reload = (): void => {
    const mine = ++seq;
    ctx.api.listProposals(glossaryId, filter.value as ProposalFilter).then(
      (loaded) => {
        if (mine !== seq) {
          return;
        }
        proposals = loaded;
        error.textContent = '';
        list.setAttribute('aria-busy', 'false');
        render();
      },
      (failure: unknown) => {
        if (mine === seq) {
          list.setAttribute('aria-busy', 'false');
          error.textContent = errorText(failure);
        }
      },
    );
  };

  filter.addEventListener('change', reload);
  return {
    element,
    reload,
    setEntries: (next) => {
      entries = next;
      render();
    },
    render,
  };
}
