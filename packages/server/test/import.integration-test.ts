import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, counts, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';

let s: TestServer;
let service: string;
beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => s?.close());

const IMPORT = 'mutation($r: [ImportRecordInput!]!) { importConsents(records: $r) { imported duplicates } }';
type Issue = { index: number; path: string; reason: string };
const evidence = { source: 'crm-export-2025', form: 'F-17' };
const row = (importId: string, subjectId: string, occurredAt: string, over: Record<string, unknown> = {}) => ({
  importId,
  subjectId,
  purposeKey: 'marketing-email',
  action: 'GRANT',
  channel: 'OFFLINE',
  method: 'paper-form',
  occurredAt,
  evidence,
  ...over,
});
const importRows = (rows: unknown[], token = service) =>
  s.gql<{ importConsents: { imported: number; duplicates: number } }>(IMPORT, { r: rows }, token);
const chain = (subjectId: string) =>
  s.app.core.db.prisma.consentRecord.findMany({
    where: { subjectId: s.app.core.protection.pseudonym(subjectId) },
    orderBy: { seq: 'asc' },
    select: { action: true, occurredAt: true, method: true, channel: true, actorKind: true },
  });
const reason = async (subjectId: string, purposeKey = 'marketing-email') =>
  (
    await s.gql<{ decide: { reason: string } }>(
      'query($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { reason } }',
      { s: subjectId, p: purposeKey },
    )
  ).data!.decide.reason;

