import { isApiError } from '@assent/web-kit';
import type { Messages } from '../i18n/en';

/** What went wrong and what to do, in the person's words; never a stack trace or raw server text. */
export function errorText(m: Messages, error: unknown): string {
  if (!isApiError(error)) return m.errors.generic;
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return m.errors.expired;
    case 'RATE_LIMITED':
      return m.errors.rateLimited;
    case 'NETWORK_ERROR':
      return m.errors.network;
    case 'CONSENT_NOT_APPLICABLE':
      return m.errors.notApplicable;
    default:
      return m.errors.generic;
  }
}
