import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

type Action = 'grantConsent' | 'withdrawConsent' | 'refuseConsent';
const record = async (
  subjectId: string,
  purposeKey: string,
  action: Action,
  more: { occurredAt?: string; channel?: string; locale?: string } = {},
) => {
  const r = await s.gql(`mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`, {
    i: { subjectId, purposeKey, channel: 'API', method: 'test', evidence: { ref: 'overview' }, ...more },
  });
  expect(r.errors).toBeUndefined();
};

const OVERVIEW = `query($from: String!, $to: String!, $interval: OverviewInterval) {
  consentOverview(from: $from, to: $to, interval: $interval) {
    from to interval
    purposes {
      purpose { key }
      shareGranted
      series { start grants refusals withdrawals }
      byNoticeVersion { version granted refused decidedLater }
      byChannel { key grants refusals withdrawals }
      byLocale { key grants refusals withdrawals }
    }
  }
}`;
type Overview = {
  consentOverview: {
    interval: string;
    purposes: {
      purpose: { key: string };
      shareGranted: number | null;
      series: { start: string; grants: number; refusals: number; withdrawals: number }[];
      byNoticeVersion: { version: number; granted: number; refused: number; decidedLater: number }[];
      byChannel: { key: string; grants: number; refusals: number; withdrawals: number }[];
      byLocale: { key: string; grants: number; refusals: number; withdrawals: number }[];
    }[];
  };
};
const countRows = async () => {
  const p = s.app.core.db.prisma;
  const order = (rows: object[]) => rows.map((r) => JSON.stringify(r)).sort();
  return {
    daily: order(await p.consentDailyCount.findMany({ where: { count: { not: 0 } } })),
    monthly: order(await p.consentMonthlyCount.findMany({ where: { count: { not: 0 } } })),
    series: order(await p.consentSeriesCount.findMany({ where: { count: { not: 0 } } })),
    states: order(await p.consentStateCount.findMany({ where: { count: { not: 0 } } })),
  };
};

