import type { Db } from './client.ts';

/**
 * Reads of ConsentImport, the importIds importConsents has appended. Its rows are written only by the
 * ledger writer (appendMany with importIds), in the transaction that appends the records they name.
 */
export function consentImportRepository(prisma: Db) {
  return {
    /** Which of these importIds were imported before. */
    async findImported(importIds: readonly string[]): Promise<Set<string>> {
      if (importIds.length === 0) return new Set();
      const rows = await prisma.consentImport.findMany({
        where: { importId: { in: [...importIds] } },
        select: { importId: true },
      });
      return new Set(rows.map((r: { importId: string }) => r.importId));
    },
  };
}

/** The import repository's type. */
export type ConsentImportRepository = ReturnType<typeof consentImportRepository>;
