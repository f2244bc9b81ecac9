import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { OutboxRepository } from '../db/outbox.ts';
import type { DispatcherRepository } from '../db/dispatcher.repository.ts';
import { FANOUT_CURSOR, type DueDelivery, type WebhookRepository } from '../db/webhook.repository.ts';
import { afterFailure, natsSubject, SUBJECT_ERASED_EVENT, WEBHOOK_TIMEOUT_MS } from '@assent/core';
import { natsSink, type NatsSink } from './nats-sink.ts';
import { signedHeaders, webhookSender } from './webhook-sender.ts';

const LEASE = 'dispatcher';
const NATS_CURSOR = 'nats';
/** The event type of an erasure. */
const BATCH = 500;
/** A worker woken during a round waits this long before the next, so a burst of commits is one round. */
const COALESCE_MS = 5;
/** How often an idle dispatcher tells NATS followers it has published everything (a heartbeat, nats-sink.ts). */
export const NATS_HEARTBEAT_MS = 250;
/**
 * A follower's ping wakes the NATS worker for a read that answers it, at most this often (however many followers
 * ping); pings between wait for the next such read or the next poll.
 */
const PING_WAKE_MS = 50;
/** How often the dispatcher looks for webhooks that have failed for the whole disable period (disableLongFailing). */
const FAILING_CHECK_MS = 2000;

/** What the dispatcher needs. Timings default to the production values; tests may shorten them. */
export interface DispatcherOptions {
  logger: Logger;
  /**
   * Commits of other instances, where the database can announce them (PostgreSQL's LISTEN, see
   * pg-listener.ts); without it polling every pollMs is the only way to see them.
   */
  listen?: (onNotify: () => void) => WakeupSource;
  outbox: OutboxRepository;
  webhooks: WebhookRepository;
  dispatch: DispatcherRepository;
  /** NATS with JetStream; no NATS sink when unset. */
  natsUrl?: string;
  /** How long stream ASSENT keeps an event (days; the outbox's retention). Unset: as long as the stream is set to. */
  natsMaxAgeDays?: number;
  /** Seconds to wait after each failed attempt; then DEAD. */
  retrySchedule: readonly number[];
  /** Disable a webhook whose attempts have all failed for this long. */
  disableAfterSeconds: number;
  /** Fallback polling when no wake-up signal comes (ms). */
  pollMs?: number;
  /** How often the NATS worker looks when idle: each idle look is a heartbeat to followers (default NATS_HEARTBEAT_MS). */
  natsHeartbeatMs?: number;
  /** The lease lasts this long without renewal (ms); renewed every leaseRenewMs. */
  leaseTtlMs?: number;
  leaseRenewMs?: number;
  /** Webhook attempts in flight at once (each to a different webhook-and-subject, or a replay). */
  concurrency?: number;
  /** An attempt without an answer within this is a failed one (default: the contract's 15 s). */
  timeoutMs?: number;
  /** The lease holder id (default: host/pid/random); a dispatcher thread is given its server's. */
  holder?: string;
  /** Told when this instance gains or loses the lease. */
  onLeadership?: (leader: boolean) => void;
}

