import { describe, expect, it } from 'vitest';
import { parseOnly, parseOptions } from './options.ts';

describe('pnpm bench --only and --name', () => {
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

  it('names SQLite files and PostgreSQL databases with one safe prefix', () => {
    expect(parseOptions([])).toMatchObject({ namePrefix: 'assent-bench', pgPrefix: 'assent_bench' });
    expect(parseOptions(['--name', 'assent-me4'])).toMatchObject({ namePrefix: 'assent-me4', pgPrefix: 'assent_me4' });
    expect(() => parseOptions(['--name', 'x"; DROP'])).toThrow(/--name/);
    expect(() => parseOptions(['--pg-prefix', 'assent_me'])).toThrow(/--pg-prefix/);
  });

  it('--smoke is a quick run at the smallest sizes (what CI runs)', () => {
    const o = parseOptions(['--smoke']);
    expect(o).toMatchObject({ quick: true, smoke: true, subjects: 2_000, smallSubjects: 200, durationSec: 0.5 });
    expect(o.settle).toEqual({ quietSec: 1, idleSec: 1 });
    expect(parseOptions(['--quick']).settle).toEqual({ quietSec: 3, idleSec: 5 });
    expect(parseOptions(['--smoke', '--subjects', '500']).subjects).toBe(500);
    expect(parseOptions(['--quick'])).toMatchObject({ smoke: false, subjects: 10_000 });
    expect(parseOptions([])).toMatchObject({ subjects: 1_000_000, reps: 5, durationSec: 10, withdrawals: 10_000 });
  });

  it('--only and --seed-only run nothing beside the scale databases (no scenarios L, no banner)', () => {
    expect(parseOptions([]).sidePhases).toBe(true);
    expect(parseOptions(['--quick']).sidePhases).toBe(true);
    for (const argv of [['--seed-only'], ['--only', 'overview'], ['--only', 'checkpoint'], ['--only', '1b,4']])
      expect(parseOptions(argv).sidePhases).toBe(false);
  });
});
