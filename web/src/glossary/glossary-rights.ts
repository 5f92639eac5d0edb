/**
 * What a member may do with a glossary, by role (access contract): everyone reads; annotators
 * propose (an editor decides); editors and facilitators edit entries and definitions, attach,
 * import and decide proposals; facilitators run vocabulary rounds, which annotators, editors and
 * facilitators answer. A role this page does not know reads only, like an observer: the server
 * would refuse the rest anyway.
 */
import { canEdit, canManage } from '../roles';

export interface GlossaryRights {
  /** Edit entries and definitions, attach to documents, import. */
  readonly edit: boolean;
  /** Send proposals in place of saving (annotators). */
  readonly propose: boolean;
  /** Accept or decline proposals. */
  readonly decide: boolean;
  /** Open, reveal, settle and close vocabulary rounds. */
  readonly runRounds: boolean;
  /** Answer in a vocabulary round (the membership also needs a discipline). */
  readonly answerRounds: boolean;
}

export function glossaryRights(role: string | null | undefined): GlossaryRights {
  const edit = canEdit(role);
  const annotate = edit || role === 'annotator';
  return { edit, propose: annotate && !edit, decide: edit, runRounds: canManage(role), answerRounds: annotate };
}

/** How one perspective's definition is offered: saved directly, proposed, or only read. */
export type ContributionMode = 'edit' | 'propose' | 'read';

export function contributionMode(rights: GlossaryRights): ContributionMode {
  return rights.edit ? 'edit' : rights.propose ? 'propose' : 'read';
}
