// The one entry of every worker thread that runs TypeScript (see ts-worker.ts): the server runs
// through tsx, whose loader a worker thread does not inherit on every Node version (nor under
// Vitest), so the thread loads the module named by workerData.tsEntry through tsx itself.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.tsEntry, import.meta.url);
