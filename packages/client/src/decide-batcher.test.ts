import { describe, expect, it } from 'vitest';
import { createAssentClient } from './assent-client.ts';
import { AssentError } from './assent-error.ts';
import { decision, fakeFetch, gqlError } from '../test/fake-fetch.ts';

type Req = { subjectId: string; purposeKey: string };
/** A server whose decideMany allows subjects whose id ends in an even digit, and refuses the purpose 'nope'. */
function server() {
  return fakeFetch({
    DecideMany: (v) => {
      const requests = v.requests as Req[];
      if (requests.some((r) => r.purposeKey === 'nope')) return { body: gqlError('NOT_FOUND', 'No purpose nope.') };
      return {
        body: {
          data: {
            decideMany: requests.map((r) => decision(r.subjectId, r.purposeKey, Number(r.subjectId.at(-1)) % 2 === 0)),
          },
        },
      };
    },
    Decide: (v) =>
      v.purposeKey === 'nope'
        ? { body: gqlError('NOT_FOUND', 'No purpose nope.') }
        : { body: { data: { decide: decision(v.subjectId as string, v.purposeKey as string) } } },
  });
}
const url = 'http://assent.test/graphql';

describe('decide batching', () => {
  it('calls made in the same tick share one request, and each caller gets its own answers in order', async () => {
    const s = server();
    const client = createAssentClient({ url, token: 'k', fetch: s.fetch });
    const [a, b, many] = await Promise.all([
      client.decide('s1', 'marketing-email'),
      client.decide('s2', 'analytics'),
      client.decideMany([
        { subjectId: 's3', purposeKey: 'marketing-email' },
        { subjectId: 's4', purposeKey: 'marketing-email' },
      ]),
    ]);
    expect(s.seen.map((r) => r.operation)).toEqual(['DecideMany']);
    expect((s.seen[0]!.variables.requests as Req[]).map((r) => r.subjectId)).toEqual(['s1', 's2', 's3', 's4']);
    expect([a.subjectId, a.allowed, b.subjectId, b.allowed]).toEqual(['s1', false, 's2', true]);
    expect(many.map((d) => [d.subjectId, d.allowed])).toEqual([
      ['s3', false],
      ['s4', true],
    ]);
    expect(s.seen[0]!.headers.authorization).toBe('Bearer k');
  });

  it('the same subject and purpose asked twice in one tick is asked once, and both callers get the answer', async () => {
    const s = server();
    const client = createAssentClient({ url, token: 'k', fetch: s.fetch });
    const [a, b, many] = await Promise.all([
      client.decide('s2', 'analytics'),
      client.decide('s2', 'analytics'),
      client.decideMany([
        { subjectId: 's3', purposeKey: 'analytics' },
        { subjectId: 's2', purposeKey: 'analytics' },
        { subjectId: 's2', purposeKey: 'marketing-email' },
      ]),
    ]);
    expect((s.seen[0]!.variables.requests as Req[]).map((r) => [r.subjectId, r.purposeKey])).toEqual([
      ['s2', 'analytics'],
      ['s3', 'analytics'],
      ['s2', 'marketing-email'],
    ]);
    expect([a, b].map((d) => [d.subjectId, d.purposeKey, d.allowed])).toEqual([
      ['s2', 'analytics', true],
      ['s2', 'analytics', true],
    ]);
    expect(many.map((d) => [d.subjectId, d.purposeKey])).toEqual([
      ['s3', 'analytics'],
      ['s2', 'analytics'],
      ['s2', 'marketing-email'],
    ]);
  });

  it('a lone decide uses the decide query (which subject tokens may call)', async () => {
    const s = server();
    const client = createAssentClient({ url, fetch: s.fetch });
    expect((await client.decide('s1', 'marketing-email')).subjectId).toBe('s1');
    expect(s.seen.map((r) => r.operation)).toEqual(['Decide']);
  });

  it('an `at` that is an invalid Date is BAD_USER_INPUT as an AssentError, and nothing is sent', async () => {
    const s = server();
    const client = createAssentClient({ url: 'http://assent.test/graphql', token: 'k', fetch: s.fetch });
    for (const call of [
      () => client.decide('s2', 'analytics', { at: new Date('garbage') }),
      () => client.decideMany([{ subjectId: 's2', purposeKey: 'analytics' }], { at: new Date(Number.NaN) }),
    ]) {
      const e = await call().catch((err: unknown) => err);
      expect(e).toBeInstanceOf(AssentError);
      expect(e).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
    expect(s.seen).toEqual([]);
  });

  it('calls in different ticks make different requests', async () => {
    const s = server();
    const client = createAssentClient({ url, fetch: s.fetch });
    await client.decide('s1', 'p');
    await client.decide('s2', 'p');
    expect(s.seen).toHaveLength(2);
  });

  it('more than 1,000 decisions are split into requests of at most 1,000, answers still in order', async () => {
    const s = server();
    const client = createAssentClient({ url, fetch: s.fetch });
    const big = Array.from({ length: 1500 }, (_, i) => ({ subjectId: `s${i}`, purposeKey: 'p' }));
    const [many, one] = await Promise.all([client.decideMany(big), client.decide('last', 'p')]);
    expect(s.seen.map((r) => (r.variables.requests as Req[]).length)).toEqual([1000, 501]);
    expect(many.map((d) => d.subjectId)).toEqual(big.map((r) => r.subjectId));
    expect(one.subjectId).toBe('last');
  });

  it("one caller's bad purpose fails only that caller; the others get their answers", async () => {
    const s = server();
    const client = createAssentClient({ url, fetch: s.fetch });
    const [good, bad, other] = await Promise.allSettled([
      client.decide('s2', 'p'),
      client.decide('s1', 'nope'),
      client.decideMany([{ subjectId: 's3', purposeKey: 'p' }]),
    ]);
    expect(good).toMatchObject({ status: 'fulfilled', value: { subjectId: 's2', allowed: true } });
    expect(other).toMatchObject({ status: 'fulfilled', value: [{ subjectId: 's3' }] });
    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(AssentError);
    expect((bad as PromiseRejectedResult).reason.code).toBe('NOT_FOUND');
  });

  it('one bad caller among a thousand costs a few requests (the refused callers are asked again in halves), not one per caller', async () => {
    const s = server();
    const client = createAssentClient({ url, fetch: s.fetch });
    const calls = Array.from({ length: 1000 }, (_, i) => client.decide(`s${i}`, i === 637 ? 'nope' : 'p'));
    const settled = await Promise.allSettled(calls);
    expect(settled.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect((settled[637] as PromiseRejectedResult).reason).toMatchObject({ code: 'NOT_FOUND' });
    expect(settled[2]).toMatchObject({ status: 'fulfilled', value: { subjectId: 's2', allowed: true } });
    expect(settled[3]).toMatchObject({ status: 'fulfilled', value: { subjectId: 's3', allowed: false } });
    expect(s.seen.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)) + 1);
  });

  it('decisions for another instant are asked separately, with at', async () => {
    const s = server();
    const client = createAssentClient({ url, fetch: s.fetch });
    await Promise.all([
      client.decideMany([{ subjectId: 'a', purposeKey: 'p' }]),
      client.decideMany([{ subjectId: 'b', purposeKey: 'p' }], { at: new Date('2026-01-01T00:00:00Z') }),
    ]);
    expect(s.seen.map((r) => r.variables.at ?? null)).toEqual([null, '2026-01-01T00:00:00.000Z']);
  });

  it('an answer with the wrong number of decisions is an error, not a misrouted answer', async () => {
    const s = fakeFetch({ DecideMany: () => ({ body: { data: { decideMany: [decision('a', 'p')] } } }) });
    const client = createAssentClient({ url, fetch: s.fetch });
    await expect(
      client.decideMany([
        { subjectId: 'a', purposeKey: 'p' },
        { subjectId: 'b', purposeKey: 'p' },
      ]),
    ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('an empty decideMany asks nothing', async () => {
    const s = server();
    expect(await createAssentClient({ url, fetch: s.fetch }).decideMany([])).toEqual([]);
    expect(s.seen).toHaveLength(0);
  });
});
