import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The memory test measures the heap after a full collection.
    execArgv: ['--expose-gc'],
    env: { TZ: 'UTC' },
  },
});