/** A lease holder id: which host and process, and which dispatcher in it. */
export const dispatcherHolderId = () => `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;

/**
 * The outbox dispatcher. Every instance runs one; a lease row elects the one that works, and another
 * takes over within the lease's lifetime when it dies. The leader (1) fans committed outbox rows out
 * into webhook deliveries, (2) publishes them to NATS JetStream when configured, and (3) attempts due
 * deliveries, several webhook-and-subject groups at a time. Only committed rows are ever read, so a
 * write that rolled back is never announced; cursors move only after their sink has the rows, so a
 * crash means sending again (at least once), never skipping.
 */
export function outboxDispatcher(o: DispatcherOptions): Dispatcher {
  const { logger, outbox, webhooks, dispatch } = o;
  const pollMs = o.pollMs ?? 1000;
  const leaseTtlMs = o.leaseTtlMs ?? 10_000;
  const leaseRenewMs = o.leaseRenewMs ?? 2000;
  const concurrency = o.concurrency ?? 16;
  const holder = o.holder ?? dispatcherHolderId();
  const sender = webhookSender({ timeoutMs: o.timeoutMs ?? WEBHOOK_TIMEOUT_MS, userAgent: 'Assent-Webhooks/1' });
  /** The NATS worker's waker, woken (at most every PING_WAKE_MS) when a follower's ping comes. */
  let natsWaker: { dirty: boolean; wake?: () => void } | null = null;
  let pingWokeAt = Number.NEGATIVE_INFINITY;
  const wakeForPing = () => {
    const now = performance.now();
    if (!natsWaker || now - pingWokeAt < PING_WAKE_MS) return;
    pingWokeAt = now;
    natsWaker.dirty = true;
    natsWaker.wake?.();
  };
  const nats: NatsSink | null = o.natsUrl
    ? natsSink(o.natsUrl, logger, { maxAgeDays: o.natsMaxAgeDays, onPing: wakeForPing })
    : null;
  const listener = o.listen?.(() => notify()) ?? null;
  const inFlight = new Map<string, Promise<void>>();
  /** Attempts in flight per webhook id. */
  const perWebhook = new Map<string, number>();
  /** The most slots one webhook may hold: a quarter of them stay for the others. */
  const maxPerWebhook = Math.max(1, concurrency - Math.max(1, Math.floor(concurrency / 4)));
  const workers: Promise<void>[] = [];
  const wakers = new Set<{ dirty: boolean; wake?: () => void }>();
  let leaderUntil = 0;
  let wasLeader = false;
  let started = false;
  let stopped = false;
  let leaseTimer: NodeJS.Timeout | undefined;
  let marked: number | null = null;
  /** Where JetStream publishing stands, kept in memory while leader (read from the database when leadership begins). */
  let natsCursor: number | null = null;
  let lastMarkAt = 0;

  const isLeader = () => !stopped && Date.now() < leaderUntil;

  /** Wakes every worker now (a local commit, a NOTIFY from another instance, a finished attempt). */
  function notify() {
    for (const w of wakers) {
      w.dirty = true;
      w.wake?.();
    }
  }

  async function renewLease() {
    const asked = Date.now();
    try {
      const ok = await dispatch.tryAcquireLease(LEASE, holder, leaseTtlMs);
      // Counted from before the request and ended one renewal early, so this instance stops before another may start.
      leaderUntil = ok ? asked + leaseTtlMs - leaseRenewMs : 0;
    } catch (e) {
      logger.warn({ err: e }, 'renewing the dispatcher lease failed');
    }
    const leader = isLeader();
    if (leader !== wasLeader) {
      wasLeader = leader;
      logger.info(
        { holder },
        leader ? 'this instance now dispatches the outbox' : 'this instance no longer dispatches the outbox',
      );
      o.onLeadership?.(leader);
      if (leader) {
        marked = null;
        natsCursor = null;
        notify();
      }
    }
  }

  /** Runs `step` whenever woken (or every pollMs) while leader; a step returning true runs again at once. */
  function worker(name: string, step: () => Promise<boolean>, idleMs = pollMs) {
    const waker: { dirty: boolean; wake?: () => void } = { dirty: true };
    wakers.add(waker);
    if (name === 'nats') natsWaker = waker;
    let failures = 0;
    const run = async () => {
      while (!stopped) {
        let more = false;
        if (isLeader()) {
          try {
            more = await step();
            failures = 0;
          } catch (e) {
            failures += 1;
            // One line for the first failure and then one a minute, not one per poll.
            if (failures === 1 || failures % 60 === 0)
              logger.warn({ err: e, worker: name, failures }, 'dispatcher step failed; retrying');
          }
        }
        if (more && !stopped) continue;
        if (waker.dirty) {
          // Woken while working: go again, but gather a burst of commits into one round first.
          await new Promise((r) => setTimeout(r, COALESCE_MS));
        } else {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, idleMs);
            waker.wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
          waker.wake = undefined;
        }
        waker.dirty = false;
      }
    };
    workers.push(run());
  }

  /** Fans new outbox rows out into deliveries; true while more rows wait. */
  async function fanOut(): Promise<boolean> {
    return (await webhooks.fanOutNext(BATCH, new Date())).more;
  }

  /**
   * Starts due attempts up to the concurrency limit (each finished attempt wakes the worker for more), sharing the
   * slots fairly between webhooks: a webhook that never answers holds each of its slots until the timeout, and must
   * not hold them all. No webhook may take more than `maxPerWebhook` slots, so others always find some free; and
   * while several webhooks have work, none is given more than its even share. A webhook at its share is left out of
   * the query, so its backlog cannot fill the batch and hide the others' due deliveries either.
   */
  async function deliver(): Promise<void> {
    await disableLongFailing();
    const free = concurrency - inFlight.size;
    if (free <= 0) return;
    // A webhook already at its share (counting one more webhook that may be waiting) is left out of the query.
    const shareOf = (webhooksWithWork: number) =>
      Math.min(maxPerWebhook, Math.max(1, Math.ceil(concurrency / Math.max(1, webhooksWithWork))));
    const before = shareOf(perWebhook.size + 1);
    const full = [...perWebhook].filter(([, n]) => n >= before).map(([id]) => id);
    const due = await webhooks.listDue(new Date(), free, [...inFlight.keys()], full);
    const share = shareOf(new Set([...perWebhook.keys(), ...due.map((d) => d.webhookId)]).size);
    for (const d of due) {
      const n = perWebhook.get(d.webhookId) ?? 0;
      if (n >= share) continue;
      perWebhook.set(d.webhookId, n + 1);
      inFlight.set(
        d.id,
        attempt(d).finally(() => {
          inFlight.delete(d.id);
          const left = (perWebhook.get(d.webhookId) ?? 1) - 1;
          if (left > 0) perWebhook.set(d.webhookId, left);
          else perWebhook.delete(d.webhookId);
          notify();
        }),
      );
    }
  }

  /**
   * Every few seconds: webhooks whose deliveries have all failed for the disable period are DISABLED even while no
   * attempt is due (a failed attempt checks it too, but retries come further and further apart).
   */
  let lastFailingCheck = 0;
  async function disableLongFailing(): Promise<void> {
    if (Date.now() - lastFailingCheck < FAILING_CHECK_MS) return;
    lastFailingCheck = Date.now();
    for (const w of await webhooks.disableLongFailing(new Date(), o.disableAfterSeconds))
      logger.warn({ webhookId: w.id, reason: w.reason }, 'webhook disabled');
  }

  async function attempt(d: DueDelivery): Promise<void> {
    const at = new Date();
    const result = await sender.post(d.url, signedHeaders(d.secrets, d.eventId, d.body, at), d.body);
    const ok = result.status !== null && result.status >= 200 && result.status < 300;
    const next = ok
      ? { status: 'SUCCEEDED' as const, nextAttemptAt: null }
      : afterFailure(d.attempts + 1, o.retrySchedule, new Date());
    try {
      const r = await webhooks.recordAttempt(d, {
        at,
        responseStatus: result.status,
        ...next,
        gone: result.status === 410,
        disableAfterSeconds: o.disableAfterSeconds,
      });
      if (!ok) {
        const info = {
          webhookId: d.webhookId,
          eventId: d.eventId,
          deliveryId: d.id,
          attempt: d.attempts + 1,
          status: result.status,
          error: result.error,
        };
        if (next.status === 'DEAD')
          logger.warn(info, 'webhook delivery is DEAD after its last attempt; replayWebhookDeliveries brings it again');
        else logger.info({ ...info, nextAttemptAt: next.nextAttemptAt }, 'webhook delivery failed; will retry');
      }
      if (r.disabledReason) logger.warn({ webhookId: d.webhookId, reason: r.disabledReason }, 'webhook disabled');
    } catch (e) {
      // The attempt stays due, so it is sent again: at least once.
      logger.error({ err: e, deliveryId: d.id }, 'recording a webhook attempt failed');
    }
  }

  /** Publishes new outbox rows to JetStream; true while more rows wait. */
  async function publishToNats(): Promise<boolean> {
    if (!nats) return false;
    nats.start();
    if (!nats.ready()) return false;
    // Only the leader moves this cursor, so between leaderships the copy in memory is the truth.
    natsCursor ??= await dispatch.cursor(NATS_CURSOR);
    // Taken before the read: a row committed before it is in these rows or was published earlier. (And on this
    // thread's monotonic clock, which the answer to a follower's ping is judged by.)
    const readAt = new Date();
    const readMono = performance.now();
    const rows = await outbox.listAfter(natsCursor, BATCH);
    if (rows.length === 0) {
      await nats.heartbeat(readAt, readMono);
      return false;
    }
    const acked = await nats.publish(rows);
    await dispatch.advanceCursor(NATS_CURSOR, acked);
    natsCursor = acked;
    for (const row of rows)
      if (row.seq <= acked && row.type === SUBJECT_ERASED_EVENT && row.subjectId)
        void forgetInStream(nats, row.subjectId, row.seq);
    const allAcked = acked === rows.at(-1)!.seq;
    // Drained: every row committed before readAt is in the stream.
    if (allAcked && rows.length < BATCH) await nats.heartbeat(readAt, readMono);
    return allAcked && rows.length === BATCH;
  }

  /**
   * Once an erasure event is in the stream, the subject's earlier events leave it (they name the subject; its outbox
   * copies were scrubbed at erasure, and are filed under its pseudonym since). Best effort: what is not found or fails
   * ages out with the stream's max_age (the outbox retention).
   */
  async function forgetInStream(sink: NatsSink, pseudonym: string, erasureSeq: number): Promise<void> {
    try {
      const earlier = await outbox.eventsOf(pseudonym, erasureSeq);
      const deleted = await sink.forget(
        earlier.map((e) => ({ eventId: e.eventId, subject: natsSubject(e), createdAt: e.createdAt })),
      );
      logger.info({ events: earlier.length, deleted }, "an erased subject's earlier events deleted from the stream");
    } catch (err) {
      logger.warn({ err }, "could not delete an erased subject's earlier events from the stream; they age out with it");
    }
  }

  /** Stamps OutboxEvent.dispatchedAt up to where every sink has passed (at most once a second, a bounded range). */
  async function markDispatched(): Promise<void> {
    if (Date.now() - lastMarkAt < 1000) return;
    lastMarkAt = Date.now();
    const upTo = Math.min(await dispatch.cursor(FANOUT_CURSOR), nats ? await dispatch.cursor(NATS_CURSOR) : Infinity);
    marked ??= await dispatch.dispatchedUpTo();
    if (upTo <= marked) return;
    const to = Math.min(upTo, marked + 5000);
    await dispatch.markDispatched(marked, to, new Date());
    marked = to;
  }

  return {
    /** This instance's lease holder id. */
    holder,
    /** True while this instance holds the lease. */
    isLeader,
    /** Wakes the dispatcher (called after a local commit). */
    notify,
    /** Starts competing for the lease and working while it holds it. */
    async start(): Promise<void> {
      if (started) return;
      started = true;
      await dispatch.ensureCursor(FANOUT_CURSOR);
      if (nats) await dispatch.ensureCursor(NATS_CURSOR);
      await renewLease();
      leaseTimer = setInterval(() => void renewLease(), leaseRenewMs);
      leaseTimer.unref();
      await listener?.start();
      worker('webhooks', async () => {
        const more = await fanOut();
        await deliver();
        await markDispatched();
        return more;
      });
      // Polled more often than the others: each idle pass is a heartbeat (nats-sink.ts), and followers go STALE after
      // maxStalenessMs without one.
      if (nats) worker('nats', publishToNats, o.natsHeartbeatMs ?? NATS_HEARTBEAT_MS);
    },
    /** Stops: lets attempts in flight finish (up to 5 s), then gives the lease up for another instance. */
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      if (leaseTimer) clearInterval(leaseTimer);
      notify();
      const grace = new Promise((r) => setTimeout(r, 5000).unref());
      await Promise.race([Promise.allSettled([...workers, ...inFlight.values()]), grace]);
      if (started) await dispatch.releaseLease(LEASE, holder).catch(() => {});
      await Promise.allSettled([nats?.stop(), listener?.stop()]);
      sender.close();
    },
  };
}

/** Wake-ups from outside this process (started with the dispatcher, stopped with it). */
export interface WakeupSource {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What the rest of the server sees of a dispatcher, whether it runs in the server's event loop or in a thread of its own. */
export interface Dispatcher {
  /** This instance's lease holder id. */
  readonly holder: string;
  /** True while this instance holds the lease. */
  isLeader(): boolean;
  /** Wakes the dispatcher (called after a local commit). */
  notify(): void;
  /** Starts competing for the lease and working while it holds it. */
  start(): Promise<void>;
  /** Stops: lets attempts in flight finish (up to 5 s), then gives the lease up for another instance. */
  stop(): Promise<void>;
}
