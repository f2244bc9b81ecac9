import { z } from 'zod';
import {
  AssentError,
  parseInput,
  rowDecider,
  snapshotOutcomes,
  ZSnapshotFirst,
  ZSnapshotPurposeKeys,
  SNAPSHOT_MAX_PAGE,
  type ConsentStatus,
  type RowDecider,
} from '@assent/core';
import type { SnapshotRowField } from '../db/snapshot-text.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { purposeOrThrow } from './catalog-lookups.ts';
import type { UseCaseDeps } from './deps.ts';

/** Which purposes, how many rows, after which cursor. */
export interface ConsentSnapshotInput {
  purposeKeys: readonly string[];
  first?: number | null;
  after?: string | null;
}

/** One (subject, purpose) of the projection as a snapshot serves it; occurredAt is ISO-8601 UTC text. */
export interface ConsentSnapshotRowView {
  subjectId: string;
  purposeKey: string;
  status: ConsentStatus;
  allowed: boolean;
  recordId: string;
  occurredAt: string;
}

/** One page of a snapshot and the positions a follower starts from (the same on every page). */
export interface ConsentSnapshotPageView {
  rows: ConsentSnapshotRowView[];
  endCursor: string | null;
  hasNextPage: boolean;
  streamSequence: number;
  outboxSeq: number;
}

/** Where a snapshot stands: the last row served and the positions read before its first row. */
interface SnapshotCursor {
  subjectId: string;
  purposeKey: string;
  streamSequence: number;
  outboxSeq: number;
}

const ZInput = z.object({ purposeKeys: ZSnapshotPurposeKeys, first: ZSnapshotFirst });
const ZStreamInput = z.object({
  purposeKeys: ZSnapshotPurposeKeys,
  after: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
});
const ZCursor = z.tuple([
  z.string().min(1),
  z.string().min(1),
  z.number().int().nonnegative(),
  z.number().int().nonnegative(),
]);

/** The opaque endCursor: base64url of [subjectId, purposeKey, streamSequence, outboxSeq]. */
const encodeCursor = (c: SnapshotCursor) =>
  Buffer.from(JSON.stringify([c.subjectId, c.purposeKey, c.streamSequence, c.outboxSeq])).toString('base64url');

function decodeCursor(s: string): SnapshotCursor {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    body = undefined;
  }
  const parsed = ZCursor.safeParse(body);
  if (!parsed.success) {
    throw new AssentError(
      'BAD_USER_INPUT',
      "after: not a consentSnapshot cursor; pass the previous page's endCursor.",
      { details: { issues: [{ path: 'after', message: 'not a consentSnapshot cursor' }] } },
    );
  }
  const [subjectId, purposeKey, streamSequence, outboxSeq] = parsed.data;
  return { subjectId, purposeKey, streamSequence, outboxSeq };
}

type SnapshotDeps = Pick<UseCaseDeps, 'ledger' | 'catalog' | 'positions' | 'now'>;

/** A request checked: the caller's role, the arguments, the purposes, the cursor and the positions of the first page. */
async function openPage(deps: SnapshotDeps, principal: Principal | null, rawInput: ConsentSnapshotInput) {
  requireRole(principal, ['SERVICE', 'ADMIN']);
  const input = parseInput(ZInput, { purposeKeys: rawInput.purposeKeys, first: rawInput.first ?? SNAPSHOT_MAX_PAGE });
  const purposes = input.purposeKeys.map((k) => purposeOrThrow(deps.catalog, k));
  const after = rawInput.after ? decodeCursor(rawInput.after) : null;
  const { streamSequence, outboxSeq } = after ?? {
    streamSequence: await deps.positions.streamSequence(),
    outboxSeq: await deps.positions.outboxSeq(),
  };
  return { input, purposes, after, streamSequence, outboxSeq };
}

/**
 * A page of the consent projection for some purposes (SERVICE, ADMIN), in (subjectId, purposeKey)
 * order: one keyset range read, then each row decided by the core (once per action and notice version,
 * see rowDecider). The first page reads the JetStream and outbox positions before any row, and the
 * cursor carries them to every later page, so a follower that starts after them misses nothing.
 */
