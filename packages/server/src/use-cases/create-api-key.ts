import { randomUUID } from 'node:crypto';
import { parseInput, ZApiKeyName, ZApiKeyRole, type Role } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Creates an API key (ADMIN); the secret is returned once and only its hash is stored. */
export async function createApiKey(
  deps: Pick<UseCaseDeps, 'access' | 'auth' | 'now'>,
  principal: Principal | null,
  input: { role: Role; name: string },
): Promise<{ id: string; role: Role; name: string; secret: string }> {
  requireRole(principal, ['ADMIN']);
  const role = parseInput(ZApiKeyRole, input.role);
  const name = parseInput(ZApiKeyName, input.name);
  const { secret, secretHash } = deps.auth.newApiKeySecret();
  const key = await deps.access.createApiKey({ id: randomUUID(), role, name, secretHash, createdAt: deps.now() });
  return { id: key.id, role: key.role, name: key.name, secret };
}
