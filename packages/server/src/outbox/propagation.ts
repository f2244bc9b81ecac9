import { sqlitePath, type Env } from '../env.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../db/client.ts';
import type { HotReads } from '../db/hot-reads.ts';
import type { DispatchWriter } from '../db/dispatch-writer.ts';
import type { OutboxRepository } from '../db/outbox.ts';
import { dispatcherRepository } from '../db/dispatcher.repository.ts';
import { webhookRepository, type WebhookRepository } from '../db/webhook.repository.ts';
import type { CatalogCache } from '../services/catalog.service.ts';
import { webhookService } from '../services/webhook.service.ts';
import { outboxDispatcher, type Dispatcher } from './dispatcher.ts';
import { dispatcherThread } from './dispatcher-thread.ts';
import { parseRetrySchedule } from './delivery-rules.ts';

/** What the dispatcher's data layer is made of, in whichever thread it runs. */
export interface DispatcherParts { db: Database; hot: HotReads; writer: DispatchWriter; outbox: OutboxRepository; webhooks: WebhookRepository }

/** The dispatcher over `parts`, configured from the environment, working in the calling thread. */
export function inlineDispatcher(env: Env, parts: DispatcherParts, logger: Logger, extra: { holder?: string; onLeadership?: (leader: boolean) => void } = {}): Dispatcher {
  const { db } = parts;
  return outboxDispatcher({
    kind: db.kind,
    databaseUrl: db.url,
    logger,
    outbox: parts.outbox,
    webhooks: parts.webhooks,
    dispatch: dispatcherRepository(db.prisma, db.kind, parts.hot, parts.writer),
    natsUrl: env.NATS_URL,
    retrySchedule: parseRetrySchedule(env.ASSENT_WEBHOOK_RETRY_SCHEDULE),
    disableAfterSeconds: env.ASSENT_WEBHOOK_DISABLE_AFTER_SECONDS,
    leaseTtlMs: env.ASSENT_DISPATCHER_LEASE_SECONDS * 1000,
    leaseRenewMs: env.ASSENT_DISPATCHER_LEASE_SECONDS * 200,
    ...extra,
  });
}

/**
 * Delivery to downstream systems: the webhook use cases and the outbox dispatcher (not started).
 * The dispatcher works in a thread of its own unless ASSENT_DISPATCHER=inline (or the database is
 * SQLite in memory, which another connection cannot open), or `inline` is asked (`pnpm assent
 * dispatcher`, whose process does nothing else).
 */
export function openPropagation(opts: { env: Env; db: Database; hot: HotReads; writer: DispatchWriter; logger: Logger; outbox: OutboxRepository; catalog: CatalogCache; inline?: boolean }) {
  const { env, db, logger } = opts;
  const webhooks = webhookRepository(db.prisma, db.kind, opts.hot, opts.writer);
  const inMemory = db.kind === 'sqlite' && sqlitePath(db.url) === ':memory:';
  const threaded = !opts.inline && !inMemory && (env.ASSENT_DISPATCHER === 'thread' || env.ASSENT_DISPATCHER === 'on');
  const dispatcher = threaded
    ? dispatcherThread(env, logger)
    : inlineDispatcher(env, { db, hot: opts.hot, writer: opts.writer, outbox: opts.outbox, webhooks }, logger.child({ component: 'dispatcher' }));
  const service = webhookService({ webhooks, catalog: opts.catalog, onChange: () => dispatcher.notify() });
  return { webhooks, dispatcher, service };
}
