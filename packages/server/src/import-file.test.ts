import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile, laneOf, splitCsvLine } from './import-file.ts';
import type { UseCases } from './use-cases/index.ts';

// The file reader alone: what rows reach importConsents, and what is rejected with which line. The use case behind it
// is tested against real databases in test/import.integration-test.ts.

const admin = { role: 'ADMIN', kind: 'ADMIN', id: 'test', via: 'bootstrap' } as const;
let dir: string | undefined;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function read(csv: string) {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-import-file-'));
  const file = path.join(dir, 'rows.csv');
  fs.writeFileSync(file, csv);
  const sent: Record<string, unknown>[] = [];
  const service = {
    importConsents: async (_p: unknown, input: { records: Record<string, unknown>[] }) => {
      sent.push(...input.records);
      return { imported: input.records.length, duplicates: 0 };
    },
  } as unknown as UseCases;
  const report = await importFile(service, file, { principal: admin });
  const rejected = fs
    .readFileSync(report.rejectedFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { line: number; reasons: string[] });
  return { sent, rejected, report };
}

const HEADER = 'importId,subjectId,evidence';

describe('pnpm assent import: reading CSV', () => {
  it('splits quoted cells with commas and doubled quotes', () => {
    expect(splitCsvLine('a,"b,c","say ""hi"""')).toEqual(['a', 'b,c', 'say "hi"']);
    expect(splitCsvLine('a,"open')).toBeNull();
  });

  it('a quoted cell may hold line breaks (RFC 4180): the record is read whole and numbered by its first line', async () => {
    const { sent, rejected } = await read(
      [HEADER, 'i-1,s-1,"first line', 'second line"', 'i-2,s-2,"{""a"":', '1}"', 'i-3,s-3,plain'].join('\n'),
    );
    expect(rejected).toEqual([]);
    expect(sent).toEqual([
      { importId: 'i-1', subjectId: 's-1', evidence: 'first line\nsecond line' },
      { importId: 'i-2', subjectId: 's-2', evidence: { a: 1 } },
      { importId: 'i-3', subjectId: 's-3', evidence: 'plain' },
    ]);
  });

  it('a quote never closed rejects its own line only, and the lines after it are read as rows of their own', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => `i-${i + 2},s,ok`);
    const { sent, rejected } = await read([HEADER, 'i-1,s,"never closed', ...rows].join('\n'));
    expect(rejected).toEqual([expect.objectContaining({ line: 2, reasons: ['a quote is not closed'] })]);
    expect(sent.map((r) => r.importId)).toEqual(rows.map((r) => r.split(',')[0]));
  });

  it('a quote left open on the last line is rejected with that line', async () => {
    const { sent, rejected } = await read([HEADER, 'i-1,s,ok', 'i-2,s,"open'].join('\n'));
    expect(sent.map((r) => r.importId)).toEqual(['i-1']);
    expect(rejected).toEqual([expect.objectContaining({ line: 3, reasons: ['a quote is not closed'] })]);
  });
});

describe('pnpm assent import: lanes and calls (PostgreSQL settings)', () => {
  async function calls(csv: string, opts: { batchRows?: number; lanes?: number; maxCallSubjects?: number }) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-import-file-'));
    const file = path.join(dir, 'rows.csv');
    fs.writeFileSync(file, csv);
    const made: Record<string, unknown>[][] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    // Subjects of the calls in flight: two calls at once must never share one (their appends could then interleave).
    const busy = new Set<unknown>();
    let shared = 0;
    const service = {
      importConsents: async (_p: unknown, input: { records: Record<string, unknown>[] }) => {
        made.push(input.records);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        const mine = new Set(input.records.map((r) => r.subjectId));
        for (const s of mine) if (busy.has(s)) shared++;
        for (const s of mine) busy.add(s);
        await new Promise((r) => setTimeout(r, 5));
        for (const s of mine) busy.delete(s);
        inFlight--;
        return { imported: input.records.length, duplicates: 0 };
      },
    } as unknown as UseCases;
    const report = await importFile(service, file, { principal: admin, ...opts });
    return { made, report, mostInFlight, shared };
  }
  // Three rows for each of 41 subjects, next to each other.
  const rows = Array.from({ length: 123 }, (_, i) => `i-${i},s-${Math.floor(i / 3)},ok`);

  it('a call never holds more distinct subjects than the cap (a lock each on PostgreSQL), and every row is sent once', async () => {
    const { made, report } = await calls([HEADER, ...rows].join('\n'), { batchRows: 1000, maxCallSubjects: 7 });
    for (const call of made) expect(new Set(call.map((r) => r.subjectId)).size).toBeLessThanOrEqual(7);
    expect(made.length).toBeGreaterThan(1);
    expect(
      made
        .flat()
        .map((r) => r.importId)
        .sort(),
    ).toEqual(rows.map((r) => r.split(',')[0]).sort());
    expect(report.imported).toBe(123);
  });

  it('lanes make calls side by side, and each subject keeps its rows in one lane, in file order', async () => {
    const { made, mostInFlight, shared } = await calls([HEADER, ...rows].join('\n'), { batchRows: 10, lanes: 2 });
    expect(mostInFlight).toBe(2);
    expect(shared).toBe(0);
    const laneOfSubject = new Map<unknown, number>();
    made.forEach((call, c) => {
      for (const r of call) {
        const seen = laneOfSubject.get(r.subjectId);
        // A subject's rows reach calls in the order they were made, never two calls in flight for one subject.
        if (seen !== undefined) expect(c).toBeGreaterThanOrEqual(seen);
        laneOfSubject.set(r.subjectId, c);
      }
    });
    const order = made.flat();
    for (let s = 0; s < 41; s++) {
      const ids = order.filter((r) => r.subjectId === `s-${s}`).map((r) => r.importId);
      expect(ids).toEqual([`i-${3 * s}`, `i-${3 * s + 1}`, `i-${3 * s + 2}`]);
    }
    expect(order).toHaveLength(123);
  });
});

