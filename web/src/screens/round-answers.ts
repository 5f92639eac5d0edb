/**
 * A revealed term of a vocabulary round: every answer, grouped by discipline, and for the
 * facilitator the form that settles the term into the glossary (per discipline, one participant's
 * answer — attributed to them — or a merged text, or nothing).
 */
import type { Round, RoundTerm } from '../api';
import { disciplineLabel } from '../disciplines';
import { h, uid } from '../dom';
import { perspectiveHeading } from '../glossary/card';
import { answerGroups, initialSettleDraft, settleRequest, type SettleDraft, type SettleDraftChoice } from '../glossary/round-view';
import { format, t } from '../i18n';
import type { AppContext } from './context';
import { FormError, onSubmit, whileBusy } from './forms';
import { errorText } from './home';

export interface RevealedOptions {
  /** The reader's discipline, shown first. */
  readonly discipline: string | null;
  /** Settle choices being made, by `round/term`: kept across the rebuilds a live update causes. */
  readonly settleDrafts: Map<string, SettleDraft>;
  /** The term was settled: the round now, and the message to announce. */
  readonly settled: (round: Round, message: string) => void;
}

/**
 * After the reveal: the answers side by side by discipline (the reader's first); for the
 * facilitator, `settle`, a choice per discipline — one answer or a merge — and the Settle button.
 */
export function revealedAnswers(ctx: AppContext, round: Round, term: RoundTerm, settle: boolean, options: RevealedOptions): HTMLElement {
  const { discipline, settleDrafts } = options;
  const groups = answerGroups(term, discipline ?? undefined);
  if (groups.length === 0) {
    return h('p', { className: 'muted', text: 'roundNoAnswers' });
  }
  const key = `${round.id}/${term.id}`;
  let draft: SettleDraft = settleDrafts.get(key) ?? initialSettleDraft(term);
  const choose = (disc: string, choice: SettleDraftChoice): void => {
    draft = { ...draft, [disc]: choice };
    settleDrafts.set(key, draft);
  };
  const columns = groups.map((group) => {
    const groupHeadingId = uid('round-group');
    const name = `settle-${term.id}-${group.discipline}`;
    const current = draft[group.discipline] ?? { kind: 'skip' };
    const merge = h('textarea', {
      attrs: {
        id: uid('round-merge'),
        rows: 3,
        'data-focus-key': `merge-${key}-${group.discipline}`,
        'data-testid': 'round-merge',
        'aria-label': format('roundMergeOf', { discipline: disciplineLabel(group.discipline), term: term.term }),
      },
      on: { input: () => choose(group.discipline, { kind: 'merge', text: merge.value }) },
    });
    merge.value = current.kind === 'merge' ? current.text : '';
    const radio = (value: string, checked: boolean, onPick: () => void, focusKey: string): HTMLInputElement => {
      const input = h('input', { attrs: { type: 'radio', name, value, id: uid('settle'), checked, 'data-focus-key': focusKey } });
      input.addEventListener('change', () => {
        if (input.checked) {
          onPick();
        }
      });
      return input;
    };
    const answers = group.answers.map((answer) => {
      const text = h('p', { className: 'round-answer__text', attrs: { 'data-testid': 'round-answer-text' } }, answer.text);
      const who = h('span', { className: 'round-answer__who' }, answer.participant.name);
      if (!settle) {
        return h('li', { className: 'round-answer', attrs: { 'data-participant': answer.participant.id } }, who, text);
      }
      const input = radio(
        answer.participant.id,
        current.kind === 'pick' && current.participant === answer.participant.id,
        () => choose(group.discipline, { kind: 'pick', participant: answer.participant.id }),
        `pick-${key}-${answer.participant.id}`,
      );
      return h(
        'li',
        { className: 'round-answer', attrs: { 'data-participant': answer.participant.id } },
        input,
        ' ',
        h('label', { attrs: { for: input.id } }, format('roundPick', { name: answer.participant.name })),
        text,
      );
    });
    const settleChoices: HTMLElement[] = [];
    if (settle) {
      const mergeRadio = radio('merge', current.kind === 'merge', () => {
        choose(group.discipline, { kind: 'merge', text: merge.value });
        merge.focus();
      }, `mergechoice-${key}-${group.discipline}`);
      mergeRadio.dataset['testid'] = 'round-merge-choice';
      merge.addEventListener('focus', () => {
        mergeRadio.checked = true;
        choose(group.discipline, { kind: 'merge', text: merge.value });
      });
      const skipRadio = radio('skip', current.kind === 'skip', () => choose(group.discipline, { kind: 'skip' }), `skip-${key}-${group.discipline}`);
      settleChoices.push(
        h('div', { className: 'round-merge' }, mergeRadio, ' ', h('label', { attrs: { for: mergeRadio.id }, text: 'roundMerge' }), merge),
        h('div', {}, skipRadio, ' ', h('label', { attrs: { for: skipRadio.id }, text: 'roundSkip' })),
      );
    }
    const body = h('ul', { className: 'round-answers' }, ...answers);
    return settle
      ? h(
          'fieldset',
          { className: 'round-group', attrs: { 'data-discipline': group.discipline, 'data-testid': 'round-group' } },
          h('legend', {}, perspectiveHeading(group.discipline, group.discipline === discipline)),
          body,
          ...settleChoices,
        )
      : h(
          'section',
          { className: 'round-group', attrs: { 'data-discipline': group.discipline, 'data-testid': 'round-group', 'aria-labelledby': groupHeadingId } },
          h('h5', { attrs: { id: groupHeadingId } }, perspectiveHeading(group.discipline, group.discipline === discipline)),
          body,
        );
  });
  const grid = h('div', { className: 'round-groups' }, ...columns);
  if (!settle) {
    return grid;
  }
  const formError = new FormError();
  const submit = h('button', { className: 'primary', attrs: { type: 'submit', 'data-testid': 'round-settle' } }, format('roundSettleOf', { term: term.term }));
  const form: HTMLFormElement = h(
    'form',
    {
      className: 'stack-form',
      attrs: { 'data-testid': 'round-settle-form', 'aria-label': format('roundSettleOf', { term: term.term }) },
      on: {
        submit: onSubmit(() => {
          const request = settleRequest(draft);
          if (!request.ok) {
            formError.show(
              request.nothing
                ? t('roundSettleNothing')
                : format('roundSettleEmptyMerge', { disciplines: request.emptyMerges.map((d) => disciplineLabel(d)).join(', ') }),
            );
            return;
          }
          whileBusy(form, submit, 'saving', () => ctx.api.settleRoundTerm(round.id, term.id, request.perspectives)).then(
            (next) => {
              settleDrafts.delete(key);
              options.settled(next, format('roundSettled', { term: term.term }));
            },
            (failure: unknown) => formError.show(errorText(failure)),
          );
        }),
      },
    },
    h('p', { className: 'muted hint', text: 'roundSettleHint' }),
    grid,
    formError.element,
    h('div', { className: 'glossary__actions' }, submit),
  );
  return form;
}
