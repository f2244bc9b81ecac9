import {
  connect,
  DeliverPolicy,
  headers as natsHeaders,
  nanos,
  StorageType,
  type JetStreamClient,
  type Msg,
  type NatsConnection,
} from 'nats';
import type { Logger } from '../logger.ts';
import type { OutboxRow } from '../db/outbox.ts';
import { natsSubject } from '@assent/core';

/** The stream every event goes to (subjects assent.>, file storage). */
export const STREAM = 'ASSENT';
/**
 * The core NATS subject of the dispatcher's heartbeats, outside the stream's assent.> (not stored): JSON
 * `{ "at": ISO time, "sentAt": ISO time, "streamSequence": n }`, sent after a pass found nothing left to publish. It vouches that every
 * event committed before `at` is in stream ASSENT at or below `streamSequence`: a follower that has applied that far
 * knew everything as of `at` (the client's local decider counts only these as heard, so it goes STALE when the
 * server cannot publish, not only when NATS is silent).
 */
export const HEARTBEAT_SUBJECT = 'assent-heartbeat';
/**
 * A follower's request to be vouched for (core NATS, request and reply): payload `{ "t": n }`, its own clock. The
 * dispatcher answers it after its next read that began after the request came and found nothing left to publish,
 * with `{ "t": n, "streamSequence": n }`: every event committed before the follower's t is in the stream at or below
 * streamSequence, whatever the two clocks say and however long the answer took to arrive.
 */
export const HEARTBEAT_PING_SUBJECT = 'assent-heartbeat-ping';
/** Pings waiting for a read at most; older pings than PING_TTL_MS are dropped (their followers have asked again). */
const MAX_PINGS = 10_000;
const PING_TTL_MS = 10_000;
/** An event published earlier whose message is to leave the stream (an erased subject's). */
export interface PublishedEvent {
  eventId: string;
  /** Its NATS subject (core's natsSubject). */
  subject: string;
  /** When its outbox row was written: it was published at or after that. */
  createdAt: Date;
}
/** How many messages of an event's NATS subject `forget` reads past its outbox time looking for it. */
const FORGET_SCAN_LIMIT = 10_000;

/** Messages in flight at once while catching up (JetStream keeps their order on one connection). */
const PIPELINE = 64;

/**
 * Publishes outbox rows to NATS JetStream. Connects in the background and keeps reconnecting for as
 * long as the server runs, so an unreachable NATS never stops the server: `publish` just fails until
 * it is back, and the caller keeps the rows (its cursor does not move).
 */
