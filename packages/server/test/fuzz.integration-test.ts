import fc from 'fast-check';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  isCompositeType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from '../src/graphql/apollo.ts';
import { ADMIN_TOKEN, apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

// Property-based fuzzing of every mutation through the real HTTP API (issue 18): arbitrary JSON for every argument,
// and values shaped like each argument's type with wrong parts (strings with control characters, huge and tiny
// numbers, impossible dates, deep evidence). Whatever comes in: no HTTP 5xx, every error carries a contract code, and
// a refused call writes nothing (ledger, projection, outbox, catalog and keys counted before and after each call).
// Bounded in time: FUZZ_SECONDS per database (default 15).

const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'CONSENT_NOT_APPLICABLE',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
]);
// Contract operations this server does not provide yet answer INTERNAL_SERVER_ERROR naming what is missing.
const NOT_BUILT = new Set(['eraseSubject']);
const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 15);

const schema = buildSchema({ database: 'sqlite', version: 'fuzz' });
const mutations = Object.values(schema.getMutationType()!.getFields());

// Strings a person, a product or an attacker might send: valid-looking ones that reach deep into the rules, and
// ones with control characters, lone surrogates, NULs, huge lengths.
const plausibleStrings = [
  'analytics',
  'marketing-email',
  'tax-records',
  'user-1',
  'v_AAAAAAAAAAAAAAAAAAAAAA',
  'notice-v1',
  'en',
  'de-CH',
  'signup-form/checkbox',
  'http://127.0.0.1:9/hook',
  'http://[::a9fe:a9fe]/',
  'https://w3id.org/dpv#Marketing',
  'Sec-GPC',
  'navigator.globalPrivacyControl',
  '2026-11-29T15:34:55.123Z',
];
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0007', '\n', '\r', '\u001b', '\u007f', '\ud800', '\udfff', 'a', ' '),
  }),
  fc.constantFrom('', ' ', '  padded  ', '\u0000', 'x'.repeat(70_000), '\ud83d', '💥'.repeat(300)),
);
const stringLike = fc.oneof(fc.constantFrom(...plausibleStrings), nastyString);
const numberLike = fc.oneof(
  fc.integer({ min: -5, max: 100_000 }),
  fc.constantFrom(0, -1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 5e-324, 0.5, 31_536_001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const dateLike = fc.oneof(
  fc
    .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2026-02-30T00:00:00Z',
    '2025-02-29T10:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-11-29',
    '9999-12-31T23:59:59.999Z',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    'yesterday',
  ),
  stringLike,
);
/** Evidence nested deeper than any limit, as arrays and objects. */
const deepEvidence = fc.integer({ min: 1, max: 400 }).map((depth) => {
  let v: unknown = { ticket: 'F-1' };
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
});
const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: deepEvidence },
  { weight: 1, arbitrary: fc.constantFrom(false, 0, '', [], {}, null, true, 1) },
);

/** Values shaped like an input type, each part right or wrong. */
function valueOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  const wrong = depth > 3 ? anyJson : fc.oneof(anyJson, stringLike, numberLike);
  if (isNonNullType(type)) return fc.oneof({ weight: 12, arbitrary: valueOf(type.ofType, depth) }, fc.constant(null));
  let shaped: fc.Arbitrary<unknown>;
  if (isListType(type)) shaped = fc.array(valueOf(type.ofType, depth + 1), { maxLength: 4 });
  else if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    shaped = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, depth + 1)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  } else if (isEnumType(type)) shaped = fc.constantFrom(...type.getValues().map((v) => v.name));
  else if (isScalarType(type)) {
    shaped =
      type.name === 'Int' || type.name === 'Float'
        ? numberLike
        : type.name === 'Boolean'
          ? fc.boolean()
          : type.name === 'DateTime'
            ? dateLike
            : type.name === 'JSON'
              ? anyJson
              : stringLike;
  } else shaped = anyJson;
  return fc.oneof({ weight: 8, arbitrary: shaped }, { weight: 1, arbitrary: wrong });
}

