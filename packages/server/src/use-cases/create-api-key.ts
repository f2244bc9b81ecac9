import { randomUUID } from 'node:crypto';
import { parseInput, ZApiKeyName, ZApiKeyRole, type Role } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** The role and name of a new API key. */
export interface CreateApiKeyInput {
  role: Role;
  name: string;
}

/** Creates an API key (ADMIN); the secret is returned once and only its hash is stored. */
export async function createApiKey(
  deps: Pick<UseCaseDeps, 'access' | 'auth' | 'now'>,
  principal: Principal | null,
  input: CreateApiKeyInput,
): Promise<{ id: string; role: Role; name: string; secret: string }> {
  requireRole(principal, ['ADMIN']);
  const role = parseInput(ZApiKeyRole, input.role, 'role');
  const name = parseInput(ZApiKeyName, input.name, 'name');
  const { secret, secretHash } = deps.auth.newApiKeySecret();
  const key = await deps.access.createApiKey({ id: randomUUID(), role, name, secretHash, createdAt: deps.now() });
  return { id: key.id, role: key.role, name: key.name, secret };
}
