import {
  AssentError,
  IMPORT_MAX_ROWS,
  isAssentError,
  planImport,
  type ConsentRecordContent,
  type PlannedImport,
  newLedgerId,
} from '@assent/core';
import { isUniqueViolation } from '../db/errors.ts';
import { appendRecords } from './append-records.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Rows of consents recorded elsewhere (ImportRecordInput), checked by the core's planImport. */
export interface ImportConsentsInput {
  records: readonly unknown[];
}

/** How a caller other than the GraphQL call (which passes none) imports: `pnpm assent import` (import-file.ts). */
export interface ImportConsentsOptions {
  /**
   * The most rows this call takes (default and GraphQL: IMPORT_MAX_ROWS). The file import sends bigger calls: each is
   * still one transaction, and a rerun skips what committed, so a crash loses at most the call in flight.
   */
  maxRows?: number;
  /** A bulk load: the ledger writer may prepare for many more writes like it (AppendManyOptions.bulk). */
  bulk?: boolean;
}

/** How many rows were appended, and how many were skipped as imported before. */
export interface ImportResultView {
  imported: number;
  duplicates: number;
}

/** How often a call reads the imported ids again after another call imported some of its rows at the same time. */
const RETRIES = 2;

/**
 * Imports up to 1,000 consents (opts.maxRows for the file import) recorded elsewhere (SERVICE, ADMIN): every row is checked first and a call with any
 * bad row is refused whole, listing each (details.issues: index, path, reason); rows whose importId was imported
 * before are skipped; the rest are appended in one transaction (appendMany), each subject's rows in occurredAt order,
 * with their importIds, so all of them are written or none and a retry never records twice.
 */
export async function importConsents(
  deps: Pick<UseCaseDeps, 'ledger' | 'imports' | 'catalog' | 'onCommit' | 'now'>,
  principal: Principal | null,
  input: ImportConsentsInput,
  opts: ImportConsentsOptions = {},
): Promise<ImportResultView> {
  const p = requireRole(principal, ['SERVICE', 'ADMIN']);
  const now = deps.now();
  const planned = checkedRows(deps, input.records, opts.maxRows ?? IMPORT_MAX_ROWS, now);
  const actor = { actorKind: p.kind, actorId: p.id };
  const toContent = (r: PlannedImport): ConsentRecordContent => ({
    id: newLedgerId(),
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    action: r.action,
    noticeVersionId: r.noticeVersionId,
    noticeVersion: r.noticeVersion,
    channel: r.channel,
    method: r.method,
    ...actor,
    evidence: r.evidence,
    occurredAt: r.occurredAt,
    recordedAt: now,
    // The locale of the text the person saw, as the exporting system knew it; unknown stays null.
    locale: r.locale,
  });
  for (let attempt = 0; ; attempt++) {
    const imported = await deps.imports.findImported(planned.map((r) => r.importId));
    const fresh = planned.filter((r) => !imported.has(r.importId));
    await refuseErasedSubjects(deps, fresh);
    try {
      await appendRecords(deps, fresh.map(toContent), {
        importIds: fresh.map((r) => r.importId),
        bulk: opts.bulk ?? false,
      });
    } catch (e) {
      // Another call imported some of these rows after they were read: read again and skip those.
      if (attempt < RETRIES && isUniqueViolation(e)) continue;
      throw e;
    }
    return { imported: fresh.length, duplicates: planned.length - fresh.length };
  }
}

/**
 * Rows for a subject that was erased cannot be written (every write under an erased id is refused): they are bad rows,
 * listed like the others (details.issues), so a file import rejects them one by one instead of failing the whole call
 * with CONFLICT. (The writer still refuses an erasure committed after this check.)
 */
const ERASED_ROW = 'this subject was erased (eraseSubject): nothing more is recorded under its id';
async function refuseErasedSubjects(deps: Pick<UseCaseDeps, 'ledger'>, rows: readonly PlannedImport[]): Promise<void> {
  const erased = await deps.ledger.erasedAmong(rows.map((r) => r.subjectId));
  const issues = rows
    .filter((_, i) => erased[i])
    .map((r) => ({
      index: r.index,
      path: `records[${r.index}].subjectId`,
      reason: ERASED_ROW,
      message: ERASED_ROW,
    }));
  if (issues.length === 0) return;
  throw new AssentError(
    'BAD_USER_INPUT',
    `${issues.length} of the rows are for erased subjects, so nothing was written (${issues[0]!.path}: ${issues[0]!.reason}).`,
    {
      userMessage:
        'Some rows are for people who were erased; nothing was written. Remove those rows and send the call again.',
      details: { issues },
    },
  );
}

/**
 * Checks a call's rows (its size, then every row by the core's planImport) and refuses the call, listing every bad row
 * (details.issues: index, path, reason), or returns the rows planned.
 */
function checkedRows(
  deps: Pick<UseCaseDeps, 'catalog'>,
  rows: readonly unknown[],
  maxRows: number,
  now: Date,
): PlannedImport[] {
  if (rows.length > maxRows) {
    throw new AssentError(
      'BAD_USER_INPUT',
      `records: at most ${maxRows} rows per call; got ${rows.length}. Send them in batches.`,
      {
        details: { issues: [{ path: 'records', message: `must hold at most ${maxRows} rows` }] },
      },
    );
  }
  const { purposes, notices } = deps.catalog.get();
  const { planned, issues } = planImport(rows, { purposes, notices, now });
  if (issues.length > 0) {
    const rowsAtFault = new Set(issues.map((i) => i.index)).size;
    const first = issues
      .slice(0, 3)
      .map((i) => `${i.path}: ${i.reason}`)
      .join('; ');
    throw new AssentError(
      'BAD_USER_INPUT',
      `${rowsAtFault} of ${rows.length} rows cannot be imported, so nothing was written (${first}${issues.length > 3 ? '; …' : ''}).`,
      {
        userMessage: 'Some rows cannot be imported; nothing was written. Fix the rows listed and send the call again.',
        details: { issues },
      },
    );
  }
  return planned;
}

/**
 * The refusal importConsents gives rows that GraphQL refused before the call could run (a value its types reject while
 * reading the variables: a bad DateTime, a null evidence): the same BAD_USER_INPUT listing every bad row, so such rows
 * are reported row by row like any other (graphql/apollo.ts). Null when the caller may not import or the core finds
 * nothing wrong (GraphQL's own errors then stand).
 */
export function importRowsRefusal(
  deps: Pick<UseCaseDeps, 'catalog' | 'now'>,
  principal: Principal | null,
  records: unknown,
): AssentError | null {
  try {
    requireRole(principal, ['SERVICE', 'ADMIN']);
  } catch {
    return null;
  }
  if (!Array.isArray(records)) return null;
  try {
    checkedRows(deps, records, IMPORT_MAX_ROWS, deps.now());
    return null;
  } catch (e) {
    if (isAssentError(e)) return e;
    throw e;
  }
}
