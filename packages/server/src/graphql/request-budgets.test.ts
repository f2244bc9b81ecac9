import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../services/auth.service.ts';
import { budgetOf } from './request-budgets.ts';

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
