/** A workspace's activity journal, newest first, a page at a time; readable by every member. */
import type { ActivityEntry } from '../api';
import { h, onLanguageChange, uid } from '../dom';
import { formatDateTime, t } from '../i18n';
import { actionLabel, journalText } from '../journal';
import type { AppContext } from './context';
import { errorText } from './home';

const PAGE = 50;

export interface WorkspaceJournal {
  readonly element: HTMLElement;
  /** Reads the newest page again (after a change made on this page). */
  reload(): void;
  destroy(): void;
}

/** The `before` cursor of a page's `next` URL. */
export function nextCursor(next: string | undefined): string | undefined {
  if (next === undefined) {
    return undefined;
  }
  try {
    return new URL(next, 'http://cahier.invalid').searchParams.get('before') ?? undefined;
  } catch {
    return undefined;
  }
}

export function workspaceJournal(ctx: AppContext, workspaceId: string): WorkspaceJournal {
  const heading = h('h2', { text: 'journalHeading', attrs: { id: uid('journal-heading') } });
  const list = h('ol', { className: 'list journal', attrs: { 'data-testid': 'journal' } });
  const status = h('p', { className: 'muted', attrs: { role: 'status' } }, t('loading'));
  const more = h('button', { text: 'journalMore', attrs: { type: 'button', hidden: true } });
  const element = h('section', { className: 'card', attrs: { 'aria-labelledby': heading.id } }, heading, status, list, more);
  let entries: ActivityEntry[] = [];
  let cursor: string | undefined;
  let request = 0;

  const item = (entry: ActivityEntry): HTMLElement =>
    h(
      'li',
      { className: 'journal__entry', attrs: { 'data-action': entry.action, 'data-testid': 'journal-entry' } },
      h('time', { className: 'muted', attrs: { datetime: new Date(entry.at).toISOString() } }, formatDateTime(entry.at)),
      ' ',
      h('strong', { className: 'journal__action' }, actionLabel(entry.action)),
      ' — ',
      h('span', {}, journalText(entry)),
    );

  const render = (): void => {
    list.replaceChildren(...entries.map(item));
    status.textContent = entries.length === 0 ? t('journalEmpty') : '';
    more.hidden = cursor === undefined;
  };

  const load = (before: string | undefined): void => {
    const mine = ++request;
    ctx.api.activity(workspaceId, PAGE, before).then(
      (page) => {
        if (mine !== request) {
          return;
        }
        entries = before === undefined ? [...page.entries] : [...entries, ...page.entries];
        cursor = nextCursor(page.next);
        render();
      },
      (failure: unknown) => {
        if (mine === request) {
          status.textContent = errorText(failure);
        }
      },
    );
  };

  more.addEventListener('click', () => load(cursor));
  load(undefined);
  const stopTranslating = onLanguageChange(render);
  return { element, reload: () => load(undefined), destroy: stopTranslating };
}
