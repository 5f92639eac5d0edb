/**
 * The fields of a proposed new term (an annotator's "add to glossary"): the term, the perspective
 * it is defined from (the proposer's own discipline first), the definition and a note for the
 * editor who will decide. Shared by the glossary screen and the editor's "add to glossary".
 */
import type { NewProposal } from '../api';
import { h, uid } from '../dom';
import { labelled } from './entry-form';
import { KNOWN_PERSPECTIVES, orderPerspectives, perspectiveLabel } from './perspectives';

export interface ProposeTermPart {
  readonly element: HTMLElement;
  readonly term: HTMLInputElement;
  readonly definition: HTMLTextAreaElement;
  /** The proposal as typed (trimmed; no note when empty). */
  values(): NewProposal & { term: string };
}

/** `reader`: the proposer's discipline, chosen first. */
export function proposeTermPart(reader: string | undefined, initialTerm = ''): ProposeTermPart {
  const term = h('input', { attrs: { name: 'term', required: true, maxlength: 200, autocomplete: 'off', 'data-testid': 'entry-term' } });
  term.value = initialTerm;
  const codes = orderPerspectives(reader === undefined ? KNOWN_PERSPECTIVES : [reader, ...KNOWN_PERSPECTIVES], reader);
  const perspective = h(
    'select',
    { attrs: { name: 'perspective', 'data-testid': 'proposal-perspective' } },
    ...codes.map((code) => h('option', { attrs: { value: code } }, perspectiveLabel(code))),
  );
  const definition = h('textarea', { attrs: { id: uid('definition'), name: 'definition', rows: 3, maxlength: 20000, 'data-testid': 'proposal-input' } });
  const note = h('textarea', { attrs: { name: 'note', rows: 2, maxlength: 2000, 'data-testid': 'proposal-note' } });
  const element = h(
    'div',
    { className: 'entry-form' },
    labelled('termLabel', term),
    labelled('proposalPerspective', perspective),
    labelled('proposalDefinitionLabel', definition),
    labelled('proposalNoteLabel', note),
  );
  return {
    element,
    term,
    definition,
    values: () => {
      const written = note.value.trim();
      return {
        term: term.value.trim(),
        perspective: perspective.value,
        text: definition.value.trim(),
        ...(written === '' ? {} : { note: written }),
      };
    },
  };
}
