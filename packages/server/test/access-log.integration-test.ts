import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

/**
 * The access log (#18; README, "Access log"): every read of a subject's data by staff or a SERVICE key is recorded
 * (who, whose, what, when, from where) in an append-only table that names the subject only by its ledger pseudonym;
 * admins read it, the person reads who looked; decisions are counted per key per minute instead of logged.
 */

const SUBJECT = `al-${randomBytes(4).toString('hex')}@example.com`;
const OTHER = `al-other-${randomBytes(4).toString('hex')}`;
const GRANT = 'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }';
const SUBJECT_Q = 'query($s: ID!) { subject(id: $s) { subjectId } }';
const HISTORY = 'query($s: ID!) { consentHistory(subjectId: $s) { totalCount } }';
const RECEIPT = 'query($id: ID!) { consentReceipt(recordId: $id) { recordId } }';
const LOG =
  'query($s: ID, $f: Int, $a: String) { accessLog(subjectId: $s, first: $f, after: $a) { hasNextPage endCursor entries { id at subjectId operation clientIp userAgent requestId actor { kind id role name } } } }';
const MINE =
  'query($f: Int, $a: String) { myAccessLog(first: $f, after: $a) { hasNextPage endCursor entries { at operation viewerKind viewerRole viewerName } } }';
const COUNTS = 'query($since: DateTime!) { decisionCounts(since: $since) { keyId keyName minute calls decisions } }';

type Entry = {
  id: string;
  subjectId: string;
  operation: string;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  actor: { kind: string; id: string; role: string; name: string | null };
};
type LogPage = { accessLog: { hasNextPage: boolean; endCursor: string | null; entries: Entry[] } };

let s: TestServer;
let support: string;
let service: string;
let recordId: string;

