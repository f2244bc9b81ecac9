import type { TFunction } from 'i18next';
import { isApiError } from '@assent/web-kit';

/** What went wrong and what to do, in the person's words; never a stack trace or raw server text. */
export function errorText(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors.generic');
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return t('errors.expired');
    case 'RATE_LIMITED':
      return t('errors.rateLimited');
    case 'NETWORK_ERROR':
      return t('errors.network');
    case 'CONSENT_NOT_APPLICABLE':
      return t('errors.notApplicable');
    // A subject's own write is refused with CONFLICT only once the subject was erased (eraseSubject).
    case 'CONFLICT':
      return t('errors.erased');
    default:
      return t('errors.generic');
  }
}
