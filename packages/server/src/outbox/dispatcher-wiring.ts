import type { KeyEncryption } from '../crypto/key-encryption.ts';
import { openKeyEncryption } from '../crypto/open-key-encryption.ts';
import { webhookSecretBox } from '../crypto/webhook-secrets.ts';
import { parseRetrySchedule } from '@assent/core';
import type { Env } from '../env.ts';
import type { Logger } from '../logger.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { openHotReads, type HotReads } from '../db/hot-reads.ts';
import { openDispatchWriter, type DispatchWriter } from '../db/dispatch-writer.ts';
import { logPoolError } from '../db/raw.ts';
import { outboxRepository, type OutboxRepository } from '../db/outbox.ts';
import { dispatcherRepository } from '../db/dispatcher.repository.ts';
import { webhookRepository, type WebhookRepository } from '../db/webhook.repository.ts';
import { outboxDispatcher, type Dispatcher } from './dispatcher.ts';
import { pgOutboxListener } from './pg-listener.ts';

// How the dispatcher is wired, once, for both places it runs: beside the server's use cases
// (composition-root.ts) and alone in its worker thread (dispatcher-worker.ts).

/** What the dispatcher's data layer is made of, in whichever thread it runs. */
export interface DispatcherData {
  db: Database;
  hot: HotReads;
  writer: DispatchWriter;
  outbox: OutboxRepository;
  webhooks: WebhookRepository;
  /** Closes the readers, the writer and the database. */
  close(): Promise<void>;
}

/** Opens the database with the readers, writer and repositories the dispatcher (and the server beside it) use. */
export async function openDispatcherData(
  env: Env,
  logger: Logger,
  opts: { poolSize?: number; kek?: KeyEncryption } = {},
): Promise<DispatcherData> {
  const onPoolError = logPoolError(logger);
  // The dispatcher thread opens webhook secrets to sign deliveries: it loads the same KEK the server does.
  const kek = opts.kek ?? openKeyEncryption(env, logger);
  const db = await openDatabase(env.DATABASE_URL, opts);
  const hot = openHotReads(db.kind, env.DATABASE_URL, onPoolError);
  const writer = openDispatchWriter(db, onPoolError);
  return {
    db,
    hot,
    writer,
    outbox: outboxRepository(db.prisma, hot),
    webhooks: webhookRepository(db.prisma, hot, writer, webhookSecretBox(kek)),
    async close() {
      await Promise.allSettled([hot.close(), writer.close()]);
      await db.close();
    },
  };
}

/** The dispatcher over `data`, configured from the environment, working in the calling thread. */
export function inlineDispatcher(
  env: Env,
  data: DispatcherData,
  logger: Logger,
  extra: { holder?: string; onLeadership?: (leader: boolean) => void } = {},
): Dispatcher {
  const { db } = data;
  return outboxDispatcher({
    logger,
    // PostgreSQL announces other instances' commits (LISTEN/NOTIFY); SQLite is one machine, polled.
    listen: db.kind === 'postgres' ? (onNotify) => pgOutboxListener(db.url, logger, onNotify) : undefined,
    outbox: data.outbox,
    webhooks: data.webhooks,
    dispatch: dispatcherRepository(db.prisma, db.kind, data.hot, data.writer),
    natsUrl: env.NATS_URL,
    natsMaxAgeDays: env.ASSENT_OUTBOX_RETENTION_DAYS,
    retrySchedule: parseRetrySchedule(env.ASSENT_WEBHOOK_RETRY_SCHEDULE),
    disableAfterSeconds: env.ASSENT_WEBHOOK_DISABLE_AFTER_SECONDS,
    timeoutMs: env.ASSENT_WEBHOOK_TIMEOUT_MS,
    leaseTtlMs: env.ASSENT_DISPATCHER_LEASE_SECONDS * 1000,
    leaseRenewMs: env.ASSENT_DISPATCHER_LEASE_SECONDS * 200,
    ...extra,
  });
}