export async function consentSnapshot(
  deps: SnapshotDeps,
  principal: Principal | null,
  rawInput: ConsentSnapshotInput,
): Promise<ConsentSnapshotPageView> {
  const { catalog, ledger } = deps;
  const { input, purposes, after, streamSequence, outboxSeq } = await openPage(deps, principal, rawInput);
  const raw = await ledger.snapshotPage(input.purposeKeys, after, input.first + 1);
  const hasNextPage = raw.length > input.first;
  const n = hasNextPage ? input.first : raw.length;
  const at = deps.now();
  const notices = catalog.get().notices;
  const deciders = new Map<string, RowDecider>(purposes.map((p) => [p.key, rowDecider(p, notices, at)]));
  const rows = new Array<ConsentSnapshotRowView>(n);
  for (let i = 0; i < n; i++) {
    const [subjectId, purposeKey, recordId, action, noticeVersion, occurredAt] = raw[i]!;
    const d = deciders.get(purposeKey)!(action, noticeVersion);
    rows[i] = { subjectId, purposeKey, status: d.status, allowed: d.allowed, recordId, occurredAt };
  }
  const last = raw[n - 1];
  return {
    rows,
    endCursor: last
      ? encodeCursor({ subjectId: last[0], purposeKey: last[1], streamSequence, outboxSeq })
      : (rawInput.after ?? null),
    hasNextPage,
    streamSequence,
    outboxSeq,
  };
}

/** A snapshot page whose rows are a JSON array the database wrote (bytes or text); null when they could not be written so. */
export type ConsentSnapshotTextView = Omit<ConsentSnapshotPageView, 'rows'> & { rowsJson: Buffer | string | null };

/**
 * consentSnapshot with the rows written as JSON by the database in the fields (response key, field) a document
 * selects, decisions joined from the core's table of outcomes (snapshotOutcomes) instead of made per row: the same
 * checks, cursor and positions as consentSnapshot, so the page is the one it serves (http/snapshot-fast-path.ts).
 */
export async function consentSnapshotText(
  deps: SnapshotDeps,
  principal: Principal | null,
  rawInput: ConsentSnapshotInput,
  fields: readonly { key: string; field: SnapshotRowField }[],
): Promise<ConsentSnapshotTextView> {
  const { input, purposes, after, streamSequence, outboxSeq } = await openPage(deps, principal, rawInput);
  const outcomes = snapshotOutcomes(purposes, deps.catalog.get().notices, deps.now());
  const page = await deps.ledger.snapshotPageText(input.purposeKeys, after, input.first, { fields, outcomes });
  return {
    rowsJson: page.json,
    endCursor: page.last ? encodeCursor({ ...page.last, streamSequence, outboxSeq }) : (rawInput.after ?? null),
    hasNextPage: page.hasNextPage,
    streamSequence,
    outboxSeq,
  };
}

/** Which purposes a follower of the stream wants, from which outbox position (a snapshot's outboxSeq). */
export interface ConsentStreamInput {
  purposeKeys: readonly string[];
  after: number;
}

/**
 * Opens the stream that continues a snapshot (SERVICE, ADMIN, as the snapshot): the purposes must exist, and the
 * outbox must still hold every event after the position (CONFLICT when retention may have pruned some: load a snapshot
 * again), which must not be ahead of the outbox's own (CONFLICT: a database restored from an older backup, say).
 * Returns what to follow, and the check to make again once the events are read (a prune may run meanwhile).
 */
export async function openConsentStream(
  deps: SnapshotDeps,
  principal: Principal | null,
  rawInput: ConsentStreamInput,
): Promise<{ purposeKeys: Set<string>; after: number; stillWhole: () => Promise<void> }> {
  requireRole(principal, ['SERVICE', 'ADMIN']);
  const input = parseInput(ZStreamInput, rawInput);
  const purposes = input.purposeKeys.map((k) => purposeOrThrow(deps.catalog, k));
  const after = input.after;
  const stillWhole = async () => {
    const pruned = await deps.positions.outboxPrunedThrough();
    if (pruned > after)
      throw new AssentError(
        'CONFLICT',
        `The outbox no longer holds every event after position ${after} (retention pruned up to ${pruned}): load a snapshot again.`,
        { details: { field: 'after' } },
      );
  };
  await stillWhole();
  const position = await deps.positions.outboxSeq();
  if (after > position)
    throw new AssentError(
      'CONFLICT',
      `Position ${after} is ahead of the outbox (at ${position}): load a snapshot again.`,
      { details: { field: 'after' } },
    );
  return { purposeKeys: new Set(purposes.map((p) => p.key)), after, stillWhole };
}
