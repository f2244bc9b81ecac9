// The body of the dispatcher thread (see dispatcher-thread.ts): its own connections, repositories
// and dispatcher, wired as the server wires its own (dispatcher-wiring.ts), driven by messages from
// the server's thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { Env } from '../env.ts';
import { loadDatabaseModules } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import { inlineDispatcher, openDispatcherData } from './dispatcher-wiring.ts';
import type { FromDispatcherThread, ToDispatcherThread } from './dispatcher-thread.ts';

const port = parentPort!;
const { env, holder } = workerData as { env: Env; holder: string };
const logger = createLogger(env.LOG_LEVEL).child({ component: 'dispatcher', thread: 'dispatcher' });
const post = (m: FromDispatcherThread) => port.postMessage(m);

// The thread may be started before the server has migrated the database (dispatcherThread's preload): it loads what
// it needs, then waits to be told to open the database, or to stop.
await loadDatabaseModules(env.DATABASE_URL);
const told = await new Promise<ToDispatcherThread['type']>((resolve) => {
  const first = (m: ToDispatcherThread) => {
    if (m.type === 'notify') return;
    port.off('message', first);
    resolve(m.type);
  };
  port.on('message', first);
});
if (told === 'stop') {
  post({ type: 'stopped' });
  port.close();
} else await run();

async function run(): Promise<void> {
  const data = await openDispatcherData(env, logger, { poolSize: 4 });
  const dispatcher = inlineDispatcher(env, data, logger, {
    holder,
    onLeadership: (leader) => post({ type: 'leader', leader }),
  });

  port.on('message', (m: ToDispatcherThread) => {
    if (m.type === 'notify') dispatcher.notify();
    else if (m.type === 'stop') {
      void (async () => {
        await dispatcher.stop();
        await data.close();
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
}
