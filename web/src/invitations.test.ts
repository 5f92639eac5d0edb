import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { messages } from './i18n';
import { canRevoke, expiryHours, invitationFailure, invitationStateKey, maxUses } from './invitations';


describe('invitations', () => {
  it('last from 1 hour to 30 days, in whole hours or days', () => {
    expect(expiryHours('72', 'hours')).toBe(72);
    expect(expiryHours('3', 'days')).toBe(72);
    expect(expiryHours(30, 'days')).toBe(720);
    expect(expiryHours('1', 'hours')).toBe(1);
    for (const [amount, unit] of [
      ['0', 'hours'],
      ['721', 'hours'],
      ['31', 'days'],
      ['1.5', 'days'],
      ['-2', 'hours'],
      ['', 'hours'],
      ['trois', 'days'],
    ] as const) {
      expect(expiryHours(amount, unit), `${amount} ${unit}`).toBeUndefined();
    }
  });

  it('serve 1 to 1000 times', () => {
    expect(maxUses('30')).toBe(30);
    expect(maxUses(1)).toBe(1);
    expect(maxUses('1000')).toBe(1000);
    for (const refused of ['0', '1001', '2.5', '', 'x']) {
      expect(maxUses(refused), refused).toBeUndefined();
    }
  });

  it('name each state in both languages, and only a live one can be revoked', () => {
    const states = ['active', 'expired', 'used-up', 'revoked'];
    expect(states.map((s) => messages.fr[invitationStateKey(s)])).toEqual(['active', 'expirée', 'épuisée', 'révoquée']);
    expect(states.map((s) => messages.en[invitationStateKey(s)])).toEqual(['active', 'expired', 'used up', 'revoked']);
    expect(states.filter(canRevoke)).toEqual(['active']);
  });

  it('tell an unknown link from one that is used, and both from the rest', () => {
    expect(invitationFailure(new ApiError(404, 'not-found', 'this invitation link is not known'))).toBe('unknown');
    expect(invitationFailure(new ApiError(410, 'gone', 'this invitation has expired'))).toBe('gone');
    expect(invitationFailure(new ApiError(429, 'rate-limited', 'wait'))).toBe('rate-limited');
    expect(invitationFailure(new ApiError(400, 'bad-request', 'discipline must be one of …'))).toBe('invalid');
    expect(invitationFailure(new ApiError(0, 'network', 'no answer'))).toBe('network');
    expect(invitationFailure(new ApiError(500, 'internal', 'oops'))).toBe('other');
    expect(invitationFailure(new Error('?'))).toBe('other');
  });
});
