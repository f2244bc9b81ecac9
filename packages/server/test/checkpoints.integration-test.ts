import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { checkpointStatement, compareHeads, hashProtectedRecord, type ChainHead } from '@assent/core';
import { repoRoot, sqlitePath } from '../src/env.ts';
import { openChainHeadsReader, type ChainHeadsReader } from '../src/db/chain-heads-reader.ts';
import { headRowsChunk, headsOfRows } from '../src/db/checkpoint-head-rows.ts';
import { checkpointTreeThread } from '../src/services/checkpoint-tree.ts';
import { buildCheckpointTree, type FromCheckpointThread } from '../src/services/checkpoint-tree-build.ts';
import { loadKeptTree } from '../src/services/checkpoint-tree-file.ts';
import { ADMIN_TOKEN, startTestServer, suiteKind, type TestServer } from './harness.ts';

const run = promisify(execFile);

const grant = async (s: TestServer, subjectId: string, purposeKey = 'marketing-email') => {
  const r = await s.gql<{ grantConsent: { id: string } }>(
    'mutation($i: ConsentInput!) { grantConsent(input: $i) { id } }',
    { i: { subjectId, purposeKey, channel: 'API', method: 'test', evidence: { ticket: 'T-1' } } },
    ADMIN_TOKEN,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.grantConsent.id;
};

const VERIFY = `query($s: ID) { verifyLedger(subjectId: $s) { ok recordsChecked firstBrokenRecordId checkpointOk
  checkpointBrokenSubjectId checkpointProblem checkpoint { id at records subjects root jws } } }`;
type Verification = {
  verifyLedger: {
    ok: boolean;
    recordsChecked: number;
    firstBrokenRecordId: string | null;
    checkpointOk: boolean | null;
    checkpointBrokenSubjectId: string | null;
    checkpointProblem: string | null;
    checkpoint: { id: string; records: number; subjects: number; root: string; jws: string } | null;
  };
};

/** A chain put back in hash format 1: the reader then gives no mark and follows none it gave before. */
async function expectNoMarkWithFormat1(s: TestServer, reader: ChainHeadsReader, chainKey: string, mark: string) {
  await bypassingTriggers(s, [[`UPDATE "ConsentRecord" SET "hashVersion" = 1 WHERE "subjectId" = ?`, chainKey]]);
  expect(await reader.mark!()).toBeNull();
  expect(await reader.changedSince!(mark)).toBeNull();
}

/** Runs SQL with the ledger's append-only triggers out of the way, as a database superuser could. */
async function bypassingTriggers(s: TestServer, statements: [string, ...unknown[]][]) {
  const db = s.app.core.db.prisma;
  if (suiteKind === 'postgres') {
    await db.$executeRawUnsafe(`ALTER TABLE "ConsentRecord" DISABLE TRIGGER "ConsentRecord_append_only"`);
    for (const [sql, ...args] of statements) {
      let n = 0;
      await db.$executeRawUnsafe(
        sql.replace(/\?/g, () => `$${++n}`),
        ...args,
      );
    }
    await db.$executeRawUnsafe(`ALTER TABLE "ConsentRecord" ENABLE TRIGGER "ConsentRecord_append_only"`);
  } else {
    await db.$executeRawUnsafe(`DROP TRIGGER "ConsentRecord_no_update"`);
    await db.$executeRawUnsafe(`DROP TRIGGER "ConsentRecord_no_delete"`);
    for (const [sql, ...args] of statements) await db.$executeRawUnsafe(sql, ...args);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "ConsentRecord_no_update" BEFORE UPDATE ON "ConsentRecord" BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER "ConsentRecord_no_delete" BEFORE DELETE ON "ConsentRecord" BEGIN SELECT RAISE(ABORT, 'ConsentRecord is append-only'); END`,
    );
  }
}

/** pnpm assent verify against the test server's database. */
const cliVerify = (s: TestServer) =>
  run(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'packages/server/src/cli.ts'), 'verify'], {
    env: { ...process.env, DATABASE_URL: s.app.core.env.DATABASE_URL, ASSENT_SEED: 'none', LOG_LEVEL: 'silent' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

async function seedSubjects(s: TestServer) {
  for (const subject of ['alice', 'bob', 'carol']) {
    await grant(s, subject);
    await grant(s, subject, 'analytics');
  }
}

let servers: TestServer[] = [];
const server = async (env: Record<string, string> = {}) => {
  const s = await startTestServer(env);
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe(`ledger checkpoints on ${suiteKind}`, () => {
  it('a checkpoint signs { id, at, records, subjects, root }; ledgerCheckpoint (public) returns the newest; verifyLedger checks against it', async () => {
    const s = await server();
    expect((await s.gql('{ ledgerCheckpoint { id } }', {}, null)).data).toEqual({ ledgerCheckpoint: null });
    await seedSubjects(s);
    const cp = (await s.app.core.service.makeCheckpoint())!;
    expect(cp).toMatchObject({ records: 6, subjects: 3 });

    const r = await s.gql<{
      ledgerCheckpoint: { id: string; at: string; records: number; subjects: number; root: string; jws: string };
    }>('{ ledgerCheckpoint { id at records subjects root jws } }', {}, null);
    const published = r.data!.ledgerCheckpoint;
    expect(published).toMatchObject({ id: cp.id, records: 6, subjects: 3, root: cp.root });
    const jwks = (await (await fetch(`${s.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await compactVerify(published.jws, createLocalJWKSet(jwks));
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({
      id: cp.id,
      at: published.at,
      records: 6,
      subjects: 3,
      root: cp.root,
    });

    const v = (await s.gql<Verification>(VERIFY, {})).data!.verifyLedger;
    expect(v).toMatchObject({ ok: true, checkpointOk: true, checkpointBrokenSubjectId: null, recordsChecked: 6 });
    expect(v.checkpoint?.id).toBe(cp.id);
    expect((await s.gql<Verification>(VERIFY, { s: 'bob' })).data!.verifyLedger).toMatchObject({
      ok: true,
      checkpointOk: true,
    });
  });

  it("the checkpoint thread's root and counts are core's over the ledger's heads (0, 1, 2, 3, 5, 9 subjects); it sends every head the first time, then those that moved, from the tree it kept or from the checkpoint's stored heads", async () => {
    const s = await server();
    const url = s.app.core.env.DATABASE_URL;
    const thread = () =>
      checkpointTreeThread({ kind: suiteKind, target: suiteKind === 'sqlite' ? sqlitePath(url) : url });
    const tree = thread();
    const heads = async () => [...(await s.app.core.repos.ledger.listChainHeads())].sort(compareHeads);
    const at = new Date();
    const expectTree = async (previous: { seq: number; root: string } | null, moved?: ChainHead[], build = tree) => {
      const want = await heads();
      const { id: _id, at: _at, ...statement } = checkpointStatement('x', at, want);
      const got = await build(previous);
      expect({ ...got, moved: undefined }).toEqual({ ...statement, moved: undefined });
      expect(headsOfRows(got.moved)).toEqual(moved ?? want);
      expect(got.moved.count).toBe((moved ?? want).length);
    };
    let n = 0;
    for (const size of [0, 1, 2, 3, 5, 9]) {
      while (n < size) await grant(s, `subject-${n++}`);
      await expectTree(null);
    }
    const cp = (await s.app.core.service.makeCheckpoint())!;
    // The thread's last tree has the checkpoint's root: nothing moved.
    await expectTree({ seq: cp.seq, root: cp.root }, []);
    await grant(s, 'subject-4', 'analytics');
    await grant(s, 'subject-new');
    const key = (id: string) => s.app.core.repos.ledger.chainKeyOf(id);
    const moved = (await heads()).filter((h) => [key('subject-4'), key('subject-new')].includes(h.subjectId));
    expect(moved).toHaveLength(2);
    // From the kept tree (it has cp's root) …
    await expectTree({ seq: cp.seq, root: cp.root }, moved);
    // … from cp's stored heads when the kept tree is another (it is now the one just built) …
    await grant(s, 'subject-0', 'analytics');
    const movedSinceCp = (await heads()).filter((h) =>
      [key('subject-4'), key('subject-new'), key('subject-0')].includes(h.subjectId),
    );
    await expectTree({ seq: cp.seq, root: cp.root }, movedSinceCp);
    // … and on a thread that kept nothing.
    const fresh = thread();
    await expectTree({ seq: cp.seq, root: cp.root }, movedSinceCp, fresh);
    await Promise.all([tree.close(), fresh.close()]);
  });

  it("a checkpoint thread started afresh begins from the tree the last one saved (ASSENT_CHECKPOINT_TREE_FILE): the same root, and the moved heads from that tree without reading the checkpoint's stored heads; a damaged file is ignored", async () => {
    const s = await server();
    const url = s.app.core.env.DATABASE_URL;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'assent-tree-'));
    const treeFile = path.join(dir, 'tree');
    const target = suiteKind === 'sqlite' ? sqlitePath(url) : url;
    const heads = async () => [...(await s.app.core.repos.ledger.listChainHeads())].sort(compareHeads);
    const key = (id: string) => s.app.core.repos.ledger.chainKeyOf(id);
    try {
      await seedSubjects(s);
      const first = checkpointTreeThread({ kind: suiteKind, target, treeFile });
      const built = await first(null);
      await first.close();
      const cp = (await s.app.core.service.makeCheckpoint())!;
      expect(built.root).toBe(cp.root);
      await grant(s, 'bob', 'analytics');
      await grant(s, 'dave');
      const moved = (await heads()).filter((h) => [key('bob'), key('dave')].includes(h.subjectId));
      const want = checkpointStatement('x', new Date(), await heads());

      // What a new thread does with the file, on a reader that fails if the checkpoint's stored heads are read.
      const kept = (await loadKeptTree(treeFile))!;
      expect(kept.last!.root).toBe(cp.root);
      const reader = await openChainHeadsReader(target, suiteKind);
      const posted: FromCheckpointThread[] = [];
      try {
        const noHeadsAt = { ...reader, headsAt: () => Promise.reject(new Error('read the stored heads')) as never };
        await buildCheckpointTree(noHeadsAt, { seq: cp.seq, root: cp.root }, (m) => posted.push(m), kept);
      } finally {
        await reader.close();
      }
      expect(posted[0]).toEqual({ type: 'summary', records: want.records, subjects: want.subjects, root: want.root });
      expect(posted.slice(1)).toEqual([{ type: 'moved', count: 2, rows: headRowsChunk(moved) }]);

      // The same through a thread; then with the file damaged, from the stored heads.
      for (const damage of [false, true]) {
        if (damage) await writeFile(treeFile, 'damaged');
        const fresh = checkpointTreeThread({ kind: suiteKind, target, treeFile });
        const got = await fresh({ seq: cp.seq, root: cp.root });
        await fresh.close();
        expect(got).toEqual({
          records: want.records,
          subjects: want.subjects,
          root: want.root,
          moved: { count: 2, chunks: [headRowsChunk(moved)] },
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.runIf(suiteKind === 'postgres')(
    'on PostgreSQL the reader follows changed heads from a mark: a write in flight when the mark is taken is read once it commits; no mark while a chain in hash format 1 exists',
    async () => {
      const s = await server();
      const url = s.app.core.env.DATABASE_URL;
      await grant(s, 'subject-a');
      await grant(s, 'subject-b');
      const key = (id: string) => s.app.core.repos.ledger.chainKeyOf(id);
      const headOf = async (id: string) =>
        (await s.app.core.repos.ledger.listChainHeads()).find((h) => h.subjectId === key(id))!;
      const reader = await openChainHeadsReader(url, 'postgres');
      const other = new pg.Client({ connectionString: url });
      await other.connect();
      try {
        const mark0 = (await reader.mark!())!;
        // <cluster's system identifier>/<database oid>:<transaction id>
        expect(mark0).toMatch(/^\d+\/\d+:\d+$/);
        // A mark of another database (a kept tree's file from a restored copy) is not followed.
        expect(await reader.changedSince!(mark0.replace(/^\d+/, '1'))).toBeNull();
        await grant(s, 'subject-a', 'analytics');
        const first = (await reader.changedSince!(mark0))!;
        expect(first.heads).toContainEqual(await headOf('subject-a'));
        expect(first.heads).not.toContainEqual(await headOf('subject-b'));

        // subject-b's row rewritten (to the same head) by a transaction that is open while the next mark is taken.
        await other.query('BEGIN');
        await other.query(`UPDATE "ChainHead" SET "changedXid" = pg_current_xact_id() WHERE "subjectId" = $1`, [
          key('subject-b'),
        ]);
        const during = (await reader.changedSince!(first.mark))!;
        expect(during.heads.map((h) => h.subjectId)).not.toContain(key('subject-b'));
        await other.query('COMMIT');
        const after = (await reader.changedSince!(during.mark))!;
        expect(after.heads).toContainEqual(await headOf('subject-b'));

        // A chain in hash format 1 (written before crypto-shredding) would move to its pseudonym when re-protected.
        await expectNoMarkWithFormat1(s, reader, key('subject-b'), after.mark);
      } finally {
        await other.end();
        await reader.close();
      }
    },
  );

  it.runIf(suiteKind === 'sqlite')(
    "on SQLite the reader follows changed heads from a mark (the newest record's rowid and id): a mark of another file is refused; no mark while a chain in hash format 1 exists",
    async () => {
      const s = await server();
      const target = sqlitePath(s.app.core.env.DATABASE_URL);
      const key = (id: string) => s.app.core.repos.ledger.chainKeyOf(id);
      const headOf = async (id: string) =>
        (await s.app.core.repos.ledger.listChainHeads()).find((h) => h.subjectId === key(id))!;
      const reader = await openChainHeadsReader(target, 'sqlite');
      try {
        // An empty ledger's mark follows every record to come.
        const empty = (await reader.mark!())!;
        expect(empty).toBe(':0');
        await grant(s, 'subject-a');
        await grant(s, 'subject-b');
        const fromEmpty = (await reader.changedSince!(empty))!;
        expect(fromEmpty.heads).toEqual(expect.arrayContaining([await headOf('subject-a'), await headOf('subject-b')]));
        const mark0 = (await reader.mark!())!;
        // <id of the newest record>:<its rowid>
        expect(mark0).toMatch(/^[0-9a-f-]{36}:\d+$/);
        expect(fromEmpty.mark).toBe(mark0);
        // Marks of another file: another record at that rowid, a rowid past the newest, a record where there was none.
        const rowid = Number(mark0.split(':')[1]);
        expect(await reader.changedSince!(`${crypto.randomUUID()}:${rowid}`)).toBeNull();
        expect(await reader.changedSince!(`${mark0.split(':')[0]}:${rowid + 5}`)).toBeNull();
        expect(await reader.changedSince!(`x:0`)).toBeNull();
        expect(await reader.changedSince!(`nonsense`)).toBeNull();

        await grant(s, 'subject-a', 'analytics');
        const first = (await reader.changedSince!(mark0))!;
        expect(first.heads).toEqual([await headOf('subject-a')]);
        // Nothing since: nothing read, the same mark.
        expect(await reader.changedSince!(first.mark)).toEqual({ heads: [], mark: first.mark });

        // A chain in hash format 1 (written before crypto-shredding) would move to its pseudonym when re-protected.
        await expectNoMarkWithFormat1(s, reader, key('subject-b'), first.mark);
      } finally {
        await reader.close();
      }
    },
  );

  it("ChainHead, kept by the database's triggers, holds each subject's newest record after every kind of write", async () => {
    const s = await server();
    const db = s.app.core.db.prisma;
    // What checkpoints read (the repository's page of ChainHead), against each subject's record of the highest seq
    // read from the ledger itself.
    const fromTable = async () => [...(await s.app.core.repos.ledger.listChainHeads())].sort(compareHeads);
    const fromRecords = async () =>
      (
        await db.$queryRawUnsafe<ChainHead[]>(
          `SELECT r."subjectId", r."seq", r."hash" FROM "ConsentRecord" r
           WHERE r."seq" = (SELECT MAX(m."seq") FROM "ConsentRecord" m WHERE m."subjectId" = r."subjectId")`,
        )
      )
        .map((h) => ({ subjectId: h.subjectId, seq: Number(h.seq), hash: h.hash }))
        .sort(compareHeads);
    await seedSubjects(s);
    const choices = await s.gql(
      `mutation { recordChoices(input: { subjectId: "dora", channel: WEB, method: "banner", evidence: { form: "x" },
        choices: [{ purposeKey: "marketing-email", action: GRANT }, { purposeKey: "analytics", action: REFUSE }] }) { id } }`,
      {},
      ADMIN_TOKEN,
    );
    expect(choices.errors).toBeUndefined();
    const imported = await s.gql(
      'mutation($r: [ImportRecordInput!]!) { importConsents(records: $r) { imported } }',
      {
        r: ['erin', 'erin', 'bob'].map((subjectId, i) => ({
          importId: `heads-${i}`,
          subjectId,
          purposeKey: i === 1 ? 'analytics' : 'personalization',
          action: 'GRANT',
          channel: 'OFFLINE',
          method: 'paper-form',
          occurredAt: `2025-03-0${i + 1}T09:30:00Z`,
          evidence: { form: i },
        })),
      },
      ADMIN_TOKEN,
    );
    expect(imported.errors).toBeUndefined();
    const erased = await s.gql(
      'mutation { eraseSubject(subjectId: "carol", reason: "Art. 17 request") { recordsShredded } }',
      {},
      ADMIN_TOKEN,
    );
    expect(erased.errors).toBeUndefined();
    const want = await fromRecords();
    expect(want).toHaveLength(5);
    expect(await fromTable()).toEqual(want);
    // What a checkpoint reads is that table: its counts are the ledger's.
    expect(await s.app.core.service.makeCheckpoint()).toMatchObject({
      subjects: 5,
      records: want.reduce((n, h) => n + h.seq + 1, 0),
    });
  });

  it('the scheduled checkpoint skips an unchanged ledger; the next one stores only the heads that moved', async () => {
    const s = await server();
    await seedSubjects(s);
    const first = (await s.app.core.service.makeCheckpoint({ onlyIfChanged: true }))!;
    expect(await s.app.core.service.makeCheckpoint({ onlyIfChanged: true })).toBeNull();
    await grant(s, 'bob', 'analytics');
    const second = (await s.app.core.service.makeCheckpoint({ onlyIfChanged: true }))!;
    expect(second.seq).toBe(first.seq + 1);
    expect(second).toMatchObject({ records: 7, subjects: 3 });
    const heads = await s.app.core.db.prisma.checkpointHead.findMany({ where: { checkpointSeq: second.seq } });
    expect(heads.map((h) => [h.subjectId, h.seq])).toEqual([[s.app.core.repos.ledger.chainKeyOf('bob'), 2]]);
    expect((await s.gql<Verification>(VERIFY, {})).data!.verifyLedger).toMatchObject({ ok: true, checkpointOk: true });
  });

  it("checkpoint makers take turns under the maker's lease: two at once get consecutive seqs; a held lease is waited for, then refused", async () => {
    const s = await server();
    await seedSubjects(s);
    const [a, b] = await Promise.all([s.app.core.checkpoints.makeNow(30_000), s.app.core.checkpoints.makeNow(30_000)]);
    expect([a.seq, b.seq].sort()).toEqual([1, 2]);
    expect((await s.gql<Verification>(VERIFY, {})).data!.verifyLedger).toMatchObject({ ok: true, checkpointOk: true });
    // Another process holds the lease (as `pnpm assent checkpoint` does while it makes one).
    await s.app.core.db.prisma.dispatcherLease.upsert({
      where: { name: 'checkpoint-maker' },
      create: { name: 'checkpoint-maker', holder: 'elsewhere', expiresAt: new Date(Date.now() + 60_000) },
      update: { holder: 'elsewhere', expiresAt: new Date(Date.now() + 60_000) },
    });
    await expect(s.app.core.checkpoints.makeNow(600)).rejects.toThrow(/another checkpoint is being made/);
    expect(await s.app.core.db.prisma.ledgerCheckpoint.count()).toBe(2);
    await s.app.core.db.prisma.dispatcherLease.update({
      where: { name: 'checkpoint-maker' },
      data: { expiresAt: new Date(0) },
    });
    expect((await s.app.core.checkpoints.makeNow(600)).seq).toBe(3);
  });

  it('a checkpoint made while the same process writes back to back finishes while the writes go on', async () => {
    const s = await server();
    await seedSubjects(s);
    let done = false;
    const cp = s.app.core.checkpoints.makeNow(30_000).finally(() => (done = true));
    // Writes awaited one after another in this process, as an import does; on SQLite each is synchronous, and
    // before the write lock let the event loop turn the checkpoint's reads waited until the loop stopped.
    const admin = { role: 'ADMIN', kind: 'ADMIN', id: 'test', via: 'bootstrap' } as const;
    let writes = 0;
    const until = performance.now() + 30_000;
    while (!done && performance.now() < until) {
      await s.app.core.service.grantConsent(admin, {
        subjectId: `loop-${writes % 50}`,
        purposeKey: writes % 2 ? 'analytics' : 'marketing-email',
        channel: 'API',
        method: 'test',
        evidence: { n: writes },
      });
      writes++;
    }
    expect(done).toBe(true);
    expect((await cp).subjects).toBeGreaterThanOrEqual(3);
    expect((await s.gql<Verification>(VERIFY, {})).data!.verifyLedger).toMatchObject({ ok: true, checkpointOk: true });
  }, 60_000);

  it('a receipt names the checkpoint that covers its record, and none for a record newer than the newest checkpoint', async () => {
    const s = await server();
    const covered = await grant(s, 'dana');
    const cp = (await s.app.core.service.makeCheckpoint())!;
    const newer = await grant(s, 'dana', 'analytics');
    const receipt = (id: string) =>
      s.gql<{ consentReceipt: { payload: { 'assent:ledger': { 'assent:checkpoint': unknown } } } }>(
        'query($id: ID!) { consentReceipt(recordId: $id) { payload } }',
        { id },
      );
    expect((await receipt(covered)).data!.consentReceipt.payload['assent:ledger']['assent:checkpoint']).toMatchObject({
      'dct:identifier': cp.id,
      'assent:root': cp.root,
      'assent:jws': cp.jws,
    });
    expect((await receipt(newer)).data!.consentReceipt.payload['assent:ledger']['assent:checkpoint']).toBeNull();
  });

  it("cutting off a subject's newest record after a checkpoint is detected, naming the subject (verifyLedger and pnpm assent verify)", async () => {
    const s = await server();
    await seedSubjects(s);
    await s.app.core.service.makeCheckpoint();
    const newest = await s.app.core.db.prisma.consentRecord.findFirstOrThrow({
      where: { subjectId: s.app.core.repos.ledger.chainKeyOf('bob') },
      orderBy: { seq: 'desc' },
    });
    await bypassingTriggers(s, [[`DELETE FROM "ConsentRecord" WHERE "id" = ?`, newest.id]]);

    const v = (await s.gql<Verification>(VERIFY, {})).data!.verifyLedger;
    // The shortened chain is itself intact: only the checkpoint shows what was cut off.
    expect(v).toMatchObject({
      ok: false,
      firstBrokenRecordId: null,
      checkpointOk: false,
      checkpointBrokenSubjectId: 'bob',
    });
    expect(v.checkpointProblem).toMatch(/records cut off/);
    expect((await s.gql<Verification>(VERIFY, { s: 'bob' })).data!.verifyLedger).toMatchObject({
      ok: false,
      checkpointOk: false,
    });
    expect((await s.gql<Verification>(VERIFY, { s: 'alice' })).data!.verifyLedger).toMatchObject({ ok: true });

    const cli = await cliVerify(s);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toMatch(/FAILS: subject 'bob'/);
  });

  it("cutting off a subject's only record after a checkpoint still names the subject (from the projection)", async () => {
    const s = await server();
    await seedSubjects(s);
    await grant(s, 'dave');
    await s.app.core.service.makeCheckpoint();
    await bypassingTriggers(s, [
      [`DELETE FROM "ConsentRecord" WHERE "subjectId" = ?`, s.app.core.repos.ledger.chainKeyOf('dave')],
    ]);
    const v = (await s.gql<Verification>(VERIFY, {})).data!.verifyLedger;
    expect(v).toMatchObject({ ok: false, checkpointOk: false, checkpointBrokenSubjectId: 'dave' });
    expect(v.checkpointProblem).toMatch(/subject 'dave' had 1 records/);
    const cli = await cliVerify(s);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toMatch(/FAILS: subject 'dave'/);
  });

  it('rewriting a chain wholesale (every hash recomputed) after a checkpoint is detected, naming the subject', async () => {
    const s = await server();
    await seedSubjects(s);
    await s.app.core.service.makeCheckpoint();
    // The ledger stores chains under a pseudonym, in hash format 2 (README, "Erasure"): the forger recomputes that.
    const rows = await s.app.core.db.prisma.consentRecord.findMany({
      where: { subjectId: s.app.core.repos.ledger.chainKeyOf('carol') },
      orderBy: { seq: 'asc' },
    });
    // Forge the first record's method, then recompute the whole chain so that every hash matches again.
    let previousHash: string | null = null;
    const updates: [string, ...unknown[]][] = [];
    for (const r of rows) {
      const forged = r.seq === 0 ? { ...r, method: 'forged' } : r;
      const hash = hashProtectedRecord(forged, previousHash);
      updates.push([
        `UPDATE "ConsentRecord" SET "method" = ?, "hash" = ?, "previousHash" = ? WHERE "id" = ?`,
        forged.method,
        hash,
        previousHash,
        r.id,
      ]);
      previousHash = hash;
    }
    await bypassingTriggers(s, updates);

    const v = (await s.gql<Verification>(VERIFY, {})).data!.verifyLedger;
    expect(v).toMatchObject({
      firstBrokenRecordId: null,
      ok: false,
      checkpointOk: false,
      checkpointBrokenSubjectId: 'carol',
    });
    expect(v.checkpointProblem).toMatch(/history rewritten/);
    const cli = await cliVerify(s);
    expect(cli.code).toBe(2);
    expect(cli.stdout).toMatch(/subject 'carol'/);
  });

  it('the checkpoint tables refuse UPDATE and DELETE', async () => {
    const s = await server();
    await seedSubjects(s);
    await s.app.core.service.makeCheckpoint();
    const p = s.app.core.db.prisma;
    for (const [table, column] of [
      ['LedgerCheckpoint', 'root'],
      ['CheckpointHead', 'hash'],
    ]) {
      await expect(p.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = 'x'`)).rejects.toThrow(/append-only/);
      await expect(p.$executeRawUnsafe(`DELETE FROM "${table}"`)).rejects.toThrow(/append-only/);
    }
  });

  it('every ASSENT_CHECKPOINT_SECONDS with new records, one checkpoint is made and POSTed to ASSENT_CHECKPOINT_WEBHOOK', async () => {
    const received: { id: string; root: string; jws: string }[] = [];
    const sink = http.createServer((req, res) => {
      let body = '';
      req
        .on('data', (c) => (body += c))
        .on('end', () => {
          received.push(JSON.parse(body));
          res.writeHead(204).end();
        });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const port = (sink.address() as { port: number }).port;
    try {
      const s = await server({
        ASSENT_CHECKPOINT_SECONDS: '1',
        ASSENT_CHECKPOINT_WEBHOOK: `http://127.0.0.1:${port}/log`,
      });
      await grant(s, 'erin');
      await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const newest = (await s.app.core.service.ledgerCheckpoint())!;
      expect(received.at(-1)).toMatchObject({
        id: newest.id,
        root: newest.root,
        jws: newest.jws,
        records: 1,
        subjects: 1,
      });
      // Nothing new: no further checkpoint.
      await new Promise((r) => setTimeout(r, 2500));
      expect(await s.app.core.db.prisma.ledgerCheckpoint.count()).toBe(1);
    } finally {
      sink.close();
    }
  });
});
