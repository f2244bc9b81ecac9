import type { DbKind } from '../db/client.ts';
import type { Dispatcher } from './dispatcher.ts';

/** What running the dispatcher alone needs of the CLI's core (see composition-root.ts). */
export interface DispatcherHost {
  dispatcher: Dispatcher;
  db: { kind: DbKind };
  env: { NATS_URL?: string };
  close(): Promise<void>;
}

/**
 * `pnpm assent dispatcher`: runs the outbox dispatcher without the HTTP API until SIGINT/SIGTERM.
 * It competes for the same lease as the servers, so it can run beside them (or alone, with
 * ASSENT_DISPATCHER=off on the servers).
 */
export async function runDispatcherAlone(core: DispatcherHost): Promise<void> {
  await core.dispatcher.start();
  console.log(
    `Outbox dispatcher running on ${core.db.kind} as ${core.dispatcher.holder}${core.env.NATS_URL ? `, publishing to ${core.env.NATS_URL}` : ''}. Ctrl-C stops it.`,
  );
  await new Promise<void>((resolve) => {
    let closing = false;
    const shutdown = () => {
      if (closing) return;
      closing = true;
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      void core.close().finally(() => resolve());
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