export function natsSink(
  url: string,
  logger: Logger,
  opts: {
    maxAgeDays?: number;
    /** Told when a follower's ping comes, so that a read answers it soon (the dispatcher wakes its NATS worker). */
    onPing?: () => void;
  } = {},
) {
  // Events (which name their subject) are kept no longer than the outbox keeps them: an erased subject's earlier
  // events leave the stream with the retention too (README, "Erasure"), and replay is bounded alike.
  const maxAge = opts.maxAgeDays ? nanos(opts.maxAgeDays * 86_400_000) : 0;
  let nc: NatsConnection | null = null;
  let js: JetStreamClient | null = null;
  let connecting: Promise<void> | null = null;
  let stopped = false;
  let failures = 0;
  /** Pings received, oldest first, each answered by the first heartbeat whose read began after it came. */
  let pings: { msg: Msg; t: number; receivedAt: number }[] = [];

  function listenForPings(conn: NatsConnection) {
    const sub = conn.subscribe(HEARTBEAT_PING_SUBJECT);
    void (async () => {
      for await (const msg of sub) {
        let t: unknown;
        try {
          t = (msg.json() as { t?: unknown }).t;
        } catch {
          continue;
        }
        if (typeof t !== 'number' || !Number.isFinite(t) || !msg.reply) continue;
        const receivedAt = performance.now();
        // An instance that is not the dispatcher's leader never answers: what it holds ages out here.
        while (pings.length > 0 && (pings.length >= MAX_PINGS || receivedAt - pings[0]!.receivedAt > PING_TTL_MS))
          pings.shift();
        pings.push({ msg, t, receivedAt });
        opts.onPing?.();
      }
    })().catch((err: unknown) => {
      // Deciders hear the server only through answers: without them they all stay STALE.
      if (!stopped)
        logger.error(
          { err, subject: HEARTBEAT_PING_SUBJECT },
          "cannot receive followers' pings (NATS permissions?): local deciders will fail closed (STALE)",
        );
    });
  }

  async function ensureStream(conn: NatsConnection) {
    const jsm = await conn.jetstreamManager();
    const config = await jsm.streams.info(STREAM).then(
      (i) => i.config,
      () => null,
    );
    if (config) {
      // Stream ASSENT is Assent's: its age limit follows the retention (a stream made before it had none).
      if (maxAge && config.max_age !== maxAge)
        await jsm.streams
          .update(STREAM, { ...config, max_age: maxAge })
          .then(() =>
            logger.info(
              { stream: STREAM, maxAgeDays: opts.maxAgeDays },
              'stream ASSENT keeps events as long as the outbox',
            ),
          )
          .catch((err: unknown) => logger.warn({ err, stream: STREAM }, 'could not limit the age of stream ASSENT'));
      return;
    }
    try {
      await jsm.streams.add({ name: STREAM, subjects: ['assent.>'], storage: StorageType.File, max_age: maxAge });
      logger.info({ stream: STREAM }, 'created the JetStream stream');
    } catch (e) {
      // Another instance may have created it in the meantime.
      await jsm.streams.info(STREAM).catch(() => Promise.reject(e));
    }
  }

  function startConnecting() {
    connecting ??= (async () => {
      while (!stopped) {
        let conn: NatsConnection | null = null;
        try {
          // Fails fast while NATS is down (this loop retries); once connected the client reconnects by itself.
          conn = await connect({
            servers: url,
            name: 'assent-dispatcher',
            maxReconnectAttempts: -1,
            reconnectTimeWait: 1000,
            timeout: 5000,
          });
          if (stopped) return void (await conn.close());
          await ensureStream(conn);
          nc = conn;
          js = conn.jetstream();
          listenForPings(conn);
          logger.info({ url }, 'connected to NATS');
          void (async () => {
            for await (const s of conn.status()) {
              if (s.type === 'disconnect')
                logger.warn({ url }, 'NATS connection lost; events stay in the outbox until it is back');
              if (s.type === 'reconnect') logger.info({ url }, 'reconnected to NATS');
            }
          })().catch(() => {});
          return;
        } catch (e) {
          await conn?.close().catch(() => {});
          failures += 1;
          // One line at first and then one a minute, not one per retry.
          if (failures === 1 || failures % 30 === 0)
            logger.warn({ err: e, url, failures }, 'cannot reach NATS JetStream; events stay in the outbox; retrying');
          for (let i = 0; i < 20 && !stopped; i++) await new Promise((r) => setTimeout(r, 100));
        }
      }
    })().finally(() => {
      if (!js) connecting = null;
    });
  }

  return {
    /** True once connected (the client reconnects by itself afterwards). */
    ready: () => js !== null && nc !== null && !nc.isClosed(),
    /** Starts connecting in the background (idempotent). */
    start: startConnecting,
    /**
     * Tells followers that every event committed before `at` is in the stream (HEARTBEAT_SUBJECT), at or below the
     * stream's last sequence read now (an upper bound: messages are only ever added). The caller found the outbox
     * drained by a read that began at `at` (`atMono` on performance.now()), after every earlier row was acknowledged.
     */
    async heartbeat(at: Date, atMono: number): Promise<void> {
      const conn = nc;
      if (!conn || !js || conn.isClosed()) throw new Error('NATS is not connected');
      const jsm = await conn.jetstreamManager();
      // A request and its answer: the connection is up right now, so the message below is not one buffered during an
      // outage and delivered late.
      const streamSequence = (await jsm.streams.info(STREAM)).state.last_seq;
      // sentAt - at is how long ago, on this server's clock, the read was: a follower counts the heartbeat as of that
      // long before it arrived (its own clock), not as of its arrival.
      conn.publish(
        HEARTBEAT_SUBJECT,
        JSON.stringify({ at: at.toISOString(), sentAt: new Date().toISOString(), streamSequence }),
      );
      // Each ping that came before the read began is answered: its follower sent it before the read. (Both instants on
      // performance.now(), so that a step of the wall clock cannot answer a ping from a read that began before it.)
      const now = performance.now();
      const waiting: typeof pings = [];
      for (const p of pings) {
        if (p.receivedAt <= atMono) p.msg.respond(JSON.stringify({ t: p.t, streamSequence }));
        else if (now - p.receivedAt < PING_TTL_MS) waiting.push(p);
      }
      pings = waiting;
    },
    /**
     * Publishes rows in order, each with Nats-Msg-Id = event id (JetStream drops a re-sent one as a
     * duplicate). Resolves with the seq of the last row acknowledged; throws when nothing was.
     */
    async publish(rows: OutboxRow[]): Promise<number> {
      if (!js) throw new Error('NATS is not connected');
      const client = js;
      const enc = new TextEncoder();
      let acked = 0;
      for (let i = 0; i < rows.length; i += PIPELINE) {
        const chunk = rows.slice(i, i + PIPELINE);
        const results = await Promise.allSettled(
          chunk.map((row) => {
            const h = natsHeaders();
            h.set('Content-Type', 'application/cloudevents+json');
            return client.publish(natsSubject(row), enc.encode(JSON.stringify(row.event)), {
              msgID: row.eventId,
              headers: h,
              timeout: 5000,
            });
          }),
        );
        // Only a prefix of acknowledged rows may move the cursor.
        for (let j = 0; j < chunk.length; j++) {
          const r = results[j]!;
          if (r.status === 'rejected') {
            if (acked === 0) throw r.reason;
            return acked;
          }
          acked = chunk[j]!.seq;
        }
      }
      return acked;
    },
    /**
     * Deletes these events' messages from the stream, overwriting them (JetStream's secure erase): an erased subject's
     * earlier events, which name it. Each is found from its outbox time on, among the messages of its own NATS subject,
     * by its Nats-Msg-Id. Returns how many were deleted; one not found (aged out, or never published) is skipped.
     */
    async forget(events: readonly PublishedEvent[]): Promise<number> {
      if (!js || !nc) throw new Error('NATS is not connected');
      const jsm = await nc.jetstreamManager();
      let deleted = 0;
      for (const e of events) {
        const consumer = await js.consumers.get(STREAM, {
          filterSubjects: e.subject,
          deliver_policy: DeliverPolicy.StartTime,
          // A second early: the outbox's clock and the stream's may differ a little.
          opt_start_time: new Date(e.createdAt.getTime() - 1000).toISOString(),
        });
        try {
          for (let i = 0; i < FORGET_SCAN_LIMIT; i++) {
            const m = await consumer.next({ expires: 1000 });
            if (!m) break;
            if (m.headers?.get('Nats-Msg-Id') !== e.eventId) continue;
            if (await jsm.streams.deleteMessage(STREAM, m.seq, true)) deleted++;
            break;
          }
        } finally {
          await consumer.delete().catch(() => {});
        }
      }
      return deleted;
    },
    async stop() {
      stopped = true;
      const conn = nc;
      nc = null;
      js = null;
      if (conn) await conn.close().catch(() => {});
    },
  };
}

/** The NATS sink's type. */
export type NatsSink = ReturnType<typeof natsSink>;
