/**
 * Invitation links, the page's side: how long one lasts and how often it serves (what the server
 * accepts), how a state is named, and why a link cannot be used.
 */
import { ApiError, type InvitationState } from './api';
import type { MessageKey } from './i18n';

/** The server's bounds (access contract). */
export const MIN_EXPIRY_HOURS = 1;
export const MAX_EXPIRY_HOURS = 720;
export const DEFAULT_EXPIRY_HOURS = 72;
export const MAX_USES = 1000;
export const DEFAULT_MAX_USES = 30;

export type ExpiryUnit = 'hours' | 'days';

/** `amount` hours or days as hours, or undefined when it is not a whole number the server accepts. */
export function expiryHours(amount: string | number, unit: ExpiryUnit): number | undefined {
  const value = typeof amount === 'number' ? amount : Number(amount.trim() === '' ? NaN : amount);
  if (!Number.isInteger(value) || value < 1) {
    return undefined;
  }
  const hours = unit === 'days' ? value * 24 : value;
  return hours >= MIN_EXPIRY_HOURS && hours <= MAX_EXPIRY_HOURS ? hours : undefined;
}

/** How many times a link may be used: a whole number from 1 to MAX_USES, or undefined. */
export function maxUses(amount: string | number): number | undefined {
  const value = typeof amount === 'number' ? amount : Number(amount.trim() === '' ? NaN : amount);
  return Number.isInteger(value) && value >= 1 && value <= MAX_USES ? value : undefined;
}

const STATE_KEYS: Record<InvitationState, MessageKey> = {
  active: 'invitationActive',
  expired: 'invitationExpired',
  'used-up': 'invitationUsedUp',
  revoked: 'invitationRevoked',
};

export function invitationStateKey(state: string): MessageKey {
  return (STATE_KEYS as Record<string, MessageKey | undefined>)[state] ?? 'invitationExpired';
}

/** Only a live link can be revoked (the others serve no more anyway). */
export function canRevoke(state: string): boolean {
  return state === 'active';
}

/**
 * Why opening or redeeming a link failed:
 * - `unknown`: no such link (404: mistyped, cut short, or forged);
 * - `gone`: it existed but is expired, used up or revoked (410; the server's message says which);
 * - `rate-limited`: too many unknown links from this address (429);
 * - `invalid`: the name or discipline was refused (400);
 * - `network`: no answer; `other`: anything else.
 */
export type InvitationFailure = 'unknown' | 'gone' | 'rate-limited' | 'invalid' | 'network' | 'other';

export function invitationFailure(error: unknown): InvitationFailure {
  if (!(error instanceof ApiError)) {
    return 'other';
  }
  if (error.code === 'network') {
    return 'network';
  }
  switch (error.status) {
    case 404:
      return 'unknown';
    case 410:
      return 'gone';
    case 429:
      return 'rate-limited';
    case 400:
      return 'invalid';
    default:
      return 'other';
  }
}