describe(`importConsents on ${suiteKind}`, () => {
  it("appends each subject's rows in occurredAt order, on the notice in force then, and the status follows the newest", async () => {
    const r = await importRows([
      row('imp-a-3', 'imp-alice', '2025-03-01T00:00:00.000Z', { action: 'WITHDRAW' }),
      row('imp-b-1', 'imp-bob', '2025-01-05T00:00:00.000Z'),
      row('imp-a-1', 'imp-alice', '2025-01-01T00:00:00.000Z'),
      row('imp-a-2', 'imp-alice', '2025-02-01T00:00:00.000Z', { action: 'REFUSE' }),
    ]);
    expect(r.errors).toBeUndefined();
    expect(r.data!.importConsents).toEqual({ imported: 4, duplicates: 0 });
    const alice = await chain('imp-alice');
    expect(alice.map((x) => [x.action, x.occurredAt.toISOString()])).toEqual([
      ['GRANT', '2025-01-01T00:00:00.000Z'],
      ['REFUSE', '2025-02-01T00:00:00.000Z'],
      ['WITHDRAW', '2025-03-01T00:00:00.000Z'],
    ]);
    expect(alice[0]).toMatchObject({ method: 'paper-form', channel: 'OFFLINE', actorKind: 'SERVICE' });
    expect(await reason('imp-alice')).toBe('CONSENT_WITHDRAWN');
    expect(await reason('imp-bob')).toBe('CONSENT_GRANTED');
    const verified = await s.gql<{ verifyLedger: { ok: boolean } }>('{ verifyLedger { ok } }');
    expect(verified.data!.verifyLedger.ok).toBe(true);
  });

  it('every value reads back as written: subject ids and evidence with quotes, backslashes, braces, commas, line breaks, "NULL" and non-ASCII text', async () => {
    // PostgreSQL's batch inserts send each column as one array literal; these are the characters its syntax quotes.
    const odd = ['imp-"quoted"', 'imp-back\\slash', 'imp-{braces},comma', 'NULL', 'imp-semi;colon', 'imp-Ünïcødé-✓'];
    const r = await importRows(
      odd.map((subjectId, i) =>
        row(`imp-odd-${i}`, subjectId, '2025-01-01T00:00:00.000Z', {
          evidence: { note: `${subjectId} said "yes",\n{really} \\ NULL`, nothing: null, list: ['a,b', '}'] },
          locale: i % 2 ? 'de-AT' : null,
        }),
      ),
    );
    expect(r.errors).toBeUndefined();
    for (const [i, subjectId] of odd.entries()) {
      const h = await s.gql<{
        consentHistory: { edges: { node: { subjectId: string; evidence: unknown; locale: string | null } }[] };
      }>('query($s: ID!) { consentHistory(subjectId: $s) { edges { node { subjectId evidence locale } } } }', {
        s: subjectId,
      });
      expect(h.errors).toBeUndefined();
      expect(h.data!.consentHistory.edges.map((e) => e.node)).toEqual([
        {
          subjectId,
          evidence: { note: `${subjectId} said "yes",\n{really} \\ NULL`, nothing: null, list: ['a,b', '}'] },
          locale: i % 2 ? 'de-AT' : null,
        },
      ]);
      expect(await reason(subjectId)).toBe('CONSENT_GRANTED');
    }
    const verified = await s.gql<{ verifyLedger: { ok: boolean } }>('{ verifyLedger { ok } }');
    expect(verified.data!.verifyLedger.ok).toBe(true);
  });

  it('keeps the locale of the text the person saw, when the row names one (null otherwise)', async () => {
    const r = await importRows([
      row('imp-loc-1', 'imp-locale', '2025-01-01T00:00:00.000Z', { locale: 'de-AT' }),
      row('imp-loc-2', 'imp-locale', '2025-02-01T00:00:00.000Z', { action: 'WITHDRAW' }),
    ]);
    expect(r.errors).toBeUndefined();
    const h = await s.gql<{ consentHistory: { edges: { node: { action: string; locale: string | null } }[] } }>(
      'query($s: ID!) { consentHistory(subjectId: $s) { edges { node { action locale } } } }',
      { s: 'imp-locale' },
    );
    expect(h.data!.consentHistory.edges.map((e) => e.node).sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      { action: 'GRANT', locale: 'de-AT' },
      { action: 'WITHDRAW', locale: null },
    ]);
  });

  it('is idempotent by importId: a retried call records nothing twice, a partly new one only the new rows', async () => {
    const rows = [
      row('imp-c-1', 'imp-carol', '2025-01-01T00:00:00.000Z'),
      row('imp-c-2', 'imp-carol', '2025-02-01T00:00:00.000Z', { action: 'WITHDRAW' }),
    ];
    expect((await importRows(rows)).data!.importConsents).toEqual({ imported: 2, duplicates: 0 });
    const before = await counts(s);
    expect((await importRows(rows)).data!.importConsents).toEqual({ imported: 0, duplicates: 2 });
    expect(await counts(s)).toEqual(before);
    const more = [...rows, row('imp-c-3', 'imp-carol', '2025-03-01T00:00:00.000Z')];
    expect((await importRows(more)).data!.importConsents).toEqual({ imported: 1, duplicates: 2 });
    expect(await chain('imp-carol')).toHaveLength(3);
  });

  it('a call with bad rows is refused whole with every bad row listed (index and reason), and nothing is written', async () => {
    const notice = (await s.gql<{ currentNotice: { id: string } }>('{ currentNotice { id } }')).data!.currentNotice.id;
    const before = await counts(s);
    const r = await importRows([
      row('bad-0', 'imp-dan', '2025-01-01T00:00:00.000Z'),
      row('bad-1', 'imp-dan', '2025-01-01T00:00:00.000Z', { purposeKey: 'no-such-purpose' }),
      row('bad-2', 'imp-dan', '2025-01-01T00:00:00.000Z', { evidence: {} }),
      row('bad-3', 'imp-dan', '2025-01-01T00:00:00.000Z', { purposeKey: 'tax-records' }),
      row('bad-4', 'imp-dan', '2025-01-01T00:00:00.000Z', { noticeVersionId: 'no-such-notice' }),
      row('bad-5', 'imp-dan', '2025-01-01T00:00:00.000Z', { noticeVersionId: notice }),
    ]);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = r.errors![0]!.extensions!.issues as Issue[];
    expect(issues.map((i) => [i.index, i.path])).toEqual([
      [1, 'records[1].purposeKey'],
      [2, 'records[2].evidence'],
      [3, 'records[3].purposeKey'],
      [4, 'records[4].noticeVersionId'],
    ]);
    expect(issues[1]!.reason).toMatch(/evidence is required/);
    expect(issues[2]!.reason).toMatch(/not consent/);
    expect(await counts(s)).toEqual(before);
    expect(await s.app.core.db.prisma.consentImport.count({ where: { importId: { startsWith: 'bad-' } } })).toBe(0);
  });

  it('a row for an erased subject is a bad row like the others (listed, nothing written), so a file import rejects it instead of failing', async () => {
    expect((await importRows([row('er-0', 'imp-erased', '2025-01-01T00:00:00.000Z')])).errors).toBeUndefined();
    const erased = await s.gql(
      'mutation($s: ID!) { eraseSubject(subjectId: $s, reason: "import test") { recordsShredded } }',
      { s: 'imp-erased' },
    );
    expect(erased.errors).toBeUndefined();
    const before = await counts(s);
    const r = await importRows([
      row('er-1', 'imp-fine', '2025-01-02T00:00:00.000Z'),
      row('er-2', 'imp-erased', '2025-01-02T00:00:00.000Z'),
    ]);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = r.errors![0]!.extensions!.issues as Issue[];
    expect(issues.map((i) => [i.index, i.path])).toEqual([[1, 'records[1].subjectId']]);
    expect(issues[0]!.reason).toMatch(/erased/);
    expect(await counts(s)).toEqual(before);
  });

  it('rows GraphQL itself refuses (a bad DateTime, a null or missing evidence, an unknown action) are listed row by row with the others, nothing written', async () => {
    const before = await counts(s);
    const { evidence: _e, ...noEvidence } = row('gql-5', 'imp-fay', '2025-01-01T00:00:00.000Z');
    const r = await importRows([
      row('gql-0', 'imp-fay', '2025-01-01T00:00:00.000Z'),
      row('gql-1', 'imp-fay', 'yesterday'),
      row('gql-2', 'imp-fay', '2025-01-01T00:00:00.000Z', { evidence: null }),
      row('gql-3', 'imp-fay', '2025-01-01T00:00:00.000Z', { purposeKey: 'no-such-purpose' }),
      row('gql-4', 'imp-fay', '2025-01-01T00:00:00.000Z', { action: 'MAYBE' }),
      noEvidence,
    ]);
    expect(r.data ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = r.errors![0]!.extensions!.issues as Issue[];
    expect([...new Set(issues.map((i) => i.index))]).toEqual([1, 2, 3, 4, 5]);
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['records[1].occurredAt', 'records[2].evidence', 'records[3].purposeKey']),
    );
    expect(r.errors![0]!.message).toMatch(/5 of 6 rows cannot be imported/);
    expect(await counts(s)).toEqual(before);
    // A caller that may not import gets GraphQL's own refusal, not a check of the rows against the catalog.
    const subject = await subjectToken(s, 'imp-fay');
    const denied = await importRows([row('gql-6', 'imp-fay', 'yesterday')], subject);
    expect(denied.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(denied.errors?.[0]?.extensions?.issues).toBeUndefined();
  });

  it('a bad date is a bad row too (as the CLI sends it, through the same use case)', async () => {
    const admin = { role: 'ADMIN', kind: 'ADMIN', id: 'test', via: 'bootstrap' } as const;
    const e = await s.app.core.service
      .importConsents(admin, {
        records: [row('date-0', 'imp-erin', '2025-01-01T00:00:00.000Z'), row('date-1', 'imp-erin', '31/12/2024')],
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { issues: [expect.objectContaining({ index: 1, path: 'records[1].occurredAt' })] },
    });
  });

  it('takes at most 1,000 rows per call, and only from SERVICE and ADMIN', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => row(`many-${i}`, `imp-many-${i}`, '2025-01-01T00:00:00.000Z'));
    expect((await importRows(many)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      (await importRows([row('role-1', 'x', '2025-01-01T00:00:00.000Z')], await apiKey(s, 'SUPPORT'))).errors?.[0]
        ?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await importRows([row('role-1', 'x', '2025-01-01T00:00:00.000Z')], s.app.core.adminToken)).data!.importConsents,
    ).toEqual({ imported: 1, duplicates: 0 });
  });
});

