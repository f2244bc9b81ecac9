/**
 * Local decisions on one core: snapshot load of 1M subjects × 3 purposes into a LocalDecider (rows/s),
 * then decider.decide on the warmed 1M-entry purpose vs a bare Map.get of a precomputed string key
 * (the targets: ≥ 5M decisions/s and ≥ 0.3× the Map). The server is faked at fetch: what is
 * measured is the client (JSON parse of the pages included), not the server's consentSnapshot.
 *
 *   pnpm --filter @assent/client bench        (SUBJECTS=200000 for a quick run)
 */
import { createAssentClient, steadyNow, type EventSource } from '../src/index.ts';

const SUBJECTS = Number(process.env.SUBJECTS ?? 1_000_000);
const PURPOSES = ['marketing-email', 'analytics', 'personalization'];
const PAGE = 10_000;
const id = (i: number) => `subject-${String(i).padStart(10, '0')}`;
const STATUSES = ['GRANTED', 'WITHDRAWN', 'REFUSED', 'GRANTED'];

// Pages are built lazily, as the server would stream them.
function page(after: number) {
  const rows = [];
  const total = SUBJECTS * PURPOSES.length;
  for (let k = after; k < Math.min(total, after + PAGE); k++) {
    const s = Math.floor(k / PURPOSES.length);
    const p = k % PURPOSES.length;
    rows.push({
      subjectId: id(s),
      purposeKey: PURPOSES[p],
      status: STATUSES[(s + p) % 4],
      allowed: (s + p) % 4 === 0 || (s + p) % 4 === 3,
      recordId: `r${k}`,
      occurredAt: '2026-12-01T00:00:00.000Z',
    });
  }
  const next = after + PAGE;
  return { rows, endCursor: String(next), hasNextPage: next < total, streamSequence: 1, outboxSeq: 1 };
}

/** Time the fake server spends making pages (subtracted to report the client's own rate). */
let serverMs = 0;
const fetch = async (_url: string, init: { body: string }) => {
  const started = performance.now();
  const { query, variables } = JSON.parse(init.body);
  const body = query.includes('DeciderSetup')
    ? { data: { purposes: PURPOSES.map((key) => ({ key, legalBasis: 'CONSENT', active: true })), noticeVersions: [] } }
    : { data: { consentSnapshot: page(variables.after == null ? 0 : Number(variables.after)) } };
  const text = JSON.stringify(body);
  serverMs += performance.now() - started;
  return new Response(text, { headers: { 'content-type': 'application/json' } });
};
const source: EventSource = {
  kind: 'jetstream',
  follower: async (sink) => ({ start: async () => sink.heard(steadyNow()), close: async () => {} }),
  close: async () => {},
};

const client = createAssentClient({ url: 'http://bench/graphql', fetch });
let t = performance.now();
const decider = await client.localDecisions({ purposes: PURPOSES, source, maxStalenessMs: 3_600_000 });
const loadS = (performance.now() - t) / 1000;
const h = decider.health();
const clientS = loadS - serverMs / 1000;
console.log(
  `snapshot load: ${h.entries.toLocaleString()} rows in ${loadS.toFixed(1)} s, of which the fake server ${(serverMs / 1000).toFixed(1)} s; the client's own rate ${Math.round(h.entries / clientS).toLocaleString()} rows/s (JSON parse included); ${(h.bytes / h.entries).toFixed(1)} bytes/entry in typed arrays`,
);

// The same lookups for both: ids in a shuffled order, keys precomputed (their hash cached by V8).
const N = Math.min(SUBJECTS, 1_000_000);
const keys = Array.from({ length: N }, (_, i) => id((i * 7919) % SUBJECTS));
const map = new Map<string, number>();
for (let i = 0; i < SUBJECTS; i++) map.set(`${id(i)}\u0000marketing-email`, i & 3);
const mapKeys = keys.map((k) => `${k}\u0000marketing-email`);

function run(name: string, fn: () => number): number {
  let best = 0;
  for (let round = 0; round < 5; round++) {
    t = performance.now();
    const x = fn();
    const rate = N / ((performance.now() - t) / 1000);
    if (x === -1) console.log('');
    best = Math.max(best, rate);
  }
  console.log(`${name}: ${Math.round(best).toLocaleString()} /s (best of 5 over ${N.toLocaleString()})`);
  return best;
}
const local = run('decider.decide', () => {
  let allowed = 0;
  for (let i = 0; i < N; i++) if (decider.decide(keys[i]!, 'marketing-email').allowed) allowed++;
  return allowed;
});
const bare = run('Map.get (precomputed key)', () => {
  let n = 0;
  for (let i = 0; i < N; i++) n += map.get(mapKeys[i]!) ?? 0;
  return n;
});
console.log(
  `decide / Map.get = ${(local / bare).toFixed(2)}× (target ≥ 0.3×), decide ${local >= 5e6 ? '≥' : '<'} 5M/s`,
);
await decider.close();
