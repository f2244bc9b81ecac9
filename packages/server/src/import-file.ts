import fs from 'node:fs';
import readline from 'node:readline';
import { IMPORT_MAX_ROWS, isAssentError, type ImportIssue } from '@assent/core';
import type { Principal } from './services/auth.service.ts';
import type { UseCases } from './use-cases/index.ts';

// `pnpm assent import <file.csv|file.jsonl>`: a file of any size through importConsents, in calls of
// IMPORT_FILE_BATCH_ROWS rows (more than the GraphQL call's 1,000: a transaction's fixed costs are then shared by
// more rows). Each call is one transaction, and rows imported before are skipped by importId, so a run
// that stopped half-way is resumed by running the same command again. Bad rows do not hold the others
// back: they are taken out of their call and written, with line numbers and reasons, to <file>.rejected.jsonl.
// The next call's rows are read while the previous call writes. With `lanes` above 1 (PostgreSQL: the CLI's planning
// and the database's inserts then overlap), rows go to a lane by their subject and each lane makes its calls one after
// another, so a subject whose rows span two calls still has them appended in file order.

/** Rows per importConsents call of a file import, unless `--batch-rows` says otherwise. */
export const IMPORT_FILE_BATCH_ROWS = 10_000;
/** The most rows `--batch-rows` may ask per call (each call's rows, records and outbox rows are held in memory). */
export const IMPORT_FILE_MAX_BATCH_ROWS = 100_000;

/**
 * Lanes of `pnpm assent import` on PostgreSQL: calls in flight at once, so that the CLI plans one while the database
 * inserts another's rows (200,000 rows on two cores: 6,382 rows/s with one lane, 9,033 with two, 10,166 with three).
 */
export const IMPORT_FILE_PG_LANES = 3;
/**
 * The most distinct subjects in one call of `pnpm assent import` on PostgreSQL. A call takes a transaction-scoped
 * advisory lock per subject, and PostgreSQL's lock table holds max_locks_per_transaction locks per connection and
 * per process of its own for every session together (about 7,800 with the defaults; past them a call fails with "out
 * of shared memory"): three lanes hold at most 4,500.
 */
export const IMPORT_FILE_PG_CALL_SUBJECTS = 1_500;
/** The most lanes a file import may use (each holds a call's rows in memory and a database connection while it writes). */
export const IMPORT_FILE_MAX_LANES = 8;

/** A row's lane: by its subject (FNV-1a of the id), so a subject's rows stay in one lane, in file order. */
export function laneOf(subjectId: unknown, lanes: number): number {
  if (typeof subjectId !== 'string') return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < subjectId.length; i++) h = Math.imul(h ^ subjectId.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

/** The columns of a CSV file (a header row names them, in any order); a JSONL line has the same fields. */
export const IMPORT_COLUMNS = [
  'importId',
  'subjectId',
  'purposeKey',
  'action',
  'channel',
  'method',
  'occurredAt',
  'evidence',
  'noticeVersionId',
  'locale',
] as const;

/** What a run did. */
export interface ImportFileReport {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  rejectedFile: string;
  seconds: number;
}

interface Row {
  line: number;
  record: Record<string, unknown>;
}
interface Rejection {
  line: number;
  importId?: unknown;
  reasons: string[];
  row?: unknown;
}

/** Splits one CSV line (RFC 4180 quoting: "a,b" and "" inside quotes); null when a quote is left open. */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

/** A CSV evidence cell: JSON when it is a JSON object or array, else the text itself (empty: none). */
const evidenceCell = (s: string): unknown => {
  const t = s.trim();
  if (t === '') return undefined;
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return t;
    }
  }
  return t;
};

/** How far a quoted CSV cell may run over line breaks (RFC 4180) before its open quote is taken for a mistake. */
const CSV_RECORD_MAX_LINES = 64;
const CSV_RECORD_MAX_CHARS = 64 * 1024;

/**
 * The logical records of a CSV file's lines: a quoted cell may hold line breaks (RFC 4180), so a line whose quote is
 * still open is joined with the lines after it until the quote closes. A quote still open after
 * CSV_RECORD_MAX_LINES lines or CSV_RECORD_MAX_CHARS characters (or at the end of the file) is a mistake in its first
 * line alone: that line comes out with cells null, and the lines after it are read again as records of their own.
 */
async function* csvRecords(
  lines: AsyncIterator<[number, string]>,
): AsyncGenerator<{ line: number; text: string; cells: string[] | null }> {
  const again: [number, string][] = [];
  const next = async (): Promise<[number, string] | undefined> => {
    if (again.length > 0) return again.shift();
    const r = await lines.next();
    return r.done ? undefined : r.value;
  };
  for (;;) {
    const first = await next();
    if (!first) return;
    let text = first[1];
    let cells = splitCsvLine(text);
    const joined: [number, string][] = [];
    while (cells === null && joined.length < CSV_RECORD_MAX_LINES && text.length < CSV_RECORD_MAX_CHARS) {
      const more = await next();
      if (!more) break;
      joined.push(more);
      text += `\n${more[1]}`;
      cells = splitCsvLine(text);
    }
    if (cells === null) {
      again.unshift(...joined);
      yield { line: first[0], text: first[1], cells: null };
    } else yield { line: first[0], text, cells };
  }
}

