import {
  compareEffect,
  ERASED_SUBJECT_ID,
  GPC_METHOD,
  HASH_FORMAT_CLEAR,
  verifyStoredChain,
  type StoredRecord,
  type ActorKind,
  type GpcPurposeRecords,
  type Channel,
  type ConsentAction,
  type ConsentRecord,
  type ConsentRecordContent,
  type StateRecord,
  type ChainHead,
} from '@assent/core';
import type { SubjectProtection } from '../crypto/subject-protection.ts';
import { CHAIN_HEADS_PAGE_SQL } from './chain-heads-sql.ts';
import type { Db, DbKind } from './client.ts';
import type { OutboxEntry } from './outbox.ts';
import type { AppendManyOptions, LedgerWriter } from './ledger-writer.ts';
import type { HotReads } from './hot-reads.ts';
import type { SnapshotPageText, SnapshotRow, SnapshotRowShape } from './snapshot-text.ts';

/** Bound values per statement stay under SQLite's 999: subjects and purposes of findEffectiveAtMany. */
const SUBJECTS_PER_QUERY = 400;
const MAX_PURPOSES_BOUND = 100;
/** A ledger row as stored (both hash formats): core's StoredRecord. */
type RecordRow = StoredRecord;
type StateRow = {
  subjectId: string;
  purposeKey: string;
  recordId: string;
  action: string;
  noticeVersion: number;
  occurredAt: Date;
  recordedAt: Date;
};

/** What a protected row's sealed column opened to, or null when the subject's key is gone (erased). */
type Opened = { subjectId: string; actorId: string | null; evidence: unknown } | null;

/** A stored row as callers see it: format 1 as stored, format 2 with its sealed column opened (`opened`). */
function toRecord(r: RecordRow, opened?: Opened): ConsentRecord {
  if (r.hashVersion !== HASH_FORMAT_CLEAR) {
    const subjectActor = r.actorKind === 'SUBJECT';
    return {
      ...toRecord({ ...r, hashVersion: HASH_FORMAT_CLEAR }),
      subjectId: opened?.subjectId ?? ERASED_SUBJECT_ID,
      actorId: subjectActor ? (opened ? opened.actorId : ERASED_SUBJECT_ID) : r.actorId,
      // A SYSTEM record keeps its evidence in clear (sealed is null); a sealed record's is gone with its key. The ERASE
      // record's (the reason, who erased) stays in the ledger, hashed, but is not read out: after erasure every record
      // of the subject reads with evidence null (contract 1.1), and eraseSubject's answer and event carry the reason.
      evidence:
        r.action === 'ERASE'
          ? null
          : r.sealed == null
            ? r.evidence == null
              ? null
              : JSON.parse(r.evidence)
            : (opened?.evidence ?? null),
    };
  }
  return {
    id: r.id,
    subjectId: r.subjectId,
    seq: r.seq,
    purposeKey: r.purposeKey,
    action: r.action as ConsentAction,
    noticeVersionId: r.noticeVersionId,
    noticeVersion: r.noticeVersion,
    channel: r.channel as Channel,
    method: r.method,
    actorKind: r.actorKind as ActorKind,
    actorId: r.actorId,
    evidence: r.evidence == null ? null : JSON.parse(r.evidence),
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
    hash: r.hash,
    previousHash: r.previousHash,
    locale: r.locale,
  };
}

/** A projection row: the record that sets one subject's status for one purpose. */
export type SubjectState = StateRecord & { subjectId: string; purposeKey: string };

function toState(r: StateRow): SubjectState {
  return {
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    recordId: r.recordId,
    action: r.action as ConsentAction,
    noticeVersion: r.noticeVersion,
    occurredAt: r.occurredAt,
    recordedAt: r.recordedAt,
  };
}

const stateSelect = {
  subjectId: true,
  purposeKey: true,
  recordId: true,
  action: true,
  noticeVersion: true,
  occurredAt: true,
  recordedAt: true,
} as const;

