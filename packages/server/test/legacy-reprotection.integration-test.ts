import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import Sqlite from 'better-sqlite3';
import { hashRecord, type ConsentRecordContent } from '@assent/core';
import { sqlitePath } from '../src/env.ts';
import { migrate } from '../src/db/migrate.ts';
import { RECORD_COLUMNS_WITH_LOCALE, STATE_COLUMNS } from '../src/db/tables.ts';
import { freshDatabase, startTestServer, suiteKind, type TestServer } from './harness.ts';

/**
 * A database written by the release before crypto-shredding (migrations through 20261206170000_notice_locales, records
 * with the identifier and evidence in clear, hash format 1) migrates in place when the new server starts: every intact
 * chain is re-protected (README, "Erasure"), a broken one is left as it was and still reported.
 */

const BEFORE_SHREDDING = '20261206170000_notice_locales';
const T0 = new Date('2026-11-01T10:00:00.000Z');
const T1 = new Date('2026-11-02T10:00:00.000Z');
const EVIDENCE = { note: 'called from +49 30 555 0101' };

/** Two records of 'legacy-alice' and one of 'legacy-broken' (its hash tampered with), as the old writer made them. */
function legacyRecords() {
  const base = {
    purposeKey: 'marketing-email',
    noticeVersionId: 'notice-1',
    noticeVersion: 1,
    locale: null,
  };
  const a0: ConsentRecordContent = {
    ...base,
    id: 'rec-a0',
    subjectId: 'legacy-alice',
    action: 'GRANT',
    channel: 'WEB',
    method: 'privacy-center/toggle',
    actorKind: 'SUBJECT',
    actorId: 'legacy-alice',
    evidence: null,
    occurredAt: T0,
    recordedAt: T0,
  };
  const a1: ConsentRecordContent = {
    ...base,
    id: 'rec-a1',
    subjectId: 'legacy-alice',
    action: 'WITHDRAW',
    channel: 'OFFLINE',
    method: 'phone',
    actorKind: 'SUPPORT',
    actorId: 'agent-7',
    evidence: EVIDENCE,
    occurredAt: T1,
    recordedAt: T1,
  };
  const b0: ConsentRecordContent = { ...a0, id: 'rec-b0', subjectId: 'legacy-broken', actorId: 'legacy-broken' };
  const h0 = hashRecord(a0, null);
  return [
    { ...a0, seq: 0, previousHash: null, hash: h0 },
    { ...a1, seq: 1, previousHash: h0, hash: hashRecord(a1, h0) },
    { ...b0, seq: 0, previousHash: null, hash: 'f'.repeat(64) },
  ];
}

/** Runs SQL on the database with the plain driver (SQLite `?` or PostgreSQL `$n` parameters). */
async function sql(url: string, statements: [string, unknown[]][]) {
  if (suiteKind === 'sqlite') {
    const db = new Sqlite(sqlitePath(url));
    try {
      for (const [text, values] of statements)
        db.prepare(text).run(...values.map((v) => (typeof v === 'boolean' ? Number(v) : v)));
    } finally {
      db.close();
    }
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (const [text, values] of statements) {
      let i = 0;
      await c.query(
        text.replace(/\?/g, () => `$${++i}`),
        values,
      );
    }
  } finally {
    await c.end();
  }
}

const instant = (d: Date) => (suiteKind === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d.toISOString());

let db: { url: string; drop: () => Promise<void> };
let s: TestServer;
const old = legacyRecords();

