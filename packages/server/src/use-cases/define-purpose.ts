import { parseInput, ZPurposeInput, type LegalBasis, type Purpose } from '@assent/core';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** A purpose to define as a client sends it. */
export interface DefinePurposeInput {
  key: string;
  title: string;
  description: string;
  legalBasis: LegalBasis;
}

/** Defines a purpose (ADMIN); CONFLICT when the key exists. */
export async function definePurpose(
  deps: Pick<UseCaseDeps, 'catalogRepo' | 'catalog' | 'now'>,
  principal: Principal | null,
  input: DefinePurposeInput,
): Promise<Purpose> {
  requireRole(principal, ['ADMIN']);
  const valid = parseInput(ZPurposeInput, input);
  const created = await deps.catalogRepo.createPurpose(valid, deps.now());
  await deps.catalog.refresh();
  return created;
}
