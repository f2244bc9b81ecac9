import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import Sqlite from 'better-sqlite3';
import { openCore } from '../src/composition-root.ts';
import { openHotReads } from '../src/db/hot-reads.ts';
import { repoRoot, sqlitePath } from '../src/env.ts';
import { ADMIN_TOKEN, ledgerRows, startTestServer, suiteKind, type TestServer } from './harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

const grant = (subjectId: string, purposeKey: string, action: 'grantConsent' | 'withdrawConsent' = 'grantConsent') =>
  s.gql(
    `mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`,
    { i: { subjectId, purposeKey, channel: 'API', method: 'test', evidence: { ticket: 'T-1' } } },
    ADMIN_TOKEN,
  );

describe(`persistence on ${suiteKind}`, () => {
  it('the generated per-database schemas are in step with prisma/schema.base.prisma', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(repoRoot, 'packages/server/scripts/generate.mjs'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });

  it('another instance on the same database sees a purpose defined and retired here within its catalog poll', async () => {
    const other = await openCore(s.app.core.env, { seed: false });
    try {
      const seen = async (check: () => boolean) => {
        const t0 = Date.now();
        while (!check()) {
          if (Date.now() - t0 > 5000) throw new Error('the other instance did not see the catalog change within 5 s');
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const otherHas = (key: string, retired: boolean) => {
        const p = other.service.purposeByKey(key);
        return p !== undefined && (p.retiredAt !== null) === retired;
      };
      expect(otherHas('poll-check', false)).toBe(false);
      const define = await s.gql(
        `mutation { definePurpose(input: { key: "poll-check", title: "Poll check", description: "Seen by another instance.", legalBasis: CONSENT }) { key } }`,
      );
      expect(define.errors).toBeUndefined();
      await seen(() => otherHas('poll-check', false));
      const retire = await s.gql(`mutation { retirePurpose(key: "poll-check") { key } }`);
      expect(retire.errors).toBeUndefined();
      await seen(() => otherHas('poll-check', true));
    } finally {
      await other.close();
    }
  });

  it('decisions asked at the same moment each get their own answer (on PostgreSQL they share one batched query)', async () => {
    await grant('batch-a', 'analytics');
    await grant('batch-b', 'analytics');
    await grant('batch-b', 'analytics', 'withdrawConsent');
    await grant('batch-a', 'marketing-email');
    const admin = { role: 'ADMIN', kind: 'ADMIN', id: 'bootstrap-admin', via: 'bootstrap' } as const;
    const asks = ['batch-a', 'batch-b', 'batch-c'].flatMap((subjectId) =>
      ['analytics', 'marketing-email', 'analytics'].map((purposeKey) => ({ subjectId, purposeKey })),
    );
    const decide = (a: { subjectId: string; purposeKey: string }) =>
      s.app.core.service.decide(admin, a).then((d) => `${a.subjectId}/${a.purposeKey}: ${d.reason}`);
    const together = await Promise.all(asks.map(decide));
    const oneByOne: string[] = [];
    for (const a of asks) oneByOne.push(await decide(a));
    expect(together).toEqual(oneByOne);
    expect(together.slice(0, 3)).toEqual([
      'batch-a/analytics: CONSENT_GRANTED',
      'batch-a/marketing-email: CONSENT_GRANTED',
      'batch-a/analytics: CONSENT_GRANTED',
    ]);
    expect(together[3]).toBe('batch-b/analytics: CONSENT_WITHDRAWN');
    expect(together[6]).toBe('batch-c/analytics: NO_CONSENT');
  });

  it('the hot reads return the projection row as written: every field, both instants as Dates', async () => {
    const back = '2026-01-02T03:04:05.678Z';
    const r = await s.gql<{
      grantConsent: { id: string; occurredAt: string; recordedAt: string; noticeVersion: { version: number } };
    }>(
      'mutation($i: ConsentInput!) { grantConsent(input: $i) { id occurredAt recordedAt noticeVersion { version } } }',
      {
        i: {
          subjectId: 'hot-row',
          purposeKey: 'research',
          channel: 'API',
          method: 'test',
          evidence: { ticket: 'T-2' },
          occurredAt: back,
        },
      },
    );
    const rec = r.data!.grantConsent;
    const expected = {
      subjectId: 'hot-row',
      purposeKey: 'research',
      recordId: rec.id,
      action: 'GRANT',
      noticeVersion: rec.noticeVersion.version,
      occurredAt: new Date(back),
      recordedAt: new Date(rec.recordedAt),
    };
    const hot = openHotReads(suiteKind, s.app.core.env.DATABASE_URL, () => {});
    try {
      const plain = (row: unknown) => {
        const x = row as Record<keyof typeof expected, unknown>;
        return {
          subjectId: x.subjectId,
          purposeKey: x.purposeKey,
          recordId: x.recordId,
          action: x.action,
          noticeVersion: x.noticeVersion,
          occurredAt: x.occurredAt,
          recordedAt: x.recordedAt,
        };
      };
      expect(plain(await hot.findState('hot-row', 'research'))).toEqual(expected);
      const many = await hot.findStates([
        { subjectId: 'hot-row', purposeKey: 'research' },
        { subjectId: 'hot-row', purposeKey: 'analytics' },
      ]);
      expect(
        await hot
          .findStates([
            { subjectId: 'hot-row', purposeKey: 'analytics' },
            { subjectId: 'hot-row', purposeKey: 'research' },
            { subjectId: 'hot-row', purposeKey: 'research' },
          ])
          .then((r) => r.map((x) => x?.purposeKey ?? null)),
      ).toEqual([null, 'research', 'research']);
      // In the order asked, null where a pair has no row.
      expect(many.map((x) => x && plain(x))).toEqual([expected, null]);
      expect(many[0]!.occurredAt).toBeInstanceOf(Date);
      expect(await hot.findState('hot-row', 'analytics')).toBeNull();
    } finally {
      await hot.close();
    }
  });

  it('refuses UPDATE and DELETE of a consent record through raw SQL', async () => {
    const r = await grant('raw-sql-subject', 'analytics');
    const id = (r.data as { grantConsent: { id: string } }).grantConsent.id;
    const db = s.app.core.db.prisma;
    const placeholder = suiteKind === 'postgres' ? '$1' : '?';
    // The trigger's own message, wherever the driver adapter puts it (SQLite's arrives under a mislabelled Prisma code).
    const refusedAsAppendOnly = async (sql: string, table: string, ...args: unknown[]) => {
      const err = await db.$executeRawUnsafe(sql, ...args).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, sql).not.toBeNull();
      expect(errorText(err), sql).toMatch(new RegExp(`${table}.*append-only|append-only`));
    };
    await refusedAsAppendOnly(
      `UPDATE "ConsentRecord" SET "action" = 'WITHDRAW' WHERE "id" = ${placeholder}`,
      'ConsentRecord',
      id,
    );
    await refusedAsAppendOnly(`DELETE FROM "ConsentRecord" WHERE "id" = ${placeholder}`, 'ConsentRecord', id);
    await refusedAsAppendOnly(`UPDATE "NoticeVersion" SET "summary" = 'rewritten'`, 'NoticeVersion');
    await refusedAsAppendOnly(`DELETE FROM "NoticeVersion"`, 'NoticeVersion');
    await refusedAsAppendOnly(`DELETE FROM "NoticePurposeText"`, 'NoticePurposeText');
    if (suiteKind === 'postgres')
      await expect(db.$executeRawUnsafe(`TRUNCATE "ConsentRecord" CASCADE`)).rejects.toThrow(/append-only/);
    const row = await db.consentRecord.findUnique({ where: { id } });
    expect(row?.action).toBe('GRANT');
  });

  it('50 concurrent grants and withdrawals for one subject leave one unbroken chain and a projection equal to the newest record', async () => {
    const subject = 'concurrent-subject';
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        grant(subject, 'marketing-email', i % 2 ? 'withdrawConsent' : 'grantConsent'),
      ),
    );
    expect(results.every((r) => !r.errors)).toBe(true);
    const db = s.app.core.db.prisma;
    const chain = await ledgerRows(s, subject);
    expect(chain.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    chain.forEach((r, i) => expect(r.previousHash).toBe(i === 0 ? null : chain[i - 1]!.hash));
    const verify = await s.gql<{ verifyLedger: { ok: boolean; recordsChecked: number } }>(
      'query($s: ID) { verifyLedger(subjectId: $s) { ok recordsChecked firstBrokenRecordId } }',
      { s: subject },
    );
    expect(verify.data?.verifyLedger).toMatchObject({ ok: true, recordsChecked: 50 });
    const newest = [...chain]
      .sort(
        (a, b) =>
          a.occurredAt.getTime() - b.occurredAt.getTime() ||
          a.recordedAt.getTime() - b.recordedAt.getTime() ||
          a.seq - b.seq,
      )
      .at(-1)!;
    const state = await db.consentState.findUnique({
      where: { subjectId_purposeKey: { subjectId: subject, purposeKey: 'marketing-email' } },
    });
    expect(state?.recordId).toBe(newest.id);
  });

  it('rebuilding the projection from the ledger changes nothing', async () => {
    for (const [subject, purpose, action] of [
      ['a', 'analytics', 'grantConsent'],
      ['a', 'analytics', 'withdrawConsent'],
      ['b', 'research', 'grantConsent'],
    ] as const) {
      await grant(subject, purpose, action);
    }
    const before = await s.app.core.repos.ledger.dumpProjection();
    const rebuilt = await s.app.core.repos.ledger.rebuildProjection();
    const after = await s.app.core.repos.ledger.dumpProjection();
    expect(rebuilt).toBe(before.length);
    expect(after).toEqual(before);
  });

  it('warming the projection reads every row of it, off the event loop, and changes nothing', async () => {
    await grant('warm-1', 'analytics');
    await grant('warm-2', 'research');
    const before = await s.app.core.repos.ledger.dumpProjection();
    const hot = openHotReads(s.app.core.db.kind, s.app.core.db.url, () => {});
    try {
      expect(await hot.warmProjection()).toBe(before.length);
    } finally {
      await hot.close();
    }
    expect(await s.app.core.repos.ledger.dumpProjection()).toEqual(before);
  });

  it.skipIf(suiteKind !== 'sqlite')(
    'a Prisma transaction on SQLite holds the write lock from its start, so no other connection commits under its snapshot',
    async () => {
      const other = new Sqlite(sqlitePath(s.app.core.db.url), { timeout: 0 });
      try {
        const write = (key: string) =>
          other.prepare('INSERT INTO "Setting" ("key", "value") VALUES (?, ?)').run(key, 'x');
        let during: string | undefined;
        await s.app.core.db.prisma.$transaction(async (tx) => {
          await tx.setting.findMany(); // a read first: with a plain BEGIN the snapshot starts here
          try {
            write('other-connection-during');
            during = 'committed';
          } catch (e) {
            during = (e as { code?: string }).code;
          }
          await tx.setting.create({ data: { key: 'in-transaction', value: 'y' } });
        });
        // With BEGIN IMMEDIATE the other writer is kept out (it would otherwise commit, and the write above fail with SQLITE_BUSY_SNAPSHOT).
        expect(during).toBe('SQLITE_BUSY');
        write('other-connection-after');
        expect(
          (
            await s.app.core.db.prisma.setting.findMany({
              where: { key: { in: ['in-transaction', 'other-connection-after', 'other-connection-during'] } },
            })
          )
            .map((x) => x.key)
            .sort(),
        ).toEqual(['in-transaction', 'other-connection-after']);
      } finally {
        other.close();
      }
    },
  );

  it('every ledger record has its outbox event, written in the same transaction', async () => {
    const db = s.app.core.db.prisma;
    const [records, consentEvents] = await Promise.all([
      db.consentRecord.count(),
      db.outboxEvent.count({ where: { recordId: { not: null } } }),
    ]);
    expect(consentEvents).toBe(records);
  });

  it('verifyLedger names the first record whose stored hash no longer matches', async () => {
    // Tampering needs the trigger out of the way: only a database owner could do this, and the check still catches it.
    const db = s.app.core.db.prisma;
    await grant('tamper-subject', 'research');
    await grant('tamper-subject', 'research', 'withdrawConsent');
    const chain = await ledgerRows(s, 'tamper-subject');
    const victim = chain[1]!;
    if (suiteKind === 'postgres') {
      await db.$executeRawUnsafe(`ALTER TABLE "ConsentRecord" DISABLE TRIGGER "ConsentRecord_append_only"`);
      await db.$executeRawUnsafe(`UPDATE "ConsentRecord" SET "method" = 'forged' WHERE "id" = $1`, victim.id);
      await db.$executeRawUnsafe(`ALTER TABLE "ConsentRecord" ENABLE TRIGGER "ConsentRecord_append_only"`);
    } else {
      await db.$executeRawUnsafe(`DROP TRIGGER "ConsentRecord_no_update"`);
      await db.$executeRawUnsafe(`UPDATE "ConsentRecord" SET "method" = 'forged' WHERE "id" = ?`, victim.id);
      await db.$executeRawUnsafe(
        `CREATE TRIGGER "ConsentRecord_no_update" BEFORE UPDATE ON "ConsentRecord" BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END`,
      );
    }
    const one = await s.gql<{ verifyLedger: { ok: boolean; firstBrokenRecordId: string } }>(
      '{ verifyLedger(subjectId: "tamper-subject") { ok firstBrokenRecordId } }',
    );
    expect(one.data?.verifyLedger).toEqual({ ok: false, firstBrokenRecordId: victim.id });
    const all = await s.gql<{ verifyLedger: { ok: boolean; firstBrokenRecordId: string } }>(
      '{ verifyLedger { ok firstBrokenRecordId } }',
    );
    expect(all.data?.verifyLedger).toEqual({ ok: false, firstBrokenRecordId: victim.id });
  });

  it.skipIf(suiteKind !== 'postgres')(
    'survives PostgreSQL ending its connections (a restart, an administrator) and answers on new ones',
    async () => {
      // Fill the raw pools with idle connections first.
      await grant('terminated-subject', 'analytics');
      await s.gql(`query { decide(subjectId: "terminated-subject", purposeKey: "analytics") { allowed } }`);
      const admin = new pg.Client({ connectionString: s.app.core.env.DATABASE_URL });
      await admin.connect();
      try {
        const ended = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
        );
        expect(ended.rowCount).toBeGreaterThan(1);
      } finally {
        await admin.end();
      }
      await new Promise((r) => setTimeout(r, 200)); // the pools hear of it (an unhandled pool 'error' would end this process here)
      expect((await grant('terminated-subject', 'analytics', 'withdrawConsent')).errors).toBeUndefined();
      const d = await s.gql<{ decide: { allowed: boolean; reason: string } }>(
        `query { decide(subjectId: "terminated-subject", purposeKey: "analytics") { allowed reason } }`,
      );
      expect(d.data?.decide).toEqual({ allowed: false, reason: 'CONSENT_WITHDRAWN' });
    },
  );
});

/** Every message and code in an error and its causes (Prisma nests the driver's under meta and cause). */
function errorText(e: unknown, depth = 0): string {
  if (e == null || depth > 6) return '';
  if (typeof e === 'string') return e;
  if (typeof e !== 'object') return '';
  const o = e as Record<string, unknown>;
  const own = ['message', 'originalMessage', 'originalCode']
    .map((k) => (typeof o[k] === 'string' ? o[k] : ''))
    .join(' ');
  return [own, ...['meta', 'cause', 'driverAdapterError'].map((k) => errorText(o[k], depth + 1))].join(' ');
}
