import { connect, type NatsConnection } from 'nats';
import type { Logger } from '../logger.ts';
import { STREAM } from './nats-sink.ts';

/** How long a snapshot waits for NATS before it answers position 0 (a follower then replays the whole stream). */
const ASK_TIMEOUT_MS = 2000;

/**
 * The last sequence of JetStream stream ASSENT, as consentSnapshot reports it before reading its first
 * row: a follower starts its consumer right after it. 0 without NATS_URL, before the stream exists, and
 * while NATS cannot be reached: starting from the beginning replays events the snapshot already holds,
 * which a follower ignores, whereas a position too high would lose events.
 */
export function streamPosition(natsUrl: string | undefined, logger: Logger) {
  let conn: Promise<NatsConnection> | null = null;
  const connection = () =>
    (conn ??= connect({
      servers: natsUrl,
      name: 'assent-snapshot',
      timeout: ASK_TIMEOUT_MS,
      maxReconnectAttempts: -1,
    }).catch((e: unknown) => {
      conn = null;
      throw e;
    }));
  return {
    /** The stream's last sequence (see above). */
    async last(): Promise<number> {
      if (!natsUrl) return 0;
      try {
        const nc = await connection();
        const jsm = await nc.jetstreamManager({ timeout: ASK_TIMEOUT_MS });
        return (await jsm.streams.info(STREAM)).state.last_seq;
      } catch (err) {
        const missing = (err as { code?: string; message?: string }).message?.includes('stream not found');
        if (!missing)
          logger.warn(
            { err },
            'could not read the JetStream position for a snapshot; answering 0 (followers replay the stream)',
          );
        return 0;
      }
    },
    async close(): Promise<void> {
      const c = conn;
      conn = null;
      if (c)
        await c.then(
          (nc) => nc.close(),
          () => {},
        );
    },
  };
}

/** The stream position reader's type. */
export type StreamPosition = ReturnType<typeof streamPosition>;
