import { describe, expect, it } from 'vitest';
import { parseOnly, parseOptions } from './options.ts';

describe('pnpm bench --only and --pg-prefix', () => {
  it('reads scenario numbers, a letter naming the same scenario, and adds 1 to 4 (4 runs at half its peak)', () => {
    expect(parseOnly('1b,4')).toEqual(['1', '4']);
    expect(parseOnly('4a')).toEqual(['1', '4']);
    expect(parseOnly('1')).toEqual(['1']);
    expect(parseOnly('11a')).toEqual(['11']);
    expect(parseOnly('11,4b')).toEqual(['1', '4', '11']);
    expect(() => parseOnly('2a')).toThrow(/--only takes scenarios 1, 4, 11/);
    expect(() => parseOnly('4,x')).toThrow(/"x"/);
    expect(parseOptions(['--quick']).only).toBeNull();
    expect(parseOptions(['--only', '1b,4']).only).toEqual(['1', '4']);
  });

  it('names PostgreSQL databases with a safe prefix', () => {
    expect(parseOptions([]).pgPrefix).toBe('assent_bench');
    expect(parseOptions(['--pg-prefix', 'assent_bench4']).pgPrefix).toBe('assent_bench4');
    expect(() => parseOptions(['--pg-prefix', 'x"; DROP'])).toThrow(/--pg-prefix/);
  });
});
