import {
  cloudEventTypeOf,
  SUBJECT_ERASED_EVENT,
  LEGACY_LOCALE,
  noticeLocales,
  type CloudEventType,
  type ConsentRecord,
  type LegalBasis,
  type NoticeVersion,
  newLedgerId,
} from '@assent/core';
import type { Db, DbKind } from './client.ts';
import type { HotReads } from './hot-reads.ts';
import { pgUtc, sqliteDate } from './raw.ts';
import { OUTBOX_COLUMNS, OUTBOX_ORDER_LOCK, pgParams, sqliteParams } from './tables.ts';
import { OUTBOX_PRUNED_THROUGH } from './outbox-maintenance.repository.ts';

export type { CloudEventType } from '@assent/core';

/** The CloudEvents 1.0 structured-mode event, exactly as every sink receives it. */
export interface AssentCloudEvent {
  specversion: '1.0';
  id: string;
  source: 'assent';
  type: CloudEventType;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: Record<string, unknown>;
}

/** An outbox row to write. */
export interface OutboxEntry {
  event: AssentCloudEvent;
  subjectId: string | null;
  purposeKey: string | null;
  recordId: string | null;
}

/** The record as delivered: every ConsentRecord field except evidence (it may hold personal data). */
export function deliveredRecord(r: ConsentRecord) {
  return {
    id: r.id,
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    action: r.action,
    noticeVersion: { id: r.noticeVersionId, version: r.noticeVersion },
    channel: r.channel,
    method: r.method,
    actor: { kind: r.actorKind, id: r.actorId },
    occurredAt: r.occurredAt.toISOString(),
    recordedAt: r.recordedAt.toISOString(),
    hash: r.hash,
    previousHash: r.previousHash,
    locale: r.locale ?? null,
  };
}

/** The outbox entry announcing a consent record. */
export function consentEvent(r: ConsentRecord, purpose: { key: string; legalBasis: LegalBasis }): OutboxEntry {
  return {
    event: {
      specversion: '1.0',
      id: newLedgerId(),
      source: 'assent',
      type: cloudEventTypeOf(r.action),
      subject: r.subjectId,
      time: r.recordedAt.toISOString(),
      datacontenttype: 'application/json',
      data: { record: deliveredRecord(r), purpose: { key: purpose.key, legalBasis: purpose.legalBasis } },
    },
    subjectId: r.subjectId,
    purposeKey: r.purposeKey,
    recordId: r.id,
  };
}

/**
 * The outbox entry announcing an erasure (contract 1.1): data { record: the ERASE record }, subject = the identifier
 * as it was, so downstream systems erase too. The ledger writer files it under the pseudonym; its payload names the
 * subject only until every channel has it (outbox/erased-event-scrubber.ts).
 */
export function erasureEvent(r: ConsentRecord): OutboxEntry {
  return {
    event: {
      specversion: '1.0',
      id: newLedgerId(),
      source: 'assent',
      type: SUBJECT_ERASED_EVENT,
      subject: r.subjectId,
      time: r.recordedAt.toISOString(),
      datacontenttype: 'application/json',
      data: { record: deliveredRecord(r) },
    },
    subjectId: r.subjectId,
    purposeKey: null,
    recordId: r.id,
  };
}

/** The outbox entry announcing a notice version. */
export function noticeEvent(n: NoticeVersion): OutboxEntry {
  return {
    event: {
      specversion: '1.0',
      id: newLedgerId(),
      source: 'assent',
      type: 'assent.notice.published',
      time: n.publishedAt.toISOString(),
      datacontenttype: 'application/json',
      data: {
        notice: {
          id: n.id,
          version: n.version,
          publishedAt: n.publishedAt.toISOString(),
          effectiveAt: n.effectiveAt.toISOString(),
          summary: n.summary,
          contentHash: n.contentHash,
          purposes: n.purposes,
          // 1.1: the NoticeVersion fields (the texts above are in its default language), and the texts in the others.
          locale: n.defaultLocale ?? LEGACY_LOCALE,
          defaultLocale: n.defaultLocale ?? LEGACY_LOCALE,
          availableLocales: noticeLocales(n),
          translations: n.translations ?? [],
        },
      },
    },
    subjectId: null,
    purposeKey: null,
    recordId: null,
  };
}

/**
 * The one way an outbox row is written, in each dialect: the ledger writer's prepared statements
 * (ledger-writer.ts) and the catalog's Prisma transaction (outboxWriter below) bind the same SQL.
 * On PostgreSQL a transaction-level advisory lock, taken just before the insert and held to commit,
 * makes outbox seq order equal commit order, so readers can follow a simple cursor and never skip a
 * row that commits late. SQLite has one writer, so its order is commit order already.
 */
