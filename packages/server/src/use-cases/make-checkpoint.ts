import { randomUUID } from 'node:crypto';
import { checkpointStatement, compareHeads } from '@assent/core';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { UseCaseDeps } from './deps.ts';

/** The JWS header typ of a checkpoint. */
export const CHECKPOINT_TYP = 'ledger-checkpoint+jws';

/**
 * Signs a checkpoint over every subject's chain head (contract 1.1) and appends it with the heads that moved since
 * the one before. The server's own use case (the scheduler, `pnpm assent checkpoint`): no caller to authorize.
 * With `onlyIfChanged`, nothing is made when the ledger holds what the newest checkpoint covers.
 */
export async function makeCheckpoint(
  deps: Pick<UseCaseDeps, 'ledger' | 'checkpoints' | 'signing' | 'now'>,
  opts: { onlyIfChanged?: boolean } = {},
): Promise<StoredCheckpoint | null> {
  const previous = await deps.checkpoints.newest();
  if (opts.onlyIfChanged && previous && (await deps.ledger.count()) === previous.records) return null;
  const at = deps.now();
  const heads = (await deps.ledger.listChainHeads()).sort(compareHeads);
  const statement = checkpointStatement(randomUUID(), at, heads);
  if (opts.onlyIfChanged && previous?.root === statement.root) return null;
  const before = new Map(
    previous ? (await deps.checkpoints.listHeadsAt(previous.seq)).map((h) => [h.subjectId, h] as const) : [],
  );
  const moved = heads.filter((h) => {
    const was = before.get(h.subjectId);
    return !was || was.seq !== h.seq || was.hash !== h.hash;
  });
  const checkpoint: StoredCheckpoint = {
    ...statement,
    at,
    seq: await deps.checkpoints.nextSeq(),
    jws: await deps.signing.sign(statement, CHECKPOINT_TYP),
  };
  await deps.checkpoints.append(checkpoint, moved);
  return checkpoint;
}
