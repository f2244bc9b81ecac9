import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { checkpointBuilder, inMerkleOrder, type ChainHead } from '@assent/core';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { UseCaseDeps } from './deps.ts';

/** The JWS header typ of a checkpoint. */
export const CHECKPOINT_TYP = 'ledger-checkpoint+jws';

/**
 * Heads hashed (or compared) between two yields to the event loop: a checkpoint over a million subjects hashes two
 * million times, which in one go would hold every write of this process back for seconds (BENCHMARKS.md, scenario 10).
 */
const SLICE = 2_000;

/**
 * Signs a checkpoint over every subject's chain head (contract 1.1) and appends it with the heads that moved since
 * the one before. The server's own use case (the scheduler, `pnpm assent checkpoint`, both under the checkpoint
 * maker's lease: see services/checkpoint-scheduler.ts): no caller to authorize. With `onlyIfChanged`, nothing is made
 * when the ledger holds what the newest checkpoint covers (or nothing yet). The Merkle tree is built in slices with the event loop
 * free in between, so the process's writes go on while it runs.
 */
export async function makeCheckpoint(
  deps: Pick<UseCaseDeps, 'ledger' | 'checkpoints' | 'signing' | 'now'>,
  opts: { onlyIfChanged?: boolean } = {},
): Promise<StoredCheckpoint | null> {
  const previous = await deps.checkpoints.newest();
  // Scheduled: nothing when no record was added since the newest checkpoint (or ever: an empty ledger waits for its first).
  if (opts.onlyIfChanged && (await deps.ledger.count()) === (previous?.records ?? 0)) return null;
  const at = deps.now();
  const heads = inMerkleOrder(await deps.ledger.listChainHeads());
  const tree = checkpointBuilder();
  for (let i = 0; i < heads.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToOthers();
    tree.add(heads[i]!);
  }
  const statement = tree.statement(randomUUID(), at);
  if (opts.onlyIfChanged && previous?.root === statement.root) return null;
  const before = new Map<string, ChainHead>();
  const was = previous ? await deps.checkpoints.listHeadsAt(previous.seq) : [];
  for (let i = 0; i < was.length; i++) {
    if (i > 0 && i % (SLICE * 10) === 0) await yieldToOthers();
    before.set(was[i]!.subjectId, was[i]!);
  }
  const moved: ChainHead[] = [];
  for (let i = 0; i < heads.length; i++) {
    if (i > 0 && i % (SLICE * 10) === 0) await yieldToOthers();
    const h = heads[i]!;
    const b = before.get(h.subjectId);
    if (!b || b.seq !== h.seq || b.hash !== h.hash) moved.push(h);
  }
  const checkpoint: StoredCheckpoint = {
    ...statement,
    at,
    seq: await deps.checkpoints.nextSeq(),
    jws: await deps.signing.sign(statement, CHECKPOINT_TYP),
  };
  await deps.checkpoints.append(checkpoint, moved);
  return checkpoint;
}
