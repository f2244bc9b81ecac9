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
  const seq = await deps.checkpoints.nextSeq();
  // The moved heads are stored as the thread finds them, one chunk after another (a first checkpoint's before it
  // hashes, so both go on at once), unless an earlier attempt died after storing some (its rows stay, the table refuses
  // DELETE, and count for nothing: see nextSeq): then only once the tree is built, so a failure that repeats (the
  // thread running out of memory) adds no more rows.
  const early = seq === (previous?.seq ?? 0) + 1;
  const stored = inOrder((rows: string) => deps.checkpoints.appendHeads(seq, rows));
  let built;
  try {
    built = await deps.checkpointTree(
      previous && { seq: previous.seq, root: previous.root },
      early ? (c) => stored.add(c.rows) : undefined,
    );
  } finally {
    await stored.settled();
  }
  // Not handed over as they came: the tree holds them.
  const { moved, ...tree } = built;
  for (const rows of moved.chunks) stored.add(rows);
  await stored.done();
  // The same root: the same heads as the newest checkpoint, so none moved and nothing was stored.
  if (opts.onlyIfChanged && previous?.root === tree.root) return null;
  const statement: CheckpointStatement = { id: randomUUID(), at: at.toISOString(), ...tree };
  const checkpoint: StoredCheckpoint = {
    ...statement,
    at,
    seq,
    jws: await deps.signing.sign(statement, CHECKPOINT_TYP),
  };
  await deps.checkpoints.append(checkpoint);
  return checkpoint;
}

/**
 * Runs `write` for each item added, one after another in the order added; after a failure nothing more is written.
 * `settled` waits for what was started; `done` also rethrows the first failure.
 */
function inOrder<T>(write: (item: T) => Promise<void>) {
  let chain: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  return {
    add(item: T): void {
      chain = chain
        .then(() => (failure ? undefined : write(item)))
        .catch((error: unknown) => void (failure ??= { error }));
    },
    settled: () => chain,
    async done(): Promise<void> {
      await chain;
      if (failure) throw failure.error;
    },
  };
}
