import type { Db } from './client.ts';

/** One read of a subject's data, as the access log stores it (README, "Access log"). */
export interface AccessLogRow {
  seq: number;
  at: Date;
  /** The subject's chain key (ledger pseudonym), never its identifier. */
  subjectKey: string;
  operation: string;
  actorKind: string;
  actorId: string;
  actorRole: string;
  actorName: string | null;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** What appending takes: a row without its seq (the database numbers them). */
export type NewAccessLogRow = Omit<AccessLogRow, 'seq'>;

const select = {
  seq: true,
  at: true,
  subjectKey: true,
  operation: true,
  actorKind: true,
  actorId: true,
  actorRole: true,
  actorName: true,
  clientIp: true,
  userAgent: true,
  requestId: true,
} as const;

/** The access log: append and read only (the database refuses UPDATE and DELETE). */
export function accessLogRepository(prisma: Db) {
  return {
    /** Appends entries in one statement (a batch of reads made at about the same time). */
    async append(rows: readonly NewAccessLogRow[]): Promise<void> {
      if (rows.length === 0) return;
      // An explicit transaction: on SQLite it takes the process's write lock (see checkpoint.repository.ts's append).
      await prisma.$transaction([prisma.accessLogEntry.createMany({ data: [...rows] })]);
    },

    /**
     * A page newest first (by seq), one subject's (by chain key) or everyone's, after a seq; one more row than asked
     * tells whether a next page exists.
     */
    async listNewestFirst(opts: { subjectKey: string | null; first: number; beforeSeq: number | null }) {
      const rows = await prisma.accessLogEntry.findMany({
        select,
        where: {
          ...(opts.subjectKey !== null ? { subjectKey: opts.subjectKey } : {}),
          ...(opts.beforeSeq !== null ? { seq: { lt: opts.beforeSeq } } : {}),
        },
        orderBy: { seq: 'desc' },
        take: opts.first + 1,
      });
      return { rows: rows.slice(0, opts.first) as AccessLogRow[], hasNextPage: rows.length > opts.first };
    },

    /** Every row (tests that check what the table holds). */
    async listAll(): Promise<AccessLogRow[]> {
      return prisma.accessLogEntry.findMany({ select, orderBy: { seq: 'asc' } });
    },
  };
}

/** The access log repository's type. */
export type AccessLogRepository = ReturnType<typeof accessLogRepository>;
