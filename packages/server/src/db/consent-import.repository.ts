import type { Db, DbKind } from './client.ts';

/** Which of a list of importIds ConsentImport holds; parameter: the ids (SQLite: as a JSON array). */
const FIND_IMPORTED_SQL = {
  sqlite: `SELECT "importId" FROM "ConsentImport" WHERE "importId" IN (SELECT value FROM json_each(?))`,
  postgres: `SELECT "importId" FROM "ConsentImport" WHERE "importId" = ANY($1::text[])`,
} as const;

/**
 * Reads of ConsentImport, the importIds importConsents has appended. Its rows are written only by the
 * ledger writer (appendMany with importIds), in the transaction that appends the records they name.
 */
export function consentImportRepository(prisma: Db, kind: DbKind) {
  return {
    /**
     * Which of these importIds were imported before. Raw SQL with the ids as one parameter: Prisma's findMany with an
     * `in` list of the file import's 10,000 ids spent more in compiling the query than the database in answering it.
     */
    async findImported(importIds: readonly string[]): Promise<Set<string>> {
      if (importIds.length === 0) return new Set();
      const rows =
        kind === 'sqlite'
          ? await prisma.$queryRawUnsafe<{ importId: string }[]>(FIND_IMPORTED_SQL.sqlite, JSON.stringify(importIds))
          : await prisma.$queryRawUnsafe<{ importId: string }[]>(FIND_IMPORTED_SQL.postgres, [...importIds]);
      return new Set(rows.map((r) => r.importId));
    },
  };
}

/** The import repository's type. */
export type ConsentImportRepository = ReturnType<typeof consentImportRepository>;
