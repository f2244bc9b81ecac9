import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the TypeScript module `entry` (a file URL) through ts-worker.mjs; the
 * module reads its own workerData as given here (plus `tsEntry`).
 */
export function tsWorker(entry: URL, options: WorkerOptions & { workerData?: Record<string, unknown> } = {}): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    ...options,
    workerData: { ...options.workerData, tsEntry: entry.href },
  });
}