/**
 * A history cursor: the sort key of the last row seen. Records of one call (recordChoices, applyGpc, an import) share
 * their instants, so the last key is the row's seq in its subject's chain: the order they were appended in.
 */
interface Cursor {
  o: string;
  r: string;
  s: number;
}
const encodeCursor = (r: ConsentRecord) =>
  Buffer.from(
    JSON.stringify({ o: r.occurredAt.toISOString(), r: r.recordedAt.toISOString(), s: r.seq } satisfies Cursor),
  ).toString('base64url');
/** Decodes an opaque history cursor; undefined when it is not one of ours. */
export function decodeCursor(s: string): Cursor | undefined {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof c.o === 'string' &&
      typeof c.r === 'string' &&
      Number.isSafeInteger(c.s) &&
      c.s >= 0 &&
      !isNaN(Date.parse(c.o)) &&
      !isNaN(Date.parse(c.r))
    )
      return c;
  } catch {
    /* not a cursor */
  }
  return undefined;
}

/** The pseudonyms of erased subjects, by the partial index SubjectKey_erased_idx (migration erased_subjects_index). */
export const ERASED_SUBJECTS = `SELECT "pseudonym" FROM "SubjectKey" WHERE "erasedAt" IS NOT NULL`;

/**
 * The consent ledger. Append and read only: there is no update or delete to call by mistake,
 * and the database refuses them anyway.
 */
