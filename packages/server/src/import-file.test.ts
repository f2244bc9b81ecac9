import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFile, splitCsvLine } from './import-file.ts';
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
