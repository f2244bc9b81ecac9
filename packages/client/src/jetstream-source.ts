import { steadyNow } from './steady-clock.ts';
import { AssentError } from './assent-error.ts';
import type { EventSource, Follower, SourceSink, StreamNotice, StreamRecord } from './event-source.ts';

/** The stream the server publishes every event to (contract: subjects assent.>). */
export const STREAM = 'ASSENT';
/**
 * A follower's ping (request and reply, `{ t }` with this process's clock): the server answers it after its next read
 * that began after the ping came and found nothing left to publish, with `{ t, streamSequence }`.
 */
export const HEARTBEAT_PING_SUBJECT = 'assent-heartbeat-ping';

/** How long a ping's answer is waited for: a late answer still counts, as of its ping. */
const PING_ANSWER_WAIT_MS = 30_000;
/** Answers a follower still behind their sequence keeps, oldest dropped first. */
const MAX_WAITING = 256;

interface CloudEvent {
  id: string;
  type: string;
  subject?: string;
  time: string;
  data?: { record?: StreamRecord; notice?: StreamNotice };
}

/**
 * Follows stream ASSENT with ordered consumers (one per snapshot). `nats` is an optional peer
 * dependency, imported only here. Liveness comes from the server, never from NATS alone: a follower is
 * heard as of its ping once it has applied the stream up to the sequence the server's answer names
 * (HEARTBEAT_PING_SUBJECT). A quiet stream with a server that cannot publish (NATS up, the server's link to
 * it down, the dispatcher stopped) is therefore silence, and decisions fail closed after maxStalenessMs.
 */
