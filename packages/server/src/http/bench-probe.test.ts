import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachBenchProbe, BENCH_ID_HEADER, monotonicOffsetMs, PROBE_STRIDE, type BenchProbe } from './bench-probe.ts';

let server: http.Server | null = null;
let probe: BenchProbe | null = null;
afterEach(async () => {
  probe?.detach();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
  probe = null;
});

const listen = async (handler: http.RequestListener) => {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
};

describe('the benchmark probe (ASSENT_BENCH_PROBE)', () => {
  it("notes when each numbered request arrived and was ended, on the machine's monotonic clock, and forgets them once written", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-')), 'records.f64');
    const url = await listen((_req, res) => setTimeout(() => res.end('ok'), 20));
    probe = attachBenchProbe(server!, file);
    const before = Number(process.hrtime.bigint()) / 1e6;
    await fetch(url, { headers: { [BENCH_ID_HEADER]: '41' } });
    await fetch(url, { headers: { [BENCH_ID_HEADER]: '42' } });
    await fetch(url); // not numbered: not recorded
    await fetch(url, { headers: { [BENCH_ID_HEADER]: 'x' } }); // not a number: not recorded
    const after = Number(process.hrtime.bigint()) / 1e6;
    probe.flush();
    const records = new Float64Array(new Uint8Array(fs.readFileSync(file)).buffer);
    expect(records).toHaveLength(2 * PROBE_STRIDE);
    expect([records[0], records[3]]).toEqual([41, 42]);
    for (const i of [0, PROBE_STRIDE]) {
      const [received, ended] = [records[i + 1]!, records[i + 2]!];
      expect(received).toBeGreaterThanOrEqual(before);
      expect(ended).toBeLessThanOrEqual(after);
      expect(ended - received).toBeGreaterThanOrEqual(15);
    }
    probe.flush();
    expect(fs.readFileSync(file)).toHaveLength(0);
  });

  it('writes on SIGUSR2 and, detached, leaves the server as it was', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'probe-')), 'records.f64');
    const url = await listen((_req, res) => res.end('ok'));
    probe = attachBenchProbe(server!, file);
    await fetch(url, { headers: { [BENCH_ID_HEADER]: '1' } });
    process.kill(process.pid, 'SIGUSR2');
    await new Promise((r) => setTimeout(r, 50));
    expect(fs.readFileSync(file)).toHaveLength(PROBE_STRIDE * 8);
    probe.detach();
    expect(server!.listenerCount('request')).toBe(1);
    expect(process.listenerCount('SIGUSR2')).toBe(0);
  });

  it('makes performance.now() comparable with process.hrtime across processes', () => {
    const a = performance.now() + monotonicOffsetMs();
    const b = Number(process.hrtime.bigint()) / 1e6;
    expect(Math.abs(b - a)).toBeLessThan(1);
  });
});
