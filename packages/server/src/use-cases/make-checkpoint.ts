import { randomUUID } from 'node:crypto';
import type { CheckpointStatement } from '@assent/core';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { UseCaseDeps } from './deps.ts';

/** The JWS header typ of a checkpoint. */
export const CHECKPOINT_TYP = 'ledger-checkpoint+jws';

/**
 * Signs a checkpoint over every subject's chain head (contract 1.1) and appends it with the heads that moved since
 * the one before. The server's own use case (the scheduler, `pnpm assent checkpoint`, both under the checkpoint
 * maker's lease: see services/checkpoint-scheduler.ts): no caller to authorize. With `onlyIfChanged`, nothing is made
 * when the ledger holds what the newest checkpoint covers (or nothing yet). Reading the heads, the Merkle tree (core's
 * checkpointSummary) and finding the moved heads run in a thread of their own (services/checkpoint-tree.ts), so the
 * process's writes go on while it runs.
 */
export async function makeCheckpoint(
  deps: Pick<UseCaseDeps, 'ledger' | 'checkpoints' | 'checkpointTree' | 'signing' | 'now'>,
  opts: { onlyIfChanged?: boolean } = {},
): Promise<StoredCheckpoint | null> {
  const previous = await deps.checkpoints.newest();
  // Scheduled: nothing when no record was added since the newest checkpoint (or ever: an empty ledger waits for its first).
  if (opts.onlyIfChanged && (await deps.ledger.count()) === (previous?.records ?? 0)) return null;
  const at = deps.now();
  const { moved, ...tree } = await deps.checkpointTree(previous && { seq: previous.seq, root: previous.root });
  if (opts.onlyIfChanged && previous?.root === tree.root) return null;
  const statement: CheckpointStatement = { id: randomUUID(), at: at.toISOString(), ...tree };
  const checkpoint: StoredCheckpoint = {
    ...statement,
    at,
    seq: await deps.checkpoints.nextSeq(),
    jws: await deps.signing.sign(statement, CHECKPOINT_TYP),
  };
  await deps.checkpoints.append(checkpoint, moved);
  return checkpoint;
}
