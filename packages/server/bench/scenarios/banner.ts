// Scenario 8: how long a product page waits for the consent banner. A local Assent (SQLite, demo data) and a
// static "product site" on another origin; Chromium loads the page and the time is measured in the page, from
// the banner script having run (the custom element defined) to the first animation frame after the banner is
// in its shadow root. Two cases: a new visitor (startVisitorSession, then BannerState) and a returning visitor
// who has not chosen yet (BannerState only: the "one request after the script"). Report only.
// Skipped with a note when Debian's Chromium (or CHROMIUM_PATH) is missing.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from '../../src/env.ts';
import { startApp } from '../../src/http/server.ts';
import { createLogger } from '../../src/logger.ts';
import { log } from '../lib/log.ts';
import { reps, type Reps } from '../lib/stats.ts';

export const BANNER_TRIALS = 20;

export interface BannerMeasurements {
  trials: number;
  /** Script run → banner painted, ms, a fresh browser context per trial. */
  newVisitor: Reps;
  /** The same, reloading one context whose visitor has not chosen yet (the banner shows on every view). */
  returningVisitor: Reps;
  /** POST /graphql calls per page view (median). */
  requests: { newVisitor: number; returningVisitor: number };
  chromium: string;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Installed in every page before its scripts: watches the banner's shadow root (attachShadow is wrapped, since a
 * document observer cannot see into it) and resolves window.__bannerTiming with { defined, painted }. A string,
 * because it runs in the page (the server's TypeScript has no DOM types).
 */
const TIMING_PROBE = `
  let defined = NaN;
  customElements.whenDefined('assent-banner').then(() => { defined = performance.now(); });
  window.__bannerTiming = new Promise((resolve) => {
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const root = attach.call(this, init);
      if (this.localName === 'assent-banner') {
        const observer = new MutationObserver(() => {
          if (!root.querySelector('.banner [data-focus="accept"]')) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve({ defined, painted: performance.now() }));
        });
        observer.observe(root, { childList: true, subtree: true });
      }
      return root;
    };
  });
`;

function page(assentUrl: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<script type="module" src="${assentUrl}/banner.js"></script></head>
<body><main><h1>A product page</h1><p>Some text.</p></main><assent-banner api="${assentUrl}"></assent-banner></body></html>`;
}

/** Runs the scenario; null (with a log line) when there is no Chromium or no playwright-core to drive it. */
export async function bannerPhase(trials = BANNER_TRIALS): Promise<BannerMeasurements | null> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    log(`banner: skipped (no Chromium at ${executablePath}; install it or set CHROMIUM_PATH)`);
    return null;
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    log('banner: skipped (playwright-core is not installed)');
    return null;
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-bench-banner-'));
  const site = { assentUrl: '' };
  const siteServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(site.assentUrl));
  });
  await new Promise<void>((resolve) => siteServer.listen(0, '127.0.0.1', resolve));
  const siteUrl = `http://127.0.0.1:${(siteServer.address() as AddressInfo).port}`;
  const env = parseEnv({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `file:${path.join(dir, 'assent.db')}`,
    ASSENT_ADMIN_TOKEN: 'bench-admin-token-0123456789',
    ASSENT_SEED: 'demo',
    LOG_LEVEL: 'silent',
    ASSENT_DISPATCHER: 'off',
    ASSENT_ALLOWED_ORIGINS: siteUrl,
    // One visitor session per new-visitor trial, all from this machine's IP.
    ASSENT_RATE_LIMIT_VISITOR_SESSIONS: String(trials * 4),
  });
  const app = await startApp(env, { logger: createLogger('silent') });
  site.assentUrl = app.url;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    log(`banner: ${trials} trials per case, Chromium ${browser.version()}`);
    type Context = Awaited<ReturnType<typeof browser.newContext>>;
    const view = async (context: Context, reuse?: Awaited<ReturnType<Context['newPage']>>) => {
      const p = reuse ?? (await context.newPage());
      let requests = 0;
      const count = (request: { url(): string; method(): string }) =>
        void (request.url() === `${app.url}/graphql` && request.method() === 'POST' && requests++);
      p.on('request', count);
      if (reuse) await p.reload();
      else await p.goto(siteUrl);
      const timing = (await p.evaluate(
        `Promise.race([window.__bannerTiming, new Promise((_, reject) => setTimeout(() => reject(new Error('the banner did not show its buttons within 15 s')), 15000))])`,
      )) as { defined: number; painted: number };
      p.off('request', count);
      return { ms: timing.painted - timing.defined, requests, page: p };
    };

    const fresh: number[] = [];
    const freshRequests: number[] = [];
    // Two warm-up views (JIT of the server, the browser's caches), then the trials.
    for (let i = -2; i < trials; i++) {
      const context = await browser.newContext();
      await context.addInitScript({ content: TIMING_PROBE });
      const r = await view(context);
      await context.close();
      if (i >= 0) {
        fresh.push(r.ms);
        freshRequests.push(r.requests);
      }
    }

    const context = await browser.newContext();
    await context.addInitScript({ content: TIMING_PROBE });
    const first = await view(context);
    const returning: number[] = [];
    const returningRequests: number[] = [];
    for (let i = -2; i < trials; i++) {
      const r = await view(context, first.page);
      if (i >= 0) {
        returning.push(r.ms);
        returningRequests.push(r.requests);
      }
    }
    await context.close();
    return {
      trials,
      newVisitor: reps(fresh),
      returningVisitor: reps(returning),
      requests: { newVisitor: reps(freshRequests).median, returningVisitor: reps(returningRequests).median },
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await app.close();
    await new Promise((resolve) => siteServer.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
