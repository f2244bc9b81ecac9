import { randomUUID } from 'node:crypto';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { Logger } from '../logger.ts';

/** How long the outside URL of ASSENT_CHECKPOINT_WEBHOOK may take to answer. */
const PUBLISH_TIMEOUT_MS = 15_000;

/** The body POSTed to ASSENT_CHECKPOINT_WEBHOOK: the signed statement and its JWS. */
export function checkpointDocument(cp: StoredCheckpoint) {
  return { id: cp.id, at: cp.at.toISOString(), records: cp.records, subjects: cp.subjects, root: cp.root, jws: cp.jws };
}

/** POSTs a checkpoint to an outside URL (a transparency log, a second organisation); throws unless it answers 2xx. */
export async function publishCheckpoint(url: string, cp: StoredCheckpoint): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(checkpointDocument(cp)),
    signal: AbortSignal.timeout(PUBLISH_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
}

/**
 * Makes a checkpoint every `intervalSeconds` when records were added, on one instance at a time: the one holding the
 * 'checkpoint' lease (the dispatcher's lease table). Publishes each to `webhookUrl` when set.
 */
export function checkpointScheduler(opts: {
  intervalSeconds: number;
  make: (o: { onlyIfChanged: boolean }) => Promise<StoredCheckpoint | null>;
  tryLease: (name: string, holder: string, ttlMs: number) => Promise<boolean>;
  webhookUrl?: string | undefined;
  logger: Logger;
}) {
  const holder = randomUUID();
  const ttlMs = opts.intervalSeconds * 2000 + 10_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const tick = async () => {
    try {
      if (!(await opts.tryLease('checkpoint', holder, ttlMs))) return;
      const started = performance.now();
      const cp = await opts.make({ onlyIfChanged: true });
      if (!cp) return;
      opts.logger.info(
        { id: cp.id, subjects: cp.subjects, records: cp.records, ms: Math.round(performance.now() - started) },
        'ledger checkpoint signed',
      );
      if (opts.webhookUrl) await publishCheckpoint(opts.webhookUrl, cp);
    } catch (err) {
      opts.logger.error({ err }, 'making or publishing a ledger checkpoint failed (tried again next interval)');
    }
  };

  return {
    /** Starts the interval (the first checkpoint comes one interval after start). */
    start() {
      timer ??= setInterval(() => {
        running ??= tick().finally(() => (running = null));
      }, opts.intervalSeconds * 1000);
      timer.unref();
    },
    /** Stops the interval and waits for a checkpoint in progress. */
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
