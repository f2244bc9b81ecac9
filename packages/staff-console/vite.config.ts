/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // The server serves this build at /staff (with client-side routing below it).
  base: '/staff/',
  plugins: [react()],
  server: {
    // Beside the privacy center's 5173 when `pnpm dev` runs both: http://localhost:5174/staff/
    port: 5174,
    // The API runs beside the dev server; the built app is served same-origin.
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      // Staff sessions (cookie at Path=/staff) and the console's own GraphQL endpoint.
      '^/staff/(graphql|session|login|callback)': { target: 'http://127.0.0.1:4000' },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  test: {
    environment: 'happy-dom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
