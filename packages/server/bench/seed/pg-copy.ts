// COPY … FROM STDIN for node-postgres without another dependency: a "submittable" query (the same
// extension point pg-copy-streams and pg-cursor use) that streams a prepared text payload.
import type pg from 'pg';

/** One COPY text-format field: \N for null, backslash escapes for the characters COPY treats specially. */
export function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : v;
}

/** Column arrays (all the same length) as COPY text: one line per row, tab-separated. */
export function copyText(columns: readonly (readonly (string | number | null)[])[]): string {
  const n = columns[0]?.length ?? 0;
  const lines = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    let line = copyField(columns[0]![i]!);
    for (let c = 1; c < columns.length; c++) line += '\t' + copyField(columns[c]![i] ?? null);
    lines[i] = line;
  }
  return n ? lines.join('\n') + '\n' : '';
}

interface Connection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** Runs `COPY <table> (<cols>) FROM STDIN` with the given text on a connected client; resolves with the row count. */
export function copyFrom(client: pg.PoolClient | pg.Client, sql: string, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed = false;
    const submittable = {
      submit(connection: Connection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: Connection) {
        const buf = Buffer.from(text, 'utf8');
        for (let o = 0; o < buf.length; o += 1 << 20)
          connection.sendCopyFromChunk(buf.subarray(o, Math.min(buf.length, o + (1 << 20))));
        connection.endCopyFrom();
      },
      handleCommandComplete(msg: { text?: string }) {
        rows = Number(/(\d+)$/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      handleReadyForQuery() {
        if (!failed) resolve(rows);
      },
      handleError(err: Error) {
        failed = true;
        reject(err);
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handleCopyData() {},
      handlePortalSuspended() {},
      handleNotice() {},
    };
    (client as unknown as { query(q: unknown): void }).query(submittable);
  });
}
