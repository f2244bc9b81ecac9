import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

/**
 * One subject's consent over time, through notice versions, as the privacy center and product
 * services see it. The tests run in order and share the ledger they build up.
 */

interface RecordView {
  id: string;
  subjectId: string;
  purposeKey: string;
  action: 'GRANT' | 'WITHDRAW';
  occurredAt: string;
  recordedAt: string;
  hash: string;
  previousHash: string | null;
  noticeVersion: { id: string; version: number };
  actor: { kind: string; id: string | null };
}
interface DecisionView {
  subjectId: string;
  purposeKey: string;
  allowed: boolean;
  legalBasis: string;
  reason: string;
  at: string;
  record: { id: string } | null;
}
interface PurposeConsentView {
  purpose: { key: string; legalBasis: string };
  status: string;
  needsPrompt: boolean;
  lastRecord: { id: string } | null;
}
interface ConsentsView {
  subjectId: string;
  needsPrompt: boolean;
  currentNotice: { version: number };
  purposes: PurposeConsentView[];
}
interface NoticeView {
  id: string;
  version: number;
  publishedAt: string;
  effectiveAt: string;
  contentHash: string;
}

const RECORD =
  'id subjectId purposeKey action occurredAt recordedAt hash previousHash noticeVersion { id version } actor { kind id }';
const DECISION = 'subjectId purposeKey allowed legalBasis reason at record { id }';
const CONSENTS =
  'subjectId needsPrompt currentNotice { version } purposes { purpose { key legalBasis } status needsPrompt lastRecord { id } }';
const EVIDENCE = { source: 'lifecycle-test' };

let s: TestServer;
let service: string;
let life1: string; // subject token of 'life-1'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();

async function ok<T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
  const r = await s.gql<T>(query, variables, token);
  if (r.errors || !r.data) throw new Error(`${query}: ${JSON.stringify(r.errors)}`);
  return r.data;
}
/** A consent write; SUBJECT tokens send no subjectId, others send evidence. Sleeps a few ms so instants differ. */
async function write(
  action: 'grantConsent' | 'withdrawConsent',
  input: Record<string, unknown>,
  token: string,
): Promise<RecordView> {
  const d = await ok<Record<string, RecordView>>(
    `mutation($i: ConsentInput!) { ${action}(input: $i) { ${RECORD} } }`,
    { i: { channel: 'WEB', method: 'privacy-center/toggle', ...input } },
    token,
  );
  await sleep(5);
  return d[action]!;
}
const subjectWrite = (action: 'grantConsent' | 'withdrawConsent', purposeKey: string, token = life1) =>
  write(action, { purposeKey }, token);
const serviceWrite = (
  action: 'grantConsent' | 'withdrawConsent',
  subjectId: string,
  purposeKey: string,
  extra: Record<string, unknown> = {},
) =>
  write(action, { subjectId, purposeKey, channel: 'API', method: 'crm-sync', evidence: EVIDENCE, ...extra }, service);

const decide = async (subjectId: string, purposeKey: string, at?: string) =>
  (
    await ok<{ decide: DecisionView }>(
      `query($s: ID!, $p: ID!, $at: DateTime) { decide(subjectId: $s, purposeKey: $p, at: $at) { ${DECISION} } }`,
      { s: subjectId, p: purposeKey, at },
      service,
    )
  ).decide;
const me = async (token = life1) => (await ok<{ me: ConsentsView }>(`{ me { ${CONSENTS} } }`, {}, token)).me;
const subject = async (id: string) =>
  (await ok<{ subject: ConsentsView }>(`query($id: ID!) { subject(id: $id) { ${CONSENTS} } }`, { id }, service))
    .subject;
const entry = (c: ConsentsView, key: string) => c.purposes.find((p) => p.purpose.key === key);

