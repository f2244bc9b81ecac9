// Writes prisma/{sqlite,postgres}/schema.prisma from prisma/schema.base.prisma and generates
// both Prisma clients into packages/server/src/generated. Usage: node scripts/generate.mjs [--check]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const base = readFileSync(join(root, 'prisma/schema.base.prisma'), 'utf8');
const check = process.argv.includes('--check');

export const providers = { sqlite: 'sqlite', postgres: 'postgresql' };

/** The schema text for one database, derived from the base. */
export function schemaFor(db) {
  return `// GENERATED from prisma/schema.base.prisma by \`pnpm generate\`. Do not edit.
generator client {
  provider     = "prisma-client"
  output       = "../../packages/server/src/generated/${db}"
  engineType   = "client"
  moduleFormat = "esm"
}

datasource db {
  provider = "${providers[db]}"
  url      = env("DATABASE_URL")
}

${base}`;
}

let stale = false;
for (const db of Object.keys(providers)) {
  const file = join(root, 'prisma', db, 'schema.prisma');
  const text = schemaFor(db);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (current !== text) {
    stale = true;
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
}
if (check) {
  if (stale) {
    console.error(
      'prisma/{sqlite,postgres}/schema.prisma are out of step with prisma/schema.base.prisma: run pnpm generate',
    );
    process.exit(1);
  }
} else {
  for (const db of Object.keys(providers)) {
    execFileSync(
      join(root, 'packages/server/node_modules/.bin/prisma'),
      ['generate', '--schema', join(root, 'prisma', db, 'schema.prisma')],
      {
        cwd: join(root, 'packages/server'),
        stdio: 'inherit',
        env: {
          ...process.env,
          DATABASE_URL: db === 'sqlite' ? 'file:./unused.db' : 'postgresql://unused@127.0.0.1/unused',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
        },
      },
    );
  }
}
