/**
 * The workspace's activity journal in words: a short localised name for each action, and a
 * sentence saying who did what from the entry's details (`openapi.yaml`, ActivityEntry; the
 * document, glossary and vocabulary-round actions come from the journal's later uses). An action
 * this page does not know (a newer server) is shown by its code rather than hidden.
 */
import type { ActivityEntry } from './api';
import { disciplineLabel } from './disciplines';
import { format, t, type MessageKey } from './i18n';
import { roleKey } from './roles';

type Details = Readonly<Record<string, unknown>>;
type Entry = Pick<ActivityEntry, 'actor' | 'action' | 'subject' | 'details'>;

function text(details: Details, field: string): string | undefined {
  const value = details[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function role(details: Details, field = 'role'): string {
  return t(roleKey(text(details, field)));
}

function count(details: Details, field: string): number {
  const value = details[field];
  return typeof value === 'number' ? value : Array.isArray(value) ? value.length : 0;
}

function object(details: Details, field: string): Details {
  const value = details[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Details) : {};
}

/** `{name}`, `{term}`, `{title}`… each from the details, the subject standing in for a missing name. */
function said(key: MessageKey): (e: Entry) => string {
  return (e) =>
    format(key, {
      actor: e.actor.name,
      name: text(e.details, 'name') ?? e.subject,
      title: text(e.details, 'title') ?? e.subject,
      before: text(e.details, 'before') ?? '',
      term: text(e.details, 'term') ?? '',
      label: text(e.details, 'label') ?? '',
      proposer: text(e.details, 'proposer') ?? '',
      role: role(e.details),
      discipline: disciplineLabel(text(e.details, 'discipline')),
      perspective: disciplineLabel(text(e.details, 'perspective')),
      count: count(e.details, 'entries') || count(e.details, 'terms'),
    });
}

const ACTIONS = {
  'workspace.created': { label: 'actionWorkspaceCreated', sentence: said('journalWorkspaceCreated') },
  'discipline.added': {
    label: 'actionDisciplineAdded',
    sentence: (e: Entry) => format('journalDisciplineAdded', { actor: e.actor.name, discipline: disciplineLabel(e.subject) }),
  },
  'member.added': { label: 'actionMemberAdded', sentence: said('journalMemberAdded') },
  'member.changed': {
    label: 'actionMemberChanged',
    sentence: (e: Entry) => {
      const before = object(e.details, 'before');
      const roleChanged = text(before, 'role') !== undefined && text(before, 'role') !== text(e.details, 'role');
      return roleChanged
        ? format('journalMemberRole', { actor: e.actor.name, name: text(e.details, 'name') ?? e.subject, before: role(before), role: role(e.details) })
        : said('journalMemberDiscipline')(e);
    },
  },
  'member.removed': { label: 'actionMemberRemoved', sentence: said('journalMemberRemoved') },
  'invitation.created': {
    label: 'actionInvitationCreated',
    sentence: (e: Entry) => said(text(e.details, 'label') === undefined ? 'journalInvitationCreated' : 'journalInvitationCreatedLabel')(e),
  },
  'invitation.revoked': { label: 'actionInvitationRevoked', sentence: said('journalInvitationRevoked') },
  'invitation.redeemed': { label: 'actionInvitationRedeemed', sentence: said('journalInvitationRedeemed') },
  'document.created': { label: 'actionDocumentCreated', sentence: said('journalDocumentCreated') },
  'document.changed': {
    label: 'actionDocumentChanged',
    sentence: (e: Entry) =>
      said(
        text(e.details, 'title') !== undefined
          ? 'journalDocumentRenamed'
          : e.details['archived'] === false
            ? 'journalDocumentUnarchived'
            : 'journalDocumentArchived',
      )(e),
  },
  'glossary.created': { label: 'actionGlossaryCreated', sentence: said('journalGlossaryCreated') },
  'glossary.renamed': { label: 'actionGlossaryRenamed', sentence: said('journalGlossaryRenamed') },
  'glossary.attached': { label: 'actionGlossaryAttached', sentence: said('journalGlossaryAttached') },
  'glossary.detached': { label: 'actionGlossaryDetached', sentence: said('journalGlossaryDetached') },
  'glossary.imported': { label: 'actionGlossaryImported', sentence: said('journalGlossaryImported') },
  'glossary.entry-created': { label: 'actionEntryCreated', sentence: said('journalEntryCreated') },
  'glossary.entry-changed': { label: 'actionEntryChanged', sentence: said('journalEntryChanged') },
  'glossary.definition-changed': { label: 'actionDefinitionChanged', sentence: said('journalDefinitionChanged') },
  'glossary.definition-restored': { label: 'actionDefinitionRestored', sentence: said('journalDefinitionRestored') },
  'glossary.proposal-made': { label: 'actionProposalMade', sentence: said('journalProposalMade') },
  'glossary.proposal-accepted': { label: 'actionProposalAccepted', sentence: said('journalProposalAccepted') },
  'glossary.proposal-declined': { label: 'actionProposalDeclined', sentence: said('journalProposalDeclined') },
  'round.opened': { label: 'actionRoundOpened', sentence: said('journalRoundOpened') },
  'round.answered': { label: 'actionRoundAnswered', sentence: said('journalRoundAnswered') },
  'round.revealed': { label: 'actionRoundRevealed', sentence: said('journalRoundRevealed') },
  'round.closed': { label: 'actionRoundClosed', sentence: said('journalRoundClosed') },
  'round.settled': { label: 'actionRoundSettled', sentence: said('journalRoundSettled') },
} satisfies Record<string, { label: MessageKey; sentence: (e: Entry) => string }>;

export type JournalAction = keyof typeof ACTIONS;
export const JOURNAL_ACTIONS = Object.keys(ACTIONS) as JournalAction[];

export function isJournalAction(value: string): value is JournalAction {
  return Object.prototype.hasOwnProperty.call(ACTIONS, value);
}

/** The action's short name in the current language (its code when unknown). */
export function actionLabel(action: string): string {
  return isJournalAction(action) ? t(ACTIONS[action].label) : action;
}

/** Who did what, in a sentence of the current language. */
export function journalText(entry: Entry): string {
  return isJournalAction(entry.action)
    ? ACTIONS[entry.action].sentence(entry)
    : format('journalOther', { actor: entry.actor.name, action: entry.action });
}