describe(`consentOverview on ${suiteKind}`, () => {
  it('counts answers per day, channel and language as they are recorded, and the share granted now', async () => {
    await record('o1', 'analytics', 'grantConsent', { occurredAt: '2026-03-02T09:00:00.000Z', locale: 'de' });
    await record('o2', 'analytics', 'grantConsent', { occurredAt: '2026-03-02T23:59:59.000Z', channel: 'WEB' });
    await record('o2', 'analytics', 'withdrawConsent', { occurredAt: '2026-03-04T08:00:00.000Z', locale: 'fr' });
    await record('o3', 'analytics', 'refuseConsent', { occurredAt: '2026-03-04T10:00:00.000Z', locale: 'de' });
    await record('o4', 'analytics', 'grantConsent', { occurredAt: '2026-03-09T10:00:00.000Z', locale: 'de' });
    const choices = await s.gql('mutation($i: ChoicesInput!) { recordChoices(input: $i) { id } }', {
      i: {
        subjectId: 'o5',
        channel: 'WEB',
        method: 'test',
        evidence: { ref: 'overview' },
        occurredAt: '2026-03-03T12:00:00.000Z',
        locale: 'en',
        choices: [
          { purposeKey: 'analytics', action: 'GRANT' },
          { purposeKey: 'marketing-email', action: 'REFUSE' },
        ],
      },
    });
    expect(choices.errors).toBeUndefined();

    const r = await s.gql<Overview>(OVERVIEW, { from: '2026-03-02', to: '2026-03-04' });
    expect(r.errors).toBeUndefined();
    const analytics = r.data!.consentOverview.purposes.find((p) => p.purpose.key === 'analytics')!;
    expect(analytics.series).toEqual([
      { start: '2026-03-02', grants: 2, refusals: 0, withdrawals: 0 },
      { start: '2026-03-03', grants: 1, refusals: 0, withdrawals: 0 },
      { start: '2026-03-04', grants: 0, refusals: 1, withdrawals: 1 },
    ]);
    expect(analytics.byChannel).toEqual([
      { key: 'API', grants: 1, refusals: 1, withdrawals: 1 },
      { key: 'WEB', grants: 2, refusals: 0, withdrawals: 0 },
    ]);
    expect(analytics.byLocale).toEqual([
      { key: '', grants: 1, refusals: 0, withdrawals: 0 },
      { key: 'de', grants: 1, refusals: 1, withdrawals: 0 },
      { key: 'en', grants: 1, refusals: 0, withdrawals: 0 },
      { key: 'fr', grants: 0, refusals: 0, withdrawals: 1 },
    ]);
    expect(analytics.byNoticeVersion).toEqual([{ version: 1, granted: 3, refused: 1, decidedLater: 0 }]);
    // Now: o1, o4, o5 granted; o2 withdrew; o3 refused.
    expect(analytics.shareGranted).toBeCloseTo(3 / 5);

    const weeks = await s.gql<Overview>(OVERVIEW, { from: '2026-03-02', to: '2026-03-15', interval: 'WEEK' });
    const weekly = weeks.data!.consentOverview.purposes.find((p) => p.purpose.key === 'analytics')!;
    expect(weekly.series).toEqual([
      { start: '2026-03-02', grants: 3, refusals: 1, withdrawals: 1 },
      { start: '2026-03-09', grants: 1, refusals: 0, withdrawals: 0 },
    ]);
  });

  it('sums whole months from the monthly counts and the days around them from the daily ones, as the days would sum', async () => {
    // Feb 25 and Apr 3 are edge days of the range, March is a whole month in it; Feb 10 and Apr 10 are outside.
    await record('m1', 'marketing-email', 'grantConsent', { occurredAt: '2025-02-10T10:00:00.000Z', locale: 'de' });
    await record('m2', 'marketing-email', 'grantConsent', { occurredAt: '2025-02-25T10:00:00.000Z', locale: 'de' });
    await record('m3', 'marketing-email', 'refuseConsent', { occurredAt: '2025-03-01T00:00:00.000Z', channel: 'WEB' });
    await record('m4', 'marketing-email', 'grantConsent', { occurredAt: '2025-03-31T23:59:59.000Z', locale: 'fr' });
    await record('m4', 'marketing-email', 'withdrawConsent', { occurredAt: '2025-04-03T08:00:00.000Z', locale: 'fr' });
    await record('m5', 'marketing-email', 'grantConsent', { occurredAt: '2025-04-10T10:00:00.000Z', locale: 'de' });
    const r = await s.gql<Overview>(OVERVIEW, { from: '2025-02-25', to: '2025-04-03', interval: 'WEEK' });
    expect(r.errors).toBeUndefined();
    const email = r.data!.consentOverview.purposes.find((p) => p.purpose.key === 'marketing-email')!;
    expect(email.byChannel).toEqual([
      { key: 'API', grants: 2, refusals: 0, withdrawals: 1 },
      { key: 'WEB', grants: 0, refusals: 1, withdrawals: 0 },
    ]);
    expect(email.byLocale).toEqual([
      { key: '', grants: 0, refusals: 1, withdrawals: 0 },
      { key: 'de', grants: 1, refusals: 0, withdrawals: 0 },
      { key: 'fr', grants: 1, refusals: 0, withdrawals: 1 },
    ]);
    expect(email.byNoticeVersion[0]).toEqual({ version: 1, granted: 2, refused: 1, decidedLater: 0 });
    const total = (k: 'grants' | 'refusals' | 'withdrawals') => email.series.reduce((n, p) => n + p[k], 0);
    expect([total('grants'), total('refusals'), total('withdrawals')]).toEqual([2, 1, 1]);
    expect(email.series.find((p) => p.start === '2025-03-31')).toEqual({
      start: '2025-03-31',
      grants: 1,
      refusals: 0,
      withdrawals: 1,
    });
  });

  it('the counts kept as records are written equal the counts made from the whole ledger (the backfill)', async () => {
    const kept = await countRows();
    expect(kept.daily.length).toBeGreaterThan(0);
    expect(kept.monthly.length).toBeGreaterThan(0);
    expect(kept.series.length).toBeGreaterThan(0);
    await s.app.core.repos.counts.recount();
    expect(await countRows()).toEqual(kept);
  });

  it('erasing a subject takes its projection rows out of the counts, and every count table stays as a recount makes it', async () => {
    await record('overview-erased', 'marketing-email', 'grantConsent');
    await record('overview-erased', 'analytics', 'refuseConsent');
    const erased = await s.gql(
      `mutation { eraseSubject(subjectId: "overview-erased", reason: "Art. 17 request") { __typename } }`,
    );
    expect(erased.errors).toBeUndefined();
    const kept = await countRows();
    await s.app.core.repos.counts.recount();
    expect(await countRows()).toEqual(kept);
  });

  it('a grant, refusal or withdrawal asked again by a re-consent notice counts as decided later for that notice until it is answered', async () => {
    const purposes = (
      await s.gql<{ purposes: { key: string; title: string; description: string; active: boolean }[] }>(
        '{ purposes { key title description active } }',
      )
    ).data!.purposes;
    const publish = await s.gql('mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { version } }', {
      i: {
        acceptReadabilityIssues: true,
        summary: 'We now record how you use the site in more detail.',
        purposes: purposes
          .filter((p) => p.active)
          .map((p) => ({
            purposeKey: p.key,
            title: p.title,
            description: p.key === 'analytics' ? `${p.description} We also keep page replays.` : p.description,
            requiresReconsent: p.key === 'analytics',
          })),
      },
    });
    expect(publish.errors).toBeUndefined();
    const before = await s.gql<Overview>(OVERVIEW, { from: '2026-03-02', to: '2026-03-04' });
    const v2 = before.data!.consentOverview.purposes.find((p) => p.purpose.key === 'analytics')!.byNoticeVersion[1];
    // Three grants, o2's withdrawal and o3's refusal, all under version 1.
    expect(v2).toEqual({ version: 2, granted: 0, refused: 0, decidedLater: 5 });

    await record('o1', 'analytics', 'grantConsent', { occurredAt: new Date().toISOString() });
    const after = await s.gql<Overview>(OVERVIEW, { from: '2026-03-02', to: '2026-03-04' });
    const analytics = after.data!.consentOverview.purposes.find((p) => p.purpose.key === 'analytics')!;
    expect(analytics.byNoticeVersion[1]).toMatchObject({ version: 2, decidedLater: 4 });
  });

  it.each([
    [{ from: '2026-03-04', to: '2026-03-02' }, /to: must not be before from/],
    [{ from: 'yesterday', to: '2026-03-02' }, /from: must be a date/],
    [{ from: '2020-01-01', to: '2026-03-02' }, /more than 400 days/],
  ])('a bad range %j answers BAD_USER_INPUT', async (vars, message) => {
    const r = await s.gql(OVERVIEW, vars);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(message);
  });

  it('is for staff: SUPPORT reads it, SERVICE keys get FORBIDDEN', async () => {
    const vars = { from: '2026-03-02', to: '2026-03-04' };
    expect((await s.gql(OVERVIEW, vars, await apiKey(s, 'SUPPORT'))).errors).toBeUndefined();
    const r = await s.gql(OVERVIEW, vars, await apiKey(s, 'SERVICE'));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