/** Publishes a notice listing every active purpose; `reconsent` names the purposes whose change requires fresh consent. */
async function publish(reconsent: string[], effectiveAt?: string): Promise<NoticeView> {
  const active = (
    await ok<{ purposes: { key: string; title: string; description: string; active: boolean }[] }>(
      '{ purposes { key title description active } }',
    )
  ).purposes.filter((p) => p.active);
  const input = {
    summary: `Notice with reconsent for ${reconsent.join(', ') || 'nothing'}`,
    effectiveAt,
    purposes: active.map((p) => ({
      purposeKey: p.key,
      title: p.title,
      description: reconsent.includes(p.key) ? `${p.description} (changed)` : p.description,
      requiresReconsent: reconsent.includes(p.key),
    })),
  };
  const d = await ok<{ publishNotice: NoticeView }>(
    'mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { id version publishedAt effectiveAt contentHash } }',
    { i: input },
  );
  await sleep(5);
  return d.publishNotice;
}
const definePurpose = (key: string, legalBasis: string) =>
  ok('mutation($i: PurposeInput!) { definePurpose(input: $i) { key } }', {
    i: { key, title: `Title of ${key}`, description: `What ${key} is for`, legalBasis },
  });

beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
  life1 = await subjectToken(s, 'life-1');
});
afterAll(async () => s?.close());

