/**
 * The card of a glossary entry, shown over an occurrence in the editor: every perspective side by
 * side (the reader's first), the status and the note on the gap. Text from the server is set as
 * text, never as HTML.
 */
import type { Entry, EntryStatus } from '../api';
import { h, uid } from '../dom';
import { format, t, type MessageKey } from '../i18n';
import { glossaryPath } from '../router';
import { entryColumns, perspectiveLabel } from './perspectives';

const STATUS_KEYS: Record<EntryStatus, MessageKey> = {
  emerging: 'statusEmerging',
  contested: 'statusContested',
  shared: 'statusShared',
};

export function statusKey(status: EntryStatus): MessageKey {
  return STATUS_KEYS[status];
}

export function statusBadge(status: EntryStatus): HTMLElement {
  return h('span', { className: `term-status term-status--${status}`, attrs: { 'data-status': status } }, t(statusKey(status)));
}

/** One perspective's column heading: its name, "(you)" for the reader's own. */
export function perspectiveHeading(perspective: string, isReader: boolean): string {
  const label = perspectiveLabel(perspective);
  return isReader ? format('perspectiveYours', { perspective: label }) : label;
}

/**
 * `keyboard`: opened by F2 from the editor, so it is announced (aria-live) since focus stays in the
 * text; by the pointer it is a plain tooltip.
 */
export function termCard(entry: Entry, reader: string | undefined, keyboard: boolean): HTMLElement {
  const titleId = uid('term-card-title');
  const columns = entryColumns(entry, reader);
  return h(
    'div',
    {
      className: 'term-card',
      attrs: {
        role: 'tooltip',
        'aria-labelledby': titleId,
        'aria-live': keyboard ? 'polite' : undefined,
        'data-testid': 'term-card',
        'data-entry': entry.id,
      },
    },
    h(
      'div',
      { className: 'term-card__header' },
      h('strong', { className: 'term-card__term', attrs: { id: titleId } }, entry.term),
      ' ',
      statusBadge(entry.status),
    ),
    entry.aliases.length > 0 ? h('p', { className: 'muted term-card__aliases' }, entry.aliases.map((a) => a.label).join(' · ')) : null,
    h(
      'div',
      { className: 'term-card__perspectives' },
      ...columns.map((column) =>
        h(
          'section',
          {
            className: `term-card__perspective${column.isReader ? ' term-card__perspective--reader' : ''}`,
            attrs: { 'data-perspective': column.perspective },
          },
          h('h3', {}, perspectiveHeading(column.perspective, column.isReader)),
          column.definition === undefined ? h('p', { className: 'muted', text: 'noDefinitionYet' }) : h('p', {}, column.definition.text),
        ),
      ),
    ),
    entry.gapNote.trim() === ''
      ? null
      : h('div', { className: 'term-card__gap' }, h('h3', { text: 'gapNoteLabel' }), h('p', { attrs: { 'data-testid': 'term-card-gap' } }, entry.gapNote)),
    h('a', { className: 'term-card__link', text: 'termCardOpen', attrs: { href: glossaryPath(entry.glossaryId), 'data-link': true } }),
  );
}
