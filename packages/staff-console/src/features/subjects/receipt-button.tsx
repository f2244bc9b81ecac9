import { useId } from 'react';
import { useMutation } from '@tanstack/react-query';
import { receiptFacts, receiptFile, saveFile, useGraphQLClient } from '@assent/web-kit';
import { errorText } from '../../ui/error-text';
import { formatDateTime } from '../../ui/format-date';
import { fetchReceipt } from './receipt.queries';

/** "Download receipt": the entry's signed ISO/IEC TS 27560 receipt as a .jws file, and a readable summary of it. */
export function ReceiptButton({ recordId }: { recordId: string }) {
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
        {download.isPending ? 'Signing the receipt…' : 'Download receipt'}
      </button>
      {/* aria-live, not role="status": the list footer is the region's one status ("Showing 2 of 2"). */}
      <span aria-live="polite" className="meta">
        {download.data ? ` Saved as ${download.data.fileName}.` : ''}
      </span>
      {download.isError && (
        <p role="alert" className="notice-box notice-box--error">
          The receipt could not be made: {errorText(download.error)}
        </p>
      )}
      {facts && (
        <details className="receipt-summary" id={summaryId}>
          <summary>What the receipt says</summary>
          <p>
            Consent <strong>{facts.state}</strong> by <code>{facts.subjectId}</code> for <code>{facts.purposeKey}</code>{' '}
            at <time dateTime={facts.at}>{formatDateTime(facts.at)}</time>, via {facts.channel} (
            <code>{facts.method}</code>), under notice version {facts.noticeVersion} ({facts.language}); legal basis{' '}
            <code>{facts.legalBasis}</code>.
          </p>
          <p className="meta">
            Signed with Ed25519; verify with <code>pnpm assent verify-receipt {download.data?.fileName}</code> or any
            JOSE library against /.well-known/jwks.json. Record hash <code>{facts.hash.slice(0, 16)}…</code>
          </p>
        </details>
      )}
    </div>
  );
}
