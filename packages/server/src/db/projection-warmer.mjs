// Runs in a worker thread (see hot-reads.ts): reads every page of the SQLite projection once, so the
// operating system's page cache holds it, without blocking the server's event loop for the seconds
// a large file takes.
import { parentPort, workerData } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';

const db = new Sqlite(workerData.file, { readonly: true, fileMustExist: true, timeout: 5000 });
try {
  // NOT INDEXED: walk the table's own B-tree (its leaves are what a decision reads), not a smaller index.
  const rows = db.prepare('SELECT count("recordId") FROM "ConsentState" NOT INDEXED').pluck().get();
  parentPort.postMessage({ rows: Number(rows) });
} catch (e) {
  parentPort.postMessage({ error: e instanceof Error ? e.message : String(e) });
} finally {
  db.close();
}
