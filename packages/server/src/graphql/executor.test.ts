import { describe, expect, it } from 'vitest';
import { execute, GraphQLError, parse, type OperationDefinitionNode } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { hotPathExecutor, JIT_ROOT_FIELDS } from './executor.ts';

const schema = makeExecutableSchema({
  typeDefs: /* GraphQL */ `
    input DecideInput {
      subjectId: ID!
      purposeKey: ID!
    }
    type Decision {
      subjectId: ID!
      purposeKey: ID!
      allowed: Boolean!
      note: String
    }
    type Query {
      decide(subjectId: ID!, purposeKey: ID!): Decision!
      decideMany(requests: [DecideInput!]!): [Decision!]!
      other: String
    }
    type Mutation {
      touch: Int!
    }
  `,
  resolvers: {
    Query: {
      decide: (_: unknown, a: { subjectId: string; purposeKey: string }, ctx: Ctx) => decision(ctx, a),
      decideMany: (_: unknown, a: { requests: { subjectId: string; purposeKey: string }[] }, ctx: Ctx) =>
        a.requests.map((r) => decision(ctx, r)),
      other: (_: unknown, __: unknown, ctx: Ctx) => (ctx.calls++, 'x'),
    },
    Mutation: { touch: (_: unknown, __: unknown, ctx: Ctx) => ++ctx.calls },
  },
});

interface Ctx {
  calls: number;
}
function decision(ctx: Ctx, r: { subjectId: string; purposeKey: string }) {
  ctx.calls++;
  if (r.purposeKey === 'unknown')
    throw new GraphQLError(`No purpose "${r.purposeKey}".`, { extensions: { code: 'NOT_FOUND' } });
  return { ...r, allowed: r.subjectId.startsWith('yes'), note: null };
}

async function both(query: string, variables?: Record<string, unknown>, operationName: string | null = null) {
  const exec = hotPathExecutor<Ctx>(schema);
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === 'OperationDefinition' && (operationName === null || d.name?.value === operationName),
  )!;
  // The first execution runs on graphql-js, the second compiles.
  const first = await exec({ document, operation, operationName, variables, context: { calls: 0 }, queryHash: query });
  const jitCtx: Ctx = { calls: 0 };
  const jit = await exec({ document, operation, operationName, variables, context: jitCtx, queryHash: query });
  expect(JSON.parse(JSON.stringify(first))).toEqual(JSON.parse(JSON.stringify(jit)));
  const reference = await execute({
    schema,
    document,
    variableValues: variables,
    operationName,
    contextValue: { calls: 0 },
  });
  return {
    jit: JSON.parse(JSON.stringify(jit)),
    reference: JSON.parse(JSON.stringify(reference)),
    stats: exec.stats,
    calls: jitCtx.calls,
  };
}

