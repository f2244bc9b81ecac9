import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Against a real Assent started in-process (packages/server/test/harness.ts); needs the server side of
// the client (consentSnapshot and the contract 1.1 mutations), a NATS with JetStream for the jetstream
// source, and DATABASE_URL for PostgreSQL (SQLite by default).
export default defineConfig({
  resolve: {
    // As in packages/server: one copy of graphql for Apollo and the schema it runs.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.integration-test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
  },
});