export async function jetstreamSource(o: {
  natsUrl: string;
  purposes: readonly string[];
  /** How often to ping the server (a third of maxStalenessMs): each answer vouches for the stream as of the ping. */
  pingEveryMs?: number;
}): Promise<EventSource> {
  let nats: typeof import('nats');
  try {
    nats = await import('nats');
  } catch (cause) {
    throw new AssentError(
      'DEPENDENCY_MISSING',
      `source 'jetstream' needs the optional peer dependency nats, which could not be loaded (${(cause as Error)?.message ?? cause}): install it with npm i nats@2.29.3.`,
      { cause },
    );
  }
  let nc: import('nats').NatsConnection;
  try {
    nc = await nats.connect({
      servers: o.natsUrl,
      name: 'assent-local-decisions',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      timeout: 5000,
    });
  } catch (cause) {
    throw new AssentError('NETWORK_ERROR', `Could not reach NATS at ${o.natsUrl}: ${(cause as Error).message}`, {
      cause,
    });
  }
  const jsm = await nc.jetstreamManager();
  const tracked = new Set(o.purposes);
  const followers = new Set<{ sink: SourceSink; beat: (streamSequence: number, asOf: number) => void }>();
  let down: string | null = null;

  /**
   * Liveness comes only from the server's answers to this process's pings: each is dated by this process's own clock,
   * at the ping, which the server had received before the read its answer vouches for, so an answer held up on its
   * way counts as old as it is (a late answer still counts, as of its ping). The dispatcher's broadcast heartbeats
   * (`assent-heartbeat`, dated by the server's clock and the message's arrival) are not counted: a slow link would make
   * them look fresh. No answer (no dispatcher, NATS permissions, a server older than pings): nothing is vouched for,
   * and decisions fail closed.
   */
  const ping = () => {
    if (down) return;
    const t = steadyNow();
    nc.request(HEARTBEAT_PING_SUBJECT, JSON.stringify({ t }), { timeout: PING_ANSWER_WAIT_MS })
      .then((m) => {
        const a = m.json<{ t?: unknown; streamSequence?: unknown }>();
        if (a.t !== t || typeof a.streamSequence !== 'number' || !Number.isFinite(a.streamSequence)) return;
        for (const f of followers) f.beat(a.streamSequence, t);
      })
      .catch(() => {
        // No answer (no responders, a timeout, NATS down): nothing is vouched for.
      });
  };
  ping();
  const pinger = setInterval(ping, o.pingEveryMs ?? 500);
  (pinger as { unref?: () => void }).unref?.();

  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') down = `NATS connection to ${o.natsUrl} lost; reconnecting`;
      if (s.type === 'reconnect') down = null;
      if (down) for (const f of followers) f.sink.trouble(down);
    }
  })().catch(() => {});

  async function lastSeq(): Promise<number> {
    return (await jsm.streams.info(STREAM)).state.last_seq;
  }

  return {
    kind: 'jetstream',
    async follower(sink: SourceSink): Promise<Follower> {
      let applied = 0;
      let messages: import('nats').ConsumerMessages | null = null;
      let stopped = false;
      /**
       * Answers whose sequence is not applied yet: each counts once the follower reaches it, so one that is always a
       * little behind still hears the ones it has passed. (Usually in rising order; two leaders answering during a
       * hand-over may not be.)
       */
      const waiting: { streamSequence: number; asOf: number }[] = [];
      const entry = {
        sink,
        beat: (streamSequence: number, asOf: number) => {
          if (stopped || down) return;
          if (applied >= streamSequence) sink.heard(asOf);
          else {
            waiting.push({ streamSequence, asOf });
            if (waiting.length > MAX_WAITING) waiting.shift();
          }
        },
      };
      followers.add(entry);

      function onMessage(m: import('nats').JsMsg) {
        applied = m.seq;
        const subject = m.subject;
        if (subject.startsWith('assent.consent.')) {
          const purposeKey = subject.slice('assent.consent.'.length, subject.lastIndexOf('.'));
          // Other purposes' events are skipped without parsing their JSON.
          if (tracked.has(purposeKey)) {
            const record = m.json<CloudEvent>().data?.record;
            if (record) sink.record(record);
          }
        } else if (subject === 'assent.subject.erased') {
          const ev = m.json<CloudEvent>();
          sink.erased(ev.subject ?? ev.data?.record?.subjectId ?? null, Date.parse(ev.time));
        } else if (subject === 'assent.notice.published') {
          const notice = m.json<CloudEvent>().data?.notice;
          if (notice) sink.notice(notice);
        }
        if (waiting.length > 0) {
          let reached = Number.NEGATIVE_INFINITY;
          let kept = 0;
          for (const w of waiting) {
            if (w.streamSequence <= applied) reached = Math.max(reached, w.asOf);
            else waiting[kept++] = w;
          }
          waiting.length = kept;
          if (reached > Number.NEGATIVE_INFINITY) sink.heard(reached);
        }
      }

      return {
        async start(position) {
          // Everything up to the snapshot's position is in the snapshot: count it as applied, or an idle stream
          // (no message after that position) would never look caught up, and start would wait for ever.
          applied = Math.max(applied, position.streamSequence);
          const consumer = await nc
            .jetstream()
            .consumers.get(STREAM, {
              deliver_policy: nats.DeliverPolicy.StartSequence,
              opt_start_seq: position.streamSequence + 1,
            })
            .catch((cause: Error) => {
              throw new AssentError(
                'NOT_FOUND',
                `JetStream stream ${STREAM} is not there (${cause.message}): does the server run with NATS_URL?`,
                { cause },
              );
            });
          const target = await lastSeq();
          messages = await consumer.consume({ callback: onMessage });
          void (async () => {
            for await (const s of await messages!.status()) {
              if (
                s.type === 'heartbeats_missed' ||
                s.type === 'stream_not_found' ||
                s.type === 'no_responders' ||
                s.type === 'consumer_deleted'
              )
                sink.trouble(`JetStream consumer: ${s.type} ${String(s.data)}`);
            }
          })().catch(() => {});
          // Caught up once everything that was in the stream when we started is applied; heard from then on as the
          // server's heartbeats say (above).
          const deadline = steadyNow() + 120_000;
          while (applied < target && !stopped) {
            if (steadyNow() > deadline)
              throw new AssentError(
                'NETWORK_ERROR',
                `JetStream did not deliver up to sequence ${target} within 120 s.`,
              );
            await new Promise((r) => setTimeout(r, 5));
          }
        },
        async close() {
          stopped = true;
          followers.delete(entry);
          await messages?.close().catch(() => {});
        },
      };
    },
    async close() {
      clearInterval(pinger);
      await nc.close().catch(() => {});
    },
  };
}