describe('pnpm assent import: lanes with a reused importId, a failing call, progress', () => {
  const write = (lines: string[]) => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assent-import-file-'));
    const file = path.join(dir, 'rows.csv');
    fs.writeFileSync(file, [HEADER, ...lines].join('\n'));
    return file;
  };

  it('an importId used again on another subject: the first row in the file is imported, the later one skipped, and no two calls in flight share an importId', async () => {
    // Every importId twice, on subjects that hash to different lanes, the second time in reverse order (crossed pairs).
    const n = 300;
    const first = Array.from({ length: n }, (_, i) => `dup-${i},a-${i},first`);
    const again = Array.from({ length: n }, (_, i) => `dup-${n - 1 - i},b-${n - 1 - i},again`);
    const file = write([...first, ...again]);
    const committed = new Map<unknown, unknown>();
    const busy = new Set<unknown>();
    let shared = 0;
    const service = {
      importConsents: async (_p: unknown, input: { records: Record<string, unknown>[] }) => {
        const ids = input.records.map((r) => r.importId);
        for (const id of ids) if (busy.has(id)) shared++;
        for (const id of ids) busy.add(id);
        await new Promise((r) => setTimeout(r, 2));
        let imported = 0;
        for (const r of input.records)
          if (!committed.has(r.importId)) {
            committed.set(r.importId, r.evidence);
            imported++;
          }
        for (const id of ids) busy.delete(id);
        return { imported, duplicates: input.records.length - imported };
      },
    } as unknown as UseCases;
    const report = await importFile(service, file, { principal: admin, batchRows: 7, lanes: 3 });
    expect(shared).toBe(0);
    expect(report).toMatchObject({ imported: n, duplicates: n, rejected: 0 });
    expect([...committed.values()].every((e) => e === 'first')).toBe(true);
  });

  it('a failing call stops the reading at once, even when its lane gets no more rows, and the run reports that failure', async () => {
    // Lane 0 gets the first ten rows only; every later row belongs to lanes 1 and 2.
    const subjects = Array.from({ length: 4000 }, (_, i) => `s-${i}`);
    const inLane0 = subjects.filter((x) => laneOf(x, 3) === 0).slice(0, 10);
    const others = subjects.filter((x) => laneOf(x, 3) !== 0).slice(0, 2000);
    const file = write([...inLane0, ...others].map((x, i) => `f-${i},${x},ok`));
    let calls = 0;
    const service = {
      importConsents: async (_p: unknown, input: { records: Record<string, unknown>[] }) => {
        calls++;
        await new Promise((r) => setTimeout(r, 2));
        if (laneOf(input.records[0]!.subjectId, 3) === 0) throw new Error('the database went away');
        return { imported: input.records.length, duplicates: 0 };
      },
    } as unknown as UseCases;
    await expect(importFile(service, file, { principal: admin, batchRows: 10, lanes: 3 })).rejects.toThrow(
      'the database went away',
    );
    // The calls already in flight or queued behind the lanes' previous ones, not the rest of the file's 200.
    expect(calls).toBeLessThan(12);
  });

  it('progress counts rows finished, not rows read ahead', async () => {
    const file = write(Array.from({ length: 600 }, (_, i) => `p-${i},s-${i},ok`));
    let finished = 0;
    const lines: string[] = [];
    const service = {
      importConsents: async (_p: unknown, input: { records: Record<string, unknown>[] }) => {
        await new Promise((r) => setTimeout(r, 5));
        finished += input.records.length;
        return { imported: input.records.length, duplicates: 0 };
      },
    } as unknown as UseCases;
    await importFile(service, file, {
      principal: admin,
      batchRows: 50,
      lanes: 3,
      progress: (line) => lines.push(`${finished} ${line}`),
    });
    for (const l of lines) {
      const [done, percent] = [Number(l.split(' ')[0]), Number(/(\d+)%/.exec(l)![1])];
      expect(percent).toBeLessThanOrEqual(Math.ceil((100 * done) / 600) + 1);
    }
    expect(lines.at(-1)).toContain('100%');
  });
});
