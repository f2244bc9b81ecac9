import { parseEnv } from '../../src/env.ts';
import { openCore, type Core } from '../../src/composition-root.ts';
import { createLogger } from '../../src/logger.ts';
import type { Principal } from '../../src/services/auth.service.ts';

/** The bootstrap admin token of every server the benchmark starts. */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

/**
 * The master key of every benchmarked server (production mode requires one). Fixed, so a database kept with --reuse
 * opens in the next run; it guards benchmark data only.
 */
export const BENCH_MASTER_KEY = 'be'.repeat(32);

/** The principal in-process calls act as: what the bootstrap admin token authenticates to. */
export const ADMIN: Principal = { role: 'ADMIN', kind: 'ADMIN', id: 'bootstrap-admin', via: 'bootstrap' };

/** The environment a benchmarked server runs with (production mode, quiet logs, no demo seeding). */
export function benchEnv(url: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    ASSENT_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    // Production requires a master key (secrets at rest); a fixed one for the benchmark's throwaway databases.
    ASSENT_MASTER_KEY: BENCH_MASTER_KEY,
    ASSENT_SEED: 'none',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // Limits on, as in production, with budgets no load here reaches: what limiting costs is measured (scenario 1d)
    // without any request being refused.
    ASSENT_RATE_LIMITS: 'on',
    ASSENT_RATE_LIMIT_DECISIONS: '1000000000',
    ASSENT_RATE_LIMIT_API_KEY: '1000000000',
    ASSENT_RATE_LIMIT_SUBJECT: '1000000000',
    ASSENT_RATE_LIMIT_ANONYMOUS: '1000000000',
    // The seeded outbox spans a year of dispatched events: kept, so that pruning them in the background (work a
    // database pays once, when it first gets a retention) is not measured as part of every scenario.
    ASSENT_OUTBOX_RETENTION_DAYS: '3650',
    // `ASSENT_DECIDE_FAST_PATH=off pnpm bench` measures the servers without the decide fast path (#19).
    ...(process.env.ASSENT_DECIDE_FAST_PATH ? { ASSENT_DECIDE_FAST_PATH: process.env.ASSENT_DECIDE_FAST_PATH } : {}),
  };
}

/**
 * The server's core (database, repositories, use cases) opened in this process, as `startApp` has
 * it: the outbox tail is started, so a commit wakes a reader that begins at the end of the outbox,
 * and the projection has been read into the page cache (startApp does that in the background after
 * it listens; here it is awaited, as the HTTP scenarios wait for the server to settle).
 */
export async function openBenchCore(url: string, extraEnv: Record<string, string> = {}): Promise<Core> {
  const env = parseEnv({ ...benchEnv(url), ...extraEnv });
  const core = await openCore(env, { seed: false, logger: createLogger('warn') });
  await core.tail.start();
  await core.warmProjection();
  return core;
}
