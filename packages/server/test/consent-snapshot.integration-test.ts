import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, startTestServer, subjectToken, suiteKind, type TestServer } from './harness.ts';
import { consentInput, freePort, Q, waitFor } from './propagation-helpers.ts';

const SNAPSHOT = `query($k: [ID!]!, $first: Int, $after: String) {
  consentSnapshot(purposeKeys: $k, first: $first, after: $after) {
    rows { subjectId purposeKey status allowed recordId occurredAt } endCursor hasNextPage streamSequence outboxSeq
  }
}`;
type Row = {
  subjectId: string;
  purposeKey: string;
  status: string;
  allowed: boolean;
  recordId: string;
  occurredAt: string;
};
type Page = { rows: Row[]; endCursor: string | null; hasNextPage: boolean; streamSequence: number; outboxSeq: number };

const hasNatsServer = spawnSync('nats-server', ['--version']).status === 0;
const children: ChildProcess[] = [];
let s: TestServer;
let service: string;

beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => {
  await s?.close();
  for (const c of children) c.kill('SIGKILL');
});

const snapshot = async (vars: { k: string[]; first?: number; after?: string | null }, token: string | null = service) =>
  s.gql<{ consentSnapshot: Page }>(SNAPSHOT, vars, token);
const maxOutboxSeq = async () =>
  (await s.app.core.db.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0;

/** Reads every page of a snapshot; writes `between(i)` after page i, to show later pages keep the first page's position. */
async function readAll(k: string[], first: number, between: (page: number) => Promise<void> = async () => {}) {
  const pages: Page[] = [];
  let after: string | null = null;
  do {
    const r = await snapshot({ k, first, after });
    expect(r.errors).toBeUndefined();
    const page = r.data!.consentSnapshot;
    pages.push(page);
    after = page.hasNextPage ? page.endCursor : null;
    await between(pages.length);
  } while (after);
  return pages;
}

describe(`consentSnapshot on ${suiteKind}`, () => {
  it("pages through the projection in (subjectId, purposeKey) order, each row once, with decide's status and answer", async () => {
    for (let i = 0; i < 23; i++) {
      const subjectId = `snap-${String(i).padStart(2, '0')}`;
      await s.gql(Q.grant, { i: consentInput(subjectId, 'marketing-email') });
      if (i % 3 === 0) await s.gql(Q.withdraw, { i: consentInput(subjectId, 'marketing-email') });
      if (i % 2 === 0) await s.gql(Q.grant, { i: consentInput(subjectId, 'analytics') });
    }
    // A purpose not asked for is not served.
    await s.gql(Q.grant, { i: consentInput('snap-99', 'research') });
    const pages = await readAll(['marketing-email', 'analytics'], 7);
    const rows = pages.flatMap((p) => p.rows);
    expect(rows).toHaveLength(23 + 12);
    expect(pages.map((p) => p.rows.length)).toEqual([7, 7, 7, 7, 7]);
    expect(pages.at(-1)!.hasNextPage).toBe(false);
    const keys = rows.map((r) => `${r.subjectId}/${r.purposeKey}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      [...keys].sort((a, b) =>
        a.split('/')[0]! < b.split('/')[0]! ? -1 : a.split('/')[0]! > b.split('/')[0]! ? 1 : a < b ? -1 : 1,
      ),
    );
    expect(rows.find((r) => r.subjectId === 'snap-03' && r.purposeKey === 'marketing-email')).toMatchObject({
      status: 'WITHDRAWN',
      allowed: false,
    });
    expect(rows.find((r) => r.subjectId === 'snap-04' && r.purposeKey === 'analytics')).toMatchObject({
      status: 'GRANTED',
      allowed: true,
    });
    const decisions = await s.gql<{
      decideMany: { allowed: boolean; record: { id: string; occurredAt: string } | null }[];
    }>('query($r: [DecideInput!]!) { decideMany(requests: $r) { allowed record { id occurredAt } } }', {
      r: rows.map((r) => ({ subjectId: r.subjectId, purposeKey: r.purposeKey })),
    });
    expect(rows.map((r) => [r.allowed, r.recordId, r.occurredAt])).toEqual(
      decisions.data!.decideMany.map((d) => [d.allowed, d.record!.id, d.record!.occurredAt]),
    );
  });

  it('serves subject ids exactly as recorded, also those JSON has to escape (quotes, backslashes, non-ASCII)', async () => {
    const ids = ['q"uote-1', 'back\\slash-2', 'Zoë-4', '名前-5', 'emoji-😀-6'];
    for (const subjectId of ids) {
      const r = await s.gql(Q.grant, { i: consentInput(subjectId, 'personalization') });
      expect(r.errors).toBeUndefined();
    }
    const rows = (await readAll(['personalization'], 4)).flatMap((p) => p.rows);
    expect(new Set(rows.map((r) => r.subjectId))).toEqual(new Set(ids));
    expect(
      rows.every((r) => r.status === 'GRANTED' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(r.occurredAt)),
    ).toBe(true);
  });

  it('reports the positions read before its first row on every page, also when events were written in between', async () => {
    const outboxBefore = await maxOutboxSeq();
    const pages = await readAll(['marketing-email'], 10, async () => {
      await s.gql(Q.grant, { i: consentInput(`snap-late-${Date.now()}`, 'marketing-email') });
    });
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages)
      expect({ streamSequence: p.streamSequence, outboxSeq: p.outboxSeq }).toEqual({
        streamSequence: 0,
        outboxSeq: outboxBefore,
      });
    expect(await maxOutboxSeq()).toBeGreaterThan(outboxBefore);
  });

  it('an empty projection answers no rows, no next page', async () => {
    const r = await snapshot({ k: ['essential-service'] });
    expect(r.data!.consentSnapshot).toMatchObject({ rows: [], hasNextPage: false, endCursor: null });
  });

  it('refuses an unknown purpose (NOT_FOUND), first outside 1..10000 and a made-up cursor (BAD_USER_INPUT), and roles other than SERVICE and ADMIN (FORBIDDEN)', async () => {
    const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
    expect(code(await snapshot({ k: ['no-such-purpose'] }))).toBe('NOT_FOUND');
    expect(code(await snapshot({ k: ['analytics'], first: 0 }))).toBe('BAD_USER_INPUT');
    expect(code(await snapshot({ k: ['analytics'], first: 10_001 }))).toBe('BAD_USER_INPUT');
    expect(code(await snapshot({ k: ['analytics'], after: 'not-a-cursor' }))).toBe('BAD_USER_INPUT');
    expect(code(await snapshot({ k: ['analytics'], first: 10_000 }))).toBeUndefined();
    expect(code(await snapshot({ k: ['analytics'] }, await apiKey(s, 'SUPPORT')))).toBe('FORBIDDEN');
    expect(code(await snapshot({ k: ['analytics'] }, await subjectToken(s, 'snap-00')))).toBe('FORBIDDEN');
    expect(code(await snapshot({ k: ['analytics'] }, null))).toBe('UNAUTHENTICATED');
    expect(code(await snapshot({ k: ['analytics'] }))).toBeUndefined();
  });
});

describe.skipIf(!hasNatsServer)(`consentSnapshot with NATS on ${suiteKind}`, () => {
  it('streamSequence is the last sequence of stream ASSENT, read before the first row', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-snapshot-nats-'));
    children.push(
      spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' }),
    );
    const url = `nats://127.0.0.1:${port}`;
    const n = await startTestServer({ NATS_URL: url });
    const nc = await waitFor('nats-server', () => connect({ servers: url }).catch(() => null));
    try {
      for (let i = 0; i < 3; i++) await n.gql(Q.grant, { i: consentInput(`snap-nats-${i}`, 'marketing-email') });
      const outbox = (await n.app.core.db.prisma.outboxEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0;
      const jsm = await nc.jetstreamManager();
      // Every committed event has reached the stream: its last sequence is then the outbox's count.
      const last = await waitFor('the stream to hold every event', async () => {
        const seq = await jsm.streams.info('ASSENT').then(
          (i) => i.state.last_seq,
          () => 0,
        );
        return seq >= outbox ? seq : null;
      });
      const r = await n.gql<{ consentSnapshot: Page }>(SNAPSHOT, { k: ['marketing-email'], first: 2 });
      expect(r.data!.consentSnapshot).toMatchObject({ streamSequence: last, outboxSeq: outbox, hasNextPage: true });
      await n.gql(Q.grant, { i: consentInput('snap-nats-late', 'marketing-email') });
      const second = await n.gql<{ consentSnapshot: Page }>(SNAPSHOT, {
        k: ['marketing-email'],
        first: 2,
        after: r.data!.consentSnapshot.endCursor,
      });
      expect(second.data!.consentSnapshot).toMatchObject({ streamSequence: last, outboxSeq: outbox });
      expect(second.data!.consentSnapshot.rows.map((x) => x.subjectId)).toEqual(['snap-nats-2', 'snap-nats-late']);
    } finally {
      await nc.close();
      await n.close();
    }
  });
});
