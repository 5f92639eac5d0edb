/**
 * A member's role in a workspace (access contract): what it allows, and how the page names it.
 * read: every role; annotate: annotator, editor, facilitator; edit (text, documents, glossaries):
 * editor, facilitator; manage (members, invitations, disciplines): facilitator.
 */
import type { MessageKey } from './i18n';

export const ROLES = ['facilitator', 'editor', 'annotator', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

const ROLE_KEYS: Record<Role, MessageKey> = {
  facilitator: 'roleFacilitator',
  editor: 'roleEditor',
  annotator: 'roleAnnotator',
  observer: 'roleObserver',
};

/** Catalogue key naming `role`; a role this page does not know is named as an observer's (the least rights). */
export function roleKey(role: string | null | undefined): MessageKey {
  return isRole(role) ? ROLE_KEYS[role] : 'roleObserver';
}

/** Writes text, creates documents and glossaries. */
export function canEdit(role: string | null | undefined): boolean {
  return role === 'editor' || role === 'facilitator';
}

/** Runs the workspace: members, invitations, disciplines. */
export function canManage(role: string | null | undefined): boolean {
  return role === 'facilitator';
}

/**
 * Whether the editor must refuse typing for the role `joined` gave. Unknown yet (null: an offline
 * copy opened before the server answered) stays editable, so that work offline is not blocked;
 * the server refuses what the role does not allow, and `joined` comes before any edit is accepted.
 * A role this page does not know is read-only: the server would refuse its edits anyway.
 */
export function isReadOnly(role: string | null | undefined): boolean {
  return role !== null && role !== undefined && !canEdit(role);
}

/** The banner shown over a read-only editor, or undefined when the text can be edited. */
export function readOnlyBannerKey(role: string | null | undefined): MessageKey | undefined {
  if (!isReadOnly(role)) {
    return undefined;
  }
  return role === 'annotator' ? 'readOnlyAnnotator' : 'readOnlyObserver';
}