export const OUTBOX_INSERT = {
  sqlite: `INSERT INTO "OutboxEvent" (${OUTBOX_COLUMNS}) VALUES (${sqliteParams(7)})`,
  postgres: `INSERT INTO "OutboxEvent" (${OUTBOX_COLUMNS}) VALUES (${pgParams(5)}, $6::jsonb, $7)`,
  /** PostgreSQL only, in the same transaction right before the insert. */
  lockOrder: `SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(${OUTBOX_ORDER_LOCK})) AS l`,
} as const;

/** The values OUTBOX_INSERT binds, in OUTBOX_COLUMNS' order; createdAt already in the dialect's text form. */
export function outboxInsertValues(e: OutboxEntry, createdAt: string): unknown[] {
  return [e.event.id, e.event.type, e.subjectId, e.purposeKey, e.recordId, JSON.stringify(e.event), createdAt];
}

/** Writes outbox rows inside the caller's Prisma transaction. */
export interface OutboxWriter {
  write(tx: Db, entry: OutboxEntry): Promise<void>;
}

/** The outbox writer for a database kind (see OUTBOX_INSERT). */
export function outboxWriter(kind: DbKind): OutboxWriter {
  return kind === 'sqlite' ? sqliteOutboxWriter : postgresOutboxWriter;
}

const sqliteOutboxWriter: OutboxWriter = {
  async write(tx, entry) {
    await tx.$executeRawUnsafe(OUTBOX_INSERT.sqlite, ...outboxInsertValues(entry, sqliteDate(new Date())));
  },
};

const postgresOutboxWriter: OutboxWriter = {
  async write(tx, entry) {
    await tx.$queryRawUnsafe(OUTBOX_INSERT.lockOrder);
    await tx.$executeRawUnsafe(OUTBOX_INSERT.postgres, ...outboxInsertValues(entry, pgUtc(new Date())));
  },
};

/** A committed outbox row as readers see it. */
export interface OutboxRow {
  seq: number;
  eventId: string;
  type: CloudEventType;
  subjectId: string | null;
  purposeKey: string | null;
  recordId: string | null;
  event: AssentCloudEvent;
}

/** The newest outbox seq (0 when the outbox is empty). */
export async function newestOutboxSeq(prisma: Db): Promise<number> {
  // One step down the primary key. (Prisma's `aggregate({ _max })` wraps the table in a LIMIT/OFFSET subquery, which
  // SQLite answers by reading every row: about a second at ten million events, on the server's thread.)
  return (await prisma.outboxEvent.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true } }))?.seq ?? 0;
}

/** Reading the committed outbox in commit (seq) order. */
export function outboxRepository(prisma: Db, hot: HotReads) {
  return {
    /** Rows after a cursor, oldest first (a prepared statement: every wake-up of every sink reads here). */
    async listAfter(seq: number, limit = 500): Promise<OutboxRow[]> {
      const rows = await hot.outboxAfter(seq, limit);
      return rows.map((r) => ({
        seq: r.seq,
        eventId: r.eventId,
        type: r.type as CloudEventType,
        subjectId: r.subjectId,
        purposeKey: r.purposeKey,
        recordId: r.recordId,
        event: r.payload as AssentCloudEvent,
      }));
    },
    /** The newest seq (0 when empty). */
    maxSeq: (): Promise<number> => newestOutboxSeq(prisma),
    /**
     * The highest seq that may have been pruned: the mark each prune writes (outbox-maintenance.repository.ts), or, in a
     * database pruned before there was one, everything below the oldest row kept. 0 when nothing can have been.
     */
    async prunedThrough(): Promise<number> {
      const mark = await prisma.sinkCursor.findUnique({
        where: { name: OUTBOX_PRUNED_THROUGH },
        select: { seq: true },
      });
      if (mark) return mark.seq;
      const oldest = await prisma.outboxEvent.findFirst({ orderBy: { seq: 'asc' }, select: { seq: true } });
      return oldest ? oldest.seq - 1 : 0;
    },
    /**
     * The events filed under a subject before `beforeSeq` (by OutboxEvent_subjectId_idx): after an erasure, its earlier
     * events, filed under its pseudonym since.
     */
    async eventsOf(
      subjectId: string,
      beforeSeq: number,
    ): Promise<{ eventId: string; type: CloudEventType; purposeKey: string | null; createdAt: Date }[]> {
      const rows = await prisma.outboxEvent.findMany({
        where: { subjectId, seq: { lt: beforeSeq } },
        select: { eventId: true, type: true, purposeKey: true, createdAt: true },
        orderBy: { seq: 'asc' },
      });
      return rows.map((r) => ({ ...r, type: r.type as CloudEventType }));
    },
  };
}

/** The outbox repository's type. */
export type OutboxRepository = ReturnType<typeof outboxRepository>;
