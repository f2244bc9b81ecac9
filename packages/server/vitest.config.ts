import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves 'graphql' to its CommonJS build (the package has no "exports"), and so do Apollo,
    // graphql-tools and graphql-jit, loaded by Node here too; Vite would pick the ES build for our own
    // files, and a schema built by one copy cannot be executed by the other.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'test/**/*.integration-test.ts'],
    // Integration tests each open their own fresh database; run files one at a time on 2 cores.
    fileParallelism: false,
    // One worker for every file, not a fresh one per file: each file starts its own servers on its own database and
    // closes them, and re-importing the server's modules for each of ~70 files cost about 40 % of the run's CPU.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
});