beforeAll(async () => {
  db = await freshDatabase();
  await migrate(db.url, { through: BEFORE_SHREDDING });
  const statements: [string, unknown[]][] = [
    [
      `INSERT INTO "Purpose" ("key", "title", "description", "legalBasis", "position", "createdAt", "gpcOptOut", "consentMode") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ['marketing-email', 'Marketing emails', 'News and offers by email.', 'CONSENT', 1, instant(T0), false, '[]'],
    ],
    [
      `INSERT INTO "NoticeVersion" ("id", "version", "publishedAt", "effectiveAt", "summary", "contentHash", "defaultLocale") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ['notice-1', 1, instant(T0), instant(T0), 'How we use your data.', 'x'.repeat(64), 'en'],
    ],
    [
      `INSERT INTO "NoticePurposeText" ("noticeVersionId", "purposeKey", "locale", "title", "description", "requiresReconsent", "position") VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ['notice-1', 'marketing-email', 'en', 'Marketing emails', 'News and offers by email.', false, 1],
    ],
  ];
  for (const r of old) {
    statements.push([
      `INSERT INTO "ConsentRecord" (${RECORD_COLUMNS_WITH_LOCALE}) VALUES (${Array(17).fill('?').join(', ')})`,
      [
        r.id,
        r.subjectId,
        r.seq,
        r.purposeKey,
        r.action,
        r.noticeVersionId,
        r.noticeVersion,
        r.channel,
        r.method,
        r.actorKind,
        r.actorId,
        r.evidence == null ? null : JSON.stringify(r.evidence),
        instant(r.occurredAt),
        instant(r.recordedAt),
        r.hash,
        r.previousHash,
        null,
      ],
    ]);
  }
  for (const r of [old[1]!, old[2]!])
    statements.push([
      `INSERT INTO "ConsentState" (${STATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [r.subjectId, r.purposeKey, r.id, r.action, 1, instant(r.occurredAt), instant(r.recordedAt)],
    ]);
  await sql(db.url, statements);
  s = await startTestServer({ DATABASE_URL: db.url, ASSENT_SEED: 'none' });
}, 60_000);

afterAll(async () => {
  await s?.close();
  await db?.drop();
});

describe(`a database from before crypto-shredding, on ${suiteKind}`, () => {
  it('re-protects every intact chain in place: pseudonym, sealed identifier and evidence, the first hash kept in legacyHash', async () => {
    const rows = await s.app.core.db.prisma.consentRecord.findMany({
      where: { id: { in: ['rec-a0', 'rec-a1'] } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((r) => r.legacyHash)).toEqual([old[0]!.hash, old[1]!.hash]);
    for (const r of rows) {
      expect(r).toMatchObject({ hashVersion: 2, evidence: null });
      expect(r.subjectId).toMatch(/^ps_/);
      expect(r.sealed).toBeTruthy();
      expect(JSON.stringify(r)).not.toContain('legacy-alice');
      expect(JSON.stringify(r)).not.toContain('+49 30 555 0101');
    }
    expect(rows[1]!.previousHash).toBe(rows[0]!.hash);
    // ChainHead (kept by triggers, read by checkpoints) follows the re-protection: the pseudonym's newest record, and
    // no row left under the identifier in clear.
    const heads = await s.app.core.db.prisma.chainHead.findMany({
      where: { subjectId: { in: [rows[0]!.subjectId, 'legacy-alice'] } },
    });
    expect(heads).toEqual([{ subjectId: rows[1]!.subjectId, seq: rows[1]!.seq, hash: rows[1]!.hash }]);
  });

  it('reads the re-protected records as they were written: identifier, subject actor and evidence', async () => {
    const h = await s.gql<{
      consentHistory: {
        edges: { node: { id: string; subjectId: string; evidence: unknown; actor: { id: string } } }[];
      };
    }>('query { consentHistory(subjectId: "legacy-alice") { edges { node { id subjectId evidence actor { id } } } } }');
    expect(h.data!.consentHistory.edges.map((e) => e.node)).toEqual([
      { id: 'rec-a1', subjectId: 'legacy-alice', evidence: EVIDENCE, actor: { id: 'agent-7' } },
      { id: 'rec-a0', subjectId: 'legacy-alice', evidence: null, actor: { id: 'legacy-alice' } },
    ]);
    const d = await s.gql<{ decide: { reason: string } }>(
      'query { decide(subjectId: "legacy-alice", purposeKey: "marketing-email") { reason } }',
    );
    expect(d.data!.decide.reason).toBe('CONSENT_WITHDRAWN');
  });

  it('leaves a chain that does not verify as it was (format 1), and verifyLedger still names its record', async () => {
    const broken = await s.app.core.db.prisma.consentRecord.findUnique({ where: { id: 'rec-b0' } });
    expect(broken).toMatchObject({ hashVersion: 1, subjectId: 'legacy-broken', hash: 'f'.repeat(64) });
    const all = await s.gql<{ verifyLedger: { ok: boolean; firstBrokenRecordId: string | null } }>(
      '{ verifyLedger { ok firstBrokenRecordId } }',
    );
    expect(all.data!.verifyLedger).toEqual({ ok: false, firstBrokenRecordId: 'rec-b0' });
    const alice = await s.gql<{ verifyLedger: { ok: boolean; recordsChecked: number } }>(
      '{ verifyLedger(subjectId: "legacy-alice") { ok recordsChecked } }',
    );
    expect(alice.data!.verifyLedger).toEqual({ ok: true, recordsChecked: 2 });
  });

  it('a re-protected row can never be updated again, and the trigger lets no other update through', async () => {
    const p = s.app.core.db.prisma;
    const param = suiteKind === 'sqlite' ? '?' : '$1';
    await expect(
      p.$executeRawUnsafe(`UPDATE "ConsentRecord" SET "method" = 'forged' WHERE "id" = ${param}`, 'rec-a0'),
    ).rejects.toThrow();
    // A format-1 row cannot be "re-protected" with other content either.
    await expect(
      p.$executeRawUnsafe(
        `UPDATE "ConsentRecord" SET "hashVersion" = 2, "legacyHash" = "hash", "action" = 'WITHDRAW' WHERE "id" = ${param}`,
        'rec-b0',
      ),
    ).rejects.toThrow();
  });

  it('a restart re-protects nothing twice', async () => {
    const before = await s.app.core.db.prisma.consentRecord.findMany({ orderBy: { id: 'asc' } });
    const again = await startTestServer({ DATABASE_URL: db.url, ASSENT_SEED: 'none' });
    try {
      expect(await again.app.core.db.prisma.consentRecord.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
    } finally {
      await again.close();
    }
  });

  it('a re-protected subject can be erased, and its chain still verifies', async () => {
    const r = await s.gql<{ eraseSubject: { recordsShredded: number } }>(
      'mutation { eraseSubject(subjectId: "legacy-alice", reason: "Art. 17 request") { recordsShredded } }',
    );
    expect(r.data?.eraseSubject.recordsShredded).toBe(2);
    const v = await s.gql<{ verifyLedger: { ok: boolean; recordsChecked: number } }>(
      '{ verifyLedger(subjectId: "legacy-alice") { ok recordsChecked } }',
    );
    expect(v.data!.verifyLedger).toEqual({ ok: true, recordsChecked: 3 });
  });
});