/** The lines of a file with their numbers (from 1). */
async function* numberedLines(input: fs.ReadStream, taken: { bytes: number }): AsyncGenerator<[number, string]> {
  let n = 0;
  for await (const text of readline.createInterface({ input, crlfDelay: Infinity })) {
    taken.bytes += Buffer.byteLength(text) + 1;
    yield [++n, text];
  }
}

/** Reads the rows of a CSV or JSONL file lazily; rows it cannot read at all go to `reject`. */
async function* readRows(
  file: string,
  input: fs.ReadStream,
  taken: { bytes: number },
  reject: (r: Rejection) => void,
): AsyncGenerator<Row> {
  if (!/\.csv$/i.test(file)) {
    for await (const [n, text] of numberedLines(input, taken)) {
      if (text.trim() === '') continue;
      try {
        const record = JSON.parse(text) as unknown;
        if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new Error('not an object');
        yield { line: n, record: record as Record<string, unknown> };
      } catch {
        reject({ line: n, reasons: ['the line is not a JSON object'], row: text });
      }
    }
    return;
  }
  let header: string[] | null = null;
  for await (const { line: n, text, cells } of csvRecords(numberedLines(input, taken))) {
    if (text.trim() === '') continue;
    if (header === null) {
      if (!cells) throw new Error(`${file}:${n}: the header row is not valid CSV.`);
      header = cells.map((c) => c.trim());
      const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
      if (unknown.length > 0)
        throw new Error(
          `${file}:${n}: unknown column(s) ${unknown.join(', ')}; the columns are ${IMPORT_COLUMNS.join(', ')}.`,
        );
      continue;
    }
    if (!cells || cells.length !== header.length) {
      reject({
        line: n,
        reasons: [cells ? `${cells.length} cells where the header has ${header.length}` : 'a quote is not closed'],
        row: text,
      });
      continue;
    }
    const record: Record<string, unknown> = {};
    header.forEach((h, i) => {
      const v = cells[i]!;
      if (h === 'evidence') record.evidence = evidenceCell(v);
      else if (v !== '') record[h] = v;
    });
    yield { line: n, record };
  }
}

