import type { Db, DbKind } from './client.ts';
import { pgUtc, sqliteDate } from './raw.ts';

/** Decisions one caller key asked for in one minute. */
export interface DecisionCountRow {
  keyId: string;
  /** The start of the minute (UTC). */
  minute: Date;
  /** decide and decideMany calls. */
  calls: number;
  /** Decisions answered (one per decide, one per request of a decideMany). */
  decisions: number;
}

/** Decision counts per caller key per minute: added to, never rewritten. */
export function decisionCountRepository(prisma: Db, kind: DbKind) {
  // One upsert that adds to what another instance (or an earlier flush) counted for the same minute.
  const add =
    kind === 'postgres'
      ? `INSERT INTO "DecisionCount" ("keyId", "minute", "calls", "decisions") VALUES ($1, $2::timestamp, $3, $4)
         ON CONFLICT ("keyId", "minute") DO UPDATE SET "calls" = "DecisionCount"."calls" + excluded."calls",
         "decisions" = "DecisionCount"."decisions" + excluded."decisions"`
      : `INSERT INTO "DecisionCount" ("keyId", "minute", "calls", "decisions") VALUES (?, ?, ?, ?)
         ON CONFLICT ("keyId", "minute") DO UPDATE SET "calls" = "DecisionCount"."calls" + excluded."calls",
         "decisions" = "DecisionCount"."decisions" + excluded."decisions"`;
  const date = kind === 'postgres' ? pgUtc : sqliteDate;
  return {
    /** Adds counts to their (key, minute) rows, in one transaction. */
    async add(rows: readonly DecisionCountRow[]): Promise<void> {
      if (rows.length === 0) return;
      await prisma.$transaction(
        rows.map((r) => prisma.$executeRawUnsafe(add, r.keyId, date(r.minute), r.calls, r.decisions)),
      );
    },

    /** Counts from a minute on, newest minute first, then by key; at most `limit` rows. */
    async listSince(since: Date, limit: number): Promise<DecisionCountRow[]> {
      return prisma.decisionCount.findMany({
        where: { minute: { gte: since } },
        orderBy: [{ minute: 'desc' }, { keyId: 'asc' }],
        take: limit,
      });
    },
  };
}

/** The decision count repository's type. */
export type DecisionCountRepository = ReturnType<typeof decisionCountRepository>;
