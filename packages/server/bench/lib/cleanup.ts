import { log } from './log.ts';

const tasks = new Set<() => Promise<void>>();

/** Registers work to do if the run is interrupted (stop a child, drop a database); returns its removal. */
export function onInterrupt(fn: () => Promise<void>): () => void {
  tasks.add(fn);
  return () => void tasks.delete(fn);
}

/**
 * On SIGINT/SIGTERM, undo what is registered (newest first) and exit 130/143: finally blocks do not
 * run on a signal, and a server child without IPC would otherwise outlive the run.
 */
export function installInterruptHandler(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping this run's child processes and dropping its databases`);
      void (async () => {
        for (const t of [...tasks].reverse()) await t().catch(() => {});
        process.exit(signal === 'SIGINT' ? 130 : 143);
      })();
    });
  }
}
