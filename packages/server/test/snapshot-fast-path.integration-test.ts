import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.ts';
import { startApp, type App } from '../src/http/server.ts';
import { createLogger } from '../src/logger.ts';
import { ADMIN_TOKEN, apiKey, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

// A consentSnapshot document Apollo has already run compiled is answered on the decide fast path with its page written
// as JSON by the database (http/snapshot-document.ts). The same requests, against a second server on the same database
// with the JIT and the fast path off, answer alike: the same status, headers and body, byte for byte, page after page.

let fast: TestServer;
let plain: App;
const tokens = {} as Record<'SERVICE' | 'SUPPORT' | 'SUBJECT' | 'TEACHER', string>;

const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }';
const WITHDRAW = 'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { id } }';
const REFUSE = 'mutation($i: ConsentInput!) { refuseConsent(input: $i) { id } }';
const ERASE = 'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "test") { subjectId } }';
const input = (subjectId: string, purposeKey: string) => ({
  i: { subjectId, purposeKey, channel: 'API', method: 'snapshot-test', evidence: { ticket: 'SNAP-1' } },
});

async function post(url: string, body: unknown, token: string | null) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const headers = [...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive');
  return { status: res.status, headers, text: await res.text() };
}

beforeAll(async () => {
  fast = await startTestServer();
  tokens.SERVICE = await apiKey(fast, 'SERVICE');
  tokens.SUPPORT = await apiKey(fast, 'SUPPORT');
  tokens.TEACHER = await apiKey(fast, 'SERVICE', 'teacher');
  tokens.SUBJECT = await subjectToken(fast, 'snapfp-00');
  const ids = [
    ...Array.from({ length: 12 }, (_, i) => `snapfp-${String(i).padStart(2, '0')}`),
    'snapfp-q"uote\\',
    'snapfp-Zoë-名前-😀',
  ];
  for (const [i, subjectId] of ids.entries()) {
    const writes: [string, string][] = [[GRANT, 'marketing-email']];
    if (i % 3 === 0) writes.push([WITHDRAW, 'marketing-email']);
    if (i % 2 === 0) writes.push([GRANT, 'analytics']);
    if (i % 4 === 1) writes.push([REFUSE, 'analytics']);
    for (const [q, p] of writes)
      expect((await fast.gql(q, input(subjectId, p), tokens.SERVICE)).errors).toBeUndefined();
  }
  // An erased subject (its rows ERASE) and rows recorded under the older notice version (personalization asks again).
  expect((await fast.gql(ERASE, { s: 'snapfp-05' })).errors).toBeUndefined();
  await fast.app.core.db.prisma.consentState.createMany({
    data: ['snapfp-01', 'snapfp-02'].map((subjectId) => ({
      subjectId,
      purposeKey: 'personalization',
      recordId: `rec-old-${subjectId}`,
      action: 'GRANT',
      noticeVersion: 1,
      occurredAt: new Date('2026-01-02T03:04:05.678Z'),
      recordedAt: new Date('2026-01-02T03:04:05.678Z'),
    })),
  });
  // A notice that asks for personalization again: the rows above, recorded under version 1, answer RECONSENT_REQUIRED.
  const purposes = (
    await fast.gql<{ purposes: { key: string; title: string; description: string; active: boolean }[] }>(
      '{ purposes { key title description active } }',
    )
  ).data!.purposes;
  const publish = await fast.gql('mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { version } }', {
    i: {
      acceptReadabilityIssues: true,
      summary: 'We now personalise more of the site.',
      purposes: purposes
        .filter((p) => p.active)
        .map((p) => ({
          purposeKey: p.key,
          title: p.title,
          description: p.description,
          requiresReconsent: p.key === 'personalization',
        })),
    },
  });
  expect(publish.errors).toBeUndefined();
  // Started after the catalog changed, so both servers hold the same catalog.
  plain = await startApp(
    parseEnv({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: fast.app.core.env.DATABASE_URL,
      ASSENT_ADMIN_TOKEN: ADMIN_TOKEN,
      ASSENT_SEED: 'none',
      LOG_LEVEL: 'silent',
      ASSENT_GRAPHQL_JIT: 'off',
      ASSENT_DECIDE_FAST_PATH: 'off',
      ASSENT_DISPATCHER: 'off',
      ASSENT_WARM_PROJECTION: 'off',
    }),
    { logger: createLogger('silent') },
  );
});
afterAll(async () => {
  await plain?.close();
  await fast?.close();
});

