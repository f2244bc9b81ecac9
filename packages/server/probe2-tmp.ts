import Sqlite from 'better-sqlite3';
import { startTestServer, ADMIN_TOKEN } from './test/harness.ts';
const prod = process.argv[2] === 'prod';
const s = await startTestServer(prod ? { NODE_ENV: 'production', ASSENT_MASTER_KEY: 'be'.repeat(32), ASSENT_RATE_LIMITS: 'on', ...(process.argv[3] ? { ASSENT_DECIDE_FAST_PATH: 'off' } : {}) } : {});
const file = s.app.core.env.DATABASE_URL.slice('file:'.length);
const c = new Sqlite(file);
c.prepare(`WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < ?), p(k) AS (VALUES ('analytics'), ('marketing-email'), ('personalization'))
 INSERT INTO "ConsentState" ("subjectId", "purposeKey", "recordId", "action", "noticeVersion", "occurredAt", "recordedAt") SELECT printf('local-%010d', i), k, printf('rec-%d-%s', i, k), CASE i % 4 WHEN 1 THEN 'WITHDRAW' WHEN 2 THEN 'REFUSE' ELSE 'GRANT' END, 1,
 strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', '-200 days', printf('+%d seconds', i % 86400)), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') FROM s CROSS JOIN p ORDER BY 1, 2`).run(50000);
c.close();
const Q = `query($k: [ID!]!, $first: Int, $after: String) {
  consentSnapshot(purposeKeys: $k, first: $first, after: $after) {
    rows { subjectId purposeKey status allowed recordId occurredAt } endCursor hasNextPage streamSequence outboxSeq
  }
}`;
for (let pass = 0; pass < 3; pass++) {
  const cpu = process.cpuUsage(); let rows = 0; let after: string | null = null;
  const before = s.app.graphqlStats();
  do {
    const res = await fetch(`${s.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, body: JSON.stringify({ query: Q, variables: { k: ['analytics', 'marketing-email', 'personalization'], first: 10000, after } }) });
    const body = await res.json() as any;
    if (!body.data) { console.log(body); break; }
    rows += body.data.consentSnapshot.rows.length;
    after = body.data.consentSnapshot.hasNextPage ? body.data.consentSnapshot.endCursor : null;
  } while (after);
  const u = process.cpuUsage(cpu);
  console.log(pass, rows, 'rows', Math.round(rows / ((u.user + u.system) / 1e6)), 'rows/cpu-s (server+client)', JSON.stringify(s.app.graphqlStats()), JSON.stringify(before));
}
await s.close();
