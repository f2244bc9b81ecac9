import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  DangerousChangeType,
  findBreakingChanges,
  findDangerousChanges,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/env.ts';
import { startTestServer, suiteKind, type TestServer } from './harness.ts';

/**
 * The contract as the server ships it, and the shared copy product teams read: `../shared/contract/schema.graphql`
 * beside the repository. A checkout without it skips that one comparison, except in CI, where a missing copy fails.
 */
const SERVER_CONTRACT = path.join(repoRoot, 'packages/server/src/graphql/schema/contract.graphql');
const SHARED_CONTRACT = sharedContractPath();

/** `../shared/contract/schema.graphql` beside this checkout, or beside the repository it was cloned from (CI clones). */
function sharedContractPath(): string {
  const beside = (root: string) => path.resolve(root, '../shared/contract/schema.graphql');
  let origin = '';
  try {
    origin = execFileSync('git', ['-C', repoRoot, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a clone: only the checkout's own neighbour counts.
  }
  const candidates = [
    beside(repoRoot),
    ...(origin && path.isAbsolute(origin.replace(/^file:\/\//, '')) ? [beside(origin.replace(/^file:\/\//, ''))] : []),
  ];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

let s: TestServer;
let served: GraphQLSchema;
const contractText = readFileSync(SERVER_CONTRACT, 'utf8');
const contract = buildSchema(contractText);

/** Every schema coordinate the contract names, with the nullability-bearing type string or default where it has one. */
function coordinates(schema: GraphQLSchema): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of Object.values(schema.getTypeMap())) {
    if (t.name.startsWith('__')) continue;
    out.set(t.name, t.constructor.name);
    if (isObjectType(t) || isInterfaceType(t)) {
      for (const f of Object.values(t.getFields())) {
        out.set(`${t.name}.${f.name}`, String(f.type));
        for (const a of f.args)
          out.set(`${t.name}.${f.name}(${a.name}:)`, `${String(a.type)} = ${JSON.stringify(a.defaultValue ?? null)}`);
      }
    } else if (isInputObjectType(t)) {
      for (const f of Object.values(t.getFields()))
        out.set(`${t.name}.${f.name}`, `${String(f.type)} = ${JSON.stringify(f.defaultValue ?? null)}`);
    } else if (isEnumType(t)) {
      for (const v of t.getValues()) out.set(`${t.name}.${v.name}`, 'enum value');
    } else if (isUnionType(t)) {
      for (const m of t.getTypes()) out.set(`${t.name}|${m.name}`, 'member');
    }
  }
  return out;
}

async function introspect(
  token: string | null,
): Promise<{ status: number; body: { data?: IntrospectionQuery; errors?: unknown[] } }> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: getIntrospectionQuery({ inputValueDeprecation: true }) }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

beforeAll(async () => {
  s = await startTestServer();
  const r = await introspect(null);
  if (!r.body.data) throw new Error(`introspection failed: ${JSON.stringify(r.body.errors)}`);
  served = buildClientSchema(r.body.data);
});
afterAll(async () => s?.close());

describe(`the served schema contains the public contract (${suiteKind})`, () => {
  it.runIf(existsSync(SHARED_CONTRACT) || process.env.CI === 'true')(
    'the server ships the shared contract file verbatim',
    () => {
      expect(existsSync(SHARED_CONTRACT), `${SHARED_CONTRACT} is missing`).toBe(true);
      expect(readFileSync(SHARED_CONTRACT, 'utf8')).toBe(contractText);
    },
  );

  it('GraphQL answers are marked Cache-Control: no-store (decisions must never be served from a cache)', async () => {
    for (const token of [null, 'not-a-token']) {
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: '{ health { ok } }' }),
      });
      await res.arrayBuffer();
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('introspection works without a token', async () => {
    const r = await introspect(null);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data?.__schema.queryType?.name).toBe('Query');
    expect(r.body.data?.__schema.mutationType?.name).toBe('Mutation');
    expect(r.body.data?.__schema.subscriptionType?.name).toBe('Subscription');
  });

  it('nothing in the contract is removed, renamed or changed in type or nullability', () => {
    expect(findBreakingChanges(contract, served)).toEqual([]);
  });

  it('every argument and input field default of the contract is served unchanged', () => {
    const changed = findDangerousChanges(contract, served).filter(
      (c) => c.type === DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE,
    );
    expect(changed).toEqual([]);
  });

  it('every contract type, field, argument (with its default), input field and enum value is served', () => {
    const want = coordinates(contract);
    const have = coordinates(served);
    const missingOrDifferent = [...want]
      .filter(([k, v]) => have.get(k) !== v)
      .map(([k, v]) => `${k}: want ${v}, served ${have.get(k) ?? 'nothing'}`);
    expect(missingOrDifferent).toEqual([]);
    // A sanity bound so an empty parse cannot pass: the contract is large.
    expect(want.size).toBeGreaterThan(200);
    expect(want.get('Query.consentHistory(first:)')).toBe('Int = 50');
    expect(want.get('Mutation.issueSubjectToken(ttlSeconds:)')).toBe('Int = 900');
  });

  it('the comparison notices a removed field, a changed nullability and a changed default (the check can fail)', () => {
    const mutated = buildSchema(
      contractText
        .replace('  "True exactly when legalBasis is CONSENT."\n  requiresConsent: Boolean!\n', '')
        .replace('  previousHash: String\n', '  previousHash: String!\n')
        .replace('first: Int = 50, after: String', 'first: Int = 20, after: String'),
    );
    const breaking = findBreakingChanges(contract, mutated).map((c) => c.description);
    expect(breaking).toEqual(['Purpose.requiresConsent was removed.']);
    const dangerous = findDangerousChanges(contract, mutated).filter(
      (c) => c.type === DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE,
    );
    expect(dangerous.map((c) => c.description)).toEqual([
      'Query.consentHistory arg first has changed defaultValue from 50 to 20.',
    ]);
    // previousHash String -> String! on an output field is safe for clients, so only the coordinate walk sees it.
    expect(coordinates(mutated).get('ConsentRecord.previousHash')).toBe('String!');
  });
});