describe('hotPathExecutor', () => {
  it('compiles decide and decideMany, with the same answer as graphql-js', async () => {
    const many = Array.from({ length: 50 }, (_, i) => ({
      subjectId: (i % 3 ? 'yes-' : 'no-') + i,
      purposeKey: 'analytics',
    }));
    for (const [query, variables] of [
      [
        'query($s: ID!) { decide(subjectId: $s, purposeKey: "analytics") { subjectId purposeKey allowed note __typename } }',
        { s: 'yes-1' },
      ],
      ['query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed purposeKey } }', { r: many }],
      [
        'query($r: [DecideInput!]!, $n: Boolean!) { a: decideMany(requests: $r) { allowed note @include(if: $n) } b: decide(subjectId: 7, purposeKey: "x") { subjectId allowed } }',
        { r: many, n: false },
      ],
    ] as const) {
      const r = await both(query, variables);
      expect(r.stats).toEqual({ compiled: 1, interpreted: 1, reran: 0 });
      expect(r.jit).toEqual(r.reference);
      expect(r.jit.errors).toBeUndefined();
    }
  });

  it('runs everything else on graphql-js: other root fields, mutations, fragments on the root', async () => {
    for (const query of [
      '{ decide(subjectId: "yes", purposeKey: "p") { allowed } other }',
      'mutation { touch }',
      '{ ...Root } fragment Root on Query { decide(subjectId: "yes", purposeKey: "p") { allowed } }',
    ]) {
      const r = await both(query);
      expect(r.stats).toEqual({ compiled: 0, interpreted: 2, reran: 0 });
      expect(r.jit).toEqual(r.reference);
    }
  });

  it('answers any error as graphql-js does, running the read again there: a resolver error, bad variables, a missing variable', async () => {
    const cases = [
      ['{ decide(subjectId: "yes", purposeKey: "unknown") { allowed } }', undefined],
      [
        'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
        {
          r: [
            { subjectId: 'yes', purposeKey: 'analytics' },
            { subjectId: 'yes', purposeKey: 'unknown' },
          ],
        },
      ],
      [
        'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
        { r: [{ subjectId: 1.5, purposeKey: 'analytics' }] },
      ],
      ['query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }', { r: [{ purposeKey: 'analytics' }] }],
      ['query($s: ID!) { decide(subjectId: $s, purposeKey: "p") { allowed } }', {}],
    ] as const;
    for (const [query, variables] of cases) {
      const r = await both(query, variables);
      expect(r.stats).toEqual({ compiled: 0, interpreted: 1, reran: 1 });
      expect(r.jit).toEqual(r.reference);
      expect(r.jit.errors.length).toBeGreaterThan(0);
    }
  });

  it('picks the operation named, and compiles only by the query hash and name it was given', async () => {
    const exec = hotPathExecutor<Ctx>(schema);
    const query = 'query A { other } query B { decide(subjectId: "yes", purposeKey: "p") { allowed } }';
    const document = parse(query);
    const op = (name: string) =>
      document.definitions.find(
        (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && d.name?.value === name,
      )!;
    for (let i = 0; i < 2; i++) {
      const b = await exec({
        document,
        operation: op('B'),
        operationName: 'B',
        variables: {},
        context: { calls: 0 },
        queryHash: 'h',
      });
      const a = await exec({
        document,
        operation: op('A'),
        operationName: 'A',
        variables: {},
        context: { calls: 0 },
        queryHash: 'h',
      });
      expect(b).toEqual({ data: { decide: { allowed: true } } });
      expect(a).toEqual({ data: { other: 'x' } });
    }
    expect(exec.stats).toEqual({ compiled: 1, interpreted: 3, reran: 0 });
  });

  it('compiles a query on its second execution only: one sent once never pays for compiling', async () => {
    const exec = hotPathExecutor<Ctx>(schema);
    for (let i = 0; i < 5; i++) {
      const query = `{ decide(subjectId: "yes-${i}", purposeKey: "p") { allowed } }`;
      await exec({
        document: parse(query),
        operation: parse(query).definitions[0] as OperationDefinitionNode,
        operationName: null,
        variables: {},
        context: { calls: 0 },
        queryHash: query,
      });
    }
    expect(exec.stats).toEqual({ compiled: 0, interpreted: 5, reran: 0 });
  });

  it('compiles nothing with an empty set of root fields (ASSENT_GRAPHQL_JIT=off)', async () => {
    const exec = hotPathExecutor<Ctx>(schema, { rootFields: new Set() });
    const document = parse('{ decide(subjectId: "yes", purposeKey: "p") { allowed } }');
    const operation = document.definitions[0] as OperationDefinitionNode;
    for (let i = 0; i < 3; i++)
      expect(
        await exec({ document, operation, operationName: null, variables: {}, context: { calls: 0 }, queryHash: 'h' }),
      ).toEqual({ data: { decide: { allowed: true } } });
    expect(exec.stats).toEqual({ compiled: 0, interpreted: 3, reran: 0 });
    expect(JIT_ROOT_FIELDS).toEqual(new Set(['decide', 'decideMany', 'consentSnapshot']));
  });
});
