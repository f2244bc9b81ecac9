import { useMutationState, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useGraphQLClient } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/error-text';
import { applyGpcKey, gpcSignalQueryOptions, useApplyGpc, type GpcSignal, type Me } from '../consents/consent.queries';

/** True when the browser itself says Global Privacy Control is on (the header alone is only visible to the server). */
export function browserSendsGpc(): boolean {
  return (navigator as Navigator & { globalPrivacyControl?: unknown }).globalPrivacyControl === true;
}

/**
 * Global Privacy Control: when this load carries the signal, records it once
 * (applyGpc) and says so in plain words; nothing when there is no signal or no
 * purpose it applies to.
 */
export function GpcNote({ me }: { me: Me }) {
  const { t } = useTranslation();
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  const fromBrowser = browserSendsGpc();
  // Only the server sees the Sec-GPC header; no need to ask when the browser already said so.
  const header = useQuery({ ...gpcSignalQueryOptions(request), enabled: !fromBrowser });
  const signal: GpcSignal | null = fromBrowser
    ? 'navigator.globalPrivacyControl'
    : header.data === true
      ? 'Sec-GPC'
      : null;
  const applies = me.purposes.some((item) => item.purpose.requiresConsent && item.purpose.gpcOptOut);
  const apply = useApplyGpc();
  const { mutate } = apply;
  // The newest applyGpc of this page load, whichever component instance started it.
  const status = useMutationState({ filters: { mutationKey: applyGpcKey }, select: (mutation) => mutation.state }).at(
    -1,
  );

  useEffect(() => {
    // Once per page load (per query cache): a remount or a refetch must not record it again.
    if (!signal || queryClient.getMutationCache().find({ mutationKey: applyGpcKey })) return;
    mutate(signal);
  }, [signal, queryClient, mutate]);

  if (!signal || !applies || !status) return null;
  if (status.status === 'error') {
    return (
      <div role="alert" className="notice-box notice-box--error gpc-note">
        <p>{t('gpc.failed', { reason: errorText(t, status.error) })}</p>
        <button type="button" className="button" onClick={() => !apply.isPending && apply.mutate(signal)}>
          {t('app.retry')}
        </button>
      </div>
    );
  }
  return (
    <div role="status" className="notice-box gpc-note">
      {status.status === 'success' ? <p>{t('gpc.recorded')}</p> : <p>{t('gpc.recording')}</p>}
    </div>
  );
}
