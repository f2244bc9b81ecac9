import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import { CHECKPOINT_MAKER_LEASE, exclusiveCheckpointMaker } from './checkpoint-scheduler.ts';

afterEach(() => void vi.useRealTimers());

describe('exclusiveCheckpointMaker', () => {
  it("renews the maker's lease while a long build runs, and stops once the lease is given up", async () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    let finish!: (cp: StoredCheckpoint | null) => void;
    const make = exclusiveCheckpointMaker({
      make: () => new Promise((r) => (finish = r)),
      tryLease: async (name, _holder, ttlMs) => {
        calls.push(`lease ${name} ${ttlMs}`);
        return true;
      },
      releaseLease: async (name) => void calls.push(`release ${name}`),
    });
    const made = make({ onlyIfChanged: false, waitMs: 0 });
    await vi.advanceTimersByTimeAsync(25 * 60_000);
    // Taken once, then renewed every third of its ten minutes.
    expect(calls).toEqual(Array(8).fill(`lease ${CHECKPOINT_MAKER_LEASE} 600000`));
    finish(null);
    await made;
    await vi.advanceTimersByTimeAsync(25 * 60_000);
    expect(calls.slice(8)).toEqual([`release ${CHECKPOINT_MAKER_LEASE}`]);
  });
});
