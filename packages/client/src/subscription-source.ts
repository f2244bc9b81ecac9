import { steadyNow } from './steady-clock.ts';
import { createClient, type Client } from 'graphql-ws';
import { AssentError } from './assent-error.ts';
import type { EventSource, Follower, SnapshotPosition, SourceSink, StreamRecord } from './event-source.ts';
import { ConsentStreamDocument, type ConsentStreamSubscription } from './gql/graphql.ts';

/** How long a follower waits for the server to replay up to its first heartbeat. */
const CATCH_UP_MS = 120_000;
/** Waits between attempts to connect or subscribe again: 250 ms doubling up to this (30 s after an auth refusal). */
const MAX_RETRY_MS = 5000;
const MAX_AUTH_RETRY_MS = 30_000;
/** Codes with which the server refuses the caller rather than failing for a moment. */
const REFUSALS: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

type StreamEvent = ConsentStreamSubscription['consentStream'];

/** One follower's subscription to consentStream, subscribed again from where it got to after any interruption. */
interface Tap {
  sink: SourceSink;
  /** The outbox position everything up to which has been applied (an event's, or a heartbeat's). */
  seq: number;
  /** The current subscription (null between subscriptions), and its end. */
  current: object | null;
  unsubscribe: (() => void) | null;
  retries: number;
  retry: ReturnType<typeof setTimeout> | null;
  caughtUp: { resolve: () => void; reject: (e: unknown) => void; done: boolean };
}

const unref = (t: ReturnType<typeof setTimeout>) => (t as { unref?: () => void }).unref?.();
const backoff = (retries: number, max: number) => Math.min(max, 250 * 2 ** retries);

/**
 * Follows the server's consentStream subscription over graphql-ws: one connection, one subscription per follower,
 * each from its snapshot's outbox position. The server replays what it had already read after that position before
 * following new commits, so no event between snapshot and stream is lost however late the subscription reaches it.
 *
 * A follower is heard only through the server's heartbeats (each sent after a read of the outbox that found nothing
 * newer), never through the socket alone: a server whose outbox reads fail falls silent and decisions fail closed. A
 * heartbeat counts as of the newest ping this process had sent (with its own clock) that the server had received
 * before that read, which the heartbeat hands back: no clock needs to agree with the server's, and a heartbeat held up
 * on its way (a congested link, a busy event loop) is counted as old as it is. Whatever interrupts a follower's subscription — a dropped connection, an error the server
 * sends in an event's place or to end it, an end it did not ask for — subscribes it again from the last position it
 * applied (backing off), so nothing is passed by; CONFLICT (the outbox no longer holds what came after that position)
 * is a gap, which loads the snapshot again. A connection the server stops sending on for `silenceMs` is dropped and
 * opened again.
 */
