import pg from 'pg';
import type { Logger } from '../logger.ts';

/** The channel the OutboxEvent insert trigger notifies on (payload: the row's seq), delivered at commit. */
export const OUTBOX_CHANNEL = 'assent_outbox';

/**
 * LISTENs for outbox commits of every instance on one dedicated connection and calls `onNotify`,
 * reconnecting after a second when the connection drops. Polling stays the fallback meanwhile.
 */
export function pgOutboxListener(url: string, logger: Logger, onNotify: () => void) {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void open();
    }, 1000);
    retry.unref();
  };

  async function open() {
    if (stopped) return;
    const c = new pg.Client({ connectionString: url });
    client = c;
    c.on('notification', () => onNotify());
    c.on('error', (e) => {
      logger.warn({ err: e }, 'outbox LISTEN connection failed; reconnecting');
      void c.end().catch(() => {});
      if (client === c) client = null;
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${OUTBOX_CHANNEL}`);
      if (stopped) await c.end();
      else onNotify(); // Whatever committed while we were not listening.
    } catch (e) {
      logger.warn({ err: e }, 'cannot LISTEN for outbox commits yet; polling meanwhile');
      void c.end().catch(() => {});
      if (client === c) client = null;
      schedule();
    }
  }

  return {
    start: () => open(),
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
