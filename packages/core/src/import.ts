import { z } from 'zod';
import { isEmptyEvidence, notAfter, occurredAtProblem } from './consent-write';
import { noticeInForce } from './notice';
import { requiresConsent } from './purposes';
import { token, ZDateTime, ZEvidence, ZLocale, ZMethod, ZPurposeKey, ZSubjectId } from './schemas';
import {
  CHANNELS,
  DECISION_ACTIONS,
  type Channel,
  type DecisionAction,
  type NoticeVersion,
  type Purpose,
} from './types';

/** The most rows one importConsents call takes (a file is imported in batches of this size). */
export const IMPORT_MAX_ROWS = 1000;

/** An import row's idempotency key: 1..200 characters. */
export const ZImportId = token(1, 200);

/** One row of a bulk import as a client sends it (ImportRecordInput); checked by {@link planImport}. */
export const ZImportRow = z.object({
  importId: ZImportId,
  subjectId: ZSubjectId,
  purposeKey: ZPurposeKey,
  action: z.enum(DECISION_ACTIONS, { error: 'must be GRANT, REFUSE or WITHDRAW' }),
  channel: z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
  method: ZMethod,
  occurredAt: ZDateTime,
  noticeVersionId: z.string().min(1).max(200).nullish(),
  // Required, and not empty (planImport says so in plain words before this runs).
  evidence: ZEvidence,
  locale: ZLocale.nullish(),
});

/** One bad row: its index in the call (0-based), the field at fault and why, in plain words. */
export interface ImportIssue {
  index: number;
  /** e.g. 'records[3].purposeKey'. */
  path: string;
  reason: string;
  /** The same as reason, under the name every BAD_USER_INPUT issue uses. */
  message: string;
}

/** A row that passed every check, with the notice version it rests on. */
export interface PlannedImport {
  /** The row's index in the call. */
  index: number;
  importId: string;
  subjectId: string;
  purposeKey: string;
  action: DecisionAction;
  channel: Channel;
  method: string;
  occurredAt: Date;
  noticeVersionId: string;
  noticeVersion: number;
  evidence: unknown;
  locale: string | null;
}

/** What {@link planImport} needs besides the rows: every purpose and notice version, and now. */
export interface PlanImportOptions {
  purposes: readonly Purpose[];
  notices: readonly NoticeVersion[];
  now: Date;
}

/**
 * The notice an imported consent rests on when its row names none: the one in force at occurredAt, or, for a consent
 * given before the first notice published here (collected elsewhere), the first one, which is the earliest text
 * Assent holds.
 */
export function importNotice(notices: readonly NoticeVersion[], occurredAt: Date): NoticeVersion | undefined {
  return (
    noticeInForce(notices, occurredAt) ??
    notices.reduce<NoticeVersion | undefined>((a, n) => (a === undefined || n.version < a.version ? n : a), undefined)
  );
}

const EVIDENCE_REQUIRED =
  'evidence is required: what shows the subject made this choice (e.g. the form or the system it came from)';

const issue = (index: number, field: string, reason: string): ImportIssue => ({
  index,
  path: `records[${index}]${field ? `.${field}` : ''}`,
  reason,
  message: reason,
});

