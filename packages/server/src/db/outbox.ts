import { randomUUID } from 'node:crypto';
import type { ConsentRecord, LegalBasis, NoticeVersion } from '@assent/core';
import type { Db, DbKind } from './client.ts';
import type { HotReads } from './hot-reads.ts';

/** CloudEvents 1.0 types of the contract. */
export type CloudEventType = 'assent.consent.granted' | 'assent.consent.withdrawn' | 'assent.notice.published';

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
  };
}

/** The outbox entry announcing a consent record. */
export function consentEvent(r: ConsentRecord, purpose: { key: string; legalBasis: LegalBasis }): OutboxEntry {
  return {
    event: {
      specversion: '1.0',
      id: randomUUID(),
      source: 'assent',
      type: r.action === 'GRANT' ? 'assent.consent.granted' : 'assent.consent.withdrawn',
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

/** The outbox entry announcing a notice version. */
export function noticeEvent(n: NoticeVersion): OutboxEntry {
  return {
    event: {
      specversion: '1.0',
      id: randomUUID(),
      source: 'assent',
      type: 'assent.notice.published',
      time: n.publishedAt.toISOString(),
      datacontenttype: 'application/json',
      data: {
        notice: {
          id: n.id, version: n.version, publishedAt: n.publishedAt.toISOString(), effectiveAt: n.effectiveAt.toISOString(),
          summary: n.summary, contentHash: n.contentHash, purposes: n.purposes,
        },
      },
    },
    subjectId: null,
    purposeKey: null,
    recordId: null,
  };
}

/** Writes outbox rows inside the caller's transaction. */
export interface OutboxWriter {
  write(tx: Db, entry: OutboxEntry): Promise<void>;
}

/**
 * On PostgreSQL a transaction-level advisory lock, taken just before the outbox insert and held to
 * commit, makes outbox seq order equal commit order, so readers can follow a simple cursor and never
 * skip a row that commits late. SQLite has one writer, so its order is commit order already.
 */
export function outboxWriter(kind: DbKind): OutboxWriter {
  return {
    async write(tx, { event, subjectId, purposeKey, recordId }) {
      if (kind === 'postgres') await tx.$queryRawUnsafe('SELECT 1 AS ok FROM (SELECT pg_advisory_xact_lock(72760002)) AS l');
      await tx.outboxEvent.create({
        data: { eventId: event.id, type: event.type, subjectId, purposeKey, recordId, payload: event as object, createdAt: new Date() },
      });
    },
  };
}

/** A committed outbox row as readers see it. */
export interface OutboxRow { seq: number; eventId: string; type: CloudEventType; subjectId: string | null; purposeKey: string | null; recordId: string | null; event: AssentCloudEvent }

/** The newest outbox seq (0 when the outbox is empty). */
export async function newestOutboxSeq(prisma: Db): Promise<number> {
  return (await prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
}

/** Reading the committed outbox in commit (seq) order. */
export function outboxRepository(prisma: Db, hot: HotReads) {
  return {
    /** Rows after a cursor, oldest first (a prepared statement: every wake-up of every sink reads here). */
    async listAfter(seq: number, limit = 500): Promise<OutboxRow[]> {
      const rows = await hot.outboxAfter(seq, limit);
      return rows.map((r) => ({ seq: r.seq, eventId: r.eventId, type: r.type as CloudEventType, subjectId: r.subjectId, purposeKey: r.purposeKey, recordId: r.recordId, event: r.payload as AssentCloudEvent }));
    },
    /** The newest seq (0 when empty). */
    maxSeq: (): Promise<number> => newestOutboxSeq(prisma),
    /** How many outbox rows exist. */
    async count(): Promise<number> {
      return prisma.outboxEvent.count();
    },
  };
}

/** The outbox repository's type. */
export type OutboxRepository = ReturnType<typeof outboxRepository>;