/** A GraphQL call with a chosen User-Agent and request id, to see them in the log. */
async function read(query: string, variables: Record<string, unknown>, token: string, requestId: string) {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'user-agent': 'support-console/1.0',
      'x-request-id': requestId,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

const logRows = () => s.app.core.repos.accessLog.listAll();

beforeAll(async () => {
  s = await startTestServer();
  support = await apiKey(s, 'SUPPORT', 'Helpdesk Berlin');
  service = await apiKey(s, 'SERVICE', 'CRM sync');
  for (const subjectId of [SUBJECT, OTHER]) {
    const r = await s.gql<{ grantConsent: { id: string } }>(
      GRANT,
      { i: { subjectId, purposeKey: 'analytics', channel: 'API', method: 'test', evidence: { t: 1 } } },
      service,
    );
    expect(r.errors).toBeUndefined();
    if (subjectId === SUBJECT) recordId = r.data!.grantConsent.id;
  }
});
afterAll(async () => {
  await s?.close();
});

describe(`access log (${suiteKind})`, () => {
  it('a SUPPORT key reading subject, consentHistory and consentReceipt appends one entry each: who, whose, what, when, from where', async () => {
    const before = (await logRows()).length;
    expect((await read(SUBJECT_Q, { s: SUBJECT }, support, 'req-a')).errors).toBeUndefined();
    expect((await read(HISTORY, { s: SUBJECT }, support, 'req-b')).errors).toBeUndefined();
    expect((await read(RECEIPT, { id: recordId }, support, 'req-c')).errors).toBeUndefined();
    expect((await logRows()).length).toBe(before + 3);
    const page = (await s.gql<LogPage>(LOG, { s: SUBJECT })).data!.accessLog;
    expect(page.entries.map((e) => e.operation)).toEqual(['consentReceipt', 'consentHistory', 'subject']);
    expect(page.entries.map((e) => e.requestId)).toEqual(['req-c', 'req-b', 'req-a']);
    for (const e of page.entries) {
      expect(e.subjectId).toBe(SUBJECT);
      expect(e.actor).toMatchObject({ kind: 'SUPPORT', role: 'SUPPORT', name: 'Helpdesk Berlin' });
      expect(e.clientIp).toBe('127.0.0.1');
      expect(e.userAgent).toBe('support-console/1.0');
    }
  });

  it('stores the subject only as its ledger pseudonym, never the identifier in clear', async () => {
    const rows = await logRows();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.subjectKey).toMatch(/^ps_/);
      expect(JSON.stringify(r)).not.toContain(SUBJECT);
    }
    expect(rows.some((r) => r.subjectKey === s.app.core.protection.pseudonym(SUBJECT))).toBe(true);
  });

  it('a SERVICE key reading a subject is logged with its key name; its decisions are not logged but counted per key per minute', async () => {
    const before = (await logRows()).length;
    await read(SUBJECT_Q, { s: OTHER }, service, 'svc-1');
    const rows = await logRows();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ actorRole: 'SERVICE', actorName: 'CRM sync', operation: 'subject' });

    const since = new Date(Date.now() - 120_000).toISOString();
    const baseline = (
      await s.gql<{ decisionCounts: { keyName: string; decisions: number; calls: number }[] }>(COUNTS, { since })
    ).data!.decisionCounts.filter((c) => c.keyName === 'CRM sync');
    for (let i = 0; i < 3; i++)
      expect(
        (
          await s.gql(
            'query($s: ID!) { decide(subjectId: $s, purposeKey: "analytics") { allowed } }',
            { s: OTHER },
            service,
          )
        ).errors,
      ).toBeUndefined();
    const many = await s.gql(
      'query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed } }',
      {
        r: [
          { subjectId: OTHER, purposeKey: 'analytics' },
          { subjectId: SUBJECT, purposeKey: 'analytics' },
        ],
      },
      service,
    );
    expect(many.errors).toBeUndefined();
    expect((await logRows()).length).toBe(before + 1);
    const after = (
      await s.gql<{ decisionCounts: { keyName: string; decisions: number; calls: number }[] }>(COUNTS, { since })
    ).data!.decisionCounts.filter((c) => c.keyName === 'CRM sync');
    const sum = (rows: { calls: number; decisions: number }[]) =>
      rows.reduce((a, r) => ({ calls: a.calls + r.calls, decisions: a.decisions + r.decisions }), {
        calls: 0,
        decisions: 0,
      });
    expect(sum(after)).toEqual({ calls: sum(baseline).calls + 4, decisions: sum(baseline).decisions + 5 });
  });

  it('a SUBJECT reading its own data is not logged, and myAccessLog tells it who looked (no address, no software)', async () => {
    const token = await subjectToken(s, SUBJECT);
    const before = (await logRows()).length;
    expect((await s.gql('{ me { subjectId } }', {}, token)).errors).toBeUndefined();
    expect((await s.gql(HISTORY, { s: SUBJECT }, token)).errors).toBeUndefined();
    expect((await logRows()).length).toBe(before);
    const mine = await s.gql<{ myAccessLog: { entries: Record<string, unknown>[] } }>(MINE, {}, token);
    expect(mine.errors).toBeUndefined();
    const entries = mine.data!.myAccessLog.entries;
    expect(entries.map((e) => e.operation)).toEqual(['consentReceipt', 'consentHistory', 'subject']);
    expect(entries[0]).toMatchObject({ viewerKind: 'SUPPORT', viewerRole: 'SUPPORT', viewerName: 'Helpdesk Berlin' });
    expect(JSON.stringify(entries)).not.toMatch(/127\.0\.0\.1|support-console/);
    // The other subject's reads are not this subject's.
    const other = await s.gql<{ myAccessLog: { entries: unknown[] } }>(MINE, {}, await subjectToken(s, OTHER));
    expect(other.data!.myAccessLog.entries).toHaveLength(1);
  });

  it('only ADMIN reads the access log and decision counts; only SUBJECT tokens read myAccessLog', async () => {
    const token = await subjectToken(s, SUBJECT);
    const since = new Date(Date.now() - 60_000).toISOString();
    for (const [q, v, t, code] of [
      [LOG, {}, support, 'FORBIDDEN'],
      [LOG, {}, token, 'FORBIDDEN'],
      [COUNTS, { since }, service, 'FORBIDDEN'],
      [MINE, {}, support, 'FORBIDDEN'],
      [LOG, {}, null, 'UNAUTHENTICATED'],
    ] as const) {
      const r = await s.gql(q, v, t);
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('pages newest first with a cursor; bad input is BAD_USER_INPUT and writes nothing', async () => {
    const all = (await s.gql<LogPage>(LOG, { f: 200 })).data!.accessLog.entries;
    const first = (await s.gql<LogPage>(LOG, { f: 2 })).data!.accessLog;
    expect(first.hasNextPage).toBe(true);
    const second = (await s.gql<LogPage>(LOG, { f: 2, a: first.endCursor })).data!.accessLog;
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(all.slice(0, 4).map((e) => e.id));
    const before = (await logRows()).length;
    for (const [q, v] of [
      [LOG, { f: 0 }],
      [LOG, { f: 201 }],
      [LOG, { a: 'not-a-cursor' }],
      [LOG, { s: '' }],
      [MINE, { f: -1 }],
      [COUNTS, { since: new Date(Date.now() + 3_600_000).toISOString() }],
      [COUNTS, { since: new Date(Date.now() - 40 * 86_400_000).toISOString() }],
      [COUNTS, { since: '2026-02-30T00:00:00Z' }],
    ] as const) {
      const token = q === MINE ? await subjectToken(s, SUBJECT) : undefined;
      const r = await s.gql(q, v, token);
      expect(r.data ?? null, JSON.stringify(v)).toBeNull();
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(v)).toBe('BAD_USER_INPUT');
    }
    expect((await logRows()).length).toBe(before);
  });

  it('is append-only: the database refuses UPDATE and DELETE', async () => {
    const p = s.app.core.db.prisma;
    await expect(p.accessLogEntry.updateMany({ data: { actorName: 'someone else' } })).rejects.toThrow();
    await expect(p.accessLogEntry.deleteMany({})).rejects.toThrow();
    expect((await logRows()).every((r) => r.actorName !== 'someone else')).toBe(true);
  });

  it('a read whose entry cannot be stored fails (closed) and returns no data', async () => {
    const p = s.app.core.db.prisma;
    // A real database failure on insert: a trigger that refuses every new entry, dropped afterwards.
    if (suiteKind === 'sqlite')
      await p.$executeRawUnsafe(
        `CREATE TRIGGER "al_test_refuse" BEFORE INSERT ON "AccessLogEntry" BEGIN SELECT RAISE(ABORT, 'refused'); END;`,
      );
    else
      await p.$executeRawUnsafe(
        `CREATE TRIGGER "al_test_refuse" BEFORE INSERT ON "AccessLogEntry" FOR EACH ROW EXECUTE FUNCTION assent_refuse_change()`,
      );
    try {
      const r = await read(SUBJECT_Q, { s: SUBJECT }, support, 'req-fail');
      expect(r.data ?? null).toBeNull();
      expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await p.$executeRawUnsafe(
        suiteKind === 'sqlite' ? `DROP TRIGGER "al_test_refuse"` : `DROP TRIGGER "al_test_refuse" ON "AccessLogEntry"`,
      );
    }
    expect((await read(SUBJECT_Q, { s: SUBJECT }, support, 'req-ok')).errors).toBeUndefined();
  });

  it('after eraseSubject no row of the access log holds the identifier in clear, and the admin view says "erased"', async () => {
    const r = await s.gql(
      'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "Art. 17 request") { recordsShredded } }',
      {
        s: SUBJECT,
      },
    );
    expect(r.errors).toBeUndefined();
    const rows = await logRows();
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(JSON.stringify(row)).not.toContain(SUBJECT);
    const entries = (await s.gql<LogPage>(LOG, { f: 200 })).data!.accessLog.entries;
    const pseudonym = s.app.core.protection.pseudonym(SUBJECT);
    const ofSubject = rows.filter((x) => x.subjectKey === pseudonym).map((x) => String(x.seq));
    expect(ofSubject.length).toBeGreaterThan(0);
    for (const e of entries.filter((x) => ofSubject.includes(x.id))) expect(e.subjectId).toBe('erased');
    expect(JSON.stringify(entries)).not.toContain(SUBJECT);
  });
});
