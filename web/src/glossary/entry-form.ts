/**
 * The fields of a glossary entry as a form part (term, aliases, status, gap note, examples,
 * sources), shared by "add to glossary" in the editor and the glossary screen.
 */
import { ApiError, ENTRY_STATUSES, type Entry, type EntryFields, type EntryStatus } from '../api';
import { h, uid } from '../dom';
import { format, type MessageKey } from '../i18n';
import { errorText } from '../screens/home';
import { statusKey } from './card';

export interface EntryFormPart {
  readonly element: HTMLElement;
  readonly term: HTMLInputElement;
  /** The fields as typed (lists split and trimmed, empty items dropped). */
  values(): EntryFields & { term: string };
  set(entry: Pick<Entry, 'term' | 'aliases' | 'status' | 'gapNote' | 'examples' | 'sources'>): void;
}

export function labelled<T extends HTMLElement>(label: MessageKey, control: T): HTMLElement {
  const id = control.id || uid('field');
  control.id = id;
  return h('div', { className: 'field' }, h('label', { text: label, attrs: { for: id } }), control);
}

/** Splits "a; b;; c" or one item per line into ["a", "b", "c"]. */
export function splitList(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function entryFormPart(initial: { term?: string; status?: EntryStatus } = {}): EntryFormPart {
  const term = h('input', { attrs: { name: 'term', required: true, maxlength: 200, autocomplete: 'off', 'data-testid': 'entry-term' } });
  term.value = initial.term ?? '';
  const aliases = h('input', { attrs: { name: 'aliases', autocomplete: 'off', 'data-testid': 'entry-aliases' } });
  const status = h(
    'select',
    { attrs: { name: 'status', 'data-testid': 'entry-status' } },
    ...ENTRY_STATUSES.map((s) => h('option', { text: statusKey(s), attrs: { value: s } })),
  );
  status.value = initial.status ?? 'emerging';
  const gapNote = h('textarea', { attrs: { name: 'gap-note', rows: 2, 'data-testid': 'entry-gap' } });
  const examples = h('textarea', { attrs: { name: 'examples', rows: 2 } });
  const sources = h('textarea', { attrs: { name: 'sources', rows: 2 } });
  const element = h(
    'div',
    { className: 'entry-form' },
    labelled('termLabel', term),
    labelled('aliasesLabel', aliases),
    labelled('statusLabel', status),
    labelled('gapNoteLabel', gapNote),
    labelled('examplesLabel', examples),
    labelled('sourcesLabel', sources),
  );
  return {
    element,
    term,
    values: () => ({
      term: term.value.trim(),
      aliases: splitList(aliases.value, /;/),
      status: status.value as EntryStatus,
      gapNote: gapNote.value.trim(),
      examples: splitList(examples.value, /\n/),
      sources: splitList(sources.value, /\n/),
    }),
    set: (entry) => {
      term.value = entry.term;
      aliases.value = entry.aliases.map((a) => a.label).join('; ');
      status.value = entry.status;
      gapNote.value = entry.gapNote;
      examples.value = entry.examples.join('\n');
      sources.value = entry.sources.join('\n');
    },
  };
}

/** Why a new term was refused: the glossary has it already (one entry per term, in any case), or the server's words. */
export function newTermFailure(failure: unknown, term: string): string {
  if (failure instanceof ApiError && failure.status === 409 && typeof failure.problem['entryId'] === 'string') {
    return format('termExists', { term });
  }
  return errorText(failure);
}