/** Imports a file through the importConsents use case; progress (rows/s, ETA) goes to `progress`. */
export async function importFile(
  service: UseCases,
  file: string,
  opts: {
    principal: Principal;
    progress?: (line: string) => void;
    batchRows?: number;
    lanes?: number;
    /** The most distinct subjects a call may hold (PostgreSQL: a lock each until it commits). */
    maxCallSubjects?: number;
  },
): Promise<ImportFileReport> {
  const batchRows = opts.batchRows ?? IMPORT_FILE_BATCH_ROWS;
  const lanes = opts.lanes ?? 1;
  if (!Number.isInteger(lanes) || lanes < 1 || lanes > IMPORT_FILE_MAX_LANES)
    throw new Error(`lanes must be a whole number from 1 to ${IMPORT_FILE_MAX_LANES}; got ${lanes}`);
  if (!Number.isInteger(batchRows) || batchRows < 1 || batchRows > IMPORT_FILE_MAX_BATCH_ROWS)
    throw new Error(`--batch-rows must be a whole number from 1 to ${IMPORT_FILE_MAX_BATCH_ROWS}; got ${batchRows}`);
  const started = performance.now();
  const size = fs.statSync(file).size;
  const rejectedFile = `${file}.rejected.jsonl`;
  const out = fs.openSync(rejectedFile, 'w');
  const report = { imported: 0, duplicates: 0, rejected: 0 };
  const reject = (r: Rejection) => {
    report.rejected++;
    fs.writeSync(out, `${JSON.stringify(r)}\n`);
  };

  const send = async (batch: Row[]) => {
    let rows = batch;
    while (rows.length > 0) {
      try {
        const r = await service.importConsents(
          opts.principal,
          { records: rows.map((x) => x.record) },
          { maxRows: Math.max(batchRows, IMPORT_MAX_ROWS), bulk: true },
        );
        report.imported += r.imported;
        report.duplicates += r.duplicates;
        return;
      } catch (e) {
        const issues =
          isAssentError(e) && e.code === 'BAD_USER_INPUT'
            ? (e.details?.issues as ImportIssue[] | undefined)
            : undefined;
        if (!issues?.some((i) => typeof i.index === 'number')) throw e;
        // Take the bad rows out (with their reasons) and send the others again.
        const bad = new Map<number, string[]>();
        for (const i of issues)
          bad.set(i.index, [
            ...(bad.get(i.index) ?? []),
            `${i.path.replace(/^records\[\d+\]\.?/, '') || 'row'}: ${i.reason}`,
          ]);
        for (const [index, reasons] of bad)
          reject({
            line: rows[index]!.line,
            importId: rows[index]!.record.importId,
            reasons,
            row: rows[index]!.record,
          });
        rows = rows.filter((_, i) => !bad.has(i));
      }
    }
  };

  // The bytes of the lines handed on so far, and how many rows they held: the rows in the file are estimated from them,
  // and the progress is the rows finished (imported, skipped or rejected) of that estimate (the reader runs ahead of
  // the calls by a call's rows, a lane's with lanes).
  const taken = { bytes: 0 };
  let handed = 0;
  let readRejected = 0;
  const input = fs.createReadStream(file, 'utf8');
  const tell = () => {
    const s = (performance.now() - started) / 1000;
    const finished = report.imported + report.duplicates + report.rejected;
    const rate = finished / Math.max(s, 1e-3);
    const seen = handed + readRejected;
    const total = taken.bytes >= size || taken.bytes === 0 ? seen : (seen * size) / taken.bytes;
    const done = total > 0 ? Math.min(finished / total, 1) : 1;
    const eta = done > 0 ? (s / done) * (1 - done) : 0;
    opts.progress?.(
      `${finished.toLocaleString('en-US')} rows (${report.imported} imported, ${report.duplicates} already imported, ${report.rejected} rejected) · ${Math.round(rate).toLocaleString('en-US')} rows/s · ${Math.round(done * 100)}% · ETA ${Math.ceil(eta)} s`,
    );
  };
  // Per lane: the rows gathered for its next call and their subjects, and its call in flight (the file is read on
  // while it writes; the lane's next call waits for it).
  const batches: Row[][] = Array.from({ length: lanes }, () => []);
  const maxSubjects = opts.maxCallSubjects ?? Infinity;
  const subjects: Set<unknown>[] = Array.from({ length: lanes }, () => new Set());
  const writing: (Promise<void> | null)[] = new Array<Promise<void> | null>(lanes).fill(null);
  // The importIds of rows gathered or in flight, with their lane. A row whose importId another lane holds waits for
  // that lane's calls to commit, and is then skipped as already imported: the first row in the file wins, as with one
  // lane, and two calls in flight never insert the same importId (they would wait on each other, or deadlock).
  const unfinished = new Map<unknown, number>();
  // The first call to fail, in time: it stops the reading at once, and is what the run reports.
  const run: { failure: { error: unknown } | null } = { failure: null };
  const sendAfter = async (lane: number, rows: Row[]) => {
    const before = writing[lane];
    if (before) await before;
    if (run.failure) throw run.failure.error;
    const call = send(rows).then(
      () => {
        for (const r of rows) if (unfinished.get(r.record.importId) === lane) unfinished.delete(r.record.importId);
        tell();
      },
      (error: unknown) => {
        run.failure ??= { error };
        throw error;
      },
    );
    writing[lane] = call;
    // Awaited before the lane's next call or at the end; until then a failure must not count as unhandled.
    call.catch(() => {});
  };
  const flush = async (lane: number) => {
    const batch = batches[lane]!;
    batches[lane] = [];
    subjects[lane]!.clear();
    if (batch.length > 0) await sendAfter(lane, batch);
  };
  try {
    for await (const row of readRows(file, input, taken, (r) => {
      readRejected++;
      reject(r);
    })) {
      if (run.failure) throw run.failure.error;
      handed++;
      const lane = lanes === 1 ? 0 : laneOf(row.record.subjectId, lanes);
      if (lanes > 1) {
        const id = row.record.importId;
        const holder = unfinished.get(id);
        if (holder !== undefined && holder !== lane) {
          await flush(holder);
          await writing[holder];
        }
        unfinished.set(id, lane);
      }
      const batch = batches[lane]!;
      batch.push(row);
      if (maxSubjects !== Infinity) subjects[lane]!.add(row.record.subjectId);
      if (batch.length === batchRows || subjects[lane]!.size === maxSubjects) await flush(lane);
    }
    for (let lane = 0; lane < lanes; lane++) await flush(lane);
    await Promise.allSettled(writing);
    if (run.failure) throw run.failure.error;
    taken.bytes = size;
    tell();
  } catch (e) {
    // A failed call ends the run: the other lanes' calls in flight end first (each commits or not, whole), and the
    // first failure is reported.
    await Promise.allSettled(writing);
    throw run.failure ? run.failure.error : e;
  } finally {
    fs.closeSync(out);
  }
  return {
    ...report,
    rows: report.imported + report.duplicates + report.rejected,
    rejectedFile,
    seconds: (performance.now() - started) / 1000,
  };
}
