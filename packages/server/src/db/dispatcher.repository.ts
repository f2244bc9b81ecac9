import type { Db, DbKind } from './client.ts';
import { isUniqueViolation } from './errors.ts';
import type { HotReads } from './hot-reads.ts';
import type { DispatchWriter } from './dispatch-writer.ts';
import { newestOutboxSeq } from './outbox.ts';

/** The dispatcher's leadership lease, where the two databases differ. */
interface LeaseStore {
  /**
   * Takes or renews the lease `name` for `holder` for `ttlMs`, if it is free, expired or already
   * this holder's.
   */
  tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
}

/** PostgreSQL: one atomic statement, judged by the database's clock so instances with skewed clocks still agree. */
function postgresLease(prisma: Db): LeaseStore {
  return {
    async tryAcquire(name, holder, ttlMs) {
      const rows = await prisma.$queryRawUnsafe<{ holder: string }[]>(
        `INSERT INTO "DispatcherLease" ("name", "holder", "expiresAt")
         VALUES ($1, $2, (now() AT TIME ZONE 'UTC') + make_interval(secs => $3::double precision))
         ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
         WHERE "DispatcherLease"."holder" = EXCLUDED."holder" OR "DispatcherLease"."expiresAt" < (now() AT TIME ZONE 'UTC')
         RETURNING "holder"`,
        name,
        holder,
        ttlMs / 1000,
      );
      return rows.length === 1;
    },
  };
}

/** SQLite (one machine): by this process's clock, renew-or-create. */
function sqliteLease(prisma: Db): LeaseStore {
  return {
    async tryAcquire(name, holder, ttlMs) {
      const now = new Date();
      const expiresAt = new Date(now.getTime() + ttlMs);
      const renewed = await prisma.dispatcherLease.updateMany({
        where: { name, OR: [{ holder }, { expiresAt: { lt: now } }] },
        data: { holder, expiresAt },
      });
      if (renewed.count === 1) return true;
      try {
        await prisma.dispatcherLease.create({ data: { name, holder, expiresAt } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
  };
}

/** Leadership lease and sink cursors of the outbox dispatcher. */
export function dispatcherRepository(prisma: Db, kind: DbKind, hot: HotReads, writer: DispatchWriter) {
  const lease = kind === 'postgres' ? postgresLease(prisma) : sqliteLease(prisma);
  return {
    /** Takes or renews the lease `name` for `holder` for `ttlMs`, if it is free, expired or already this holder's. */
    tryAcquireLease: (name: string, holder: string, ttlMs: number): Promise<boolean> =>
      lease.tryAcquire(name, holder, ttlMs),

    /** Gives the lease up at once (clean shutdown), so another instance takes over without waiting. */
    async releaseLease(name: string, holder: string): Promise<void> {
      await prisma.dispatcherLease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
    },

    /** Creates a sink's cursor at 0 unless it exists: a new sink starts from the beginning of the outbox. */
    async ensureCursor(name: string): Promise<void> {
      await prisma.sinkCursor.upsert({ where: { name }, create: { name, seq: 0 }, update: {}, select: { seq: true } });
    },

    /** A sink's cursor: every outbox row up to it has reached that sink. */
    async cursor(name: string): Promise<number> {
      return hot.sinkCursor(name);
    },

    /** Moves a cursor forward only (a slower writer never moves it back). */
    async advanceCursor(name: string, to: number): Promise<void> {
      await writer.advanceCursor(name, to);
    },

    /** The seq just before the oldest outbox row not yet stamped dispatchedAt. */
    async dispatchedUpTo(): Promise<number> {
      const first = await prisma.outboxEvent.findFirst({
        where: { dispatchedAt: null },
        orderBy: { seq: 'asc' },
        select: { seq: true },
      });
      return first ? first.seq - 1 : newestOutboxSeq(prisma);
    },

    /** Stamps dispatchedAt on the outbox rows in (after, upTo] that every sink has passed. */
    async markDispatched(after: number, upTo: number, at: Date): Promise<void> {
      await prisma.outboxEvent.updateMany({
        where: { seq: { gt: after, lte: upTo }, dispatchedAt: null },
        data: { dispatchedAt: at },
      });
    },
  };
}

/** The dispatcher repository's type. */
export type DispatcherRepository = ReturnType<typeof dispatcherRepository>;
