import pg from 'pg';
import { execSync } from 'node:child_process';
const c = new pg.Client('postgresql://postgres@127.0.0.1:5432/mb');
await c.connect();
const cols = Array.from({ length: 20 }, (_, i) => `c${i}`);
await c.query(`DROP TABLE IF EXISTS t; CREATE TABLE t (${cols.map((x, i) => `${x} ${i === 5 ? 'timestamp(3)' : i === 6 ? 'int' : 'text'}`).join(', ')}); CREATE INDEX ON t (c1); CREATE INDEX ON t (c0)`);
const row = (k: number) => cols.map((_, i) => (i === 5 ? new Date(1.7e12 + k).toISOString() : i === 6 ? k : `v${i}-${k}-${Math.random().toString(36).slice(2, 12)}`));
const pgcpu = () => Number(execSync('/tmp/pgcpu.sh').toString());
const N = 60000, CH = 1500;
async function values() {
  for (let s = 0; s < N; s += CH) {
    const rows = Array.from({ length: CH }, (_, j) => row(s + j));
    let p = 0;
    const vl = rows.map(() => `(${cols.map((_, i) => `$${++p}${i === 5 ? '::timestamp' : i === 6 ? '::int' : ''}`).join(', ')})`).join(', ');
    await c.query(`INSERT INTO t (${cols.join(', ')}) VALUES ${vl}`, rows.flat());
  }
}
async function json() {
  for (let s = 0; s < N; s += CH) {
    const rows = Array.from({ length: CH }, (_, j) => row(s + j));
    await c.query({
      name: 'json-ins',
      text: `INSERT INTO t (${cols.join(', ')}) SELECT ${cols.map((x, i) => `(r->>${i})${i === 5 ? '::timestamp' : i === 6 ? '::int' : ''}`).join(', ')} FROM json_array_elements($1::json) AS r`,
      values: [JSON.stringify(rows)],
    });
  }
}
async function unnest() {
  for (let s = 0; s < N; s += CH) {
    const rows = Array.from({ length: CH }, (_, j) => row(s + j));
    await c.query({
      name: 'unnest-ins',
      text: `INSERT INTO t (${cols.join(', ')}) SELECT * FROM unnest(${cols.map((_, i) => `$${i + 1}::${i === 5 ? 'timestamp' : i === 6 ? 'int' : 'text'}[]`).join(', ')})`,
      values: cols.map((_, i) => rows.map((r) => r[i])),
    });
  }
}
for (let k = 0; k < 2; k++)
  for (const [name, f] of [['values', values], ['json', json], ['unnest', unnest]] as const) {
    await c.query('TRUNCATE t');
    const cpu0 = process.cpuUsage(); const p0 = pgcpu(); const t = performance.now();
    await f();
    const ms = performance.now() - t; const cpu = process.cpuUsage(cpu0); const p1 = pgcpu();
    console.log(name.padEnd(7), 'wall', (ms / N * 1000).toFixed(1), 'µs/row; node cpu', ((cpu.user + cpu.system) / N).toFixed(1), 'µs/row; pg cpu', ((p1 - p0) * 1e6 / N).toFixed(1), 'µs/row');
  }
await c.end();