describe(`consent lifecycle of one subject (${suiteKind})`, () => {
  let g1: RecordView, w1: RecordView, g2: RecordView, g3: RecordView;
  let v2: NoticeView, v3: NoticeView;

  it('a new subject has NOT_GIVEN for every consent purpose and decide says NO_CONSENT', async () => {
    const m = await me();
    expect(m.subjectId).toBe('life-1');
    expect(entry(m, 'analytics')).toMatchObject({
      purpose: { key: 'analytics', legalBasis: 'CONSENT' },
      status: 'NOT_GIVEN',
      lastRecord: null,
    });
    expect(await decide('life-1', 'analytics')).toMatchObject({
      allowed: false,
      reason: 'NO_CONSENT',
      legalBasis: 'CONSENT',
      record: null,
    });
  });

  it('a grant makes decide allow with CONSENT_GRANTED, resting on that grant', async () => {
    g1 = await subjectWrite('grantConsent', 'analytics');
    expect(g1).toMatchObject({
      subjectId: 'life-1',
      purposeKey: 'analytics',
      action: 'GRANT',
      previousHash: null,
      noticeVersion: { version: 1 },
      actor: { kind: 'SUBJECT', id: 'life-1' },
    });
    expect(await decide('life-1', 'analytics')).toMatchObject({
      subjectId: 'life-1',
      purposeKey: 'analytics',
      allowed: true,
      reason: 'CONSENT_GRANTED',
      legalBasis: 'CONSENT',
      record: { id: g1.id },
    });
    expect(entry(await me(), 'analytics')).toMatchObject({
      status: 'GRANTED',
      needsPrompt: false,
      lastRecord: { id: g1.id },
    });
  });

  it('withdrawal after grant makes decide deny with CONSENT_WITHDRAWN', async () => {
    w1 = await subjectWrite('withdrawConsent', 'analytics');
    expect(w1.previousHash).toBe(g1.hash);
    expect(await decide('life-1', 'analytics')).toMatchObject({
      allowed: false,
      reason: 'CONSENT_WITHDRAWN',
      record: { id: w1.id },
    });
    expect(entry(await me(), 'analytics')).toMatchObject({
      status: 'WITHDRAWN',
      needsPrompt: false,
      lastRecord: { id: w1.id },
    });
  });

  it('decide(at:) answers for that instant: allowed between grant and withdrawal, NO_CONSENT before the grant', async () => {
    const between = iso((Date.parse(g1.occurredAt) + Date.parse(w1.occurredAt)) / 2);
    expect(Date.parse(between)).toBeGreaterThan(Date.parse(g1.occurredAt));
    expect(Date.parse(between)).toBeLessThan(Date.parse(w1.occurredAt));
    expect(await decide('life-1', 'analytics', between)).toEqual({
      subjectId: 'life-1',
      purposeKey: 'analytics',
      allowed: true,
      legalBasis: 'CONSENT',
      reason: 'CONSENT_GRANTED',
      at: between,
      record: { id: g1.id },
    });
    expect(await decide('life-1', 'analytics', g1.occurredAt)).toMatchObject({ allowed: true, record: { id: g1.id } });
    const before = iso(Date.parse(g1.occurredAt) - 1);
    expect(await decide('life-1', 'analytics', before)).toEqual({
      subjectId: 'life-1',
      purposeKey: 'analytics',
      allowed: false,
      legalBasis: 'CONSENT',
      reason: 'NO_CONSENT',
      at: before,
      record: null,
    });
  });

  it('a notice requiring reconsent from a future effectiveAt prompts the subject while the grant still counts', async () => {
    g2 = await subjectWrite('grantConsent', 'analytics');
    // A decision on a purpose the notice will not mark, so that the test can show it is not asked again.
    const mail = await subjectWrite('withdrawConsent', 'marketing-email');
    expect(g2.noticeVersion.version).toBe(1);
    v2 = await publish(['analytics'], iso(Date.now() + 3_600_000));
    expect(v2.version).toBe(2);
    const m = await me();
    expect(m.currentNotice.version).toBe(2);
    expect(m.needsPrompt).toBe(true);
    expect(entry(m, 'analytics')).toMatchObject({ status: 'GRANTED', needsPrompt: true, lastRecord: { id: g2.id } });
    // A decided purpose the notice did not mark is not prompted for; a purpose never asked about is (1.1: a new subject is asked).
    expect(entry(m, 'marketing-email')).toMatchObject({
      status: 'WITHDRAWN',
      needsPrompt: false,
      lastRecord: { id: mail.id },
    });
    expect(entry(m, 'research')).toMatchObject({ status: 'NOT_GIVEN', needsPrompt: true, lastRecord: null });
    expect(await decide('life-1', 'analytics')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      record: { id: g2.id },
    });
    // decide(at:) answers with the notice in force at that instant: after the scheduled one takes effect, the grant
    // given under version 1 no longer counts (what the schedule will mean, asked ahead of time).
    expect(await decide('life-1', 'analytics', iso(Date.parse(v2.effectiveAt) + 1000))).toMatchObject({
      allowed: false,
      reason: 'RECONSENT_REQUIRED',
      record: { id: g2.id },
    });
  });

  it('once a notice requiring reconsent is in effect, the earlier grant stops counting: RECONSENT_REQUIRED', async () => {
    v3 = await publish(['analytics']);
    expect(v3.version).toBe(3);
    expect(v3.effectiveAt).toBe(v3.publishedAt);
    const m = await me();
    expect(m.needsPrompt).toBe(true);
    expect(entry(m, 'analytics')).toMatchObject({
      status: 'RECONSENT_REQUIRED',
      needsPrompt: true,
      lastRecord: { id: g2.id },
    });
    expect(await decide('life-1', 'analytics')).toMatchObject({
      allowed: false,
      reason: 'RECONSENT_REQUIRED',
      record: { id: g2.id },
    });
    expect(await decide('life-1', 'analytics', v3.effectiveAt)).toMatchObject({
      allowed: false,
      reason: 'RECONSENT_REQUIRED',
    });
  });

  it('decide(at:) just before the reconsent notice took effect still allows', async () => {
    const before = iso(Date.parse(v3.effectiveAt) - 1);
    expect(await decide('life-1', 'analytics', before)).toEqual({
      subjectId: 'life-1',
      purposeKey: 'analytics',
      allowed: true,
      legalBasis: 'CONSENT',
      reason: 'CONSENT_GRANTED',
      at: before,
      record: { id: g2.id },
    });
  });

  it('granting again under the current notice makes the purpose GRANTED again', async () => {
    g3 = await subjectWrite('grantConsent', 'analytics');
    expect(g3.noticeVersion).toEqual({ id: v3.id, version: 3 });
    const m = await me();
    expect(entry(m, 'analytics')).toMatchObject({ status: 'GRANTED', needsPrompt: false, lastRecord: { id: g3.id } });
    // The grant answered the reconsent prompt; the subject is still asked only about the consent purposes never decided.
    const prompting = m.purposes.filter((p) => p.needsPrompt);
    expect(prompting.map((p) => p.status)).toEqual(prompting.map(() => 'NOT_GIVEN'));
    expect(prompting.map((p) => p.purpose.key)).toContain('research');
    expect(prompting.map((p) => p.purpose.key)).not.toContain('analytics');
    expect(m.needsPrompt).toBe(true);
    expect(await decide('life-1', 'analytics')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      record: { id: g3.id },
    });
  });

  it('every notice version has a 64-hex contentHash, different from every other version', async () => {
    const { noticeVersions } = await ok<{ noticeVersions: NoticeView[] }>(
      '{ noticeVersions { id version publishedAt effectiveAt contentHash } }',
    );
    expect(noticeVersions.map((n) => n.version)).toEqual([3, 2, 1]);
    for (const n of noticeVersions) expect(n.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Set(noticeVersions.map((n) => n.contentHash)).size).toBe(3);
    expect(noticeVersions[0]!.contentHash).toBe(v3.contentHash);
  });

  it('purposes defined and listed in a new notice start NOT_GIVEN and prompt the subject', async () => {
    await definePurpose('life-new', 'CONSENT');
    await definePurpose('life-vital', 'VITAL_INTERESTS');
    await definePurpose('life-public', 'PUBLIC_TASK');
    await definePurpose('life-retire-consent', 'CONSENT');
    await definePurpose('life-retire-contract', 'CONTRACT');
    const v4 = await publish([]);
    expect(v4.version).toBe(4);
    const m = await me();
    expect(entry(m, 'life-new')).toEqual({
      purpose: { key: 'life-new', legalBasis: 'CONSENT' },
      status: 'NOT_GIVEN',
      needsPrompt: true,
      lastRecord: null,
    });
    expect(m.needsPrompt).toBe(true);
    expect(entry(await subject('life-1'), 'life-new')).toMatchObject({ status: 'NOT_GIVEN', lastRecord: null });
    expect(await decide('life-1', 'life-new')).toMatchObject({ allowed: false, reason: 'NO_CONSENT', record: null });
  });

  describe('purposes on a legal basis other than consent', () => {
    const NON_CONSENT = [
      { key: 'essential-service', legalBasis: 'CONTRACT' },
      { key: 'tax-records', legalBasis: 'LEGAL_OBLIGATION' },
      { key: 'fraud-prevention', legalBasis: 'LEGITIMATE_INTERESTS' },
      { key: 'life-vital', legalBasis: 'VITAL_INTERESTS' },
      { key: 'life-public', legalBasis: 'PUBLIC_TASK' },
    ];
    for (const { key, legalBasis } of NON_CONSENT) {
      it(`${key} (${legalBasis}): decide allows with OTHER_LEGAL_BASIS, status NOT_APPLICABLE, and consent cannot be recorded`, async () => {
        expect(await decide('life-1', key)).toMatchObject({
          allowed: true,
          reason: 'OTHER_LEGAL_BASIS',
          legalBasis,
          record: null,
        });
        expect(await decide('never-seen', key)).toMatchObject({
          allowed: true,
          reason: 'OTHER_LEGAL_BASIS',
          legalBasis,
        });
        const want = { purpose: { key, legalBasis }, status: 'NOT_APPLICABLE', needsPrompt: false, lastRecord: null };
        expect(entry(await me(), key)).toEqual(want);
        expect(entry(await subject('life-1'), key)).toEqual(want);
        const before = await counts(s);
        for (const action of ['grantConsent', 'withdrawConsent']) {
          for (const [input, token] of [
            [{ purposeKey: key }, life1],
            [{ subjectId: 'life-1', purposeKey: key, evidence: EVIDENCE }, service],
          ] as const) {
            const r = await s.gql(
              `mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`,
              { i: { channel: 'WEB', method: 'm', ...input } },
              token,
            );
            expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['CONSENT_NOT_APPLICABLE']);
            expect(r.data).toBeNull();
          }
        }
        expect(await counts(s)).toEqual(before);
      });
    }
  });

  it('a retired purpose decides PURPOSE_INACTIVE whatever its basis, and is no longer offered', async () => {
    const g = await subjectWrite('grantConsent', 'life-retire-consent');
    expect(await decide('life-1', 'life-retire-consent')).toMatchObject({ allowed: true, reason: 'CONSENT_GRANTED' });
    const beforeRetirement = iso(Date.now());
    await sleep(5);
    for (const key of ['life-retire-consent', 'life-retire-contract']) {
      expect(await ok('mutation($k: ID!) { retirePurpose(key: $k) { key active } }', { k: key })).toEqual({
        retirePurpose: { key, active: false },
      });
    }
    expect(await decide('life-1', 'life-retire-consent')).toMatchObject({
      allowed: false,
      reason: 'PURPOSE_INACTIVE',
      legalBasis: 'CONSENT',
      record: { id: g.id },
    });
    expect(await decide('life-1', 'life-retire-contract')).toMatchObject({
      allowed: false,
      reason: 'PURPOSE_INACTIVE',
      legalBasis: 'CONTRACT',
      record: null,
    });
    // Point in time: before retirement the answers stand.
    expect(await decide('life-1', 'life-retire-consent', beforeRetirement)).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      record: { id: g.id },
    });
    expect(await decide('life-1', 'life-retire-contract', beforeRetirement)).toMatchObject({
      allowed: true,
      reason: 'OTHER_LEGAL_BASIS',
    });
    const keys = (await me()).purposes.map((p) => p.purpose.key);
    expect(keys).not.toContain('life-retire-consent');
    expect(keys).not.toContain('life-retire-contract');
    const { purposes } = await ok<{ purposes: { key: string; active: boolean }[] }>('{ purposes { key active } }');
    expect(purposes.slice(-2)).toEqual([
      { key: 'life-retire-consent', active: false },
      { key: 'life-retire-contract', active: false },
    ]);
    expect(purposes.slice(0, -2).every((p) => p.active)).toBe(true);
  });

  it('a back-dated record older than the newest is kept in history but does not change the status', async () => {
    const g = await serviceWrite('grantConsent', 'life-2', 'analytics');
    const w = await serviceWrite('withdrawConsent', 'life-2', 'analytics', {
      occurredAt: iso(Date.parse(g.occurredAt) - 600_000),
    });
    expect(w).toMatchObject({
      action: 'WITHDRAW',
      occurredAt: iso(Date.parse(g.occurredAt) - 600_000),
      previousHash: g.hash,
      actor: { kind: 'SERVICE' },
    });
    const h = await ok<{ consentHistory: { totalCount: number; edges: { node: { id: string } }[] } }>(
      '{ consentHistory(subjectId: "life-2") { totalCount edges { node { id } } } }',
      {},
      service,
    );
    expect(h.consentHistory).toEqual({ totalCount: 2, edges: [{ node: { id: g.id } }, { node: { id: w.id } }] });
    expect(entry(await subject('life-2'), 'analytics')).toMatchObject({ status: 'GRANTED', lastRecord: { id: g.id } });
    expect(await decide('life-2', 'analytics')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      record: { id: g.id },
    });
    // As of an instant after the back-dated withdrawal and before the grant, the withdrawal is what counted.
    expect(await decide('life-2', 'analytics', iso(Date.parse(w.occurredAt) + 1000))).toMatchObject({
      allowed: false,
      reason: 'CONSENT_WITHDRAWN',
      record: { id: w.id },
    });
  });

  it('recording the same action twice in a row is allowed, and both records are kept', async () => {
    const token = await subjectToken(s, 'life-3');
    const a = await subjectWrite('grantConsent', 'research', token);
    const b = await subjectWrite('grantConsent', 'research', token);
    expect(b.id).not.toBe(a.id);
    expect(b.previousHash).toBe(a.hash);
    const h = await ok<{ consentHistory: { totalCount: number; edges: { node: { id: string; action: string } }[] } }>(
      '{ consentHistory(subjectId: "life-3") { totalCount edges { node { id action } } } }',
      {},
      token,
    );
    expect(h.consentHistory).toEqual({
      totalCount: 2,
      edges: [{ node: { id: b.id, action: 'GRANT' } }, { node: { id: a.id, action: 'GRANT' } }],
    });
    expect(await decide('life-3', 'research')).toMatchObject({ allowed: true, record: { id: b.id } });
  });
});

