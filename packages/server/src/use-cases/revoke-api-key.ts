import { parseInput, ZApiKeyId } from '@assent/core';
import type { ApiKeyInfo } from '../db/access.repository.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Revokes an API key (ADMIN): it stops working at once on this instance, within the key cache's lifetime elsewhere. */
export async function revokeApiKey(
  deps: Pick<UseCaseDeps, 'access' | 'auth' | 'now'>,
  principal: Principal | null,
  input: { id: string },
): Promise<ApiKeyInfo> {
  requireRole(principal, ['ADMIN']);
  const revoked = await deps.access.revokeApiKey(parseInput(ZApiKeyId, input.id, 'id'), deps.now());
  deps.auth.forgetApiKey(revoked.id);
  return revoked;
}
