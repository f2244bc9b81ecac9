import { AssentError, parseInput, ZSubjectId, ZSubjectListFirst } from '@assent/core';
import { z } from 'zod';
import { decodeSubjectCursor, type SubjectListPage } from '../db/subject-directory.repository.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** Which page of a subject list. */
export interface SubjectListInput {
  first?: number | null;
  after?: string | null;
}

const cursor = (after: string | null | undefined, parts: number, field: string) => {
  if (after == null) return undefined;
  const decoded = decodeSubjectCursor(after, parts);
  if (!decoded) throw new AssentError('BAD_USER_INPUT', `after: not a cursor returned by ${field}.`);
  return decoded;
};

/** Subjects whose id starts with `prefix`, in id order (ADMIN, SUPPORT): support finds a person from a partial id. */
export async function subjectsByPrefix(
  deps: Pick<UseCaseDeps, 'subjects'>,
  principal: Principal | null,
  input: SubjectListInput & { prefix: string },
): Promise<SubjectListPage> {
  requireRole(principal, ['ADMIN', 'SUPPORT']);
  const { prefix, first } = parseInput(z.object({ prefix: ZSubjectId, first: ZSubjectListFirst }), {
    prefix: input.prefix,
    first: input.first ?? 20,
  });
  const after = cursor(input.after, 1, 'subjectsByPrefix');
  return deps.subjects.listByPrefix({ prefix, first, after });
}

/** Subjects by their latest ledger change, newest first (ADMIN, SUPPORT). */
export async function recentlyChangedSubjects(
  deps: Pick<UseCaseDeps, 'subjects'>,
  principal: Principal | null,
  input: SubjectListInput,
): Promise<SubjectListPage> {
  requireRole(principal, ['ADMIN', 'SUPPORT']);
  const { first } = parseInput(z.object({ first: ZSubjectListFirst }), { first: input.first ?? 20 });
  const after = cursor(input.after, 2, 'recentlyChangedSubjects');
  if (after && (isNaN(Date.parse(after[0]!)) || !after[0]!.endsWith('Z')))
    throw new AssentError('BAD_USER_INPUT', 'after: not a cursor returned by recentlyChangedSubjects.');
  return deps.subjects.listRecentlyChanged({ first, after });
}
