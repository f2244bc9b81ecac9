// The dispatcher thread's entry: the server runs TypeScript through tsx, which a worker thread does
// not inherit on every Node version (nor under Vitest), so the thread registers it itself.
import { tsImport } from 'tsx/esm/api';

await tsImport('./dispatcher-worker.ts', import.meta.url);
