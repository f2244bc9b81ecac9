import type { Env } from '../env.ts';
import type { Logger } from '../logger.ts';
import type { Database } from '../db/client.ts';
import type { HotReads } from '../db/hot-reads.ts';
import type { DispatchWriter } from '../db/dispatch-writer.ts';
import type { OutboxRepository } from '../db/outbox.ts';
import { dispatcherRepository } from '../db/dispatcher.repository.ts';
import { webhookRepository } from '../db/webhook.repository.ts';
import type { CatalogCache } from '../services/catalog.service.ts';
import { webhookService } from '../services/webhook.service.ts';
import { outboxDispatcher } from './dispatcher.ts';
import { parseRetrySchedule } from './delivery-rules.ts';

/** Delivery to downstream systems: the webhook use cases and the outbox dispatcher (not started). */
export function openPropagation(opts: { env: Env; db: Database; hot: HotReads; writer: DispatchWriter; logger: Logger; outbox: OutboxRepository; catalog: CatalogCache }) {
  const { env, db, logger } = opts;
  const webhooks = webhookRepository(db.prisma, db.kind, opts.hot, opts.writer);
  const dispatcher = outboxDispatcher({
    kind: db.kind,
    databaseUrl: db.url,
    logger: logger.child({ component: 'dispatcher' }),
    outbox: opts.outbox,
    webhooks,
    dispatch: dispatcherRepository(db.prisma, db.kind, opts.hot, opts.writer),
    natsUrl: env.NATS_URL,
    retrySchedule: parseRetrySchedule(env.ASSENT_WEBHOOK_RETRY_SCHEDULE),
    disableAfterSeconds: env.ASSENT_WEBHOOK_DISABLE_AFTER_SECONDS,
    leaseTtlMs: env.ASSENT_DISPATCHER_LEASE_SECONDS * 1000,
    leaseRenewMs: env.ASSENT_DISPATCHER_LEASE_SECONDS * 200,
  });
  const service = webhookService({ webhooks, catalog: opts.catalog, onChange: () => dispatcher.notify() });
  return { webhooks, dispatcher, service };
}
