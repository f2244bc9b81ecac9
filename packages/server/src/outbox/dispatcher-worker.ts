// The body of the dispatcher thread (see dispatcher-thread.ts): its own connections, repositories
// and dispatcher, driven by messages from the server's thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Env } from '../env.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../db/client.ts';
import { openHotReads } from '../db/hot-reads.ts';
import { openDispatchWriter } from '../db/dispatch-writer.ts';
import { logPoolError } from '../db/raw.ts';
import { outboxRepository } from '../db/outbox.ts';
import { webhookRepository } from '../db/webhook.repository.ts';
import { inlineDispatcher } from './propagation.ts';
import type { FromDispatcherThread, ToDispatcherThread } from './dispatcher-thread.ts';

const port = parentPort!;
const { env, holder } = workerData as { env: Env; holder: string };
const logger = createLogger(env.LOG_LEVEL).child({ component: 'dispatcher', thread: 'dispatcher' });
const post = (m: FromDispatcherThread) => port.postMessage(m);

const onPoolError = logPoolError(logger);
const db = await openDatabase(env.DATABASE_URL, { poolSize: 4 });
const hot = openHotReads(db.kind, env.DATABASE_URL, onPoolError);
const writer = openDispatchWriter(db, onPoolError);
const parts = { db, hot, writer, outbox: outboxRepository(db.prisma, hot), webhooks: webhookRepository(db.prisma, db.kind, hot, writer) };
const dispatcher = inlineDispatcher(env, parts, logger, { holder, onLeadership: (leader) => post({ type: 'leader', leader }) });

port.on('message', (m: ToDispatcherThread) => {
  if (m.type === 'notify') dispatcher.notify();
  else if (m.type === 'stop') {
    void (async () => {
      await dispatcher.stop();
      await Promise.allSettled([hot.close(), writer.close()]);
      await db.close();
      post({ type: 'stopped' });
      port.close();
    })();
  }
});

try {
  await dispatcher.start();
  post({ type: 'started' });
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
