import { ACTION_LABEL, STATUS_LABEL } from '../../ui/labels';
import type { Notice } from '../catalog/catalog.queries';
import type { LedgerRecord, SubjectConsents } from './subject.queries';

/** The columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'recordId',
  'subjectId',
  'purposeKey',
  'purposeTitle',
  'action',
  'actionLabel',
  'channel',
  'method',
  'actorKind',
  'actorId',
  'occurredAt',
  'recordedAt',
  'noticeVersion',
  'noticeVersionId',
  'evidence',
  'hash',
  'previousHash',
] as const;

/**
 * One CSV cell (RFC 4180 quoting). A cell that a spreadsheet would run as a
 * formula (= + - @ tab CR at the start) gets a leading apostrophe (OWASP CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value == null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The subject's ledger as CSV, one row per entry, newest first; the action also in plain words; evidence as a JSON cell. */
export function ledgerToCsv(records: readonly LedgerRecord[], titleOf: (purposeKey: string) => string): string {
  const rows = records.map((record) =>
    [
      record.id,
      record.subjectId,
      record.purposeKey,
      titleOf(record.purposeKey),
      record.action,
      ACTION_LABEL[record.action],
      record.channel,
      record.method,
      record.actor.kind,
      record.actor.id,
      record.occurredAt,
      record.recordedAt,
      record.noticeVersion.version,
      record.noticeVersion.id,
      record.evidence == null ? '' : JSON.stringify(record.evidence),
      record.hash,
      record.previousHash,
    ]
      .map(csvCell)
      .join(','),
  );
  // CRLF per RFC 4180; the byte-order mark makes spreadsheets read UTF-8.
  return `\uFEFF${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

/** The subject's ledger as one JSON document for a data-subject access request. */
export function ledgerToJson(input: {
  subject: SubjectConsents;
  records: readonly LedgerRecord[];
  notices: readonly Notice[];
  exportedAt: Date;
}) {
  const { subject, records, notices, exportedAt } = input;
  const seen = new Set(records.map((record) => record.noticeVersion.id));
  return {
    format: 'assent/subject-ledger@1',
    exportedAt: exportedAt.toISOString(),
    subjectId: subject.subjectId,
    currentStatus: subject.purposes.map((item) => ({
      purposeKey: item.purpose.key,
      title: item.purpose.title,
      legalBasis: item.purpose.legalBasis,
      status: item.status,
      statusLabel: STATUS_LABEL[item.status],
      needsPrompt: item.needsPrompt,
      lastRecordId: item.lastRecord?.id ?? null,
    })),
    recordCount: records.length,
    // The codes for machines, the plain words beside them for the person reading the export.
    records: records.map((record) => ({ ...record, actionLabel: ACTION_LABEL[record.action] })),
    // The exact texts the person was shown, for every version their records rest on.
    noticeVersions: notices
      .filter((notice) => seen.has(notice.id))
      .map((notice) => ({
        id: notice.id,
        version: notice.version,
        publishedAt: notice.publishedAt,
        effectiveAt: notice.effectiveAt,
        contentHash: notice.contentHash,
        summary: notice.summary,
        purposes: notice.purposes,
      })),
  };
}

/** "assent-ledger-jane_example.com-2026-11-29.json": a safe file name naming the subject and the day. */
export function exportFileName(subjectId: string, extension: 'csv' | 'json', now: Date): string {
  const safe = subjectId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'subject';
  return `assent-ledger-${safe}-${now.toISOString().slice(0, 10)}.${extension}`;
}
