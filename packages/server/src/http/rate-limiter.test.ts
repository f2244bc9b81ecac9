import { randomUUID } from 'node:crypto';
import { isAssentError } from '@assent/core';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );

describe('rate limiter', () => {
  it('spends a budget per key and refuses the call over it with RATE_LIMITED and a retry time', async () => {
    const limiter = createRateLimiter({ visitor: { points: 2, windowSeconds: 60 } });
    await limiter.consume('visitor', '203.0.113.7');
    await limiter.consume('visitor', '203.0.113.7');
    const err = await rejection(limiter.consume('visitor', '203.0.113.7'));
    expect(isAssentError(err) && err.code).toBe('RATE_LIMITED');
    const retry = isAssentError(err) ? err.details?.retryAfterSeconds : undefined;
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    // Another key has its own budget.
    await limiter.consume('visitor', '198.51.100.1');
  });

  it('assertWithin refuses a key whose budget is spent without spending any, and lets others through', async () => {
    const limiter = createRateLimiter({ failed: { points: 2, windowSeconds: 60 } });
    await limiter.assertWithin('failed', 'ip:a');
    await limiter.consume('failed', 'ip:a');
    await limiter.assertWithin('failed', 'ip:a');
    await limiter.assertWithin('failed', 'ip:a');
    await limiter.consume('failed', 'ip:a');
    expect(await rejection(limiter.assertWithin('failed', 'ip:a'))).toMatchObject({ code: 'RATE_LIMITED' });
    await limiter.assertWithin('failed', 'ip:b');
  });

  it('keeps one budget apart from another', async () => {
    const limiter = createRateLimiter({ a: { points: 1, windowSeconds: 60 }, b: { points: 1, windowSeconds: 60 } });
    await limiter.consume('a', 'k');
    await limiter.consume('b', 'k');
    expect(await rejection(limiter.consume('a', 'k'))).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('shares one budget between two instances through Redis', async () => {
    const prefix = `test-${randomUUID()}`;
    const url = 'redis://127.0.0.1:6379'; // .ci/run starts Redis; the README lists it among what the tests need
    const one = createRateLimiter({ visitor: { points: 3, windowSeconds: 60 } }, { redisUrl: url, prefix });
    const two = createRateLimiter({ visitor: { points: 3, windowSeconds: 60 } }, { redisUrl: url, prefix });
    try {
      expect(await one.ready()).toBe(true);
      expect(await two.ready()).toBe(true);
      await one.consume('visitor', 'ip');
      await two.consume('visitor', 'ip');
      await one.consume('visitor', 'ip');
      expect(await rejection(two.consume('visitor', 'ip'))).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await one.close();
      await two.close();
    }
  });
});