describe(`pnpm assent import on ${suiteKind}`, () => {
  const serverDir = path.resolve(import.meta.dirname, '..');
  // Asynchronous, so the test server in this process keeps serving (and closing idle keep-alive sockets) while the
  // CLI runs: a blocked event loop let a socket time out under the next request (ECONNRESET).
  const runCli = (file: string, ...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'import', file, ...args], {
        cwd: serverDir,
        env: {
          ...process.env,
          DATABASE_URL: s.app.core.env.DATABASE_URL,
          NODE_ENV: 'test',
          ASSENT_SEED: 'none',
          LOG_LEVEL: 'silent',
          ASSENT_DISPATCHER: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      child.once('error', reject);
      child.once('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });

  const cliEnv = () => ({
    ...process.env,
    DATABASE_URL: s.app.core.env.DATABASE_URL,
    NODE_ENV: 'test',
    ASSENT_SEED: 'none',
    LOG_LEVEL: 'silent',
    ASSENT_DISPATCHER: 'off',
  });

  it('a run killed in the middle (SIGKILL) leaves whole batches only, and rerunning the same command imports every row exactly once', async () => {
    // Calls bigger than the GraphQL call's 1,000 rows, as the CLI makes them, and several of them in the file.
    const batch = 1500;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-import-'));
    const file = path.join(dir, 'crash.csv');
    const n = 6000;
    const lines = ['importId,subjectId,purposeKey,action,channel,method,occurredAt,evidence'];
    for (let i = 0; i < n; i++)
      lines.push(
        `crash-${i},crash-subject-${i % 700},${i % 2 ? 'analytics' : 'marketing-email'},GRANT,OFFLINE,paper-form,2025-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}Z,"{""form"":""F-${i}""}"`,
      );
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const imported = () => s.app.core.db.prisma.consentImport.count({ where: { importId: { startsWith: 'crash-' } } });
    // The ledger keys subjects by pseudonym (README, "Erasure"): the crash subjects' records are counted by chain key.
    const crashChains = Array.from({ length: 700 }, (_, i) => s.app.core.repos.ledger.chainKeyOf(`crash-subject-${i}`));
    const records = () => s.app.core.db.prisma.consentRecord.count({ where: { subjectId: { in: crashChains } } });

    // Killed once its progress shows a batch written, without any chance to clean up.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'import', file, '--batch-rows', `${batch}`],
      {
        cwd: serverDir,
        env: cliEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/\d[\d,]* rows \(\d+ imported/.test(err) && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code) =>
        code === 0 ? reject(new Error(`finished before it was killed:\n${err}`)) : resolve(),
      );
    });
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    const afterCrash = await imported();
    expect(afterCrash).toBeGreaterThanOrEqual(batch);
    expect(afterCrash).toBeLessThan(n);
    expect(afterCrash % batch).toBe(0); // each call is one transaction: all of its rows or none
    expect(await records()).toBe(afterCrash);

    const rerun = await runCli(file, '--batch-rows', `${batch}`);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`Imported ${n - afterCrash} of ${n} rows`);
    expect(rerun.stdout).toContain(`${afterCrash} already imported`);
    expect(await imported()).toBe(n);
    expect(await records()).toBe(n);
    const verified = await s.gql<{ verifyLedger: { ok: boolean } }>('{ verifyLedger { ok } }');
    expect(verified.data!.verifyLedger.ok).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('imports a CSV in batches, writes rejected rows with line numbers and reasons, and a rerun resumes where the first run stopped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-import-'));
    const header = 'importId,subjectId,purposeKey,action,channel,method,occurredAt,evidence';
    const line = (i: number) =>
      `cli-${i},cli-subject-${i % 400},${i % 2 ? 'analytics' : 'marketing-email'},${i % 3 ? 'GRANT' : 'WITHDRAW'},OFFLINE,paper-form,2025-0${1 + (i % 9)}-01T00:00:00.000Z,"{""form"":""F-${i}"",""note"":""a, b""}"`;
    const rows = Array.from({ length: 1200 }, (_, i) => line(i));
    // The first run stops after 1,000 rows (as if it crashed after its first batch); the full file is then run again.
    const partial = path.join(dir, 'partial.csv');
    fs.writeFileSync(partial, [header, ...rows.slice(0, 1000)].join('\n') + '\n');
    const first = await runCli(partial);
    expect(first.stderr).toMatch(/rows\/s/);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Imported 1000 of 1000 rows/);

    const full = path.join(dir, 'consents.csv');
    const bad = [
      'cli-bad-1,cli-x,no-such-purpose,GRANT,OFFLINE,paper-form,2025-01-01T00:00:00.000Z,{}',
      'cli-bad-2,cli-x,marketing-email,GRANT,OFFLINE,paper-form,yesterday,"{""form"":""F""}"',
    ];
    fs.writeFileSync(full, [header, ...rows.slice(0, 1100), ...bad, ...rows.slice(1100)].join('\n') + '\n');
    const second = await runCli(full);
    expect(second.status, second.stderr).toBe(2);
    expect(second.stdout).toMatch(/Imported 200 of 1202 rows .*1000 already imported, skipped; 2 rejected/);
    expect(second.stderr).toMatch(/ETA/);
    const rejected = fs
      .readFileSync(`${full}.rejected.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; importId: string; reasons: string[] });
    expect(rejected.map((r) => [r.line, r.importId])).toEqual([
      [1102, 'cli-bad-1'],
      [1103, 'cli-bad-2'],
    ]);
    expect(rejected[0]!.reasons.join(' ')).toMatch(/purposeKey: no purpose/);
    expect(rejected[0]!.reasons.join(' ')).toMatch(/evidence: evidence is required/);
    expect(rejected[1]!.reasons.join(' ')).toMatch(/occurredAt/);

    expect(await s.app.core.db.prisma.consentImport.count({ where: { importId: { startsWith: 'cli-' } } })).toBe(1200);
    const stored = await s.app.core.db.prisma.consentRecord.findFirst({
      where: { subjectId: s.app.core.protection.pseudonym('cli-subject-7') },
      select: { id: true },
    });
    const [record] = await s.app.core.service.recordsByIds([stored!.id]);
    expect(record!.evidence).toMatchObject({ note: 'a, b' });
    // A third run finds everything imported.
    const third = await runCli(full);
    expect(third.stdout).toMatch(/Imported 0 of 1202 rows .*1200 already imported/);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
