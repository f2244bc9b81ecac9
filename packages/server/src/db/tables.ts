// Names the raw-SQL paths share (ledger-writer.ts, dispatch-writer.ts, outbox.ts, hot-reads.ts,
// migrate.ts and the bench's raw baseline and seeder), written once so they cannot drift apart.

/** PostgreSQL advisory lock held while migrations run, so instances starting together apply each once (session lock). */
export const MIGRATION_LOCK = 72760001;
/** PostgreSQL advisory lock taken just before an outbox insert and held to commit: outbox seq order is commit order (see outbox.ts). */
export const OUTBOX_ORDER_LOCK = 72760002;
/**
 * PostgreSQL advisory lock class for "the delivery order of one (webhook, subject) group", the second
 * key being hashtext(orderLockKey(...)) (see dispatch-writer.ts).
 */
export const DELIVERY_ORDER_LOCK = 72760003;

/** ConsentRecord's columns in the order every raw insert binds them. */
export const RECORD_COLUMNS = `"id", "subjectId", "seq", "purposeKey", "action", "noticeVersionId", "noticeVersion", "channel", "method", "actorKind", "actorId", "evidence", "occurredAt", "recordedAt", "hash", "previousHash"`;
/**
 * ConsentRecord's columns as the ledger writer binds them (1.1: RECORD_COLUMNS and the locale). The bench's seeder and
 * raw baseline bind RECORD_COLUMNS only: their records carry no locale, as every record before 1.1.
 */
export const RECORD_COLUMNS_WITH_LOCALE = `${RECORD_COLUMNS}, "locale"`;
/** ConsentRecord's columns as the ledger writer binds them since #16: the locale and the protection columns. */
export const RECORD_COLUMNS_PROTECTED = `${RECORD_COLUMNS_WITH_LOCALE}, "hashVersion", "sealed", "legacyHash"`;
/** ConsentState's (the projection's) columns in the order every raw insert and read binds them. */
export const STATE_COLUMNS = `"subjectId", "purposeKey", "recordId", "action", "noticeVersion", "occurredAt", "recordedAt"`;
/** How an upsert of the projection moves an existing row to the record inserted (the columns after STATE_COLUMNS' key). */
export const STATE_ON_CONFLICT = `ON CONFLICT ("subjectId", "purposeKey") DO UPDATE SET "recordId" = excluded."recordId", "action" = excluded."action", "noticeVersion" = excluded."noticeVersion", "occurredAt" = excluded."occurredAt", "recordedAt" = excluded."recordedAt"`;
/** ConsentImport's columns as the ledger writer inserts an imported row's key beside its record. */
export const IMPORT_COLUMNS = `"importId", "recordId"`;
/** OutboxEvent's columns as a new row is written (seq is assigned by the database; dispatchedAt comes later). */
export const OUTBOX_COLUMNS = `"eventId", "type", "subjectId", "purposeKey", "recordId", "payload", "createdAt"`;
/** WebhookDelivery's columns as the fan-out inserts a delivery. */
export const DELIVERY_COLUMNS = `"id", "webhookId", "outboxSeq", "eventId", "eventType", "subjectId", "status", "attempts", "nextAttemptAt", "createdAt", "replay"`;

/** `?, ?, …` (SQLite) for n parameters. */
export const sqliteParams = (n: number) => Array(n).fill('?').join(', ');
/** `$1, $2, …` (PostgreSQL) for n parameters. */
export const pgParams = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');