export function ledgerRepository(
  prisma: Db,
  writer: LedgerWriter,
  hot: HotReads,
  protection: SubjectProtection,
  kind: DbKind = 'sqlite',
) {
  const headsPage = kind === 'postgres' ? postgresHeadsPage(prisma) : sqliteHeadsPage(prisma);
  const pseudonym = (subjectId: string) => protection.pseudonym(subjectId);
  // The pseudonyms of erased subjects, kept in memory and read again at most once a second when a decision finds no
  // projection row: erasures are rare, and a decision should not pay a read (or an HMAC) for them. Another instance's
  // erasure is seen within a second; until then its decisions already answer allowed false (no projection row).
  const erased = { set: new Set<string>(), readAt: -Infinity, reading: null as Promise<Set<string>> | null };
  const erasedPseudonyms = (): Promise<Set<string>> => {
    if (performance.now() - erased.readAt < 1000) return Promise.resolve(erased.set);
    erased.reading ??= prisma
      .$queryRawUnsafe<{ pseudonym: string }[]>(ERASED_SUBJECTS)
      .then((rows) => {
        erased.set = new Set(rows.map((r) => r.pseudonym));
        erased.readAt = performance.now();
        return erased.set;
      })
      .finally(() => (erased.reading = null));
    return erased.reading;
  };
  /** Format-2 rows opened with their subjects' data keys (one read of SubjectKey for all of them). */
  const openRows = async (rows: RecordRow[]): Promise<ConsentRecord[]> => {
    const pseudonyms = [...new Set(rows.filter((r) => r.hashVersion !== HASH_FORMAT_CLEAR).map((r) => r.subjectId))];
    if (pseudonyms.length === 0) return rows.map((r) => toRecord(r));
    const keys = new Map<string, Buffer>();
    for (const k of await prisma.subjectKey.findMany({
      where: { pseudonym: { in: pseudonyms }, dataKey: { not: null } },
      select: { pseudonym: true, dataKey: true },
    }))
      keys.set(k.pseudonym, protection.openDataKey(k.pseudonym, k.dataKey!));
    return rows.map((r) => {
      if (r.hashVersion === HASH_FORMAT_CLEAR) return toRecord(r);
      const key = keys.get(r.subjectId);
      return toRecord(r, key && r.sealed ? protection.open(key, r.id, r.sealed) : null);
    });
  };
  return {
    /**
     * Every subject's chain head (its newest record's seq and hash), read page by page in the order the database's
     * index serves them (not the Merkle order: callers sort). Pages of `pageSize` subjects.
     */
    async listChainHeads(pageSize = 20_000): Promise<ChainHead[]> {
      const out: ChainHead[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await headsPage(after, pageSize);
        for (const r of page) out.push({ subjectId: r.subjectId, seq: Number(r.seq), hash: r.hash });
        if (page.length < pageSize) return out;
        after = page[page.length - 1]!.subjectId;
      }
    },

    /**
     * The key a subject's chain is stored under (its keyed pseudonym since #16, README "Erasure"): what chain heads,
     * checkpoints and findHashesAt name subjects by.
     */
    chainKeyOf(subjectId: string): string {
      return pseudonym(subjectId);
    },

    /**
     * The subject a chain key stands for, read from its newest record ("erased" once shredded). When the chain has no
     * record left (every one cut off), the projection still names its subject until erasure: the subject whose
     * pseudonym is the key is looked for there, one keyed hash per subject (a failure path only). The key itself when
     * neither knows it.
     */
    async subjectOfChain(chainKey: string): Promise<string> {
      const row = await prisma.consentRecord.findFirst({ where: { subjectId: chainKey }, orderBy: { seq: 'desc' } });
      if (row) return (await openRows([row as RecordRow]))[0]!.subjectId;
      const page = 5_000;
      const sql =
        kind === 'postgres'
          ? `SELECT DISTINCT "subjectId" FROM "ConsentState" WHERE "subjectId" > $1 ORDER BY "subjectId" LIMIT $2`
          : `SELECT DISTINCT "subjectId" FROM "ConsentState" WHERE "subjectId" > ? ORDER BY "subjectId" LIMIT ?`;
      for (let after = ''; ;) {
        const ids = await prisma.$queryRawUnsafe<{ subjectId: string }[]>(sql, after, page);
        const found = ids.find((r) => pseudonym(r.subjectId) === chainKey);
        if (found) return found.subjectId;
        if (ids.length < page) return chainKey;
        after = ids[ids.length - 1]!.subjectId;
      }
    },

    /** One subject's chain head (named by its chain key), or null when it has no record. */
    async findChainHead(subjectId: string): Promise<ChainHead | null> {
      return prisma.consentRecord.findFirst({
        where: { subjectId: pseudonym(subjectId) },
        orderBy: { seq: 'desc' },
        select: { subjectId: true, seq: true, hash: true },
      });
    },

    /** The hashes stored now at some (subject, seq) places, keyed `subjectId \0 seq`; absent places are missing. */
    async findHashesAt(places: readonly { subjectId: string; seq: number }[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      for (let i = 0; i < places.length; i += 500) {
        const rows = await prisma.consentRecord.findMany({
          where: { OR: places.slice(i, i + 500).map((p) => ({ subjectId: p.subjectId, seq: p.seq })) },
          select: { subjectId: true, seq: true, hash: true },
        });
        for (const r of rows) out.set(`${r.subjectId}\u0000${r.seq}`, r.hash);
      }
      return out;
    },

    /**
     * Appends one record to the subject's hash chain, moves the projection when the record is the
     * newest in effect order, and writes its outbox event: one transaction. Writes for one subject
     * are serialized (PostgreSQL: an advisory lock on the subject; SQLite: its single writer; see ledger-writer.ts), and
     * the unique (subjectId, seq) index makes a forked chain impossible even if that were bypassed.
     */
    append(content: ConsentRecordContent, event: (r: ConsentRecord) => OutboxEntry): Promise<ConsentRecord> {
      return writer.append(content, event);
    },

    /**
     * As append, but only while the projection of the record's (subject, purpose) still rests on
     * `expectedRecordId` (null: no row); null, with nothing written, when another write moved it first.
     */
    appendIfCurrent(
      content: ConsentRecordContent,
      expectedRecordId: string | null,
      event: (r: ConsentRecord) => OutboxEntry,
    ): Promise<ConsentRecord | null> {
      return writer.appendIfCurrent(content, expectedRecordId, event);
    },

    /**
     * Appends several records in the order given, each to its subject's chain, with their projection moves and
     * outbox events: one transaction, so all of them commit or none (recordChoices, applyGpc, linkVisitor).
     */
    appendMany(
      contents: readonly ConsentRecordContent[],
      event: (r: ConsentRecord) => OutboxEntry,
      opts?: AppendManyOptions,
    ): Promise<ConsentRecord[]> {
      return contents.length === 0 ? Promise.resolve([]) : writer.appendMany(contents, event, opts);
    },

    /**
     * What Global Privacy Control needs about one subject's purposes: the record that sets each status now (from the
     * projection, with its method) and the newest record the signal wrote (method 'gpc'); purposes with no record are absent.
     */
    async findGpcRecords(subjectId: string, purposeKeys: readonly string[]): Promise<Map<string, GpcPurposeRecords>> {
      const out = new Map<string, GpcPurposeRecords>();
      if (purposeKeys.length === 0) return out;
      const where = { subjectId, purposeKey: { in: [...purposeKeys] } };
      const [states, gpcRows] = await Promise.all([
        prisma.consentState.findMany({ where, select: stateSelect }),
        prisma.consentRecord.findMany({
          where: { ...where, subjectId: pseudonym(subjectId), method: GPC_METHOD },
          select: { purposeKey: true, occurredAt: true, recordedAt: true },
        }),
      ]);
      const methods = new Map(
        (
          await prisma.consentRecord.findMany({
            where: { id: { in: states.map((st) => st.recordId) } },
            select: { id: true, method: true },
          })
        ).map((r) => [r.id, r.method] as const),
      );
      for (const st of states.map(toState)) {
        out.set(st.purposeKey, { current: { ...st, method: methods.get(st.recordId) ?? '' }, lastGpc: null });
      }
      for (const r of gpcRows) {
        const entry = out.get(r.purposeKey) ?? { current: null, lastGpc: null };
        if (entry.lastGpc === null || compareEffect(r, entry.lastGpc) > 0)
          entry.lastGpc = { occurredAt: r.occurredAt, recordedAt: r.recordedAt };
        out.set(r.purposeKey, entry);
      }
      return out;
    },

    /** The hot path: the projection row for one subject and purpose (one prepared primary-key read). */
    findState(subjectId: string, purposeKey: string): Promise<SubjectState | null> {
      return hot.findState(subjectId, purposeKey);
    },

    /** Projection rows for many (subject, purpose) pairs in one prepared query, in the order asked (null: none). */
    /** One page of the projection for some purposes, in (subjectId, purposeKey) order after a key (raw rows; see HotReads.snapshotPage). */
    snapshotPage(
      purposeKeys: readonly string[],
      after: { subjectId: string; purposeKey: string } | null,
      limit: number,
    ): Promise<SnapshotRow[]> {
      return hot.snapshotPage(purposeKeys, after, limit);
    },
    /** The same page as JSON text the database writes in a row shape (see HotReads.snapshotPageText). */
    snapshotPageText(
      purposeKeys: readonly string[],
      after: { subjectId: string; purposeKey: string } | null,
      limit: number,
      shape: SnapshotRowShape,
    ): Promise<SnapshotPageText> {
      return hot.snapshotPageText(purposeKeys, after, limit, shape);
    },
    findStates(pairs: readonly { subjectId: string; purposeKey: string }[]): Promise<(SubjectState | null)[]> {
      return hot.findStates(pairs);
    },

    /** Every projection row of one subject. */
    async listStates(subjectId: string): Promise<SubjectState[]> {
      return (await prisma.consentState.findMany({ where: { subjectId }, select: stateSelect })).map(toState);
    },

    /** The record in effect at an instant: newest by (occurredAt, recordedAt) among those that had occurred by then. */
    async findEffectiveAt(subjectId: string, purposeKey: string, at: Date): Promise<ConsentRecord | null> {
      const row = await prisma.consentRecord.findFirst({
        where: { subjectId: pseudonym(subjectId), purposeKey, occurredAt: { lte: at } },
        orderBy: [{ occurredAt: 'desc' }, { recordedAt: 'desc' }, { seq: 'desc' }],
      });
      return row ? ((await openRows([row as RecordRow]))[0] ?? null) : null;
    },

    /**
     * The records in effect at an instant for many (subject, purpose) pairs, in a query per slice of subjects: a
     * statement with two lists bound is not split by Prisma, and SQLite takes at most 999 bound values in one.
     */
    async findEffectiveAtMany(
      pairs: readonly { subjectId: string; purposeKey: string }[],
      at: Date,
    ): Promise<SubjectState[]> {
      if (pairs.length === 0) return [];
      // The ledger knows subjects by pseudonym: ask by pseudonym, answer by identifier.
      const bySubjectKey = new Map<string, string>();
      for (const p of pairs) bySubjectKey.set(pseudonym(p.subjectId), p.subjectId);
      const wanted = new Set(pairs.map((p) => `${p.subjectId}\u0000${p.purposeKey}`));
      const subjectKeys = [...bySubjectKey.keys()];
      const purposeKeys = [...new Set(pairs.map((p) => p.purposeKey))];
      // Few purposes narrow the query; many (a caller's typos, say) are left to the `wanted` filter below.
      const byPurpose = purposeKeys.length <= MAX_PURPOSES_BOUND ? { purposeKey: { in: purposeKeys } } : {};
      const found = [];
      for (let i = 0; i < subjectKeys.length; i += SUBJECTS_PER_QUERY) {
        found.push(
          ...(await prisma.consentRecord.findMany({
            where: {
              subjectId: { in: subjectKeys.slice(i, i + SUBJECTS_PER_QUERY) },
              ...byPurpose,
              occurredAt: { lte: at },
            },
            select: {
              id: true,
              subjectId: true,
              purposeKey: true,
              action: true,
              noticeVersion: true,
              occurredAt: true,
              recordedAt: true,
              seq: true,
            },
          })),
        );
      }
      const rows = found.map((r) => ({ ...r, subjectId: bySubjectKey.get(r.subjectId)! }));
      const best = new Map<string, (typeof rows)[number]>();
      for (const r of rows) {
        const k = `${r.subjectId}\u0000${r.purposeKey}`;
        if (!wanted.has(k)) continue;
        const cur = best.get(k);
        if (!cur || compareEffect(r, cur) > 0 || (compareEffect(r, cur) === 0 && r.seq > cur.seq)) best.set(k, r);
      }
      return [...best.values()].map((r) => ({
        subjectId: r.subjectId,
        purposeKey: r.purposeKey,
        recordId: r.id,
        action: r.action as ConsentAction,
        noticeVersion: r.noticeVersion,
        occurredAt: r.occurredAt,
        recordedAt: r.recordedAt,
      }));
    },

    /** Records by id (for DataLoader). */
    async findByIds(ids: readonly string[]): Promise<ConsentRecord[]> {
      return openRows((await prisma.consentRecord.findMany({ where: { id: { in: [...ids] } } })) as RecordRow[]);
    },

    /** A subject's Global Privacy Control records (method gpc) of some purposes, whole (linkVisitor carries them). */
    async listGpcRecords(subjectId: string, purposeKeys: readonly string[]): Promise<ConsentRecord[]> {
      if (purposeKeys.length === 0) return [];
      const rows = await prisma.consentRecord.findMany({
        where: { subjectId: pseudonym(subjectId), method: GPC_METHOD, purposeKey: { in: [...purposeKeys] } },
      });
      return openRows(rows as RecordRow[]);
    },

    /** How many records the ledger holds (optionally for one subject). */
    async count(subjectId?: string): Promise<number> {
      return prisma.consentRecord.count({
        where: subjectId ? { subjectId: pseudonym(subjectId) } : {},
      });
    },

    /** One page of a subject's history, newest first (occurredAt, recordedAt, then the chain's seq), after an opaque cursor. */
    async listHistory(opts: { subjectId: string; purposeKey?: string | null; first: number; after?: Cursor }) {
      const where = {
        subjectId: pseudonym(opts.subjectId),
        ...(opts.purposeKey ? { purposeKey: opts.purposeKey } : {}),
      };
      const a = opts.after;
      const page = await prisma.consentRecord.findMany({
        where: a
          ? {
              ...where,
              OR: [
                { occurredAt: { lt: new Date(a.o) } },
                { occurredAt: new Date(a.o), recordedAt: { lt: new Date(a.r) } },
                { occurredAt: new Date(a.o), recordedAt: new Date(a.r), seq: { lt: a.s } },
              ],
            }
          : where,
        orderBy: [{ occurredAt: 'desc' }, { recordedAt: 'desc' }, { seq: 'desc' }],
        take: opts.first + 1,
      });
      const records = await openRows(page.slice(0, opts.first) as RecordRow[]);
      return {
        edges: records.map((node) => ({ cursor: encodeCursor(node), node })),
        hasNextPage: page.length > opts.first,
        endCursor: records.length ? encodeCursor(records[records.length - 1]!) : null,
        totalCount: () => prisma.consentRecord.count({ where }),
      };
    },

    /** Recomputes hash chains (one subject's, or all in streaming batches) and names the first broken record. */
    async verify(
      subjectId?: string | null,
      batchSize = 5000,
    ): Promise<{ ok: boolean; recordsChecked: number; firstBrokenRecordId: string | null }> {
      let recordsChecked = 0;
      // Every chain is under its subject's pseudonym once the server has started (db/reprotect.ts).
      const pseudonymOrId = subjectId ? pseudonym(subjectId) : undefined;
      let cursor: { subjectId: string; seq: number } | null = null;
      let chain: { subjectId: string; previousHash: string | null; checked: number } | null = null;
      for (;;) {
        const rows: RecordRow[] = (await prisma.consentRecord.findMany({
          where: {
            ...(subjectId ? { subjectId: pseudonymOrId } : {}),
            ...(cursor
              ? {
                  OR: [
                    { subjectId: { gt: cursor.subjectId } },
                    { subjectId: cursor.subjectId, seq: { gt: cursor.seq } },
                  ],
                }
              : {}),
          },
          orderBy: [{ subjectId: 'asc' }, { seq: 'asc' }],
          take: batchSize,
        })) as RecordRow[];
        if (rows.length === 0) break;
        // Split the batch into runs of one subject and check each run as the continuation of its chain.
        let start = 0;
        while (start < rows.length) {
          const sid = rows[start]!.subjectId;
          let end = start;
          while (end < rows.length && rows[end]!.subjectId === sid) end++;
          const run: StoredRecord[] = rows.slice(start, end);
          const prior: { previousHash: string | null; checked: number } | undefined =
            chain && chain.subjectId === sid ? { previousHash: chain.previousHash, checked: chain.checked } : undefined;
          const result = verifyStoredChain(run, prior);
          recordsChecked += result.recordsChecked - (prior?.checked ?? 0);
          if (!result.ok) return { ok: false, recordsChecked, firstBrokenRecordId: result.firstBrokenRecordId };
          chain = { subjectId: sid, previousHash: result.lastHash, checked: (prior?.checked ?? 0) + run.length };
          start = end;
        }
        const last = rows[rows.length - 1]!;
        cursor = { subjectId: last.subjectId, seq: last.seq };
        if (rows.length < batchSize) break;
      }
      return { ok: true, recordsChecked, firstBrokenRecordId: null };
    },

    /**
     * Rebuilds the projection from the ledger in one transaction: for every (subject, purpose) the
     * newest record by (occurredAt, recordedAt, seq), the same rule append() applies incrementally.
     */
    async rebuildProjection(): Promise<number> {
      return prisma.$transaction(
        async (tx) => {
          await tx.consentState.deleteMany({});
          await tx.$executeRawUnsafe(`
          INSERT INTO "ConsentState" ("subjectId", "purposeKey", "recordId", "action", "noticeVersion", "occurredAt", "recordedAt")
          SELECT "subjectId", "purposeKey", "id", "action", "noticeVersion", "occurredAt", "recordedAt" FROM (
            SELECT r.*, ROW_NUMBER() OVER (PARTITION BY "subjectId", "purposeKey" ORDER BY "occurredAt" DESC, "recordedAt" DESC, "seq" DESC) AS rn
            FROM "ConsentRecord" r WHERE "action" <> 'ERASE'
          ) ranked WHERE rn = 1`);
          // The ledger knows protected subjects by pseudonym; the projection by identifier. Each subject's identifier
          // is opened from one of its records; an erased subject (no key) keeps no projection row.
          const protectedRows = await tx.consentRecord.findMany({
            where: {
              hashVersion: { not: HASH_FORMAT_CLEAR },
              id: { in: (await tx.consentState.findMany({ select: { recordId: true } })).map((r) => r.recordId) },
            },
            select: { id: true, subjectId: true, sealed: true },
          });
          const seen = new Set<string>();
          for (const r of protectedRows) {
            if (seen.has(r.subjectId)) continue;
            seen.add(r.subjectId);
            const key = await tx.subjectKey.findUnique({
              where: { pseudonym: r.subjectId },
              select: { dataKey: true },
            });
            if (!key?.dataKey || !r.sealed) {
              await tx.consentState.deleteMany({ where: { subjectId: r.subjectId } });
              continue;
            }
            const opened = protection.open(protection.openDataKey(r.subjectId, key.dataKey), r.id, r.sealed);
            await tx.consentState.updateMany({
              where: { subjectId: r.subjectId },
              data: { subjectId: opened.subjectId },
            });
          }
          return tx.consentState.count();
        },
        { timeout: 600_000 },
      );
    },

    /** Whether each subject was erased (its data key deleted), in the order asked: the decisions that find no projection row ask. */
    async erasedAmong(subjectIds: readonly string[]): Promise<boolean[]> {
      const erased = await erasedPseudonyms();
      // No erasure yet (the common case): no pseudonym to compute, nothing to read.
      if (erased.size === 0) return subjectIds.map(() => false);
      return subjectIds.map((id) => erased.has(pseudonym(id)));
    },

    /** Erases a subject (see LedgerWriter.erase); this instance's decisions know at once, others within a second. */
    async erase(
      content: ConsentRecordContent,
      event: (r: ConsentRecord) => OutboxEntry,
    ): Promise<{ record: ConsentRecord; recordsShredded: number }> {
      const done = await writer.erase(content, event);
      erased.set.add(pseudonym(content.subjectId));
      return done;
    },

    /** How many subjects have a ledger (counted on the partial index of first records). */
    async subjectCount(): Promise<number> {
      return prisma.consentRecord.count({ where: { seq: 0 } });
    },

    /** Every projection row in a stable order (to compare projections). */
    async dumpProjection(): Promise<SubjectState[]> {
      return (
        await prisma.consentState.findMany({
          select: stateSelect,
          orderBy: [{ subjectId: 'asc' }, { purposeKey: 'asc' }],
        })
      ).map(toState);
    },
  };
}

type HeadRow = { subjectId: string; seq: number | bigint; hash: string };

/**
 * SQLite: the newest seq per subject from the (subjectId, seq) index alone, then one lookup per head for its hash (a
 * bare column beside MAX() would read every record of the page).
 */
function sqliteHeadsPage(prisma: Db) {
  return (after: string | null, limit: number) =>
    prisma.$queryRawUnsafe<HeadRow[]>(CHAIN_HEADS_PAGE_SQL.sqlite, after ?? '', limit);
}

/** PostgreSQL: DISTINCT ON over a backward scan of the (subjectId, seq) index, paged downwards. */
function postgresHeadsPage(prisma: Db) {
  return (after: string | null, limit: number) =>
    prisma.$queryRawUnsafe<HeadRow[]>(CHAIN_HEADS_PAGE_SQL.postgres, after, limit);
}

/** The ledger repository's type. */
export type LedgerRepository = ReturnType<typeof ledgerRepository>;
