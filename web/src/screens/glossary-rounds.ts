/**
 * Vocabulary rounds on the glossary screen. A facilitator opens one on a few terms (ticked from the
 * glossary or typed) with a prompt; each participant writes their own definition of each term,
 * blind: everyone sees who has answered (name, discipline), nobody what, until the facilitator
 * reveals. Then every answer appears, grouped by discipline, and the facilitator settles each term
 * — per discipline one answer or a merge — and closes the round. Observers follow, read-only.
 * The screen reads the rounds again whenever the server says one changed.
 */
import { ApiError, type Entry, type Round, type RoundTerm } from '../api';
import { disciplineLabel } from '../disciplines';
import { h, uid } from '../dom';
import { format, getLanguage, t } from '../i18n';
import type { GlossaryRights } from '../glossary/glossary-rights';
import { MAX_ROUND_TERMS, orderRounds, roundActions, roundStateKey, roundTerms, type SettleDraft } from '../glossary/round-view';
import type { AppContext } from './context';
import { FormError, onSubmit, whileBusy } from './forms';
import { errorText } from './home';
import { rebuildKeepingFocus } from './keep-focus';
import { revealedAnswers } from './round-answers';

export interface GlossaryRounds {
  readonly element: HTMLElement;
  reload(): void;
  /** The glossary's terms, offered when opening a round. */
  setEntries(entries: readonly Entry[]): void;
  render(): void;
}

