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

/** The lease a checkpoint maker holds while it makes one (beside 'checkpoint', which says which instance schedules them). */
export const CHECKPOINT_MAKER_LEASE = 'checkpoint-maker';
/** How long the maker's lease lasts if its holder dies mid-way (a checkpoint over 1M subjects takes seconds). */
const MAKER_TTL_MS = 10 * 60_000;
/** How often a maker waiting for the lease asks again. */
const MAKER_RETRY_MS = 250;

/**
 * Makes checkpoints one at a time across every process on the database: each make holds the 'checkpoint-maker' lease
 * (the dispatcher's lease table) from before it reads the newest checkpoint until its row is appended, then gives it
 * up, renewing it every third of its TTL meanwhile (a build over tens of millions of subjects may outlast it). Without
 * it, the scheduler and `pnpm assent checkpoint` (or two instances) could both take the same next seq and mix their
 * heads. A maker that finds the lease held waits up to `waitMs`, then fails saying so.
 */
export function exclusiveCheckpointMaker(opts: {
  make: (o: { onlyIfChanged: boolean }) => Promise<StoredCheckpoint | null>;
  tryLease: (name: string, holder: string, ttlMs: number) => Promise<boolean>;
  releaseLease: (name: string, holder: string) => Promise<void>;
}) {
  return async (o: { onlyIfChanged: boolean; waitMs: number }): Promise<StoredCheckpoint | null> => {
    const holder = randomUUID();
    const until = performance.now() + o.waitMs;
    while (!(await opts.tryLease(CHECKPOINT_MAKER_LEASE, holder, MAKER_TTL_MS))) {
      if (performance.now() >= until)
        throw new Error(
          `another checkpoint is being made (lease '${CHECKPOINT_MAKER_LEASE}' held); waited ${Math.round(o.waitMs / 1000)} s`,
        );
      await new Promise((r) => setTimeout(r, MAKER_RETRY_MS));
    }
    const renew = setInterval(
      () => void opts.tryLease(CHECKPOINT_MAKER_LEASE, holder, MAKER_TTL_MS).catch(() => false),
      MAKER_TTL_MS / 3,
    );
    renew.unref();
    try {
      return await opts.make({ onlyIfChanged: o.onlyIfChanged });
    } finally {
      clearInterval(renew);
      await opts.releaseLease(CHECKPOINT_MAKER_LEASE, holder);
    }
  };
}

/**
 * Makes a checkpoint every `intervalSeconds` when records were added, on one instance at a time: the one holding the
 * 'checkpoint' lease (the dispatcher's lease table). Each make holds the maker's lease too (exclusiveCheckpointMaker),
 * so a `pnpm assent checkpoint` run at the same moment waits for it. Publishes each to `webhookUrl` when set.
 */
export function checkpointScheduler(opts: {
  intervalSeconds: number;
  make: (o: { onlyIfChanged: boolean; waitMs: number }) => Promise<StoredCheckpoint | null>;
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
      // A checkpoint made by hand at this moment is waited for; the next interval makes one if it was not enough.
      const cp = await opts.make({ onlyIfChanged: true, waitMs: opts.intervalSeconds * 500 });
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
