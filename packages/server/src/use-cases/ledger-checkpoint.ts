import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import type { UseCaseDeps } from './deps.ts';

/** The newest signed checkpoint (public: it names no subject), or null before the first. */
export function ledgerCheckpoint(deps: Pick<UseCaseDeps, 'checkpoints'>): Promise<StoredCheckpoint | null> {
  return deps.checkpoints.newest();
}
