import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { pgTransaction } from '../../src/db/raw.ts';
import { checkpointTreeFile } from '../../src/env.ts';
import { removeKeptTree } from '../../src/services/checkpoint-tree-file.ts';

/** Removes the checkpoint thread's saved tree of a database (ASSENT_CHECKPOINT_TREE_FILE's default). */
const removeTree = (url: string) =>
  removeKeptTree(checkpointTreeFile({ DATABASE_URL: url, ASSENT_CHECKPOINT_TREE_FILE: undefined }));

export type Kind = 'sqlite' | 'postgres';

/** A database the benchmark owns: created empty, measured, dropped on request. */
export interface BenchDatabase {
  kind: Kind;
  /** A short label: 'main' or 'small'. */
  label: string;
  /** File or database name. */
  name: string;
  url: string;
  /** Drops whatever is there and creates it empty. */
  recreate(): Promise<void>;
  /** Bytes on disk: the SQLite file with its WAL, or pg_database_size. */
  sizeBytes(): Promise<number>;
  /** Bytes per table, its indexes included, largest first. */
  tableSizes(): Promise<{ table: string; bytes: number }[]>;
  exists(): Promise<boolean>;
  /**
   * Removes the webhooks scenario 7 registers, with their deliveries. A reused database otherwise
   * carries them into the next run, whose server then delivers every event to a receiver that is gone.
   */
  removeWebhooks(): Promise<number>;
  drop(): Promise<void>;
}

const REMOVE_DELIVERIES = 'DELETE FROM "WebhookDelivery"';
const REMOVE_WEBHOOKS = 'DELETE FROM "Webhook"';

/** A SQLite file under dir. */
export function sqliteDatabase(dir: string, name: string, label: string): BenchDatabase {
  const file = path.join(dir, `${name}.db`);
  const parts = [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
  const remove = () => {
    parts.forEach((f) => fs.rmSync(f, { force: true }));
    removeTree(`file:${file}`);
  };
  return {
    kind: 'sqlite',
    label,
    name,
    url: `file:${file}`,
    async recreate() {
      fs.mkdirSync(dir, { recursive: true });
      remove();
    },
    async sizeBytes() {
      return parts.reduce((sum, f) => sum + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
    },
    async tableSizes() {
      const db = new Sqlite(file, { readonly: true });
      try {
        // dbstat counts pages per b-tree; sqlite_schema names the table each index belongs to.
        const rows = db
          .prepare(
            `SELECT COALESCE(s.tbl_name, d.name) AS "table", SUM(d.pgsize) AS bytes FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY 1 ORDER BY 2 DESC`,
          )
          .all() as { table: string; bytes: number }[];
        return rows.filter((r) => r.bytes > 64 * 1024);
      } finally {
        db.close();
      }
    },
    async exists() {
      return fs.existsSync(file);
    },
    async removeWebhooks() {
      const db = new Sqlite(file, { timeout: 10_000 });
      try {
        return db.transaction(() => {
          db.prepare(REMOVE_DELIVERIES).run();
          return db.prepare(REMOVE_WEBHOOKS).run().changes;
        })();
      } finally {
        db.close();
      }
    },
    async drop() {
      remove();
    },
  };
}

/** A PostgreSQL database on the server adminUrl points at (adminUrl's own database is only used to create and drop). */
export function postgresDatabase(adminUrl: string, name: string, label: string): BenchDatabase {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    kind: 'postgres',
    label,
    name,
    url: u.toString(),
    async recreate() {
      await admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.query(`CREATE DATABASE "${name}"`);
      });
      removeTree(u.toString());
    },
    async sizeBytes() {
      return admin(async (c) =>
        Number((await c.query<{ size: string }>('SELECT pg_database_size($1) AS size', [name])).rows[0]!.size),
      );
    },
    async tableSizes() {
      const c = new pg.Client({ connectionString: u.toString() });
      await c.connect();
      try {
        const r = await c.query<{ table: string; bytes: string }>(
          `SELECT relname AS "table", pg_total_relation_size(c.oid) AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC`,
        );
        return r.rows.map((x) => ({ table: x.table, bytes: Number(x.bytes) })).filter((x) => x.bytes > 64 * 1024);
      } finally {
        await c.end();
      }
    },
    async exists() {
      return admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
    },
    async removeWebhooks() {
      const pool = new pg.Pool({ connectionString: u.toString(), max: 1 });
      try {
        return await pgTransaction(pool, async (q) => {
          await q('bench-remove-deliveries', REMOVE_DELIVERIES, []);
          return (await q('bench-remove-webhooks', REMOVE_WEBHOOKS, [])).rowCount ?? 0;
        });
      } finally {
        await pool.end();
      }
    },
    async drop() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      removeTree(u.toString());
    },
  };
}
