import { createClient, type Client } from 'graphql-ws';
import { AssentError } from './assent-error.ts';
import type { EventSource, Follower, SourceSink, StreamRecord } from './event-source.ts';
import { ConsentChangedDocument } from './gql/graphql.ts';

/** How long after the server acknowledged the connection the subscription is taken to be registered. */
const SUBSCRIBE_GRACE_MS = 200;

/**
 * Follows the consentChanged subscription over graphql-ws. One subscription feeds every follower;
 * a follower buffers until its snapshot is loaded. Liveness: every pong to the client's keep-alive
 * ping (and every event) is heard. A reconnect is a gap (the subscription has no replay), which
 * makes the decider load the snapshot again.
 */
export function subscriptionSource(o: {
  url: string;
  token?: string;
  webSocketImpl?: unknown;
  purposes: readonly string[];
  keepAliveMs: number;
}): EventSource {
  const wsUrl = o.url.replace(/^http/, 'ws');
  const tracked = new Set(o.purposes);
  const taps = new Set<{ sink: SourceSink; buffer: StreamRecord[] | null }>();
  let connections = 0;
  let acked: Promise<void> | null = null;
  let ackedResolve: (() => void) | null = null;
  let ackedReject: ((e: unknown) => void) | null = null;
  let client: Client | null = null;
  let unsubscribe: (() => void) | null = null;

  const WebSocketImpl = o.webSocketImpl ?? (globalThis as { WebSocket?: unknown }).WebSocket;

  function ensure(): Promise<void> {
    if (acked) return acked;
    if (!WebSocketImpl)
      return Promise.reject(
        new AssentError(
          'NETWORK_ERROR',
          "source 'subscription' needs a WebSocket: pass webSocketImpl (e.g. the ws package) to createAssentClient on Node 20.",
        ),
      );
    acked = new Promise<void>((resolve, reject) => {
      ackedResolve = resolve;
      ackedReject = reject;
    });
    client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocketImpl,
      connectionParams: o.token ? { authorization: `Bearer ${o.token}` } : {},
      keepAlive: o.keepAliveMs,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(5000, 250 * 2 ** retries))),
      lazy: false,
      // Failures reach the decider through the subscription's sink and `on` below, not the console.
      onNonLazyError: () => {},
      on: {
        connected: () => {
          connections++;
          if (connections === 1) setTimeout(() => ackedResolve?.(), SUBSCRIBE_GRACE_MS);
          else for (const t of taps) t.sink.gap('the subscription reconnected after a gap');
        },
        pong: () => {
          for (const t of taps) if (t.buffer === null) t.sink.heard(Date.now());
        },
        closed: (e) => {
          const code = (e as { code?: number })?.code;
          for (const t of taps) t.sink.trouble(`the subscription connection closed${code ? ` (${code})` : ''}`);
        },
        error: (e) => {
          if (connections === 0)
            ackedReject?.(
              new AssentError(
                'NETWORK_ERROR',
                `Could not open the subscription at ${wsUrl}: ${(e as Error)?.message ?? 'connection failed'}`,
                { cause: e },
              ),
            );
        },
      },
    });
    // Unfiltered when several purposes are followed (the subscription takes one purposeKey at most).
    unsubscribe = client.subscribe<{ consentChanged: StreamRecord }>(
      {
        query: ConsentChangedDocument.toString(),
        variables: o.purposes.length === 1 ? { purposeKey: o.purposes[0] } : {},
      },
      {
        next: (result) => {
          const r = result.data?.consentChanged;
          if (result.errors?.length)
            for (const t of taps) t.sink.trouble(`subscription error: ${result.errors[0]!.message}`);
          if (!r) return;
          if (r.action !== 'ERASE' && !tracked.has(r.purposeKey)) return;
          for (const t of taps) {
            if (t.buffer) t.buffer.push(r);
            else deliver(t.sink, r);
          }
        },
        error: (e) => {
          const failure = subscriptionError(e);
          for (const t of taps) t.sink.trouble(`the subscription ended: ${failure.message}`);
          ackedReject?.(failure);
        },
        complete: () => {
          for (const t of taps) t.sink.trouble('the subscription completed');
        },
      },
    );
    return acked;
  }

  function deliver(sink: SourceSink, r: StreamRecord) {
    if (r.action === 'ERASE') sink.erased(r.subjectId, Date.parse(r.recordedAt));
    else sink.record(r);
    sink.heard(Date.now());
  }

  return {
    kind: 'subscription',
    async follower(sink): Promise<Follower> {
      const tap = { sink, buffer: [] as StreamRecord[] | null };
      taps.add(tap);
      try {
        await ensure();
      } catch (e) {
        taps.delete(tap);
        throw e;
      }
      return {
        async start() {
          // Everything that arrived since before the first snapshot page, oldest first; older ones lose to the snapshot.
          const buffered = tap.buffer ?? [];
          tap.buffer = null;
          for (const r of buffered) deliver(sink, r);
          sink.heard(Date.now());
        },
        async close() {
          taps.delete(tap);
        },
      };
    },
    async close() {
      try {
        unsubscribe?.();
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
