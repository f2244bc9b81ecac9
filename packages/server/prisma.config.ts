// Prisma CLI configuration in its binary-free mode (Prisma 6.19: engine 'js' through a driver
// adapter; nothing is downloaded). DATABASE_URL picks the database: file:… → SQLite, postgres… → PostgreSQL.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

const url = process.env.DATABASE_URL ?? 'file:../../data/assent.db';
const db = /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(root, 'prisma', db, 'schema.prisma'),
  migrations: { path: path.join(root, 'prisma', db, 'migrations') },
  async adapter() {
    return db === 'postgres' ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url });
  },
});