const ALL_FIELDS = 'subjectId purposeKey status allowed recordId occurredAt';
const DOC = `query($k: [ID!]!, $first: Int, $after: String) {
  consentSnapshot(purposeKeys: $k, first: $first, after: $after) {
    rows { ${ALL_FIELDS} } endCursor hasNextPage streamSequence outboxSeq
  }
}`;
const CLIENT_DOC = `query LocalDecisions($purposeKeys: [ID!]!, $first: Int, $after: String) {
  snap: consentSnapshot(purposeKeys: $purposeKeys, first: $first, after: $after) {
    __typename outboxSeq more: hasNextPage
    r: rows { allowed __typename s: subjectId purposeKey status }
    endCursor streamSequence
  }
}`;
const LITERAL_DOC = `{ consentSnapshot(purposeKeys: ["analytics", "personalization"], first: 4) { hasNextPage rows { occurredAt recordId } endCursor } }`;
const NO_ROWS_DOC = `query($k: [ID!]!) { consentSnapshot(purposeKeys: $k) { streamSequence outboxSeq hasNextPage endCursor } }`;
const PURPOSES = ['marketing-email', 'analytics', 'personalization'];

/** Teaches the fast path a document (two clean runs through Apollo: it is compiled on the second). */
async function teach(query: string, variables: Record<string, unknown>) {
  for (let i = 0; i < 2; i++)
    expect((await post(fast.url, { query, variables }, tokens.TEACHER)).text).not.toContain('"errors"');
}

/** Posts to both servers and expects the same answer; returns it and how many requests the fast path answered. */
async function both(body: unknown, token: string | null) {
  const before = fast.app.graphqlStats().fastPath;
  const got = await post(fast.url, body, token);
  const served = fast.app.graphqlStats().fastPath - before;
  const expected = await post(plain.url, body, token);
  expect(got).toEqual(expected);
  return { answer: got, served };
}

/** Every page of a document on both servers, compared page by page; the pages' count and how many were served fast. */
async function pages(query: string, variables: Record<string, unknown>, cursor: (data: unknown) => string | null) {
  let after: string | null = null;
  let n = 0;
  let served = 0;
  do {
    const r = await both({ query, variables: { ...variables, after } }, tokens.SERVICE);
    expect(r.answer.status).toBe(200);
    expect(r.answer.text).not.toContain('"errors"');
    served += r.served;
    n++;
    after = cursor((JSON.parse(r.answer.text) as { data: unknown }).data);
  } while (after);
  return { n, served };
}

