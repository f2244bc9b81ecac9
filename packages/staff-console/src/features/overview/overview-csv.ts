import { csvCell } from '../subjects/export';
import type { ConsentOverviewReport } from './overview.queries';

/** The columns of the overview's CSV, in order: one row per purpose and table row, the same numbers as on screen. */
export const OVERVIEW_CSV_COLUMNS = [
  'purpose',
  'table',
  'key',
  'grants',
  'refusals',
  'withdrawals',
  'decidedLater',
  'shareGrantedNow',
] as const;

/** The overview as CSV (RFC 4180, with a BOM so spreadsheets read UTF-8); the share granted on each purpose's first row. */
export function overviewToCsv(report: ConsentOverviewReport): string {
  const rows: (string | number | null)[][] = [];
  for (const p of report.purposes) {
    const share = p.shareGranted == null ? null : p.shareGranted.toFixed(4);
    const key = p.purpose.key;
    rows.push([key, 'share', '', null, null, null, null, share]);
    for (const s of p.series)
      rows.push([key, report.interval === 'WEEK' ? 'week' : 'day', s.start, s.grants, s.refusals, s.withdrawals]);
    for (const v of p.byNoticeVersion)
      rows.push([key, 'notice', v.version, v.granted, v.refused, null, v.decidedLater]);
    for (const c of p.byChannel) rows.push([key, 'channel', c.key, c.grants, c.refusals, c.withdrawals]);
    for (const l of p.byLocale) rows.push([key, 'language', l.key, l.grants, l.refusals, l.withdrawals]);
  }
  const lines = rows.map((r) => OVERVIEW_CSV_COLUMNS.map((_, i) => csvCell(r[i] ?? null)).join(','));
  return `\uFEFF${[OVERVIEW_CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}