function planRow(
  raw: unknown,
  index: number,
  o: PlanImportOptions,
  byKey: ReadonlyMap<string, Purpose>,
): PlannedImport | ImportIssue[] {
  const evidence = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).evidence : undefined;
  const noEvidence = isEmptyEvidence(evidence) ? [issue(index, 'evidence', EVIDENCE_REQUIRED)] : [];
  const parsed = ZImportRow.safeParse(raw);
  if (!parsed.success) {
    return [
      ...noEvidence,
      ...parsed.error.issues
        .filter((i) => noEvidence.length === 0 || i.path[0] !== 'evidence')
        .map((i) => {
          const field = i.path.map(String).join('.');
          // zod words a missing field as an invalid type; say it plainly.
          const missing =
            i.code === 'invalid_type' &&
            raw !== null &&
            typeof raw === 'object' &&
            (raw as Record<string, unknown>)[field] == null;
          return issue(index, field, missing ? `${field} is required` : i.message);
        }),
    ];
  }
  const r = parsed.data;
  const problems: ImportIssue[] = [];
  const purpose = byKey.get(r.purposeKey);
  if (purpose === undefined) problems.push(issue(index, 'purposeKey', `no purpose with key '${r.purposeKey}'`));
  else if (!requiresConsent(purpose))
    problems.push(
      issue(
        index,
        'purposeKey',
        `'${r.purposeKey}' rests on ${purpose.legalBasis}, not consent: consent cannot be imported for it`,
      ),
    );
  problems.push(...noEvidence);
  const when = occurredAtProblem(r.occurredAt, o.now);
  if (when) problems.push(issue(index, 'occurredAt', when.message));
  let notice: NoticeVersion | undefined;
  if (r.noticeVersionId != null) {
    notice = o.notices.find((n) => n.id === r.noticeVersionId);
    if (notice === undefined)
      problems.push(issue(index, 'noticeVersionId', `no notice version with id '${r.noticeVersionId}'`));
  } else {
    notice = importNotice(o.notices, r.occurredAt);
    if (notice === undefined)
      problems.push(issue(index, 'noticeVersionId', 'no notice has been published yet: publish one before importing'));
  }
  if (
    notice !== undefined &&
    purpose !== undefined &&
    requiresConsent(purpose) &&
    !notice.purposes.some((p) => p.purposeKey === purpose.key)
  ) {
    problems.push(
      issue(
        index,
        'noticeVersionId',
        `notice version ${notice.version} does not describe '${purpose.key}', so a consent cannot rest on it`,
      ),
    );
  }
  if (problems.length > 0 || notice === undefined) return problems;
  return {
    index,
    importId: r.importId,
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    action: r.action,
    channel: r.channel,
    method: r.method,
    // Within the clock-skew allowance, stored as now at the latest (consent-write.ts notAfter).
    occurredAt: notAfter(r.occurredAt, o.now),
    noticeVersionId: notice.id,
    noticeVersion: notice.version,
    evidence: r.evidence,
    locale: r.locale ?? null,
  };
}

/**
 * Checks every row of an import call and reports every bad one (unknown purpose, a purpose on another legal basis, a
 * bad date, missing evidence, an unknown notice, a notice that does not describe the purpose, an importId twice in the
 * call); a call with any issue is refused whole. Good rows come back with their notice, in {@link importOrder}.
 */
export function planImport(
  rows: readonly unknown[],
  o: PlanImportOptions,
): { planned: PlannedImport[]; issues: ImportIssue[] } {
  const byKey = new Map(o.purposes.map((p) => [p.key, p]));
  const planned: PlannedImport[] = [];
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, index) => {
    const r = planRow(raw, index, o, byKey);
    if (Array.isArray(r)) return void issues.push(...r);
    const first = seen.get(r.importId);
    if (first !== undefined)
      return void issues.push(
        issue(index, 'importId', `importId '${r.importId}' is also used by row ${first} of this call`),
      );
    seen.set(r.importId, index);
    planned.push(r);
  });
  return { planned: importOrder(planned), issues };
}

/**
 * The order imported rows are appended in: each subject's rows by occurredAt (rows of the same instant keep their
 * order in the call), so a subject's chain reads in the order the choices were made. Subjects keep the order in
 * which they first appear.
 */
export function importOrder<T extends { subjectId: string; occurredAt: Date }>(rows: readonly T[]): T[] {
  const firstSeen = new Map<string, number>();
  rows.forEach((r, i) => {
    if (!firstSeen.has(r.subjectId)) firstSeen.set(r.subjectId, i);
  });
  return rows
    .map((r, i) => ({ r, i }))
    .sort(
      (a, b) =>
        firstSeen.get(a.r.subjectId)! - firstSeen.get(b.r.subjectId)! ||
        a.r.occurredAt.getTime() - b.r.occurredAt.getTime() ||
        a.i - b.i,
    )
    .map(({ r }) => r);
}