describe(`consentHistory (${suiteKind})`, () => {
  const subjectId = 'life-page';
  /** Minutes before the base instant, in write order; two share an instant (recordedAt breaks the tie). */
  const WRITES = [
    { minutes: 5, purposeKey: 'analytics', action: 'grantConsent' },
    { minutes: 2, purposeKey: 'research', action: 'grantConsent' },
    { minutes: 6, purposeKey: 'research', action: 'withdrawConsent' },
    { minutes: 2, purposeKey: 'analytics', action: 'withdrawConsent' },
    { minutes: 0, purposeKey: 'research', action: 'withdrawConsent' },
    { minutes: 3, purposeKey: 'analytics', action: 'grantConsent' },
    { minutes: 1, purposeKey: 'research', action: 'grantConsent' },
  ] as const;
  let written: RecordView[] = [];
  type Page = {
    consentHistory: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { cursor: string; node: { id: string; purposeKey: string } }[];
    };
  };
  const page = (vars: Record<string, unknown>) =>
    s.gql<Page>(
      'query($s: ID!, $p: ID, $first: Int, $after: String) { consentHistory(subjectId: $s, purposeKey: $p, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id purposeKey } } } }',
      { s: subjectId, ...vars },
      service,
    );

  beforeAll(async () => {
    const base = Date.now() - 3_600_000;
    written = [];
    for (const w of WRITES)
      written.push(
        await serviceWrite(w.action, subjectId, w.purposeKey, { occurredAt: iso(base - w.minutes * 60_000) }),
      );
  });

  it('lists newest first by occurredAt, then recordedAt, with the right totalCount', async () => {
    const expected = written
      .map((r, i) => ({ r, i }))
      .sort((a, b) => Date.parse(b.r.occurredAt) - Date.parse(a.r.occurredAt) || b.i - a.i)
      .map(({ r }) => r.id);
    const r = await page({});
    expect(r.data!.consentHistory.edges.map((e) => e.node.id)).toEqual(expected);
    expect(r.data!.consentHistory.totalCount).toBe(7);
    expect(r.data!.consentHistory.pageInfo.hasNextPage).toBe(false);
    // The tie: written 2nd and 4th at the same instant; the one recorded later comes first.
    expect(expected.indexOf(written[3]!.id)).toBe(expected.indexOf(written[1]!.id) - 1);
  });

  for (const size of [1, 2, 3, 7]) {
    it(`pages of ${size} with first/after cover every record exactly once, in order`, async () => {
      const all = (await page({})).data!.consentHistory.edges.map((e) => e.node.id);
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const r = await page({ first: size, after });
        expect(r.errors).toBeUndefined();
        const c = r.data!.consentHistory;
        expect(c.totalCount).toBe(7);
        expect(c.edges.length).toBe(Math.min(size, 7 - seen.length));
        expect(c.pageInfo.endCursor).toBe(c.edges.at(-1)!.cursor);
        for (const e of c.edges) expect(e.cursor).not.toContain(e.node.id);
        seen.push(...c.edges.map((e) => e.node.id));
        pages++;
        expect(c.pageInfo.hasNextPage).toBe(seen.length < 7);
        if (!c.pageInfo.hasNextPage) break;
        after = c.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      expect(pages).toBe(Math.ceil(7 / size));
    });
  }

  it('purposeKey narrows the history and its totalCount, and pages within it', async () => {
    const research = written.filter((r) => r.purposeKey === 'research').map((r) => r.id);
    const first = (await page({ p: 'research', first: 2 })).data!.consentHistory;
    expect(first.totalCount).toBe(research.length);
    expect(first.edges.every((e) => e.node.purposeKey === 'research')).toBe(true);
    const rest = (await page({ p: 'research', first: 200, after: first.pageInfo.endCursor })).data!.consentHistory;
    expect(new Set([...first.edges, ...rest.edges].map((e) => e.node.id))).toEqual(new Set(research));
    expect(rest.pageInfo).toEqual({ hasNextPage: false, endCursor: rest.edges.at(-1)!.cursor });
  });

  it('an empty history has no edges, no cursor and totalCount 0', async () => {
    expect((await page({ s: 'nobody-at-all' })).data!.consentHistory).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
    });
  });

  for (const [args, why] of [
    [{ first: 0 }, 'first=0'],
    [{ first: 201 }, 'first=201'],
    [{ first: -1 }, 'first=-1'],
    [{ after: 'bm90LWEtY3Vyc29y' }, 'a cursor that is not ours'],
  ] as const) {
    it(`${why} is BAD_USER_INPUT`, async () => {
      const r = await page(args);
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(r.data).toBeNull();
    });
  }
});

