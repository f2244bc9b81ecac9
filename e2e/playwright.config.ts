import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const configDir = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.E2E_PORT ?? 4710);
const baseURL = `http://127.0.0.1:${port}`;
// A product's website on another origin (another port), for the banner journeys: Assent allows it by CORS.
const sitePort = Number(process.env.E2E_SITE_PORT ?? port + 1);
const siteURL = `http://127.0.0.1:${sitePort}`;
process.env.E2E_SITE_URL = siteURL;

// Playwright evaluates this file in the runner and again in every worker. A
// fresh database is made once, in the runner, and published through
// process.env so that workers (which inherit it) agree with the server.
if (!process.env.DATABASE_URL) {
  const dir = mkdtempSync(join(tmpdir(), 'assent-e2e-'));
  process.env.DATABASE_URL = `file:${join(dir, 'assent.db')}`;
}
process.env.ASSENT_ADMIN_TOKEN ??= 'e2e-admin-token-0001';

export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    // Video needs Playwright's own ffmpeg download, which is unreachable here.
    video: 'off',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // Playwright's browser download is unreachable here: use Debian's Chromium.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // The real server, started the way a user starts it, from the repo root.
      command: 'pnpm --filter @assent/server start',
      cwd: resolve(configDir, '..'),
      url: `${baseURL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: {
        DATABASE_URL: process.env.DATABASE_URL,
        PORT: String(port),
        ASSENT_ADMIN_TOKEN: process.env.ASSENT_ADMIN_TOKEN,
        ASSENT_ALLOWED_ORIGINS: siteURL,
        NODE_ENV: 'development',
      },
    },
    {
      // The product site that embeds the banner (banner-site/server.mjs), a tiny static server.
      command: 'node banner-site/server.mjs',
      cwd: configDir,
      url: `${siteURL}/healthz`,
      timeout: 10_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { PORT: String(sitePort), ASSENT_URL: baseURL },
    },
  ],
});