/** `discipline`: the reader's, in which their answers are written (none: they cannot answer). */
export function glossaryRounds(ctx: AppContext, glossaryId: string, rights: GlossaryRights, discipline: string | null): GlossaryRounds {
  const heading = h('h2', { text: 'roundsHeading', attrs: { id: uid('rounds-heading') } });
  const list = h('div', { className: 'rounds', attrs: { 'data-testid': 'rounds', 'aria-busy': 'true' } });
  const status = h('p', { className: 'ok', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'rounds-status' } });
  const error = h('p', { className: 'error', attrs: { role: 'alert' } });
  const opener = h('div');
  const element = h(
    'section',
    { className: 'card', attrs: { 'aria-labelledby': heading.id, 'data-testid': 'rounds-section' } },
    heading,
    h('p', { className: 'muted hint', text: 'roundsIntro' }),
    opener,
    status,
    error,
    list,
  );
  let rounds: Round[] = [];
  let entries: readonly Entry[] = [];
  /** What is being typed, kept across the rebuilds a live update causes. */
  const answerDrafts = new Map<string, string>();
  const settleDrafts = new Map<string, SettleDraft>();
  let seq = 0;
  /** The rounds were read once: a round new after that was opened while the reader was here. */
  let seen = false;

  const reload = (): void => {
    const mine = ++seq;
    ctx.api.listRounds(glossaryId).then(
      (loaded) => {
        if (mine !== seq) {
          return;
        }
        // Someone else revealed or closed a round: say so, since the change was not this reader's doing.
        for (const round of loaded) {
          const before = rounds.find((r) => r.id === round.id);
          if (before !== undefined && before.state !== round.state) {
            status.textContent = t(round.state === 'revealed' ? 'roundRevealedDone' : 'roundClosedDone');
          } else if (before === undefined && seen && round.state === 'open') {
            status.textContent = format('roundOpened', { count: round.terms.length });
          }
        }
        seen = true;
        rounds = loaded;
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

  /** A round's answer to a change: shown at once, without waiting for the announcement. */
  const replaceRound = (round: Round): void => {
    rounds = rounds.some((r) => r.id === round.id) ? rounds.map((r) => (r.id === round.id ? round : r)) : [round, ...rounds];
    render();
  };

  const openForm = (): HTMLElement => {
    const headingId = uid('open-round');
    const boxes = [...entries]
      .sort((a, b) => a.term.localeCompare(b.term, 'fr', { sensitivity: 'base' }))
      .map((entry) => {
        const box = h('input', { attrs: { type: 'checkbox', id: uid('round-term'), value: entry.term, 'data-testid': 'round-term-choice' } });
        return h('li', {}, box, ' ', h('label', { attrs: { for: box.id } }, entry.term));
      });
    const typed = h('textarea', { attrs: { id: uid('round-typed'), rows: 2, 'data-testid': 'round-terms-typed' } });
    const prompt = h('textarea', { attrs: { id: uid('round-prompt'), rows: 2, maxlength: 2000, 'data-testid': 'round-prompt' } });
    const formError = new FormError();
    const submit = h('button', { className: 'primary', text: 'roundOpen', attrs: { type: 'submit', 'data-testid': 'round-open' } });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form',
        attrs: { 'aria-labelledby': headingId, 'data-testid': 'open-round' },
        on: {
          submit: onSubmit(() => {
            const chosen = [...form.querySelectorAll<HTMLInputElement>('input[type=checkbox]:checked')].map((b) => b.value);
            const terms = roundTerms(chosen, typed.value);
            if (terms.length === 0 || terms.length > MAX_ROUND_TERMS) {
              formError.show(format('roundTermsCount', { max: MAX_ROUND_TERMS }));
              return;
            }
            const text = prompt.value.trim();
            whileBusy(form, submit, 'saving', () => ctx.api.openRound(glossaryId, terms, text === '' ? undefined : text)).then(
              (round) => {
                formError.clear();
                form.reset();
                status.textContent = format('roundOpened', { count: round.terms.length });
                replaceRound(round);
              },
              (failure: unknown) => formError.show(errorText(failure)),
            );
          }),
        },
      },
      boxes.length === 0
        ? null
        : h('fieldset', {}, h('legend', { text: 'roundTermsFromGlossary' }), h('ul', { className: 'round-choices' }, ...boxes)),
      h('div', { className: 'field' }, h('label', { text: 'roundTermsTyped', attrs: { for: typed.id } }), typed),
      h('div', { className: 'field' }, h('label', { text: 'roundPrompt', attrs: { for: prompt.id } }), prompt),
      formError.element,
      submit,
    );
    return h('details', { className: 'round-opener' }, h('summary', { text: 'roundOpenHeading', attrs: { id: headingId, 'data-testid': 'open-round-toggle' } }), form);
  };

  const roundBlock = (round: Round): HTMLElement => {
    const actions = roundActions(round.state, rights, discipline);
    const headingId = `round-${round.id}`;
    const message = h('p', { className: 'error', attrs: { role: 'alert' } });
    const advance = (button: HTMLButtonElement, request: () => Promise<Round>, done: 'roundRevealedDone' | 'roundClosedDone'): void => {
      button.disabled = true;
      request().then(
        (next) => {
          status.textContent = t(done);
          replaceRound(next);
        },
        (failure: unknown) => {
          button.disabled = false;
          message.textContent = failure instanceof ApiError && failure.status === 409 ? t('roundMoved') : errorText(failure);
          reload();
        },
      );
    };
    const controls: HTMLElement[] = [];
    if (actions.reveal) {
      const reveal: HTMLButtonElement = h('button', {
        className: 'primary',
        text: 'roundReveal',
        attrs: { type: 'button', 'data-testid': 'round-reveal', 'data-focus-key': `reveal-${round.id}` },
        on: { click: () => advance(reveal, () => ctx.api.revealRound(round.id), 'roundRevealedDone') },
      });
      controls.push(reveal);
    }
    if (actions.close) {
      const close: HTMLButtonElement = h('button', {
        text: 'roundClose',
        attrs: { type: 'button', 'data-testid': 'round-close', 'data-focus-key': `close-${round.id}` },
        on: { click: () => advance(close, () => ctx.api.closeRound(round.id), 'roundClosedDone') },
      });
      controls.push(close);
    }
    const block = h(
      'article',
      { className: `round round--${round.state}`, attrs: { 'data-round': round.id, 'data-state': round.state, 'data-testid': 'round', 'aria-labelledby': headingId } },
      h(
        'div',
        { className: 'round__header' },
        h('h3', { attrs: { id: headingId } }, format('roundTitle', { name: round.createdBy.name, time: new Date(round.createdAt).toLocaleString(getLanguage()) })),
        h('span', { className: `badge round__state round__state--${round.state}`, attrs: { 'data-testid': 'round-state' }, text: roundStateKey(round.state) }),
      ),
      round.prompt === null ? null : h('p', { className: 'round__prompt', attrs: { 'data-testid': 'round-prompt-text' } }, round.prompt),
      actions.needsDiscipline ? h('p', { className: 'muted', text: rights.runRounds ? 'roundNeedsDisciplineFacilitator' : 'roundNeedsDiscipline' }) : null,
      ...round.terms.map((term) => termBlock(round, term, actions)),
      controls.length === 0 ? null : h('div', { className: 'glossary__actions' }, ...controls),
      message,
    );
    return round.state === 'closed'
      ? h('details', { className: 'round-closed' }, h('summary', {}, `${format('roundTitle', { name: round.createdBy.name, time: new Date(round.createdAt).toLocaleString(getLanguage()) })} — ${t('roundClosed')}`), block)
      : block;
  };

  const termBlock = (round: Round, term: RoundTerm, actions: ReturnType<typeof roundActions>): HTMLElement => {
    const headingId = `round-term-${term.id}`;
    const answered = h(
      'ul',
      { className: 'round__answered', attrs: { 'data-testid': 'round-answered', 'aria-label': format('roundAnsweredOf', { term: term.term }) } },
      ...(term.answered.length === 0
        ? [h('li', { className: 'muted', text: 'roundNobodyYet' })]
        : term.answered.map((a) =>
            h('li', { attrs: { 'data-participant': a.participant.id, 'data-discipline': a.discipline } }, `${a.participant.name} (${disciplineLabel(a.discipline)})`),
          )),
    );
    return h(
      'section',
      { className: 'round-term', attrs: { 'data-round-term': term.id, 'data-term': term.term, 'data-testid': 'round-term', 'aria-labelledby': headingId } },
      h(
        'h4',
        { attrs: { id: headingId } },
        term.term,
        term.settled ? h('span', { className: 'badge round-term__settled', attrs: { 'data-testid': 'round-term-settled' }, text: 'roundTermSettled' }) : null,
      ),
      h('div', { className: 'round-term__who' }, h('span', { className: 'muted', text: 'roundAnswered' }), answered),
      actions.answer ? answerForm(round, term) : term.mine === null ? null : h('p', { attrs: { 'data-testid': 'round-mine' } }, format('roundYourAnswer', { text: term.mine.text })),
      round.state === 'open'
        ? null
        : revealedAnswers(ctx, round, term, actions.settle && !term.settled, {
            discipline,
            settleDrafts,
            settled: (next, message) => {
              status.textContent = message;
              replaceRound(next);
            },
          }),
    );
  };

  const answerForm = (round: Round, term: RoundTerm): HTMLElement => {
    const key = `${round.id}/${term.id}`;
    const box = h('textarea', {
      attrs: { id: uid('round-answer'), rows: 3, maxlength: 20000, 'data-focus-key': `answer-${key}`, 'data-testid': 'round-answer' },
      on: { input: () => answerDrafts.set(key, box.value) },
    });
    box.value = answerDrafts.get(key) ?? term.mine?.text ?? '';
    const formError = new FormError();
    const done = h('p', { className: 'ok', attrs: { role: 'status', 'data-testid': 'round-answer-status' } });
    const submit = h('button', {
      className: 'primary',
      text: term.mine === null ? 'roundAnswerSend' : 'roundAnswerUpdate',
      attrs: { type: 'submit', 'data-testid': 'round-answer-send' },
    });
    const form: HTMLFormElement = h(
      'form',
      {
        className: 'stack-form round-term__answer',
        on: {
          submit: onSubmit(() => {
            const text = box.value.trim();
            if (text === '') {
              formError.show(t('roundAnswerRequired'));
              box.focus();
              return;
            }
            whileBusy(form, submit, 'saving', () => ctx.api.answerRound(round.id, term.id, text)).then(
              (next) => {
                answerDrafts.delete(key);
                status.textContent = format('roundAnswerSaved', { term: term.term });
                replaceRound(next);
              },
              (failure: unknown) => {
                formError.show(failure instanceof ApiError && failure.status === 409 ? t('roundAlreadyRevealed') : errorText(failure));
                if (failure instanceof ApiError && failure.status === 409) {
                  reload();
                }
              },
            );
          }),
        },
      },
      h(
        'label',
        { attrs: { for: box.id } },
        format('roundAnswerLabel', { term: term.term, discipline: disciplineLabel(discipline) }),
      ),
      h('p', { className: 'muted hint', text: 'roundAnswerHint' }),
      box,
      formError.element,
      h('div', { className: 'glossary__actions' }, submit),
      done,
    );
    return form;
  };

  const render = (): void => {
    if (rights.runRounds && opener.childElementCount === 0) {
      opener.replaceChildren(openForm());
    }
    rebuildKeepingFocus(list, () => {
      const ordered = orderRounds(rounds);
      list.replaceChildren(...(ordered.length === 0 ? [h('p', { className: 'muted', text: 'roundsNone' })] : ordered.map(roundBlock)));
    });
  };

  return {
    element,
    reload,
    setEntries: (next) => {
      const before = entries.map((e) => e.term).join('\n');
      entries = next;
      // The opening form lists the glossary's terms: rebuilt when they change, unless in use.
      if (rights.runRounds && before !== next.map((e) => e.term).join('\n') && !opener.contains(document.activeElement)) {
        const wasOpen = opener.querySelector('details')?.open ?? false;
        opener.replaceChildren(openForm());
        const details = opener.querySelector('details');
        if (details !== null) {
          details.open = wasOpen;
        }
      }
    },
    render,
  };
}