describe(`decideMany (${suiteKind})`, () => {
  const REQUESTS = [
    { subjectId: 'life-1', purposeKey: 'analytics' },
    { subjectId: 'life-2', purposeKey: 'analytics' },
    { subjectId: 'nobody-known', purposeKey: 'analytics' },
    { subjectId: 'life-1', purposeKey: 'essential-service' },
    { subjectId: 'life-1', purposeKey: 'life-new' },
    { subjectId: 'life-1', purposeKey: 'life-retire-consent' },
    { subjectId: 'life-3', purposeKey: 'research' },
    { subjectId: 'life-page', purposeKey: 'research' },
    { subjectId: 'nobody-known', purposeKey: 'tax-records' },
    { subjectId: 'life-1', purposeKey: 'analytics' },
  ];
  const many = async (requests: typeof REQUESTS, at?: string) =>
    (
      await ok<{ decideMany: DecisionView[] }>(
        `query($r: [DecideInput!]!, $at: DateTime) { decideMany(requests: $r, at: $at) { ${DECISION} } }`,
        { r: requests, at },
        service,
      )
    ).decideMany;
  const withoutAt = ({ at: _at, ...d }: DecisionView) => d;

  it('answers in the order asked, for known and unknown subjects alike, exactly as decide does one by one', async () => {
    const batch = await many(REQUESTS);
    expect(batch.map((d) => [d.subjectId, d.purposeKey])).toEqual(REQUESTS.map((r) => [r.subjectId, r.purposeKey]));
    expect(new Set(batch.map((d) => d.at)).size).toBe(1);
    const single = await Promise.all(REQUESTS.map((r) => decide(r.subjectId, r.purposeKey)));
    expect(batch.map(withoutAt)).toEqual(single.map(withoutAt));
    expect(batch.map((d) => d.reason)).toEqual([
      'CONSENT_GRANTED',
      'CONSENT_GRANTED',
      'NO_CONSENT',
      'OTHER_LEGAL_BASIS',
      'NO_CONSENT',
      'PURPOSE_INACTIVE',
      'CONSENT_GRANTED',
      'CONSENT_WITHDRAWN',
      'OTHER_LEGAL_BASIS',
      'CONSENT_GRANTED',
    ]);
  });

  it('with at: answers for that instant, exactly as decide(at:) does', async () => {
    const history = (
      await ok<{ consentHistory: { edges: { node: { occurredAt: string } }[] } }>(
        '{ consentHistory(subjectId: "life-1", first: 200) { edges { node { occurredAt } } } }',
        {},
        service,
      )
    ).consentHistory.edges;
    // Every instant the ledger of life-1 changed, and just before each.
    const instants = history.flatMap((e) => [e.node.occurredAt, iso(Date.parse(e.node.occurredAt) - 1)]);
    await Promise.all(
      instants.map(async (at) => {
        const batch = await many(REQUESTS, at);
        const single = await Promise.all(REQUESTS.map((r) => decide(r.subjectId, r.purposeKey, at)));
        expect(batch).toEqual(single);
        expect(batch.every((d) => d.at === at)).toBe(true);
      }),
    );
  });

  it('with at: answers 1,000 distinct subjects (more values than SQLite binds in one statement)', async () => {
    const requests = Array.from({ length: 1000 }, (_, i) => ({
      subjectId: i === 0 ? 'life-1' : `life-many-${i}`,
      purposeKey: i % 2 ? 'research' : 'analytics',
    }));
    const at = iso(Date.now());
    const batch = await many(requests, at);
    expect(batch).toHaveLength(1000);
    expect(batch.map((d) => d.subjectId)).toEqual(requests.map((r) => r.subjectId));
    expect(withoutAt(batch[0]!)).toEqual(withoutAt(await decide('life-1', 'analytics', at)));
    expect(batch.slice(1).every((d) => d.reason === 'NO_CONSENT')).toBe(true);
  });

  it('1000 requests are answered with one projection query and one record query, never one per request', async () => {
    const ledger = s.app.core.repos.ledger;
    const findStates = vi.spyOn(ledger, 'findStates');
    const findState = vi.spyOn(ledger, 'findState');
    const findByIds = vi.spyOn(ledger, 'findByIds');
    const findEffectiveAtMany = vi.spyOn(ledger, 'findEffectiveAtMany');
    const findEffectiveAt = vi.spyOn(ledger, 'findEffectiveAt');
    try {
      const purposes = ['analytics', 'research', 'essential-service', 'marketing-email'];
      const requests = Array.from({ length: 1000 }, (_, i) => ({
        subjectId: i % 10 === 0 ? 'life-1' : `bulk-${i}`,
        purposeKey: purposes[i % purposes.length]!,
      }));
      const now = await many(requests);
      expect(now).toHaveLength(1000);
      expect(now[0]).toMatchObject({
        subjectId: 'life-1',
        purposeKey: 'analytics',
        allowed: true,
        record: { id: expect.any(String) },
      });
      expect(findStates).toHaveBeenCalledTimes(1);
      expect(findState).not.toHaveBeenCalled();
      expect(findByIds).toHaveBeenCalledTimes(1);

      const past = await many(requests, iso(Date.now() - 1000));
      expect(past).toHaveLength(1000);
      expect(findEffectiveAtMany).toHaveBeenCalledTimes(1);
      expect(findEffectiveAt).not.toHaveBeenCalled();
      expect(findStates).toHaveBeenCalledTimes(1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe(`evidence is kept exactly as sent (${suiteKind})`, () => {
  const stored = async (subjectId: string) => {
    const h = await ok<{ consentHistory: { edges: { node: { evidence: unknown } }[] } }>(
      'query($s: ID!) { consentHistory(subjectId: $s) { edges { node { evidence } } } }',
      { s: subjectId },
      service,
    );
    const v = await ok<{ verifyLedger: { ok: boolean; firstBrokenRecordId: string | null } }>(
      'query($s: ID!) { verifyLedger(subjectId: $s) { ok firstBrokenRecordId } }',
      { s: subjectId },
    );
    return { evidence: h.consentHistory.edges[0]!.node.evidence, verify: v.verifyLedger };
  };

  it('evidence with nesting, unicode, booleans, nulls and ordinary numbers reads back exactly, and the chain verifies', async () => {
    const evidence = {
      form: 'signup-v3',
      ticked: true,
      note: null,
      lang: 'zürich 東京 🙂',
      score: 0.5,
      count: 42,
      negative: -7.25,
      nested: [{ a: [1, 2, { b: 'c' }] }],
    };
    await serviceWrite('grantConsent', 'life-evidence', 'analytics', { evidence });
    expect(await stored('life-evidence')).toEqual({ evidence, verify: { ok: true, firstBrokenRecordId: null } });
  });

  // Evidence is stored as the canonical JSON text its hash covers (a JSON column let the engine round such numbers).
  it('a 17-significant-digit number in evidence reads back exactly, and the chain verifies', async () => {
    const evidence = { ratio: 0.21902884849701887 };
    await serviceWrite('grantConsent', 'life-float', 'analytics', { evidence });
    expect(await stored('life-float')).toEqual({ evidence, verify: { ok: true, firstBrokenRecordId: null } });
  });
});
