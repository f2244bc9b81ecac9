import { defineConfig } from 'vitest/config';

export default defineConfig({
  // @assent/client from its TypeScript source (tsconfig.base.json "paths"), not its unbuilt dist/.
  resolve: { tsconfigPaths: true },
});