/** A document calling one mutation with every argument as a variable. */
function documentOf(field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a: GraphQLArgument) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `mutation${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

let s: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Budgets no fuzzing run reaches: limits stay on (their path is fuzzed too) without refusing the fuzzer.
  s = await startTestServer({
    ASSENT_RATE_LIMIT_SUBJECT: '1000000',
    ASSENT_RATE_LIMIT_ANONYMOUS: '1000000',
    ASSENT_RATE_LIMIT_FAILED_AUTH: '1000000',
  });
  tokens.ADMIN = ADMIN_TOKEN;
  tokens.SERVICE = await apiKey(s, 'SERVICE');
  tokens.SUPPORT = await apiKey(s, 'SUPPORT');
  tokens.SUBJECT = await subjectToken(s, 'user-1', 3600);
});
afterAll(async () => s?.close());

/** One fuzzed call: no 5xx, a contract code on every error, and a refused call leaves every count as it was. */
async function fuzzCall(
  field: GraphQLField<unknown, unknown>,
  query: string,
  vars: Record<string, unknown>,
  who: string,
  seen: { calls: number; refused: number; accepted: number },
) {
  const before = await counts(s);
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(who === 'none' ? {} : { authorization: `Bearer ${tokens[who]}` }),
    },
    body: JSON.stringify({ query, variables: vars }),
  });
  const text = await res.text();
  seen.calls += 1;
  const context = `${field.name} as ${who}: HTTP ${res.status} ${text.slice(0, 600)}\nvariables: ${JSON.stringify(vars).slice(0, 600)}`;
  expect(res.status, context).toBeLessThan(500);
  const body = JSON.parse(text) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  if (!body.errors?.length) {
    seen.accepted += 1;
    return;
  }
  seen.refused += 1;
  for (const e of body.errors) {
    expect(CONTRACT_CODES.has(e.extensions?.code ?? ''), context).toBe(true);
    if (!NOT_BUILT.has(field.name)) expect(e.extensions?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
  }
  // No data alongside an error (a nullable field answers null).
  for (const v of Object.values((body.data ?? {}) as Record<string, unknown>)) expect(v, context).toBeNull();
  const after = await counts(s);
  expect(after, `${context}\nbefore ${JSON.stringify(before)} after ${JSON.stringify(after)}`).toEqual(before);
}

describe(`fuzzing every mutation through HTTP (${suiteKind})`, () => {
  it(
    `no 5xx, a contract code on every error, nothing written by a refused call (${FUZZ_SECONDS} s)`,
    async () => {
      const deadline = Date.now() + FUZZ_SECONDS * 1000;
      const perMutation = Math.max(1, Math.floor((FUZZ_SECONDS * 1000) / mutations.length));
      const seen = { calls: 0, refused: 0, accepted: 0 };
      for (const field of mutations) {
        const query = documentOf(field);
        const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueOf(a.type)])));
        const role = fc.constantFrom('ADMIN', 'SERVICE', 'SUPPORT', 'SUBJECT', 'none');
        const stopAt = Math.min(deadline, Date.now() + perMutation);
        let inFlight: Promise<unknown> = Promise.resolve();
        await fc.assert(
          fc.asyncProperty(variables, role, (vars, who) => {
            const run = fuzzCall(field, query, vars, who, seen);
            // interruptAfterTimeLimit abandons the run in flight: it is awaited below, before the next mutation's
            // first count, so its write can never land between another call's two counts.
            inFlight = run.catch(() => {});
            return run;
          }),
          {
            numRuns: 100_000,
            interruptAfterTimeLimit: Math.max(1, stopAt - Date.now()),
            markInterruptAsFailure: false,
          },
        );
        await inFlight;
      }
      console.info(
        `fuzz (${suiteKind}): ${seen.calls} calls over ${mutations.length} mutations, ${seen.refused} refused, ${seen.accepted} accepted`,
      );
      // The fuzzer reached both sides: refusals and writes that went through.
      expect(seen.refused).toBeGreaterThan(0);
      expect(seen.accepted).toBeGreaterThan(0);
    },
    (FUZZ_SECONDS + 60) * 1000,
  );
});
