import { useId } from 'react';
import { useMutation } from '@tanstack/react-query';
import { receiptFacts, receiptFile, saveFile, useGraphQLClient } from '@assent/web-kit';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../ui/error-text';
import { formatDateTime } from '../../ui/format-date';
import { fetchReceipt } from './receipt.queries';

/** "Download receipt": saves the signed receipt of one entry as a .jws file and shows what it says. */
export function ReceiptButton({ recordId, title }: { recordId: string; title?: string }) {
  const { t, i18n } = useTranslation();
  const request = useGraphQLClient();
  const summaryId = useId();
  const download = useMutation({
    mutationFn: async () => {
      const receipt = await fetchReceipt(request, recordId);
      const file = receiptFile(recordId, receipt.jws);
      saveFile(file.name, file.content, file.type);
      return { fileName: file.name, facts: receiptFacts(receipt.payload) };
    },
  });
  const facts = download.data?.facts;
  return (
    <div className="receipt">
      <button
        type="button"
        className="link-button"
        aria-describedby={facts ? summaryId : undefined}
        onClick={() => !download.isPending && download.mutate()}
      >
        {download.isPending ? t('receipt.preparing') : t('receipt.button')}
      </button>
      {/* aria-live, not role="status": the list footer is the region's one status ("Showing 2 of 2"). */}
      <span aria-live="polite" className="meta">
        {download.data ? ` ${t('receipt.saved', { fileName: download.data.fileName })}` : ''}
      </span>
      {download.isError && (
        <p role="alert" className="notice-box notice-box--error">
          {t('receipt.failed', { reason: errorText(t, download.error) })}
        </p>
      )}
      {facts && (
        <details className="receipt-summary" id={summaryId}>
          <summary>{t('receipt.summaryHeading')}</summary>
          <p>
            {t(
              facts.state === 'given'
                ? 'receipt.summary.given'
                : facts.state === 'refused'
                  ? 'receipt.summary.refused'
                  : 'receipt.summary.withdrawn',
              // The purpose as the history names it (the language the person saw), else as the receipt does.
              {
                when: formatDateTime(i18n.language, facts.at),
                purpose: title ?? (facts.purposeTitle || facts.purposeKey),
              },
            )}
          </p>
          <p className="meta">{t('receipt.explain')}</p>
          <p className="meta">
            {t('receipt.fingerprint')} <code>{facts.hash.slice(0, 16)}…</code>
          </p>
        </details>
      )}
    </div>
  );
}
