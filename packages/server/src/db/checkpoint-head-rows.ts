import type { ChainHead } from '@assent/core/merkle';

/**
 * Chain heads a checkpoint stores (CheckpointHead rows), in the form the checkpoint repository inserts them: chunks of
 * JSON text, each an array of `[subjectId, seq, hash]`, that the database unpacks itself. The checkpoint thread makes
 * them and the server's thread only passes them on: a million head objects sent across threads took up to 1.6 s of the
 * server's event loop to take in (one message port callback drains every queued message), text a few milliseconds.
 */
export interface HeadRows {
  /** How many heads the chunks hold. */
  count: number;
  /** JSON arrays of [subjectId, seq, hash], at most HEAD_ROWS_CHUNK each; none when no head moved. */
  chunks: string[];
}

/** Heads per chunk: one statement and one short write transaction each, so appends are not held up. */
export const HEAD_ROWS_CHUNK = 2_000;

/** One chunk's text. */
export const headRowsChunk = (heads: readonly ChainHead[]): string =>
  JSON.stringify(heads.map((h) => [h.subjectId, h.seq, h.hash]));

/** Heads as chunks of rows, HEAD_ROWS_CHUNK heads each (the last fewer), one at a time: each with its heads' count. */
export function* headRowsChunks(heads: readonly ChainHead[]): Generator<{ count: number; rows: string }> {
  for (let i = 0; i < heads.length; i += HEAD_ROWS_CHUNK) {
    const chunk = heads.slice(i, i + HEAD_ROWS_CHUNK);
    yield { count: chunk.length, rows: headRowsChunk(chunk) };
  }
}

/** Heads as rows, in chunks of HEAD_ROWS_CHUNK (for callers that hold the heads themselves). */
export function headRowsOf(heads: readonly ChainHead[]): HeadRows {
  return { count: heads.length, chunks: Array.from(headRowsChunks(heads), (c) => c.rows) };
}

/** The heads the rows hold, in their order (tests and tools; the server never needs them as objects). */
export function headsOfRows(rows: HeadRows): ChainHead[] {
  const out: ChainHead[] = [];
  for (const chunk of rows.chunks)
    for (const [subjectId, seq, hash] of JSON.parse(chunk) as [string, number, string][])
      out.push({ subjectId, seq, hash });
  return out;
}
