import type { Logger } from '../logger.ts';
import type { OutboxMaintenanceRepository } from '../db/outbox-maintenance.repository.ts';

/** The outbox's background upkeep: erasure events scrubbed once delivered, dispatched events pruned past retention. */
export interface OutboxMaintenance {
  /** One pass of both; what it did. */
  runOnce(): Promise<{ scrubbed: number; pruned: number }>;
  /** Runs a pass now and then every `intervalMs`. */
  start(): void;
  stop(): void;
}

const DAY_MS = 86_400_000;

/** Upkeep over the repository, keeping dispatched events for `retentionDays` (ASSENT_OUTBOX_RETENTION_DAYS). */
export function outboxMaintenance(opts: {
  repo: OutboxMaintenanceRepository;
  retentionDays: number;
  logger: Logger;
  now?: () => Date;
  intervalMs?: number;
  /** Called after a pass that scrubbed an erasure event. */
  afterScrub?: () => void;
}): OutboxMaintenance {
  const now = opts.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  const runOnce = async () => {
    const cutoff = new Date(now().getTime() - opts.retentionDays * DAY_MS);
    const scrubbed = await opts.repo.scrubDeliveredErasures(cutoff);
    if (scrubbed) opts.afterScrub?.();
    const pruned = await opts.repo.pruneDispatched(cutoff);
    if (scrubbed || pruned) opts.logger.info({ scrubbed, pruned }, 'outbox upkeep');
    return { scrubbed, pruned };
  };
  const tick = () => {
    if (running) return;
    running = runOnce()
      .catch((err: unknown) => opts.logger.warn({ err }, 'outbox upkeep failed; trying again at the next interval'))
      .finally(() => (running = undefined));
  };
  return {
    runOnce,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, opts.intervalMs ?? 60_000);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
