import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../services/auth.service.ts';
import type { Context } from './context.ts';
import { budgetOf, requestBudgets, type EdgeBudget } from './request-budgets.ts';

const op = (source: string) =>
  parse(source).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
const key = (role: 'ADMIN' | 'SERVICE' | 'SUPPORT'): Principal => ({
  role,
  kind: role,
  id: `k-${role}`,
  via: 'api-key',
});
const subject: Principal = { role: 'SUBJECT', kind: 'SUBJECT', id: 'ada', subjectId: 'ada', via: 'subject-token' };
const DECIDE = '{ decide(subjectId: "a", purposeKey: "p") { allowed } }';

describe('budgetOf', () => {
  it.each([
    [
      'a SERVICE key asking decide spends the decisions budget per key',
      key('SERVICE'),
      DECIDE,
      'decisions',
      'key:k-SERVICE',
    ],
    [
      'decideMany with __typename too',
      key('SERVICE'),
      '{ __typename decideMany(requests: []) { allowed } }',
      'decisions',
      'key:k-SERVICE',
    ],
    [
      'a SERVICE key asking anything else spends its apiKey budget',
      key('SERVICE'),
      '{ purposes { key } }',
      'apiKey',
      'key:k-SERVICE',
    ],
    [
      'decide mixed with another field is not a decisions-only query',
      key('SERVICE'),
      '{ decide(subjectId: "a", purposeKey: "p") { allowed } purposes { key } }',
      'apiKey',
      'key:k-SERVICE',
    ],
    [
      'an ADMIN key deciding spends apiKey (the largest budget is for services)',
      key('ADMIN'),
      DECIDE,
      'apiKey',
      'key:k-ADMIN',
    ],
    ['a subject token spends per subject', subject, DECIDE, 'subject', 'subject:ada'],
    ['no token spends per IP', null, DECIDE, 'anonymous', 'ip:203.0.113.9'],
  ] as const)('%s', (_rule, principal, source, budget, k) => {
    expect(budgetOf(principal, op(source), '203.0.113.9')).toEqual({ budget, key: k });
  });
});

describe('requestBudgets', () => {
  const spent: [EdgeBudget, string][] = [];
  const plugin = requestBudgets({ consume: async (budget, k) => void spent.push([budget, k]) });
  const resolve = async (contextValue: Partial<Context>) => {
    const hooks = (await plugin.requestDidStart!({} as never)) as unknown as {
      didResolveOperation(a: { operation: OperationDefinitionNode; contextValue: Context }): Promise<void>;
    };
    return hooks.didResolveOperation({ operation: op(DECIDE), contextValue: contextValue as Context });
  };

  it('spends once per operation, and not again for a request whose budget the fast path already spent', async () => {
    spent.length = 0;
    await resolve({ principal: key('SERVICE'), authError: null, clientIp: 'ip' });
    await resolve({ principal: key('SERVICE'), authError: null, clientIp: 'ip', budgetSpent: true });
    expect(spent).toEqual([['decisions', 'key:k-SERVICE']]);
  });

  it('refuses a request the fast path found over budget with that refusal, spending nothing more', async () => {
    spent.length = 0;
    const refusal = new Error('over');
    await expect(
      resolve({ principal: key('SERVICE'), authError: null, clientIp: 'ip', rateLimited: refusal }),
    ).rejects.toBe(refusal);
    expect(spent).toEqual([]);
  });
});
