import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
  // Written one after another, so each has a later recordedAt than the one before.
  for (const subjectId of ['cust-100', 'cust-101', 'cust-2', 'custard', 'Cust-9', 'other-1', 'cust-101']) {
    const r = await s.gql('mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }', {
      i: { subjectId, purposeKey: 'analytics', channel: 'API', method: 'test', evidence: { ref: 'search' } },
    });
    expect(r.errors).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
afterAll(async () => s?.close());

const PREFIX = `query($prefix: String!, $first: Int, $after: String) {
  subjectsByPrefix(prefix: $prefix, first: $first, after: $after) { subjects { subjectId lastChangeAt } endCursor hasNextPage }
}`;
const RECENT = `query($first: Int, $after: String) {
  recentlyChangedSubjects(first: $first, after: $after) { subjects { subjectId lastChangeAt } endCursor hasNextPage }
}`;
type List = { subjects: { subjectId: string; lastChangeAt: string }[]; endCursor: string | null; hasNextPage: boolean };

describe(`subject search on ${suiteKind}`, () => {
  it('finds subjects from the start of their id, case-sensitively, in id order, a page at a time', async () => {
    const one = await s.gql<{ subjectsByPrefix: List }>(PREFIX, { prefix: 'cust-', first: 2 });
    expect(one.errors).toBeUndefined();
    expect(one.data!.subjectsByPrefix.subjects.map((x) => x.subjectId)).toEqual(['cust-100', 'cust-101']);
    expect(one.data!.subjectsByPrefix.hasNextPage).toBe(true);
    const two = await s.gql<{ subjectsByPrefix: List }>(PREFIX, {
      prefix: 'cust-',
      first: 2,
      after: one.data!.subjectsByPrefix.endCursor,
    });
    expect(two.data!.subjectsByPrefix).toMatchObject({ subjects: [{ subjectId: 'cust-2' }], hasNextPage: false });
    expect(two.data!.subjectsByPrefix.endCursor).toBeNull();
    const all = await s.gql<{ subjectsByPrefix: List }>(PREFIX, { prefix: 'cust' });
    expect(all.data!.subjectsByPrefix.subjects.map((x) => x.subjectId)).toEqual([
      'cust-100',
      'cust-101',
      'cust-2',
      'custard',
    ]);
    const none = await s.gql<{ subjectsByPrefix: List }>(PREFIX, { prefix: 'nobody' });
    expect(none.data!.subjectsByPrefix).toEqual({ subjects: [], endCursor: null, hasNextPage: false });
  });

  it('lists subjects by their latest change, newest first, each once, across pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const r: { data?: { recentlyChangedSubjects: List } | null } = await s.gql<{ recentlyChangedSubjects: List }>(
        RECENT,
        { first: 4, after },
      );
      const list: List = r.data!.recentlyChangedSubjects;
      seen.push(...list.subjects.map((x) => x.subjectId));
      after = list.endCursor;
      if (!list.hasNextPage) break;
    }
    expect(seen).toEqual(['cust-101', 'other-1', 'Cust-9', 'custard', 'cust-2', 'cust-100']);
  });

  it('both lists give a subject the same lastChangeAt: its newest record, a back-dated one that changed no status too', async () => {
    const granted = await s.gql<{ grantConsent: { recordedAt: string } }>(
      'mutation($i: ConsentInput!) { grantConsent(input: $i) { recordedAt } }',
      { i: { subjectId: 'zz-back', purposeKey: 'analytics', channel: 'API', method: 'test', evidence: { n: 1 } } },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Back-dated before the grant: kept as evidence, the grant stays in effect.
    const back = await s.gql<{ withdrawConsent: { recordedAt: string } }>(
      'mutation($i: ConsentInput!) { withdrawConsent(input: $i) { recordedAt } }',
      {
        i: {
          subjectId: 'zz-back',
          purposeKey: 'analytics',
          channel: 'OFFLINE',
          method: 'paper-form',
          evidence: { form: 'F-1' },
          occurredAt: '2025-01-01T00:00:00.000Z',
        },
      },
    );
    expect(back.errors).toBeUndefined();
    expect(back.data!.withdrawConsent.recordedAt > granted.data!.grantConsent.recordedAt).toBe(true);
    const byPrefix = await s.gql<{ subjectsByPrefix: List }>(PREFIX, { prefix: 'zz-back' });
    const recent = await s.gql<{ recentlyChangedSubjects: List }>(RECENT, { first: 1 });
    expect(byPrefix.data!.subjectsByPrefix.subjects).toEqual([
      { subjectId: 'zz-back', lastChangeAt: back.data!.withdrawConsent.recordedAt },
    ]);
    expect(recent.data!.recentlyChangedSubjects.subjects).toEqual(byPrefix.data!.subjectsByPrefix.subjects);
  });

  it.each([
    [PREFIX, { prefix: '' }, /prefix: must not be empty|at least 1/],
    [PREFIX, { prefix: 'cust', first: 101 }, /first: must be at most 100/],
    [PREFIX, { prefix: 'cust', after: 'not-a-cursor' }, /after: not a cursor/],
    [RECENT, { first: 0 }, /first: must be at least 1/],
    [RECENT, { after: Buffer.from('["yesterday","x"]').toString('base64url') }, /after: not a cursor/],
  ])('bad input answers BAD_USER_INPUT (%#)', async (query, vars, message) => {
    const r = await s.gql(query, vars);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(message);
  });

  it('is for support staff: SUPPORT may, SERVICE keys get FORBIDDEN', async () => {
    expect((await s.gql(RECENT, {}, await apiKey(s, 'SUPPORT'))).errors).toBeUndefined();
    const r = await s.gql(PREFIX, { prefix: 'cust' }, await apiKey(s, 'SERVICE'));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
