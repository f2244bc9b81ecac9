import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { databaseKind, repoRoot, sqlitePath } from '../env.ts';
import { MIGRATION_LOCK } from './tables.ts';

/** The committed migrations for a database kind, in order: `prisma/<kind>/migrations/<name>/migration.sql`. */
export function listMigrations(kind: 'sqlite' | 'postgres'): { name: string; sql: string }[] {
  const dir = path.join(repoRoot, 'prisma', kind, 'migrations');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, sql: fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') }));
}

/**
 * Applies pending migrations, each in its own transaction, and returns the names applied.
 * Our own runner rather than `prisma migrate deploy`: it runs the committed SQL files as whole
 * scripts with the plain drivers (plpgsql bodies included), needs no CLI at boot, and takes a lock
 * so several instances starting together apply each migration once.
 */
export async function migrate(url: string, opts: { through?: string } = {}): Promise<string[]> {
  const kind = databaseKind(url);
  // `through` stops after that migration: tests build a database as an older release left it.
  const migrations = listMigrations(kind).filter((m) => opts.through === undefined || m.name <= opts.through);
  return kind === 'sqlite' ? migrateSqlite(url, migrations) : migratePostgres(url, migrations);
}

function migrateSqlite(url: string, migrations: { name: string; sql: string }[]): string[] {
  const file = sqlitePath(url);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Sqlite(file, { timeout: 10000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS "_assent_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)');
    const applied: string[] = [];
    // BEGIN IMMEDIATE takes the write lock first, so two processes never apply the same file.
    const run = db.transaction(() => {
      const done = new Set(
        db
          .prepare('SELECT "name" FROM "_assent_migrations"')
          .all()
          .map((r) => (r as { name: string }).name),
      );
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        db.exec(m.sql);
        db.prepare('INSERT INTO "_assent_migrations" ("name", "appliedAt") VALUES (?, ?)').run(
          m.name,
          new Date().toISOString(),
        );
        applied.push(m.name);
      }
    });
    run.immediate();
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(url: string, migrations: { name: string; sql: string }[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS "_assent_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)',
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT "name" FROM "_assent_migrations"')).rows.map((r) => r.name),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO "_assent_migrations" ("name", "appliedAt") VALUES ($1, now())', [m.name]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(m.name);
    }
    return applied;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
    await client.end();
  }
}
