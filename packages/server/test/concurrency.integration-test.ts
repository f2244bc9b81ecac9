import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, counts, startTestServer, suiteKind, type TestServer } from './harness.ts';

const SUBJECTS = Array.from({ length: 5 }, (_, i) => `conc-${i}`);
const WRITES_PER_SUBJECT = 20;
const PURPOSES = ['analytics', 'marketing-email', 'research'];

let s: TestServer;
let service: string;

beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => s?.close());

describe(`concurrent writes across subjects (${suiteKind})`, () => {
  it(`${SUBJECTS.length} subjects × ${WRITES_PER_SUBJECT} concurrent writes each all commit and leave every hash chain verifiable`, async () => {
    const before = await counts(s);
    const jobs = SUBJECTS.flatMap((subjectId) =>
      Array.from({ length: WRITES_PER_SUBJECT }, (_, i) => ({
        subjectId,
        purposeKey: PURPOSES[i % PURPOSES.length]!,
        action: i % 4 === 3 ? 'withdrawConsent' : 'grantConsent',
      })),
    );
    const results = await Promise.all(
      jobs.map((j) =>
        s.gql<Record<string, { id: string }>>(
          `mutation($i: ConsentInput!) { ${j.action}(input: $i) { id } }`,
          {
            i: {
              subjectId: j.subjectId,
              purposeKey: j.purposeKey,
              channel: 'API',
              method: 'concurrency-test',
              evidence: { job: j },
            },
          },
          service,
        ),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    expect(new Set(results.map((r, i) => r.data![jobs[i]!.action]!.id)).size).toBe(jobs.length);

    const after = await counts(s);
    expect(after.records - before.records).toBe(SUBJECTS.length * WRITES_PER_SUBJECT);
    expect(after.outbox - before.outbox).toBe(SUBJECTS.length * WRITES_PER_SUBJECT);
    expect(after.states - before.states).toBe(SUBJECTS.length * PURPOSES.length);

    const all = await s.gql<{
      verifyLedger: { ok: boolean; recordsChecked: number; firstBrokenRecordId: string | null };
    }>('{ verifyLedger { ok recordsChecked firstBrokenRecordId } }');
    expect(all.data?.verifyLedger).toEqual({ ok: true, recordsChecked: after.records, firstBrokenRecordId: null });

    for (const subjectId of SUBJECTS) {
      const one = await s.gql<{ verifyLedger: unknown }>(
        'query($s: ID) { verifyLedger(subjectId: $s) { ok recordsChecked firstBrokenRecordId } }',
        { s: subjectId },
      );
      expect(one.data?.verifyLedger).toEqual({
        ok: true,
        recordsChecked: WRITES_PER_SUBJECT,
        firstBrokenRecordId: null,
      });
      const chain = await s.app.core.db.prisma.consentRecord.findMany({
        where: { subjectId: s.app.core.protection.pseudonym(subjectId) },
        orderBy: { seq: 'asc' },
        select: { seq: true, hash: true, previousHash: true },
      });
      expect(chain.map((r) => r.seq)).toEqual(Array.from({ length: WRITES_PER_SUBJECT }, (_, i) => i));
      chain.forEach((r, i) => expect(r.previousHash).toBe(i === 0 ? null : chain[i - 1]!.hash));
    }
  });

  it('after the concurrent writes, each decision rests on the newest record of its subject and purpose', async () => {
    const requests = SUBJECTS.flatMap((subjectId) => PURPOSES.map((purposeKey) => ({ subjectId, purposeKey })));
    const r = await s.gql<{
      decideMany: { subjectId: string; purposeKey: string; allowed: boolean; record: { id: string; action: string } }[];
    }>(
      'query($r: [DecideInput!]!) { decideMany(requests: $r) { subjectId purposeKey allowed record { id action } } }',
      { r: requests },
      service,
    );
    // The ledger keeps pseudonyms (#16): ask by them, compare by subject id.
    const subjectOf = new Map(SUBJECTS.map((id) => [s.app.core.protection.pseudonym(id), id]));
    const stored = await s.app.core.db.prisma.consentRecord.findMany({
      where: { subjectId: { in: [...subjectOf.keys()] } },
      select: {
        id: true,
        subjectId: true,
        purposeKey: true,
        action: true,
        occurredAt: true,
        recordedAt: true,
        seq: true,
      },
    });
    const records = stored.map((x) => ({ ...x, subjectId: subjectOf.get(x.subjectId)! }));
    expect(r.errors).toBeUndefined();
    expect(r.data!.decideMany.map((d) => [d.subjectId, d.purposeKey])).toEqual(
      requests.map((q) => [q.subjectId, q.purposeKey]),
    );
    for (const d of r.data!.decideMany) {
      const newest = records
        .filter((x) => x.subjectId === d.subjectId && x.purposeKey === d.purposeKey)
        .sort(
          (a, b) =>
            a.occurredAt.getTime() - b.occurredAt.getTime() ||
            a.recordedAt.getTime() - b.recordedAt.getTime() ||
            a.seq - b.seq,
        )
        .at(-1)!;
      expect(d.record).toEqual({ id: newest.id, action: newest.action });
      expect(d.allowed).toBe(newest.action === 'GRANT');
    }
  });
});
