import { describe, expect, it } from 'vitest';
import { randomPool } from './random-pool.ts';

describe('randomPool', () => {
  it('hands out draws of the asked length that never share bytes, across refills', () => {
    const draw = randomPool(64);
    const seen = new Set<string>();
    // 12-byte draws over a 64-byte pool: refills every fifth draw; a repeat of 12 random bytes would mean reuse.
    for (let i = 0; i < 1000; i++) {
      const b = draw(12);
      expect(b.length).toBe(12);
      seen.add(b.toString('hex'));
    }
    expect(seen.size).toBe(1000);
  });

  it('keeps a draw unchanged when the pool is refilled after it', () => {
    const draw = randomPool(32);
    const key = draw(32);
    const copy = Buffer.from(key);
    draw(32);
    draw(16);
    expect(key.equals(copy)).toBe(true);
  });

  it('serves a draw larger than the pool', () => {
    expect(randomPool(16)(100).length).toBe(100);
  });
});