export function subscriptionSource(o: {
  url: string;
  token?: string | undefined;
  webSocketImpl?: unknown;
  purposes: readonly string[];
  keepAliveMs: number;
  /** No message for this long on a connection with followers: it is taken for dead. Default: max(5 s, 9 keep-alives). */
  silenceMs?: number;
}): EventSource {
  const wsUrl = o.url.replace(/^http/, 'ws');
  const tracked = new Set(o.purposes);
  const taps = new Set<Tap>();
  const clients = new Set<Client>();
  const WebSocketImpl = o.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  const silenceMs = o.silenceMs ?? Math.max(5000, 9 * o.keepAliveMs);
  let client: Client | null = null;
  let connected = false;
  let closing = false;
  let retries = 0;
  let lastMessageAt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let opened: Promise<void> | null = null;

  // A connection with followers on which nothing came for silenceMs (a half-open socket) is dropped.
  const watchdog = setInterval(
    () => {
      if (client && connected && taps.size > 0 && steadyNow() - lastMessageAt > silenceMs) {
        for (const t of taps) t.sink.trouble(`nothing came on the subscription for ${silenceMs} ms; reconnecting`);
        client.terminate();
      }
    },
    Math.max(250, Math.floor(silenceMs / 4)),
  );
  unref(watchdog);

  /** Opens a connection (no retries of its own: a drop opens another, whose followers subscribe from their positions). */
  function connect(first?: { resolve: () => void; reject: (e: unknown) => void }) {
    let acked = false;
    let pinger: ReturnType<typeof setInterval> | null = null;
    const stopPinging = () => {
      if (pinger) clearInterval(pinger);
      pinger = null;
    };
    const c = createClient({
      url: wsUrl,
      webSocketImpl: WebSocketImpl,
      connectionParams: o.token ? { authorization: `Bearer ${o.token}` } : {},
      // Its own pings carry no payload: this source sends pings with its clock instead (below).
      keepAlive: 0,
      retryAttempts: 0,
      // graphql-ws retries a normal close (1000) of a connection holding subscriptions by itself; this source decides.
      shouldRetry: () => false,
      lazy: false,
      // Failures reach the decider through each follower's sink, not the console.
      onNonLazyError: () => {},
      on: {
        connected: (socket) => {
          if (client !== c) return;
          // A ping with this process's clock now and every keep-alive: the server hands the newest one it had before a
          // heartbeat's read back with the heartbeat (clientTime), which dates it by this clock.
          const ws = socket as { readyState: number; send(data: string): void };
          const ping = () => {
            if (ws.readyState === 1) ws.send(JSON.stringify({ type: 'ping', payload: { t: steadyNow() } }));
          };
          ping();
          stopPinging();
          pinger = setInterval(ping, o.keepAliveMs);
          unref(pinger);
          acked = true;
          connected = true;
          lastMessageAt = steadyNow();
          first?.resolve();
          for (const t of taps) subscribe(t);
        },
        message: () => {
          if (client === c) lastMessageAt = steadyNow();
        },
        closed: (e) => {
          stopPinging();
          clients.delete(c);
          // Nothing more from this one, whatever it would do by itself (dispose marks it at once, before its own retry).
          void Promise.resolve(c.dispose()).catch(() => {});
          if (client !== c) return;
          connected = false;
          client = null;
          const code = (e as { code?: number })?.code;
          const refused = code === 4401 || code === 4403;
          for (const t of taps) {
            t.current = null;
            t.unsubscribe = null;
            t.sink.trouble(
              refused
                ? `the server refused the connection (${subscriptionError(e).code}); trying again`
                : `the subscription connection closed${code ? ` (${code})` : ''}; reconnecting`,
            );
          }
          if (!acked && first) {
            first.reject(
              refused
                ? subscriptionError(e)
                : new AssentError(
                    'NETWORK_ERROR',
                    `Could not open the subscription at ${wsUrl} (${code ?? 'no code'}).`,
                    {
                      cause: e,
                    },
                  ),
            );
            return;
          }
          if (closing) return;
          reconnectTimer = setTimeout(
            () => {
              reconnectTimer = null;
              if (!closing) connect();
            },
            backoff(retries++, refused ? MAX_AUTH_RETRY_MS : MAX_RETRY_MS),
          );
          unref(reconnectTimer);
        },
      },
    });
    clients.add(c);
    client = c;
  }

  function ensure(): Promise<void> {
    if (opened) return opened;
    if (!WebSocketImpl)
      return Promise.reject(
        new AssentError(
          'NETWORK_ERROR',
          "source 'subscription' needs a WebSocket: pass webSocketImpl (e.g. the ws package) to createAssentClient on Node 20.",
        ),
      );
    opened = new Promise<void>((resolve, reject) => connect({ resolve, reject }));
    opened.catch(() => (opened = null));
    return opened;
  }

  /** Subscribes a tap from its position on the current connection, replacing any earlier subscription of it. */
  function subscribe(t: Tap) {
    if (!client || !connected || !taps.has(t)) return;
    if (t.retry) clearTimeout(t.retry);
    t.retry = null;
    t.unsubscribe?.();
    const mine = {};
    t.current = mine;
    t.unsubscribe = client.subscribe<ConsentStreamSubscription>(
      {
        query: ConsentStreamDocument.toString(),
        variables: { purposeKeys: [...o.purposes], after: t.seq },
      },
      {
        next: (result) => {
          if (t.current !== mine) return;
          // An error in an event's place (or in place of the whole stream): nothing of it is applied, and the stream is
          // taken up again from the last position applied, so the event it stood for is not passed by.
          if (result.errors?.length) return ended(t, mine, subscriptionError(result.errors));
          const ev = result.data?.consentStream;
          if (ev) apply(t, ev, steadyNow());
        },
        error: (e) => {
          // A dropped connection is the connection's to mend (closed, above); the server's errors end here.
          if (Array.isArray(e)) ended(t, mine, subscriptionError(e));
        },
        complete: () => {
          if (connected) ended(t, mine, new AssentError('NETWORK_ERROR', 'The server ended the subscription.'));
        },
      },
    );
  }

  /** A tap's subscription ended without being asked to: refused at the start, a gap, or subscribed again later. */
  function ended(t: Tap, mine: object, failure: AssentError) {
    if (t.current !== mine) return;
    t.current = null;
    const stop = t.unsubscribe;
    t.unsubscribe = null;
    stop?.();
    if (!taps.has(t)) return;
    if (failure.code === 'CONFLICT') {
      t.sink.gap(failure.message);
      return settle(t, failure);
    }
    // Refused while starting (a bad token or role, an unknown purpose, a malformed request): no use asking again. Any
    // other end (a record the server could not read, too far behind) is asked again, while starting too; the catch-up
    // timer bounds a start.
    if (!t.caughtUp.done && failure.code !== 'INTERNAL_SERVER_ERROR' && failure.code !== 'RATE_LIMITED')
      return settle(t, failure);
    t.sink.trouble(`the subscription ended: ${failure.message}; subscribing again`);
    t.retry = setTimeout(
      () => subscribe(t),
      backoff(t.retries++, REFUSALS.has(failure.code) ? MAX_AUTH_RETRY_MS : MAX_RETRY_MS),
    );
    unref(t.retry);
  }

  function apply(t: Tap, ev: StreamEvent, receivedAt: number) {
    if (ev.record) {
      // Sent again after a resubscription that raced the last events: applied already.
      if (ev.outboxSeq <= t.seq) return;
      t.seq = ev.outboxSeq;
      const r = ev.record as StreamRecord;
      if (r.action === 'ERASE') t.sink.erased(r.subjectId, Date.parse(r.recordedAt));
      else if (tracked.has(r.purposeKey)) t.sink.record(r);
      return;
    }
    t.seq = Math.max(t.seq, ev.outboxSeq);
    t.retries = 0;
    retries = 0;
    // Heard as of the ping the server had received before its read: sent by this process at clientTime, so everything
    // committed before then has been applied, however long the heartbeat took to arrive. Without one (the first read
    // after connecting may come before the first ping), caught up but not heard.
    if (typeof ev.clientTime === 'number' && ev.clientTime <= receivedAt) t.sink.heard(ev.clientTime);
    settle(t, null);
  }

  function settle(t: Tap, failure: unknown) {
    if (t.caughtUp.done) return;
    t.caughtUp.done = true;
    if (failure === null) t.caughtUp.resolve();
    else t.caughtUp.reject(failure);
  }

  function release(t: Tap, why: string) {
    taps.delete(t);
    if (t.retry) clearTimeout(t.retry);
    t.retry = null;
    t.current = null;
    t.unsubscribe?.();
    t.unsubscribe = null;
    settle(t, new AssentError('NETWORK_ERROR', why));
  }

  return {
    kind: 'subscription',
    async follower(sink): Promise<Follower> {
      await ensure();
      let tap: Tap | null = null;
      return {
        async start(position: SnapshotPosition) {
          const caughtUp = new Promise<void>((resolve, reject) => {
            tap = {
              sink,
              seq: position.outboxSeq,
              current: null,
              unsubscribe: null,
              retries: 0,
              retry: null,
              caughtUp: { resolve, reject, done: false },
            };
          });
          const t = tap!;
          taps.add(t);
          subscribe(t);
          const timer = setTimeout(
            () =>
              settle(
                t,
                new AssentError(
                  'NETWORK_ERROR',
                  `The subscription did not catch up with the server within ${CATCH_UP_MS / 1000} s.`,
                ),
              ),
            CATCH_UP_MS,
          );
          unref(timer);
          try {
            await caughtUp;
          } catch (e) {
            release(t, 'the follower did not start');
            throw e;
          } finally {
            clearTimeout(timer);
          }
        },
        async close() {
          if (tap) release(tap, 'the follower was closed before it caught up');
        },
      };
    },
    async close() {
      closing = true;
      clearInterval(watchdog);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const t of [...taps]) release(t, 'the source was closed before the follower caught up');
      await Promise.all(
        [...clients].map((c) =>
          Promise.resolve(c.dispose()).catch(() => {
            // Closing a connection that never opened: nothing to release.
          }),
        ),
      );
      clients.clear();
    },
  };
}

/** The AssentError of a subscription that ended: GraphQL errors keep their code; 4401/4403 closes are UNAUTHENTICATED/FORBIDDEN. */
function subscriptionError(e: unknown): AssentError {
  if (Array.isArray(e) && e.length) {
    const first = e[0] as { message?: string; extensions?: { code?: unknown } };
    const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
    return new AssentError(code, `The subscription was refused: ${first.message ?? code}`, { cause: e });
  }
  const close = e as { code?: number; reason?: string; message?: string };
  const code = close?.code === 4401 ? 'UNAUTHENTICATED' : close?.code === 4403 ? 'FORBIDDEN' : 'NETWORK_ERROR';
  return new AssentError(
    code,
    `The subscription ended: ${close?.reason || close?.message || String(close?.code ?? e)}`,
    { cause: e },
  );
}
