import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, suiteKind, type TestServer } from './harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const record = (subjectId: string, purposeKey: string, action: 'grantConsent' | 'withdrawConsent') =>
  s.gql(`mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`, {
    i: { subjectId, purposeKey, channel: 'API', method: 'test', evidence: { ref: 'stats' } },
  });

const STATS =
  '{ purposeStats { subjects purposes { purpose { key } granted withdrawn notGiven reconsentRequired awaitingReconsent } } }';
type Stats = {
  purposeStats: {
    subjects: number;
    purposes: {
      purpose: { key: string };
      granted: number;
      withdrawn: number;
      notGiven: number;
      reconsentRequired: number;
      awaitingReconsent: number;
    }[];
  };
};

describe(`purposeStats on ${suiteKind}`, () => {
  it('counts granted, withdrawn, never asked and re-consent per consent purpose from the projection', async () => {
    await record('s1', 'analytics', 'grantConsent');
    await record('s2', 'analytics', 'grantConsent');
    await record('s2', 'analytics', 'withdrawConsent');
    await record('s3', 'marketing-email', 'grantConsent');
    const before = await s.gql<Stats>(STATS);
    expect(before.data?.purposeStats.subjects).toBe(3);
    const analytics = before.data!.purposeStats.purposes.find((p) => p.purpose.key === 'analytics');
    expect(analytics).toMatchObject({
      granted: 1,
      withdrawn: 1,
      notGiven: 1,
      reconsentRequired: 0,
      awaitingReconsent: 0,
    });
    expect(before.data!.purposeStats.purposes.map((p) => p.purpose.key)).not.toContain('tax-records');

    const purposes = (
      await s.gql<{ purposes: { key: string; title: string; description: string; active: boolean }[] }>(
        '{ purposes { key title description active } }',
      )
    ).data!.purposes;
    const publish = await s.gql('mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { version } }', {
      i: {
        summary: 'Analytics changed',
        purposes: purposes
          .filter((p) => p.active)
          .map((p) => ({
            purposeKey: p.key,
            title: p.title,
            description: p.key === 'analytics' ? `${p.description} Now with session replay.` : p.description,
            requiresReconsent: p.key === 'analytics',
          })),
      },
    });
    expect(publish.errors).toBeUndefined();
    const after = await s.gql<Stats>(STATS);
    expect(after.data!.purposeStats.purposes.find((p) => p.purpose.key === 'analytics')).toMatchObject({
      granted: 0,
      withdrawn: 1,
      notGiven: 1,
      reconsentRequired: 1,
    });
    expect(after.data!.purposeStats.purposes.find((p) => p.purpose.key === 'marketing-email')).toMatchObject({
      granted: 1,
      notGiven: 2,
    });
  });

  it('is for staff: SERVICE keys get FORBIDDEN', async () => {
    const r = await s.gql(STATS, {}, await apiKey(s, 'SERVICE'));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
