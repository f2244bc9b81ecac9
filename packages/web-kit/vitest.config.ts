import { defineConfig } from 'vitest/config';

// The same test environment as the apps' (their vite.config.ts `test` block).
export default defineConfig({
  test: {
    environment: 'happy-dom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
