import { describe, expect, it } from 'vitest';
import { DecisionStore, statusCode } from './decision-store.ts';

/** The budget per (subject, purpose) entry; the test fails only beyond twice that. */
const BUDGET = 64;
const T = Date.parse('2026-12-06T10:00:00.000Z');

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Loads `subjects × purposes` entries (ids like 'subject-0000123456', 18 characters) and measures. */
function measure(subjects: number, purposes: string[]) {
  const before = heapAfterGc();
  const store = new DecisionStore(purposes);
  const g = statusCode('GRANTED');
  for (let i = 0; i < subjects; i++) {
    const id = `subject-${String(i).padStart(10, '0')}`;
    for (let p = 0; p < purposes.length; p++) store.load(id, p, g, T + i);
  }
  const after = heapAfterGc();
  return { store, perEntry: (after - before) / store.entries, typedPerEntry: store.bytes() / store.entries };
}

// Building a million entries takes a few seconds on a busy machine: each test has a minute.
// Without --expose-gc (vitest.config.ts passes it) the heap figure is noise; the typed arrays, which hold everything, still count.
describe('decider memory', () => {
  it('runs with a collectable heap', () => {
    expect(gc, 'run with --expose-gc').toBeTypeOf('function');
  });

  it(`holds 1M (subject, purpose) entries within 2 × ${BUDGET} bytes each (1M subjects × 1 purpose, the worst case)`, () => {
    const { store, perEntry, typedPerEntry } = measure(1_000_000, ['marketing-email']);
    console.log(
      `1M × 1 purpose: ${perEntry.toFixed(1)} bytes/entry measured, ${typedPerEntry.toFixed(1)} in typed arrays`,
    );
    expect(store.entries).toBe(1_000_000);
    expect(typedPerEntry).toBeLessThanOrEqual(2 * BUDGET);
    expect(perEntry).toBeLessThanOrEqual(2 * BUDGET);
  }, 60_000);

  it(`holds 1M entries as 333,334 subjects × 3 purposes within 2 × ${BUDGET} bytes each`, () => {
    const { store, perEntry, typedPerEntry } = measure(333_334, ['marketing-email', 'analytics', 'ads']);
    console.log(
      `333k × 3 purposes: ${perEntry.toFixed(1)} bytes/entry measured, ${typedPerEntry.toFixed(1)} in typed arrays`,
    );
    expect(store.entries).toBe(1_000_002);
    expect(typedPerEntry).toBeLessThanOrEqual(2 * BUDGET);
    expect(perEntry).toBeLessThanOrEqual(2 * BUDGET);
  }, 60_000);
});
