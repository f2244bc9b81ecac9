import type { Worker } from 'node:worker_threads';
import type { Env } from '../env.ts';
import type { Logger } from '../logger.ts';
import { tsWorker } from '../ts-worker.ts';
import { dispatcherHolderId, type Dispatcher } from './dispatcher.ts';

/** Messages from the server's thread to the dispatcher thread. */
export type ToDispatcherThread = { type: 'open' } | { type: 'notify' } | { type: 'stop' };
/** Messages from the dispatcher thread. */
export type FromDispatcherThread =
  { type: 'started' } | { type: 'failed'; message: string } | { type: 'leader'; leader: boolean } | { type: 'stopped' };

/** A dispatcher in a thread; thread() is the worker now running (for diagnostics and tests). */
export interface DispatcherThread extends Dispatcher {
  thread(): Worker | null;
  /**
   * Starts the thread ahead of start(), before the database is ready (migrations): it loads its modules, which takes
   * most of a second under tsx, while the server's thread does the rest of its start-up, then waits for start().
   * A preloaded thread does not keep the process alive; stop() ends it.
   */
  preload(): void;
}

/** A thread that ended unexpectedly is started again after this long. */
const RESTART_MS = 1000;
/** stop() waits this long for the thread to finish its attempts and give the lease up (the dispatcher itself gives them 5 s). */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The outbox dispatcher in a worker thread of this server, with its own database connections. Under
 * write load, fanning out, signing, sending and publishing every event in the server's event loop
 * competed with the requests (BENCHMARKS.md, Findings, "Propagation at scale"); in a thread it has a core of its own when
 * there is one. The thread competes for the same lease as every instance; this side forwards commit
 * wake-ups (one message per event-loop turn at most), mirrors leadership, and starts the thread again
 * when it dies.
 */
export function dispatcherThread(env: Env, logger: Logger): DispatcherThread {
  const holder = dispatcherHolderId();
  const log = logger.child({ component: 'dispatcher' });
  let worker: Worker | null = null;
  let leader = false;
  let stopping = false;
  let notifyQueued = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let stopped: (() => void) | undefined;

  /** A new thread, loading its modules, and when it says it has started (after it is told to open the database). */
  function create(): { w: Worker; started: Promise<void> } {
    const w = tsWorker(new URL('./dispatcher-worker.ts', import.meta.url), {
      workerData: { env, holder },
      name: 'assent-dispatcher',
    });
    worker = w;
    let ready = false;
    const started = new Promise<void>((resolve, reject) => {
      w.on('message', (m: FromDispatcherThread) => {
        if (m.type === 'started') {
          ready = true;
          resolve();
        } else if (m.type === 'failed') {
          reject(new Error(`The outbox dispatcher thread could not start: ${m.message}`));
          void w.terminate();
        } else if (m.type === 'leader') leader = m.leader;
        else if (m.type === 'stopped') stopped?.();
      });
      w.on('error', (err) => {
        log.error({ err }, 'the outbox dispatcher thread failed');
        if (!ready) reject(err);
      });
      w.on('exit', (code) => {
        if (!ready) reject(new Error(`The outbox dispatcher thread ended (code ${code}) before it started`));
        if (worker !== w) return;
        worker = null;
        leader = false;
        stopped?.();
        if (ready && !stopping) {
          log.error({ code }, 'the outbox dispatcher thread ended; starting it again');
          restart();
        }
      });
    });
    // Seen by start() (or restart()) when it awaits; a preloaded thread that fails before then is not unhandled.
    started.catch(() => undefined);
    return { w, started };
  }

  let preloaded: { w: Worker; started: Promise<void> } | null = null;

  function spawn(): Promise<void> {
    const t = preloaded ?? create();
    preloaded = null;
    t.w.ref();
    t.w.postMessage({ type: 'open' } satisfies ToDispatcherThread);
    return t.started;
  }

  function restart() {
    restartTimer = setTimeout(() => {
      if (stopping) return;
      spawn().catch((err: unknown) => {
        log.error({ err }, 'starting the outbox dispatcher thread again failed; retrying');
        if (!stopping) restart();
      });
    }, RESTART_MS);
    restartTimer.unref();
  }

  return {
    holder,
    isLeader: () => leader,
    thread: () => worker,
    preload() {
      if (worker || stopping) return;
      preloaded = create();
      preloaded.w.unref();
    },
    notify() {
      if (notifyQueued || !worker) return;
      notifyQueued = true;
      queueMicrotask(() => {
        notifyQueued = false;
        worker?.postMessage({ type: 'notify' } satisfies ToDispatcherThread);
      });
    },
    async start() {
      if ((worker && !preloaded) || stopping) return;
      await spawn();
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const w = worker;
      preloaded = null;
      if (!w) return;
      // A preloaded thread is unref'd: waiting for it to stop must keep the process alive.
      w.ref();
      const done = new Promise<void>((resolve) => (stopped = resolve));
      w.postMessage({ type: 'stop' } satisfies ToDispatcherThread);
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
      await Promise.race([done, timeout]);
      await w.terminate();
      worker = null;
      leader = false;
    },
  };
}
