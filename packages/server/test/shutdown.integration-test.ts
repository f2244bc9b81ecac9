import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/env.ts';
import { ADMIN_TOKEN, freshDatabase, suiteKind } from './harness.ts';
import { freePort, spawnServer, waitFor } from './propagation-helpers.ts';

// Graceful shutdown of the real process (issue 18, outside probe): SIGTERM and SIGINT finish what is in flight, close
// sockets, pools, the dispatcher thread, NATS and Redis, and exit 0 at once when idle. The processes run as in
// development (NODE_ENV=development), where Apollo used to install signal handlers of its own that made every
// shutdown wait for its 10 s force-exit timer and exit 1; NODE_ENV=test hid that.

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

const asDeveloper = (url: string, extra: Record<string, string> = {}) => ({
  NODE_ENV: 'development',
  DATABASE_URL: url,
  ASSENT_MASTER_KEY: 'cd'.repeat(32),
  LOG_LEVEL: 'info',
  ...extra,
});

/** Sends a signal and resolves with the exit code and how long the exit took. */
async function stop(proc: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
  const started = performance.now();
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.kill(signal);
  const code = await exited;
  return { code, ms: performance.now() - started };
}

describe(`graceful shutdown (${suiteKind})`, () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s on an idle server (with NATS and Redis) exits 0 within two seconds',
    async (signal) => {
      const db = await freshDatabase();
      cleanup.push(db.drop);
      const server = await spawnServer(asDeveloper(db.url, { NATS_URL, REDIS_URL }));
      cleanup.push(() => server.kill());
      const { code, ms } = await stop(server.proc, signal);
      expect(code, server.output()).toBe(0);
      expect(ms, server.output()).toBeLessThan(2000);
      expect(server.output()).toMatch(/"msg":"shut down"/);
    },
  );

  it('a request in flight when SIGTERM arrives is answered, then the process exits 0', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const server = await spawnServer(asDeveloper(db.url));
    cleanup.push(() => server.kill());
    const body = JSON.stringify({ query: '{ purposes { key } }' });
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${ADMIN_TOKEN}`,
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight when shutdown starts.
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const exit = stop(server.proc, 'SIGTERM');
    const reply = await answer;
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('"purposes"');
    const { code, ms } = await exit;
    expect(code, server.output()).toBe(0);
    expect(ms).toBeLessThan(3000);
  });

  it('pnpm start stops on Ctrl-C (SIGINT to its process group) with status 0 and no ELIFECYCLE', async () => {
    const db = await freshDatabase();
    cleanup.push(db.drop);
    const port = await freePort();
    const proc = spawn('pnpm', ['start'], {
      cwd: repoRoot,
      detached: true, // its own process group, as a terminal's foreground job
      env: { ...process.env, ...asDeveloper(db.url), HOST: '127.0.0.1', PORT: String(port), ASSENT_SEED: 'demo' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    cleanup.push(async () => {
      if (proc.exitCode === null) process.kill(-proc.pid!, 'SIGKILL');
    });
    await waitFor(
      'pnpm start to listen',
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`)
          .then((r) => r.ok)
          .catch(() => false),
      90_000,
      250,
    );
    process.kill(-proc.pid!, 'SIGINT');
    expect(await exited, out).toBe(0);
    expect(out).not.toMatch(/ELIFECYCLE|ERR_PNPM/);
    expect(out).toMatch(/"msg":"shut down"/);
  });
});
