/** What a refused session request means, in words the user can act on (catalogue text). */
import { ApiError } from './api';
import { format, t } from './i18n';
import { SessionError } from './session';

/** "30 seconds", "2 minutes": a wait rounded up to whole minutes past 90 seconds. */
export function waitText(seconds: number): string {
  if (seconds <= 90) {
    return seconds === 1 ? t('waitSecond') : format('waitSeconds', { n: Math.max(1, seconds) });
  }
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? t('waitMinute') : format('waitMinutes', { n: minutes });
}

export function sessionErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    return error.code === 'network' ? t('networkError') : format('requestFailed', { detail: error.detail });
  }
  if (!(error instanceof SessionError)) {
    return format('requestFailed', { detail: String(error) });
  }
  switch (error.failure) {
    case 'credentials':
      return t('errorCredentials');
    case 'current-password':
      return t('errorCurrentPassword');
    case 'account-exists':
      return t('errorAccountExists');
    case 'invalid-link':
      return t('errorInvalidLink');
    case 'rate-limited':
      return error.retryAfterSeconds === undefined
        ? t('errorRateLimitedLater')
        : format('errorRateLimited', { wait: waitText(error.retryAfterSeconds) });
    case 'invalid':
      return format('errorInvalid', { detail: error.detail });
    case 'signed-out':
      return t('errorSignedOut');
    case 'unavailable':
      return t('errorUnavailable');
    case 'network':
      return t('networkError');
    case 'server':
      return format('requestFailed', { detail: error.detail });
  }
}
