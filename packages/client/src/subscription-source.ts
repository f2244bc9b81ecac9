import { createClient, type Client } from 'graphql-ws';
import { AssentError } from './assent-error.ts';
import type { EventSource, Follower, SnapshotPosition, SourceSink, StreamRecord } from './event-source.ts';
import { ConsentStreamDocument, type ConsentStreamSubscription } from './gql/graphql.ts';

/** How long a follower waits for the server to replay up to its first heartbeat. */
const CATCH_UP_MS = 120_000;

type StreamEvent = ConsentStreamSubscription['consentStream'];

/** One follower's subscription to consentStream, resubscribed from where it got to after a reconnect. */
interface Tap {
  sink: SourceSink;
  /** The outbox position everything up to which has been applied (an event's, or a heartbeat's). */
  seq: number;
  /** The current subscription (null between connections), and its end. */
  current: object | null;
  unsubscribe: (() => void) | null;
  caughtUp: { resolve: () => void; reject: (e: unknown) => void; done: boolean };
}

/**
 * Follows the server's consentStream subscription over graphql-ws: one connection, one subscription per follower,
 * each from its snapshot's outbox position. The server replays what it had already read after that position before
 * following new commits, so no event between snapshot and stream is lost however late the subscription reaches it.
 * A follower is heard only through the server's heartbeats (each sent after a read of the outbox that found nothing
 * newer, counted as of that read), never through the socket alone: a server whose outbox reads fail falls silent and
 * decisions fail closed. After a dropped connection it connects again and each follower resubscribes from the last
 * position it applied; a position the outbox no longer keeps (CONFLICT) is a gap, which loads the snapshot again.
 */
export function subscriptionSource(o: {
  url: string;
  token?: string | undefined;
  webSocketImpl?: unknown;
  purposes: readonly string[];
  keepAliveMs: number;
}): EventSource {
  const wsUrl = o.url.replace(/^http/, 'ws');
  const tracked = new Set(o.purposes);
  const taps = new Set<Tap>();
  const WebSocketImpl = o.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;
  let client: Client | null = null;
  let connected = false;
  let closing = false;
  let retries = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let opened: Promise<void> | null = null;

  /** Opens a connection (no retries of its own: a drop is handled by `connect` again, resubscribing from positions). */
  function connect(first?: { resolve: () => void; reject: (e: unknown) => void }) {
    let acked = false;
    const c = createClient({
      url: wsUrl,
      webSocketImpl: WebSocketImpl,
      connectionParams: o.token ? { authorization: `Bearer ${o.token}` } : {},
      keepAlive: o.keepAliveMs,
      retryAttempts: 0,
      lazy: false,
      // Failures reach the decider through each follower's sink, not the console.
      onNonLazyError: () => {},
      on: {
        connected: () => {
          if (client !== c) return;
          acked = true;
          connected = true;
          retries = 0;
          first?.resolve();
          for (const t of taps) subscribe(t);
        },
        closed: (e) => {
          if (client !== c) return;
          connected = false;
          client = null;
          const code = (e as { code?: number })?.code;
          for (const t of taps) {
            t.current = null;
            t.unsubscribe = null;
            t.sink.trouble(`the subscription connection closed${code ? ` (${code})` : ''}; reconnecting`);
          }
          if (!acked && first) {
            first.reject(
              code === 4401 || code === 4403
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
          const wait = Math.min(5000, 250 * 2 ** retries++);
          reconnectTimer = setTimeout(() => {
            reconnectTimer = null;
            if (!closing) connect();
          }, wait);
        },
      },
    });
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
    if (!client || !connected) return;
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
          if (result.errors?.length) t.sink.trouble(`subscription error: ${result.errors[0]!.message}`);
          const ev = result.data?.consentStream;
          if (ev) apply(t, ev, Date.now());
        },
        error: (e) => {
          if (t.current !== mine) return;
          t.current = null;
          // A dropped connection is the connection's to mend (closed, above); only the server's refusal ends here.
          if (!Array.isArray(e)) return;
          const failure = subscriptionError(e);
          if (failure.code === 'CONFLICT') t.sink.gap(failure.message);
          else t.sink.trouble(`the subscription ended: ${failure.message}`);
          settle(t, failure);
        },
        complete: () => {
          if (t.current === mine) t.sink.trouble('the subscription completed');
        },
      },
    );
  }

  function apply(t: Tap, ev: StreamEvent, receivedAt: number) {
    if (ev.record) {
      // Replayed again after a resubscription that raced the last events: applied already.
      if (ev.outboxSeq <= t.seq) return;
      t.seq = ev.outboxSeq;
      const r = ev.record as StreamRecord;
      if (r.action === 'ERASE') t.sink.erased(r.subjectId, Date.parse(r.recordedAt));
      else if (tracked.has(r.purposeKey)) t.sink.record(r);
      return;
    }
    t.seq = Math.max(t.seq, ev.outboxSeq);
    // As of the server's read, in this process's clock: the time from the read to sending is taken off the arrival.
    const age = Date.parse(ev.sentAt) - Date.parse(ev.readAt ?? '');
    if (!Number.isFinite(age) || age < 0) return;
    t.sink.heard(receivedAt - age);
    settle(t, null);
  }

  function settle(t: Tap, failure: unknown) {
    if (t.caughtUp.done) return;
    t.caughtUp.done = true;
    if (failure === null) t.caughtUp.resolve();
    else t.caughtUp.reject(failure);
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
              caughtUp: { resolve, reject, done: false },
            };
          });
          const t = tap!;
          taps.add(t);
          subscribe(t);
          let timer: ReturnType<typeof setTimeout> | undefined;
          try {
            await Promise.race([
              caughtUp,
              new Promise<never>((_, reject) => {
                timer = setTimeout(
                  () =>
                    reject(
                      new AssentError(
                        'NETWORK_ERROR',
                        `The subscription did not catch up with the server within ${CATCH_UP_MS / 1000} s.`,
                      ),
                    ),
                  CATCH_UP_MS,
                );
              }),
            ]);
          } finally {
            clearTimeout(timer);
          }
        },
        async close() {
          if (!tap) return;
          taps.delete(tap);
          tap.current = null;
          tap.unsubscribe?.();
        },
      };
    },
    async close() {
      closing = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      for (const t of taps) t.unsubscribe?.();
      taps.clear();
      try {
        await client?.dispose();
      } catch {
        // Closing a connection that never opened: nothing to release.
      }
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
