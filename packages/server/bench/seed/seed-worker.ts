// Worker thread: generates (hashes, builds outbox payloads for) one chunk of subjects at a time, so
// the main thread only inserts. Hashing is most of the seeding CPU; on 2 cores this doubles the rate.
import { parentPort, workerData } from 'node:worker_threads';
import { generateBatch, type SeedCatalog, type SeedChunk } from './generate.ts';
import { copyText } from './pg-copy.ts';

const { catalog, kind } = workerData as { catalog: SeedCatalog; kind: 'sqlite' | 'postgres' };

parentPort!.on('message', (m: { from: number; to: number }) => {
  const t = performance.now();
  const b = generateBatch(m.from, m.to, catalog, kind);
  const R = b.records,
    K = b.keys,
    S = b.states,
    O = b.outbox;
  const chunk: SeedChunk = {
    subjects: b.subjects,
    counts: { records: R.id.length, states: S.subjectId.length, outbox: O.eventId.length },
    ms: 0,
  };
  if (kind === 'sqlite') chunk.columns = b;
  else {
    // PostgreSQL takes COPY text; building it here keeps the escaping off the inserting thread.
    chunk.copy = {
      records: copyText([
        R.id,
        R.subjectId,
        R.seq,
        R.purposeKey,
        R.action,
        R.noticeVersionId,
        R.noticeVersion,
        R.channel,
        R.method,
        R.actorKind,
        R.actorId,
        R.evidence,
        R.occurredAt,
        R.recordedAt,
        R.hash,
        R.previousHash,
        R.locale,
        R.hashVersion,
        R.sealed,
        R.legacyHash,
      ]),
      keys: copyText([K.pseudonym, K.dataKey, K.createdAt]),
      states: copyText([S.subjectId, S.purposeKey, S.recordId, S.action, S.noticeVersion, S.occurredAt, S.recordedAt]),
      outbox: copyText([
        O.eventId,
        O.type,
        O.subjectId,
        O.purposeKey,
        O.recordId,
        O.payload,
        O.createdAt,
        O.dispatchedAt,
      ]),
    };
  }
  chunk.ms = performance.now() - t;
  parentPort!.postMessage(chunk);
});
