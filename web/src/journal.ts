/**
 * The workspace's activity journal in words: a short localised name for each action, and a
 * sentence saying who did what from the entry's details. An action this page does not know (a
 * newer server) is shown by its code rather than hidden.
 */
import type { ActivityEntry } from './api';
import { disciplineLabel } from './disciplines';
import { format, t, type MessageKey } from './i18n';
import { roleKey } from './roles';

export const JOURNAL_ACTIONS = [
  'workspace.created',
  'discipline.added',
  'member.added',
  'member.changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.redeemed',
] as const;
export type JournalAction = (typeof JOURNAL_ACTIONS)[number];

const ACTION_KEYS: Record<JournalAction, MessageKey> = {
  'workspace.created': 'actionWorkspaceCreated',
  'discipline.added': 'actionDisciplineAdded',
  'member.added': 'actionMemberAdded',
  'member.changed': 'actionMemberChanged',
  'member.removed': 'actionMemberRemoved',
  'invitation.created': 'actionInvitationCreated',
  'invitation.revoked': 'actionInvitationRevoked',
  'invitation.redeemed': 'actionInvitationRedeemed',
};

export function isJournalAction(value: string): value is JournalAction {
  return (JOURNAL_ACTIONS as readonly string[]).includes(value);
}

/** The action's short name in the current language (its code when unknown). */
export function actionLabel(action: string): string {
  return isJournalAction(action) ? t(ACTION_KEYS[action]) : action;
}

function text(details: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = details[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function role(details: Readonly<Record<string, unknown>>, field = 'role'): string {
  return t(roleKey(text(details, field)));
}

/** Who did what, in a sentence of the current language. */
export function journalText(entry: Pick<ActivityEntry, 'actor' | 'action' | 'subject' | 'details'>): string {
  const actor = entry.actor.name;
  const details = entry.details;
  const name = text(details, 'name') ?? entry.subject;
  switch (entry.action) {
    case 'workspace.created':
      return format('journalWorkspaceCreated', { actor, name });
    case 'discipline.added':
      return format('journalDisciplineAdded', { actor, discipline: disciplineLabel(entry.subject) });
    case 'member.added':
      return format('journalMemberAdded', { actor, name, role: role(details) });
    case 'member.changed': {
      const before = typeof details['before'] === 'object' && details['before'] !== null ? (details['before'] as Record<string, unknown>) : {};
      const roleChanged = text(before, 'role') !== undefined && text(before, 'role') !== text(details, 'role');
      return roleChanged
        ? format('journalMemberRole', { actor, name, before: role(before), role: role(details) })
        : format('journalMemberDiscipline', { actor, name, discipline: disciplineLabel(text(details, 'discipline')) });
    }
    case 'member.removed':
      return format('journalMemberRemoved', { actor, name });
    case 'invitation.created': {
      const label = text(details, 'label');
      return label === undefined
        ? format('journalInvitationCreated', { actor, role: role(details) })
        : format('journalInvitationCreatedLabel', { actor, role: role(details), label });
    }
    case 'invitation.revoked':
      return format('journalInvitationRevoked', { actor });
    case 'invitation.redeemed':
      return format('journalInvitationRedeemed', { actor, role: role(details), discipline: disciplineLabel(text(details, 'discipline')) });
    default:
      return format('journalOther', { actor, action: entry.action });
  }
}
