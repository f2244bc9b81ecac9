import { AssentError, parseInput, ZAccessLogFirst, ZDecisionCountsSince, ZSubjectId } from '@assent/core';
import type { AccessLogRow } from '../db/access-log.repository.ts';
import { ADMIN_TOKEN_NAME, type AccessActor } from '../services/access-log.service.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** One access log entry as an admin sees it. */
export interface AccessLogEntryView {
  id: string;
  at: Date;
  /** The subject read ("erased" once shredded; null when it has no ledger record to name it). */
  subjectId: string | null;
  operation: string;
  actor: AccessActor;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** One entry as the person read sees it: who, what, when; not the viewer's address or software. */
export interface MyAccessLogEntryView {
  at: Date;
  operation: string;
  viewerKind: string;
  viewerRole: string;
  viewerName: string | null;
}

/** A page of entries, newest first. */
export interface AccessLogPageView<E> {
  entries: E[];
  endCursor: string | null;
  hasNextPage: boolean;
}

/** Decisions of one caller key in one minute. */
export interface DecisionCountView {
  keyId: string;
  keyName: string | null;
  minute: Date;
  calls: number;
  decisions: number;
}

/** Which page of the access log. */
export interface AccessLogPageInput {
  first?: number | null;
  after?: string | null;
}

/** The most rows decisionCounts answers (keys × minutes); more: ask from a later `since`. */
export const DECISION_COUNTS_LIMIT = 10_000;

const beforeSeqOf = (after: string | null | undefined, field: string): number | null => {
  if (after == null) return null;
  if (!/^[1-9][0-9]{0,14}$/.test(after))
    throw new AssentError('BAD_USER_INPUT', `after: not a cursor returned by ${field}.`);
  return Number(after);
};

async function page(
  deps: Pick<UseCaseDeps, 'accessLogRepo'>,
  subjectKey: string | null,
  input: AccessLogPageInput,
  field: string,
) {
  const first = parseInput(ZAccessLogFirst, input.first ?? 50, 'first');
  const beforeSeq = beforeSeqOf(input.after, field);
  const { rows, hasNextPage } = await deps.accessLogRepo.listNewestFirst({ subjectKey, first, beforeSeq });
  return { rows, hasNextPage, endCursor: hasNextPage && rows.length ? String(rows[rows.length - 1]!.seq) : null };
}

const actorOf = (r: AccessLogRow): AccessActor => ({
  kind: r.actorKind,
  id: r.actorId,
  role: r.actorRole,
  name: r.actorName,
});

/**
 * ADMIN: reads of subjects' data by staff and SERVICE keys, newest first; one subject's when `subjectId` is given
 * (found by its chain key, so an erased subject's entries are still found by the old id, and name it "erased").
 */
export async function accessLogPage(
  deps: Pick<UseCaseDeps, 'accessLogRepo' | 'ledger'>,
  principal: Principal | null,
  input: AccessLogPageInput & { subjectId?: string | null },
): Promise<AccessLogPageView<AccessLogEntryView>> {
  requireRole(principal, ['ADMIN']);
  const subjectId = input.subjectId == null ? null : parseInput(ZSubjectId, input.subjectId, 'subjectId');
  const key = subjectId === null ? null : deps.ledger.chainKeyOf(subjectId);
  const p = await page(deps, key, input, 'accessLog');
  // Each subject named once per page, from its newest ledger record ("erased" once shredded).
  const named = new Map<string, string | null>();
  for (const r of p.rows)
    if (!named.has(r.subjectKey)) {
      // subjectOfChain answers the key itself for a chain without records: no record names that subject.
      const name = subjectId !== null ? subjectId : await deps.ledger.subjectOfChain(r.subjectKey);
      named.set(r.subjectKey, name === r.subjectKey ? null : name);
    }
  if (subjectId !== null && (await deps.ledger.erasedAmong([subjectId]))[0]) named.set(key!, 'erased');
  return {
    entries: p.rows.map((r) => ({
      id: String(r.seq),
      at: r.at,
      subjectId: named.get(r.subjectKey) ?? null,
      operation: r.operation,
      actor: actorOf(r),
      clientIp: r.clientIp,
      userAgent: r.userAgent,
      requestId: r.requestId,
    })),
    endCursor: p.endCursor,
    hasNextPage: p.hasNextPage,
  };
}

/** SUBJECT: who read my data (staff and services), newest first: GDPR Art. 15 in the privacy center. */
export async function myAccessLog(
  deps: Pick<UseCaseDeps, 'accessLogRepo' | 'ledger'>,
  principal: Principal | null,
  input: AccessLogPageInput,
): Promise<AccessLogPageView<MyAccessLogEntryView>> {
  const subject = requireRole(principal, ['SUBJECT']);
  const p = await page(deps, deps.ledger.chainKeyOf(subject.subjectId), input, 'myAccessLog');
  return {
    entries: p.rows.map((r) => ({
      at: r.at,
      operation: r.operation,
      viewerKind: r.actorKind,
      viewerRole: r.actorRole,
      viewerName: r.actorName,
    })),
    endCursor: p.endCursor,
    hasNextPage: p.hasNextPage,
  };
}

/** ADMIN: decide/decideMany per caller key per minute since an instant, newest minute first (this instance's counts flushed first). */
export async function decisionCounts(
  deps: Pick<UseCaseDeps, 'decisions' | 'decisionCountRepo' | 'access' | 'now'>,
  principal: Principal | null,
  input: { since: Date },
): Promise<DecisionCountView[]> {
  requireRole(principal, ['ADMIN']);
  const since = parseInput(ZDecisionCountsSince(deps.now()), input.since);
  await deps.decisions.flush();
  const rows = await deps.decisionCountRepo.listSince(since, DECISION_COUNTS_LIMIT);
  const names = await deps.access.apiKeyNames([...new Set(rows.map((r) => r.keyId))]);
  return rows.map((r) => ({
    ...r,
    keyName: names.get(r.keyId) ?? (r.keyId === 'bootstrap-admin' ? ADMIN_TOKEN_NAME : null),
  }));
}
