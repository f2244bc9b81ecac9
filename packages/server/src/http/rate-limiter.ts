import { AssentError } from '@assent/core';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A request budget: so many points per window. */
export interface Budget {
  points: number;
  windowSeconds: number;
}

/** Named budgets; each keeps its own counters (a key spent on one never counts against another). */
export interface RateLimiter<Name extends string> {
  /**
   * Spends one point of `name`'s budget for `key`. Over budget it throws AssentError RATE_LIMITED with
   * `details.retryAfterSeconds`; nothing has been done yet at that point, so nothing is written.
   */
  consume(name: Name, key: string): Promise<void>;
  /**
   * Throws RATE_LIMITED (as `consume` would) when `key` has spent all of `name`'s budget in this window, without
   * spending: staff sign-in asks before it checks a password, so guesses past the budget learn nothing.
   */
  assertWithin(name: Name, key: string): Promise<void>;
  /** Resolves once the shared store answers (at once in memory); false when Redis did not connect within the time. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Budgets with rate-limiter-flexible: in this process's memory, or in Redis when `redisUrl` is set so that
 * several instances share one budget. When Redis cannot answer, the memory limiter stands in (insurance), so a
 * Redis outage neither blocks every caller nor lifts every limit.
 */
export function createRateLimiter<Name extends string>(
  budgets: Record<Name, Budget>,
  opts: { redisUrl?: string; prefix?: string } = {},
): RateLimiter<Name> {
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : null;
  // ioredis reports connection errors as events; the insurance limiter covers them, so they need no listener's throw.
  redis?.on('error', () => {});
  const limiters = new Map<string, RateLimiterAbstract>();
  for (const [name, b] of Object.entries(budgets) as [Name, Budget][]) {
    const keyPrefix = `${opts.prefix ?? 'assent'}:rl:${name}`;
    const memory = new RateLimiterMemory({ keyPrefix, points: b.points, duration: b.windowSeconds });
    limiters.set(
      name,
      redis
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix,
            points: b.points,
            duration: b.windowSeconds,
            insuranceLimiter: memory,
          })
        : memory,
    );
  }
  return {
    async consume(name, key) {
      const limiter = limiters.get(name);
      if (!limiter) throw new Error(`no rate-limit budget named '${name}'`);
      try {
        await limiter.consume(key);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        throw limitedError(e.msBeforeNext);
      }
    },
    async assertWithin(name, key) {
      const limiter = limiters.get(name);
      if (!limiter) throw new Error(`no rate-limit budget named '${name}'`);
      const spent = await limiter.get(key).catch(() => null);
      if (spent && spent.consumedPoints >= limiter.points) throw limitedError(spent.msBeforeNext);
    },
    async ready(timeoutMs = 5000) {
      if (!redis || redis.status === 'ready') return true;
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        redis.once('ready', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
    async close() {
      redis?.disconnect();
    },
  };
}

/** RATE_LIMITED with the seconds until the window frees a point. */
function limitedError(msBeforeNext: number): AssentError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AssentError('RATE_LIMITED', `Too many requests: try again in ${retryAfterSeconds} s.`, {
    userMessage: `Too many requests. Please wait ${retryAfterSeconds} seconds and try again.`,
    details: { retryAfterSeconds },
  });
}