describe(`consentSnapshot on the fast path answers as Apollo does (${suiteKind})`, () => {
  it('every page of every purpose, all six row fields, withdrawn, refused and re-consent rows, an erased subject', async () => {
    await teach(DOC, { k: PURPOSES, first: 5 });
    const next = (d: unknown) => {
      const p = (d as { consentSnapshot: { hasNextPage: boolean; endCursor: string | null } }).consentSnapshot;
      return p.hasNextPage ? p.endCursor : null;
    };
    for (const first of [5, 7, 10_000]) {
      const r = await pages(DOC, { k: PURPOSES, first }, next);
      expect(r.served).toBe(r.n);
      if (first === 5) expect(r.n).toBeGreaterThan(4);
    }
    const text = (await post(fast.url, { query: DOC, variables: { k: PURPOSES } }, tokens.SERVICE)).text;
    for (const status of ['WITHDRAWN', 'REFUSED', 'GRANTED', 'RECONSENT_REQUIRED'])
      expect(text).toContain(`"status":"${status}"`);
    // The erased subject has no rows left.
    expect(text).not.toContain('snapfp-05');
    expect(text).toContain('"subjectId":"snapfp-q\\"uote\\\\"');
  });

  it("the client's selection: aliases, __typename, fields in another order, a named operation", async () => {
    await teach(CLIENT_DOC, { purposeKeys: PURPOSES, first: 3 });
    const r = await pages(CLIENT_DOC, { purposeKeys: ['personalization', 'analytics'], first: 3 }, (d) => {
      const p = (d as { snap: { more: boolean; endCursor: string | null } }).snap;
      return p.more ? p.endCursor : null;
    });
    expect(r.served).toBe(r.n);
  });

  it('arguments written in the document, and a selection without rows', async () => {
    await teach(LITERAL_DOC, {});
    expect((await both({ query: LITERAL_DOC }, tokens.SERVICE)).served).toBe(1);
    await teach(NO_ROWS_DOC, { k: ['analytics'] });
    expect((await both({ query: NO_ROWS_DOC, variables: { k: ['analytics'] } }, tokens.SERVICE)).served).toBe(1);
  });

  it('an empty projection, the admin token, and a purpose no row has', async () => {
    await teach(DOC, { k: PURPOSES, first: 5 });
    for (const [k, token] of [
      [['essential-service'], tokens.SERVICE],
      [['analytics'], ADMIN_TOKEN],
    ] as const)
      expect((await both({ query: DOC, variables: { k } }, token)).served).toBe(1);
  });

  it('a row outside the outcomes it knows (a notice version the catalog never had) is served by Apollo', async () => {
    await teach(DOC, { k: PURPOSES, first: 5 });
    await fast.app.core.db.prisma.consentState.create({
      data: {
        subjectId: 'snapfp-zz-odd',
        purposeKey: 'research',
        recordId: 'rec-odd',
        action: 'GRANT',
        noticeVersion: 99,
        occurredAt: new Date('2026-01-02T03:04:05.678Z'),
        recordedAt: new Date('2026-01-02T03:04:05.678Z'),
      },
    });
    const r = await both({ query: DOC, variables: { k: ['research'] } }, tokens.SERVICE);
    expect(r.answer.text).toContain('snapfp-zz-odd');
    expect(r.served).toBe(0);
  });

  it('errors and callers it must refuse are answered by Apollo, alike', async () => {
    await teach(DOC, { k: PURPOSES, first: 5 });
    const cases: [Record<string, unknown>, string | null, string][] = [
      [{ k: ['no-such-purpose'] }, tokens.SERVICE, 'NOT_FOUND'],
      [{ k: ['analytics'], first: 0 }, tokens.SERVICE, 'BAD_USER_INPUT'],
      [{ k: ['analytics'], first: 10_001 }, tokens.SERVICE, 'BAD_USER_INPUT'],
      [{ k: ['analytics'], after: 'not-a-cursor' }, tokens.SERVICE, 'BAD_USER_INPUT'],
      [{ k: ['analytics', 'analytics'] }, tokens.SERVICE, 'BAD_USER_INPUT'],
      [{ k: 'analytics', first: 'ten' }, tokens.SERVICE, 'BAD_USER_INPUT'],
      [{ k: ['analytics'] }, tokens.SUPPORT, 'FORBIDDEN'],
      [{ k: ['analytics'] }, tokens.SUBJECT, 'FORBIDDEN'],
      [{ k: ['analytics'] }, null, 'UNAUTHENTICATED'],
      [{ k: ['analytics'] }, 'assent_sk_unknown', 'UNAUTHENTICATED'],
      [{ k: ['analytics'] }, 'not-a-token', 'UNAUTHENTICATED'],
    ];
    for (const [variables, token, code] of cases) {
      const r = await both({ query: DOC, variables }, token);
      expect(r.served).toBe(0);
      expect(r.answer.text).toContain(`"code":"${code}"`);
    }
  });

  it('documents it does not plan (fragments, directives, two root fields) keep Apollo’s path', async () => {
    const docs = [
      `query($k: [ID!]!) { consentSnapshot(purposeKeys: $k) { ...P } } fragment P on ConsentSnapshotPage { hasNextPage rows { subjectId } }`,
      `query($k: [ID!]!, $y: Boolean!) { consentSnapshot(purposeKeys: $k) { hasNextPage rows { subjectId @include(if: $y) status } } }`,
      `query($k: [ID!]!) { a: consentSnapshot(purposeKeys: $k) { hasNextPage } b: consentSnapshot(purposeKeys: $k) { endCursor } }`,
    ];
    for (const query of docs) {
      const variables = { k: ['analytics'], y: true };
      await teach(query, variables);
      expect((await both({ query, variables }, tokens.SERVICE)).served).toBe(0);
    }
  });
});
