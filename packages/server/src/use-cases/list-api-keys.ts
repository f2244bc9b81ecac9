import type { ApiKeyInfo } from '../db/access.repository.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Every API key, without secrets (ADMIN). */
export async function listApiKeys(
  deps: Pick<UseCaseDeps, 'access'>,
  principal: Principal | null,
): Promise<ApiKeyInfo[]> {
  requireRole(principal, ['ADMIN']);
  return deps.access.listApiKeys();
}
