import { describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import { newLedgerId } from './ids';

describe('newLedgerId', () => {
  it('makes version-7 UUIDs that sort in the order they were made, never twice the same', () => {
    const ids = Array.from({ length: 10_000 }, () => newLedgerId());
    for (const id of ids) {
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
