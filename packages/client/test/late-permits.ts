import { expect } from 'vitest';
import { steadyNow, type LocalDecider } from '../src/index.ts';

/**
 * Asks the decider every 50 ms for `forMs` after a withdrawal made at `withdrawnAt` (on the decider's steady clock,
 * steadyNow): a yes may only be dated before the withdrawal (an answer within the staleness bound), never as of a
 * later moment it does not know.
 */
export async function expectNoPermitAfter(
  decider: LocalDecider,
  subjectId: string,
  purposeKey: string,
  withdrawnAt: number,
  forMs: number,
): Promise<void> {
  let decisions = 0;
  while (steadyNow() - withdrawnAt < forMs) {
    const d = decider.decide(subjectId, purposeKey);
    if (d.allowed) expect(d.asOf).toBeLessThan(withdrawnAt);
    decisions++;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(decisions).toBeGreaterThan(10);
}
